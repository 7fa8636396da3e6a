//! `GET /appstore/publisher/{v1,v2}/applications/{listingVersionId}/packages`: the packages
//! of an application version. Not paginated.
//!
//! Documented as a list, shown as one object, read by a public client as
//! `{items:[{Package:{…}}]}`: every shape is accepted — a bare object, a bare array, and
//! `{items:[…]}` with or without a `Package` wrapper per item — and the result is always a
//! `Vec`.

use crate::envelope::{BareObject, PackageWrapper, decode_list};
use crate::operation::{ApiVersion, applications_path, id_text, validate_id};
use crate::{AppStoreClient, PackageVersion};
use pkgruntime::{ApiRequest, Error};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::fmt::Display;

/// The parameters of a packages listing; serialisable, so it can be stored and replayed with
/// [`AppStoreClient::list_packages_with`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ListPackagesParams {
    /// The application version whose packages are listed.
    pub listing_version_id: String,
    /// The API version (default v1).
    pub api_version: ApiVersion,
}

impl ListPackagesParams {
    /// The parameters for the packages of application version `listing_version_id`.
    pub fn new(listing_version_id: impl Display) -> Self {
        Self {
            listing_version_id: id_text(listing_version_id),
            api_version: ApiVersion::default(),
        }
    }

    /// Checks the id; the error names the field.
    pub fn validate(&self) -> Result<(), Error> {
        validate_id("listing_version_id", &self.listing_version_id)
    }

    fn request(&self) -> ApiRequest {
        ApiRequest::get("list_packages").path(applications_path(
            self.api_version,
            &[&self.listing_version_id, "packages"],
        ))
    }
}

/// Lists the packages of an application version: [`send`](Self::send) for
/// [`PackageVersion`]s, [`send_as`](Self::send_as) for any other item type.
///
/// ```
/// use appstore_client::ApiVersion;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), pkgruntime::Error> {
/// let mock = appstore_client::testing::AppStoreMock::start().await;
/// let packages = mock.client().list_packages(2133526).send().await?;
/// assert_eq!(packages.len(), 1);
/// assert_eq!(packages[0].id, Some(3084832));
///
/// let v2 = mock.client().list_packages(148637011).api_version(ApiVersion::V2).send().await?;
/// assert_eq!(v2[0].status.as_ref().and_then(|s| s.display_name()), Some("New"));
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until sent"]
pub struct ListPackages {
    client: AppStoreClient,
    params: ListPackagesParams,
}

impl AppStoreClient {
    /// The packages of application version `listing_version_id`
    /// (`GET …/applications/{lv}/packages`).
    pub fn list_packages(&self, listing_version_id: impl Display) -> ListPackages {
        self.list_packages_with(ListPackagesParams::new(listing_version_id))
    }

    /// The packages of an application version, with stored parameters.
    pub fn list_packages_with(&self, params: ListPackagesParams) -> ListPackages {
        ListPackages {
            client: self.clone(),
            params,
        }
    }
}

impl ListPackages {
    /// Calls API v1 (the default) or v2.
    pub fn api_version(mut self, version: ApiVersion) -> Self {
        self.params.api_version = version;
        self
    }

    /// The parameters (to store and replay the call).
    pub fn params(&self) -> &ListPackagesParams {
        &self.params
    }

    /// Sends the request and decodes the packages, whatever the shape of the list.
    pub async fn send(self) -> Result<Vec<PackageVersion>, Error> {
        self.send_as().await
    }

    /// Sends the request and decodes each package as `T` (e.g. `serde_json::Value`).
    pub async fn send_as<T: DeserializeOwned>(self) -> Result<Vec<T>, Error> {
        self.params.validate()?;
        let response = self.client.transport().send(self.params.request()).await?;
        decode_list::<PackageWrapper<T>>(response.body(), BareObject::IsItem).map(|list| list.items)
    }
}
