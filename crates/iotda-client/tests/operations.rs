//! Show, create and delete, and error bodies.

// Test code: a panic is a failed assertion.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use iotda_client::testing::IotdaMock;
use iotda_client::{CreateOtaPackageParams, ObsLocation, PackageType};
use pkgruntime::testing::Fault;
use serde_json::json;

const SAMPLE_ID: &str = "28f61af50fc9452aa0ed5ea25c3cc3d3";

fn params() -> CreateOtaPackageParams {
    CreateOtaPackageParams::new(
        "61f7e74d036aca5be29e1ed4",
        PackageType::FirmwarePackage,
        "5ba24f5ebbe8f56f5a14f605",
        "V2.1",
        ObsLocation::new("cn-north-4", "abc", "bbb/upgrade.bin"),
    )
}

#[tokio::test]
async fn show_returns_the_package_with_its_file_location() {
    let mock = IotdaMock::start().await;
    let info = mock.client().show_ota_package(SAMPLE_ID).await.unwrap();
    assert_eq!(info.version.as_deref(), Some("V2.0"));
    let obs = info.file_location.unwrap().obs_location.unwrap();
    assert_eq!(obs.bucket_name, "mock-bucket");
    let error = mock.client().show_ota_package("0000").await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert!(error.request_id().is_some());
    let error = mock
        .client()
        .show_ota_package("not/an id")
        .await
        .unwrap_err();
    assert_eq!(error.invalid_field().unwrap().field, "package_id");
}

#[tokio::test]
async fn create_sends_the_documented_body_and_returns_the_package() {
    let mock = IotdaMock::start().await;
    let created = mock
        .access_key_client()
        .create_ota_package(params())
        .support_source_versions(["V1.0", "V1.1"])
        .description("package for version V1.0 and V1.1")
        .custom_info("custom")
        .sign("a".repeat(64))
        .send()
        .await
        .unwrap();
    assert_eq!(created.version.as_deref(), Some("V2.1"));
    assert!(created.package_id.is_some());
    assert!(created.create_time.unwrap().datetime().is_some());
    let request = mock.received_requests().await.pop().unwrap();
    let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(
        body,
        json!({
            "app_id": "61f7e74d036aca5be29e1ed4", "package_type": "firmwarePackage",
            "product_id": "5ba24f5ebbe8f56f5a14f605", "version": "V2.1",
            "support_source_versions": ["V1.0", "V1.1"], "description": "package for version V1.0 and V1.1",
            "custom_info": "custom",
            "file_location": {"obs_location": {"region_name": "cn-north-4", "bucket_name": "abc",
                                               "object_key": "bbb/upgrade.bin", "sign": "a".repeat(64)}}
        })
    );
    assert_eq!(mock.catalog().len(), 2);
}

#[tokio::test]
async fn create_checks_every_documented_limit_before_sending() {
    let mock = IotdaMock::start().await;
    let client = mock.client();
    let mut bad_location = params();
    bad_location
        .file_location
        .obs_location
        .as_mut()
        .unwrap()
        .bucket_name = "Upper_Case".into();
    let cases = [
        (
            client
                .create_ota_package(params())
                .support_source_versions((0..21).map(|n| format!("V{n}"))),
            "support_source_versions",
        ),
        (
            client
                .create_ota_package(params())
                .description("d".repeat(1025)),
            "description",
        ),
        (
            client
                .create_ota_package(params())
                .custom_info("c".repeat(4097)),
            "custom_info",
        ),
        (
            client
                .create_ota_package(params())
                .module_name("m".repeat(65)),
            "module_name",
        ),
        (
            client.create_ota_package(params()).sign("xyz"),
            "file_location.obs_location.sign",
        ),
        (
            client.create_ota_package(bad_location),
            "file_location.obs_location.bucket_name",
        ),
    ];
    for (create, field) in cases {
        let error = create.send().await.unwrap_err();
        assert_eq!(error.invalid_field().unwrap().field, field);
    }
    let mut no_app = params();
    no_app.app_id = String::new();
    assert_eq!(
        client
            .create_ota_package(no_app)
            .send()
            .await
            .unwrap_err()
            .invalid_field()
            .unwrap()
            .field,
        "app_id"
    );
    assert!(mock.received_requests().await.is_empty());
}

#[tokio::test]
async fn delete_accepts_any_2xx_with_or_without_a_body() {
    let mock = IotdaMock::start().await;
    mock.client().delete_ota_package(SAMPLE_ID).await.unwrap();
    assert!(mock.catalog().is_empty());
    mock.faults()
        .push(Fault::status(200).with_body(br#"{"result":"ok"}"#.to_vec()));
    mock.client().delete_ota_package(SAMPLE_ID).await.unwrap();
    let error = mock
        .client()
        .delete_ota_package(SAMPLE_ID)
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
}

#[tokio::test]
async fn error_bodies_become_api_errors_with_the_request_id() {
    let mock = IotdaMock::start().await;
    let body =
        json!({"error_code": "IOTDA.000006", "error_msg": "Invalid input data."}).to_string();
    mock.faults()
        .push(Fault::status(400).with_body(body.into_bytes()));
    let error = mock
        .client()
        .list_ota_packages(PackageType::SoftwarePackage)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("IOTDA.000006"));
    assert_eq!(
        error.to_string(),
        "HTTP 400 Bad Request, code IOTDA.000006: Invalid input data."
    );
    let gateway = json!({"error": {"code": "APIG.0308", "message": "The throttling threshold has been reached"}});
    mock.faults().push_times(
        &Fault::status(429)
            .retry_after("0")
            .with_body(gateway.to_string().into_bytes()),
        3,
    );
    let error = mock.client().show_ota_package(SAMPLE_ID).await.unwrap_err();
    assert_eq!(error.code(), Some("APIG.0308"));
    assert_eq!(
        mock.received_requests().await.len(),
        4,
        "throttling is retried"
    );
}
