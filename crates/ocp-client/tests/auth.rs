//! Basic and AccessKey credentials, exactly as sent.

// Test code: a panic is a failed assertion.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use futures::TryStreamExt as _;
use ocp_client::testing::{ACCESS_KEY_ID, OcpMock, PASSWORD, USERNAME};

#[tokio::test]
async fn basic_credentials_are_sent_up_front_with_the_required_headers() {
    let mock = OcpMock::start().await;
    mock.client().list_software_packages().send().await.unwrap();
    let requests = mock.received_requests().await;
    assert_eq!(requests.len(), 1, "no challenge round trip");
    let headers = &requests[0].headers;
    // base64("admin:ocp-mock-password")
    assert_eq!(
        headers["authorization"],
        "Basic YWRtaW46b2NwLW1vY2stcGFzc3dvcmQ="
    );
    assert_eq!(format!("{USERNAME}:{PASSWORD}"), "admin:ocp-mock-password");
    assert_eq!(
        headers["content-type"], "application/json",
        "required even on GET"
    );
    assert_eq!(headers["accept"], "application/json");
}

#[tokio::test]
async fn access_key_requests_are_signed_and_accepted() {
    let mock = OcpMock::start().await;
    mock.generate_catalog(30);
    let client = mock.access_key_client();
    let ids: Vec<u64> = client
        .list_software_packages()
        .operating_systems(["el7", "alios7"])
        .keyword("o")
        .page_size(4)
        .items()
        .map_ok(|p| p.id)
        .try_collect()
        .await
        .unwrap();
    assert!(!ids.is_empty());
    for request in mock.received_requests().await {
        let authorization = request.headers["authorization"].to_str().unwrap();
        let (scheme_and_key, signature) = authorization.split_once(':').unwrap();
        assert_eq!(
            scheme_and_key,
            format!("OCP-ACCESS-KEY-HMACSHA1 {ACCESS_KEY_ID}")
        );
        assert_eq!(signature.len(), 28, "base64 of a 20-byte HMAC-SHA1");
        assert!(request.headers["date"].to_str().unwrap().ends_with(" GMT"));
    }
}

#[tokio::test]
async fn a_wrong_secret_is_refused() {
    let mock = OcpMock::start().await;
    let client = ocp_client::OcpClient::builder()
        .endpoint(mock.uri())
        .access_key(ACCESS_KEY_ID, "not-the-secret")
        .build()
        .unwrap();
    let error = client.list_software_packages().send().await.unwrap_err();
    assert!(error.is_auth());
    assert_eq!(error.message(), Some("Signature mismatch"));
}

#[tokio::test]
async fn credentials_never_show_in_debug_or_errors() {
    let mock = OcpMock::start().await;
    let client = mock
        .client_builder()
        .basic_auth(USERNAME, "Sup3r-Secret-PW")
        .build()
        .unwrap();
    let error = client.list_software_packages().send().await.unwrap_err();
    for text in [
        format!("{client:?}"),
        format!("{error:?}"),
        error.to_string(),
    ] {
        assert!(!text.contains("Sup3r-Secret-PW"), "{text}");
        assert!(!text.contains("YWRtaW46U3VwM3ItU2VjcmV0LVBX"), "{text}");
    }
}
