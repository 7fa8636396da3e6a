//! The cross-vendor view: sources, the merged catalogue, failures isolated per source.

// Test code: a panic is a failed assertion.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use futures::TryStreamExt as _;
use pkgsdk::testing::{Fault, MockServers};
use pkgsdk::{Catalog, PackageKind, PackageSource, Vendor};
use std::collections::HashSet;

#[tokio::test]
async fn the_catalogue_merges_every_source_with_vendor_tags() {
    let mocks = MockServers::start().await;
    mocks.ocp.generate_catalog(1_234);
    mocks.iotda.generate_catalog(321);
    let listing = mocks.catalog().collect().await;
    assert!(listing.errors.is_empty(), "{:?}", listing.errors);
    let ocp: Vec<_> = listing
        .packages
        .iter()
        .filter(|p| p.vendor == Vendor::Ocp)
        .collect();
    let iotda: Vec<_> = listing
        .packages
        .iter()
        .filter(|p| p.vendor == Vendor::Iotda)
        .collect();
    assert_eq!(ocp.len(), 1_234);
    assert_eq!(iotda.len(), 321, "software and firmware packages");
    assert_eq!(
        ocp.iter().map(|p| &p.id).collect::<HashSet<_>>().len(),
        1_234,
        "no duplicates"
    );
    assert!(iotda.iter().any(|p| p.kind == PackageKind::Firmware));
    assert!(iotda.iter().any(|p| p.kind == PackageKind::Software));
    assert!(ocp.iter().all(|p| p.checksum.is_some() && p.size.is_some()));
}

#[tokio::test]
async fn a_failing_source_reports_its_error_without_losing_the_others() {
    let mocks = MockServers::start().await;
    mocks.ocp.generate_catalog(5_000);
    mocks.iotda.generate_catalog(100);
    let mut catalog = Catalog::new();
    catalog.add_named(
        "ocp-east",
        mocks.ocp.client().list_software_packages().page_size(2_000),
    );
    catalog.add(mocks.iotda.client());
    // OCP's first page arrives, then the server refuses the second.
    mocks
        .ocp
        .faults()
        .push(Fault::Latency(std::time::Duration::ZERO));
    mocks.ocp.faults().push(Fault::status(403));
    let listing = catalog.collect().await;
    assert_eq!(listing.errors.len(), 1);
    let error = &listing.errors[0];
    assert_eq!(error.source_name, "ocp-east");
    assert_eq!(error.vendor, Vendor::Ocp);
    assert_eq!(error.error.status().map(|s| s.as_u16()), Some(403));
    assert!(
        error
            .to_string()
            .starts_with("ocp-east: HTTP 403 Forbidden"),
        "{error}"
    );
    assert_eq!(
        listing
            .packages
            .iter()
            .filter(|p| p.vendor == Vendor::Ocp)
            .count(),
        2_000
    );
    assert_eq!(
        listing
            .packages
            .iter()
            .filter(|p| p.vendor == Vendor::Iotda)
            .count(),
        100
    );
}

#[tokio::test]
async fn sources_are_object_safe_and_keep_their_filters() {
    let mocks = MockServers::start().await;
    mocks.ocp.generate_catalog(40);
    let sources: Vec<Box<dyn PackageSource>> = vec![
        Box::new(
            mocks
                .ocp
                .client()
                .list_software_packages()
                .operating_systems(["el8"]),
        ),
        Box::new(
            mocks
                .iotda
                .client()
                .list_ota_packages(pkgsdk::iotda::PackageType::FirmwarePackage),
        ),
    ];
    let el8: Vec<_> = sources[0].packages().try_collect().await.unwrap();
    assert!(!el8.is_empty());
    assert!(
        el8.iter()
            .all(|p| p.platform.as_ref().unwrap().os.as_deref() == Some("el8"))
    );
    let firmware: Vec<_> = sources[1].packages().try_collect().await.unwrap();
    assert_eq!(firmware.len(), 1, "the IoTDA sample is a firmware package");
    assert_eq!(sources[1].vendor(), Vendor::Iotda);
}

#[tokio::test]
async fn marketplace_packages_join_the_catalogue() {
    let mocks = MockServers::start().await;
    let sample = pkgsdk::appstore::testing::SAMPLE_LISTING_VERSION_ID;
    let one: Vec<_> = mocks
        .appstore
        .client()
        .list_packages(sample)
        .packages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(one.len(), 1);
    assert_eq!(
        one[0].id,
        pkgsdk::appstore::testing::SAMPLE_PACKAGE_VERSION_ID.to_string()
    );
    assert_eq!(one[0].kind, PackageKind::Application);

    mocks.appstore.generate_catalog(5);
    let listing = mocks.catalog().collect().await;
    assert!(listing.errors.is_empty(), "{:?}", listing.errors);
    let oracle: Vec<_> = listing
        .packages
        .iter()
        .filter(|p| p.vendor == Vendor::AppStore)
        .collect();
    assert!(oracle.len() >= 5, "{}", oracle.len());
    assert!(oracle.iter().all(|p| p.kind == PackageKind::Application));
}

#[tokio::test]
async fn backup_sets_of_every_instance_join_the_catalogue() {
    use pkgsdk::model::time::OffsetDateTime;
    use pkgsdk::obcloud::testing::INSTANCE_ID;
    let mocks = MockServers::start().await;
    mocks.obcloud.generate_catalog(120);
    let second = mocks.obcloud.backup_sets(INSTANCE_ID)[..7].to_vec();
    mocks.obcloud.set_backup_sets("ob-second", second);

    let listing = mocks.catalog().collect().await;
    assert!(listing.errors.is_empty(), "{:?}", listing.errors);
    let backups: Vec<_> = listing
        .packages
        .iter()
        .filter(|p| p.vendor == Vendor::ObCloud)
        .collect();
    assert_eq!(backups.len(), 127, "both instances, one package per set");
    assert!(backups.iter().all(|p| p.kind == PackageKind::BackupSet));
    assert!(
        backups
            .iter()
            .all(|p| p.size.is_some_and(|bytes| bytes > 0))
    );

    // One instance, filtered, as a source of its own.
    let january: Vec<_> = mocks
        .obcloud
        .client()
        .list_backup_sets(INSTANCE_ID)
        .time_range(
            // 2025-01-01T00:00:00Z to 2025-01-31T23:59:59Z
            OffsetDateTime::from_unix_timestamp(1_735_689_600).unwrap(),
            OffsetDateTime::from_unix_timestamp(1_738_367_999).unwrap(),
        )
        .packages()
        .try_collect()
        .await
        .unwrap();
    assert!(
        !january.is_empty() && january.len() <= 31,
        "{}",
        january.len()
    );
    assert!(mocks.obcloud.verifier().accepted() > 0, "Digest was used");
}
