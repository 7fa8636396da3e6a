//! [`BackupSet`] and [`TenantBackupSet`] → [`pkgmodel::Package`], as backup artefacts.
//!
//! | `Package` | from |
//! |---|---|
//! | `vendor`, `kind` | `ObCloud`, [`PackageKind::BackupSet`] |
//! | `id` | `backupSetId` |
//! | `name` | the tenant's name; the set's id on a cluster-level row (its tenant is a placeholder) |
//! | `vendor_kind` | `backupObjectType` (`CLUSTER`, `TENANT`) |
//! | `size` | `dataBackupSize` GiB in bytes ([`BackupSet::bytes`]) |
//! | `created` | `endTime` (when the backup was complete), else `checkpoint`, else `startTime` |
//!
//! No version (`dataVersion`'s meaning is unconfirmed), platform, checksum or download link
//! (the download-link API is not documented).

use crate::{BackupSet, TenantBackupSet};
use pkgmodel::time::OffsetDateTime;
use pkgmodel::{Package, PackageKind, Vendor};

/// The fields both levels share, borrowed.
struct Row<'a> {
    id: Option<&'a str>,
    real_tenant_name: Option<&'a str>,
    object_type: Option<&'a str>,
    bytes: Option<u64>,
    created: Option<OffsetDateTime>,
}

impl Row<'_> {
    fn to_package(&self) -> Package {
        let id = self.id.unwrap_or_default();
        let name = self.real_tenant_name.unwrap_or(id);
        let mut package = Package::new(Vendor::ObCloud, id, name, PackageKind::BackupSet);
        package.vendor_kind = self.object_type.map(str::to_owned);
        package.size = self.bytes;
        package.created = self.created;
        package
    }
}

impl BackupSet {
    /// The vendor-neutral view of this (cluster-level) set.
    ///
    /// ```
    /// let mut set = obcloud_client::BackupSet::new("bak-7aqvtc4ugvuo");
    /// set.data_backup_size_gib = Some(0.04);
    /// set.tenant_id = Some("sys".into());
    /// set.tenant_name = Some("*".into());
    /// let package = set.to_package();
    /// assert_eq!(package.kind, pkgmodel::PackageKind::BackupSet);
    /// assert_eq!(package.name, "bak-7aqvtc4ugvuo"); // not the placeholder "*"
    /// assert_eq!(package.size, Some(42_949_673));
    /// ```
    pub fn to_package(&self) -> Package {
        Row {
            id: self.backup_set_id.as_deref(),
            real_tenant_name: self.real_tenant_name(),
            object_type: self
                .backup_object_type
                .as_ref()
                .map(crate::BackupObjectType::as_str),
            bytes: self.bytes(),
            created: self.end_time.or(self.checkpoint).or(self.start_time),
        }
        .to_package()
    }

    /// This set and each of its tenants' sets, in that order, as packages.
    pub fn to_packages(&self) -> Vec<Package> {
        std::iter::once(self.to_package())
            .chain(
                self.tenant_backup_sets
                    .iter()
                    .map(TenantBackupSet::to_package),
            )
            .collect()
    }
}

impl TenantBackupSet {
    /// The vendor-neutral view of this tenant's set, named after the tenant.
    pub fn to_package(&self) -> Package {
        Row {
            id: self.backup_set_id.as_deref(),
            real_tenant_name: self.real_tenant_name(),
            object_type: self
                .backup_object_type
                .as_ref()
                .map(crate::BackupObjectType::as_str),
            bytes: self.bytes(),
            created: self.end_time.or(self.checkpoint).or(self.start_time),
        }
        .to_package()
    }
}

impl From<BackupSet> for Package {
    fn from(set: BackupSet) -> Self {
        set.to_package()
    }
}

impl From<&BackupSet> for Package {
    fn from(set: &BackupSet) -> Self {
        set.to_package()
    }
}

impl From<TenantBackupSet> for Package {
    fn from(set: TenantBackupSet) -> Self {
        set.to_package()
    }
}

impl From<&TenantBackupSet> for Package {
    fn from(set: &TenantBackupSet) -> Self {
        set.to_package()
    }
}
