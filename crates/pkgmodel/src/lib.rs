//! Vendor-neutral types shared by every pkgsdk client.
//!
//! The four vendor clients (OCP, IoTDA, Oracle Marketplace, OceanBase Cloud) each have their
//! own wire models; this crate holds what they have in common, so an application can treat
//! their catalogues alike:
//!
//! - [`Package`]: one downloadable artefact, whoever publishes it;
//! - [`Page`] and [`Cursor`]: one page of a listing and the serialisable position of the next
//!   one, so a listing can be resumed later;
//! - [`Checksum`], [`Platform`], [`Vendor`], [`PackageKind`];
//! - [`open_enum!`]: forward-compatible string enums (`Unknown(String)` for values this
//!   version does not know).
//!
//! It depends on `serde` and [`time`] only: no HTTP stack.
//!
//! # Example
//!
//! ```
//! use pkgmodel::{Checksum, ChecksumAlgorithm, Cursor, Package, PackageKind, Page, Platform, Vendor};
//!
//! let mut package = Package::new(Vendor::Ocp, "12", "t-oceanbase-ocp-agent", PackageKind::Software);
//! package.version = Some("2.4.2".into());
//! package.platform = Some(Platform::new(Some("alios7"), Some("x86_64")));
//! package.size = Some(31_017_340);
//! package.checksum = Some(Checksum::new(
//!     ChecksumAlgorithm::Sha1,
//!     "E3277366579EAC7ECF7A5B6313F2807229567A12",
//! )?);
//! assert_eq!(package.checksum.as_ref().unwrap().hex(), "e3277366579eac7ecf7a5b6313f2807229567a12");
//!
//! // A page and the cursor of the page after it, saved as JSON and restored later.
//! let page = Page::new(vec![package], Some(Cursor::PageNumber { page: 2, size: 500 }), Some(501));
//! let saved = serde_json::to_string(&page.next)?;
//! let restored: Option<Cursor> = serde_json::from_str(&saved)?;
//! assert_eq!(restored, Some(Cursor::PageNumber { page: 2, size: 500 }));
//! assert_eq!(restored.unwrap().position(), Some(500));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod checksum;
mod cursor;
pub mod lenient;
mod open_enum;
mod package;
mod page;
mod platform;
mod vendor;

pub use checksum::{Checksum, ChecksumAlgorithm, ChecksumError};
pub use cursor::Cursor;
pub use package::{Package, PackageKind};
pub use page::Page;
pub use platform::Platform;
pub use vendor::Vendor;

/// The date-time crate the models use, re-exported so callers need not match its version.
pub use time;

#[doc(hidden)]
pub mod __private {
    //! Re-exports used by [`open_enum!`](crate::open_enum) expansions in other crates.
    pub use serde;
}
