//! `GET /appstore/publisher/v1/applications`: the partner's application listings, paged with
//! `limit` (1 to 100, default 30) and `offset`.
//!
//! How a listing ends is not documented (no total or next link was found), so the client
//! stops on an empty page; a page shorter than `limit` is followed by one more request from
//! the next item, since a server may cap the page size below `limit` without saying so —
//! the runtime's [`next_offset`](pkgruntime::next_offset) rule. Should the server send
//! Oracle REST's usual `hasMore: false` or `totalResults`, they are honoured too.

use crate::envelope::{BareObject, SummaryWrapper, decode_list};
use crate::operation::{ApiVersion, applications_path};
use crate::{AppStoreClient, ApplicationSummary, ListingStatus};
use pkgmodel::{Cursor, Page};
use pkgruntime::{
    ApiRequest, BoxFuture, Error, PageOptions, PageSource, QueryList, RepeatedPageGuard,
    next_offset,
};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::marker::PhantomData;
use std::sync::Arc;

/// The page size used when none is set: the API's own default.
pub const DEFAULT_PAGE_SIZE: u32 = 30;

/// The largest page size the API accepts.
pub const MAX_PAGE_SIZE: u32 = 100;

/// The parameters of an applications listing; serialisable, so a listing can be stored and
/// replayed with [`AppStoreClient::list_applications_with`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ListApplicationsParams {
    /// Items per page, sent as `limit`: 1 to 100 (default [`DEFAULT_PAGE_SIZE`]).
    pub page_size: Option<u32>,
    /// Where the listing starts, sent as `offset` (default 0).
    pub offset: Option<u64>,
    /// Only listings in these statuses, sent comma-separated as `status`.
    pub statuses: Vec<ListingStatus>,
}

impl ListApplicationsParams {
    /// Checks every documented rule; the error names the field and the rule.
    pub fn validate(&self) -> Result<(), Error> {
        let size = self.page_size();
        if !(1..=MAX_PAGE_SIZE).contains(&size) {
            return Err(Error::invalid_input(
                "page_size",
                format!(
                    "must be between 1 and {MAX_PAGE_SIZE} (it is sent as `limit`; got {size})"
                ),
            ));
        }
        for status in &self.statuses {
            let text = status.as_str();
            if text.trim().is_empty() || text.contains(',') || text.chars().any(char::is_control) {
                return Err(Error::invalid_input(
                    "statuses",
                    format!(
                        "values must be non-empty, without commas or control characters (got {text:?})"
                    ),
                ));
            }
        }
        Ok(())
    }

    /// The page size that will be sent as `limit`.
    pub fn page_size(&self) -> u32 {
        self.page_size.unwrap_or(DEFAULT_PAGE_SIZE)
    }

    fn request(&self, offset: u64, limit: u32) -> ApiRequest {
        ApiRequest::get("list_applications")
            .path(applications_path(ApiVersion::V1, &[]))
            .query("limit", limit)
            .query("offset", offset)
            .query_list("status", &self.statuses, QueryList::CommaJoined)
    }
}

/// Lists the partner's applications: [`send`](Self::send) for one page,
/// [`pages`](Self::pages) / [`items`](Self::items) for a `Stream` over all of them.
///
/// ```
/// use futures::TryStreamExt as _;
/// use appstore_client::ListingStatus;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), pkgruntime::Error> {
/// let mock = appstore_client::testing::AppStoreMock::start().await;
/// mock.generate_catalog(250);
/// let client = mock.client();
///
/// let all: Vec<_> = client.list_applications().page_size(100).items().try_collect().await?;
/// assert_eq!(all.len(), 250);
///
/// let published: Vec<_> = client
///     .list_applications()
///     .statuses([ListingStatus::Published])
///     .items()
///     .try_collect()
///     .await?;
/// assert!(published.iter().all(|app| app.listing_status() == Some(ListingStatus::Published)));
///
/// let first = client.list_applications().page_size(10).send().await?;
/// assert_eq!(first.items.len(), 10);
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
#[must_use = "a listing does nothing until sent or streamed"]
pub struct ListApplications {
    client: AppStoreClient,
    params: ListApplicationsParams,
    paging: PageOptions,
}

impl AppStoreClient {
    /// Lists the partner's applications (`GET /appstore/publisher/v1/applications`).
    pub fn list_applications(&self) -> ListApplications {
        self.list_applications_with(ListApplicationsParams::default())
    }

    /// Lists applications with stored parameters.
    pub fn list_applications_with(&self, params: ListApplicationsParams) -> ListApplications {
        ListApplications {
            client: self.clone(),
            params,
            paging: PageOptions::default(),
        }
    }
}

impl ListApplications {
    /// Items per page, sent as the API's `limit`: 1 to 100 (default
    /// [`DEFAULT_PAGE_SIZE`]); checked before sending. (`limit` on this builder caps the
    /// number of items the stream yields.)
    pub fn page_size(mut self, size: u32) -> Self {
        self.params.page_size = Some(size);
        self
    }

    /// Starts the listing at this offset (default 0).
    pub fn offset(mut self, offset: u64) -> Self {
        self.params.offset = Some(offset);
        self
    }

    /// Only listings in these statuses.
    pub fn statuses<I>(mut self, statuses: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<ListingStatus>,
    {
        self.params.statuses = statuses.into_iter().map(Into::into).collect();
        self
    }

    pkgruntime::list_operation!(paging, ApplicationSummary);

    /// The parameters so far (to store and replay the listing).
    pub fn params(&self) -> &ListApplicationsParams {
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
    client: AppStoreClient,
    params: ListApplicationsParams,
    /// Responses echo no position: a server ignoring `offset` is caught by its repeated body.
    repeats: Arc<RepeatedPageGuard>,
    items: PhantomData<fn() -> T>,
}

impl<T> ListSource<T> {
    fn new(client: AppStoreClient, params: ListApplicationsParams) -> Self {
        Self {
            client,
            params,
            repeats: Arc::default(),
            items: PhantomData,
        }
    }
}

impl<T: DeserializeOwned + Send + 'static> PageSource for ListSource<T> {
    type Item = T;

    fn first_cursor(&self) -> Option<Cursor> {
        Some(Cursor::Offset {
            offset: self.params.offset.unwrap_or(0),
            limit: self.params.page_size(),
        })
    }

    fn fetch(&self, cursor: Option<&Cursor>) -> BoxFuture<'static, Result<Page<T>, Error>> {
        let (offset, limit) = match cursor {
            None => (self.params.offset.unwrap_or(0), self.params.page_size()),
            Some(Cursor::Offset { offset, limit }) if (1..=MAX_PAGE_SIZE).contains(limit) => {
                (*offset, *limit)
            }
            Some(_) => {
                let error = Error::invalid_input(
                    "resume_from",
                    format!("must be an offset cursor with a limit of 1 to {MAX_PAGE_SIZE}"),
                );
                return Box::pin(std::future::ready(Err(error)));
            }
        };
        let request = self.params.request(offset, limit);
        let transport = self.client.transport().clone();
        let repeats = Arc::clone(&self.repeats);
        Box::pin(async move {
            let response = transport.send(request).await?;
            let list = decode_list::<SummaryWrapper<T>>(response.body(), BareObject::IsEnvelope)?;
            repeats.check(offset, response.body(), list.items.len(), "offset")?;
            let next = match list.has_more {
                Some(false) => None,
                _ => next_offset(offset, limit, list.items.len(), list.total),
            };
            Ok(Page::new(list.items, next, list.total))
        })
    }
}
