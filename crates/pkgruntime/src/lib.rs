//! The shared client runtime of pkgsdk.
//!
//! Every vendor client (`ocp-client`, `iotda-client`, `appstore-client`, `obcloud-client`)
//! is a thin layer over this crate: it describes its operations as [`ApiRequest`]s, plugs in
//! its [`AuthHook`], [`ErrorDecoder`] and paging rule, and gets the rest from here:
//!
//! | concept | where |
//! |---|---|
//! | sending, endpoint handling, rustls | [`Transport`], [`ApiRequest`], [`ApiResponse`] |
//! | credentials: static header, signing, challenge-response | [`AuthHook`], [`HeaderAuth`] |
//! | retries with back-off and `Retry-After` | [`RetryPolicy`], [`ExponentialBackoff`] |
//! | time-outs (connect, attempt, operation) | [`Timeouts`] |
//! | one error type for every client | [`Error`] |
//! | `Stream` paginators for every paging style | [`Pages`], [`Items`], [`PageSource`] |
//! | secrets that never print | [`SecretString`], [`Redacted`] |
//!
//! Tracing: every call runs in a `pkgsdk.request` span (vendor, operation), with an
//! `attempt` span per attempt (number, status, retry delay); listings add a `page` span per
//! page (index and paging style — never a marker's or token's value).
//!
//! # Example
//!
//! A tiny client for an offset-paged API, listed as a `Stream` of items:
//!
//! ```
//! use futures::TryStreamExt as _;
//! use pkgmodel::{Cursor, Page, Vendor};
//! use pkgruntime::{ApiRequest, BoxFuture, Error, PageOptions, PageSource, Pages, Transport, next_offset};
//! use wiremock::{matchers, Mock, MockServer, ResponseTemplate};
//!
//! #[derive(serde::Deserialize)]
//! struct Listing { items: Vec<String>, total: u64 }
//!
//! struct ListNames { transport: Transport }
//!
//! impl PageSource for ListNames {
//!     type Item = String;
//!     fn first_cursor(&self) -> Option<Cursor> {
//!         Some(Cursor::Offset { offset: 0, limit: 2 })
//!     }
//!     fn fetch(&self, cursor: Option<&Cursor>) -> BoxFuture<'static, Result<Page<String>, Error>> {
//!         let transport = self.transport.clone();
//!         let (offset, limit) = match cursor {
//!             Some(Cursor::Offset { offset, limit }) => (*offset, *limit),
//!             _ => (0, 2),
//!         };
//!         Box::pin(async move {
//!             let request = ApiRequest::get("list_names")
//!                 .path(["names"])
//!                 .query("offset", offset)
//!                 .query("limit", limit);
//!             let listing: Listing = transport.send_json(request).await?;
//!             let next = next_offset(offset, limit, listing.items.len(), Some(listing.total));
//!             Ok(Page::new(listing.items, next, Some(listing.total)))
//!         })
//!     }
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Error> {
//! let server = MockServer::start().await;
//! for (offset, items) in [("0", vec!["a", "b"]), ("2", vec!["c"])] {
//!     Mock::given(matchers::path("/names"))
//!         .and(matchers::query_param("offset", offset))
//!         .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"items": items, "total": 3})))
//!         .mount(&server)
//!         .await;
//! }
//!
//! let transport = Transport::builder(Vendor::Unknown("names".into())).endpoint(&server.uri()).build()?;
//! let names: Vec<String> = Pages::new(ListNames { transport }, PageOptions::default())
//!     .items()
//!     .try_collect()
//!     .await?;
//! assert_eq!(names, ["a", "b", "c"]);
//! # Ok(()) }
//! ```
//!
//! # Features
//!
//! - `rustls` (default): TLS through rustls with the ring provider — no OpenSSL, no aws-lc.
//! - `native-tls`: TLS through the platform library instead.
//! - `test-util`: the `testing` module, fault injection shared by the vendor clients' mock servers.

#![cfg_attr(docsrs, feature(doc_cfg))]

mod auth;
mod backoff;
mod builder_macros;
mod download;
mod dry_run;
mod error;
mod error_decoder;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
mod low_speed;
mod paginator;
mod printable;
mod proxy;
mod rate_limit;
mod redirect;
mod request;
mod response;
mod retry;
mod retry_after;
mod retry_budget;
mod secret;
#[cfg(feature = "test-util")]
#[cfg_attr(docsrs, doc(cfg(feature = "test-util")))]
pub mod testing;
mod timeout;
mod tls;
mod transport;
pub mod validate;

pub use auth::{
    AuthHook, AuthRetry, DigestAlgorithm, DigestAuth, HeaderAuth, NoAuth, StaticToken, Token,
    TokenAuth, TokenCache, TokenProvider,
};
pub use backoff::{ExponentialBackoff, Jitter};
pub use download::{DEFAULT_MAX_DOWNLOAD_BYTES, Download, DownloadReport, ProgressFn, WriteReport};
pub use dry_run::DryRun;
pub use error::{
    ApiError, AuthError, BoxError, DecodeError, Error, IntegrityCheck, IntegrityError,
    InvalidInput, IoError, MAX_ERROR_BODY_BYTES, PaginationLoop, PaginationLoopReason,
    TimeoutError, TimeoutKind, TransportError, TransportErrorKind,
};
pub use error_decoder::{ErrorDecoder, GenericErrorDecoder};
pub use low_speed::LowSpeedLimit;
pub use paginator::{
    Items, PageOptions, PageReport, PageSource, Pages, RepeatedPageGuard, next_marker, next_offset,
    next_page_number, next_token,
};
pub use printable::{is_bidi_control, printable};
pub use rate_limit::RateLimit;
pub use redirect::{MAX_REDIRECTS, PORTABLE_HEADERS};
pub use request::{
    ApiRequest, BodyFactory, BodyStream, PreparedRequest, QueryList, percent_encode,
};
pub use response::{ApiResponse, decode_json};
pub use retry::RetryPolicy;
pub use retry_after::parse_retry_after;
pub use retry_budget::RetryBudget;
pub use secret::{ExposeSecret, Redacted, SecretString, sensitive_header_value};
pub use timeout::Timeouts;
pub use transport::{
    DEFAULT_MAX_BODY_BYTES, DEFAULT_USER_AGENT, StreamingResponse, Transport, TransportBuilder,
};

/// A boxed, `Send` future: what [`PageSource::fetch`] returns.
pub use futures::future::BoxFuture;

/// The HTTP types used in this crate's API (`Method`, `StatusCode`, `HeaderMap`, …).
pub use http;
/// The vendor-neutral models.
pub use pkgmodel;
/// The `reqwest` version the transport uses, for callers passing their own client.
pub use reqwest;
/// The URL type used for endpoints.
pub use url;

/// What the exported macros refer to; not public API.
#[doc(hidden)]
pub mod __private {
    pub use serde::de::DeserializeOwned;
}
