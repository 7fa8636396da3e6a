//! Streamed multipart uploads and deletes.

// Test code: a panic is a failed assertion.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use ocp_client::SoftwarePackageType;
use ocp_client::testing::OcpMock;

fn file(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("ocp-upload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[tokio::test]
async fn an_upload_streams_the_file_as_multipart_and_returns_the_package() {
    let mock = OcpMock::start().await;
    let content: Vec<u8> = (0..300_000_u32).map(|i| (i % 251) as u8).collect();
    let path = file("obproxy-4.3.0.el7.x86_64.rpm", &content);
    for client in [mock.client(), mock.access_key_client()] {
        let created = client.upload_software_package(&path).send().await.unwrap();
        assert_eq!(created.size, Some(content.len() as u64));
        assert_eq!(
            created.file_name.as_deref(),
            Some("obproxy-4.3.0.el7.x86_64.rpm")
        );
        assert_eq!(
            created.package_type,
            Some(SoftwarePackageType::ObproxyInstallPackage)
        );
        assert_eq!(
            mock.file(created.id).unwrap(),
            content,
            "the server got the exact bytes"
        );
    }
    let uploads: Vec<_> = mock
        .received_requests()
        .await
        .into_iter()
        .filter(|r| r.method.as_str() == "POST")
        .collect();
    assert_eq!(uploads.len(), 2);
    let content_type = uploads[0].headers["content-type"].to_str().unwrap();
    assert!(
        content_type.starts_with("multipart/form-data; boundary=pkgsdk-"),
        "{content_type}"
    );
    assert_eq!(
        uploads[0].headers["content-length"]
            .to_str()
            .unwrap()
            .parse::<usize>()
            .unwrap(),
        uploads[0].body.len()
    );
}

#[tokio::test]
async fn uploads_are_not_retried_and_a_missing_file_is_an_io_error() {
    let mock = OcpMock::start().await;
    let path = file("agent.rpm", b"rpm");
    mock.faults().push(pkgruntime::testing::Fault::status(503));
    let error = mock
        .client()
        .upload_software_package(&path)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(
        mock.received_requests().await.len(),
        1,
        "a POST is never retried"
    );

    let error = mock
        .client()
        .upload_software_package("/no/such/file.rpm")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, pkgruntime::Error::Io(_)), "{error:?}");
    let error = mock
        .client()
        .upload_software_package(&path)
        .file_name("a\"b")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.invalid_field().unwrap().field, "file_name");
}

#[tokio::test]
async fn delete_removes_a_package_and_reports_unknown_ids() {
    let mock = OcpMock::start().await;
    let client = mock.client();
    client.delete_software_package(12).await.unwrap();
    assert_eq!(
        mock.catalog().iter().map(|p| p.id).collect::<Vec<_>>(),
        [10]
    );
    let error = client.delete_software_package(12).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(error.code(), Some("10002"));
    let delete = mock
        .received_requests()
        .await
        .into_iter()
        .find(|r| r.method.as_str() == "DELETE")
        .unwrap();
    assert_eq!(delete.url.path(), "/api/v2/software-packages/12");
}

#[tokio::test]
async fn upload_progress_counts_every_byte_of_the_body() {
    let mock = OcpMock::start().await;
    let content = vec![7_u8; 200_000];
    let path = file("progress-1.0.el7.x86_64.rpm", &content);
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = std::sync::Arc::clone(&seen);
    mock.client()
        .upload_software_package(&path)
        .progress(move |sent, total| log.lock().unwrap().push((sent, total)))
        .send()
        .await
        .unwrap();
    let seen = seen.lock().unwrap();
    let (sent, total) = *seen.last().unwrap();
    assert_eq!(Some(sent), total, "the last call reports the whole body");
    assert!(
        sent > content.len() as u64,
        "the multipart framing counts too"
    );
    assert!(
        seen.windows(2).all(|pair| pair[0].0 < pair[1].0),
        "it only grows"
    );
    assert!(
        seen.len() > 3,
        "the file goes out in chunks: {}",
        seen.len()
    );
}
