//! The conventions of docs/guide.md ("Conventions"), checked: the same concept has the same
//! name, argument type and receiver on every client, and the guide's reference tables list
//! what the code has. Most checks are compile-level: a signature drifting on one client
//! breaks the build of this file.

// Test code: a panic is a failed assertion.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use futures::TryStreamExt as _;
use pkgsdk::appstore::AppStoreClient;
use pkgsdk::iotda::{IotdaClient, PackageType};
use pkgsdk::obcloud::ObCloudClient;
use pkgsdk::ocp::OcpClient;
use pkgsdk::testing::{self, MockServers};
use pkgsdk::{Catalog, PageOptions, Vendor};

/// Every client builder's `endpoint` takes a `String`, a `&str` and a `&String` alike.
#[tokio::test]
async fn endpoint_takes_any_text_on_every_client() {
    let mocks = MockServers::start().await;
    let (ocp, iotda, appstore, obcloud) = (
        mocks.ocp.uri(),
        mocks.iotda.uri(),
        mocks.appstore.uri(),
        mocks.obcloud.uri(),
    );
    for endpoint in [ocp.clone(), ocp.as_str().to_owned()] {
        let owned = OcpClient::builder().endpoint(endpoint.clone());
        let borrowed = OcpClient::builder().endpoint(endpoint.as_str());
        let referenced = OcpClient::builder().endpoint(&endpoint);
        for builder in [owned, borrowed, referenced] {
            let client = builder
                .basic_auth(testing::ocp::USERNAME, testing::ocp::PASSWORD)
                .build()
                .unwrap();
            client.list_software_packages().send().await.unwrap();
        }
    }
    let clients = (
        IotdaClient::builder()
            .endpoint(&iotda)
            .project_id(testing::iotda::PROJECT_ID)
            .token(testing::iotda::TOKEN)
            .build()
            .unwrap(),
        AppStoreClient::builder()
            .endpoint(appstore.as_str())
            .user_id(testing::appstore::USER_ID)
            .token(testing::appstore::TOKEN)
            .build()
            .unwrap(),
        ObCloudClient::builder()
            .endpoint(obcloud)
            .access_key(
                testing::obcloud::ACCESS_KEY_ID,
                testing::obcloud::ACCESS_KEY_SECRET,
            )
            .build()
            .unwrap(),
    );
    clients
        .0
        .list_ota_packages(PackageType::FirmwarePackage)
        .send()
        .await
        .unwrap();
    clients.1.list_applications().send().await.unwrap();
    clients
        .2
        .list_backup_sets(testing::obcloud::INSTANCE_ID)
        .send()
        .await
        .unwrap();
}

/// Every list builder takes the same paging types, one by one or as a `PageOptions`, and
/// ends in the same five methods.
#[tokio::test]
async fn every_list_operation_has_the_same_paging_vocabulary() {
    let mocks = MockServers::start().await;
    mocks.ocp.generate_catalog(30);
    mocks.iotda.generate_catalog(30);
    mocks.appstore.generate_catalog(30);
    mocks.obcloud.generate_instances(30);
    let sample_listing = testing::appstore::GENERATED_LISTING_VERSION_BASE + 1;

    let limit: u64 = 7;
    let concurrency: usize = 2;
    let max_pages: u64 = 100;
    let max_empty_pages: u64 = 4;
    let page_size: u32 = 5;
    let options = PageOptions::default()
        .limit(limit)
        .concurrency(concurrency)
        .max_pages(max_pages)
        .max_empty_pages(max_empty_pages);

    // One by one, then at once: both give the same listing.
    macro_rules! check {
        ($name:literal, $expected:expr, $list:expr) => {{
            let one_by_one: Vec<serde_json::Value> = $list
                .limit(limit)
                .concurrency(concurrency)
                .max_pages(max_pages)
                .max_empty_pages(max_empty_pages)
                .items_as()
                .try_collect()
                .await
                .unwrap();
            let at_once: Vec<serde_json::Value> = $list
                .page_options(options.clone())
                .pages_as()
                .items()
                .try_collect()
                .await
                .unwrap();
            assert_eq!(one_by_one.len(), $expected, $name);
            assert_eq!(one_by_one, at_once, $name);
            let typed: Vec<_> = $list
                .page_options(options.clone())
                .items()
                .try_collect()
                .await
                .unwrap();
            assert_eq!(typed.len(), $expected, $name);
            let first = $list.page_options(options.clone()).send().await.unwrap();
            let pages: Vec<_> = $list
                .page_options(options.clone())
                .pages()
                .try_collect()
                .await
                .unwrap();
            assert_eq!(first.items.len(), pages[0].items.len(), $name);
        }};
    }
    let ocp = mocks.ocp.client();
    check!("ocp", 7, ocp.list_software_packages().page_size(page_size));
    let iotda = mocks.iotda.client();
    check!(
        "iotda",
        7,
        iotda
            .list_ota_packages(PackageType::SoftwarePackage)
            .page_size(page_size)
    );
    let appstore = mocks.appstore.client();
    check!(
        "appstore applications",
        7,
        appstore.list_applications().page_size(page_size)
    );
    check!(
        "appstore packages (one page)",
        1,
        appstore.list_packages(sample_listing)
    );
    let obcloud = mocks.obcloud.client();
    check!(
        "obcloud instances",
        7,
        obcloud.list_instances().page_size(page_size)
    );
    check!(
        "obcloud backup sets",
        1,
        obcloud
            .list_backup_sets(testing::obcloud::INSTANCE_ID)
            .page_size(page_size)
    );
}

/// `with`/`with_named` chain by value, `add`/`add_named` chain through `&mut`.
#[tokio::test]
async fn catalog_builds_by_value_and_through_a_reference() {
    let mocks = MockServers::start().await;
    let chained = Catalog::new()
        .with(mocks.ocp.client())
        .with_named(
            "firmware",
            mocks
                .iotda
                .client()
                .list_ota_packages(PackageType::FirmwarePackage),
        )
        .with_named("backups", mocks.obcloud.client());
    let mut added = Catalog::new();
    added
        .add(mocks.ocp.client())
        .add_named(
            "firmware",
            mocks
                .iotda
                .client()
                .list_ota_packages(PackageType::FirmwarePackage),
        )
        .add_named("backups", mocks.obcloud.client());
    for catalog in [chained, added] {
        assert_eq!(
            catalog.source_names().collect::<Vec<_>>(),
            ["ocp", "firmware", "backups"]
        );
        let merged: Vec<_> = catalog.stream().try_collect().await.unwrap();
        let listing = catalog.collect().await;
        assert!(listing.errors.is_empty());
        assert_eq!(merged.len(), listing.packages.len());
        assert!(
            merged
                .iter()
                .any(|package| package.vendor == Vendor::ObCloud)
        );
    }
}

/// The mock credentials the guide shows build working clients with every auth scheme,
/// IoTDA's IAM password included.
#[tokio::test]
async fn the_mocks_credentials_are_public_per_vendor() {
    let mocks = MockServers::start().await;
    let iam = IotdaClient::builder()
        .endpoint(mocks.iotda.uri())
        .project_id(testing::iotda::PROJECT_ID)
        .iam_endpoint(mocks.iotda.uri())
        .iam_password(
            testing::iotda::IAM_USER,
            testing::iotda::IAM_PASSWORD,
            testing::iotda::IAM_DOMAIN,
        )
        .build()
        .unwrap();
    iam.list_ota_packages(PackageType::FirmwarePackage)
        .send()
        .await
        .unwrap();
    assert_eq!(
        mocks.iotda.tokens_issued(),
        1,
        "the token came from the mock's IAM"
    );
    let signed = IotdaClient::builder()
        .endpoint(mocks.iotda.uri())
        .project_id(testing::iotda::PROJECT_ID)
        .access_key(
            testing::iotda::ACCESS_KEY_ID,
            testing::iotda::ACCESS_KEY_SECRET,
        )
        .build()
        .unwrap();
    signed
        .show_ota_package("28f61af50fc9452aa0ed5ea25c3cc3d3")
        .await
        .unwrap();
    let ocp = OcpClient::builder()
        .endpoint(mocks.ocp.uri())
        .access_key(testing::ocp::ACCESS_KEY_ID, testing::ocp::ACCESS_KEY_SECRET)
        .build()
        .unwrap();
    ocp.list_software_packages().send().await.unwrap();
    let appstore = AppStoreClient::builder()
        .endpoint(mocks.appstore.uri())
        .user_id(testing::appstore::USER_ID)
        .client_credentials(
            testing::appstore::CLIENT_ID,
            testing::appstore::CLIENT_SECRET,
        )
        .build()
        .unwrap();
    appstore.list_applications().send().await.unwrap();
}

/// The guide's error table names every variant of `Error`.
#[test]
fn the_guides_error_table_lists_every_variant() {
    let source = include_str!("../../crates/pkgruntime/src/error.rs");
    let start = source.find("pub enum Error {").unwrap();
    let end = start + source[start..].find("\n}").unwrap();
    let variants: Vec<&str> = source[start..end]
        .lines()
        .filter_map(|line| line.strip_prefix("    "))
        .filter(|line| line.starts_with(char::is_uppercase))
        .filter_map(|line| line.split('(').next())
        .collect();
    assert!(variants.len() >= 9, "{variants:?}");
    let guide = include_str!("../../docs/guide.md");
    let errors = &guide[guide.find("\n## Errors").unwrap()..guide.find("\n## Retries").unwrap()];
    for variant in variants {
        assert!(
            errors.contains(&format!("| `{variant}` |")),
            "docs/guide.md's error table misses Error::{variant}"
        );
    }
}
