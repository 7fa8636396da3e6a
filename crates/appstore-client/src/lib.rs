//! A client for the Oracle Cloud Marketplace publisher API (`/appstore/publisher/v1|v2`),
//! built on the pkgsdk runtime: application packages fully typed, applications as a
//! `Stream`, and access tokens managed for you.
//!
//! # Example
//!
//! ```
//! use futures::TryStreamExt as _;
//! use appstore_client::{AppStoreClient, OperationType};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let mock = appstore_client::testing::AppStoreMock::start().await;
//! # let endpoint = mock.uri();
//! # use appstore_client::testing::{CLIENT_ID, CLIENT_SECRET, USER_ID};
//! let client = AppStoreClient::builder()
//!     .endpoint(&endpoint) // default: appstore_client::DEFAULT_ENDPOINT
//!     .user_id(USER_ID) // the partner user's email, sent as X-Oracle-UserId
//!     .client_credentials(CLIENT_ID, CLIENT_SECRET) // tokens from …/v1/authenticate
//!     .build()?;
//!
//! // Every application, 100 per page, as a stream.
//! let mut applications = client.list_applications().page_size(100).items();
//! while let Some(application) = applications.try_next().await? {
//!     println!("{:?} {:?}", application.listing_version_id, application.name);
//! }
//!
//! // One package, fully typed.
//! let package = client.package(2133526, 3084832).send().await?;
//! for action in package.operation_actions(&OperationType::Install) {
//!     // Secret-looking request properties (KEY_PASSWORD) print as [redacted].
//!     println!("{:?} {:?}", action.action_name, action.request_properties);
//! }
//! let service = &package.dependent_services.as_deref().unwrap_or_default()[0];
//! assert_eq!(service.min_size.as_ref().and_then(|size| size.value()), Some(1311));
//! assert!(service.max_size.as_ref().is_some_and(|size| size.is_blank()));
//!
//! // The vendor-neutral view, to list several catalogues together.
//! let neutral: pkgmodel::Package = package.to_package();
//! assert_eq!(neutral.id, "3084832");
//!
//! // All the packages of an application version, whatever shape the list comes in.
//! let packages = client.list_packages(2133526).send().await?;
//! assert_eq!(packages.len(), 1);
//! # Ok(()) }
//! ```
//!
//! # What it covers
//!
//! | operation | method |
//! |---|---|
//! | `GET …/v1/applications/{lv}/packages/{pv}` (and v2) | [`AppStoreClient::package`] → [`GetPackage`] (`send`, `send_as`) → [`PackageVersion`] |
//! | `GET …/v1/applications/{lv}/packages` (and v2) | [`AppStoreClient::list_packages`] → [`ListPackages`] (`send`: one page with them all, `items`, `items_as`) → [`PackageVersion`]s |
//! | `GET …/v1/applications?limit&offset&status` | [`AppStoreClient::list_applications`] → [`ListApplications`] (`send`, `pages`, `items`, `limit`, `concurrency`, `resume_from`) |
//! | `DELETE …/v1/applications/{lv}/packages/{pv}` | [`AppStoreClient::delete_package`] → [`EntityResponse`] |
//! | `GET …/v1/authenticate`, `POST …/oam/oauth2/tokens` | [`ClientCredentials`] (a [`TokenProvider`]) |
//!
//! Every call sends `X-Oracle-UserId: <email>` ([`AppStoreClientBuilder::user_id`]) and
//! `Authorization: Bearer <token>`. Tokens come from a [`TokenProvider`]: a fixed
//! [`StaticToken`] ([`AppStoreClientBuilder::token`]), [`ClientCredentials`]
//! ([`AppStoreClientBuilder::client_credentials`] or
//! [`token_provider`](AppStoreClientBuilder::token_provider)), or your own. The runtime's
//! [`TokenCache`] fetches one token for all concurrent callers, keeps it until shortly before
//! `expires_in`, and fetches a new one once on a 401 (see [Tokens](#tokens)).
//!
//! Inputs are checked before anything is sent — ids not empty, `page_size` 1 to 100, header
//! values valid — and the error names the field and the rule. Errors are
//! [`pkgruntime::Error`]: 400/404/500 are `Error::Api` with the status, the raw body
//! (truncated to 4 KiB) and the body's `message` when it is JSON
//! ([`AppStoreErrorDecoder`]); a 401 that a fresh token does not cure is `Error::Auth`,
//! keeping the same response.
//!
//! # Tokens
//!
//! - [`StaticToken`]: a token you already have. It cannot be refreshed, so a 401 is final.
//! - [`ClientCredentials`]: exchanges a client id and secret (HTTP Basic) for a token, by
//!   either documented call ([`TokenCall`]):
//!   - `GET {endpoint}/appstore/publisher/v1/authenticate` (the default), answering
//!     `{"access_token":"<JWT>","expires_in":604800,…}` (seven days);
//!   - `POST https://<host>/oam/oauth2/tokens?grant_type=client_credentials` with an empty
//!     `application/x-www-form-urlencoded; charset=UTF-8` body and
//!     `X-USER-IDENTITY-DOMAIN-NAME` (default [`DEFAULT_IDENTITY_DOMAIN`]).
//! - Your own [`TokenProvider`] (object safe, `async-trait`).
//!
//! The token sits in a [`TokenCache`]: concurrent calls that find none wait for the one
//! fetch in progress; it is replaced once less than a tenth of its lifetime (at most five
//! minutes) remains; when the API answers 401 the refused token is dropped and the call is
//! sent once more with a new one — a second 401 is `Error::Auth`, never a loop. Token calls
//! are retried like any idempotent request, and their errors are `Error::Auth` (keeping the
//! token endpoint's response), except time-outs and connection failures.
//!
//! ```
//! use appstore_client::{AppStoreClient, ClientCredentials, EXAMPLE_OAUTH2_TOKEN_URL};
//!
//! # fn main() -> Result<(), pkgruntime::Error> {
//! let oauth2 = ClientCredentials::builder("client-id", "client-secret")
//!     .oauth2(EXAMPLE_OAUTH2_TOKEN_URL)
//!     .identity_domain("usoracle30650")
//!     .build()?;
//! let client = AppStoreClient::builder()
//!     .user_id("fname.lname@example.com")
//!     .token_provider(oauth2)
//!     .build()?;
//! # let _ = client;
//! # Ok(()) }
//! ```
//!
//! # Tolerated unknowns
//!
//! Oracle's documentation contradicts itself or stays silent in places; the client accepts
//! every shape it shows and builds for the rest tolerantly:
//!
//! - **host**: [`DEFAULT_ENDPOINT`] (`ocm-apis-cloud.oracle.com`, what works) by default;
//!   the operation pages' `ocm-apis.cloud.oracle.com` is [`ALTERNATIVE_ENDPOINT`];
//! - **path**: every operation page uses `/appstore/publisher/v1/…`, which the client
//!   follows (the overview's `/appstore/marketplace/v1/publisher/…` appears nowhere else);
//!   an endpoint given with `/appstore/publisher` on the end, as in Oracle's cookbook, works
//!   too;
//! - **`Authorization`**: the overview's header table says Basic, every example Bearer:
//!   Basic is sent to the token call only, Bearer to the API;
//! - **token call**: both `GET /appstore/publisher/v1/authenticate` and
//!   `POST /oam/oauth2/tokens` ([`TokenCall`]); `token_type` may or may not come back
//!   (ignored); `expires_in` as a number, a string, or missing;
//! - **package list shape**: a bare object, a bare array, or `{items:[…]}` with or without
//!   `{"Package": …}` around each item, all decode to a `Vec`;
//! - **`status`**: v1's string and v2's `{code, displayName}` ([`Status`]); listing statuses
//!   in any case ([`ListingStatus::from_any_case`]);
//! - **numbers as strings**: `"minVersion":"1"`, `"maxSize":""` keep their form and parse to
//!   `Option<u64>` ([`LenientU64`]); ids accept numbers or digit strings; property values
//!   accept strings, numbers or booleans;
//! - **collapsed schemas**: the nested schemas' field lists are not public; the models hold
//!   the fields Oracle's examples show (plus the root field list), ignore unknown fields,
//!   and `send_as::<serde_json::Value>()` / `items_as` give the raw JSON;
//! - **end of the applications listing**: not documented; an empty page ends it, and a
//!   short one is confirmed by one more request (it may be a server capping the page size
//!   below `limit`); `hasMore: false` / `totalResults` are honoured if ever sent;
//! - **sort parameters**: their names are not documented, so no sort option is offered;
//! - **error body**: not documented; the raw text is kept and `message` (or `detail`,
//!   `title`, `error_description`) read when it is JSON;
//! - **rate limits**: none documented; 429 and 5xx are retried with back-off on idempotent
//!   calls, honouring `Retry-After`.
//!
//! Package request properties can hold credentials (Oracle's sample has `KEY_PASSWORD`):
//! properties whose names contain `PASSWORD`, `SECRET`, `TOKEN` or `KEY` print
//! `[redacted]` in `Debug` ([`is_secret_property_name`]), and are serialised intact.
//!
//! # Features
//!
//! - `rustls` (default): TLS with rustls and the ring provider.
//! - `native-tls`: TLS with the platform library.
//! - `test-util`: [`testing::AppStoreMock`], a mock of this API for your own tests.

#![cfg_attr(docsrs, feature(doc_cfg))]

mod auth;
mod client;
mod convert;
mod envelope;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
mod model;
mod operation;
#[cfg(feature = "test-util")]
#[cfg_attr(docsrs, doc(cfg(feature = "test-util")))]
pub mod testing;

pub use auth::{
    ClientCredentials, ClientCredentialsBuilder, DEFAULT_IDENTITY_DOMAIN, EXAMPLE_OAUTH2_TOKEN_URL,
    TokenCall,
};
pub use client::{
    ALTERNATIVE_ENDPOINT, AppStoreClient, AppStoreClientBuilder, DEFAULT_ENDPOINT, USER_ID_HEADER,
};
pub use envelope::AppStoreErrorDecoder;
pub use model::{
    AccessUrl, AccessUrlParam, Action, ActionProperty, ActionType, ApplicationSummary,
    ArtifactType, Authentication, EntityResponse, LenientU64, Link, LinkRel, ListingStatus,
    Operation, OperationAction, OperationType, PackageParam, PackageStatusCode, PackageType,
    PackageVersion, PropertySource, Resource, ResourceMap, Service, ServiceType, Status,
    is_secret_property_name,
};
pub use operation::ApiVersion;
pub use operation::get_package::{GetPackage, GetPackageParams};
pub use operation::list_applications::{
    DEFAULT_PAGE_SIZE, ListApplications, ListApplicationsParams, MAX_PAGE_SIZE,
};
pub use operation::list_packages::{ListPackages, ListPackagesParams};

/// The token abstractions this client uses, from the runtime: implement [`TokenProvider`]
/// to supply tokens your own way.
pub use pkgruntime::{StaticToken, Token, TokenCache, TokenProvider};
