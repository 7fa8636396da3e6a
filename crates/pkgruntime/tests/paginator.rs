//! The paginator engine against a wiremock server, in every paging style.

// Test code: a panic is a failed assertion.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use futures::{StreamExt as _, TryStreamExt as _};
use pkgmodel::Cursor;
use pkgruntime::testing::{Fault, query_param};
use pkgruntime::{
    BoxFuture, Error, Items, PageOptions, PageSource, Pages, PaginationLoop, PaginationLoopReason,
};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use support::{Catalog, Quirks, Style, names};

async fn collect(
    catalog: &Catalog,
    style: Style,
    size: u32,
    options: PageOptions,
) -> Result<Vec<String>, Error> {
    Pages::new(catalog.client().list(style, size), options)
        .items()
        .try_collect()
        .await
}

/// Drains a page stream, keeping items and the first error.
async fn drain(mut pages: Pages<String>) -> (Vec<String>, Option<Error>, usize) {
    let mut items = Vec::new();
    let mut page_count = 0;
    while let Some(page) = pages.next().await {
        match page {
            Ok(page) => {
                page_count += 1;
                items.extend(page.items);
            }
            Err(error) => {
                assert!(
                    pages.next().await.is_none(),
                    "the stream ends after an error"
                );
                return (items, Some(error), page_count);
            }
        }
    }
    (items, None, page_count)
}

fn loop_reason(error: Option<Error>) -> PaginationLoopReason {
    match error {
        Some(Error::PaginationLoop(PaginationLoop { reason, .. })) => reason,
        other => panic!("expected a pagination loop error, got {other:?}"),
    }
}

#[tokio::test]
async fn every_style_lists_everything_in_order_with_filters_on_every_page() {
    let catalog = Catalog::start(95, Quirks::default()).await;
    for style in Style::ALL {
        let before = catalog.requests().await.len();
        let items = collect(&catalog, style, 10, PageOptions::default())
            .await
            .unwrap();
        assert_eq!(items, names(0..95), "{style:?}");
        let requests = catalog.requests().await;
        let mine = &requests[before..];
        assert_eq!(mine.len(), 10, "{style:?}: one request per page");
        for request in mine {
            assert_eq!(query_param(request, "filter").as_deref(), Some("blue"));
            let tags: Vec<_> = request
                .url
                .query_pairs()
                .filter(|(k, _)| k == "tag")
                .map(|(_, v)| v.into_owned())
                .collect();
            assert_eq!(tags, ["a", "b"], "{style:?}: {}", request.url);
        }
    }
}

#[tokio::test]
async fn without_totals_a_short_or_empty_page_is_the_last() {
    let quirks = Quirks {
        hide_total: true,
        ..Quirks::default()
    };
    let catalog = Catalog::start(100, quirks).await;
    for (style, expected_requests) in [
        (Style::PageNumber, 11),
        (Style::Offset, 11),
        (Style::Marker, 10),
        (Style::Token, 10),
    ] {
        let before = catalog.requests().await.len();
        let items = collect(&catalog, style, 10, PageOptions::default())
            .await
            .unwrap();
        assert_eq!(items, names(0..100), "{style:?}");
        assert_eq!(
            catalog.requests().await.len() - before,
            expected_requests,
            "{style:?}"
        );
    }
}

#[tokio::test]
async fn the_reported_total_wins_over_a_stray_next_cursor() {
    let quirks = Quirks {
        stray_next: true,
        ..Quirks::default()
    };
    let catalog = Catalog::start(95, quirks).await;
    for style in Style::ALL {
        let before = catalog.requests().await.len();
        let mut pages = Pages::new(catalog.client().list(style, 10), PageOptions::default());
        let mut items = Vec::new();
        let mut last_next = Some(Cursor::Token {
            token: "unset".into(),
        });
        while let Some(page) = pages.try_next().await.unwrap() {
            last_next = page.next.clone();
            items.extend(page.items);
        }
        assert_eq!(items, names(0..95), "{style:?}");
        assert_eq!(
            catalog.requests().await.len() - before,
            10,
            "{style:?}: stopped at the total"
        );
        assert_eq!(
            last_next, None,
            "{style:?}: the last page has no next cursor"
        );
        assert_eq!(pages.next_cursor(), None);
    }
}

#[tokio::test]
async fn an_empty_page_where_the_total_promises_items_is_fetched_again() {
    // The server serves the fourth request empty, once: nothing may be lost.
    for style in [
        Style::PageNumber,
        Style::Offset,
        Style::Marker,
        Style::Token,
    ] {
        let quirks = Quirks {
            empty_page_at: vec![3],
            ..Quirks::default()
        };
        let catalog = Catalog::start(95, quirks).await;
        let items = collect(&catalog, style, 10, PageOptions::default())
            .await
            .unwrap();
        assert_eq!(items, names(0..95), "{style:?}");
        assert_eq!(
            catalog.requests().await.len(),
            11,
            "{style:?}: one more request"
        );
    }
    // Also while prefetching: back to one page at a time from the empty page on.
    let quirks = Quirks {
        empty_page_at: vec![3],
        ..Quirks::default()
    };
    let catalog = Catalog::start(95, quirks).await;
    let items = collect(
        &catalog,
        Style::PageNumber,
        10,
        PageOptions::default().concurrency(4),
    )
    .await
    .unwrap();
    assert_eq!(items, names(0..95));
}

#[tokio::test]
async fn a_page_that_stays_empty_is_skipped_or_ends_the_listing() {
    // The fourth page comes back empty twice (the request and its second fetch).
    let quirks = || Quirks {
        empty_page_at: vec![3, 4],
        ..Quirks::default()
    };
    let expected: Vec<String> = names(0..30).into_iter().chain(names(40..95)).collect();
    for style in [Style::PageNumber, Style::Offset, Style::Token] {
        let catalog = Catalog::start(95, quirks()).await;
        let items = collect(&catalog, style, 10, PageOptions::default())
            .await
            .unwrap();
        assert_eq!(items, expected, "{style:?}");
    }
    // Marker paging ends on an empty page, as the IoTDA rule says.
    let catalog = Catalog::start(95, quirks()).await;
    let items = collect(&catalog, Style::Marker, 10, PageOptions::default())
        .await
        .unwrap();
    assert_eq!(items, names(0..30));
}

#[tokio::test]
async fn a_run_of_empty_pages_ends_with_a_pagination_error() {
    let quirks = Quirks {
        empty_page_at: (1..100).collect(),
        ..Quirks::default()
    };
    let catalog = Catalog::start(950, quirks).await;
    let pages = Pages::new(
        catalog.client().list(Style::Token, 10),
        PageOptions::default().max_empty_pages(3),
    );
    let (items, error, _) = drain(pages).await;
    assert_eq!(items, names(0..10));
    assert_eq!(loop_reason(error), PaginationLoopReason::EmptyPages(3));
    // The first page, then each empty page fetched twice.
    assert_eq!(catalog.requests().await.len(), 1 + 3 * 2);
}

#[tokio::test]
async fn a_repeated_marker_token_or_page_is_a_pagination_loop_error() {
    for style in [Style::PageNumber, Style::Marker, Style::Token] {
        let quirks = Quirks {
            repeat_from: Some(2),
            ..Quirks::default()
        };
        let catalog = Catalog::start(95, quirks).await;
        let pages = Pages::new(catalog.client().list(style, 10), PageOptions::default());
        let (items, error, _) = drain(pages).await;
        assert_eq!(
            loop_reason(error),
            PaginationLoopReason::RepeatedCursor,
            "{style:?}"
        );
        assert!(items.len() <= 30, "{style:?}");
        assert_eq!(
            catalog.requests().await.len(),
            3,
            "{style:?}: bounded requests"
        );
    }
}

#[tokio::test]
async fn the_page_cap_ends_with_an_error() {
    let catalog = Catalog::start(95, Quirks::default()).await;
    let pages = Pages::new(
        catalog.client().list(Style::Offset, 10),
        PageOptions::default().max_pages(3),
    );
    let (items, error, page_count) = drain(pages).await;
    assert_eq!(items, names(0..30));
    assert_eq!(page_count, 3);
    assert_eq!(loop_reason(error), PaginationLoopReason::MaxPages(3));
    assert_eq!(catalog.requests().await.len(), 3);
}

#[tokio::test]
async fn limit_stops_fetching_once_enough_items_arrived() {
    let catalog = Catalog::start(95, Quirks::default()).await;
    for style in Style::ALL {
        let before = catalog.requests().await.len();
        let items = collect(&catalog, style, 10, PageOptions::default().limit(25))
            .await
            .unwrap();
        assert_eq!(items, names(0..25), "{style:?}");
        assert_eq!(catalog.requests().await.len() - before, 3, "{style:?}");
    }
    // Pages come whole; the last one's cursor resumes right after it.
    let mut pages = Pages::new(
        catalog.client().list(Style::PageNumber, 10),
        PageOptions::default().limit(25),
    );
    let mut count = 0;
    while let Some(page) = pages.try_next().await.unwrap() {
        count += page.items.len();
    }
    assert_eq!(count, 30);
    assert_eq!(
        pages.next_cursor(),
        Some(&Cursor::PageNumber { page: 4, size: 10 })
    );
}

#[tokio::test]
async fn a_saved_cursor_resumes_the_listing_without_gaps_or_duplicates() {
    let catalog = Catalog::start(95, Quirks::default()).await;
    for style in Style::ALL {
        let mut pages = Pages::new(catalog.client().list(style, 10), PageOptions::default());
        let mut items = Vec::new();
        for _ in 0..4 {
            items.extend(pages.try_next().await.unwrap().unwrap().items);
        }
        let saved = serde_json::to_string(pages.next_cursor().unwrap()).unwrap();
        drop(pages);

        let cursor: Cursor = serde_json::from_str(&saved).unwrap();
        let rest: Vec<String> = collect(
            &catalog,
            style,
            10,
            PageOptions::default().resume_from(cursor),
        )
        .await
        .unwrap();
        items.extend(rest);
        assert_eq!(items, names(0..95), "{style:?}");
    }
}

#[tokio::test]
async fn first_page_fetches_the_start_or_the_resume_point() {
    let catalog = Catalog::start(35, Quirks::default()).await;
    for style in Style::ALL {
        let source = catalog.client().list(style, 10);
        let first = PageOptions::default().first_page(&source).await.unwrap();
        assert_eq!(first.items, names(0..10), "{style:?}");
        let next = first.next.unwrap();
        let second = PageOptions::default()
            .resume_from(next)
            .first_page(&source)
            .await
            .unwrap();
        assert_eq!(second.items, names(10..20), "{style:?}");
    }
}

#[tokio::test]
async fn an_error_mid_listing_ends_the_stream_and_keeps_the_resume_point() {
    let catalog = Catalog::start(95, Quirks::default()).await;
    let mut pages = Pages::new(
        catalog.client().list(Style::PageNumber, 10),
        PageOptions::default(),
    );
    let first = pages.try_next().await.unwrap().unwrap();
    assert_eq!(first.items, names(0..10));
    catalog.faults.push(Fault::status(404));
    let error = pages.next().await.unwrap().unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert!(pages.next().await.is_none());
    let resume = pages.next_cursor().cloned().unwrap();
    assert_eq!(resume, Cursor::PageNumber { page: 2, size: 10 });
    let rest = collect(
        &catalog,
        Style::PageNumber,
        10,
        PageOptions::default().resume_from(resume),
    )
    .await
    .unwrap();
    assert_eq!(rest, names(10..95));
}

#[tokio::test]
async fn nothing_is_sent_until_the_stream_is_polled() {
    let catalog = Catalog::start(95, Quirks::default()).await;
    let mut items: Items<String> = Pages::new(
        catalog.client().list(Style::Offset, 10),
        PageOptions::default(),
    )
    .items();
    tokio::task::yield_now().await;
    assert!(catalog.requests().await.is_empty());
    assert_eq!(items.next().await.unwrap().unwrap(), "item-00000");
    assert_eq!(catalog.requests().await.len(), 1);
}

#[tokio::test]
async fn a_failed_stream_yields_its_error_once_without_sending() {
    let mut pages: Pages<String> = Pages::failed(Error::invalid_input(
        "page_size",
        "must be between 1 and 2000 (got 0)",
    ));
    let error = pages.next().await.unwrap().unwrap_err();
    assert_eq!(error.invalid_field().unwrap().field, "page_size");
    assert!(pages.next().await.is_none());
}

#[test]
fn streams_are_send_and_unpin() {
    fn assert_send_unpin<T: Send + Unpin>() {}
    assert_send_unpin::<Pages<String>>();
    assert_send_unpin::<Items<String>>();
    // Even for items that are not Unpin themselves.
    assert_send_unpin::<Items<std::marker::PhantomPinned>>();
}

#[tokio::test]
async fn prefetch_yields_items_in_order_when_later_pages_answer_first() {
    let catalog = Catalog::start(95, Quirks::default()).await;
    // The first page answers at once; later pages answer ever faster.
    catalog.faults.push(Fault::Latency(Duration::ZERO));
    for k in 0..9_u64 {
        catalog
            .faults
            .push(Fault::Latency(Duration::from_millis(450 - 50 * k)));
    }
    for style in [Style::PageNumber, Style::Offset] {
        let items = collect(&catalog, style, 10, PageOptions::default().concurrency(4))
            .await
            .unwrap();
        assert_eq!(items, names(0..95), "{style:?}");
    }
}

#[tokio::test]
async fn prefetch_requests_are_in_flight_together() {
    let catalog = Catalog::start(80, Quirks::default()).await;
    catalog.faults.push(Fault::Latency(Duration::ZERO));
    catalog
        .faults
        .push_times(&Fault::Latency(Duration::from_secs(1)), 7);
    let mut pages = Pages::new(
        catalog.client().list(Style::PageNumber, 10),
        PageOptions::default().concurrency(4),
    );
    pages.try_next().await.unwrap().unwrap();
    let second = pages.try_next().await.unwrap().unwrap();
    let second_received = Instant::now();
    assert_eq!(second.items, names(10..20));
    // Pages 3, 4 and 5 reached the server before page 2's answer reached the client.
    let arrivals = catalog.arrivals.lock().unwrap().clone();
    let page_arrival = |page: u32| {
        arrivals
            .iter()
            .find(|(url, _)| url.contains(&format!("page={page}&")))
            .map_or_else(|| panic!("page {page} never requested"), |(_, at)| *at)
    };
    for page in 3..=5 {
        assert!(
            page_arrival(page) < second_received,
            "page {page} was not prefetched"
        );
    }
    let rest: Vec<_> = pages.try_collect().await.unwrap();
    assert_eq!(rest.len(), 6);
}

#[tokio::test]
async fn prefetch_never_fetches_past_the_limit() {
    let catalog = Catalog::start(95, Quirks::default()).await;
    let items = collect(
        &catalog,
        Style::PageNumber,
        10,
        PageOptions::default().concurrency(8).limit(35),
    )
    .await
    .unwrap();
    assert_eq!(items, names(0..35));
    assert_eq!(catalog.requests().await.len(), 4);
}

#[tokio::test]
async fn prefetch_honours_the_page_cap() {
    let catalog = Catalog::start(95, Quirks::default()).await;
    let pages = Pages::new(
        catalog.client().list(Style::Offset, 10),
        PageOptions::default().concurrency(4).max_pages(5),
    );
    let (items, error, _) = drain(pages).await;
    assert_eq!(items, names(0..50));
    assert_eq!(loop_reason(error), PaginationLoopReason::MaxPages(5));
    assert_eq!(catalog.requests().await.len(), 5);
}

#[tokio::test]
async fn marker_and_token_listings_stay_sequential_with_concurrency() {
    let catalog = Catalog::start(95, Quirks::default()).await;
    for style in [Style::Marker, Style::Token] {
        let before = catalog.requests().await.len();
        let items = collect(&catalog, style, 10, PageOptions::default().concurrency(4))
            .await
            .unwrap();
        assert_eq!(items, names(0..95), "{style:?}");
        assert_eq!(catalog.requests().await.len() - before, 10);
    }
}

/// A source whose page futures wait forever and count how many are alive.
struct Hanging {
    alive: Arc<AtomicUsize>,
    started: Arc<AtomicUsize>,
}

struct AliveGuard(Arc<AtomicUsize>);
impl Drop for AliveGuard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl PageSource for Hanging {
    type Item = u32;
    fn first_cursor(&self) -> Option<Cursor> {
        Some(Cursor::PageNumber { page: 1, size: 10 })
    }
    fn fetch(
        &self,
        cursor: Option<&Cursor>,
    ) -> BoxFuture<'static, Result<pkgmodel::Page<u32>, Error>> {
        let first = matches!(cursor, Some(Cursor::PageNumber { page: 1, .. }));
        let alive = Arc::clone(&self.alive);
        let started = Arc::clone(&self.started);
        Box::pin(async move {
            if first {
                let next = Some(Cursor::PageNumber { page: 2, size: 10 });
                return Ok(pkgmodel::Page::new((0..10).collect(), next, Some(100)));
            }
            alive.fetch_add(1, Ordering::SeqCst);
            started.fetch_add(1, Ordering::SeqCst);
            let _guard = AliveGuard(alive);
            std::future::pending::<()>().await;
            unreachable!()
        })
    }
}

#[tokio::test]
async fn prefetched_requests_are_concurrent_and_dropping_the_stream_cancels_them() {
    let alive = Arc::new(AtomicUsize::new(0));
    let started = Arc::new(AtomicUsize::new(0));
    let source = Hanging {
        alive: Arc::clone(&alive),
        started: Arc::clone(&started),
    };
    let mut items = Pages::new(source, PageOptions::default().concurrency(4)).items();
    for _ in 0..10 {
        items.next().await.unwrap().unwrap();
    }
    // The eleventh item needs page 2, which never answers: poll once so the prefetch starts.
    assert!(futures::poll!(items.next()).is_pending());
    assert_eq!(
        started.load(Ordering::SeqCst),
        4,
        "four pages in flight at once"
    );
    assert_eq!(alive.load(Ordering::SeqCst), 4);
    drop(items);
    assert_eq!(
        alive.load(Ordering::SeqCst),
        0,
        "every in-flight request was cancelled"
    );
}

/// A source of 10 pages of 10 items where page 2 answers only once released; every other
/// page answers at once. Records the pages asked for.
struct SlowSecondPage {
    release: Arc<tokio::sync::Notify>,
    asked: Arc<std::sync::Mutex<Vec<u64>>>,
}

impl PageSource for SlowSecondPage {
    type Item = u64;
    fn first_cursor(&self) -> Option<Cursor> {
        Some(Cursor::PageNumber { page: 1, size: 10 })
    }
    fn fetch(
        &self,
        cursor: Option<&Cursor>,
    ) -> BoxFuture<'static, Result<pkgmodel::Page<u64>, Error>> {
        let page = match cursor {
            Some(Cursor::PageNumber { page, .. }) => *page,
            _ => 1,
        };
        self.asked.lock().unwrap().push(page);
        let release = Arc::clone(&self.release);
        Box::pin(async move {
            if page == 2 {
                release.notified().await;
            }
            let first = (page - 1) * 10;
            let next = (page < 10).then_some(Cursor::PageNumber {
                page: page + 1,
                size: 10,
            });
            Ok(pkgmodel::Page::new(
                (first..first + 10).collect(),
                next,
                Some(100),
            ))
        })
    }
}

#[tokio::test]
async fn a_slow_page_does_not_hold_back_the_requests_behind_it() {
    let release = Arc::new(tokio::sync::Notify::new());
    let asked = Arc::new(std::sync::Mutex::new(Vec::new()));
    let source = SlowSecondPage {
        release: Arc::clone(&release),
        asked: Arc::clone(&asked),
    };
    let mut items = Pages::new(source, PageOptions::default().concurrency(2)).items();
    for expected in 0..10 {
        assert_eq!(items.next().await.unwrap().unwrap(), expected);
    }
    assert!(futures::poll!(items.next()).is_pending());
    // Pages 3, 4 and 5 answered while page 2 was awaited, each freeing its place for the
    // next; page 6 waits, as four pages (2 × concurrency) are held ahead of the consumer.
    assert_eq!(*asked.lock().unwrap(), [1, 2, 3, 4, 5]);
    release.notify_one();
    let mut rest = Vec::new();
    while let Some(item) = items.next().await {
        rest.push(item.unwrap());
    }
    assert_eq!(rest, (10..100).collect::<Vec<_>>());
    assert_eq!(*asked.lock().unwrap(), (1..=10).collect::<Vec<_>>());
}

/// A source replaying scripted pages, one per call, recording the cursors asked for.
struct Scripted {
    pages: Vec<pkgmodel::Page<u32>>,
    calls: Arc<std::sync::Mutex<Vec<Option<Cursor>>>>,
}

impl PageSource for Scripted {
    type Item = u32;
    fn fetch(
        &self,
        cursor: Option<&Cursor>,
    ) -> BoxFuture<'static, Result<pkgmodel::Page<u32>, Error>> {
        let mut calls = self.calls.lock().unwrap();
        let page = self.pages.get(calls.len()).cloned();
        calls.push(cursor.cloned());
        Box::pin(
            async move { page.ok_or_else(|| Error::invalid_input("script", "ran out of pages")) },
        )
    }
}

fn token(value: &str) -> Cursor {
    Cursor::Token {
        token: value.into(),
    }
}

#[tokio::test]
async fn an_empty_marker_or_token_ends_the_listing() {
    for last in [
        token(""),
        Cursor::Marker {
            marker: String::new(),
            offset: 0,
        },
    ] {
        let calls = Arc::default();
        let source = Scripted {
            pages: vec![
                pkgmodel::Page::new(vec![1, 2], Some(token("t1")), None),
                pkgmodel::Page::new(vec![3], Some(last), None),
            ],
            calls: Arc::clone(&calls),
        };
        let items: Vec<u32> = Pages::new(source, PageOptions::default())
            .items()
            .try_collect()
            .await
            .unwrap();
        assert_eq!(items, [1, 2, 3]);
        assert_eq!(*calls.lock().unwrap(), [None, Some(token("t1"))]);
    }
}

#[tokio::test]
async fn a_zero_limit_sends_nothing() {
    let calls = Arc::default();
    let source = Scripted {
        pages: vec![pkgmodel::Page::new(vec![1], None, None)],
        calls: Arc::clone(&calls),
    };
    let pages: Vec<_> = Pages::new(source, PageOptions::default().limit(0))
        .try_collect()
        .await
        .unwrap();
    assert!(pages.is_empty());
    assert!(calls.lock().unwrap().is_empty());
}

#[tokio::test]
async fn a_zero_limit_resumes_where_the_listing_would_have_started() {
    let asked = Arc::default();
    let source = Changing {
        total: 20,
        cap_from: u64::MAX,
        cap: 10,
        grow_after: usize::MAX,
        grow_by: 0,
        asked: Arc::clone(&asked),
    };
    let mut pages = Pages::new(source, PageOptions::default().limit(0));
    assert!(pages.next().await.is_none());
    assert!(asked.lock().unwrap().is_empty());
    assert_eq!(
        pages.next_cursor(),
        Some(&Cursor::Offset {
            offset: 0,
            limit: 10
        })
    );
}

/// An offset-paged catalogue of `0..total` whose server changes its mind mid-listing: from
/// `cap_from` on it serves at most `cap` items per page, and after `grow_after` requests its
/// total grows by `grow_by` (items appended at the end). Every page reports the total.
struct Changing {
    total: u32,
    cap_from: u64,
    cap: u32,
    grow_after: usize,
    grow_by: u32,
    asked: Arc<std::sync::Mutex<Vec<(u64, u32)>>>,
}

impl PageSource for Changing {
    type Item = u32;
    fn first_cursor(&self) -> Option<Cursor> {
        Some(Cursor::Offset {
            offset: 0,
            limit: 10,
        })
    }
    fn fetch(
        &self,
        cursor: Option<&Cursor>,
    ) -> BoxFuture<'static, Result<pkgmodel::Page<u32>, Error>> {
        let Some(Cursor::Offset { offset, limit }) = cursor.cloned() else {
            unreachable!("offset cursors only")
        };
        let mut asked = self.asked.lock().unwrap();
        asked.push((offset, limit));
        let total = if asked.len() > self.grow_after {
            self.total + self.grow_by
        } else {
            self.total
        };
        let served = if offset >= self.cap_from {
            limit.min(self.cap)
        } else {
            limit
        };
        let items: Vec<u32> = (offset..u64::from(total))
            .take(served as usize)
            .map(|item| u32::try_from(item).unwrap())
            .collect();
        let next = pkgruntime::next_offset(offset, limit, items.len(), Some(u64::from(total)));
        Box::pin(async move {
            // Later pages answer first, so the plan runs ahead of the yielded pages.
            tokio::time::sleep(Duration::from_millis(5 - (offset % 50) / 10)).await;
            Ok(pkgmodel::Page::new(items, next, Some(u64::from(total))))
        })
    }
}

#[tokio::test]
async fn a_page_that_contradicts_the_prefetch_plan_is_followed_one_page_at_a_time() {
    // From item 30 on the server serves 5 per page: the prefetched pages at 40, 50, …
    // (planned at 10 per page) must not be used, or items 35..40, 45..50, … would be lost.
    let asked = Arc::default();
    let source = Changing {
        total: 100,
        cap_from: 30,
        cap: 5,
        grow_after: usize::MAX,
        grow_by: 0,
        asked: Arc::clone(&asked),
    };
    let items: Vec<u32> = Pages::new(source, PageOptions::default().concurrency(4))
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items, (0..100).collect::<Vec<_>>());
    let asked = asked.lock().unwrap();
    // After the contradiction, one page at a time at the size served.
    let tail: Vec<(u64, u32)> = asked
        .iter()
        .copied()
        .skip_while(|(offset, _)| *offset != 35)
        .collect();
    assert_eq!(tail.first(), Some(&(35, 5)), "{asked:?}");
    assert!(
        tail.windows(2).all(|pair| pair[1].0 == pair[0].0 + 5),
        "{asked:?}"
    );
}

#[tokio::test]
async fn a_total_that_changes_mid_listing_switches_prefetch_to_sequential() {
    // After three requests the catalogue grows by 7 items at the end: the planned pages
    // stop at 60, so the listing follows the server's word to the new end.
    let asked = Arc::default();
    let source = Changing {
        total: 60,
        cap_from: u64::MAX,
        cap: 10,
        grow_after: 3,
        grow_by: 7,
        asked: Arc::clone(&asked),
    };
    let items: Vec<u32> = Pages::new(source, PageOptions::default().concurrency(3))
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items, (0..67).collect::<Vec<_>>());
    let offsets: Vec<u64> = asked
        .lock()
        .unwrap()
        .iter()
        .map(|(offset, _)| *offset)
        .collect();
    assert!(offsets.contains(&60), "{offsets:?}");
}
