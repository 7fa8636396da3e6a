//! Secrets never reach `Debug`, errors or logs; spans describe requests, attempts and pages.

// Test code: a panic is a failed assertion.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use futures::TryStreamExt as _;
use pkgmodel::Vendor;
use pkgruntime::testing::capture_logs;
use pkgruntime::testing::{Fault, FaultInjector, FaultQueue, MockResponse};
use pkgruntime::{ApiRequest, HeaderAuth, PageOptions, Pages, SecretString, Transport};
use serde_json::json;
use support::{Catalog, Quirks, Style, ToyClient, fast_retries};
use wiremock::{Mock, MockServer, Request, matchers};

const PASSWORD: &str = "hunter2-Very-Secret";

/// Every form the secret could leak in.
fn secret_forms() -> Vec<String> {
    use base64::Engine as _;
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("admin:{PASSWORD}"));
    vec![PASSWORD.to_owned(), basic]
}

fn assert_no_secret(text: &str, what: &str) {
    for secret in secret_forms() {
        assert!(!text.contains(&secret), "{what} leaks {secret}:\n{text}");
    }
}

#[tokio::test]
async fn no_secret_reaches_debug_errors_or_trace_logs() {
    let (_guard, logs) = capture_logs();
    let catalog = Catalog::start(45, Quirks::default()).await;
    let auth = HeaderAuth::basic("admin", SecretString::from(PASSWORD));
    assert_no_secret(&format!("{auth:?}"), "HeaderAuth Debug");
    let builder = catalog.transport().auth(auth);
    assert_no_secret(&format!("{builder:?}"), "TransportBuilder Debug");
    let transport = builder.build().unwrap();
    assert_no_secret(&format!("{transport:?}"), "Transport Debug");

    // A full listing with retries, at TRACE.
    catalog.faults.push(Fault::status(503).retry_after("0"));
    catalog.faults.push(Fault::status(429));
    let client = ToyClient {
        transport: transport.clone(),
    };
    let items: Vec<String> = Pages::new(client.list(Style::Marker, 10), PageOptions::default())
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 45);
    // The server did receive the credentials.
    let requests = catalog.requests().await;
    assert!(requests.iter().all(|r| {
        r.headers["authorization"]
            .to_str()
            .unwrap()
            .starts_with("Basic ")
    }));

    // A failing call, with the error in every form.
    catalog
        .faults
        .push(Fault::status(401).with_body(json!({"message": "bad credentials"}).to_string()));
    let error = transport
        .send(
            ApiRequest::get("list_items")
                .path(["offset"])
                .query("filter", "blue"),
        )
        .await
        .unwrap_err();
    assert!(error.is_auth());
    assert_no_secret(&error.to_string(), "error Display");
    assert_no_secret(&format!("{error:?}"), "error Debug");

    let text = logs.text();
    assert!(text.contains("pkgsdk.request"), "logs were captured");
    assert_no_secret(&text, "TRACE logs");
}

#[tokio::test]
async fn spans_name_vendor_operation_attempts_and_pages_but_never_marker_values() {
    let (_guard, logs) = capture_logs();
    let catalog = Catalog::start(25, Quirks::default()).await;
    catalog.faults.push(Fault::status(503));
    let items: Vec<String> = Pages::new(
        catalog.client().list(Style::Marker, 10),
        PageOptions::default(),
    )
    .items()
    .try_collect()
    .await
    .unwrap();
    assert_eq!(items.len(), 25);
    let text = logs.text();
    for expected in [
        r#"pkgsdk.request{vendor=toy operation="list_items" method=GET}"#,
        "attempt{attempt=1 status=503 retry_delay_ms=1}",
        "attempt{attempt=2 status=200}",
        r#"page{index=1 style="first"}"#,
        r#"page{index=2 style="marker"}"#,
        r#"page{index=3 style="marker"}"#,
    ] {
        assert!(text.contains(expected), "missing {expected} in:\n{text}");
    }
    // The markers the server sent (000…009, 000…013) appear in no span or event.
    for marker in [format!("{:024x}", 9), format!("{:024x}", 19)] {
        assert!(!text.contains(&marker), "marker {marker} logged:\n{text}");
    }
}

#[tokio::test]
async fn bearer_tokens_never_appear_in_errors_or_debug() {
    let server = MockServer::start().await;
    let handler = |_: &Request| MockResponse::json(500, &json!({"message": "boom"}));
    Mock::given(matchers::any())
        .respond_with(FaultInjector::new(handler, FaultQueue::new()))
        .mount(&server)
        .await;
    let transport = Transport::builder(Vendor::Unknown("toy".into()))
        .endpoint(server.uri())
        .auth(HeaderAuth::bearer(SecretString::from(PASSWORD)))
        .retry(fast_retries())
        .build()
        .unwrap();
    assert_no_secret(&format!("{transport:?}"), "Transport Debug");
    let error = transport.send(ApiRequest::get("x")).await.unwrap_err();
    assert_eq!(error.to_string(), "HTTP 500 Internal Server Error: boom");
    assert_no_secret(&format!("{error:?}"), "error Debug");
}
