//! `GET /appstore/publisher/{v1,v2}/applications/{listingVersionId}/packages/{packageVersionId}`:
//! the details of one package.

use crate::envelope::{PackageWrapper, decode_one};
use crate::operation::{ApiVersion, applications_path, id_text, validate_id};
use crate::{AppStoreClient, PackageVersion};
use pkgruntime::{ApiRequest, Error};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::fmt::Display;

/// The parameters of a package-details call; serialisable, so a call can be stored and
/// replayed with [`AppStoreClient::package_with`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct GetPackageParams {
    /// The application version the package belongs to.
    pub listing_version_id: String,
    /// The package.
    pub package_version_id: String,
    /// The API version (default v1).
    pub api_version: ApiVersion,
}

impl GetPackageParams {
    /// The parameters for package `package_version_id` of application version
    /// `listing_version_id`.
    pub fn new(listing_version_id: impl Display, package_version_id: impl Display) -> Self {
        Self {
            listing_version_id: id_text(listing_version_id),
            package_version_id: id_text(package_version_id),
            api_version: ApiVersion::default(),
        }
    }

    /// Checks both ids; the error names the field.
    pub fn validate(&self) -> Result<(), Error> {
        validate_id("listing_version_id", &self.listing_version_id)?;
        validate_id("package_version_id", &self.package_version_id)
    }

    fn request(&self) -> ApiRequest {
        ApiRequest::get("get_package").path(applications_path(
            self.api_version,
            &[
                &self.listing_version_id,
                "packages",
                &self.package_version_id,
            ],
        ))
    }
}

/// Fetches the details of one package: [`send`](Self::send) for a [`PackageVersion`],
/// [`send_as`](Self::send_as) for any other type (e.g. `serde_json::Value`).
///
/// ```
/// use appstore_client::{OperationType, PackageStatusCode};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), pkgruntime::Error> {
/// let mock = appstore_client::testing::AppStoreMock::start().await;
/// let package = mock.client().package(2133526, 3084832).send().await?;
/// assert_eq!(package.status.as_ref().and_then(|s| s.code()), Some(&PackageStatusCode::ValidationSucceeded));
/// assert_eq!(package.operation_actions(&OperationType::Uninstall)[0].action_name.as_deref(), Some("deletecredential"));
///
/// let error = mock.client().package(2133526, 1).send().await.unwrap_err();
/// assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until sent"]
pub struct GetPackage {
    client: AppStoreClient,
    params: GetPackageParams,
}

impl AppStoreClient {
    /// The details of package `package_version_id` of application version
    /// `listing_version_id` (`GET …/applications/{lv}/packages/{pv}`).
    pub fn package(
        &self,
        listing_version_id: impl Display,
        package_version_id: impl Display,
    ) -> GetPackage {
        self.package_with(GetPackageParams::new(
            listing_version_id,
            package_version_id,
        ))
    }

    /// The details of a package, with stored parameters.
    pub fn package_with(&self, params: GetPackageParams) -> GetPackage {
        GetPackage {
            client: self.clone(),
            params,
        }
    }
}

impl GetPackage {
    /// Calls API v1 (the default) or v2.
    pub fn api_version(mut self, version: ApiVersion) -> Self {
        self.params.api_version = version;
        self
    }

    /// The parameters (to store and replay the call).
    pub fn params(&self) -> &GetPackageParams {
        &self.params
    }

    /// Sends the request and decodes the package.
    pub async fn send(self) -> Result<PackageVersion, Error> {
        self.send_as().await
    }

    /// Sends the request and decodes the package as `T` — e.g. `serde_json::Value` to keep
    /// every field, documented or not. A body wrapped as `{"Package": {…}}` is unwrapped.
    pub async fn send_as<T: DeserializeOwned>(self) -> Result<T, Error> {
        self.params.validate()?;
        let response = self.client.transport().send(self.params.request()).await?;
        decode_one::<PackageWrapper<T>>(response.body())
    }
}
