//! The OCP download column: a verified download through the same faults, into a directory
//! that already holds a stale copy, which only a verified download may replace.

use crate::{Scenario, describe};
use pkgsdk::Timeouts;
use pkgsdk::runtime::LowSpeedLimit;
use pkgsdk::runtime::testing::{CuttingProxy, Fault, Location, RawServer, Then};
use pkgsdk::testing::OcpMock;
use std::path::Path;
use std::time::{Duration, SystemTime};

const ID: u64 = 5;
const STALE: &[u8] = b"a stale copy";

pub async fn run(scenario: Scenario) -> String {
    let trap = crate::trap().await;
    let fault = match scenario {
        Scenario::Unavailable => Some(Fault::status(503)),
        Scenario::TooManyRequestsSeconds => Some(Fault::status(429).retry_after("1")),
        Scenario::TooManyRequestsDate => Some(Fault::status(429).retry_after(
            httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(1)),
        )),
        // Not a fault of the mock's: the proxy cuts the body, a file server of its own
        // trickles or stalls, or the caller gives up.
        Scenario::CutMidBody | Scenario::TrickledDownload | Scenario::CancelledDownload => {
            Some(Fault::Pass)
        }
        Scenario::AttemptTimeout => Some(Fault::Latency(crate::LATE)),
        Scenario::TruncatedJson => Some(Fault::TruncatedBody),
        Scenario::InvalidUtf8 => Some(Fault::ReplaceBody(b"\xff\xfe\xfd".to_vec())),
        Scenario::Unauthorized => Some(Fault::status(401)),
        Scenario::Forbidden => Some(Fault::status(403)),
        Scenario::HtmlErrorPage => Some(Fault::status(502).with_body(crate::HTML.to_vec())),
        Scenario::HtmlInsteadOfJson => Some(Fault::ReplaceBody(crate::HTML.to_vec())),
        Scenario::CrossOriginRedirect => Some(Fault::redirect(302, Location::Origin(trap.uri()))),
        // The body of a file is not JSON, and a download is one response.
        Scenario::WrongType
        | Scenario::MissingRequired
        | Scenario::UnknownEnum
        | Scenario::ExtraFields
        | Scenario::EmptyMiddlePage
        | Scenario::RepeatedPage
        | Scenario::BigPage
        | Scenario::CappedPages => None,
    };
    let Some(fault) = fault else {
        return "n/a".to_owned();
    };
    let mock = OcpMock::start().await;
    mock.generate_catalog(10);
    let proxy = CuttingProxy::start(&mock.uri()).await.unwrap();
    let mut builder = mock.client_builder();
    if scenario == Scenario::AttemptTimeout {
        builder = builder.timeouts(Timeouts::default().attempt(crate::ATTEMPT_TIMEOUT));
    }
    if scenario == Scenario::TrickledDownload {
        let limit = LowSpeedLimit::new(1_000, Duration::from_millis(200));
        builder = builder.timeouts(Timeouts::default().low_speed(limit));
    }
    if scenario == Scenario::CutMidBody {
        builder = builder.endpoint(proxy.uri());
    }
    let client = builder.build().unwrap();
    let mut package = client.find_software_package(ID).await.unwrap().unwrap();
    if scenario == Scenario::CutMidBody {
        package.download_url = package
            .download_url
            .map(|url| url.replace(&mock.uri(), &proxy.uri()));
        proxy.cut_next_responses(1);
    }
    // The file served one byte at a time, or never past its first bytes.
    let raw = match scenario {
        Scenario::TrickledDownload => Some(Then::Trickle(Duration::from_millis(20))),
        Scenario::CancelledDownload => Some(Then::Stall),
        _ => None,
    };
    let raw = match raw {
        Some(then) => Some(
            RawServer::start(
                b"HTTP/1.1 200 OK\r\ncontent-length: 1000000\r\n\r\nfirst bytes",
                then,
            )
            .await
            .unwrap(),
        ),
        None => None,
    };
    if let Some(raw) = &raw {
        package.download_url = Some(format!("{}/files/package.rpm", raw.uri()));
        package.size = None;
        package.sha1 = None;
    }
    let file_name = package.file_name.clone().unwrap();
    let dir = std::env::temp_dir().join(format!(
        "pkgsdk-fault-matrix-{}-{scenario:?}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(&file_name), STALE).unwrap();

    mock.faults().push(fault);
    let download = client.download(&package).unwrap().to_dir(&dir);
    let result = if scenario == Scenario::CancelledDownload {
        let mut download = Box::pin(download);
        // Dropped once its temporary file holds bytes, as Ctrl-C drops pkgctl's.
        tokio::select! {
            () = part_file_written(&dir) => {}
            result = &mut download => panic!("the stalled download ended: {result:?}"),
        }
        drop(download);
        return format!("cancelled, {}", left_behind(&dir, &file_name));
    } else {
        download.await
    };
    mock.faults().clear();
    let outcome = match result {
        Ok(report) => {
            let written = std::fs::read(dir.join(&file_name)).unwrap();
            if written == mock.file(ID).unwrap() && Some(report.bytes) == package.size {
                "downloaded, verified".to_owned()
            } else {
                "WRONG FILE".to_owned()
            }
        }
        Err(error) => format!("{}, {}", describe(&error), left_behind(&dir, &file_name)),
    };
    let outcome = if scenario == Scenario::CrossOriginRedirect {
        outcome + &crate::what_reached(&trap).await
    } else {
        outcome
    };
    let _ = std::fs::remove_dir_all(&dir);
    outcome
}

/// Waits until a temporary `.part` file in `dir` holds bytes.
async fn part_file_written(dir: &Path) {
    loop {
        let written = std::fs::read_dir(dir).unwrap().any(|entry| {
            let entry = entry.unwrap();
            entry.file_name().to_string_lossy().ends_with(".part")
                && entry.metadata().is_ok_and(|meta| meta.len() > 0)
        });
        if written {
            return;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// Whether a failed download left the directory as it was.
fn left_behind(dir: &Path, file_name: &str) -> &'static str {
    let names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let intact = std::fs::read(dir.join(file_name)).ok().as_deref() == Some(STALE);
    if names == [file_name] && intact {
        "stale copy intact"
    } else {
        "DIRECTORY CHANGED"
    }
}
