//! `pkgctl appstore …`

use crate::Failure;
use crate::cli::{ApiVersion, AppstoreCommand, Output};
use crate::confirm::{confirm, dry_run_outcome};
use crate::context::Context;
use crate::output::{Checked, Listing, display, json_line, print_list, say, text};
use pkgsdk::appstore::{ApplicationSummary, GetPackageParams, ListingStatus, PackageVersion};

/// How a listing of applications prints.
const APPLICATIONS: Listing<'static, ApplicationSummary> = Listing {
    header: &["LISTING", "LISTING VERSION", "NAME", "STATUS"],
    row: application_row,
    what: "applications",
};

/// How the packages of an application version print.
const PACKAGES: Listing<'static, PackageVersion> = Listing {
    header: &[
        "ID",
        "NAME",
        "VERSION",
        "TYPE",
        "STATUS",
        "SERVICE",
        "LISTING VERSION",
    ],
    row: package_row,
    what: "packages",
};

/// Runs an Oracle Marketplace command.
pub async fn run(context: &Context, command: AppstoreCommand) -> Result<(), Failure> {
    match command {
        AppstoreCommand::Applications { statuses } => {
            let client = context.appstore_client(false)?;
            let mut listing = client.list_applications().statuses(
                statuses
                    .iter()
                    .map(|status| ListingStatus::from(status.as_str())),
            );
            if let Some(size) = context.global.page_size {
                listing = listing.page_size(size);
            }
            print_list!(context, listing, ApplicationSummary, &APPLICATIONS)
        }
        AppstoreCommand::Packages {
            listing_version_id,
            api_version,
        } => {
            let client = context.appstore_client(false)?;
            let listing = client
                .list_packages(&listing_version_id)
                .api_version(api_version_of(api_version));
            print_list!(context, listing, PackageVersion, &PACKAGES)
        }
        AppstoreCommand::Show {
            listing_version_id,
            package_version_id,
            api_version,
        } => {
            let mut params = GetPackageParams::new(&listing_version_id, &package_version_id);
            params.api_version = api_version_of(api_version);
            params.validate().map_err(Failure::usage)?;
            let request = context.appstore_client(false)?.package_with(params);
            match context.global.output {
                Output::Json => {
                    let raw: Checked<PackageVersion> =
                        request.send_as().await.map_err(Failure::failed)?;
                    json_line(raw.get()).map_err(Failure::failed)
                }
                Output::Table => {
                    let package = request.send().await.map_err(Failure::failed)?;
                    let mut table = crate::table::Table::new(PACKAGES.header);
                    table.push(package_row(&package));
                    table.print().map_err(Failure::failed)
                }
            }
        }
        AppstoreCommand::Delete {
            listing_version_id,
            package_version_id,
            yes,
            dry_run,
        } => {
            delete(
                context,
                &listing_version_id,
                &package_version_id,
                yes,
                dry_run,
            )
            .await
        }
    }
}

/// `pkgctl appstore delete`.
async fn delete(
    context: &Context,
    listing_version_id: &str,
    package_version_id: &str,
    yes: bool,
    dry_run: bool,
) -> Result<(), Failure> {
    GetPackageParams::new(listing_version_id, package_version_id)
        .validate()
        .map_err(Failure::usage)?;
    let client = context.appstore_client(dry_run)?;
    if !dry_run {
        confirm(
            &format!(
                "delete package {package_version_id} of application version \
                 {listing_version_id} from Oracle Marketplace"
            ),
            yes,
        )?;
    }
    let outcome = client
        .delete_package(listing_version_id, package_version_id)
        .await;
    if let Some(response) = dry_run_outcome(context, outcome)? {
        match context.global.output {
            Output::Json => {
                let json = serde_json::to_string(&response).map_err(Failure::failed)?;
                json_line(&json).map_err(Failure::failed)?;
            }
            Output::Table => say(&format!(
                "deleted package {package_version_id}: {}",
                text(response.message.as_deref())
            ))?,
        }
    }
    Ok(())
}

fn api_version_of(version: ApiVersion) -> pkgsdk::appstore::ApiVersion {
    match version {
        ApiVersion::V1 => pkgsdk::appstore::ApiVersion::V1,
        ApiVersion::V2 => pkgsdk::appstore::ApiVersion::V2,
    }
}

fn application_row(application: &ApplicationSummary) -> Vec<String> {
    vec![
        display(application.listing_id.as_ref()),
        display(application.listing_version_id.as_ref()),
        text(application.name.as_deref()),
        application
            .status
            .as_ref()
            .and_then(|status| status.code())
            .map(ToString::to_string)
            .unwrap_or_default(),
    ]
}

fn package_row(package: &PackageVersion) -> Vec<String> {
    vec![
        display(package.id.as_ref()),
        text(package.name.as_deref()),
        text(package.version.as_deref()),
        display(package.package_type.as_ref()),
        package
            .status
            .as_ref()
            .and_then(|status| status.code())
            .map(ToString::to_string)
            .unwrap_or_default(),
        display(package.service_type.as_ref()),
        display(package.listing_version_id.as_ref()),
    ]
}
