//! `list_ota_packages` against the mock: the sample, marker paging, filters on every page,
//! validation before sending, loops, resuming.

// Test code: a panic is a failed assertion.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use futures::{StreamExt as _, TryStreamExt as _};
use iotda_client::testing::{IotdaMock, SAMPLE_RESPONSE};
use iotda_client::{OtaPackageInfo, PackageType};
use pkgmodel::time::macros::datetime;
use pkgmodel::{Cursor, PackageKind, Vendor};
use pkgruntime::testing::{Fault, query_param};
use pkgruntime::{Error, PaginationLoopReason};
use serde_json::json;

#[tokio::test]
async fn the_documented_sample_decodes_field_for_field() {
    let body: serde_json::Value = serde_json::from_str(SAMPLE_RESPONSE).unwrap();
    assert_eq!(
        body["page"]["count"], 10,
        "count is the total, not the page size"
    );
    let mock = IotdaMock::start().await;
    let page = mock
        .client()
        .list_ota_packages(PackageType::FirmwarePackage)
        .send()
        .await
        .unwrap();
    let [info] = page.items.as_slice() else {
        panic!("one package")
    };
    assert_eq!(info, &IotdaMock::sample());
    assert_eq!(
        info.package_id.as_deref(),
        Some("28f61af50fc9452aa0ed5ea25c3cc3d3")
    );
    assert_eq!(info.app_id.as_deref(), Some("61f7e74d036aca5be29e1ed4"));
    assert_eq!(info.package_type, Some(PackageType::FirmwarePackage));
    assert_eq!(info.product_id.as_deref(), Some("5ba24f5ebbe8f56f5a14f605"));
    assert_eq!(info.version.as_deref(), Some("V2.0"));
    assert_eq!(
        info.support_source_versions.as_deref(),
        Some(&["V1.0".to_owned(), "V1.1".to_owned()][..])
    );
    assert_eq!(
        info.description.as_deref(),
        Some("package for version V1.0 and V1.1")
    );
    assert_eq!(
        info.custom_info.as_deref(),
        Some("Updated the XX function and fixed the XXXX issue.")
    );
    let created = info.create_time.as_ref().unwrap();
    assert_eq!(created.raw(), "20230211T121212Z");
    assert_eq!(created.datetime(), Some(datetime!(2023-02-11 12:12:12 UTC)));
    assert_eq!(
        (
            info.product_name.as_ref(),
            info.module_name.as_ref(),
            info.file_location.as_ref()
        ),
        (None, None, None)
    );
    // The mock answers with the sample's own marker.
    assert_eq!(page.total, Some(1));
    let package = info.to_package();
    assert_eq!(
        (package.vendor, package.kind),
        (Vendor::Iotda, PackageKind::Firmware)
    );
    assert_eq!(package.version.as_deref(), Some("V2.0"));
    // Decoding the fixture directly gives the same package.
    let direct: Vec<OtaPackageInfo> = serde_json::from_value(body["packages"].clone()).unwrap();
    assert_eq!(direct, page.items);
}

#[tokio::test]
async fn packages_come_back_complete_and_in_order_following_page_markers() {
    let mock = IotdaMock::start().await;
    mock.generate_catalog(274); // 137 software packages
    let mut pages = mock
        .client()
        .list_ota_packages(PackageType::SoftwarePackage)
        .page_size(50)
        .pages();
    let mut sizes = Vec::new();
    let mut items = Vec::new();
    let mut markers = Vec::new();
    while let Some(page) = pages.try_next().await.unwrap() {
        assert_eq!(page.total, Some(137), "page.count is the total");
        sizes.push(page.items.len());
        markers.push(page.next.clone());
        items.extend(page.items);
    }
    assert_eq!(sizes, [50, 50, 37]);
    assert_eq!(markers.last(), Some(&None));
    let expected: Vec<OtaPackageInfo> = mock
        .catalog()
        .into_iter()
        .filter(|p| p.package_type == Some(PackageType::SoftwarePackage))
        .collect();
    assert_eq!(items, expected, "all 137, newest first");

    let requests = mock.received_requests().await;
    assert_eq!(requests.len(), 3);
    assert_eq!(query_param(&requests[0], "marker"), None);
    for (request, previous) in requests[1..].iter().zip(&markers) {
        let Some(Cursor::Marker { marker, .. }) = previous else {
            panic!("a marker cursor")
        };
        assert_eq!(
            query_param(request, "marker").as_ref(),
            Some(marker),
            "page.marker is sent back"
        );
        assert_eq!(marker.len(), 24);
        assert!(
            !items.iter().any(|p| p.package_id.as_ref() == Some(marker)),
            "never a package_id"
        );
    }
}

#[tokio::test]
async fn every_filter_is_on_every_page_request() {
    let mock = IotdaMock::start().await;
    mock.generate_catalog(1_000);
    let items: Vec<OtaPackageInfo> = mock
        .client()
        .list_ota_packages(PackageType::FirmwarePackage)
        .app_id("app-1")
        .product_id("product-3")
        .page_size(7)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 100);
    assert!(
        items
            .iter()
            .all(|p| p.product_id.as_deref() == Some("product-3"))
    );
    let requests = mock.received_requests().await;
    assert_eq!(requests.len(), 15);
    for request in &requests {
        assert_eq!(
            query_param(request, "package_type").as_deref(),
            Some("firmwarePackage")
        );
        assert_eq!(query_param(request, "app_id").as_deref(), Some("app-1"));
        assert_eq!(
            query_param(request, "product_id").as_deref(),
            Some("product-3")
        );
        assert_eq!(query_param(request, "limit").as_deref(), Some("7"));
    }
    let one_version: Vec<OtaPackageInfo> = mock
        .client()
        .list_ota_packages(PackageType::FirmwarePackage)
        .version("V3.33")
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(one_version.len(), 1);
}

#[tokio::test]
async fn invalid_input_is_rejected_with_zero_requests() {
    let mock = IotdaMock::start().await;
    let list = || {
        mock.client()
            .list_ota_packages(PackageType::SoftwarePackage)
    };
    let cases = [
        (
            list().page_size(0),
            "page_size",
            "must be between 1 and 50 (got 0)",
        ),
        (
            list().page_size(51),
            "page_size",
            "must be between 1 and 50 (got 51)",
        ),
        (
            list().offset(501),
            "offset",
            "must be between 0 and 500 (got 501)",
        ),
        (
            list().marker("5c90fa7d"),
            "marker",
            "must be 24 hexadecimal digits",
        ),
        (
            list().marker("5c90fa7d3c4e4405e852507z"),
            "marker",
            "must be 24 hexadecimal digits",
        ),
        (
            list().app_id("a".repeat(37)),
            "app_id",
            "must be 1 to 36 characters",
        ),
        (
            list().app_id("app.1"),
            "app_id",
            "underscores (_) and hyphens (-)",
        ),
        (
            list().product_id("p d"),
            "product_id",
            "must be 1 to 36 characters",
        ),
        (list().version("V1 beta"), "version", "periods (.)"),
        (list().version("v".repeat(257)), "version", "1 to 256"),
        (
            mock.client()
                .list_ota_packages(PackageType::Unknown("bad type".into())),
            "package_type",
            "",
        ),
    ];
    for (listing, field, rule) in cases {
        let error = listing.clone().send().await.unwrap_err();
        let input = error.invalid_field().unwrap();
        assert_eq!(input.field, field);
        assert!(input.rule.contains(rule), "{}", input.rule);
        let mut items = listing.items();
        assert_eq!(
            items
                .next()
                .await
                .unwrap()
                .unwrap_err()
                .invalid_field()
                .unwrap()
                .field,
            field
        );
    }
    assert!(mock.received_requests().await.is_empty());
}

#[tokio::test]
async fn a_repeating_marker_ends_with_an_error_within_a_bounded_number_of_requests() {
    let mock = IotdaMock::start().await;
    let packages: Vec<serde_json::Value> = (0..50)
        .map(|n| json!({"package_id": format!("p{n}")}))
        .collect();
    let stuck = json!({"packages": packages, "page": {"count": 100_000, "marker": "aaaaaaaaaaaaaaaaaaaaaaaa"}});
    mock.faults()
        .push_times(&Fault::ReplaceBody(stuck.to_string().into_bytes()), 10);
    let mut items = mock
        .client()
        .list_ota_packages(PackageType::SoftwarePackage)
        .items();
    let mut received = 0;
    let error = loop {
        match items.next().await.unwrap() {
            Ok(_) => received += 1,
            Err(error) => break error,
        }
    };
    assert!(
        matches!(&error, Error::PaginationLoop(l) if l.reason == PaginationLoopReason::RepeatedCursor),
        "{error}"
    );
    assert_eq!(received, 100, "two pages, then the loop is detected");
    assert!(items.next().await.is_none());
    assert_eq!(mock.received_requests().await.len(), 2);
}

#[tokio::test]
async fn a_missing_marker_or_short_page_ends_the_listing() {
    let mock = IotdaMock::start().await;
    let full: Vec<serde_json::Value> = (0..10)
        .map(|n| json!({"package_id": format!("p{n}")}))
        .collect();
    let no_marker = json!({"packages": full, "page": {"count": 30}});
    mock.faults()
        .push(Fault::ReplaceBody(no_marker.to_string().into_bytes()));
    let items: Vec<OtaPackageInfo> = mock
        .client()
        .list_ota_packages(PackageType::SoftwarePackage)
        .page_size(10)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 10);
    assert_eq!(mock.received_requests().await.len(), 1);
}

#[tokio::test]
async fn offsets_apply_to_the_first_page_and_listings_resume_from_markers() {
    let mock = IotdaMock::start().await;
    mock.generate_catalog(60);
    let all: Vec<OtaPackageInfo> = mock
        .client()
        .list_ota_packages(PackageType::SoftwarePackage)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 30);
    let skipped: Vec<OtaPackageInfo> = mock
        .client()
        .list_ota_packages(PackageType::SoftwarePackage)
        .offset(5)
        .page_size(10)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(skipped, all[5..]);
    let requests = mock.received_requests().await;
    let offsets: Vec<Option<String>> = requests[1..]
        .iter()
        .map(|r| query_param(r, "offset"))
        .collect();
    assert_eq!(
        offsets,
        [Some("5".into()), None, None],
        "offset only on the first page"
    );

    let mut pages = mock
        .client()
        .list_ota_packages(PackageType::SoftwarePackage)
        .page_size(10)
        .pages();
    let first = pages.try_next().await.unwrap().unwrap();
    let cursor = serde_json::to_string(&first.next).unwrap();
    drop(pages);
    let cursor: Option<Cursor> = serde_json::from_str(&cursor).unwrap();
    let rest: Vec<OtaPackageInfo> = mock
        .client()
        .list_ota_packages(PackageType::SoftwarePackage)
        .page_size(10)
        .resume_from(cursor.unwrap())
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rest, all[10..]);

    let limited: Vec<OtaPackageInfo> = mock
        .client()
        .list_ota_packages(PackageType::SoftwarePackage)
        .page_size(10)
        .limit(15)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(limited, all[..15]);
}
