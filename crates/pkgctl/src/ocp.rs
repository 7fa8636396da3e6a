//! `pkgctl ocp …`

use crate::Failure;
use crate::cli::{OcpCommand, Output};
use crate::confirm::{confirm, dry_run_outcome};
use crate::context::Context;
use crate::output::{Listing, bytes, json_line, print_list, print_one, say, text};
use crate::progress::Bar;
use pkgsdk::ocp::{OcpClient, SoftwarePackageMeta, Sort};
use std::path::Path;

/// How a listing of software packages prints.
const LISTING: Listing<'static, SoftwarePackageMeta> = Listing {
    header: HEADER,
    row,
    what: "software packages",
};
/// The table's columns.
const HEADER: &[&str] = &[
    "ID", "NAME", "VERSION", "TYPE", "OS", "ARCH", "SIZE", "FILE",
];

/// Runs an OCP command.
pub async fn run(context: &Context, command: OcpCommand) -> Result<(), Failure> {
    match command {
        OcpCommand::List {
            keyword,
            types,
            versions,
            operating_systems,
            architectures,
            sort,
        } => {
            let client = context.ocp_client(false)?;
            let mut listing = client
                .list_software_packages()
                .types(types)
                .versions(versions)
                .operating_systems(operating_systems)
                .architectures(architectures);
            if let Some(keyword) = keyword {
                listing = listing.keyword(keyword);
            }
            if let Some(sort) = sort {
                listing = listing.sort(sort.parse::<Sort>().map_err(Failure::usage)?);
            }
            if let Some(size) = context.global.page_size {
                listing = listing.page_size(size);
            }
            print_list!(context, listing, SoftwarePackageMeta, &LISTING)
        }
        OcpCommand::Show { id } => {
            let package = find(&context.ocp_client(false)?, id).await?;
            print_one(context, &package, HEADER, row(&package))
        }
        OcpCommand::Download { id, dest } => {
            download(context, &context.ocp_client(false)?, id, &dest).await
        }
        OcpCommand::Upload {
            file,
            file_name,
            dry_run,
        } => upload(context, &file, file_name, dry_run).await,
        OcpCommand::Delete { id, yes, dry_run } => {
            let client = context.ocp_client(dry_run)?;
            if !dry_run {
                confirm(
                    &format!(
                        "delete OCP software package {id} at {}",
                        client.transport().endpoint()
                    ),
                    yes,
                )?;
            }
            if dry_run_outcome(context, client.delete_software_package(id).await)?.is_some() {
                match context.global.output {
                    Output::Json => {
                        json_line(&serde_json::json!({"id": id, "deleted": true}).to_string())
                            .map_err(Failure::failed)?;
                    }
                    Output::Table => say(&format!("deleted software package {id}"))?,
                }
            }
            Ok(())
        }
    }
}

/// The package `id`, or a failure saying there is none.
async fn find(client: &OcpClient, id: u64) -> Result<SoftwarePackageMeta, Failure> {
    client
        .find_software_package(id)
        .await
        .map_err(Failure::failed)?
        .ok_or_else(|| Failure::Failed(format!("no software package has id {id}")))
}

/// One table row per package.
fn row(package: &SoftwarePackageMeta) -> Vec<String> {
    vec![
        package.id.to_string(),
        text(package.name.as_deref()),
        text(package.version.as_deref()),
        package
            .package_type
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        text(package.operating_system.as_deref()),
        text(package.architecture.as_deref()),
        bytes(package.size),
        text(package.file_name.as_deref()),
    ]
}

async fn upload(
    context: &Context,
    file: &Path,
    file_name: Option<String>,
    dry_run: bool,
) -> Result<(), Failure> {
    let metadata = std::fs::metadata(file)
        .map_err(|error| Failure::Usage(format!("could not read {}: {error}", file.display())))?;
    if !metadata.is_file() {
        return Err(Failure::Usage(format!(
            "invalid input: `FILE` must be a regular file (got {})",
            file.display()
        )));
    }
    let client = context.ocp_client(dry_run)?;
    let mut upload = client.upload_software_package(file);
    if let Some(name) = file_name {
        upload = upload.file_name(name);
    }
    let bar = Bar::start(context, Some(metadata.len()));
    if bar.is_shown() {
        let bar = bar.clone();
        upload = upload.progress(move |sent, total| bar.update(sent, total));
    }
    let outcome = upload.send().await;
    bar.finish();
    let Some(created) = dry_run_outcome(context, outcome)? else {
        return Ok(());
    };
    print_one(context, &created, HEADER, row(&created))
}

async fn download(
    context: &Context,
    client: &OcpClient,
    id: u64,
    dest: &Path,
) -> Result<(), Failure> {
    if dest.exists() && !dest.is_dir() {
        return Err(Failure::Usage(format!(
            "invalid input: `--dest` must be a directory (got {})",
            dest.display()
        )));
    }
    std::fs::create_dir_all(dest)
        .map_err(|error| Failure::Usage(format!("could not create {}: {error}", dest.display())))?;
    let package = find(client, id).await?;
    let mut download = client
        .download(&package)
        .map_err(Failure::failed)?
        .keep_valid_existing(true);
    let bar = Bar::start(context, package.size);
    if bar.is_shown() {
        let bar = bar.clone();
        download = download.progress(move |done, total| bar.update(done, total));
    }
    let result = download.to_dir(dest).await;
    bar.finish();
    let report = result.map_err(Failure::failed)?;
    let path = report.path.display().to_string();
    let verified = match (report.size_verified, &report.checksum_verified) {
        (true, Some(_)) => "size and SHA-1 verified",
        (true, None) => "size verified; NO SHA-1 PUBLISHED, content not verified",
        (false, Some(_)) => "SHA-1 verified",
        (false, None) => "NOT VERIFIED: the catalogue publishes no size or SHA-1",
    };
    if !report.is_verified() {
        // Said even with --quiet: an unverified file is not a detail.
        eprintln!(
            "warning: package {id} has no published size or SHA-1, so its download could not be verified"
        );
    }
    match context.global.output {
        Output::Json => json_line(
            &serde_json::json!({
                "id": package.id,
                "path": path,
                "bytes": report.bytes,
                "sha1": package.sha1,
                "kept_existing": report.kept_existing,
                "verified": report.is_verified(),
                "size_verified": report.size_verified,
                "sha1_verified": report.checksum_verified.is_some(),
            })
            .to_string(),
        )
        .map_err(Failure::failed),
        Output::Table if report.kept_existing => say(&format!(
            "kept {path}: already there ({} bytes, {verified})",
            report.bytes
        )),
        Output::Table => say(&format!(
            "downloaded {path} ({} bytes, {verified})",
            report.bytes
        )),
    }
}
