//! `GET /api/v2/software-packages`: [`ListSoftwarePackages`].
//!
//! Filters: `keyword`, `type`, `version`, `operatingSystem`, `architecture` (several values
//! comma-separated), `sort`; paging by page number (`page` from 1, `size` up to 2000, always
//! sent). Every page request carries every filter, and the query is in key order so that an
//! AccessKey signature covers exactly what is sent.

use crate::envelope::decode_page;
use crate::{OcpClient, SoftwarePackageMeta, SoftwarePackageType, Sort};
use pkgmodel::{Cursor, Page};
use pkgruntime::{ApiRequest, BoxFuture, Error, PageOptions, PageSource, QueryList};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::marker::PhantomData;

/// The page size used when none is set: large enough to list big catalogues in few
/// requests, small enough to keep each response a few hundred KiB.
pub const DEFAULT_PAGE_SIZE: u32 = 500;

/// The largest page size OCP serves (Spring silently lowers larger values to it).
pub const MAX_PAGE_SIZE: u32 = 2000;

/// The parameters of a software-package listing; serialisable, so a listing can be stored
/// and replayed with [`OcpClient::list_software_packages_with`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ListSoftwarePackagesParams {
    /// Matches package names containing this text.
    pub keyword: Option<String>,
    /// Only these types.
    pub types: Vec<SoftwarePackageType>,
    /// Only these versions.
    pub versions: Vec<String>,
    /// Only these operating systems.
    pub operating_systems: Vec<String>,
    /// Only these architectures.
    pub architectures: Vec<String>,
    /// The order.
    pub sort: Option<Sort>,
    /// Items per page, 1 to 2000 (default [`DEFAULT_PAGE_SIZE`]).
    pub page_size: Option<u32>,
}

impl ListSoftwarePackagesParams {
    /// Checks every documented rule; the error names the field and the rule.
    pub fn validate(&self) -> Result<(), Error> {
        let size = self.page_size();
        if !(1..=MAX_PAGE_SIZE).contains(&size) {
            return Err(Error::invalid_input(
                "page_size",
                format!("must be between 1 and {MAX_PAGE_SIZE} (got {size})"),
            ));
        }
        if let Some(keyword) = &self.keyword
            && keyword.chars().any(char::is_control)
        {
            return Err(Error::invalid_input(
                "keyword",
                "must not contain control characters",
            ));
        }
        let lists: [(&str, Vec<&str>); 4] = [
            (
                "types",
                self.types.iter().map(SoftwarePackageType::as_str).collect(),
            ),
            (
                "versions",
                self.versions.iter().map(String::as_str).collect(),
            ),
            (
                "operating_systems",
                self.operating_systems.iter().map(String::as_str).collect(),
            ),
            (
                "architectures",
                self.architectures.iter().map(String::as_str).collect(),
            ),
        ];
        for (field, values) in lists {
            for value in values {
                if value.trim().is_empty() {
                    return Err(Error::invalid_input(field, "must not contain empty values"));
                }
                if value.contains(',') {
                    return Err(Error::invalid_input(
                        field,
                        format!(
                            "values must not contain a comma (they are sent comma-separated; got {value:?})"
                        ),
                    ));
                }
                if value.chars().any(char::is_control) {
                    return Err(Error::invalid_input(
                        field,
                        "values must not contain control characters",
                    ));
                }
            }
        }
        Ok(())
    }

    /// The page size that will be sent.
    pub fn page_size(&self) -> u32 {
        self.page_size.unwrap_or(DEFAULT_PAGE_SIZE)
    }

    /// The request for page `page` of `size` items, query in key order.
    fn request(&self, page: u64, size: u32) -> ApiRequest {
        ApiRequest::get("list_software_packages")
            .path(["api", "v2", "software-packages"])
            .query_list("architecture", &self.architectures, QueryList::CommaJoined)
            .query_opt("keyword", self.keyword.as_deref())
            .query_list(
                "operatingSystem",
                &self.operating_systems,
                QueryList::CommaJoined,
            )
            .query("page", page)
            .query("size", size)
            .query_opt("sort", self.sort.as_ref())
            .query_list("type", &self.types, QueryList::CommaJoined)
            .query_list("version", &self.versions, QueryList::CommaJoined)
    }
}

/// Lists software packages: set filters, then [`send`](Self::send) for one page, or
/// [`pages`](Self::pages) / [`items`](Self::items) for a `Stream` over all of them.
///
/// ```
/// use futures::TryStreamExt as _;
/// use ocp_client::{SoftwarePackageType, Sort, SortField};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let mock = ocp_client::testing::OcpMock::start().await;
/// mock.generate_catalog(120);
/// let client = mock.client();
///
/// let agents: Vec<_> = client
///     .list_software_packages()
///     .types([SoftwarePackageType::OcpAgentInstallPackage])
///     .operating_systems(["el7"])
///     .sort(Sort::asc(SortField::Name))
///     .page_size(25)
///     .items()
///     .try_collect()
///     .await?;
/// assert!(agents.iter().all(|p| p.operating_system.as_deref() == Some("el7")));
///
/// let first_page = client.list_software_packages().page_size(50).send().await?;
/// assert_eq!(first_page.items.len(), 50);
/// assert_eq!(first_page.total, Some(120));
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
#[must_use = "a listing does nothing until sent or streamed"]
pub struct ListSoftwarePackages {
    client: OcpClient,
    params: ListSoftwarePackagesParams,
    paging: PageOptions,
}

impl OcpClient {
    /// Lists software packages (`GET /api/v2/software-packages`).
    pub fn list_software_packages(&self) -> ListSoftwarePackages {
        self.list_software_packages_with(ListSoftwarePackagesParams::default())
    }

    /// Lists software packages with stored parameters.
    pub fn list_software_packages_with(
        &self,
        params: ListSoftwarePackagesParams,
    ) -> ListSoftwarePackages {
        ListSoftwarePackages {
            client: self.clone(),
            params,
            paging: PageOptions::default(),
        }
    }
}

impl ListSoftwarePackages {
    /// Only packages whose name contains `keyword`.
    pub fn keyword(mut self, keyword: impl Into<String>) -> Self {
        self.params.keyword = Some(keyword.into());
        self
    }

    /// Only packages of these types.
    pub fn types<I>(mut self, types: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<SoftwarePackageType>,
    {
        self.params.types = types.into_iter().map(Into::into).collect();
        self
    }

    /// Only packages of these versions.
    pub fn versions<I>(mut self, versions: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.params.versions = versions.into_iter().map(Into::into).collect();
        self
    }

    /// Only packages for these operating systems (e.g. `el7`, `alios7`).
    pub fn operating_systems<I>(mut self, operating_systems: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.params.operating_systems = operating_systems.into_iter().map(Into::into).collect();
        self
    }

    /// Only packages for these architectures (e.g. `x86_64`, `aarch64`).
    pub fn architectures<I>(mut self, architectures: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.params.architectures = architectures.into_iter().map(Into::into).collect();
        self
    }

    /// The order, e.g. `Sort::asc(SortField::Name)` (sent as `name,asc`).
    pub fn sort(mut self, sort: Sort) -> Self {
        self.params.sort = Some(sort);
        self
    }

    /// Items per page, 1 to 2000 (default [`DEFAULT_PAGE_SIZE`]); checked before sending.
    pub fn page_size(mut self, size: u32) -> Self {
        self.params.page_size = Some(size);
        self
    }

    pkgruntime::list_operation!(paging, SoftwarePackageMeta);

    /// The parameters so far (to store and replay the listing).
    pub fn params(&self) -> &ListSoftwarePackagesParams {
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
    client: OcpClient,
    params: ListSoftwarePackagesParams,
    items: PhantomData<fn() -> T>,
}

impl<T> ListSource<T> {
    fn new(client: OcpClient, params: ListSoftwarePackagesParams) -> Self {
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
        Some(Cursor::PageNumber {
            page: 1,
            size: self.params.page_size(),
        })
    }

    fn fetch(&self, cursor: Option<&Cursor>) -> BoxFuture<'static, Result<Page<T>, Error>> {
        let (page, size) = match cursor {
            None => (1, self.params.page_size()),
            Some(Cursor::PageNumber { page, size })
                if *page >= 1 && (1..=MAX_PAGE_SIZE).contains(size) =>
            {
                (*page, *size)
            }
            Some(_) => {
                let error = Error::invalid_input(
                    "resume_from",
                    format!(
                        "must be a page-number cursor with page ≥ 1 and size 1 to {MAX_PAGE_SIZE}"
                    ),
                );
                return Box::pin(std::future::ready(Err(error)));
            }
        };
        let request = self.params.request(page, size);
        let transport = self.client.transport().clone();
        Box::pin(async move {
            let response = transport.send(request).await?;
            decode_page(response.body(), page, size, || {
                transport.api_error(&response).into()
            })
        })
    }
}
