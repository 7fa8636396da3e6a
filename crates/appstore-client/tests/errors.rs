//! Error statuses, retries and decode failures through the client.

// Test code: a panic is a failed assertion.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use appstore_client::testing::{
    AppStoreMock, SAMPLE_LISTING_VERSION_ID, SAMPLE_PACKAGE_VERSION_ID,
};
use pkgruntime::testing::Fault;
use pkgruntime::{Error, MAX_ERROR_BODY_BYTES, RetryPolicy, Timeouts};
use std::time::Duration;

#[tokio::test]
async fn a_404_shows_its_status_and_message() {
    let mock = AppStoreMock::start().await;
    let error = mock
        .client()
        .package(SAMPLE_LISTING_VERSION_ID, 999)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Api(_)), "{error:?}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(
        error.message(),
        Some("Entity Not Found: packageVersionId 999")
    );
    assert_eq!(
        error.to_string(),
        "HTTP 404 Not Found: Entity Not Found: packageVersionId 999"
    );
    assert_eq!(
        error.api().unwrap().body,
        r#"{"message":"Entity Not Found: packageVersionId 999"}"#
    );
    assert!(!error.is_retryable());
    assert_eq!(mock.api_requests().await.len(), 1, "a 404 is not retried");
}

#[tokio::test]
async fn each_documented_status_keeps_the_raw_body_and_the_message() {
    let mock = AppStoreMock::start().await;
    let client = mock
        .client_builder()
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    // Warm the token up so every fault hits the API call.
    client
        .list_packages(SAMPLE_LISTING_VERSION_ID)
        .send()
        .await
        .unwrap();
    for (status, body, message) in [
        (
            400,
            r#"{"message":"Invalid Parameter Value"}"#,
            Some("Invalid Parameter Value"),
        ),
        (
            404,
            r#"{"message":"Entity Not Found"}"#,
            Some("Entity Not Found"),
        ),
        (
            500,
            r#"{"message":"System Error","code":"OCM-500"}"#,
            Some("System Error"),
        ),
        (500, "<html><body>System Error</body></html>", None),
        (400, "Bad Request", None),
    ] {
        mock.faults()
            .push(Fault::status(status).with_body(body.as_bytes().to_vec()));
        let error = client
            .package(SAMPLE_LISTING_VERSION_ID, SAMPLE_PACKAGE_VERSION_ID)
            .send()
            .await
            .unwrap_err();
        assert!(matches!(error, Error::Api(_)), "{error:?}");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(error.message(), message);
        assert_eq!(error.api().unwrap().body, body);
        let text = error.to_string();
        assert!(text.starts_with(&format!("HTTP {status}")), "{text}");
        assert!(text.contains(message.unwrap_or(body.trim())), "{text}");
    }

    // A 401 the fresh token does not cure: the runtime's auth error, same response kept.
    mock.faults().push_times(
        &Fault::status(401).with_body(br#"{"message":"Not Authorized"}"#.to_vec()),
        2,
    );
    let error = client
        .package(SAMPLE_LISTING_VERSION_ID, SAMPLE_PACKAGE_VERSION_ID)
        .send()
        .await
        .unwrap_err();
    assert!(error.is_auth());
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(error.message(), Some("Not Authorized"));
    assert_eq!(mock.tokens_issued(), 2, "one refresh");
}

#[tokio::test]
async fn large_error_bodies_are_truncated() {
    let mock = AppStoreMock::start().await;
    let body = format!(
        r#"{{"message":"{}"}}"#,
        "x".repeat(MAX_ERROR_BODY_BYTES * 2)
    );
    mock.faults()
        .push(Fault::status(400).with_body(body.into_bytes()));
    let error = mock.client().list_packages(1).send().await.unwrap_err();
    let api = error.api().unwrap();
    assert!(api.body.len() <= MAX_ERROR_BODY_BYTES + '…'.len_utf8());
    assert!(api.body.ends_with('…'));
    assert!(error.to_string().len() < 300);
}

#[tokio::test]
async fn transient_failures_are_retried_and_retry_after_honoured() {
    let mock = AppStoreMock::start().await;
    mock.faults().push(Fault::status(503).retry_after("0"));
    mock.faults().push(Fault::status(429).retry_after("0"));
    mock.faults().push(Fault::html(502));
    let package = mock
        .client()
        .package(SAMPLE_LISTING_VERSION_ID, SAMPLE_PACKAGE_VERSION_ID)
        .send()
        .await;
    // Three attempts by default: the third, a 502, is the last.
    let error = package.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(502));
    assert_eq!(mock.api_requests().await.len(), 3);

    mock.faults().push(Fault::status(500).retry_after("1"));
    let client = mock
        .client_builder()
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    let error = client
        .list_packages(SAMPLE_LISTING_VERSION_ID)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.retry_after(), Some(Duration::from_secs(1)));
    assert!(error.is_retryable());
    let packages = mock
        .client()
        .list_packages(SAMPLE_LISTING_VERSION_ID)
        .send()
        .await
        .unwrap();
    assert_eq!(packages.len(), 1);
}

#[tokio::test]
async fn truncated_or_mistyped_bodies_name_the_bad_field() {
    let mock = AppStoreMock::start().await;
    let client = mock.client();
    mock.faults().push(Fault::TruncatedBody);
    match client
        .package(SAMPLE_LISTING_VERSION_ID, SAMPLE_PACKAGE_VERSION_ID)
        .send()
        .await
        .unwrap_err()
    {
        Error::Decode(decode) => assert_ne!(decode.path, ".", "{decode}"),
        other => panic!("expected a decode error, got {other:?}"),
    }
    let body = br#"{"id":1,"dependentServices":[{"tag":"a"},{"minSize":{"x":1}}]}"#;
    mock.faults().push(Fault::ReplaceBody(body.to_vec()));
    match client
        .package(SAMPLE_LISTING_VERSION_ID, SAMPLE_PACKAGE_VERSION_ID)
        .send()
        .await
        .unwrap_err()
    {
        Error::Decode(decode) => assert_eq!(decode.path, "dependentServices[1].minSize"),
        other => panic!("expected a decode error, got {other:?}"),
    }
    mock.faults().push(Fault::ReplaceBody(
        br#"{"items":[{"Package":{"id":1}},{"Package":{"operations":[{"actionExecutionSequence":[{"sequenceNumber":"first"}]}]}}]}"#
            .to_vec(),
    ));
    match client
        .list_packages(SAMPLE_LISTING_VERSION_ID)
        .send()
        .await
        .unwrap_err()
    {
        Error::Decode(decode) => assert_eq!(
            decode.path,
            "items[1].Package.operations[0].actionExecutionSequence[0].sequenceNumber"
        ),
        other => panic!("expected a decode error, got {other:?}"),
    }
    mock.faults().push(Fault::html(200));
    let error = client.list_applications().send().await.unwrap_err();
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
}

#[tokio::test]
async fn a_slow_answer_times_out() {
    let mock = AppStoreMock::start().await;
    let client = mock
        .client_builder()
        .retry(RetryPolicy::disabled())
        .timeouts(Timeouts::default().attempt(Duration::from_millis(100)))
        .build()
        .unwrap();
    client
        .list_packages(SAMPLE_LISTING_VERSION_ID)
        .send()
        .await
        .unwrap();
    mock.faults().push(Fault::Latency(Duration::from_secs(5)));
    let error = client
        .list_packages(SAMPLE_LISTING_VERSION_ID)
        .send()
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
}

#[tokio::test]
async fn unknown_routes_and_non_numeric_ids() {
    let mock = AppStoreMock::start().await;
    let client = mock.client();
    // Refused before sending: ids are numbers.
    let error = client.package("abc", 1).send().await.unwrap_err();
    assert_eq!(error.invalid_field().unwrap().field, "listing_version_id");
    assert!(mock.api_requests().await.is_empty());
    // The mock answers one that gets through as the API does.
    let error = client
        .transport()
        .send(pkgruntime::ApiRequest::get("get_package").path([
            "appstore",
            "publisher",
            "v1",
            "applications",
            "abc",
            "packages",
            "1",
        ]))
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(
        error.message(),
        Some("Invalid Parameter Value: listingVersionId")
    );
    let error = client
        .transport()
        .send(pkgruntime::ApiRequest::get("nothing").path(["appstore", "nothing"]))
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
}
