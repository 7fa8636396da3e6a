//! pkgsdk: list, inspect and download software packages from four vendor catalogues —
//! OceanBase Cloud Platform (OCP), Huawei Cloud IoTDA, Oracle Cloud Marketplace and
//! OceanBase Cloud — with one set of types, one error type and `Stream` paginators.
//!
//! This facade re-exports the shared crates:
//!
//! - [`model`] ([`pkgmodel`]): vendor-neutral [`Package`], [`Page`], [`Cursor`], [`Checksum`];
//! - [`runtime`] ([`pkgruntime`]): the transport, [`Error`], retries, time-outs and the
//!   [`Pages`] / [`Items`] streams every client returns.
//!
//! The vendor clients join it behind one cargo feature each as they land.
//!
//! # Example
//!
//! ```
//! use pkgsdk::{Cursor, Package, PackageKind, Vendor};
//!
//! let package = Package::new(Vendor::Ocp, "12", "t-oceanbase-ocp-agent", PackageKind::Software);
//! assert_eq!(package.vendor.display_name(), "OceanBase Cloud Platform");
//!
//! // Listings hand out serialisable cursors, so they can be resumed later.
//! let cursor: Cursor = serde_json::from_str(r#"{"style":"page_number","page":3,"size":500}"#)?;
//! assert_eq!(cursor.position(), Some(1000));
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! # Features
//!
//! - `rustls` (default): TLS through rustls with the ring provider.
//! - `native-tls`: TLS through the platform's library instead.

#![cfg_attr(docsrs, feature(doc_cfg))]

pub use pkgmodel as model;
pub use pkgruntime as runtime;

pub use pkgmodel::{
    Checksum, ChecksumAlgorithm, Cursor, Package, PackageKind, Page, Platform, Vendor,
};
pub use pkgruntime::{Error, Items, PageOptions, Pages, RetryPolicy, Timeouts};
