//! Paging rules: from what a page reported to the cursor of the next page.
//!
//! Every vendor's envelope decoder ends with one of these, so the rules that decide where a
//! listing ends are written once:
//!
//! - when the server reports a total, it is trusted: paging goes on across empty or short
//!   pages until the total is reached;
//! - without a total, an empty page or one shorter than the page size is the last;
//! - a missing or empty marker or token is the end.
//!
//! ```
//! use pkgmodel::Cursor;
//! use pkgruntime::{PageReport, next_marker, next_page_number};
//!
//! // OCP: page 1 of 3, reported in `data.page`.
//! let report = PageReport { number: Some(1), total_pages: Some(3), ..PageReport::default() };
//! assert_eq!(next_page_number(1, 10, 10, &report), Some(Cursor::PageNumber { page: 2, size: 10 }));
//! // An empty page reporting zeros everywhere is the end.
//! let empty = PageReport { number: Some(0), total_pages: Some(0), total_items: Some(0) };
//! assert_eq!(next_page_number(1, 10, 0, &empty), None);
//! // IoTDA: a full page with a marker goes on; a short one ends.
//! assert!(next_marker(Some("5c90fa7d3c4e4405e8525079"), 50, 50).is_some());
//! assert_eq!(next_marker(Some("5c90fa7d3c4e4405e8525079"), 37, 50), None);
//! ```

use pkgmodel::Cursor;

/// What a page-number API reported about its paging.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PageReport {
    /// The page number the server says it returned (1-based; 0 on an empty result).
    pub number: Option<u64>,
    /// The total number of pages.
    pub total_pages: Option<u64>,
    /// The total number of items.
    pub total_items: Option<u64>,
}

/// The page after `page` (1-based, `size` items per page) that returned `returned` items.
///
/// With a total (of pages, or of items to divide by `size`) paging continues while the
/// current page — as the server numbers it, so a server stuck on one page is caught as a
/// repeated page — is below the total. Without one, a short or empty page is the last.
pub fn next_page_number(
    page: u64,
    size: u32,
    returned: usize,
    report: &PageReport,
) -> Option<Cursor> {
    let total_pages = report.total_pages.or_else(|| {
        report
            .total_items
            .map(|items| items.div_ceil(u64::from(size.max(1))))
    });
    let next = |current: u64| {
        Some(Cursor::PageNumber {
            page: current.checked_add(1)?,
            size,
        })
    };
    match total_pages {
        Some(total_pages) => {
            let current = report.number.filter(|number| *number > 0).unwrap_or(page);
            if current < total_pages {
                next(current)
            } else {
                None
            }
        }
        None if is_full(returned, size) => next(page),
        None => None,
    }
}

/// The page after the one at `offset` (`limit` items per page) that returned `returned`
/// items, in a listing of `total` items if reported.
///
/// The next offset is past the items that arrived: a server that sends more than `limit`
/// items, or fewer while its total says more follow (a silent page-size cap), is followed
/// from the next item, so nothing is repeated or skipped. An empty page advances by `limit`.
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
        None => is_full(returned, limit),
    };
    more.then_some(Cursor::Offset {
        offset: next,
        limit,
    })
}

/// The page after one that returned `returned` items (of `limit` asked for) and `marker`.
/// A missing or empty marker, or a short or empty page, is the end.
pub fn next_marker(marker: Option<&str>, returned: usize, limit: u32) -> Option<Cursor> {
    let marker = marker.filter(|marker| !marker.is_empty())?;
    is_full(returned, limit).then(|| Cursor::Marker {
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
fn is_full(returned: usize, size: u32) -> bool {
    returned > 0 && u64::try_from(returned).unwrap_or(u64::MAX) >= u64::from(size)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(page: u64, size: u32) -> Cursor {
        Cursor::PageNumber { page, size }
    }

    #[test]
    fn page_number_trusts_the_total_across_short_and_empty_pages() {
        let report = PageReport {
            number: Some(2),
            total_pages: Some(4),
            total_items: None,
        };
        assert_eq!(next_page_number(2, 10, 0, &report), Some(page(3, 10)));
        assert_eq!(next_page_number(2, 10, 3, &report), Some(page(3, 10)));
        let last = PageReport {
            number: Some(4),
            ..report
        };
        assert_eq!(next_page_number(4, 10, 10, &last), None);
    }

    #[test]
    fn page_number_derives_total_pages_from_total_items() {
        let report = PageReport {
            number: None,
            total_pages: None,
            total_items: Some(25),
        };
        assert_eq!(next_page_number(2, 10, 10, &report), Some(page(3, 10)));
        assert_eq!(next_page_number(3, 10, 5, &report), None);
    }

    #[test]
    fn page_number_without_total_stops_on_a_short_or_empty_page() {
        let report = PageReport::default();
        assert_eq!(next_page_number(1, 10, 10, &report), Some(page(2, 10)));
        assert_eq!(next_page_number(1, 10, 9, &report), None);
        assert_eq!(next_page_number(1, 10, 0, &report), None);
    }

    #[test]
    fn page_number_follows_the_servers_numbering() {
        // A server stuck on page 1 yields the same next cursor every time: the engine's
        // repeated-cursor guard catches it.
        let stuck = PageReport {
            number: Some(1),
            total_pages: Some(5),
            total_items: None,
        };
        assert_eq!(next_page_number(2, 10, 10, &stuck), Some(page(2, 10)));
        assert_eq!(
            next_page_number(u64::MAX, 10, 10, &PageReport::default()),
            None
        );
    }

    #[test]
    fn offset_rules() {
        assert_eq!(
            next_offset(0, 30, 30, None),
            Some(Cursor::Offset {
                offset: 30,
                limit: 30
            })
        );
        assert_eq!(next_offset(30, 30, 29, None), None);
        assert_eq!(
            next_offset(30, 30, 0, Some(100)),
            Some(Cursor::Offset {
                offset: 60,
                limit: 30
            })
        );
        assert_eq!(next_offset(90, 30, 10, Some(100)), None);
        // More than asked: on from the next item, not back into what arrived.
        assert_eq!(
            next_offset(0, 10, 10_000, None),
            Some(Cursor::Offset {
                offset: 10_000,
                limit: 10
            })
        );
        // Fewer than asked although the total says more: on from the next item.
        assert_eq!(
            next_offset(0, 500, 100, Some(1_000)),
            Some(Cursor::Offset {
                offset: 100,
                limit: 500
            })
        );
        assert_eq!(next_offset(u64::MAX, 30, 30, None), None);
    }

    #[test]
    fn marker_and_token_rules() {
        assert_eq!(next_marker(None, 50, 50), None);
        assert_eq!(next_marker(Some(""), 50, 50), None);
        assert_eq!(next_marker(Some("m"), 0, 50), None);
        assert_eq!(
            next_marker(Some("m"), 50, 50),
            Some(Cursor::Marker {
                marker: "m".into(),
                offset: 0
            })
        );
        assert_eq!(next_token(Some("")), None);
        assert_eq!(
            next_token(Some("t")),
            Some(Cursor::Token { token: "t".into() })
        );
    }
}
