//! The Marketplace publisher API's wire models.
//!
//! - [`PackageVersion`] with every nested schema of the package-details page:
//!   [`Service`] (custom and standard properties), [`Action`] ([`ActionProperty`],
//!   [`Authentication`]), [`Operation`] ([`OperationAction`] in sequence order),
//!   [`AccessUrl`] ([`AccessUrlParam`]), [`ResourceMap`], [`Resource`], [`Link`] (typed
//!   [`LinkRel`]);
//! - [`ApplicationSummary`] for the applications listing, [`EntityResponse`] for changes;
//! - [`Status`]: v1's string or v2's object; [`LenientU64`]: numbers sent as strings
//!   (`"minVersion":"1"`, `"maxSize":""`), parsed and kept as sent.
//!
//! Field names follow Rust style and map to Oracle's camelCase (with its spellings:
//! `accessURLs`, `staticURL`, `listingImageURL`). Every field is an `Option`, unknown fields
//! are ignored, and every enum is `#[non_exhaustive]` with `Unknown(String)`. A model
//! decoded and serialised again gives back equivalent JSON.
//!
//! Secret-looking property values (names containing `PASSWORD`, `SECRET`, `TOKEN` or `KEY`)
//! print `[redacted]` in `Debug`, and are kept intact when serialised.
//!
//! ```
//! use appstore_client::{LinkRel, PackageStatusCode, PackageVersion};
//!
//! let package: PackageVersion = serde_json::from_str(appstore_client::testing::SAMPLE_PACKAGE)?;
//! assert_eq!(package.status.as_ref().and_then(|s| s.code()), Some(&PackageStatusCode::ValidationSucceeded));
//! assert_eq!(
//!     package.link(&LinkRel::Canonical).and_then(|link| link.href.as_deref()),
//!     Some("https://ocm-apis.cloud.oracle.com/appstore/publisher/v1/applications/2133526/packages/3084832")
//! );
//! assert!(!format!("{package:?}").contains("Welcome1"));
//! # Ok::<(), serde_json::Error>(())
//! ```

mod application;
mod number;
mod package;
mod property;
mod status;

pub use application::{ApplicationSummary, EntityResponse};
pub use number::LenientU64;
pub use package::{
    AccessUrl, Action, ActionType, ArtifactType, Authentication, Link, LinkRel, Operation,
    OperationAction, OperationType, PackageType, PackageVersion, Resource, ResourceMap, Service,
    ServiceType,
};
pub use property::{
    AccessUrlParam, ActionProperty, PackageParam, PropertySource, is_secret_property_name,
};
pub use status::{ListingStatus, PackageStatusCode, Status};
