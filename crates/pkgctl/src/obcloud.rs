//! `pkgctl obcloud …`

use crate::Failure;
use crate::cli::{ObcloudCommand, ObcloudTarget, Output};
use crate::context::Context;
use crate::output::{Checked, Listing, bytes, display, json_line, print_list, rfc3339, text};
use pkgsdk::obcloud::{BackupSet, Instance};

/// How a listing of backup sets prints.
const BACKUP_SETS: Listing<'static, BackupSet> = Listing {
    header: &[
        "ID", "NAME", "TYPE", "STATUS", "SIZE", "START", "END", "DOWNLOAD", "TENANTS",
    ],
    row: backup_set_row,
    what: "backup sets",
};

/// How a listing of instances prints.
const INSTANCES: Listing<'static, Instance> = Listing {
    header: &[
        "ID", "NAME", "STATUS", "VERSION", "CLOUD", "REGION", "CREATED",
    ],
    row: instance_row,
    what: "instances",
};

/// Runs an OceanBase Cloud command.
pub async fn run(
    context: &Context,
    target: &ObcloudTarget,
    command: ObcloudCommand,
) -> Result<(), Failure> {
    match command {
        ObcloudCommand::BackupSets {
            start_time,
            end_time,
            download_enabled,
        } => {
            let instance_id = context.obcloud_instance(target.instance_id.as_ref())?;
            let client = context.obcloud_client(target.project_id.as_ref())?;
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
            if let Some(size) = context.global.page_size {
                listing = listing.page_size(size);
            }
            print_list!(context, listing, BackupSet, &BACKUP_SETS)
        }
        ObcloudCommand::BackupSet {
            id,
            download_enabled,
        } => {
            let instance_id = context.obcloud_instance(target.instance_id.as_ref())?;
            let client = context.obcloud_client(target.project_id.as_ref())?;
            let mut request = client.get_backup_set(instance_id, id);
            if download_enabled {
                request = request.check_download_enabled(true);
            }
            match context.global.output {
                Output::Json => {
                    let raw: Checked<BackupSet> =
                        request.send_as().await.map_err(Failure::failed)?;
                    json_line(raw.get()).map_err(Failure::failed)
                }
                Output::Table => {
                    let set = request.send().await.map_err(Failure::failed)?;
                    let mut table = crate::table::Table::new(BACKUP_SETS.header);
                    table.push(backup_set_row(&set));
                    table.print().map_err(Failure::failed)
                }
            }
        }
        ObcloudCommand::Instances { name } => {
            let client = context.obcloud_client(target.project_id.as_ref())?;
            let mut listing = client.list_instances();
            if let Some(name) = name {
                listing = listing.instance_name(name);
            }
            if let Some(size) = context.global.page_size {
                listing = listing.page_size(size);
            }
            print_list!(context, listing, Instance, &INSTANCES)
        }
    }
}

/// One table row per backup set; NAME is the tenant, or the set's id on a cluster-level
/// row, as in the cross-vendor view.
fn backup_set_row(set: &BackupSet) -> Vec<String> {
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

fn instance_row(instance: &Instance) -> Vec<String> {
    vec![
        text(instance.instance_id.as_deref()),
        text(instance.instance_name.as_deref()),
        text(instance.status.as_deref().or(instance.state.as_deref())),
        text(instance.version.as_deref()),
        text(instance.cloud_provider.as_deref()),
        text(instance.region.as_deref()),
        text(instance.create_time.as_deref()),
    ]
}
