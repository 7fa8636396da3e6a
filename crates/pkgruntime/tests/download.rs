//! Verified downloads: atomic placement, integrity failures, reuse, credentials by origin.

// Test code: a panic is a failed assertion.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use pkgmodel::{Checksum, ChecksumAlgorithm, Vendor};
use pkgruntime::testing::{Fault, FaultInjector, FaultQueue, MockResponse};
use pkgruntime::testing::{RawServer, Then};
use pkgruntime::{
    ApiRequest, Download, Error, HeaderAuth, IntegrityCheck, LowSpeedLimit, SecretString,
    TimeoutKind, Timeouts, Transport, TransportErrorKind,
};
use sha1::Digest as _;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use support::fast_retries;
use wiremock::{Mock, MockServer, Request, matchers};

const FILE: &[u8] = b"the quick brown fox jumps over the lazy dog, many times over";

fn sha1_of(bytes: &[u8]) -> Checksum {
    Checksum::from_digest(ChecksumAlgorithm::Sha1, &sha1::Sha1::digest(bytes)).unwrap()
}

/// Serves FILE at /files/pkg.rpm, subject to `faults`.
async fn file_server(faults: &FaultQueue) -> MockServer {
    let server = MockServer::start().await;
    let handler = |_: &Request| {
        MockResponse::empty(200)
            .header("content-type", "application/octet-stream")
            .body(FILE)
    };
    Mock::given(matchers::path("/files/pkg.rpm"))
        .respond_with(FaultInjector::new(handler, faults.clone()))
        .mount(&server)
        .await;
    server
}

fn transport(server: &MockServer) -> Transport {
    Transport::builder(Vendor::Ocp)
        .endpoint(server.uri())
        .retry(fast_retries())
        .build()
        .unwrap()
}

fn request() -> ApiRequest {
    ApiRequest::get("download").path(["files", "pkg.rpm"])
}

/// A fresh, empty directory for one test, removed when dropped.
fn scratch(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("pkgsdk-download-{name}-"))
        .tempdir()
        .unwrap()
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn integrity_check(error: Error) -> IntegrityCheck {
    match error {
        Error::Integrity(integrity) => integrity.check,
        other => panic!("expected an integrity error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_verified_download_lands_at_the_path_with_progress() {
    let faults = FaultQueue::new();
    let server = file_server(&faults).await;
    let dir = scratch("ok");
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&seen);
    let report = Download::new(transport(&server), request())
        .size(FILE.len() as u64)
        .checksum(sha1_of(FILE))
        .progress(move |done, total| record.lock().unwrap().push((done, total)))
        .to_path(dir.path().join("pkg.rpm"))
        .await
        .unwrap();
    assert_eq!(report.bytes, FILE.len() as u64);
    assert_eq!(report.path, dir.path().join("pkg.rpm"));
    assert!(!report.kept_existing);
    assert_eq!(std::fs::read(dir.path().join("pkg.rpm")).unwrap(), FILE);
    assert_eq!(entries(dir.path()), ["pkg.rpm"], "no temporary file left");
    let seen = seen.lock().unwrap();
    assert_eq!(
        seen.last(),
        Some(&(FILE.len() as u64, Some(FILE.len() as u64)))
    );
}

#[tokio::test]
async fn a_corrupted_download_leaves_no_file_and_keeps_an_existing_one() {
    let faults = FaultQueue::new();
    let server = file_server(&faults).await;
    let dir = scratch("corrupt");
    std::fs::write(dir.path().join("pkg.rpm"), b"previous version").unwrap();
    let mut corrupted = FILE.to_vec();
    corrupted[3] ^= 0x20;
    faults.push(Fault::ReplaceBody(corrupted));
    let error = Download::new(transport(&server), request())
        .size(FILE.len() as u64)
        .checksum(sha1_of(FILE))
        .to_path(dir.path().join("pkg.rpm"))
        .await
        .unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("download failed verification: the checksum is sha1:"),
        "{error}"
    );
    assert_eq!(integrity_check(error), IntegrityCheck::Checksum);
    assert_eq!(entries(dir.path()), ["pkg.rpm"]);
    assert_eq!(
        std::fs::read(dir.path().join("pkg.rpm")).unwrap(),
        b"previous version",
        "byte-identical"
    );
}

#[tokio::test]
async fn a_short_or_long_body_fails_the_size_check() {
    let faults = FaultQueue::new();
    let server = file_server(&faults).await;
    let dir = scratch("size");
    for (body, published) in [(FILE[..10].to_vec(), FILE.len()), (FILE.to_vec(), 10)] {
        faults.push(Fault::ReplaceBody(body));
        let error = Download::new(transport(&server), request())
            .size(published as u64)
            .to_path(dir.path().join("pkg.rpm"))
            .await
            .unwrap_err();
        assert_eq!(integrity_check(error), IntegrityCheck::Size);
        assert!(entries(dir.path()).is_empty());
    }
}

#[tokio::test]
async fn a_valid_existing_file_is_kept_without_a_request() {
    let faults = FaultQueue::new();
    let server = file_server(&faults).await;
    let dir = scratch("keep");
    std::fs::write(dir.path().join("pkg.rpm"), FILE).unwrap();
    let report = Download::new(transport(&server), request())
        .size(FILE.len() as u64)
        .checksum(sha1_of(FILE))
        .keep_valid_existing(true)
        .to_path(dir.path().join("pkg.rpm"))
        .await
        .unwrap();
    assert!(report.kept_existing);
    assert!(server.received_requests().await.unwrap().is_empty());

    // An invalid existing file is replaced by a verified download.
    std::fs::write(dir.path().join("pkg.rpm"), b"stale").unwrap();
    let report = Download::new(transport(&server), request())
        .size(FILE.len() as u64)
        .checksum(sha1_of(FILE))
        .keep_valid_existing(true)
        .to_path(dir.path().join("pkg.rpm"))
        .await
        .unwrap();
    assert!(!report.kept_existing);
    assert_eq!(std::fs::read(dir.path().join("pkg.rpm")).unwrap(), FILE);
}

#[tokio::test]
async fn a_dropped_download_leaves_nothing_behind() {
    let faults = FaultQueue::new();
    let server = file_server(&faults).await;
    let dir = scratch("drop");
    faults.push(Fault::Latency(Duration::from_secs(30)));
    let download = Download::new(transport(&server), request())
        .size(FILE.len() as u64)
        .to_path(dir.path().join("pkg.rpm"));
    let outcome = tokio::time::timeout(Duration::from_millis(300), download).await;
    assert!(outcome.is_err(), "the download was still waiting");
    assert!(entries(dir.path()).is_empty(), "{:?}", entries(dir.path()));
}

#[tokio::test]
async fn a_body_that_stalls_mid_way_is_an_idle_time_out() {
    let error = failing_raw_download(
        b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nfirst ten.",
        Then::Stall,
        Timeouts::default().attempt(Duration::from_millis(300)),
        |download| download,
    )
    .await;
    assert_eq!(timeout_kind(&error), Some(TimeoutKind::Idle), "{error:?}");
}

#[tokio::test]
async fn a_connection_cut_mid_body_is_a_transport_error_and_leaves_nothing() {
    let server = RawServer::start(
        b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nfirst ten.",
        Then::Close,
    )
    .await
    .unwrap();
    let endpoint = server.uri();
    let transport = Transport::builder(Vendor::Ocp)
        .endpoint(endpoint)
        .build()
        .unwrap();
    let dir = scratch("cut");
    std::fs::write(dir.path().join("pkg.rpm"), b"previous").unwrap();
    let error = Download::new(transport, request())
        .to_path(dir.path().join("pkg.rpm"))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Transport(t) if t.kind == TransportErrorKind::Body),
        "{error:?}"
    );
    assert_eq!(entries(dir.path()), ["pkg.rpm"]);
    assert_eq!(
        std::fs::read(dir.path().join("pkg.rpm")).unwrap(),
        b"previous"
    );
}

#[tokio::test]
async fn a_download_cut_off_once_starts_again_and_lands_verified() {
    let faults = FaultQueue::new();
    let server = file_server(&faults).await;
    let proxy = pkgruntime::testing::CuttingProxy::start(&server.uri())
        .await
        .unwrap();
    let transport = Transport::builder(Vendor::Ocp)
        .endpoint(proxy.uri())
        .retry(fast_retries())
        .build()
        .unwrap();
    let dir = scratch("cut-once");
    std::fs::write(dir.path().join("pkg.rpm"), b"previous").unwrap();
    proxy.cut_next_responses(1);
    let progress = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&progress);
    let report = Download::new(transport.clone(), request())
        .size(FILE.len() as u64)
        .checksum(sha1_of(FILE))
        .progress(move |done, _| seen.lock().unwrap().push(done))
        .to_path(dir.path().join("pkg.rpm"))
        .await
        .unwrap();
    assert_eq!(proxy.responses_cut(), 1);
    assert_eq!(report.bytes, FILE.len() as u64);
    assert_eq!(entries(dir.path()), ["pkg.rpm"]);
    assert_eq!(std::fs::read(dir.path().join("pkg.rpm")).unwrap(), FILE);
    assert_eq!(progress.lock().unwrap().last(), Some(&(FILE.len() as u64)));

    // Cut on every attempt: the retry policy's three attempts, then the error; nothing left.
    proxy.cut_next_responses(3);
    let error = Download::new(transport, request())
        .size(FILE.len() as u64)
        .to_path(dir.path().join("pkg.rpm"))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(proxy.responses_cut(), 4);
    assert_eq!(entries(dir.path()), ["pkg.rpm"]);
    assert_eq!(std::fs::read(dir.path().join("pkg.rpm")).unwrap(), FILE);
}

#[tokio::test]
async fn a_download_restart_draws_on_the_retry_budget() {
    let faults = FaultQueue::new();
    let server = file_server(&faults).await;
    let proxy = pkgruntime::testing::CuttingProxy::start(&server.uri())
        .await
        .unwrap();
    // A budget that pays for one restart (5 tokens), not two; the head requests that
    // succeed put nothing back here.
    let budget = pkgruntime::RetryBudget::new(5).success_refill(0);
    let transport = Transport::builder(Vendor::Ocp)
        .endpoint(proxy.uri())
        .retry(fast_retries().budget(budget.clone()))
        .build()
        .unwrap();
    let dir = scratch("budget");
    proxy.cut_next_responses(3);
    let error = Download::new(transport, request())
        .size(FILE.len() as u64)
        .to_path(dir.path().join("pkg.rpm"))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(
        proxy.responses_cut(),
        2,
        "the first attempt and one restart"
    );
    assert_eq!(budget.available(), 0);
    assert!(entries(dir.path()).is_empty());
}

#[tokio::test]
async fn to_a_writer_the_bytes_stream_through() {
    let faults = FaultQueue::new();
    let server = file_server(&faults).await;
    let mut sink = Vec::new();
    let report = Download::new(transport(&server), request())
        .checksum(sha1_of(FILE))
        .to_writer(&mut sink)
        .await
        .unwrap();
    assert_eq!(sink, FILE);
    assert_eq!(report.bytes, FILE.len() as u64);
}

#[tokio::test]
async fn an_unverifiable_checksum_is_rejected_before_sending() {
    let faults = FaultQueue::new();
    let server = file_server(&faults).await;
    let dir = scratch("unverifiable");
    let crc = Checksum::new(ChecksumAlgorithm::Unknown("crc32".into()), "deadbeef").unwrap();
    let error = Download::new(transport(&server), request())
        .checksum(crc)
        .to_path(dir.path().join("x"))
        .await
        .unwrap_err();
    assert_eq!(error.invalid_field().unwrap().field, "checksum");
    assert!(server.received_requests().await.unwrap().is_empty());
    assert!(entries(dir.path()).is_empty());
}

#[tokio::test]
async fn credentials_go_only_to_the_endpoints_own_origin() {
    let faults = FaultQueue::new();
    let api = file_server(&faults).await;
    let elsewhere = file_server(&faults).await;
    let transport = Transport::builder(Vendor::Ocp)
        .endpoint(api.uri())
        .auth(HeaderAuth::basic("admin", SecretString::from("pw")))
        .build()
        .unwrap();
    for server in [&api, &elsewhere] {
        let url = url::Url::parse(&format!("{}/files/pkg.rpm", server.uri())).unwrap();
        let mut sink = Vec::new();
        Download::new(transport.clone(), ApiRequest::get("download").url(url))
            .to_writer(&mut sink)
            .await
            .unwrap();
    }
    let api_request = &api.received_requests().await.unwrap()[0];
    assert!(api_request.headers.contains_key("authorization"));
    let other_request = &elsewhere.received_requests().await.unwrap()[0];
    assert!(
        !other_request.headers.contains_key("authorization"),
        "credentials leaked to another origin"
    );
}

#[tokio::test]
async fn to_dir_uses_the_published_name_and_refuses_unsafe_ones() {
    let faults = FaultQueue::new();
    let server = file_server(&faults).await;
    let dir = scratch("to-dir");
    let report = Download::new(transport(&server), request())
        .file_name("pkg-1.0.rpm")
        .to_dir(&dir)
        .await
        .unwrap();
    assert_eq!(report.path, dir.path().join("pkg-1.0.rpm"));
    for bad in [
        "",
        ".",
        "..",
        "../escape.rpm",
        "a/b.rpm",
        "a\\b.rpm",
        "bad\nname",
    ] {
        let error = Download::new(transport(&server), request())
            .file_name(bad)
            .to_dir(&dir)
            .await
            .unwrap_err();
        assert_eq!(error.invalid_field().unwrap().field, "file_name", "{bad:?}");
    }
    let error = Download::new(transport(&server), request())
        .to_dir(&dir)
        .await
        .unwrap_err();
    assert_eq!(error.invalid_field().unwrap().field, "file_name");
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        1,
        "only the valid download was sent"
    );
    assert_eq!(entries(dir.path()), ["pkg-1.0.rpm"]);
}

/// A transport to `endpoint` with `timeouts` and quick retries.
fn raw_transport(endpoint: &str, timeouts: Timeouts) -> Transport {
    Transport::builder(Vendor::Ocp)
        .endpoint(endpoint)
        .timeouts(timeouts)
        .retry(fast_retries())
        .build()
        .unwrap()
}

fn timeout_kind(error: &Error) -> Option<TimeoutKind> {
    match error {
        Error::Timeout(timeout) => Some(timeout.kind),
        _ => None,
    }
}

/// Downloads to `pkg.rpm` in a fresh directory from a [`RawServer`] answering
/// `head_and_body` then `then`, through a transport with `timeouts` and quick retries, as
/// `configure` sets the download up. The download must fail and leave the directory empty;
/// its error.
async fn failing_raw_download(
    head_and_body: &'static [u8],
    then: Then,
    timeouts: Timeouts,
    configure: impl FnOnce(Download) -> Download,
) -> Error {
    let server = RawServer::start(head_and_body, then).await.unwrap();
    let dir = scratch("raw");
    let download = configure(Download::new(
        raw_transport(server.uri(), timeouts),
        request(),
    ));
    let error = download
        .to_path(dir.path().join("pkg.rpm"))
        .await
        .unwrap_err();
    assert!(entries(dir.path()).is_empty(), "{:?}", entries(dir.path()));
    error
}

#[tokio::test]
async fn a_trickling_body_fails_the_low_speed_limit_and_leaves_nothing() {
    // One byte every 20 ms (50 B/s) against a limit of 1,000 B/s over 200 ms; the gap
    // between bytes stays far below the attempt time-out, so only the speed limit can end it.
    let timeouts = Timeouts::default()
        .attempt(Duration::from_secs(30))
        .low_speed(LowSpeedLimit::new(1_000, Duration::from_millis(200)));
    let error = failing_raw_download(
        b"HTTP/1.1 200 OK\r\ncontent-length: 100000\r\n\r\nstart",
        Then::Trickle(Duration::from_millis(20)),
        timeouts,
        |download| download,
    )
    .await;
    assert_eq!(
        timeout_kind(&error),
        Some(TimeoutKind::LowSpeed {
            bytes_per_second: 1_000
        }),
        "{error:?}"
    );
    assert!(error.to_string().contains("below 1000 bytes/s"), "{error}");
}

#[tokio::test]
async fn a_transfer_deadline_bounds_the_whole_download() {
    let timeouts = Timeouts::default()
        .low_speed(None)
        .transfer(Duration::from_millis(300));
    let error = failing_raw_download(
        b"HTTP/1.1 200 OK\r\ncontent-length: 100000\r\n\r\nstart",
        Then::Trickle(Duration::from_millis(5)),
        timeouts,
        |download| download,
    )
    .await;
    assert_eq!(
        timeout_kind(&error),
        Some(TimeoutKind::Transfer),
        "{error:?}"
    );
}

#[tokio::test]
async fn an_unpublished_size_is_capped_announced_or_streamed() {
    let capped = |download: Download| download.max_bytes(1_000);
    for (head_and_body, then) in [
        // Announced: refused before the body is read.
        (
            &b"HTTP/1.1 200 OK\r\ncontent-length: 5000\r\n\r\nstart"[..],
            Then::Stall,
        ),
        // Streamed without a length: cut off as soon as it passes the cap.
        (
            b"HTTP/1.1 200 OK\r\nconnection: close\r\n\r\nstart",
            Then::Trickle(Duration::from_micros(100)),
        ),
    ] {
        let error = failing_raw_download(head_and_body, then, Timeouts::default(), capped).await;
        assert!(
            matches!(&error, Error::Transport(t) if t.kind == TransportErrorKind::BodyTooLarge),
            "{error:?}"
        );
        assert!(error.to_string().contains("max_bytes"), "{error}");
    }
}

#[tokio::test]
async fn the_report_says_what_was_verified() {
    let faults = FaultQueue::new();
    let server = file_server(&faults).await;
    let dir = scratch("verified");
    let unverified = Download::new(transport(&server), request())
        .to_path(dir.path().join("a.rpm"))
        .await
        .unwrap();
    assert!(!unverified.is_verified());
    assert_eq!(unverified.checksum_verified, None);
    let verified = Download::new(transport(&server), request())
        .size(FILE.len() as u64)
        .checksum(sha1_of(FILE))
        .to_path(dir.path().join("b.rpm"))
        .await
        .unwrap();
    assert!(verified.is_verified() && verified.size_verified);
    assert_eq!(verified.checksum_verified, Some(sha1_of(FILE)));
}

#[tokio::test]
async fn a_download_that_stalls_once_starts_again() {
    // The first connection sends ten bytes and stalls; the next gets the whole file.
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        for connection in 0.. {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let mut request = [0_u8; 4096];
                let _ = socket.read(&mut request).await;
                let head = format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n", FILE.len());
                let _ = socket.write_all(head.as_bytes()).await;
                if connection == 0 {
                    let _ = socket.write_all(&FILE[..10]).await;
                    tokio::time::sleep(Duration::from_secs(3600)).await;
                } else {
                    let _ = socket.write_all(FILE).await;
                }
            });
        }
    });
    let timeouts = Timeouts::default().attempt(Duration::from_millis(300));
    let dir = scratch("stall-once");
    let report = Download::new(raw_transport(&endpoint, timeouts), request())
        .size(FILE.len() as u64)
        .checksum(sha1_of(FILE))
        .to_path(dir.path().join("pkg.rpm"))
        .await
        .unwrap();
    assert_eq!(report.bytes, FILE.len() as u64);
    assert_eq!(std::fs::read(dir.path().join("pkg.rpm")).unwrap(), FILE);
    assert_eq!(entries(dir.path()), ["pkg.rpm"]);
}

#[tokio::test]
async fn a_download_dropped_mid_body_leaves_nothing_behind() {
    let server = RawServer::start(
        b"HTTP/1.1 200 OK\r\ncontent-length: 100000\r\n\r\nsome bytes already",
        Then::Stall,
    )
    .await
    .unwrap();
    let endpoint = server.uri();
    let dir = scratch("drop-mid-body");
    let download = Download::new(raw_transport(endpoint, Timeouts::default()), request())
        .to_path(dir.path().join("pkg.rpm"));
    let mut download = Box::pin(download);
    // Poll until the temporary file holds the first bytes, then drop the future.
    let written = async {
        loop {
            let names = entries(dir.path());
            if let Some(name) = names.first()
                && std::fs::metadata(dir.path().join(name)).unwrap().len() > 0
            {
                return name.clone();
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    };
    let name = tokio::select! {
        name = written => name,
        _ = &mut download => panic!("the download ended"),
    };
    assert!(
        Path::new(&name).extension().is_some_and(|e| e == "part"),
        "{name}"
    );
    drop(download);
    assert!(entries(dir.path()).is_empty(), "{:?}", entries(dir.path()));
}

#[tokio::test]
async fn long_names_get_temporary_names_that_fit_and_bidi_controls_are_refused() {
    let faults = FaultQueue::new();
    let server = file_server(&faults).await;
    let dir = scratch("names");
    // 255 bytes, some of them multi-byte: the longest name most file systems take.
    let long = format!("{}{}.rpm", "é".repeat(100), "a".repeat(51));
    assert_eq!(long.len(), 255);
    let report = Download::new(transport(&server), request())
        .file_name(long.clone())
        .to_dir(&dir)
        .await
        .unwrap();
    assert_eq!(report.path, dir.path().join(&long));
    for bad in [
        "evil\u{202e}mpr.exe",
        "a\u{2066}b.rpm",
        "x\u{200f}.rpm",
        &"a".repeat(256),
    ] {
        let error = Download::new(transport(&server), request())
            .file_name(bad)
            .to_dir(&dir)
            .await
            .unwrap_err();
        assert_eq!(error.invalid_field().unwrap().field, "file_name", "{bad:?}");
    }
    assert_eq!(entries(dir.path()), [long]);
}
