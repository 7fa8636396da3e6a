//! `GET /v5/iot/{project_id}/ota-upgrades/packages` (`ListOtaPackageInfo`):
//! [`ListOtaPackages`].
//!
//! Marker paging, newest first: each page returns the records below the marker it was given
//! and a `page.marker` to send back for the next one (never the last `package_id`, which is a
//! different identifier). `page.count` is the total number of matches. The listing stops
//! when the marker is missing, or a page is empty or shorter than `limit`; a marker the server
//! already returned ends it with a pagination-loop error. Marker listings are always
//! sequential (`concurrency` has no effect).

use crate::envelope::ListBody;
use crate::{IotdaClient, OtaPackageInfo, PackageType, limits};
use pkgmodel::{Cursor, Page};
use pkgruntime::{ApiRequest, BoxFuture, Error, PageOptions, PageSource, next_marker};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::marker::PhantomData;

/// The page size used when none is set: IoTDA's maximum, for the fewest requests.
pub const DEFAULT_PAGE_SIZE: u32 = 50;

/// The largest `limit` IoTDA accepts.
pub const MAX_PAGE_SIZE: u32 = 50;

/// The largest `offset` IoTDA accepts.
pub const MAX_OFFSET: u64 = 500;

/// The marker that starts a listing at the newest record (IoTDA's default).
pub const FIRST_MARKER: &str = "ffffffffffffffffffffffff";

/// The parameters of an OTA-package listing; serialisable, to store and replay a listing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ListOtaPackagesParams {
    /// Software or firmware packages (required by IoTDA).
    pub package_type: PackageType,
    /// Only this resource space.
    #[serde(default)]
    pub app_id: Option<String>,
    /// Only this product.
    #[serde(default)]
    pub product_id: Option<String>,
    /// Only this version.
    #[serde(default)]
    pub version: Option<String>,
    /// Records per page, 1 to 50 (default [`DEFAULT_PAGE_SIZE`]).
    #[serde(default)]
    pub page_size: Option<u32>,
    /// Records to skip after the start marker, 0 to 500.
    #[serde(default)]
    pub offset: Option<u64>,
    /// Start below this marker (24 hex digits) instead of at the newest record.
    #[serde(default)]
    pub marker: Option<String>,
}

impl Default for ListOtaPackagesParams {
    fn default() -> Self {
        Self::new(PackageType::SoftwarePackage)
    }
}

impl ListOtaPackagesParams {
    /// A listing of packages of `package_type`.
    pub fn new(package_type: PackageType) -> Self {
        Self {
            package_type,
            app_id: None,
            product_id: None,
            version: None,
            page_size: None,
            offset: None,
            marker: None,
        }
    }

    /// Checks every documented rule; the error names the field and the rule.
    pub fn validate(&self) -> Result<(), Error> {
        if let PackageType::Unknown(other) = &self.package_type {
            limits::identifier("package_type", other, 64, limits::UNDERSCORE_HYPHEN)?;
        }
        if let Some(app_id) = &self.app_id {
            limits::identifier("app_id", app_id, 36, limits::UNDERSCORE_HYPHEN)?;
        }
        if let Some(product_id) = &self.product_id {
            limits::identifier("product_id", product_id, 36, limits::UNDERSCORE_HYPHEN)?;
        }
        if let Some(version) = &self.version {
            limits::identifier("version", version, 256, limits::UNDERSCORE_HYPHEN_DOT)?;
        }
        limits::range("page_size", self.page_size(), 1..=MAX_PAGE_SIZE)?;
        if let Some(offset) = self.offset {
            limits::range("offset", offset, 0..=MAX_OFFSET)?;
        }
        if let Some(marker) = &self.marker {
            limits::marker(marker)?;
        }
        Ok(())
    }

    /// The `limit` that will be sent.
    pub fn page_size(&self) -> u32 {
        self.page_size.unwrap_or(DEFAULT_PAGE_SIZE)
    }

    /// The request for one page: after `marker`, skipping `offset` records.
    fn request(
        &self,
        client: &IotdaClient,
        marker: Option<&str>,
        offset: Option<u64>,
    ) -> ApiRequest {
        client
            .request(ApiRequest::get("list_ota_packages"), &[])
            .query("package_type", &self.package_type)
            .query_opt("app_id", self.app_id.as_deref())
            .query_opt("product_id", self.product_id.as_deref())
            .query_opt("version", self.version.as_deref())
            .query("limit", self.page_size())
            .query_opt("marker", marker)
            .query_opt("offset", offset.filter(|offset| *offset > 0))
    }
}

/// Lists OTA upgrade packages of one type: set filters, then [`send`](Self::send) for one
/// page, or [`pages`](Self::pages) / [`items`](Self::items) for a `Stream` over all of them,
/// newest first.
///
/// ```
/// use futures::TryStreamExt as _;
/// use iotda_client::PackageType;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let mock = iotda_client::testing::IotdaMock::start().await;
/// mock.generate_catalog(274); // every other generated package is a software package
/// let packages: Vec<_> = mock
///     .client()
///     .list_ota_packages(PackageType::SoftwarePackage)
///     .page_size(50)
///     .items()
///     .try_collect()
///     .await?;
/// assert_eq!(packages.len(), 137);
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
#[must_use = "a listing does nothing until sent or streamed"]
pub struct ListOtaPackages {
    client: IotdaClient,
    params: ListOtaPackagesParams,
    paging: PageOptions,
}

impl IotdaClient {
    /// Lists OTA upgrade packages of `package_type` (`ListOtaPackageInfo`).
    pub fn list_ota_packages(&self, package_type: PackageType) -> ListOtaPackages {
        self.list_ota_packages_with(ListOtaPackagesParams::new(package_type))
    }

    /// Lists OTA upgrade packages with stored parameters.
    pub fn list_ota_packages_with(&self, params: ListOtaPackagesParams) -> ListOtaPackages {
        ListOtaPackages {
            client: self.clone(),
            params,
            paging: PageOptions::default(),
        }
    }
}

impl ListOtaPackages {
    /// Only packages of this resource space (≤ 36 of `A-Z a-z 0-9 _ -`).
    pub fn app_id(mut self, app_id: impl Into<String>) -> Self {
        self.params.app_id = Some(app_id.into());
        self
    }

    /// Only packages of this product (≤ 36 of `A-Z a-z 0-9 _ -`).
    pub fn product_id(mut self, product_id: impl Into<String>) -> Self {
        self.params.product_id = Some(product_id.into());
        self
    }

    /// Only packages of this version (≤ 256 of `A-Z a-z 0-9 _ - .`).
    pub fn version(mut self, version: impl Into<String>) -> Self {
        self.params.version = Some(version.into());
        self
    }

    /// Records per page (`limit`), 1 to 50; default [`DEFAULT_PAGE_SIZE`].
    pub fn page_size(mut self, size: u32) -> Self {
        self.params.page_size = Some(size);
        self
    }

    /// Skips this many records after the start (`offset`), 0 to 500.
    pub fn offset(mut self, offset: u64) -> Self {
        self.params.offset = Some(offset);
        self
    }

    /// Starts below this marker (24 hex digits, from an earlier `page.marker`).
    pub fn marker(mut self, marker: impl Into<String>) -> Self {
        self.params.marker = Some(marker.into());
        self
    }

    pkgruntime::list_operation!(paging, OtaPackageInfo);

    /// The parameters so far.
    pub fn params(&self) -> &ListOtaPackagesParams {
        &self.params
    }

    /// Checks the parameters; the source of the listing's pages, items decoded as `T`.
    fn into_source<T: DeserializeOwned + Send + 'static>(
        self,
    ) -> Result<(ListSource<T>, PageOptions), Error> {
        self.params.validate()?;
        Ok((ListSource::new(self.client, self.params), self.paging))
    }
}

/// Fetches pages of a validated listing.
struct ListSource<T> {
    client: IotdaClient,
    params: ListOtaPackagesParams,
    items: PhantomData<fn() -> T>,
}

impl<T> ListSource<T> {
    fn new(client: IotdaClient, params: ListOtaPackagesParams) -> Self {
        Self {
            client,
            params,
            items: PhantomData,
        }
    }
}

impl<T: DeserializeOwned + Send + 'static> PageSource for ListSource<T> {
    type Item = T;

    fn first_cursor(&self) -> Option<Cursor> {
        Some(Cursor::Marker {
            marker: self
                .params
                .marker
                .clone()
                .unwrap_or_else(|| FIRST_MARKER.to_owned()),
            offset: self.params.offset.unwrap_or(0),
        })
    }

    fn first_position(&self) -> Option<u64> {
        // From the default marker, the listing starts `offset` items in (so the reported
        // total can end it); after another marker, where is unknown.
        self.params
            .marker
            .is_none()
            .then(|| self.params.offset.unwrap_or(0))
    }

    fn fetch(&self, cursor: Option<&Cursor>) -> BoxFuture<'static, Result<Page<T>, Error>> {
        let (marker, offset) = match cursor {
            None => (None, None),
            // IoTDA's own defaults: the first page, sent as such.
            Some(Cursor::Marker { marker, offset: 0 }) if marker == FIRST_MARKER => (None, None),
            Some(Cursor::Marker { marker, offset }) => {
                if let Err(error) = limits::marker(marker)
                    .and_then(|()| limits::range("offset", *offset, 0..=MAX_OFFSET))
                {
                    return Box::pin(std::future::ready(Err(error)));
                }
                (Some(marker.as_str()), Some(*offset))
            }
            Some(_) => {
                let error = Error::invalid_input(
                    "resume_from",
                    "must be a marker cursor from an IoTDA listing",
                );
                return Box::pin(std::future::ready(Err(error)));
            }
        };
        let request = self.params.request(&self.client, marker, offset);
        let limit = self.params.page_size();
        let transport = self.client.transport().clone();
        Box::pin(async move {
            let body: ListBody<T> = transport.send_json(request).await?;
            let page = body.page.unwrap_or_default();
            let next = next_marker(
                page.marker.as_deref(),
                body.packages.len(),
                limit,
                page.count,
            );
            Ok(Page::new(body.packages, next, page.count))
        })
    }
}
