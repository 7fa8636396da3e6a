//! `GET /api/v2/instances/{instanceId}/backup/data/sets/{backupTaskId}`: [`GetBackupSet`].
//!
//! One backup set, shaped like a listing's item (with its tenants' sets). The documentation
//! names the path parameter `backupTaskId` while listings return `backupSetId` (`bak-…`);
//! whether they share one id space is unconfirmed, so the client sends whatever id it is
//! given, after checking it is one (never empty, so it cannot turn into the listing's path).

use crate::envelope::decode_one;
use crate::{BackupSet, ObCloudClient, limits};
use pkgruntime::Error;
use serde::de::DeserializeOwned;

/// Fetches one backup set: optionally set [`check_download_enabled`](Self::check_download_enabled)
/// or [`request_id`](Self::request_id), then [`send`](Self::send) it
/// ([`send_as`](Self::send_as) decodes the set into your own type).
///
/// ```
/// use obcloud_client::testing::{ObCloudMock, INSTANCE_ID};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), pkgruntime::Error> {
/// let mock = ObCloudMock::start().await;
/// let client = mock.client();
/// let set = client.get_backup_set(INSTANCE_ID, "bak-7aqvtc4ugvuo").check_download_enabled(true).send().await?;
/// assert_eq!(set.tenant_backup_sets.len(), 1);
///
/// let raw: serde_json::Value = client.get_backup_set(INSTANCE_ID, "bak-7aqvtc4ugvuo").send_as().await?;
/// assert_eq!(raw["backupSetId"], "bak-7aqvtc4ugvuo");
///
/// let error = client.get_backup_set(INSTANCE_ID, "").send().await.unwrap_err();
/// assert_eq!(error.invalid_field().unwrap().field, "backup_set_id");
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until sent"]
pub struct GetBackupSet {
    client: ObCloudClient,
    instance_id: String,
    backup_set_id: String,
    check_download_enabled: Option<bool>,
    request_id: Option<String>,
}

impl ObCloudClient {
    /// One backup set of instance `instance_id`
    /// (`GET /api/v2/instances/{instanceId}/backup/data/sets/{backupTaskId}`). Both ids are
    /// checked (1 to 128 letters, digits, `-` and `_`) before anything is sent.
    pub fn get_backup_set(
        &self,
        instance_id: impl Into<String>,
        backup_set_id: impl Into<String>,
    ) -> GetBackupSet {
        GetBackupSet {
            client: self.clone(),
            instance_id: instance_id.into(),
            backup_set_id: backup_set_id.into(),
            check_download_enabled: None,
            request_id: None,
        }
    }
}

impl GetBackupSet {
    /// Asks the server to check whether the set can be downloaded
    /// (`checkBackupSetDownloadEnable`, sent in the query).
    pub fn check_download_enabled(mut self, check: bool) -> Self {
        self.check_download_enabled = Some(check);
        self
    }

    /// Sends this `requestId` instead of a fresh UUID v4.
    pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// Sends the request.
    pub async fn send(self) -> Result<BackupSet, Error> {
        self.send_as().await
    }

    /// Sends the request and decodes the set as `T` — e.g. `serde_json::Value` to keep every
    /// field, documented or not.
    pub async fn send_as<T: DeserializeOwned>(self) -> Result<T, Error> {
        limits::identifier("instance_id", &self.instance_id)?;
        limits::identifier("backup_set_id", &self.backup_set_id)?;
        if let Some(request_id) = &self.request_id {
            limits::request_id(request_id)?;
        }
        let request = crate::client::instances_request(
            "get_backup_set",
            &[
                &self.instance_id,
                "backup",
                "data",
                "sets",
                &self.backup_set_id,
            ],
        )
        .query("requestId", super::request_id(self.request_id.as_deref()))
        .query_opt("checkBackupSetDownloadEnable", self.check_download_enabled);
        let transport = self.client.transport();
        let response = transport.send(request).await?;
        decode_one(transport, &response)
    }
}
