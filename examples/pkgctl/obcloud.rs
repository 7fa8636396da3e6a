//! `pkgctl obcloud …`

use crate::cli::{Global, ObcloudCommand, Output};
use crate::output::{Checked, bytes, print_json_lines, print_table, rfc3339, text};
use crate::{Failure, env};
use pkgsdk::obcloud::{BackupSet, ObCloudClient};

/// What an empty listing is called.
const WHAT: &str = "backup sets";
/// The table's columns.
const HEADER: &[&str] = &[
    "ID", "NAME", "TYPE", "STATUS", "SIZE", "START", "END", "DOWNLOAD", "TENANTS",
];

/// Runs an OceanBase Cloud command.
pub async fn run(global: &Global, command: ObcloudCommand) -> Result<(), Failure> {
    let ObcloudCommand::BackupSets {
        instance_id,
        start_time,
        end_time,
        download_enabled,
        project_id,
    } = command;
    let together = "OBCLOUD_AK and OBCLOUD_SK";
    let mut builder = ObCloudClient::builder()
        .access_key(env("OBCLOUD_AK", together)?, env("OBCLOUD_SK", together)?)
        .allow_insecure_http(global.allow_insecure_http);
    if let Some(endpoint) = &global.base_url {
        builder = builder.endpoint(endpoint);
    }
    if let Some(project_id) = project_id {
        builder = builder.project_id(project_id);
    }
    let client = builder.build().map_err(Failure::usage)?;
    let mut listing = client.list_backup_sets(instance_id);
    if let Some(start) = start_time {
        listing = listing.start_time(start);
    }
    if let Some(end) = end_time {
        listing = listing.end_time(end);
    }
    if download_enabled {
        listing = listing.check_download_enabled(true);
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
        Output::Json => print_json_lines(listing.items_as::<Checked<BackupSet>>(), WHAT).await,
        Output::Table => print_table(listing.items(), HEADER, row, WHAT).await,
    }
}

/// One table row per backup set; NAME is the tenant, or the set's id on a cluster-level
/// row, as in the cross-vendor view.
fn row(set: &BackupSet) -> Vec<String> {
    let tenants: Vec<&str> = set
        .tenant_backup_sets
        .iter()
        .filter_map(|tenant| tenant.tenant_name.as_deref())
        .collect();
    vec![
        text(set.backup_set_id.as_deref()),
        set.to_package().name,
        display(set.backup_object_type.as_ref()),
        display(set.status.as_ref()),
        bytes(set.bytes()),
        rfc3339(set.start_time),
        rfc3339(set.end_time),
        match set.download_enabled {
            Some(true) => "yes".into(),
            Some(false) => "no".into(),
            None => String::new(),
        },
        tenants.join(","),
    ]
}

fn display(value: Option<&impl ToString>) -> String {
    value.map(ToString::to_string).unwrap_or_default()
}
