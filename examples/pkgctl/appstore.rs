//! `pkgctl appstore …`

use crate::cli::{AppstoreCommand, Global, Output};
use crate::output::{Checked, Table, json_line, text};
use crate::{Failure, env};
use pkgsdk::appstore::{AppStoreClient, GetPackageParams, PackageVersion};

/// Runs an Oracle Marketplace command.
pub async fn run(global: &Global, command: AppstoreCommand) -> Result<(), Failure> {
    let AppstoreCommand::Show {
        listing_version_id,
        package_version_id,
    } = command;
    let params = GetPackageParams::new(&listing_version_id, &package_version_id);
    params.validate().map_err(Failure::usage)?;
    let together = "APPSTORE_USER_ID and APPSTORE_TOKEN";
    let mut builder = AppStoreClient::builder()
        .user_id(env("APPSTORE_USER_ID", together)?)
        .token(env("APPSTORE_TOKEN", together)?)
        .allow_insecure_http(global.allow_insecure_http);
    if let Some(endpoint) = &global.base_url {
        builder = builder.endpoint(endpoint);
    }
    let client = builder.build().map_err(Failure::usage)?;
    let request = client.package_with(params);
    match global.output {
        Output::Json => {
            let raw: Checked<PackageVersion> = request.send_as().await.map_err(Failure::failed)?;
            json_line(raw.get()).map_err(Failure::failed)
        }
        Output::Table => {
            let package: PackageVersion = request.send().await.map_err(Failure::failed)?;
            let mut table = Table::new(&[
                "ID",
                "NAME",
                "VERSION",
                "TYPE",
                "STATUS",
                "SERVICE",
                "LISTING VERSION",
            ]);
            table.push(vec![
                package.id.map(|id| id.to_string()).unwrap_or_default(),
                text(package.name.as_deref()),
                text(package.version.as_deref()),
                package
                    .package_type
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                package
                    .status
                    .as_ref()
                    .and_then(|status| status.code())
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                package
                    .service_type
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                package
                    .listing_version_id
                    .map(|id| id.to_string())
                    .unwrap_or_default(),
            ]);
            table.print().map_err(Failure::failed)
        }
    }
}
