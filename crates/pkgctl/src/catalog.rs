//! `pkgctl catalog`: every configured source through the facade's `Catalog`, merged; each
//! failing source reported on stderr while the others' packages still print.

use crate::Failure;
use crate::cli::{CatalogArgs, IotdaTarget, Output};
use crate::context::Context;
use crate::output::{bytes, json_line, text};
use crate::progress::Spinner;
use crate::table::Table;
use futures::StreamExt as _;
use pkgsdk::{Catalog, Package, PackageKind, Vendor};

/// The table's columns.
const HEADER: &[&str] = &["VENDOR", "ID", "NAME", "VERSION", "KIND", "SIZE"];

/// Runs `pkgctl catalog`.
pub async fn run(context: &Context, args: CatalogArgs) -> Result<(), Failure> {
    if context.global.base_url.is_some() {
        return Err(Failure::Usage(
            "`--base-url` does not apply to catalog, which lists several vendors: set each \
             vendor's endpoint in the profile"
                .into(),
        ));
    }
    let wanted: Vec<Vendor> = args
        .vendors
        .iter()
        .map(|name| Vendor::from(name.as_str()))
        .collect();
    if let Some(unknown) = wanted.iter().find(|vendor| vendor.is_unknown()) {
        return Err(Failure::Usage(format!(
            "invalid input: `--vendor` must be one of ocp, iotda, appstore, obcloud (got {unknown})"
        )));
    }
    let kinds: Vec<PackageKind> = args
        .kinds
        .iter()
        .map(|kind| PackageKind::from(kind.as_str()))
        .collect();
    if let Some(unknown) = kinds.iter().find(|kind| kind.is_unknown()) {
        return Err(Failure::Usage(format!(
            "invalid input: `--kind` must be one of {} (got {unknown})",
            PackageKind::KNOWN
                .iter()
                .map(PackageKind::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let catalog = sources(context, &wanted)?;
    if catalog.source_names().next().is_none() {
        return Err(Failure::Usage(
            "no source to list: configure a vendor in the profile (or its credentials in the \
             environment), see `pkgctl config show`"
                .into(),
        ));
    }
    let name_contains = args.name_contains.map(|text| text.to_lowercase());
    let keep = |package: &Package| {
        (kinds.is_empty() || kinds.contains(&package.kind))
            && name_contains
                .as_ref()
                .is_none_or(|text| package.name.to_lowercase().contains(text))
    };

    let mut merged = catalog.stream();
    let spinner = Spinner::start(context);
    let mut table = Table::new(HEADER);
    let mut printed = 0_u64;
    let mut failed_sources = 0_usize;
    let limit = context.global.limit;
    while let Some(item) = merged.next().await {
        if limit.is_some_and(|limit| printed >= limit) {
            break;
        }
        match item {
            Ok(package) if keep(&package) => {
                match context.global.output {
                    Output::Table => table.push(row(&package)),
                    Output::Json => {
                        let json = serde_json::to_string(&package).map_err(Failure::failed)?;
                        json_line(&json).map_err(Failure::failed)?;
                    }
                }
                printed += 1;
                spinner.set(printed);
            }
            Ok(_) => {}
            Err(failed) => {
                // One line per failed source, as it fails; the others go on.
                failed_sources += 1;
                eprintln!("error: {}", crate::one_line(&failed.to_string()));
            }
        }
    }
    spinner.finish();
    if context.global.output == Output::Table {
        table.print().map_err(Failure::failed)?;
    }
    if failed_sources > 0 {
        return Err(Failure::Failed(format!(
            "{failed_sources} of {} sources failed",
            catalog.source_names().count()
        )));
    }
    if printed == 0 && context.chatty() {
        eprintln!("no packages");
    }
    Ok(())
}

/// The sources: each vendor of `wanted` (default: every vendor the profile or the
/// environment configures), through its client with the profile's settings.
fn sources(context: &Context, wanted: &[Vendor]) -> Result<Catalog, Failure> {
    let profile = &context.settings.profile;
    let settings = &context.settings;
    let asked = |vendor: Vendor| wanted.is_empty() || wanted.contains(&vendor);
    let explicit = |vendor: Vendor| wanted.contains(&vendor);
    let mut catalog = Catalog::new();
    let ocp_configured = profile
        .ocp
        .as_ref()
        .is_some_and(|ocp| ocp.endpoint.is_some());
    if asked(Vendor::Ocp) && (ocp_configured || explicit(Vendor::Ocp)) {
        catalog.add(context.ocp_client(false)?);
    }
    let iotda_configured = profile
        .iotda
        .as_ref()
        .is_some_and(|iotda| iotda.project_id.is_some());
    if asked(Vendor::Iotda) && (iotda_configured || explicit(Vendor::Iotda)) {
        // The profile's project, region and instance.
        catalog.add(context.iotda_client(&IotdaTarget::default(), false)?);
    }
    if asked(Vendor::AppStore)
        && (profile.appstore.is_some()
            || settings.has("APPSTORE_USER_ID")
            || explicit(Vendor::AppStore))
    {
        catalog.add(context.appstore_client(false)?);
    }
    if asked(Vendor::ObCloud)
        && (profile.obcloud.is_some() || settings.has("OBCLOUD_AK") || explicit(Vendor::ObCloud))
    {
        let client = context.obcloud_client(None)?;
        let instance = profile
            .obcloud
            .as_ref()
            .and_then(|obcloud| obcloud.instance_id.clone());
        match instance {
            Some(instance_id) => catalog.add(client.list_backup_sets(instance_id)),
            None => catalog.add(client),
        };
    }
    Ok(catalog)
}

fn row(package: &Package) -> Vec<String> {
    vec![
        package.vendor.to_string(),
        package.id.clone(),
        package.name.clone(),
        text(package.version.as_deref()),
        package.kind.to_string(),
        bytes(package.size),
    ]
}
