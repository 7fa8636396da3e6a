//! `pkgctl iotda …`

use crate::cli::{Global, IotdaCommand, IotdaPackageType, Output};
use crate::output::{Checked, print_json_lines, print_table, rfc3339, text};
use crate::{Failure, env};
use pkgsdk::iotda::{IotdaClient, ListOtaPackages, OtaPackageInfo, PackageType};

/// Runs an IoTDA command.
pub async fn run(global: &Global, command: IotdaCommand) -> Result<(), Failure> {
    let IotdaCommand::List {
        project_id,
        package_type,
        app_id,
        product_id,
        version,
        instance_id,
        region,
    } = command;
    let mut builder = IotdaClient::builder()
        .region(region)
        .project_id(project_id)
        .allow_insecure_http(global.allow_insecure_http);
    if let Some(endpoint) = &global.base_url {
        builder = builder.endpoint(endpoint);
    }
    if let Some(instance_id) = instance_id {
        builder = builder.instance_id(instance_id);
    }
    builder = match std::env::var("IOTDA_TOKEN") {
        Ok(token) if !token.is_empty() => builder.token(token),
        _ => {
            let together = "IOTDA_TOKEN, or IOTDA_AK and IOTDA_SK";
            builder.access_key(env("IOTDA_AK", together)?, env("IOTDA_SK", together)?)
        }
    };
    let client = builder.build().map_err(Failure::usage)?;
    let package_type = match package_type {
        IotdaPackageType::Software => PackageType::SoftwarePackage,
        IotdaPackageType::Firmware => PackageType::FirmwarePackage,
    };
    let mut listing: ListOtaPackages = client.list_ota_packages(package_type);
    if let Some(app_id) = app_id {
        listing = listing.app_id(app_id);
    }
    if let Some(product_id) = product_id {
        listing = listing.product_id(product_id);
    }
    if let Some(version) = version {
        listing = listing.version(version);
    }
    if let Some(size) = global.page_size {
        listing = listing.page_size(size);
    }
    if let Some(limit) = global.limit {
        listing = listing.limit(limit);
    }
    // Marker paging is sequential: `--concurrency` does not apply.
    listing.params().validate().map_err(Failure::usage)?;
    match global.output {
        Output::Json => print_json_lines(listing.items_as::<Checked<OtaPackageInfo>>(), WHAT).await,
        Output::Table => print_table(listing.items(), HEADER, row, WHAT).await,
    }
}

/// What an empty listing is called.
const WHAT: &str = "OTA packages";
/// The table's columns.
const HEADER: &[&str] = &[
    "ID",
    "NAME",
    "VERSION",
    "TYPE",
    "PRODUCT",
    "APP",
    "CREATED",
    "DESCRIPTION",
];

/// One table row per package; IoTDA packages have no name of their own, so NAME is the
/// product's name, else the module's, as in the cross-vendor view.
fn row(info: &OtaPackageInfo) -> Vec<String> {
    vec![
        text(info.package_id.as_deref()),
        text(info.product_name.as_deref().or(info.module_name.as_deref())),
        text(info.version.as_deref()),
        info.package_type
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        text(info.product_id.as_deref()),
        text(info.app_id.as_deref()),
        // RFC 3339 for people; the vendor's own text if it is not a time.
        info.create_time
            .as_ref()
            .map(|time| {
                time.datetime()
                    .map_or_else(|| time.raw().to_owned(), |at| rfc3339(Some(at)))
            })
            .unwrap_or_default(),
        text(info.description.as_deref()),
    ]
}
