//! A client for Huawei Cloud IoTDA v5 OTA upgrade packages, built on the pkgsdk runtime:
//! list packages as a `Stream` (marker paging), show, create and delete them, with token or
//! AK/SK authentication signed exactly as Huawei's own SDK signs.
//!
//! # Example
//!
//! ```
//! use futures::TryStreamExt as _;
//! use iotda_client::{IotdaClient, PackageType};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let mock = iotda_client::testing::IotdaMock::start().await;
//! # mock.generate_catalog(30);
//! # let endpoint = mock.uri();
//! # use iotda_client::testing::{ACCESS_KEY_ID as AK, ACCESS_KEY_SECRET as SK, PROJECT_ID};
//! let client = IotdaClient::builder()
//!     .endpoint(&endpoint) // or .region("cn-north-4") for https://iotda.cn-north-4.myhuaweicloud.com
//!     .project_id(PROJECT_ID)
//!     .access_key(AK, SK) // signed requests; or .token(..), .iam_password(..)
//!     .build()?;
//!
//! // Every firmware package of one product, newest first.
//! let mut packages = client
//!     .list_ota_packages(PackageType::FirmwarePackage)
//!     .product_id("product-1")
//!     .items();
//! while let Some(package) = packages.try_next().await? {
//!     println!("{} {}", package.package_id.unwrap_or_default(), package.version.unwrap_or_default());
//! }
//! # Ok(()) }
//! ```
//!
//! # What it covers
//!
//! | operation | method |
//! |---|---|
//! | `ListOtaPackageInfo` (`GET …/ota-upgrades/packages`) | [`IotdaClient::list_ota_packages`] → [`ListOtaPackages`] (`send`, `pages`, `items`, `limit`, `resume_from`) |
//! | `ShowOtaPackage` | [`IotdaClient::show_ota_package`] |
//! | `CreateOtaPackage` | [`IotdaClient::create_ota_package`] → [`CreateOtaPackage`] |
//! | `DeleteOtaPackage` | [`IotdaClient::delete_ota_package`] |
//!
//! # Authentication
//!
//! - **Token**: a fixed IAM token ([`IotdaClientBuilder::token`]) or tokens from a provider
//!   such as [`IamPasswordToken`] ([`IotdaClientBuilder::iam_password`]), sent as
//!   `X-Auth-Token`, cached, refreshed before they expire and once after a 401.
//! - **AK/SK** ([`IotdaClientBuilder::access_key`]): [`AkSkSigner`] signs every request with
//!   `SDK-HMAC-SHA256` on regional endpoints and the derived `V11-HMAC-SHA256` (service
//!   `iotdm`) on instance endpoints, chosen by host exactly as Huawei's SDK chooses, and
//!   byte-for-byte identical to its signatures (checked in CI against the official signer).
//!   Like the SDK, the client sends and signs `X-Project-Id` and
//!   `Content-Type: application/json`.
//!
//! # Tolerated unknowns
//!
//! The create and delete success statuses are not documented precisely (any 2xx is
//! success, with or without a body); 404 on show and delete is assumed from sibling calls;
//! the throttling status and `Retry-After` are undocumented (429 and `Retry-After` are
//! honoured anyway); `product_name`, `module_name` and `file_location` are optional, like
//! every response field; `Instance-Id` is sent when configured; a `create_time` that does
//! not parse is kept as text; unknown package types are kept as `Unknown`.
//!
//! # Features
//!
//! - `rustls` (default): TLS with rustls and the ring provider.
//! - `native-tls`: TLS with the platform library.
//! - `test-util`: `testing::IotdaMock`, a mock of this API (and of IAM's token call).

#![cfg_attr(docsrs, feature(doc_cfg))]

mod client;
mod convert;
mod envelope;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
mod iam;
mod limits;
mod model;
mod operation;
mod signing;
#[cfg(feature = "test-util")]
#[cfg_attr(docsrs, doc(cfg(feature = "test-util")))]
pub mod testing;

pub use client::{Credentials, DEFAULT_REGION, IotdaClient, IotdaClientBuilder};
pub use envelope::IotdaErrorDecoder;
pub use iam::{IamPasswordToken, IamPasswordTokenBuilder};
pub use model::{FileLocation, ObsLocation, OtaPackageInfo, PackageType, Timestamp};
pub use operation::create_ota_package::{CreateOtaPackage, CreateOtaPackageParams};
pub use operation::list_ota_packages::{
    DEFAULT_PAGE_SIZE, FIRST_MARKER, ListOtaPackages, ListOtaPackagesParams, MAX_OFFSET,
    MAX_PAGE_SIZE,
};
pub use signing::{AkSkSigner, Signature, SigningAlgorithm};
