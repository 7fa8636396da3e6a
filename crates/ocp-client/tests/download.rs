//! Verified downloads of package files.

// Test code: a panic is a failed assertion.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use ocp_client::SoftwarePackageMeta;
use ocp_client::testing::OcpMock;
use pkgruntime::{Error, IntegrityCheck};
use std::sync::{Arc, Mutex};

/// A fresh, empty directory for one test, removed when dropped.
fn scratch(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("ocp-download-{name}-"))
        .tempdir()
        .unwrap()
}

fn entries(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

async fn package(mock: &OcpMock, id: u64) -> SoftwarePackageMeta {
    mock.client()
        .find_software_package(id)
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn a_package_downloads_verified_into_a_directory_with_progress() {
    let mock = OcpMock::start().await;
    mock.generate_catalog(10);
    let meta = package(&mock, 7).await;
    let dir = scratch("ok");
    let progress = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&progress);
    let report = mock
        .client()
        .download(&meta)
        .unwrap()
        .progress(move |done, total| seen.lock().unwrap().push((done, total)))
        .to_dir(&dir)
        .await
        .unwrap();
    let file_name = meta.file_name.clone().unwrap();
    assert_eq!(entries(dir.path()), std::slice::from_ref(&file_name));
    assert_eq!(
        std::fs::read(dir.path().join(&file_name)).unwrap(),
        mock.file(7).unwrap()
    );
    assert_eq!(Some(report.bytes), meta.size);
    assert_eq!(
        report.path,
        dir.path().join(&file_name),
        "where the file is"
    );
    assert!(report.size_verified && report.is_verified());
    assert_eq!(
        report.checksum_verified.as_ref().map(ToString::to_string),
        meta.checksum().map(|checksum| checksum.to_string()),
        "the published SHA-1 is the one verified"
    );
    assert_eq!(
        progress.lock().unwrap().last(),
        Some(&(meta.size.unwrap(), meta.size))
    );
    // Credentials went along: the download URL is on the API's own origin.
    let requests = mock.received_requests().await;
    assert!(
        requests
            .last()
            .unwrap()
            .headers
            .contains_key("authorization")
    );
}

#[tokio::test]
async fn a_corrupted_download_fails_verification_and_leaves_no_file() {
    let mock = OcpMock::start().await;
    mock.generate_catalog(3);
    let meta = package(&mock, 2).await;
    assert!(mock.corrupt_file(2));
    let dir = scratch("corrupt");
    let error = mock
        .client()
        .download(&meta)
        .unwrap()
        .to_dir(&dir)
        .await
        .unwrap_err();
    match error {
        Error::Integrity(integrity) => assert_eq!(integrity.check, IntegrityCheck::Checksum),
        other => panic!("expected an integrity error, got {other:?}"),
    }
    assert!(entries(dir.path()).is_empty(), "{:?}", entries(dir.path()));
}

#[tokio::test]
async fn download_by_id_finds_the_package_first() {
    let mock = OcpMock::start().await;
    mock.generate_catalog(2_500);
    let dir = scratch("by-id");
    let report = mock
        .client()
        .download_by_id(2_345)
        .await
        .unwrap()
        .to_dir(&dir)
        .await
        .unwrap();
    assert_eq!(report.bytes, mock.file(2_345).unwrap().len() as u64);
    let error = mock.client().download_by_id(99_999).await.unwrap_err();
    assert_eq!(error.invalid_field().unwrap().field, "id");
}

#[tokio::test]
async fn packages_without_a_usable_link_or_checksum_are_refused_before_sending() {
    let mock = OcpMock::start().await;
    let client = mock.client();
    let mut meta = SoftwarePackageMeta::new(1);
    assert_eq!(
        client
            .download(&meta)
            .unwrap_err()
            .invalid_field()
            .unwrap()
            .field,
        "download_url"
    );
    meta.download_url = Some("/relative/path.rpm".into());
    assert_eq!(
        client
            .download(&meta)
            .unwrap_err()
            .invalid_field()
            .unwrap()
            .field,
        "download_url"
    );
    meta.download_url = Some(format!("{}/api/v2/files/sys-package/x.rpm", mock.uri()));
    meta.sha1 = Some("abc".into());
    assert_eq!(
        client
            .download(&meta)
            .unwrap_err()
            .invalid_field()
            .unwrap()
            .field,
        "sha1"
    );
    assert!(mock.received_requests().await.is_empty());
}

/// The paths of the requests the mock received after the first `skip`.
async fn paths(mock: &OcpMock, skip: usize) -> Vec<String> {
    mock.received_requests().await[skip..]
        .iter()
        .map(|request| request.url.path().to_owned())
        .collect()
}

#[tokio::test]
async fn find_uses_a_get_one_endpoint_when_the_server_has_one() {
    let mock = OcpMock::start().await;
    mock.generate_catalog(3_000);
    mock.serve_get_one(true);
    let client = mock.client();
    let found = client.find_software_package(2_999).await.unwrap().unwrap();
    assert_eq!(found.id, 2_999);
    assert_eq!(paths(&mock, 0).await, ["/api/v2/software-packages/2999"]);
    // Known present: a 404 means "no such package", without listing.
    assert!(client.find_software_package(9_999).await.unwrap().is_none());
    assert_eq!(paths(&mock, 1).await, ["/api/v2/software-packages/9999"]);
}

#[tokio::test]
async fn find_falls_back_to_listing_once_and_remembers() {
    let mock = OcpMock::start().await;
    mock.generate_catalog(3_000);
    let client = mock.client();
    let found = client.find_software_package(2_999).await.unwrap().unwrap();
    assert_eq!(found.id, 2_999);
    let first = paths(&mock, 0).await;
    assert_eq!(first[0], "/api/v2/software-packages/2999", "probed first");
    assert!(first[1..].iter().all(|p| p == "/api/v2/software-packages"));
    // The clone shares what was learnt: no second probe.
    let before = first.len();
    assert!(
        client
            .clone()
            .find_software_package(9_999)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        paths(&mock, before)
            .await
            .iter()
            .all(|p| p == "/api/v2/software-packages")
    );
}

#[tokio::test]
async fn find_propagates_other_failures_of_the_probe() {
    let mock = OcpMock::start().await;
    mock.faults().push(pkgruntime::testing::Fault::status(403));
    let error = mock.client().find_software_package(1).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(403));
}
