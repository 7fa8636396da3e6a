//! OceanBase Cloud's wire models: [`BackupSet`] (one cluster-level data backup) with its
//! [`TenantBackupSet`]s, the backup enums, and [`Instance`].
//!
//! Field names follow Rust style and map to the API's camelCase. Every field is an
//! `Option` (the API may leave any out), unknown fields are ignored, and every enum keeps a
//! value it does not know as `Unknown(String)` — the documented values are only the ones
//! seen in OceanBase's samples; the full sets are unconfirmed.
//!
//! Values are read tolerantly (see the field docs): numbers may arrive as strings, times
//! as RFC 3339 with any offset (kept in UTC), and `downloadTaskId: -1` means "no download
//! task" and reads as `None`.
//!
//! ```
//! use obcloud_client::{BackupObjectType, BackupSet};
//!
//! let set: BackupSet = serde_json::from_str(r#"{
//!     "backupSetId": "bak-7aqvtc4ugvuo", "backupObjectType": "CLUSTER",
//!     "dataBackupSize": 0.04, "downloadTaskId": -1, "tenantId": "sys", "tenantName": "*",
//!     "endTime": "2025-12-03T12:58:07Z", "someNewField": true
//! }"#)?;
//! assert_eq!(set.backup_object_type, Some(BackupObjectType::Cluster));
//! assert_eq!(set.bytes(), Some(42_949_673)); // 0.04 GiB
//! assert_eq!(set.download_task_id, None);
//! assert!(set.has_placeholder_tenant());
//! assert_eq!(set.end_time.unwrap().unix_timestamp(), 1_764_766_687);
//! # Ok::<(), serde_json::Error>(())
//! ```

pub(crate) mod format;
mod instance;

pub use instance::Instance;

use pkgmodel::time::OffsetDateTime;
use serde::{Deserialize, Serialize};

/// The `tenantId` OceanBase Cloud puts on a cluster-level row: a placeholder, not a tenant.
pub const PLACEHOLDER_TENANT_ID: &str = "sys";

/// The `tenantName` OceanBase Cloud puts on a cluster-level row: a placeholder, not a tenant.
pub const PLACEHOLDER_TENANT_NAME: &str = "*";

/// Bytes in one GiB: `dataBackupSize` is in GiB.
pub const BYTES_PER_GIB: f64 = 1_073_741_824.0;

pkgmodel::open_enum! {
    /// How a backup was taken (`backupMode`). Only `PHYSICAL_BACKUP` has been seen.
    pub enum BackupMode {
        /// `PHYSICAL_BACKUP`.
        PhysicalBackup = "PHYSICAL_BACKUP",
    }
}

pkgmodel::open_enum! {
    /// What a backup set covers (`backupObjectType`).
    pub enum BackupObjectType {
        /// `CLUSTER`: the whole cluster (the row that holds the tenants' sets).
        Cluster = "CLUSTER",
        /// `TENANT`: one tenant.
        Tenant = "TENANT",
    }
}

pkgmodel::open_enum! {
    /// Full or incremental (`dataBackupMode`). Only `FULL_BACKUP` has been seen.
    pub enum DataBackupMode {
        /// `FULL_BACKUP`.
        FullBackup = "FULL_BACKUP",
    }
}

pkgmodel::open_enum! {
    /// The state of a backup set (`status`). Only `DONE` has been seen.
    pub enum BackupSetStatus {
        /// `DONE`: finished.
        Done = "DONE",
    }
}

pkgmodel::open_enum! {
    /// Where the backup is stored (`storageClass`, lower case on the wire). Only `standard`
    /// has been seen.
    pub enum StorageClass {
        /// `standard`.
        Standard = "standard",
    }
}

pkgmodel::open_enum! {
    /// What started the backup (`triggerMode`). Only `BACKUP_NOW` has been seen.
    pub enum TriggerMode {
        /// `BACKUP_NOW`: started by hand.
        BackupNow = "BACKUP_NOW",
    }
}

pkgmodel::open_enum! {
    /// Whether the backup set can be restored from (`validity`). Only `VALID` has been seen.
    pub enum Validity {
        /// `VALID`.
        Valid = "VALID",
    }
}

/// One cluster-level data backup set of an instance, as the backup-set listing returns it,
/// with the backup sets of its tenants.
///
/// The cluster-level row carries the placeholder tenant `sys` / `*`
/// ([`has_placeholder_tenant`](Self::has_placeholder_tenant)); the tenants' own sets are in
/// [`tenant_backup_sets`](Self::tenant_backup_sets).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BackupSet {
    /// The backup set's id, e.g. `bak-7aqvtc4ugvuo`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_set_id: Option<String>,
    /// The backup mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_mode: Option<BackupMode>,
    /// What the set covers: `CLUSTER` for this row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_object_type: Option<BackupObjectType>,
    /// The checkpoint: the moment whose data the set holds (UTC).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "format::option_time"
    )]
    pub checkpoint: Option<OffsetDateTime>,
    /// Full or incremental.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_backup_mode: Option<DataBackupMode>,
    /// The size of the data backup in GiB (`dataBackupSize`, e.g. `0.04`); see
    /// [`bytes`](Self::bytes).
    #[serde(
        default,
        rename = "dataBackupSize",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "pkgmodel::lenient::option_f64_from_number_or_string"
    )]
    pub data_backup_size_gib: Option<f64>,
    /// The data version (`1` on the sample's cluster row, `123000325` on its tenant row; its
    /// meaning is unconfirmed).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "pkgmodel::lenient::option_i64_from_number_or_string"
    )]
    pub data_version: Option<i64>,
    /// Whether the set can be downloaded (reported when the listing asked to check it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub download_enabled: Option<bool>,
    /// The download task's id; `None` when there is none (the API's `-1`, written back as
    /// `-1`).
    #[serde(default, with = "format::download_task_id")]
    pub download_task_id: Option<i64>,
    /// The state of the set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<BackupSetStatus>,
    /// When the backup started (UTC).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "format::option_time"
    )]
    pub start_time: Option<OffsetDateTime>,
    /// When the backup ended (UTC).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "format::option_time"
    )]
    pub end_time: Option<OffsetDateTime>,
    /// The storage class.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_class: Option<StorageClass>,
    /// The tenant's id: the placeholder `sys` on a cluster-level row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
    /// The tenant's name: the placeholder `*` on a cluster-level row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_name: Option<String>,
    /// What started the backup.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger_mode: Option<TriggerMode>,
    /// Whether the set can be restored from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validity: Option<Validity>,
    /// The tenants' backup sets (`tenantBackupSetList`).
    #[serde(
        default,
        rename = "tenantBackupSetList",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub tenant_backup_sets: Vec<TenantBackupSet>,
}

/// One tenant's data backup set, inside a [`BackupSet`]'s
/// [`tenant_backup_sets`](BackupSet::tenant_backup_sets).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TenantBackupSet {
    /// The tenant backup set's id, e.g. `bak-7aqvtc4ugvuo-1002`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_set_id: Option<String>,
    /// The backup mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_mode: Option<BackupMode>,
    /// What the set covers: `TENANT`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_object_type: Option<BackupObjectType>,
    /// The checkpoint (UTC).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "format::option_time"
    )]
    pub checkpoint: Option<OffsetDateTime>,
    /// Full or incremental.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_backup_mode: Option<DataBackupMode>,
    /// The size of the tenant's data backup in GiB (`dataBackupSize`); see
    /// [`bytes`](Self::bytes).
    #[serde(
        default,
        rename = "dataBackupSize",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "pkgmodel::lenient::option_f64_from_number_or_string"
    )]
    pub data_backup_size_gib: Option<f64>,
    /// The data version (meaning unconfirmed).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "pkgmodel::lenient::option_i64_from_number_or_string"
    )]
    pub data_version: Option<i64>,
    /// Whether the set can be downloaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub download_enabled: Option<bool>,
    /// The download task's id; `None` when there is none (`-1` on the wire, as in the sample —
    /// the tenant-level field's documentation lacks the note, the sample shows it).
    #[serde(default, with = "format::download_task_id")]
    pub download_task_id: Option<i64>,
    /// The state of the set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<BackupSetStatus>,
    /// When the tenant's backup started (UTC).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "format::option_time"
    )]
    pub start_time: Option<OffsetDateTime>,
    /// When the tenant's backup ended (UTC).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "format::option_time"
    )]
    pub end_time: Option<OffsetDateTime>,
    /// The storage class.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_class: Option<StorageClass>,
    /// The tenant's id, e.g. `t7amdemq4iu9s`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
    /// The tenant's name, e.g. `gyh`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_name: Option<String>,
    /// What started the backup.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger_mode: Option<TriggerMode>,
    /// Whether the set can be restored from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validity: Option<Validity>,
}

impl BackupSet {
    /// A set with only an id (every other field empty), e.g. to build test data.
    pub fn new(backup_set_id: impl Into<String>) -> Self {
        Self {
            backup_set_id: Some(backup_set_id.into()),
            ..Self::default()
        }
    }

    /// The size in bytes: [`data_backup_size_gib`](Self::data_backup_size_gib) × 2³⁰,
    /// rounded to the nearest byte (`0.04` GiB is 42 949 673 bytes). `None` without a size,
    /// or for a negative one.
    pub fn bytes(&self) -> Option<u64> {
        self.data_backup_size_gib.and_then(gib_to_bytes)
    }

    /// Whether this row names the placeholder tenant (`sys` / `*`) of a cluster-level row
    /// rather than a real tenant.
    pub fn has_placeholder_tenant(&self) -> bool {
        is_placeholder(self.tenant_id.as_deref(), self.tenant_name.as_deref())
    }

    /// The tenant's id, unless it is the cluster-level placeholder.
    pub fn real_tenant_id(&self) -> Option<&str> {
        real(self.tenant_id.as_deref(), self.has_placeholder_tenant())
    }

    /// The tenant's name, unless it is the cluster-level placeholder.
    pub fn real_tenant_name(&self) -> Option<&str> {
        real(self.tenant_name.as_deref(), self.has_placeholder_tenant())
    }

    /// Whether this set covers the whole cluster: its object type is `CLUSTER`, or (without
    /// a type) it carries the placeholder tenant.
    pub fn is_cluster_level(&self) -> bool {
        match &self.backup_object_type {
            Some(object) => *object == BackupObjectType::Cluster,
            None => self.has_placeholder_tenant(),
        }
    }
}

impl TenantBackupSet {
    /// A tenant set with only an id (every other field empty), e.g. to build test data.
    pub fn new(backup_set_id: impl Into<String>) -> Self {
        Self {
            backup_set_id: Some(backup_set_id.into()),
            ..Self::default()
        }
    }

    /// The size in bytes: [`data_backup_size_gib`](Self::data_backup_size_gib) × 2³⁰,
    /// rounded to the nearest byte.
    pub fn bytes(&self) -> Option<u64> {
        self.data_backup_size_gib.and_then(gib_to_bytes)
    }

    /// Whether this row names the placeholder tenant (`sys` / `*`) instead of a real one
    /// (not expected on tenant rows; checked all the same).
    pub fn has_placeholder_tenant(&self) -> bool {
        is_placeholder(self.tenant_id.as_deref(), self.tenant_name.as_deref())
    }

    /// The tenant's id, unless it is the placeholder.
    pub fn real_tenant_id(&self) -> Option<&str> {
        real(self.tenant_id.as_deref(), self.has_placeholder_tenant())
    }

    /// The tenant's name, unless it is the placeholder.
    pub fn real_tenant_name(&self) -> Option<&str> {
        real(self.tenant_name.as_deref(), self.has_placeholder_tenant())
    }
}

/// `gib` GiB in bytes, rounded; `None` for negative or overflowing sizes.
fn gib_to_bytes(gib: f64) -> Option<u64> {
    // 2^64 as an f64: every smaller non-negative value converts without wrapping.
    const LIMIT: f64 = 18_446_744_073_709_551_616.0;
    let bytes = (gib * BYTES_PER_GIB).round();
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // range checked
    (bytes.is_finite() && (0.0..LIMIT).contains(&bytes)).then_some(bytes as u64)
}

/// The placeholder tenant of a cluster-level row: id `sys` or name `*`.
fn is_placeholder(id: Option<&str>, name: Option<&str>) -> bool {
    id == Some(PLACEHOLDER_TENANT_ID) || name == Some(PLACEHOLDER_TENANT_NAME)
}

fn real(value: Option<&str>, placeholder: bool) -> Option<&str> {
    value.filter(|_| !placeholder)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_in_gib_become_bytes() {
        let mut set = BackupSet::new("bak-1");
        assert_eq!(set.bytes(), None);
        for (gib, bytes) in [
            (0.04, Some(42_949_673)),
            (1.0, Some(1_073_741_824)),
            (0.0, Some(0)),
            (2.5, Some(2_684_354_560)),
            (-0.5, None),
            (1e30, None),
        ] {
            set.data_backup_size_gib = Some(gib);
            assert_eq!(set.bytes(), bytes, "{gib}");
        }
    }

    #[test]
    fn the_placeholder_tenant_is_recognised() {
        let cluster: BackupSet = serde_json::from_str(
            r#"{"backupObjectType":"CLUSTER","tenantId":"sys","tenantName":"*"}"#,
        )
        .unwrap();
        assert!(cluster.has_placeholder_tenant());
        assert!(cluster.is_cluster_level());
        assert_eq!(cluster.real_tenant_id(), None);
        assert_eq!(cluster.real_tenant_name(), None);
        assert_eq!(cluster.tenant_id.as_deref(), Some("sys"));

        let untyped: BackupSet = serde_json::from_str(r#"{"tenantName":"*"}"#).unwrap();
        assert!(untyped.is_cluster_level());

        let tenant: TenantBackupSet =
            serde_json::from_str(r#"{"tenantId":"t7amdemq4iu9s","tenantName":"gyh"}"#).unwrap();
        assert!(!tenant.has_placeholder_tenant());
        assert_eq!(tenant.real_tenant_id(), Some("t7amdemq4iu9s"));
        assert_eq!(tenant.real_tenant_name(), Some("gyh"));
    }

    #[test]
    fn unknown_enum_values_and_fields_are_kept_or_ignored() {
        let set: BackupSet = serde_json::from_str(
            r#"{"backupMode":"LOGICAL_BACKUP","status":"RUNNING","storageClass":"archive",
                "triggerMode":"SCHEDULED","validity":"EXPIRED","dataBackupMode":"INCREMENTAL_BACKUP",
                "backupObjectType":"DATABASE","brandNew":{"x":1}}"#,
        )
        .unwrap();
        assert_eq!(
            set.backup_mode,
            Some(BackupMode::Unknown("LOGICAL_BACKUP".into()))
        );
        assert_eq!(set.status, Some(BackupSetStatus::Unknown("RUNNING".into())));
        assert_eq!(
            set.storage_class.as_ref().map(StorageClass::as_str),
            Some("archive")
        );
        assert!(set.trigger_mode.as_ref().unwrap().is_unknown());
        assert!(set.validity.as_ref().unwrap().is_unknown());
        assert!(set.data_backup_mode.as_ref().unwrap().is_unknown());
        assert!(!set.is_cluster_level());
    }

    #[test]
    fn serialises_back_with_the_apis_names() {
        let mut set = BackupSet::new("bak-1");
        set.data_backup_size_gib = Some(0.04);
        set.tenant_backup_sets
            .push(TenantBackupSet::new("bak-1-1002"));
        let json = serde_json::to_value(&set).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "backupSetId": "bak-1", "dataBackupSize": 0.04, "downloadTaskId": -1,
                "tenantBackupSetList": [{"backupSetId": "bak-1-1002", "downloadTaskId": -1}],
            })
        );
        assert_eq!(serde_json::from_value::<BackupSet>(json).unwrap(), set);
    }
}
