//! OceanBase Cloud's error envelope through the client: non-200 statuses, `success: false`
//! on a 200, the `successful`/`message` variant, retries and `Retry-After`, and bodies that
//! do not decode.

// Test code: a panic is a failed assertion.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use obcloud_client::testing::{INSTANCE_ID, ObCloudMock, SuccessField};
use pkgruntime::testing::Fault;
use pkgruntime::{Error, RetryPolicy};
use serde_json::json;
use std::time::Duration;

const REQUEST_ID: &str = "df209ed9-ae31-4e9e-bf75-76385afaadf9";

fn documented_error() -> Vec<u8> {
    json!({"success": false, "errorCode": "E001R000", "errorMessage": "Unknown Error", "requestId": REQUEST_ID})
        .to_string()
        .into_bytes()
}

/// A mock whose Digest challenge has already been answered, so each fault hits a request
/// of the call under test rather than the challenge.
async fn warmed_up() -> (ObCloudMock, obcloud_client::ObCloudClient) {
    let mock = ObCloudMock::start().await;
    let client = mock.client();
    client.list_instances().send().await.unwrap();
    (mock, client)
}

#[tokio::test]
async fn non_200_statuses_carry_the_vendors_code_message_and_request_id() {
    let (mock, client) = warmed_up().await;
    for status in [400, 403, 404, 409, 500, 502] {
        mock.faults()
            .push_times(&Fault::status(status).with_body(documented_error()), 3);
        let error = client
            .list_backup_sets(INSTANCE_ID)
            .send()
            .await
            .unwrap_err();
        mock.faults().clear();
        assert!(matches!(error, Error::Api(_)), "{status}: {error:?}");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(error.code(), Some("E001R000"));
        assert_eq!(error.message(), Some("Unknown Error"));
        assert_eq!(error.request_id(), Some(REQUEST_ID));
        let text = error.to_string();
        assert!(
            text.ends_with(&format!(
                ", code E001R000: Unknown Error (request id {REQUEST_ID})"
            )),
            "{text}"
        );
    }
}

#[tokio::test]
async fn success_false_on_a_200_is_an_api_error_in_either_variant() {
    let (mock, client) = warmed_up().await;
    mock.faults().push(Fault::ReplaceBody(documented_error()));
    let error = client
        .list_backup_sets(INSTANCE_ID)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
    assert_eq!(error.code(), Some("E001R000"));
    assert_eq!(error.request_id(), Some(REQUEST_ID));

    let successful = json!({"successful": false, "errorCode": "E002", "message": "Throttled", "requestId": "r-2"});
    mock.faults()
        .push(Fault::ReplaceBody(successful.to_string().into_bytes()));
    let error = client
        .get_backup_set(INSTANCE_ID, "bak-7aqvtc4ugvuo")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("E002"));
    assert_eq!(error.message(), Some("Throttled"));
    assert_eq!(error.request_id(), Some("r-2"));
}

#[tokio::test]
async fn the_mocks_own_errors_use_the_envelope_the_client_reads() {
    let (mock, client) = warmed_up().await;
    for field in [SuccessField::Success, SuccessField::Successful] {
        mock.set_success_field(field);
        let error = client
            .list_backup_sets("ob-unknown")
            .send()
            .await
            .unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(404), "{field:?}");
        assert_eq!(error.code(), Some("MOCK.InstanceNotFound"), "{field:?}");
        assert_eq!(
            error.message(),
            Some("The instance ob-unknown does not exist."),
            "{field:?}"
        );
        let request_id = error.request_id().unwrap();
        assert!(
            uuid::Uuid::parse_str(request_id).is_ok(),
            "echoed: {request_id}"
        );
    }
}

#[tokio::test]
async fn a_2xx_other_than_200_is_an_error() {
    let (mock, client) = warmed_up().await;
    mock.faults().push(
        Fault::status(202)
            .with_body(br#"{"success":true,"data":{"dataList":[],"total":0}}"#.to_vec()),
    );
    let error = client
        .list_backup_sets(INSTANCE_ID)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(202));
}

#[tokio::test]
async fn transient_failures_are_retried_and_retry_after_honoured() {
    let (mock, client) = warmed_up().await;
    let before = mock.received_requests().await.len();
    mock.faults().push(Fault::status(503).retry_after("0"));
    mock.faults().push(Fault::html(502));
    let page = client.list_backup_sets(INSTANCE_ID).send().await.unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(mock.received_requests().await.len() - before, 3);

    // Without retries the status and the asked-for delay reach the caller.
    let once = mock
        .client_builder()
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    once.list_instances().send().await.unwrap();
    mock.faults().push(Fault::status(429).retry_after("7"));
    let error = once.list_backup_sets(INSTANCE_ID).send().await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(error.retry_after(), Some(Duration::from_secs(7)));
    assert!(error.is_retryable());
}

#[tokio::test]
async fn a_fault_on_the_challenge_is_retried_too() {
    let mock = ObCloudMock::start().await;
    mock.faults().push(Fault::status(503).retry_after("0"));
    let client = mock.client();
    let page = client.list_backup_sets(INSTANCE_ID).send().await.unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(
        mock.received_requests().await.len(),
        3,
        "503, challenge, answer"
    );
    assert_eq!(client.digest_auth().challenges_answered(), 1);
}

#[tokio::test]
async fn latency_is_survived_and_an_attempt_time_out_is_retried() {
    let (mock, _) = warmed_up().await;
    let client = mock
        .client_builder()
        .timeouts(pkgruntime::Timeouts::default().attempt(Duration::from_millis(200)))
        .build()
        .unwrap();
    mock.faults()
        .push(Fault::Latency(Duration::from_millis(50)));
    client.list_instances().send().await.unwrap();
    mock.faults().push(Fault::Latency(Duration::from_secs(5)));
    let page = client.list_backup_sets(INSTANCE_ID).send().await.unwrap();
    assert_eq!(
        page.items.len(),
        1,
        "the slow attempt timed out; the retry succeeded"
    );
}

#[tokio::test]
async fn bodies_that_do_not_decode_name_the_bad_field() {
    let (mock, client) = warmed_up().await;
    mock.faults().push(Fault::TruncatedBody);
    match client
        .list_backup_sets(INSTANCE_ID)
        .send()
        .await
        .unwrap_err()
    {
        Error::Decode(decode) => assert!(decode.path.starts_with("data"), "{}", decode.path),
        other => panic!("expected a decode error, got {other:?}"),
    }
    let body = br#"{"success":true,"data":{"total":2,"dataList":[{"backupSetId":"a"},{"backupSetId":"b","dataBackupSize":"huge"}]}}"#;
    mock.faults().push(Fault::ReplaceBody(body.to_vec()));
    match client
        .list_backup_sets(INSTANCE_ID)
        .send()
        .await
        .unwrap_err()
    {
        Error::Decode(decode) => assert_eq!(decode.path, "data.dataList[1].dataBackupSize"),
        other => panic!("expected a decode error, got {other:?}"),
    }
    let body = br#"{"success":true,"data":{"dataList":[{"checkpoint":"last tuesday"}]}}"#;
    mock.faults().push(Fault::ReplaceBody(body.to_vec()));
    match client
        .list_backup_sets(INSTANCE_ID)
        .send()
        .await
        .unwrap_err()
    {
        Error::Decode(decode) => assert_eq!(decode.path, "data.dataList[0].checkpoint"),
        other => panic!("expected a decode error, got {other:?}"),
    }
    mock.faults().push(Fault::html(200));
    let error = client
        .list_backup_sets(INSTANCE_ID)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
    mock.faults().push(Fault::ReplaceBody(
        b"{\"success\":true,\"data\":\xff}".to_vec(),
    ));
    let error = client
        .list_backup_sets(INSTANCE_ID)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
}

#[tokio::test]
async fn a_wrong_project_is_refused_by_the_mock() {
    let mock = ObCloudMock::start().await;
    let client = mock
        .client_builder()
        .project_id("someone-elses")
        .build()
        .unwrap();
    let error = client.list_instances().send().await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(403));
    assert_eq!(error.code(), Some("MOCK.ProjectNotFound"));
}
