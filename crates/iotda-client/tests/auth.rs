//! Tokens, IAM password tokens and AK/SK signatures, as sent.

// Test code: a panic is a failed assertion.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use futures::future::join_all;
use iotda_client::testing::{IotdaMock, PROJECT_ID, TOKEN};
use iotda_client::{IamPasswordToken, IotdaClient, PackageType};
use std::time::Duration;

const SAMPLE_ID: &str = "28f61af50fc9452aa0ed5ea25c3cc3d3";

#[tokio::test]
async fn tokens_and_the_sdks_headers_are_sent_on_every_request() {
    let mock = IotdaMock::start().await;
    let client = mock
        .client_builder()
        .token(TOKEN)
        .instance_id("inst-01")
        .build()
        .unwrap();
    client
        .list_ota_packages(PackageType::SoftwarePackage)
        .send()
        .await
        .unwrap();
    client.show_ota_package(SAMPLE_ID).await.unwrap();
    for request in mock.received_requests().await {
        assert_eq!(request.headers["x-auth-token"], TOKEN);
        assert_eq!(request.headers["x-project-id"], PROJECT_ID);
        assert_eq!(request.headers["content-type"], "application/json");
        assert_eq!(request.headers["instance-id"], "inst-01");
        assert!(
            request
                .url
                .path()
                .starts_with(&format!("/v5/iot/{PROJECT_ID}/ota-upgrades/packages"))
        );
    }
}

#[tokio::test]
async fn signed_requests_carry_exactly_the_headers_the_official_sdk_signs() {
    let mock = IotdaMock::start().await;
    for (client, algorithm) in [
        (mock.regional_access_key_client(), "SDK-HMAC-SHA256"),
        (mock.access_key_client(), "V11-HMAC-SHA256"),
    ] {
        client
            .list_ota_packages(PackageType::FirmwarePackage)
            .send()
            .await
            .unwrap();
        let request = mock.received_requests().await.pop().unwrap();
        let authorization = request.headers["authorization"].to_str().unwrap();
        assert!(
            authorization.starts_with(&format!("{algorithm} ")),
            "{authorization}"
        );
        // What Huawei's IoTDAClient.list_ota_package_info signs (peers/huawei_sign.py
        // --via-iotda-client): no Accept, the project header, the SDK date.
        assert!(
            authorization
                .contains("SignedHeaders=content-type;host;user-agent;x-project-id;x-sdk-date,"),
            "{authorization}"
        );
        // The HTTP client's own `Accept: */*` goes unsigned, as with Python's requests.
        assert_ne!(
            request.headers.get("accept").map(|v| v.to_str().unwrap()),
            Some("application/json")
        );
    }
    let v11 = mock.received_requests().await.pop().unwrap();
    let authorization = v11.headers["authorization"].to_str().unwrap().to_owned();
    let credential = authorization
        .split("Credential=")
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap();
    assert!(credential.ends_with("/cn-north-4/iotdm"), "{credential}");
}

#[tokio::test]
async fn a_wrong_secret_is_refused_as_an_auth_error() {
    let mock = IotdaMock::start().await;
    let client = mock
        .client_builder()
        .access_key(iotda_client::testing::ACCESS_KEY_ID, "wrong")
        .build()
        .unwrap();
    let error = client.show_ota_package(SAMPLE_ID).await.unwrap_err();
    assert!(error.is_auth());
    assert_eq!(error.code(), Some("APIG.1002"));
    assert!(error.request_id().is_some());
    assert_eq!(
        mock.received_requests().await.len(),
        1,
        "a signature is not refreshable: no resend"
    );
}

#[tokio::test]
async fn iam_tokens_are_fetched_once_for_concurrent_requests() {
    let mock = IotdaMock::start().await;
    let client = mock.iam_client();
    let results = join_all((0..20).map(|_| client.show_ota_package(SAMPLE_ID))).await;
    assert!(results.iter().all(Result::is_ok));
    assert_eq!(mock.tokens_issued(), 1);
    let token_requests = mock
        .received_requests()
        .await
        .iter()
        .filter(|r| r.url.path() == "/v3/auth/tokens")
        .count();
    assert_eq!(token_requests, 1);
}

#[tokio::test]
async fn an_iam_token_is_refreshed_once_after_a_401() {
    let mock = IotdaMock::start().await;
    let client = mock.iam_client();
    client.show_ota_package(SAMPLE_ID).await.unwrap();
    mock.revoke_tokens();
    client.show_ota_package(SAMPLE_ID).await.unwrap();
    assert_eq!(mock.tokens_issued(), 2);
    let sent: Vec<String> = mock
        .received_requests()
        .await
        .iter()
        .filter_map(|r| {
            r.headers
                .get("x-auth-token")
                .map(|v| v.to_str().unwrap().to_owned())
        })
        .collect();
    assert_eq!(
        sent,
        ["mock-iam-token-1", "mock-iam-token-1", "mock-iam-token-2"]
    );
}

#[tokio::test]
async fn iam_tokens_are_refreshed_before_they_expire() {
    let mock = IotdaMock::start().await;
    // Tokens that expire as they are issued are never reused.
    mock.set_token_lifetime(Duration::ZERO);
    let client = mock.iam_client();
    for _ in 0..3 {
        client.show_ota_package(SAMPLE_ID).await.unwrap();
    }
    assert_eq!(
        mock.tokens_issued(),
        3,
        "each expired token was replaced before use"
    );
    mock.set_token_lifetime(Duration::from_secs(24 * 3600));
    let client = mock.iam_client();
    for _ in 0..3 {
        client.show_ota_package(SAMPLE_ID).await.unwrap();
    }
    assert_eq!(mock.tokens_issued(), 4, "a 24 h token is reused");
}

#[tokio::test]
async fn a_wrong_iam_password_is_an_auth_error_naming_iam() {
    let mock = IotdaMock::start().await;
    let client = mock
        .client_builder()
        .iam_endpoint(mock.uri())
        .iam_password("mock-user", "wrong", "mock-domain")
        .build()
        .unwrap();
    let error = client.show_ota_package(SAMPLE_ID).await.unwrap_err();
    assert!(error.is_auth());
    assert!(error.to_string().contains("IAM refused"), "{error}");
    assert!(
        !format!("{error:?} {client:?}").contains("wrong\""),
        "no password in Debug"
    );
}

#[tokio::test]
async fn plain_http_iam_endpoints_are_refused_unless_loopback() {
    let error = IamPasswordToken::builder()
        .endpoint("http://iam.example.com")
        .project_name("cn-north-4")
        .user_name("u")
        .password("p")
        .domain_name("d")
        .build()
        .unwrap_err();
    assert_eq!(error.invalid_field().unwrap().field, "endpoint");
    let client = IotdaClient::builder()
        .region("cn-north-4")
        .project_id("p")
        .token("t")
        .build()
        .unwrap();
    assert_eq!(
        client.transport().endpoint().host_str(),
        Some("iotda.cn-north-4.myhuaweicloud.com")
    );
}
