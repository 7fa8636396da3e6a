//! pkgsdk: list, inspect and download software packages from four vendor catalogues —
//! OceanBase Cloud Platform (OCP), Huawei Cloud IoTDA, Oracle Cloud Marketplace and
//! OceanBase Cloud — with one set of types, one error type and `Stream` paginators.
//!
//! # Example
//!
//! ```
//! use futures::TryStreamExt as _;
//! use pkgsdk::ocp::{OcpClient, SoftwarePackageType};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let mocks = pkgsdk::testing::MockServers::start().await;
//! # mocks.ocp.generate_catalog(30);
//! # let endpoint = mocks.ocp.uri();
//! let ocp = OcpClient::builder()
//!     .endpoint(&endpoint)
//!     .basic_auth("admin", "ocp-mock-password")
//!     .build()?;
//! let agents: Vec<_> = ocp
//!     .list_software_packages()
//!     .types([SoftwarePackageType::OcpAgentInstallPackage])
//!     .items()
//!     .try_collect()
//!     .await?;
//! println!("{} agent packages", agents.len());
//!
//! // Several vendors at once, as vendor-neutral packages.
//! let catalog = pkgsdk::Catalog::new()
//!     .with(ocp.list_software_packages())
//!     .with(mocks.iotda.client().list_ota_packages(pkgsdk::iotda::PackageType::FirmwarePackage));
//! let listing = catalog.collect().await;
//! for package in &listing.packages {
//!     println!("{:<8} {:<36} {}", package.vendor, package.id, package.name);
//! }
//! assert!(listing.errors.is_empty());
//! # Ok(()) }
//! ```
//!
//! # Crates and features
//!
//! | module | crate | feature (default on) |
//! |---|---|---|
//! | [`model`] | `pkgmodel`: `Package`, `Page`, `Cursor`, `Checksum`, … | always |
//! | [`runtime`] | `pkgruntime`: transport, `Error`, retries, time-outs, `Pages`/`Items` | always |
//! | `ocp` | `ocp-client`: OCP software packages | `ocp` |
//! | `iotda` | `iotda-client`: IoTDA OTA packages | `iotda` |
//! | `appstore` | `appstore-client`: Oracle Marketplace application packages | `appstore` |
//! | `obcloud` | `obcloud-client`: OceanBase Cloud backup sets | `obcloud` |
//! | `testing` | every enabled client's mock server | `test-util` (off) |
//!
//! Also: `rustls` (default; rustls with the ring provider) or `native-tls`.
//!
//! The cross-vendor view: [`PackageSource`] (every client and list operation is one) and
//! [`Catalog`] (several sources, one merged stream, each failure reported without losing
//! the other sources' packages).

#![cfg_attr(docsrs, feature(doc_cfg))]

mod catalog;
mod source;
#[cfg(feature = "test-util")]
#[cfg_attr(docsrs, doc(cfg(feature = "test-util")))]
pub mod testing;

pub use catalog::{Catalog, CatalogListing, CatalogStream, SourceError};
pub use source::{PackageSource, PackageStream};

pub use pkgmodel as model;
pub use pkgruntime as runtime;

/// The OceanBase Cloud Platform client (the `ocp-client` crate).
#[cfg(feature = "ocp")]
#[cfg_attr(docsrs, doc(cfg(feature = "ocp")))]
pub use ocp_client as ocp;

/// The Huawei Cloud IoTDA client (the `iotda-client` crate).
#[cfg(feature = "iotda")]
#[cfg_attr(docsrs, doc(cfg(feature = "iotda")))]
pub use iotda_client as iotda;

/// The Oracle Cloud Marketplace publisher client (the `appstore-client` crate).
#[cfg(feature = "appstore")]
#[cfg_attr(docsrs, doc(cfg(feature = "appstore")))]
pub use appstore_client as appstore;

/// The OceanBase Cloud backup client (the `obcloud-client` crate).
#[cfg(feature = "obcloud")]
#[cfg_attr(docsrs, doc(cfg(feature = "obcloud")))]
pub use obcloud_client as obcloud;

pub use pkgmodel::{
    Checksum, ChecksumAlgorithm, Cursor, Package, PackageKind, Page, Platform, Vendor,
};
pub use pkgruntime::{Error, Items, PageOptions, Pages, RetryPolicy, Timeouts};
