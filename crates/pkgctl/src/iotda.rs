//! `pkgctl iotda …`

use crate::Failure;
use crate::cli::{IotdaCommand, IotdaCreate, IotdaPackageType, IotdaTarget, Output};
use crate::confirm::{confirm, dry_run_outcome};
use crate::context::Context;
use crate::output::{Listing, json_line, print_list, print_one, rfc3339, say, text};
use pkgsdk::iotda::{CreateOtaPackageParams, ObsLocation, OtaPackageInfo, PackageType};

/// How a listing of OTA packages prints.
const LISTING: Listing<'static, OtaPackageInfo> = Listing {
    header: HEADER,
    row,
    what: "OTA packages",
};
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

/// Runs an IoTDA command.
pub async fn run(
    context: &Context,
    target: &IotdaTarget,
    command: IotdaCommand,
) -> Result<(), Failure> {
    match command {
        IotdaCommand::List {
            package_type,
            app_id,
            product_id,
            version,
        } => {
            let client = context.iotda_client(target, false)?;
            let mut listing = client.list_ota_packages(package_type_of(package_type));
            if let Some(app_id) = app_id {
                listing = listing.app_id(app_id);
            }
            if let Some(product_id) = product_id {
                listing = listing.product_id(product_id);
            }
            if let Some(version) = version {
                listing = listing.version(version);
            }
            if let Some(size) = context.global.page_size {
                listing = listing.page_size(size);
            }
            // Marker paging is sequential: `--concurrency` has no effect.
            print_list!(context, listing, OtaPackageInfo, &LISTING)
        }
        IotdaCommand::Show { package_id } => {
            let client = context.iotda_client(target, false)?;
            let package = client
                .show_ota_package(package_id)
                .await
                .map_err(Failure::failed)?;
            print_one(context, &package, HEADER, row(&package))
        }
        IotdaCommand::Create(create) => {
            let client = context.iotda_client(target, create.dry_run)?;
            let request = client.create_ota_package(params(*create));
            request.params().validate().map_err(Failure::usage)?;
            if let Some(created) = dry_run_outcome(context, request.send().await)? {
                print_one(context, &created, HEADER, row(&created))?;
            }
            Ok(())
        }
        IotdaCommand::Delete {
            package_id,
            yes,
            dry_run,
        } => {
            let client = context.iotda_client(target, dry_run)?;
            if !dry_run {
                confirm(
                    &format!(
                        "delete IoTDA OTA package {package_id} of project {}",
                        client.project_id()
                    ),
                    yes,
                )?;
            }
            let outcome = client.delete_ota_package(&package_id).await;
            if dry_run_outcome(context, outcome)?.is_some() {
                match context.global.output {
                    Output::Json => json_line(
                        &serde_json::json!({"package_id": package_id, "deleted": true}).to_string(),
                    )
                    .map_err(Failure::failed)?,
                    Output::Table => say(&format!("deleted OTA package {package_id}"))?,
                }
            }
            Ok(())
        }
    }
}

fn package_type_of(package_type: IotdaPackageType) -> PackageType {
    match package_type {
        IotdaPackageType::Software => PackageType::SoftwarePackage,
        IotdaPackageType::Firmware => PackageType::FirmwarePackage,
    }
}

/// The body of `iotda create`.
fn params(create: IotdaCreate) -> CreateOtaPackageParams {
    let mut location = ObsLocation::new(create.obs_region, create.bucket, create.object_key);
    location.sign = create.sign;
    let mut params = CreateOtaPackageParams::new(
        create.app_id,
        package_type_of(create.package_type),
        create.product_id,
        create.version,
        location,
    );
    if !create.source_versions.is_empty() {
        params.support_source_versions = Some(create.source_versions);
    }
    params.description = create.description;
    params.custom_info = create.custom_info;
    params.module_name = create.module_name;
    params
}

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
