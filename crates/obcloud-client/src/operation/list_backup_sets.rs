//! `GET /api/v2/instances/{instanceId}/backup/data/sets`: [`ListBackupSets`].
//!
//! The data backup sets of one instance, optionally within a time range (`startTime`,
//! `endTime`: UTC, second precision), optionally checking whether each can be downloaded
//! (`checkBackupSetDownloadEnable`). Every page request carries every parameter, a
//! `requestId` (a fresh UUID v4 per request unless you set one) and `pageNumber`/`pageSize`,
//! paged as the crate's [paging notes](crate#paging) describe.

use crate::model::format;
use crate::paging::{DEFAULT_PAGE_SIZE, ListParams, ListSource};
use crate::{BackupSet, ObCloudClient, limits};
use pkgmodel::time::OffsetDateTime;
use pkgruntime::{ApiRequest, Error, PageOptions};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// The parameters of a backup-set listing; serialisable, so a listing can be stored and
/// replayed with [`ObCloudClient::list_backup_sets_with`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ListBackupSetsParams {
    /// The instance (cluster) whose backup sets to list (required).
    pub instance_id: String,
    /// Only backup sets from this time on (sent in UTC, rounded down to the second).
    #[serde(with = "pkgmodel::time::serde::rfc3339::option")]
    pub start_time: Option<OffsetDateTime>,
    /// Only backup sets up to this time (sent in UTC, rounded up to the second).
    #[serde(with = "pkgmodel::time::serde::rfc3339::option")]
    pub end_time: Option<OffsetDateTime>,
    /// Ask the server to check whether each set can be downloaded.
    pub check_download_enabled: Option<bool>,
    /// Items per page, at least 1 (default [`DEFAULT_PAGE_SIZE`]; the maximum is unconfirmed).
    pub page_size: Option<u32>,
    /// The `requestId` to send on every request, instead of a fresh UUID v4 each time.
    pub request_id: Option<String>,
}

impl ListBackupSetsParams {
    /// A listing of `instance_id`'s backup sets.
    pub fn new(instance_id: impl Into<String>) -> Self {
        Self {
            instance_id: instance_id.into(),
            ..Self::default()
        }
    }

    /// Checks every rule; the error names the field and the rule.
    pub fn validate(&self) -> Result<(), Error> {
        limits::identifier("instance_id", &self.instance_id)?;
        for (field, sent) in [
            ("start_time", self.start_time.map(|_| self.start_query())),
            ("end_time", self.end_time.map(|_| self.end_query())),
        ] {
            if sent.is_some_and(|sent| sent.is_none()) {
                return Err(Error::invalid_input(
                    field,
                    "must be a time between the years 0000 and 9999",
                ));
            }
        }
        if let (Some(start), Some(end)) = (self.start_time, self.end_time)
            && start > end
        {
            return Err(Error::invalid_input(
                "time_range",
                format!("start must not be after end (got {start} after {end})"),
            ));
        }
        limits::page_size(self.page_size())?;
        if let Some(request_id) = &self.request_id {
            limits::request_id(request_id)?;
        }
        Ok(())
    }

    /// The page size that will be sent.
    pub fn page_size(&self) -> u32 {
        self.page_size.unwrap_or(DEFAULT_PAGE_SIZE)
    }

    /// `startTime` as sent: in UTC, rounded down to the second.
    fn start_query(&self) -> Option<String> {
        self.start_time
            .map(format::floor_to_second)
            .and_then(format::format_utc_seconds)
    }

    /// `endTime` as sent: in UTC, rounded up to the second.
    fn end_query(&self) -> Option<String> {
        self.end_time
            .and_then(format::ceil_to_second)
            .and_then(format::format_utc_seconds)
    }
}

impl ListParams for ListBackupSetsParams {
    fn page_size(&self) -> u32 {
        ListBackupSetsParams::page_size(self)
    }

    /// The request for page `page` of `size` items, parameters in the documented order.
    fn request(&self, page: u64, size: u32) -> ApiRequest {
        let (start, end) = (self.start_query(), self.end_query());
        crate::client::instances_request(
            "list_backup_sets",
            &[&self.instance_id, "backup", "data", "sets"],
        )
        .query("requestId", super::request_id(self.request_id.as_deref()))
        .query_opt("startTime", start)
        .query_opt("endTime", end)
        .query("pageNumber", page)
        .query("pageSize", size)
        .query_opt("checkBackupSetDownloadEnable", self.check_download_enabled)
    }
}

/// Lists the data backup sets of one instance: set filters, then [`send`](Self::send) for
/// one page, or [`pages`](Self::pages) / [`items`](Self::items) for a `Stream` over all of
/// them.
///
/// ```
/// use futures::TryStreamExt as _;
/// use obcloud_client::testing::{ObCloudMock, INSTANCE_ID};
/// use pkgmodel::time::macros::datetime;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let mock = ObCloudMock::start().await;
/// mock.generate_catalog(45);
/// let client = mock.client();
///
/// let sets: Vec<_> = client
///     .list_backup_sets(INSTANCE_ID)
///     .time_range(datetime!(2025-01-01 0:00 UTC), datetime!(2025-01-31 0:00 UTC))
///     .check_download_enabled(true)
///     .page_size(20)
///     .concurrency(2)
///     .items()
///     .try_collect()
///     .await?;
/// assert_eq!(sets.len(), 31); // one a day
///
/// let first = client.list_backup_sets(INSTANCE_ID).send().await?;
/// assert_eq!((first.items.len(), first.total), (10, Some(45)));
/// // A listing costs one Digest challenge, whatever its length.
/// assert_eq!(client.digest_auth().challenges_answered(), 1);
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
#[must_use = "a listing does nothing until sent or streamed"]
pub struct ListBackupSets {
    client: ObCloudClient,
    params: ListBackupSetsParams,
    paging: PageOptions,
}

impl ObCloudClient {
    /// Lists the data backup sets of instance `instance_id`
    /// (`GET /api/v2/instances/{instanceId}/backup/data/sets`). The id is checked (1 to 128
    /// letters, digits, `-` and `_`) before anything is sent.
    pub fn list_backup_sets(&self, instance_id: impl Into<String>) -> ListBackupSets {
        self.list_backup_sets_with(ListBackupSetsParams::new(instance_id))
    }

    /// Lists backup sets with stored parameters.
    pub fn list_backup_sets_with(&self, params: ListBackupSetsParams) -> ListBackupSets {
        ListBackupSets {
            client: self.clone(),
            params,
            paging: PageOptions::default(),
        }
    }
}

impl ListBackupSets {
    /// Only backup sets between `start` and `end` (inclusive; `start` must not be after
    /// `end`). Both are sent in UTC with second precision — the start rounded down, the end
    /// rounded up, so the range sent covers the one given. Pass an
    /// [`OffsetDateTime`](pkgmodel::time::OffsetDateTime) in any offset, or anything that
    /// converts into one (a `UtcDateTime`, a `SystemTime`).
    pub fn time_range(
        mut self,
        start: impl Into<OffsetDateTime>,
        end: impl Into<OffsetDateTime>,
    ) -> Self {
        self.params.start_time = Some(start.into());
        self.params.end_time = Some(end.into());
        self
    }

    /// Only backup sets from `start` on (see [`time_range`](Self::time_range)).
    pub fn start_time(mut self, start: impl Into<OffsetDateTime>) -> Self {
        self.params.start_time = Some(start.into());
        self
    }

    /// Only backup sets up to `end` (see [`time_range`](Self::time_range)).
    pub fn end_time(mut self, end: impl Into<OffsetDateTime>) -> Self {
        self.params.end_time = Some(end.into());
        self
    }

    /// Asks the server to check whether each set can be downloaded
    /// (`checkBackupSetDownloadEnable`), reported in `download_enabled`.
    pub fn check_download_enabled(mut self, check: bool) -> Self {
        self.params.check_download_enabled = Some(check);
        self
    }

    /// Items per page, at least 1 (default [`DEFAULT_PAGE_SIZE`], the API's own). The
    /// maximum is not documented: a server that serves fewer items per page than asked is
    /// followed at its size, one that refuses the size answers with an error.
    pub fn page_size(mut self, size: u32) -> Self {
        self.params.page_size = Some(size);
        self
    }

    /// Sends this `requestId` on every request of the listing instead of a fresh UUID v4 per
    /// request (at most 128 characters of visible ASCII).
    pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
        self.params.request_id = Some(request_id.into());
        self
    }

    pkgruntime::list_operation!(paging, BackupSet);

    /// The parameters so far (to store and replay the listing).
    pub fn params(&self) -> &ListBackupSetsParams {
        &self.params
    }

    /// Checks the parameters; the source of the listing's pages, items decoded as `T`.
    fn into_source<T: DeserializeOwned + Send + 'static>(
        self,
    ) -> Result<(ListSource<ListBackupSetsParams, T>, PageOptions), Error> {
        self.params.validate()?;
        Ok((
            ListSource::new(self.client.transport().clone(), self.params),
            self.paging,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pkgmodel::time::macros::datetime;

    fn field(params: &ListBackupSetsParams) -> String {
        params
            .validate()
            .unwrap_err()
            .invalid_field()
            .unwrap()
            .field
            .clone()
    }

    #[test]
    fn the_query_is_in_the_documented_order_with_times_in_utc_seconds() {
        let mut params = ListBackupSetsParams::new("ob-1");
        params.start_time = Some(datetime!(2025-12-03 20:57:32.9 +08:00));
        params.end_time = Some(datetime!(2025-12-03 12:58:07.1 UTC));
        params.check_download_enabled = Some(false);
        params.request_id = Some("r-1".into());
        let request = params.request(3, 25);
        assert_eq!(
            request.path_segments(),
            ["api", "v2", "instances", "ob-1", "backup", "data", "sets"]
        );
        let query: Vec<(&str, &str)> = request.query_pairs().collect();
        assert_eq!(
            query,
            [
                ("requestId", "r-1"),
                ("startTime", "2025-12-03T12:57:32Z"),
                ("endTime", "2025-12-03T12:58:08Z"),
                ("pageNumber", "3"),
                ("pageSize", "25"),
                ("checkBackupSetDownloadEnable", "false"),
            ]
        );
    }

    #[test]
    fn a_fresh_uuid_per_request_unless_one_is_set() {
        let params = ListBackupSetsParams::new("ob-1");
        let id = |request: &ApiRequest| {
            request
                .query_pairs()
                .find(|(key, _)| *key == "requestId")
                .map(|(_, value)| value.to_owned())
                .unwrap()
        };
        let (a, b) = (id(&params.request(1, 10)), id(&params.request(1, 10)));
        assert_ne!(a, b);
        for value in [&a, &b] {
            let uuid = uuid::Uuid::parse_str(value).unwrap();
            assert_eq!(uuid.get_version_num(), 4);
        }
        let request = params.request(1, 10);
        let query: Vec<&str> = request.query_pairs().map(|(key, _)| key).collect();
        assert_eq!(query, ["requestId", "pageNumber", "pageSize"]);
    }

    #[test]
    fn rules_are_checked() {
        assert_eq!(field(&ListBackupSetsParams::default()), "instance_id");
        assert_eq!(field(&ListBackupSetsParams::new("a/b")), "instance_id");
        let mut params = ListBackupSetsParams::new("ob-1");
        params.start_time = Some(datetime!(2025-12-03 12:00:01 UTC));
        params.end_time = Some(datetime!(2025-12-03 12:00:00 UTC));
        assert_eq!(field(&params), "time_range");
        params.end_time = params.start_time;
        assert!(params.validate().is_ok(), "start == end is a range");
        params.start_time = Some(datetime!(-0001-01-01 0:00 UTC));
        assert_eq!(field(&params), "start_time");
        params.start_time = None;
        params.end_time = Some(datetime!(9999-12-31 23:59:59.5 UTC));
        assert_eq!(
            field(&params),
            "end_time",
            "rounded up, it would be in the year 10000"
        );
        let mut params = ListBackupSetsParams::new("ob-1");
        params.page_size = Some(0);
        assert_eq!(field(&params), "page_size");
        params.page_size = Some(100_000);
        assert!(params.validate().is_ok(), "no documented maximum");
        params.request_id = Some("has space".into());
        assert_eq!(field(&params), "request_id");
    }

    #[test]
    fn params_round_trip_through_json() {
        let mut params = ListBackupSetsParams::new("ob-1");
        params.start_time = Some(datetime!(2025-12-03 12:57:32 UTC));
        params.page_size = Some(50);
        let json = serde_json::to_string(&params).unwrap();
        assert_eq!(
            serde_json::from_str::<ListBackupSetsParams>(&json).unwrap(),
            params
        );
        let minimal: ListBackupSetsParams =
            serde_json::from_str(r#"{"instance_id":"ob-1"}"#).unwrap();
        assert_eq!(minimal, ListBackupSetsParams::new("ob-1"));
    }
}
