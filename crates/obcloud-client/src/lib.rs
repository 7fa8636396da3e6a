//! A client for the OceanBase Cloud multi-cloud API's backup data sets, built on the pkgsdk
//! runtime: list an instance's backup sets (and its instances) as a `Stream`, fetch one set,
//! and view sets as vendor-neutral [`pkgmodel::Package`]s — authenticated with HTTP Digest
//! the way real servers accept it.
//!
//! # Example
//!
//! ```
//! use futures::TryStreamExt as _;
//! use obcloud_client::ObCloudClient;
//! use pkgmodel::time::macros::datetime;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let mock = obcloud_client::testing::ObCloudMock::start().await;
//! # mock.generate_catalog(60);
//! # let endpoint = mock.uri();
//! # use obcloud_client::testing::{ACCESS_KEY_ID as AK, ACCESS_KEY_SECRET as SK, INSTANCE_ID, PROJECT_ID};
//! let client = ObCloudClient::builder()
//!     .endpoint(&endpoint) // default: obcloud_client::DEFAULT_ENDPOINT
//!     .access_key(AK, SK) // the AccessKey id and secret, answered with HTTP Digest
//!     .project_id(PROJECT_ID) // sent as X-Ob-Project-Id
//!     .build()?;
//!
//! // January's backup sets, 20 per page, up to 3 pages in flight, in order.
//! let mut sets = client
//!     .list_backup_sets(INSTANCE_ID)
//!     .time_range(datetime!(2025-01-01 0:00 UTC), datetime!(2025-01-31 23:59:59 UTC))
//!     .check_download_enabled(true)
//!     .page_size(20)
//!     .concurrency(3)
//!     .items();
//! let mut count = 0;
//! while let Some(set) = sets.try_next().await? {
//!     for tenant in &set.tenant_backup_sets {
//!         println!(
//!             "{} {} {:?} bytes, download task {:?}",
//!             tenant.backup_set_id.as_deref().unwrap_or("?"),
//!             tenant.real_tenant_name().unwrap_or("?"),
//!             tenant.bytes(),
//!             tenant.download_task_id, // None for the API's -1
//!         );
//!     }
//!     count += 1;
//! }
//! assert_eq!(count, 31);
//! // The whole listing cost one Digest challenge: the nonce was reused on every page.
//! assert_eq!(client.digest_auth().challenges_answered(), 1);
//!
//! // One set, as a vendor-neutral package.
//! let set = client.get_backup_set(INSTANCE_ID, "bak-mock000003").send().await?;
//! let package = set.to_package();
//! assert_eq!(package.kind, pkgmodel::PackageKind::BackupSet);
//! assert_eq!(package.size, set.bytes());
//! # Ok(()) }
//! ```
//!
//! # What it covers
//!
//! | operation | method |
//! |---|---|
//! | `GET /api/v2/instances/{instanceId}/backup/data/sets` | [`ObCloudClient::list_backup_sets`] → [`ListBackupSets`] (`time_range`, `check_download_enabled`, `page_size`, `request_id`; `send`, `pages`, `items`, `limit`, `concurrency`, `resume_from`) |
//! | `GET …/backup/data/sets/{backupTaskId}` | [`ObCloudClient::get_backup_set`] → [`GetBackupSet`] (`send`, or `.await`) |
//! | `GET /api/v2/instances` | [`ObCloudClient::list_instances`] → [`ListInstances`] |
//! | backup sets as packages | [`BackupSet::to_package`], [`BackupSet::to_packages`], [`TenantBackupSet::to_package`] |
//!
//! Every request carries a `requestId` query parameter: a fresh UUID v4 per request, or the
//! one you set. Identifiers are checked before anything is sent (1 to 128 letters, digits,
//! `-` and `_`), so an empty id can never turn a get-one path into a listing.
//!
//! # Authentication
//!
//! HTTP Digest (RFC 7616), as `curl --digest -u 'AK:SK'`: the AccessKey id is the username,
//! the secret the password ([`ObCloudClientBuilder::access_key`]). The runtime's
//! [`DigestAuth`](pkgruntime::DigestAuth) does the work: the first request is challenged with
//! `401`, answered with the strongest algorithm offered (SHA-256 over MD5, `-sess` forms
//! too) and `qop=auth`, and every later request — sequential or prefetched in parallel —
//! reuses that nonce with an increasing `nc`, so a listing costs one extra round trip in
//! total. A `401` with `stale=true` is answered silently with the new nonce; a wrong secret
//! ends in [`Error::Auth`](pkgruntime::Error::Auth), never a loop.
//! [`ObCloudClient::digest_auth`] counts the challenges answered. This is checked in CI
//! against real Apache httpd (`mod_auth_digest`, MD5) and lighttpd (SHA-256).
//!
//! # Paging
//!
//! Page numbers from 1; `pageSize` is always sent (default [`DEFAULT_PAGE_SIZE`], the API's
//! own). The total comes from `data.total` or the top-level `totalCount`; a listing ends when
//! `pageNumber × pageSize ≥ total`, or on an empty or short page. With a total, `concurrency(n)`
//! fetches up to `n` pages at once after the first, still yielding them in order. The
//! maximum page size is not documented: a server that serves fewer items per page than asked
//! while its total says more follow is followed at the size it served, so nothing is
//! skipped.
//!
//! # Errors
//!
//! A status other than `200`, or an envelope with `success: false` (or `successful: false`),
//! is [`Error::Api`](pkgruntime::Error::Api) with the `errorCode`, `errorMessage` (or
//! `message`) and `requestId`: `HTTP 500 Internal Server Error, code E001R000: Unknown Error
//! (request id df209ed9-…)`. Retries, time-outs and `Retry-After` come from the runtime.
//!
//! # Tolerated unknowns
//!
//! OceanBase Cloud's documentation leaves facts open or contradicts itself; the client copes
//! with each:
//!
//! - **Digest algorithm and `qop`** (unconfirmed): the challenge is parsed; MD5, SHA-256 and
//!   SHA-512-256 (also `-sess`) with `qop=auth` are answered.
//! - **`X-Ob-Project-Id`** (optional in older pages, required in newer ones): sent whenever
//!   a project is configured.
//! - **`requestId`** (required, absent, or `""` depending on the source): always sent.
//! - **Hosts**: [`DEFAULT_ENDPOINT`] (documentation), [`GLOBAL_ENDPOINT`] and
//!   [`CHINA_ENDPOINT`] (Terraform provider), or any endpoint you configure.
//! - **Maximum `pageSize`** (unconfirmed): only "at least 1" is checked; see
//!   [Paging](#paging). A server refusing the size answers with an API error.
//! - **Order of items** (unconfirmed): kept as the server sends it.
//! - **Total** in `data.total` or `totalCount`, or neither (a short page ends the listing);
//!   **success flag** `success`/`errorMessage` or `successful`/`message`.
//! - **`checkBackupSetDownloadEnable`** (a query parameter in one page, a "body" field of a
//!   GET in another): sent in the query.
//! - **`dataBackupSize`** ("GiB" on the list page, "GB" on the detail page): taken as GiB,
//!   2³⁰ bytes ([`BackupSet::bytes`]); the raw number stays in `data_backup_size_gib`.
//! - **`downloadTaskId: -1`** (documented for cluster rows, shown for tenant rows too):
//!   `None` on both levels.
//! - **The detail path's `backupTaskId`** versus the list's `backupSetId`: whether they share
//!   an id space is unconfirmed; the id is sent as given.
//! - **Enum values** (only samples known): unknown ones are kept as `Unknown(String)`;
//!   unknown fields are ignored; every field is an `Option`.
//! - **`dataVersion`** (meaning unconfirmed): kept as an integer, not used as a version.
//! - **Times**: documented as UTC with second precision; RFC 3339 with any offset and
//!   `YYYY-MM-DD HH:MM:SS` are read too, and kept in UTC. An instance's `createTime` format
//!   is undocumented and kept as text.
//! - **Rate limits** (unconfirmed): `429`, `503` and `Retry-After` are honoured anyway.
//! - **Download tasks and links**: no documented API, so none is offered.
//!
//! # Features
//!
//! - `rustls` (default): TLS with rustls and the ring provider.
//! - `native-tls`: TLS with the platform library.
//! - `test-util`: `testing::ObCloudMock`, a mock of this API behind a Digest verifier, with
//!   fault injection, for your own tests.

#![cfg_attr(docsrs, feature(doc_cfg))]

mod client;
mod convert;
mod envelope;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
mod limits;
mod model;
mod operation;
mod paging;
#[cfg(feature = "test-util")]
#[cfg_attr(docsrs, doc(cfg(feature = "test-util")))]
pub mod testing;

pub use client::{
    CHINA_ENDPOINT, DEFAULT_ENDPOINT, GLOBAL_ENDPOINT, ObCloudClient, ObCloudClientBuilder,
};
pub use envelope::ObCloudErrorDecoder;
pub use model::{
    BYTES_PER_GIB, BackupMode, BackupObjectType, BackupSet, BackupSetStatus, DataBackupMode,
    Instance, PLACEHOLDER_TENANT_ID, PLACEHOLDER_TENANT_NAME, StorageClass, TenantBackupSet,
    TriggerMode, Validity,
};
pub use operation::get_backup_set::GetBackupSet;
pub use operation::list_backup_sets::{ListBackupSets, ListBackupSetsParams};
pub use operation::list_instances::{ListInstances, ListInstancesParams};
pub use paging::DEFAULT_PAGE_SIZE;
