//! `list_applications` against the mock: limit/offset paging over generated catalogues,
//! ending on a short or empty page, parameters on every page, validation before sending,
//! resuming, status filters, and the optional paging fields.

// Test code: a panic is a failed assertion.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use appstore_client::testing::{AppStoreMock, GENERATED_LISTING_VERSION_BASE};
use appstore_client::{ApplicationSummary, ListApplicationsParams, ListingStatus, Status};
use futures::{StreamExt as _, TryStreamExt as _};
use pkgmodel::Cursor;
use pkgruntime::testing::query_param;

fn offsets_and_limits(requests: &[wiremock::Request]) -> Vec<(String, String)> {
    requests
        .iter()
        .map(|request| {
            (
                query_param(request, "offset").unwrap(),
                query_param(request, "limit").unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_catalogue_comes_back_complete_in_order_ending_on_an_empty_page() {
    let mock = AppStoreMock::start().await;
    mock.generate_catalog(250);
    let ids: Vec<u64> = mock
        .client()
        .list_applications()
        .page_size(100)
        .items()
        .map_ok(|app| app.listing_version_id.unwrap())
        .try_collect()
        .await
        .unwrap();
    let expected: Vec<u64> = (1..=250)
        .map(|n| GENERATED_LISTING_VERSION_BASE + n)
        .collect();
    assert_eq!(ids, expected);
    let requests = mock.api_requests().await;
    assert_eq!(
        offsets_and_limits(&requests),
        [
            ("0".into(), "100".into()),
            ("100".into(), "100".into()),
            ("200".into(), "100".into()),
            ("250".into(), "50".into())
        ],
        "the short third page is confirmed by an empty fourth (it could have been capped)"
    );
    assert!(
        requests
            .iter()
            .all(|r| r.url.path() == "/appstore/publisher/v1/applications")
    );
}

#[tokio::test]
async fn an_exact_multiple_ends_on_an_empty_page() {
    let mock = AppStoreMock::start().await;
    mock.generate_catalog(60);
    let pages: Vec<_> = mock
        .client()
        .list_applications()
        .pages()
        .try_collect()
        .await
        .unwrap();
    let sizes: Vec<usize> = pages.iter().map(|page| page.items.len()).collect();
    assert_eq!(
        sizes,
        [30, 30, 0],
        "default page size 30, then an empty page"
    );
    assert_eq!(
        pages[0].next,
        Some(Cursor::Offset {
            offset: 30,
            limit: 30
        })
    );
    assert_eq!(pages[2].next, None);
    assert_eq!(mock.api_requests().await.len(), 3);

    mock.clear();
    let empty: Vec<ApplicationSummary> = mock
        .client()
        .list_applications()
        .items()
        .try_collect()
        .await
        .unwrap();
    assert!(empty.is_empty());
}

#[tokio::test]
async fn reported_totals_end_the_listing_without_an_empty_page_and_allow_prefetch() {
    let mock = AppStoreMock::start().await;
    mock.generate_catalog(60);
    mock.set_report_totals(true);
    let page = mock.client().list_applications().send().await.unwrap();
    assert_eq!(page.total, Some(60));
    let before = mock.api_requests().await.len();
    let ids: Vec<u64> = mock
        .client()
        .list_applications()
        .page_size(7)
        .concurrency(4)
        .items()
        .map_ok(|app| app.listing_version_id.unwrap())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids.len(), 60);
    assert!(ids.windows(2).all(|pair| pair[0] < pair[1]), "in order");
    assert_eq!(
        mock.api_requests().await.len() - before,
        9,
        "ceil(60 / 7), no empty page"
    );
}

#[tokio::test]
async fn statuses_are_sent_on_every_page_and_filter() {
    let mock = AppStoreMock::start().await;
    mock.generate_catalog(120);
    let apps: Vec<ApplicationSummary> = mock
        .client()
        .list_applications()
        .statuses([ListingStatus::Published, ListingStatus::Unpublished])
        .page_size(5)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(apps.len(), 40);
    assert!(apps.iter().all(|app| matches!(
        app.listing_status(),
        Some(ListingStatus::Published | ListingStatus::Unpublished)
    )));
    for request in mock.api_requests().await {
        assert_eq!(
            query_param(&request, "status").as_deref(),
            Some("PUBLISHED,UNPUBLISHED")
        );
        assert_eq!(query_param(&request, "limit").as_deref(), Some("5"));
    }
}

#[tokio::test]
async fn invalid_input_is_rejected_before_any_request() {
    let mock = AppStoreMock::start().await;
    let client = mock.client();
    for size in [0, 101, 1000] {
        let listing = client.list_applications().page_size(size);
        let error = listing.clone().send().await.unwrap_err();
        assert_eq!(error.invalid_field().unwrap().field, "page_size");
        let mut items = listing.items();
        let error = items.next().await.unwrap().unwrap_err();
        assert_eq!(error.invalid_field().unwrap().field, "page_size");
        assert!(items.next().await.is_none());
    }
    let error = client
        .list_applications()
        .statuses(["A,B"])
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.invalid_field().unwrap().field, "statuses");
    let error = client
        .list_applications()
        .page_size(0)
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid input: `page_size` must be between 1 and 100 (it is sent as `limit`; got 0)"
    );
    assert!(
        mock.received_requests().await.is_empty(),
        "zero requests, not even for a token"
    );
}

#[tokio::test]
async fn a_listing_resumes_from_a_saved_cursor_or_an_offset() {
    let mock = AppStoreMock::start().await;
    mock.generate_catalog(95);
    let client = mock.client();
    let mut pages = client.list_applications().page_size(10).pages();
    let first = pages.try_next().await.unwrap().unwrap();
    let saved = serde_json::to_string(&first.next).unwrap();
    assert_eq!(saved, r#"{"style":"offset","offset":10,"limit":10}"#);
    drop(pages);

    let cursor: Cursor = serde_json::from_str::<Option<Cursor>>(&saved)
        .unwrap()
        .unwrap();
    let rest: Vec<u64> = client
        .list_applications()
        .resume_from(cursor)
        .items()
        .map_ok(|app| app.listing_version_id.unwrap() - GENERATED_LISTING_VERSION_BASE)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rest, (11..=95).collect::<Vec<_>>());

    let from_offset = client.list_applications().offset(90).send().await.unwrap();
    assert_eq!(from_offset.items.len(), 5);
    // Without a total, a short page may be a capped one: the next (empty) page tells.
    assert_eq!(
        from_offset.next,
        Some(Cursor::Offset {
            offset: 95,
            limit: 5
        })
    );

    let foreign = client
        .list_applications()
        .resume_from(Cursor::Token { token: "x".into() })
        .send()
        .await
        .unwrap_err();
    assert_eq!(foreign.invalid_field().unwrap().field, "resume_from");

    // Stored parameters replay.
    let params: ListApplicationsParams =
        serde_json::from_str(r#"{"page_size":50,"offset":80,"statuses":["NEW"]}"#).unwrap();
    let page = client.list_applications_with(params).send().await.unwrap();
    assert!(
        page.items
            .iter()
            .all(|app| app.listing_status() == Some(ListingStatus::New))
    );
}

#[tokio::test]
async fn a_limit_stops_fetching() {
    let mock = AppStoreMock::start().await;
    mock.generate_catalog(95);
    let apps: Vec<ApplicationSummary> = mock
        .client()
        .list_applications()
        .page_size(10)
        .limit(25)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(apps.len(), 25);
    assert_eq!(mock.api_requests().await.len(), 3);
}

#[tokio::test]
async fn summaries_in_other_shapes_and_cases_decode() {
    let mock = AppStoreMock::start().await;
    mock.clear();
    mock.insert_application(
        serde_json::json!({"listingVersionId": "5", "listingId": 4, "name": "lower", "status": "unpublished", "extra": [1]}),
        Vec::new(),
    );
    mock.insert_application(
        serde_json::json!({"listingVersionId": 6, "name": "object", "status": {"code": "PUBLISHED", "displayName": "Published"}}),
        Vec::new(),
    );
    let apps: Vec<ApplicationSummary> = mock
        .client()
        .list_applications()
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(apps[0].listing_version_id, Some(5));
    assert_eq!(apps[0].listing_id, Some(4));
    assert_eq!(
        apps[0].status,
        Some(Status::Text(ListingStatus::Unknown("unpublished".into())))
    );
    assert_eq!(apps[0].listing_status(), Some(ListingStatus::Unpublished));
    assert_eq!(apps[1].listing_status(), Some(ListingStatus::Published));
    assert_eq!(
        apps[1].status.as_ref().and_then(Status::display_name),
        Some("Published")
    );
    let raw: Vec<serde_json::Value> = mock
        .client()
        .list_applications()
        .items_as()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(raw[0]["extra"], serde_json::json!([1]));

    // Bare arrays and unwrapped items are read too.
    for body in [
        r#"[{"listingSummary":{"listingVersionId":9,"name":"a"}}]"#,
        r#"{"items":[{"listingVersionId":9,"name":"a"}]}"#,
        r#"[{"listingVersionId":9,"name":"a"}]"#,
    ] {
        mock.faults().push(pkgruntime::testing::Fault::ReplaceBody(
            body.as_bytes().to_vec(),
        ));
        let page = mock.client().list_applications().send().await.unwrap();
        assert_eq!(page.items[0].listing_version_id, Some(9), "{body}");
    }
}

#[tokio::test]
async fn a_server_ignoring_the_offset_is_a_pagination_loop_not_duplicates() {
    let mock = AppStoreMock::start().await;
    mock.generate_catalog(100);
    let first_page = mock
        .client()
        .list_applications()
        .page_size(10)
        .pages_as::<serde_json::Value>()
        .try_next()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first_page.items.len(), 10);
    let before = mock.api_requests().await.len();
    // Every page request now gets the first page back.
    let body = serde_json::json!({"items": first_page.items.iter().map(|item| serde_json::json!({"listingSummary": item})).collect::<Vec<_>>()});
    mock.faults().push_times(
        &pkgruntime::testing::Fault::ReplaceBody(body.to_string().into_bytes()),
        10,
    );
    let mut items = mock.client().list_applications().page_size(10).items();
    let mut received = 0;
    let error = loop {
        match items.next().await.unwrap() {
            Ok(_) => received += 1,
            Err(error) => break error,
        }
    };
    assert_eq!(received, 10, "the first page, once");
    match error {
        pkgruntime::Error::PaginationLoop(repeated) => {
            assert_eq!(
                repeated.reason,
                pkgruntime::PaginationLoopReason::RepeatedPage
            );
        }
        other => panic!("expected a pagination loop, got {other:?}"),
    }
    assert_eq!(mock.api_requests().await.len() - before, 2);
}
