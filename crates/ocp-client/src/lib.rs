//! A client for the software-package API of OceanBase Cloud Platform (OCP) v2, built on the
//! pkgsdk runtime: list packages as a `Stream`, download them verified, upload and delete.
//!
//! # Example
//!
//! ```
//! use futures::TryStreamExt as _;
//! use ocp_client::{OcpClient, SoftwarePackageType, Sort, SortField};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let mock = ocp_client::testing::OcpMock::start().await;
//! # mock.generate_catalog(40);
//! # let endpoint = mock.uri();
//! let client = OcpClient::builder()
//!     .endpoint(&endpoint) // e.g. "https://ocp.example.com:8080"
//!     .basic_auth("admin", "ocp-mock-password")
//!     .build()?;
//!
//! // Every agent package, 500 per page, as a stream of items.
//! let mut agents = client
//!     .list_software_packages()
//!     .types([SoftwarePackageType::OcpAgentInstallPackage])
//!     .sort(Sort::asc(SortField::Name))
//!     .items();
//! while let Some(package) = agents.try_next().await? {
//!     println!("{} {} {:?}", package.id, package.file_name.as_deref().unwrap_or("?"), package.size);
//! }
//!
//! // Download one, verified against its size and SHA-1, into a directory.
//! let package = client.list_software_packages().limit(1).items().try_next().await?.unwrap();
//! let dir = std::env::temp_dir().join(format!("ocp-example-{}", std::process::id()));
//! std::fs::create_dir_all(&dir)?;
//! let report = client.download(&package)?.to_dir(&dir).await?;
//! assert_eq!(Some(report.bytes), package.size);
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok(()) }
//! ```
//!
//! # What it covers
//!
//! | operation | method |
//! |---|---|
//! | `GET /api/v2/software-packages` | [`OcpClient::list_software_packages`] → [`ListSoftwarePackages`] (`send`, `pages`, `items`, `limit`, `concurrency`, `resume_from`) |
//! | download `downloadUrl`, verified | [`OcpClient::download`], [`OcpClient::download_by_id`] |
//! | find by id (the undocumented get-one endpoint where the server has it, else by listing) | [`OcpClient::find_software_package`] |
//! | `POST /api/v2/software-packages` (multipart, streamed) | [`OcpClient::upload_software_package`] |
//! | `DELETE /api/v2/software-packages/{id}` | [`OcpClient::delete_software_package`] |
//!
//! Credentials: HTTP Basic ([`OcpClientBuilder::basic_auth`]) or an AccessKey pair
//! ([`OcpClientBuilder::access_key`], `OCP-ACCESS-KEY-HMACSHA1` signing), sent up front.
//! Errors are [`pkgruntime::Error`]; OCP's error envelope becomes its code, message and
//! trace id.
//!
//! # Tolerated unknowns
//!
//! OCP's documentation leaves some facts open; the client is built to cope with each:
//! both page shapes (nested `data.page` and flat fields, `totalPage` or `totalPages`);
//! `id` and `size` as numbers or strings; unknown package types kept as `Unknown`; the
//! default page size (the client always sends `size`, default [`DEFAULT_PAGE_SIZE`]);
//! the sort property for upload time ([`SortField::CreateTime`], or any name as `Unknown`);
//! a get-one endpoint (tried first by [`OcpClient::find_software_package`], listing as the
//! fallback); the `Md5Payload` encoding (upper-case hex MD5); whether `downloadUrl` needs credentials
//! (sent only to the API's own origin); no documented rate limits (429 and `Retry-After`
//! are honoured anyway).
//!
//! # Features
//!
//! - `rustls` (default): TLS with rustls and the ring provider.
//! - `native-tls`: TLS with the platform library.
//! - `test-util`: `testing::OcpMock`, a mock of this API for your own tests.

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

pub use auth::{AccessKeySigner, Credentials};
pub use client::{OcpClient, OcpClientBuilder};
pub use envelope::OcpErrorDecoder;
pub use model::{SoftwarePackageMeta, SoftwarePackageType, Sort, SortDirection, SortField};
pub use operation::list_software_packages::{
    DEFAULT_PAGE_SIZE, ListSoftwarePackages, ListSoftwarePackagesParams, MAX_PAGE_SIZE,
};
pub use operation::upload_software_package::UploadSoftwarePackage;
