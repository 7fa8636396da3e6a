//! `list_packages` against the mock in every documented list shape, v1 and v2, and
//! `delete_package`.

// Test code: a panic is a failed assertion.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use appstore_client::testing::{
    AppStoreMock, GENERATED_LISTING_VERSION_BASE, GENERATED_PACKAGE_VERSION_BASE, PackageListShape,
    SAMPLE_LISTING_VERSION_ID, SAMPLE_PACKAGE, SAMPLE_PACKAGE_VERSION_ID,
};
use appstore_client::{ApiVersion, ListPackagesParams, PackageStatusCode, PackageVersion, Status};
use futures::TryStreamExt as _;
use serde_json::{Value, json};

#[tokio::test]
async fn every_documented_shape_decodes_to_the_same_packages() {
    let mock = AppStoreMock::start().await;
    let sample: PackageVersion = serde_json::from_str(SAMPLE_PACKAGE).unwrap();
    let mut second = sample.clone();
    second.id = Some(3_084_833);
    mock.insert_application(
        json!({"listingVersionId": 42, "name": "two packages"}),
        vec![
            serde_json::to_value(&sample).unwrap(),
            serde_json::to_value(&second).unwrap(),
        ],
    );
    let client = mock.client();
    for shape in [
        PackageListShape::Auto,
        PackageListShape::Array,
        PackageListShape::Items,
        PackageListShape::WrappedItems,
    ] {
        mock.set_package_list_shape(shape);
        let one = client
            .list_packages(SAMPLE_LISTING_VERSION_ID)
            .send()
            .await
            .unwrap();
        assert_eq!(one.items, std::slice::from_ref(&sample), "{shape:?}");
        assert_eq!((one.next, one.total), (None, Some(1)), "one page, no more");
        let two = client.list_packages(42).send().await.unwrap();
        assert_eq!(two.items, [sample.clone(), second.clone()], "{shape:?}");
        let streamed: Vec<_> = client
            .list_packages(42)
            .items()
            .try_collect()
            .await
            .unwrap();
        assert_eq!(streamed, two.items, "{shape:?}");
    }
    // Auto sends the single package as a bare object, as in Oracle's example.
    mock.set_package_list_shape(PackageListShape::Auto);
    let raw: Vec<Value> = client
        .list_packages(SAMPLE_LISTING_VERSION_ID)
        .items_as()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(raw[0]["id"], 3_084_832);
}

#[tokio::test]
async fn v2_packages_and_stored_parameters() {
    let mock = AppStoreMock::start().await;
    let client = mock.client();
    let params = ListPackagesParams::new(SAMPLE_LISTING_VERSION_ID);
    let stored = serde_json::to_string(&params).unwrap();
    assert_eq!(
        stored,
        r#"{"listing_version_id":"2133526","api_version":"v1"}"#
    );
    let v1 = client
        .list_packages_with(params)
        .send()
        .await
        .unwrap()
        .items;
    let v2 = client
        .list_packages(SAMPLE_LISTING_VERSION_ID)
        .api_version(ApiVersion::V2)
        .send()
        .await
        .unwrap()
        .items;
    assert_eq!(
        v1[0].status,
        Some(Status::Text(PackageStatusCode::ValidationSucceeded))
    );
    assert!(matches!(v2[0].status, Some(Status::Object { .. })));
    assert_eq!(
        v1[0].status.as_ref().and_then(Status::code),
        v2[0].status.as_ref().and_then(Status::code)
    );
    let paths: Vec<String> = mock
        .api_requests()
        .await
        .iter()
        .map(|r| r.url.path().to_owned())
        .collect();
    assert_eq!(
        paths,
        [
            "/appstore/publisher/v1/applications/2133526/packages",
            "/appstore/publisher/v2/applications/2133526/packages"
        ]
    );
}

#[tokio::test]
async fn generated_applications_have_a_package_each() {
    let mock = AppStoreMock::start().await;
    mock.generate_catalog(3);
    let client = mock.client();
    for n in 1..=3 {
        let listing = GENERATED_LISTING_VERSION_BASE + n;
        let packages = client.list_packages(listing).send().await.unwrap().items;
        assert_eq!(packages.len(), 1);
        assert_eq!(packages[0].id, Some(GENERATED_PACKAGE_VERSION_BASE + n));
        assert_eq!(packages[0].listing_version_id, Some(listing));
        assert_eq!(packages, mock.packages(listing));
    }
    let error = client
        .list_packages(SAMPLE_LISTING_VERSION_ID)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
}

#[tokio::test]
async fn deleting_a_package() {
    let mock = AppStoreMock::start().await;
    let client = mock.client();
    let deleted = client
        .delete_package(SAMPLE_LISTING_VERSION_ID, SAMPLE_PACKAGE_VERSION_ID)
        .await
        .unwrap();
    assert_eq!(
        deleted.message.as_deref(),
        Some("Listing Package for ListingVersionId = 2133526 was deleted.")
    );
    assert_eq!(deleted.entity_id.as_deref(), Some("2133526"));
    assert!(mock.packages(SAMPLE_LISTING_VERSION_ID).is_empty());
    let requests = mock.api_requests().await;
    assert_eq!(requests[0].method.as_str(), "DELETE");
    assert_eq!(
        requests[0].url.path(),
        "/appstore/publisher/v1/applications/2133526/packages/3084832"
    );

    let error = client
        .delete_package(SAMPLE_LISTING_VERSION_ID, SAMPLE_PACKAGE_VERSION_ID)
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));

    // An empty 200, or a numeric entityId, is accepted.
    mock.generate_catalog(2);
    mock.faults()
        .push(pkgruntime::testing::Fault::ReplaceBody(Vec::new()));
    let empty = client.delete_package(10_001, 1_000_001).await.unwrap();
    assert_eq!(empty.entity_id, None);
    mock.faults().push(pkgruntime::testing::Fault::ReplaceBody(
        br#"{"message":"ok","entityId":10002}"#.to_vec(),
    ));
    let numeric = client.delete_package(10_002, 1_000_002).await.unwrap();
    assert_eq!(numeric.entity_id.as_deref(), Some("10002"));
}
