//! OceanBase Cloud's paging rule: page numbers from 1, `pageSize` items per page (default 10,
//! maximum unconfirmed), the total in `data.total` or `totalCount`.
//!
//! A listing ends when `pageNumber × pageSize ≥ total`, or on an empty or short page. The
//! maximum page size is unconfirmed and responses echo neither a page number nor a size, so
//! the runtime's [`next_page_number`] measures the server's: when the first page holds fewer
//! items than asked although the total says more follow (a server that caps the page size
//! silently), the listing goes on at the size it served, and the next cursor carries that
//! size, so resuming and prefetch use it too. A later page that does not fit the size fails
//! the listing rather than guess where the next page starts.
//!
//! A server that ignores `pageNumber` is caught by a [`RepeatedPageGuard`] (its responses
//! echo no page number to check). Prefetch (`concurrency`) starts once the first page has
//! reported the total.

use crate::envelope::decode_listing;
use pkgmodel::{Cursor, Page};
use pkgruntime::{
    ApiRequest, BoxFuture, Error, PageReport, PageSource, RepeatedPageGuard, Transport,
    next_page_number,
};
use serde::de::DeserializeOwned;
use std::marker::PhantomData;
use std::sync::Arc;

/// The page size sent when none is set: the API's own default.
pub const DEFAULT_PAGE_SIZE: u32 = 10;

/// The cursor of the page after page `page` of `size` items, which returned `returned`
/// items of a listing of `total` (if reported).
pub(crate) fn next_cursor(
    page: u64,
    size: u32,
    returned: usize,
    total: Option<u64>,
) -> Result<Option<Cursor>, Error> {
    let report = PageReport {
        total_items: total,
        ..PageReport::default()
    };
    next_page_number(page, size, returned, &report)
}

/// The parameters of an OceanBase Cloud listing, as its [`ListSource`] needs them.
pub(crate) trait ListParams: Send + Sync + 'static {
    /// The page size asked for when the cursor does not say.
    fn page_size(&self) -> u32;

    /// The request for page `page` of `size` items.
    fn request(&self, page: u64, size: u32) -> ApiRequest;
}

/// Fetches pages of a validated OceanBase Cloud listing (backup sets, instances) whose
/// items decode into `T`.
pub(crate) struct ListSource<P, T> {
    transport: Transport,
    params: P,
    /// Responses echo no page number: a server ignoring `pageNumber` is caught by its
    /// repeated body (less the `requestId`, which differs on every response).
    repeats: Arc<RepeatedPageGuard>,
    items: PhantomData<fn() -> T>,
}

impl<P, T> ListSource<P, T> {
    pub(crate) fn new(transport: Transport, params: P) -> Self {
        Self {
            transport,
            params,
            repeats: Arc::new(RepeatedPageGuard::ignoring("requestId")),
            items: PhantomData,
        }
    }
}

impl<P: ListParams, T: DeserializeOwned + Send + 'static> PageSource for ListSource<P, T> {
    type Item = T;

    fn first_cursor(&self) -> Option<Cursor> {
        Some(Cursor::PageNumber {
            page: 1,
            size: self.params.page_size(),
        })
    }

    fn fetch(&self, cursor: Option<&Cursor>) -> BoxFuture<'static, Result<Page<T>, Error>> {
        let (page, size) = match page_at(cursor, self.params.page_size()) {
            Ok(at) => at,
            Err(error) => return Box::pin(std::future::ready(Err(error))),
        };
        let request = self.params.request(page, size);
        Box::pin(fetch_page(
            self.transport.clone(),
            request,
            page,
            size,
            Arc::clone(&self.repeats),
        ))
    }
}

/// Sends the request for page `page` of `size` items and decodes it: its items, the next
/// page's cursor, and a [`RepeatedPageGuard`] check (a server ignoring `pageNumber`).
async fn fetch_page<T: DeserializeOwned>(
    transport: Transport,
    request: ApiRequest,
    page: u64,
    size: u32,
    repeats: Arc<RepeatedPageGuard>,
) -> Result<Page<T>, Error> {
    let response = transport.send(request).await?;
    let listing = decode_listing::<T>(&transport, &response)?;
    let position = page.saturating_sub(1).saturating_mul(u64::from(size));
    repeats.check(
        position,
        response.body(),
        listing.items.len(),
        "page_number",
    )?;
    let next = next_cursor(page, size, listing.items.len(), listing.total)?;
    Ok(Page::new(listing.items, next, listing.total))
}

/// The page and size a listing fetches at `cursor` (`None`: page 1 at `default_size`),
/// refusing cursors that are not page-number ones with page and size at least 1.
pub(crate) fn page_at(cursor: Option<&Cursor>, default_size: u32) -> Result<(u64, u32), Error> {
    match cursor {
        None => Ok((1, default_size)),
        Some(Cursor::PageNumber { page, size }) if *page >= 1 && *size >= 1 => Ok((*page, *size)),
        Some(_) => Err(Error::invalid_input(
            "resume_from",
            "must be a page-number cursor from an OceanBase Cloud listing, with page and size at least 1",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[allow(clippy::unnecessary_wraps)] // compared with `Option<Cursor>`s
    fn page(page: u64, size: u32) -> Option<Cursor> {
        Some(Cursor::PageNumber { page, size })
    }

    fn next(page: u64, size: u32, returned: usize, total: Option<u64>) -> Option<Cursor> {
        next_cursor(page, size, returned, total).unwrap()
    }

    #[test]
    fn the_total_ends_the_listing() {
        assert_eq!(next(1, 10, 10, Some(25)), page(2, 10));
        assert_eq!(next(2, 10, 10, Some(25)), page(3, 10));
        assert_eq!(next(3, 10, 5, Some(25)), None);
        assert_eq!(next(2, 10, 10, Some(20)), None);
        assert_eq!(next(1, 10, 0, Some(0)), None);
    }

    #[test]
    fn without_a_total_a_short_or_empty_page_ends_it() {
        assert_eq!(next(1, 10, 10, None), page(2, 10));
        assert_eq!(next(2, 10, 3, None), None);
        assert_eq!(next(2, 10, 0, None), None);
    }

    #[test]
    fn a_short_first_page_with_more_reported_continues_at_the_served_size() {
        // Asked 500, served 100 of 1000: page 2 of 100 comes next.
        assert_eq!(next(1, 500, 100, Some(1000)), page(2, 100));
        // A later page that does not fit the size: where the next starts is unknown.
        assert!(next_cursor(3, 20, 10, Some(100)).is_err());
        assert!(next_cursor(2, 10, 3, Some(100)).is_err());
        // An empty page with more reported: on by the asked size (the engine re-checks it).
        assert_eq!(next(2, 10, 0, Some(100)), page(3, 10));
        // A short last page is simply the end.
        assert_eq!(next(1, 10, 4, Some(4)), None);
    }

    #[test]
    fn cursors_are_checked() {
        assert_eq!(page_at(None, 10).unwrap(), (1, 10));
        assert_eq!(page_at(page(4, 7).as_ref(), 10).unwrap(), (4, 7));
        for bad in [
            page(0, 10),
            page(1, 0),
            Some(Cursor::Token { token: "t".into() }),
        ] {
            let error = page_at(bad.as_ref(), 10).unwrap_err();
            assert_eq!(error.invalid_field().unwrap().field, "resume_from");
        }
    }
}
