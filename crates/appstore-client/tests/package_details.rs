//! `package(lv, pv)` against the mock: Oracle's sample field for field, re-serialised to
//! equivalent JSON, the v2 sample, secrets kept out of `Debug` and logs, validation before
//! sending, the vendor-neutral view.

// Test code: a panic is a failed assertion.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use appstore_client::testing::{
    AppStoreMock, SAMPLE_LISTING_VERSION_ID, SAMPLE_PACKAGE, SAMPLE_PACKAGE_V2,
    SAMPLE_PACKAGE_VERSION_ID, SAMPLE_V2_LISTING_VERSION_ID,
};
use appstore_client::{
    ActionType, ApiVersion, GetPackageParams, LinkRel, OperationType, PackageStatusCode,
    PackageType, PackageVersion, PropertySource, ServiceType, Status,
};
use pkgmodel::{PackageKind, Vendor};
use pkgruntime::testing::capture_logs;
use serde_json::Value;

mod support;

#[tokio::test]
async fn the_documented_sample_decodes_field_for_field() {
    let mock = AppStoreMock::start().await;
    let package = mock
        .client()
        .package(SAMPLE_LISTING_VERSION_ID, SAMPLE_PACKAGE_VERSION_ID)
        .send()
        .await
        .unwrap();

    assert_eq!(package.id, Some(3_084_832));
    assert_eq!(package.listing_version_id, Some(2_133_526));
    assert_eq!(
        package.name.as_deref(),
        Some("Add credential package : soude - 2016-01-29 [try #1]_3084831")
    );
    assert_eq!(package.description.as_deref(), Some("Rest Package Snippet"));
    assert_eq!(package.version.as_deref(), Some("1.0"));
    assert_eq!(package.package_type, Some(PackageType::Unmanaged));
    assert_eq!(
        package.namespace_prefix.as_deref(),
        Some("Rest Package Snippet")
    );
    assert_eq!(package.display_name.as_deref(), Some(""));
    assert_eq!(
        package.listing_image_url.as_deref(),
        Some("https://ocm-apis.cloud.oracle.com/marketplace/content?contentId=2133542")
    );
    assert_eq!(
        package.status,
        Some(Status::Text(PackageStatusCode::ValidationSucceeded))
    );
    check_service(&package);
    check_actions_and_operations(&package);
    check_urls_and_links(&package);

    // The same as decoding the fixture file directly.
    let direct: PackageVersion = serde_json::from_str(SAMPLE_PACKAGE).unwrap();
    assert_eq!(direct, package);
}

/// dependentServices: numbers as strings, kept as sent.
fn check_service(package: &PackageVersion) {
    let [service] = package.dependent_services.as_deref().unwrap() else {
        panic!("one service")
    };
    assert_eq!(service.tag.as_deref(), Some("Java Service"));
    assert_eq!(service.service_name, Some(ServiceType::Java));
    assert_eq!(service.min_version.as_ref().unwrap().value(), Some(1));
    assert_eq!(service.min_version.as_ref().unwrap().raw(), "1");
    assert!(service.min_version.as_ref().unwrap().is_text());
    assert_eq!(service.max_version.as_ref().unwrap().value(), Some(10));
    assert_eq!(service.is_dedicated_to_app_flag, Some(true));
    assert_eq!(service.min_size.as_ref().unwrap().value(), Some(1311));
    assert_eq!(service.max_size.as_ref().unwrap().value(), None);
    assert_eq!(service.max_size.as_ref().unwrap().raw(), "");
    assert!(service.max_size.as_ref().unwrap().is_blank());
    assert_eq!(service.custom_properties, None);
}

/// actions, with their request properties and authentication, and the operations running
/// them in sequence order.
fn check_actions_and_operations(package: &PackageVersion) {
    let [add, delete] = package.actions.as_deref().unwrap() else {
        panic!("two actions")
    };
    assert_eq!(add.tag.as_deref(), Some("Add credential"));
    assert_eq!(add.dependent_service_tag.as_deref(), Some("Java Service"));
    assert_eq!(add.action_name.as_deref(), Some("addcredential"));
    assert_eq!(add.action_type, Some(ActionType::OutOfTheBoxAction));
    let properties = add.request_properties.as_deref().unwrap();
    let names: Vec<&str> = properties
        .iter()
        .map(|p| p.name.as_deref().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "CREDENTIAL_MAP_NAME",
            "DESCRIPTION",
            "KEY",
            "KEY_USER",
            "KEY_PASSWORD"
        ]
    );
    assert!(
        properties
            .iter()
            .all(|p| p.source == Some(PropertySource::BlueprintStatic))
    );
    let password = add.request_property("KEY_PASSWORD").unwrap();
    assert_eq!(password.value.as_deref(), Some("Welcome1"));
    assert!(password.is_secret());
    assert_eq!(
        add.request_property("CREDENTIAL_MAP_NAME")
            .unwrap()
            .value
            .as_deref(),
        Some("user.custom.map")
    );
    let authentication = add.authentication.as_ref().unwrap();
    assert_eq!(authentication.auth_type.as_deref(), Some(""));
    assert_eq!(authentication.auth_header.as_deref(), Some(""));
    assert_eq!(delete.action_name.as_deref(), Some("deletecredential"));
    assert_eq!(delete.request_properties.as_ref().unwrap().len(), 2);

    // operations, in sequence order, resolved to their actions.
    let [install, uninstall] = package.operations.as_deref().unwrap() else {
        panic!("two operations")
    };
    assert_eq!(install.operation_type, Some(OperationType::Install));
    assert_eq!(uninstall.operation_type, Some(OperationType::Uninstall));
    let step = install.in_sequence()[0];
    assert_eq!(step.sequence_number, Some(1));
    assert_eq!(step.action_tag.as_deref(), Some("Add credential"));
    assert_eq!(package.operation_actions(&OperationType::Install), [add]);
    assert_eq!(
        package.operation_actions(&OperationType::Uninstall),
        [delete]
    );
}

/// accessURLs and links.
fn check_urls_and_links(package: &PackageVersion) {
    let [url] = package.access_urls.as_deref().unwrap() else {
        panic!("one access URL")
    };
    assert_eq!(url.name.as_deref(), Some("static"));
    assert_eq!(url.description.as_deref(), Some("Test URL"));
    assert_eq!(
        url.static_url.as_deref(),
        Some("https://www.oracle.co.in/?gws_rd=ssl")
    );
    assert_eq!(url.parameters, None);
    let link = package.link(&LinkRel::Canonical).unwrap();
    assert_eq!(
        link.href.as_deref(),
        Some(
            "https://ocm-apis.cloud.oracle.com/appstore/publisher/v1/applications/2133526/packages/3084832"
        )
    );
    assert_eq!(package.resources, None);
    assert_eq!(package.downloadable_package_resource, None);
}

#[tokio::test]
async fn the_sample_reserialises_to_equivalent_json() {
    let original: Value = serde_json::from_str(SAMPLE_PACKAGE).unwrap();
    let package: PackageVersion = serde_json::from_str(SAMPLE_PACKAGE).unwrap();
    assert_eq!(serde_json::to_value(&package).unwrap(), original);
    // The secret is intact in the serialised form.
    assert!(
        serde_json::to_string(&package)
            .unwrap()
            .contains("Welcome1")
    );

    let v2_original: Value = serde_json::from_str(SAMPLE_PACKAGE_V2).unwrap();
    let v2: PackageVersion = serde_json::from_str(SAMPLE_PACKAGE_V2).unwrap();
    assert_eq!(serde_json::to_value(&v2).unwrap(), v2_original);

    // And through the mock, raw and typed agree.
    let mock = AppStoreMock::start().await;
    let raw: Value = mock
        .client()
        .package(SAMPLE_LISTING_VERSION_ID, SAMPLE_PACKAGE_VERSION_ID)
        .send_as()
        .await
        .unwrap();
    assert_eq!(raw, original);
}

#[tokio::test]
async fn v2_sends_status_as_an_object_and_resources() {
    let mock = AppStoreMock::start().await;
    let client = mock.client();
    let package = client
        .package(SAMPLE_V2_LISTING_VERSION_ID, 148_637_028)
        .api_version(ApiVersion::V2)
        .send()
        .await
        .unwrap();
    assert_eq!(package.id, Some(148_637_028));
    assert_eq!(package.service_type, Some(ServiceType::Java));
    assert_eq!(package.tnc_id, Some(2_528_849));
    assert_eq!(package.referred_by_other_listings, Some(false));
    let status = package.status.as_ref().unwrap();
    assert_eq!(status.code(), Some(&PackageStatusCode::New));
    assert_eq!(status.display_name(), Some("New"));
    let [resource] = package.resources.as_deref().unwrap() else {
        panic!("one resource")
    };
    assert_eq!(resource.id, Some(148_637_037));
    assert_eq!(resource.resource_type.as_deref(), Some("datasourcealias"));
    assert_eq!(resource.service_type, Some(ServiceType::Java));
    let property = &resource.properties.as_ref().unwrap()[0];
    assert_eq!(property.name.as_deref(), Some("ALIAS_NAME"));
    assert_eq!(property.value.as_deref(), Some("productionDS"));

    // The v1 sample through v2 gets the object form; both decode alike.
    let via_v2 = client
        .package(SAMPLE_LISTING_VERSION_ID, SAMPLE_PACKAGE_VERSION_ID)
        .api_version(ApiVersion::V2)
        .send()
        .await
        .unwrap();
    assert_eq!(
        via_v2.status.as_ref().and_then(Status::code),
        Some(&PackageStatusCode::ValidationSucceeded)
    );
    assert_eq!(
        via_v2.status.as_ref().and_then(Status::display_name),
        Some("Validation Succeeded")
    );
    let paths: Vec<String> = mock
        .api_requests()
        .await
        .iter()
        .map(|request| request.url.path().to_owned())
        .collect();
    assert_eq!(
        paths,
        [
            "/appstore/publisher/v2/applications/148637011/packages/148637028",
            "/appstore/publisher/v2/applications/2133526/packages/3084832"
        ]
    );
}

#[tokio::test]
async fn the_key_password_value_never_appears_in_debug_output_or_logs() {
    let mock = AppStoreMock::start().await;
    let (guard, buffer) = capture_logs();
    let package = mock
        .client()
        .package(SAMPLE_LISTING_VERSION_ID, SAMPLE_PACKAGE_VERSION_ID)
        .send()
        .await
        .unwrap();
    tracing::info!(?package, "fetched");
    drop(guard);
    let logs = buffer.text();
    assert!(logs.contains("KEY_PASSWORD"), "the package was logged");

    let add = package.action("Add credential").unwrap();
    let password = add.request_property("KEY_PASSWORD").unwrap();
    for text in [
        format!("{package:?}"),
        format!("{package:#?}"),
        format!("{add:?}"),
        format!("{password:?}"),
        format!("{:?}", add.request_properties),
        logs,
    ] {
        assert!(!text.contains("Welcome1"), "{text}");
        assert!(text.contains("[redacted]"), "{text}");
    }
    // Names with KEY are secret-looking too; the others stay readable.
    let debug = format!("{package:?}");
    assert!(!debug.contains("ADD_CRED_TEST"), "{debug}");
    assert!(debug.contains("user.custom.map"), "{debug}");
}

#[tokio::test]
async fn invalid_ids_are_rejected_before_any_request() {
    let mock = AppStoreMock::start().await;
    let client = mock.client();
    for (listing, package, field) in [
        ("", "1", "listing_version_id"),
        ("1", "", "package_version_id"),
        ("1 2", "3", "listing_version_id"),
        ("1", "3\n", "package_version_id"),
    ] {
        let error = client.package(listing, package).send().await.unwrap_err();
        assert_eq!(error.invalid_field().unwrap().field, field);
        if field == "listing_version_id" {
            let error = client.list_packages(listing).send().await.unwrap_err();
            assert_eq!(error.invalid_field().unwrap().field, field);
        }
        let error = client.delete_package(listing, package).await.unwrap_err();
        assert_eq!(error.invalid_field().unwrap().field, field);
    }
    let error = client.package("", 1).send().await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid input: `listing_version_id` must be a number of 1 to 20 digits (got \"\")"
    );
    assert!(
        mock.received_requests().await.is_empty(),
        "zero requests, not even for a token"
    );
}

#[tokio::test]
async fn ids_may_be_numbers_or_digit_strings_and_params_replay() {
    let mock = AppStoreMock::start().await;
    let client = mock.client();
    let by_text = client.package("2133526", "3084832").send().await.unwrap();
    let params = GetPackageParams::new(2_133_526, 3_084_832_u64);
    let stored = serde_json::to_string(&params).unwrap();
    assert_eq!(
        stored,
        r#"{"listing_version_id":"2133526","package_version_id":"3084832","api_version":"v1"}"#
    );
    let replayed = client
        .package_with(serde_json::from_str(&stored).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(by_text, replayed);
}

#[tokio::test]
async fn a_package_converts_to_the_vendor_neutral_model() {
    let package: PackageVersion = serde_json::from_str(SAMPLE_PACKAGE).unwrap();
    let neutral: pkgmodel::Package = package.clone().into();
    assert_eq!(neutral.vendor, Vendor::AppStore);
    assert_eq!(neutral.id, "3084832");
    assert_eq!(
        neutral.name, "Add credential package : soude - 2016-01-29 [try #1]_3084831",
        "an empty displayName falls back to the name"
    );
    assert_eq!(neutral.version.as_deref(), Some("1.0"));
    assert_eq!(neutral.kind, PackageKind::Application);
    assert_eq!(neutral.vendor_kind.as_deref(), Some("UNMANAGED"));
    assert_eq!(neutral.size, None);
    assert_eq!(neutral.download_url, None);

    let v2: PackageVersion = serde_json::from_str(SAMPLE_PACKAGE_V2).unwrap();
    let neutral = pkgmodel::Package::from(&v2);
    assert_eq!(neutral.id, "148637028");
    assert_eq!(neutral.name, "148637028", "no name at all: the id");
    assert_eq!(neutral.vendor_kind.as_deref(), Some("JAVA"));
}

#[tokio::test]
async fn unknown_values_and_fields_are_tolerated() {
    let mock = AppStoreMock::start().await;
    mock.insert_application(
        serde_json::json!({"listingVersionId": 77, "name": "odd"}),
        vec![serde_json::json!({
            "id": "5",
            "type": "MANAGED_SOMEDAY",
            "status": {"code": "VALIDATION_FAILED", "displayName": "Failed", "extra": 1},
            "newTopLevelField": {"nested": true},
            "dependentServices": [{"serviceName": "OCIOrchestration", "minSize": 2048, "maxSize": "unlimited",
                                   "customProperties": [{"name": "PORT", "value": 8080}]}],
            "actions": [{"tag": "t", "type": "CUSTOM_SCRIPT", "requestProperties": [{"name": "API_TOKEN", "value": "tok-xyz", "source": "USER_INPUT"}]}],
            "operations": [{"type": "ROLLBACK", "actionExecutionSequence": [{"sequenceNumber": "1", "actionTag": "t"}]}],
            "links": [{"rel": "ALTERNATE", "href": "h"}]
        })],
    );
    let package = mock.client().package(77, 5).send().await.unwrap();
    assert_eq!(package.id, Some(5));
    assert_eq!(
        package.package_type,
        Some(PackageType::Unknown("MANAGED_SOMEDAY".into()))
    );
    assert_eq!(
        package.status.as_ref().and_then(Status::code),
        Some(&PackageStatusCode::Unknown("VALIDATION_FAILED".into()))
    );
    let service = &package.dependent_services.as_ref().unwrap()[0];
    assert_eq!(service.service_name, Some(ServiceType::OciOrchestration));
    assert_eq!(service.min_size.as_ref().unwrap().value(), Some(2048));
    assert_eq!(service.max_size.as_ref().unwrap().raw(), "unlimited");
    assert_eq!(
        service.custom_properties.as_ref().unwrap()[0]
            .value
            .as_deref(),
        Some("8080")
    );
    let action = &package.actions.as_ref().unwrap()[0];
    assert_eq!(
        action.action_type,
        Some(ActionType::Unknown("CUSTOM_SCRIPT".into()))
    );
    assert!(!format!("{action:?}").contains("tok-xyz"));
    let operation = &package.operations.as_ref().unwrap()[0];
    assert_eq!(
        operation.operation_type,
        Some(OperationType::Unknown("ROLLBACK".into()))
    );
    assert_eq!(
        package.links.as_ref().unwrap()[0].rel,
        Some(LinkRel::Unknown("ALTERNATE".into()))
    );
    // Unknown fields are there in the raw form only.
    let raw: Value = mock.client().package(77, 5).send_as().await.unwrap();
    assert_eq!(raw["newTopLevelField"]["nested"], true);
}
