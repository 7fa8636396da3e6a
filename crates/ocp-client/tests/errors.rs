//! OCP's error envelope, statuses, retries and decode failures through the client.

// Test code: a panic is a failed assertion.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use ocp_client::testing::OcpMock;
use pkgruntime::Error;
use pkgruntime::testing::Fault;
use serde_json::json;

fn envelope(status: u16, code: u32, message: &str) -> Vec<u8> {
    json!({
        "successful": false, "status": status, "timestamp": "2021-08-24T21:15:45.533+08:00",
        "duration": 3, "traceId": "b31aec4d58104ecd", "server": "a83ad33525",
        "error": {"code": code, "message": message, "debugMessage": "d", "target": {},
                  "subErrors": [{"object": "o", "field": "size", "rejectedValue": 0, "message": "must be positive"}]}
    })
    .to_string()
    .into_bytes()
}

#[tokio::test]
async fn each_error_status_decodes_the_envelope() {
    let mock = OcpMock::start().await;
    let client = mock.client();
    for (status, code) in [
        (400, 10001),
        (401, 30000),
        (403, 30014),
        (404, 10002),
        (409, 10003),
        (415, 10004),
        (500, 10010),
    ] {
        mock.faults().push_times(
            &Fault::status(status).with_body(envelope(status, code, "went wrong")),
            3,
        );
        let error = client.list_software_packages().send().await.unwrap_err();
        mock.faults().clear();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(error.code(), Some(code.to_string().as_str()), "{status}");
        assert_eq!(error.message(), Some("went wrong (size: must be positive)"));
        assert_eq!(error.request_id(), Some("b31aec4d58104ecd"));
        assert_eq!(error.is_auth(), status == 401, "{status}");
        let text = error.to_string();
        assert!(text.contains(&format!("HTTP {status}")), "{text}");
        assert!(text.contains(&format!("code {code}: went wrong")), "{text}");
        assert!(text.contains("(request id b31aec4d58104ecd)"), "{text}");
    }
}

#[tokio::test]
async fn a_200_with_successful_false_is_an_error() {
    let mock = OcpMock::start().await;
    let mut body = envelope(200, 10010, "partial failure");
    body = String::from_utf8(body)
        .unwrap()
        .replace("\"status\":200", "\"status\":500")
        .into_bytes();
    mock.faults().push(Fault::ReplaceBody(body));
    let error = mock
        .client()
        .list_software_packages()
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("10010"));
    assert_eq!(
        error.message(),
        Some("partial failure (size: must be positive)")
    );
}

#[tokio::test]
async fn wrong_credentials_are_an_auth_error_without_a_retry() {
    let mock = OcpMock::start().await;
    let client = mock
        .client_builder()
        .basic_auth("admin", "wrong")
        .build()
        .unwrap();
    let error = client.list_software_packages().send().await.unwrap_err();
    assert!(error.is_auth());
    assert_eq!(error.code(), Some("30000"));
    assert_eq!(
        mock.received_requests().await.len(),
        1,
        "OCP sends no challenge: no second try"
    );
}

#[tokio::test]
async fn unknown_urls_answer_400_as_ocp_does() {
    let mock = OcpMock::start().await;
    let response = mock
        .client()
        .transport()
        .send(pkgruntime::ApiRequest::get("nothing").path(["api", "v2", "nothing"]))
        .await
        .unwrap_err();
    assert_eq!(response.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(response.code(), Some("10001"));
}

#[tokio::test]
async fn transient_failures_are_retried_and_retry_after_honoured() {
    let mock = OcpMock::start().await;
    mock.faults().push(Fault::status(503).retry_after("0"));
    mock.faults().push(Fault::html(502));
    let page = mock.client().list_software_packages().send().await.unwrap();
    assert_eq!(page.items.len(), 2);
    assert_eq!(mock.received_requests().await.len(), 3);
}

#[tokio::test]
async fn truncated_or_mistyped_bodies_name_the_bad_field() {
    let mock = OcpMock::start().await;
    mock.faults().push(Fault::TruncatedBody);
    match mock
        .client()
        .list_software_packages()
        .send()
        .await
        .unwrap_err()
    {
        Error::Decode(decode) => assert!(decode.path.starts_with("data"), "{}", decode.path),
        other => panic!("expected a decode error, got {other:?}"),
    }
    let body = br#"{"data":{"contents":[{"id":1},{"id":2,"size":"huge"}]},"successful":true}"#;
    mock.faults().push(Fault::ReplaceBody(body.to_vec()));
    match mock
        .client()
        .list_software_packages()
        .send()
        .await
        .unwrap_err()
    {
        Error::Decode(decode) => assert_eq!(decode.path, "data.contents[1].size"),
        other => panic!("expected a decode error, got {other:?}"),
    }
    mock.faults().push(Fault::html(200));
    let error = mock
        .client()
        .list_software_packages()
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
}
