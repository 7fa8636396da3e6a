//! Paging rules: from what a page reported to the cursor of the next page.
//!
//! Every vendor's envelope decoder ends with one of these, so the rules that decide where a
//! listing ends are written once. Each decision comes from what the server *reported*, never
//! from what was asked:
//!
//! - when the server reports a total, it is trusted: paging goes on across empty or short
//!   pages until the total is reached;
//! - without a total, an empty page or one shorter than the page size is the last — except
//!   a short first page (page number) or any short page (offset), which may be a silent cap:
//!   paging goes on at the size served, and an empty page ends it (one more request);
//! - a missing or empty marker or token is the end;
//! - the page size is the server's: the one it reports, or — when it reports none and the
//!   first page holds another number of items than asked although more follow (a deployment
//!   that caps the page size) — the number it served. The next cursor carries that size, so
//!   prefetch and resuming line up with the server's pages. Where the server's page size
//!   cannot be known, the rule fails ([`PaginationLoopReason::UnexpectedPageSize`]) rather
//!   than guess and skip or repeat items.
//!
//! ```
//! use pkgmodel::Cursor;
//! use pkgruntime::{PageReport, next_marker, next_page_number};
//!
//! // OCP: page 1 of 3, reported in `data.page`.
//! let report = PageReport { number: Some(1), total_pages: Some(3), ..PageReport::default() };
//! assert_eq!(next_page_number(1, 10, 10, &report)?, Some(Cursor::PageNumber { page: 2, size: 10 }));
//! // A deployment that caps the page size at 1000 says so: the next page is asked at its size.
//! let capped = PageReport { number: Some(1), size: Some(1000), total_pages: Some(12), total_items: Some(12_000) };
//! assert_eq!(next_page_number(1, 2000, 1000, &capped)?, Some(Cursor::PageNumber { page: 2, size: 1000 }));
//! // An empty page reporting zeros everywhere is the end.
//! let empty = PageReport { number: Some(0), size: Some(0), total_pages: Some(0), total_items: Some(0) };
//! assert_eq!(next_page_number(1, 10, 0, &empty)?, None);
//! // IoTDA: a full page with a marker goes on; a short one ends, unless a total says more.
//! assert!(next_marker(Some("5c90fa7d3c4e4405e8525079"), 50, 50, None).is_some());
//! assert_eq!(next_marker(Some("5c90fa7d3c4e4405e8525079"), 37, 50, None), None);
//! # Ok::<(), pkgruntime::Error>(())
//! ```
//!
//! [`PaginationLoopReason::UnexpectedPageSize`]: crate::PaginationLoopReason::UnexpectedPageSize

use crate::{Error, PaginationLoop, PaginationLoopReason};
use pkgmodel::Cursor;

/// What a page-number API reported about its paging.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PageReport {
    /// The page number the server says it returned (1-based; 0 on an empty result).
    pub number: Option<u64>,
    /// The page size the server says it used (0: not reported).
    pub size: Option<u64>,
    /// The total number of pages.
    pub total_pages: Option<u64>,
    /// The total number of items.
    pub total_items: Option<u64>,
}

/// The page after `page` (1-based, asked at `size` items per page) that returned `returned`
/// items, as the server reported it in `report`.
///
/// The page number is the server's (so a server stuck on one page is caught as a repeated
/// page), and so is the page size (see the module docs). With totals (of pages, of items, or
/// both — then both must agree) paging continues while they say items follow this page.
/// Without one, a short or empty page is the last.
///
/// Fails with [`PaginationLoopReason::UnexpectedPageSize`] when a page other than the first
/// holds another number of items than the page size although more follow, and the server
/// reports no size that explains it (or one it exceeded).
pub fn next_page_number(
    page: u64,
    size: u32,
    returned: usize,
    report: &PageReport,
) -> Result<Option<Cursor>, Error> {
    let returned = u64::try_from(returned).unwrap_or(u64::MAX);
    let current = report.number.filter(|number| *number > 0).unwrap_or(page);
    let reported = report
        .size
        .filter(|size| *size > 0)
        .and_then(|size| u32::try_from(size).ok());
    let asked = size.max(1);
    // Whether the totals say items follow this page, were pages `size` items long.
    let more_follow = |size: u32| {
        let by_pages = report.total_pages.map(|pages| current < pages);
        let by_items = report.total_items.map(|items| {
            current
                .saturating_sub(1)
                .saturating_mul(u64::from(size))
                .saturating_add(returned)
                < items
        });
        match (by_pages, by_items) {
            (None, None) => is_full(returned, size),
            (pages, items) => pages.unwrap_or(true) && items.unwrap_or(true),
        }
    };
    let mut size = reported.unwrap_or(asked);
    let no_totals = report.total_pages.is_none() && report.total_items.is_none();
    if no_totals
        && reported.is_none()
        && current == 1
        && returned > 0
        && returned < u64::from(asked)
    {
        // Nothing says whether a short first page is the whole listing or a silent cap: ask
        // for page 2 at the size served — empty if it was the whole listing, the next items
        // if it was a cap.
        size = u32::try_from(returned).unwrap_or(asked);
    }
    let unexplained = match reported {
        // More items than the size the server reports: its numbering cannot be followed.
        Some(reported) => returned > u64::from(reported),
        None => returned > 0 && returned != u64::from(asked),
    } && more_follow(size);
    if unexplained {
        match u32::try_from(returned) {
            // The first page starts at the first item whatever the size: the number it
            // served is the server's page size.
            Ok(served) if current == 1 && reported.is_none() => {
                tracing::warn!(
                    asked,
                    served,
                    "the server served another number of items per page than asked although \
                     more follow; continuing at the size it served"
                );
                size = served;
            }
            _ => {
                return Err(PaginationLoop::new(
                    PaginationLoopReason::UnexpectedPageSize {
                        page: current,
                        size,
                        returned,
                    },
                    "page_number",
                    0,
                )
                .into());
            }
        }
    }
    Ok(more_follow(size)
        .then(|| current.checked_add(1))
        .flatten()
        .map(|page| Cursor::PageNumber { page, size }))
}

/// The page after the one at `offset` (`limit` items per page) that returned `returned`
/// items, in a listing of `total` items if reported.
///
/// The next offset is past the items that arrived: a server that sends more than `limit`
/// items, or fewer while its total says more follow, is followed from the next item, so
/// nothing is repeated or skipped. When it sent fewer although more follow (a deployment
/// that caps the page size), the next cursor asks for the number it served, so pages
/// planned ahead line up with the server's. Without a total, a short page may be such a cap,
/// so only an empty page ends the listing. An empty page with a total advances by `limit`.
pub fn next_offset(offset: u64, limit: u32, returned: usize, total: Option<u64>) -> Option<Cursor> {
    let served = u64::try_from(returned).unwrap_or(u64::MAX);
    let step = if served == 0 {
        u64::from(limit)
    } else {
        served
    };
    let next = offset.checked_add(step)?;
    let more = match total {
        Some(total) => next < total,
        // A short page may be a silent cap: only an empty page ends it for sure.
        None => served > 0,
    };
    let limit = match u32::try_from(served) {
        Ok(served) if more && served > 0 && served < limit => served,
        _ => limit,
    };
    more.then_some(Cursor::Offset {
        offset: next,
        limit,
    })
}

/// The page after one that returned `returned` items (of `limit` asked for) and `marker`,
/// in a listing of `total` items if reported.
///
/// A missing or empty marker, or an empty page, is the end. A short page is the end too,
/// unless the server reports a total: then a short page may be a capped one, and paging
/// goes on (the engine ends the listing once the total has arrived).
pub fn next_marker(
    marker: Option<&str>,
    returned: usize,
    limit: u32,
    total: Option<u64>,
) -> Option<Cursor> {
    let marker = marker.filter(|marker| !marker.is_empty())?;
    let more = is_full(returned, limit) || (returned > 0 && total.is_some());
    more.then(|| Cursor::Marker {
        marker: marker.to_owned(),
        offset: 0,
    })
}

/// The page after one that returned continuation `token`; a missing or empty token is the
/// end. Token APIs may return empty pages that still carry a token: paging goes on.
pub fn next_token(token: Option<&str>) -> Option<Cursor> {
    let token = token.filter(|token| !token.is_empty())?;
    Some(Cursor::Token {
        token: token.to_owned(),
    })
}

/// Whether a page holding `returned` items is full for page size `size`.
fn is_full(returned: impl TryInto<u64>, size: u32) -> bool {
    let returned = returned.try_into().unwrap_or(u64::MAX);
    returned > 0 && returned >= u64::from(size)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[allow(clippy::unnecessary_wraps)] // compared with `Option<Cursor>`s
    fn page(page: u64, size: u32) -> Option<Cursor> {
        Some(Cursor::PageNumber { page, size })
    }

    fn next(page: u64, size: u32, returned: usize, report: PageReport) -> Option<Cursor> {
        next_page_number(page, size, returned, &report).unwrap()
    }

    fn unexpected(
        page: u64,
        size: u32,
        returned: usize,
        report: PageReport,
    ) -> PaginationLoopReason {
        match next_page_number(page, size, returned, &report) {
            Err(Error::PaginationLoop(error)) => error.reason,
            other => panic!("expected an unexpected page size, got {other:?}"),
        }
    }

    #[test]
    fn page_number_trusts_the_total_across_short_and_empty_pages() {
        let report = PageReport {
            number: Some(2),
            size: Some(10),
            total_pages: Some(4),
            total_items: None,
        };
        assert_eq!(next(2, 10, 0, report), page(3, 10));
        assert_eq!(next(2, 10, 3, report), page(3, 10));
        let last = PageReport {
            number: Some(4),
            ..report
        };
        assert_eq!(next(4, 10, 10, last), None);
    }

    #[test]
    fn page_number_derives_total_pages_from_total_items() {
        let report = PageReport {
            total_items: Some(25),
            ..PageReport::default()
        };
        assert_eq!(next(2, 10, 10, report), page(3, 10));
        assert_eq!(next(3, 10, 5, report), None);
    }

    #[test]
    fn page_number_without_total_stops_on_a_short_or_empty_page() {
        let report = PageReport::default();
        assert_eq!(next(1, 10, 10, report), page(2, 10));
        assert_eq!(next(2, 10, 9, report), None);
        assert_eq!(next(1, 10, 0, report), None);
        // A short first page may be a silent cap: page 2 at the size served tells.
        assert_eq!(next(1, 10, 9, report), page(2, 9));
        // Not when the server reports its size.
        let sized = PageReport {
            size: Some(10),
            ..PageReport::default()
        };
        assert_eq!(next(1, 10, 9, sized), None);
    }

    #[test]
    fn page_number_follows_the_servers_numbering() {
        // A server stuck on page 1 yields the same next cursor every time: the engine's
        // repeated-cursor guard catches it.
        let stuck = PageReport {
            number: Some(1),
            total_pages: Some(5),
            ..PageReport::default()
        };
        assert_eq!(next(2, 10, 10, stuck), page(2, 10));
        assert_eq!(next(u64::MAX, 10, 10, PageReport::default()), None);
    }

    #[test]
    fn page_number_follows_the_page_size_the_server_reports() {
        // Asked 2000, the deployment caps at 1000 and says so.
        let capped = PageReport {
            number: Some(1),
            size: Some(1000),
            total_pages: Some(12),
            total_items: Some(12_000),
        };
        assert_eq!(next(1, 2000, 1000, capped), page(2, 1000));
        // Only the total of items: divided by the reported size, not the asked one.
        let items_only = PageReport {
            number: Some(6),
            size: Some(1000),
            total_pages: None,
            total_items: Some(12_000),
        };
        assert_eq!(next(6, 2000, 1000, items_only), page(7, 1000));
        // More items than the size it reports: its numbering cannot be followed.
        assert!(matches!(
            unexpected(
                1,
                10,
                20,
                PageReport {
                    size: Some(10),
                    total_items: Some(100),
                    ..PageReport::default()
                }
            ),
            PaginationLoopReason::UnexpectedPageSize {
                page: 1,
                size: 10,
                returned: 20
            }
        ));
    }

    #[test]
    fn a_silent_cap_is_measured_on_the_first_page_and_refused_later() {
        // No size reported: the first page served 100 of 500 although 1000 exist.
        let report = PageReport {
            total_items: Some(1000),
            ..PageReport::default()
        };
        assert_eq!(next(1, 500, 100, report), page(2, 100));
        // With a page total (in the server's pages) instead.
        let pages = PageReport {
            number: Some(1),
            total_pages: Some(10),
            ..PageReport::default()
        };
        assert_eq!(next(1, 500, 100, pages), page(2, 100));
        // More than asked on the first page, no totals: the server's size is what it served.
        assert_eq!(next(1, 10, 25, PageReport::default()), page(2, 25));
        // A later page that is short although more follow cannot be placed.
        assert!(matches!(
            unexpected(
                3,
                20,
                10,
                PageReport {
                    total_items: Some(100),
                    ..PageReport::default()
                }
            ),
            PaginationLoopReason::UnexpectedPageSize {
                page: 3,
                size: 20,
                returned: 10
            }
        ));
        // A short last page is simply the end.
        assert_eq!(
            next(
                3,
                10,
                5,
                PageReport {
                    total_items: Some(25),
                    ..PageReport::default()
                }
            ),
            None
        );
        assert_eq!(
            next(
                1,
                10,
                4,
                PageReport {
                    total_items: Some(4),
                    ..PageReport::default()
                }
            ),
            None
        );
    }

    #[test]
    fn offset_rules() {
        let offset = |offset, limit| Some(Cursor::Offset { offset, limit });
        assert_eq!(next_offset(0, 30, 30, None), offset(30, 30));
        // Without a total only an empty page ends the listing (a short one may be a cap).
        assert_eq!(next_offset(30, 30, 29, None), offset(59, 29));
        assert_eq!(next_offset(59, 29, 0, None), None);
        assert_eq!(next_offset(30, 30, 0, Some(100)), offset(60, 30));
        assert_eq!(next_offset(90, 30, 10, Some(100)), None);
        // More than asked: on from the next item, not back into what arrived.
        assert_eq!(next_offset(0, 10, 10_000, None), offset(10_000, 10));
        // Fewer than asked although the total says more: on from the next item, at the
        // size the server served.
        assert_eq!(next_offset(0, 500, 100, Some(1_000)), offset(100, 100));
        assert_eq!(next_offset(u64::MAX, 30, 30, None), None);
    }

    #[test]
    fn marker_and_token_rules() {
        let marker = Some(Cursor::Marker {
            marker: "m".into(),
            offset: 0,
        });
        assert_eq!(next_marker(None, 50, 50, None), None);
        assert_eq!(next_marker(Some(""), 50, 50, None), None);
        assert_eq!(next_marker(Some("m"), 0, 50, Some(100)), None);
        assert_eq!(next_marker(Some("m"), 50, 50, None), marker);
        // A short page ends a listing without a total, not one whose total says more.
        assert_eq!(next_marker(Some("m"), 20, 50, None), None);
        assert_eq!(next_marker(Some("m"), 20, 50, Some(100)), marker);
        assert_eq!(next_token(Some("")), None);
        assert_eq!(
            next_token(Some("t")),
            Some(Cursor::Token { token: "t".into() })
        );
    }
}
