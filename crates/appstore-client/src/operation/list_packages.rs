//! `GET /appstore/publisher/{v1,v2}/applications/{listingVersionId}/packages`: the packages
//! of an application version. Not paginated.
//!
//! Documented as a list, shown as one object, read by a public client as
//! `{items:[{Package:{…}}]}`: every shape is accepted — a bare object, a bare array, and
//! `{items:[…]}` with or without a `Package` wrapper per item — and the result is always
//! one [`Page`] (with no next cursor), like every other listing.

use crate::envelope::{BareObject, PackageWrapper, decode_list};
use crate::operation::{ApiVersion, applications_path, id_text, validate_id};
use crate::{AppStoreClient, PackageVersion};
use pkgmodel::{Cursor, Page};
use pkgruntime::{ApiRequest, BoxFuture, Error, PageOptions, PageSource};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::fmt::Display;
use std::marker::PhantomData;

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

/// Lists the packages of an application version. The API is not paged: [`send`](Self::send)
/// returns them all as one [`Page`] (no next cursor), and [`items`](Self::items) streams
/// them like any other listing; `pages_as` / `items_as` decode them into another type.
///
/// ```
/// use appstore_client::ApiVersion;
/// use futures::TryStreamExt as _;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), pkgruntime::Error> {
/// let mock = appstore_client::testing::AppStoreMock::start().await;
/// let page = mock.client().list_packages(2133526).send().await?;
/// assert_eq!(page.items.len(), 1);
/// assert_eq!(page.items[0].id, Some(3084832));
/// assert!(page.next.is_none());
///
/// let v2: Vec<_> = mock
///     .client()
///     .list_packages(148637011)
///     .api_version(ApiVersion::V2)
///     .items()
///     .try_collect()
///     .await?;
/// assert_eq!(v2[0].status.as_ref().and_then(|s| s.display_name()), Some("New"));
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
#[must_use = "a listing does nothing until sent or streamed"]
pub struct ListPackages {
    client: AppStoreClient,
    params: ListPackagesParams,
    paging: PageOptions,
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
            paging: PageOptions::default(),
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

    pkgruntime::list_operation!(paging, PackageVersion);

    /// Checks the id; the source of the listing's one page, items decoded as `T`.
    fn into_source<T: DeserializeOwned + Send + 'static>(
        self,
    ) -> Result<(ListSource<T>, PageOptions), Error> {
        self.params.validate()?;
        let source = ListSource {
            client: self.client,
            params: self.params,
            items: PhantomData,
        };
        Ok((source, self.paging))
    }
}

/// Fetches the one page of a validated listing.
struct ListSource<T> {
    client: AppStoreClient,
    params: ListPackagesParams,
    items: PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned + Send + 'static> PageSource for ListSource<T> {
    type Item = T;

    fn fetch(&self, cursor: Option<&Cursor>) -> BoxFuture<'static, Result<Page<T>, Error>> {
        if cursor.is_some() {
            let error = Error::invalid_input(
                "resume_from",
                "does not apply: the packages of an application version come in one response",
            );
            return Box::pin(std::future::ready(Err(error)));
        }
        let request = self.params.request();
        let transport = self.client.transport().clone();
        Box::pin(async move {
            let response = transport.send(request).await?;
            let items =
                decode_list::<PackageWrapper<T>>(response.body(), BareObject::IsItem)?.items;
            let total = u64::try_from(items.len()).ok();
            Ok(Page::new(items, None, total))
        })
    }
}
