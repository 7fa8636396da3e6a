//! `pkgctl ocp …`

use crate::cli::{Global, OcpCommand, Output};
use crate::output::{Checked, bytes, json_line, print_json_lines, print_table, text};
use crate::{Failure, env};
use pkgsdk::ocp::{OcpClient, SoftwarePackageMeta, Sort};
use std::io::IsTerminal as _;
use std::path::Path;

/// What an empty listing is called.
const WHAT: &str = "software packages";
/// The table's columns.
const HEADER: &[&str] = &[
    "ID", "NAME", "VERSION", "TYPE", "OS", "ARCH", "SIZE", "FILE",
];

/// Runs an OCP command.
pub async fn run(global: &Global, command: OcpCommand) -> Result<(), Failure> {
    let client = client(global)?;
    match command {
        OcpCommand::List {
            keyword,
            types,
            versions,
            operating_systems,
            architectures,
            sort,
        } => {
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
            if let Some(size) = global.page_size {
                listing = listing.page_size(size);
            }
            if let Some(limit) = global.limit {
                listing = listing.limit(limit);
            }
            if let Some(concurrency) = global.concurrency {
                listing = listing.concurrency(concurrency);
            }
            listing.params().validate().map_err(Failure::usage)?;
            match global.output {
                Output::Json => {
                    print_json_lines(listing.items_as::<Checked<SoftwarePackageMeta>>(), WHAT).await
                }
                Output::Table => print_table(listing.items(), HEADER, row, WHAT).await,
            }
        }
        OcpCommand::Download { id, dest } => download(&client, id, &dest, global.output).await,
    }
}

fn client(global: &Global) -> Result<OcpClient, Failure> {
    let endpoint = global.base_url.as_deref().ok_or_else(|| {
        Failure::Usage(
            "`--base-url` is required for OCP, which is self-hosted (e.g. https://ocp.example.com:8080)".into(),
        )
    })?;
    let together = "OCP_USERNAME and OCP_PASSWORD";
    OcpClient::builder()
        .endpoint(endpoint)
        .basic_auth(
            env("OCP_USERNAME", together)?,
            env("OCP_PASSWORD", together)?,
        )
        .allow_insecure_http(global.allow_insecure_http)
        .build()
        .map_err(Failure::usage)
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

async fn download(client: &OcpClient, id: u64, dest: &Path, output: Output) -> Result<(), Failure> {
    if dest.exists() && !dest.is_dir() {
        return Err(Failure::Usage(format!(
            "invalid input: `--dest` must be a directory (got {})",
            dest.display()
        )));
    }
    std::fs::create_dir_all(dest)
        .map_err(|error| Failure::Usage(format!("could not create {}: {error}", dest.display())))?;
    let package = client
        .find_software_package(id)
        .await
        .map_err(Failure::failed)?
        .ok_or_else(|| Failure::Failed(format!("no software package has id {id}")))?;
    let mut download = client
        .download(&package)
        .map_err(Failure::failed)?
        .keep_valid_existing(true);
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(package.size.unwrap_or(0));
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {bytes}/{total_bytes} {bytes_per_sec} {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    if let Some(bar) = bar.clone() {
        download = download.progress(move |done, total| {
            if let Some(total) = total {
                bar.set_length(total);
            }
            bar.set_position(done);
        });
    }
    let result = download.to_dir(dest).await;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let report = result.map_err(Failure::failed)?;
    let path = report.path.display().to_string();
    let verified = match (report.size_verified, &report.checksum_verified) {
        (true, Some(_)) => "size and SHA-1 verified",
        (true, None) => "size verified; NO SHA-1 PUBLISHED, content not verified",
        (false, Some(_)) => "SHA-1 verified",
        (false, None) => "NOT VERIFIED: the catalogue publishes no size or SHA-1",
    };
    if !report.is_verified() {
        eprintln!(
            "warning: package {id} has no published size or SHA-1, so its download could not be verified"
        );
    }
    match output {
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
        ),
        Output::Table if report.kept_existing => {
            println!(
                "kept {}: already there ({} bytes, {verified})",
                pkgsdk::runtime::printable(&path),
                report.bytes
            );
            Ok(())
        }
        Output::Table => {
            println!(
                "downloaded {} ({} bytes, {verified})",
                pkgsdk::runtime::printable(&path),
                report.bytes
            );
            Ok(())
        }
    }
    .map_err(Failure::failed)
}
