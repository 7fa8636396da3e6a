//! `streaming-memory`: peak RSS of a process streaming 1,000,000 items without collecting
//! them, against the same process streaming 10,000. A stream that holds only the page in
//! hand uses the same memory for both; anything kept per page or per item shows up as
//! growth. Target: at most 1.2× the 10,000-item peak.
//!
//! Two listings, each from a page server in its own process serving a million items:
//!
//! - OCP, page numbers, pages of 2,000 (500 pages);
//! - IoTDA, markers, `limit=50` (20,000 pages) — the case with the most pages.
//!
//! Each count is listed by a fresh child process (`benchmarks stream-client <api>
//! <endpoint> <items>`, the same binary) through pkgsdk's item stream with
//! `limit(items)`; the child prints its own `VmHWM` before exiting. The result is the worse
//! of the two listings' ratios of medians.

use crate::fixtures::Api;
use crate::report::{self, Outcome};
use crate::server::{ServerProcess, ServerSpec};
use crate::{Mode, Result, measure};
use futures::TryStreamExt as _;
use pkgsdk::iotda::{IotdaClient, PackageType};
use pkgsdk::ocp::OcpClient;
use pkgsdk::ocp::testing::{PASSWORD, USERNAME};
use std::io::Write as _;
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

/// The scenario's name.
pub const NAME: &str = "streaming-memory";

/// The hidden sub-command of the measured child process.
pub const SUBCOMMAND: &str = "stream-client";

/// The baseline count.
const SMALL: u64 = 10_000;

/// The streamed count.
const LARGE: u64 = 1_000_000;

/// The largest acceptable ratio of the peaks.
const TARGET: f64 = 1.2;

/// One listing: the API, its page size, and how many distinct pages the server builds
/// (enough for the baseline run to see distinct items).
struct Listing {
    api: Api,
    page_size: u32,
    pool_pages: u64,
}

const LISTINGS: [Listing; 2] = [
    Listing {
        api: Api::Ocp,
        page_size: 2_000,
        pool_pages: 5,
    },
    Listing {
        api: Api::Iotda,
        page_size: 50,
        pool_pages: 200,
    },
];

/// Runs the scenario.
pub fn run(mode: Mode) -> Result<Outcome> {
    let mut worst: Option<(f64, &str)> = None;
    for listing in LISTINGS {
        let api = listing.api.name();
        let server = ServerProcess::start(
            ServerSpec::new(listing.api, LARGE, listing.page_size).pool_pages(listing.pool_pages),
        )?;
        let mut small = Vec::new();
        let mut large = Vec::new();
        for _ in 0..mode.rounds(1, 3) {
            small.push(stream_in_child(listing.api, server.endpoint(), SMALL)?);
            large.push(stream_in_child(listing.api, server.endpoint(), LARGE)?);
        }
        let (small, large) = (median(&mut small), median(&mut large));
        #[allow(clippy::cast_precision_loss)] // KiB counts are far below 2⁵²
        let ratio = large as f64 / small.max(1) as f64;
        report::note(format_args!(
            "{NAME} {api} (pages of {}): peak RSS {SMALL} items {small} KiB, {LARGE} items {large} KiB: {ratio:.3}x",
            listing.page_size
        ));
        if worst.is_none_or(|(worst, _)| ratio > worst) {
            worst = Some((ratio, api));
        }
    }
    let (ratio, api) = worst.ok_or("no listing ran")?;
    Ok(Outcome::new(
        NAME,
        format!("{ratio:.3}x({api})"),
        format!("<={TARGET:.2}x"),
        ratio <= TARGET,
    ))
}

fn median(values: &mut [u64]) -> u64 {
    values.sort_unstable();
    values.get(values.len() / 2).copied().unwrap_or(0)
}

/// Streams `items` items of `api` from `endpoint` in a child process; returns its peak RSS
/// in KiB.
fn stream_in_child(api: Api, endpoint: &str, items: u64) -> Result<u64> {
    let output = Command::new(std::env::current_exe()?)
        .args([SUBCOMMAND, api.name(), endpoint, &items.to_string()])
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!(
            "the {SUBCOMMAND} child failed ({}): {stdout}",
            output.status
        )
        .into());
    }
    let field = |key: &str| -> Result<u64> {
        let value = stdout
            .split_whitespace()
            .find_map(|pair| pair.strip_prefix(key)?.strip_prefix('='))
            .ok_or_else(|| format!("the {SUBCOMMAND} child printed no {key}: {stdout}"))?;
        Ok(value.parse()?)
    };
    let listed = field("items")?;
    if listed != items {
        return Err(format!("the {SUBCOMMAND} child listed {listed} items, not {items}").into());
    }
    report::note(format_args!(
        "{NAME} {} {items} items: peak RSS {} KiB in {} ms",
        api.name(),
        field("peak_rss_kib")?,
        field("wall_ms")?
    ));
    field("peak_rss_kib")
}

/// The child's `main`: streams the items, then prints `items=… peak_rss_kib=… wall_ms=…`.
pub fn client_main(args: &[String]) -> Result<ExitCode> {
    let [api, endpoint, items] = args else {
        return Err(format!("usage: benchmarks {SUBCOMMAND} <api> <endpoint> <items>").into());
    };
    let api = Api::from_name(api)?;
    let items: u64 = items.parse()?;
    let started = Instant::now();
    let runtime = super::runtime()?;
    let listed = runtime.block_on(async {
        match api {
            Api::Ocp => stream_ocp(endpoint, items).await,
            Api::Iotda => stream_iotda(endpoint, items).await,
        }
    })?;
    let wall_ms = started.elapsed().as_millis();
    let peak = measure::peak_rss_kib()?;
    let mut stdout = std::io::stdout().lock();
    writeln!(
        stdout,
        "items={listed} peak_rss_kib={peak} wall_ms={wall_ms}"
    )?;
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}

async fn stream_ocp(endpoint: &str, items: u64) -> Result<u64> {
    let client = OcpClient::builder()
        .endpoint(endpoint)
        .basic_auth(USERNAME, PASSWORD)
        .build()?;
    let mut stream = client
        .list_software_packages()
        .page_size(2_000)
        .limit(items)
        .items();
    let mut listed = 0;
    while let Some(package) = stream.try_next().await? {
        std::hint::black_box(package);
        listed += 1;
    }
    Ok(listed)
}

async fn stream_iotda(endpoint: &str, items: u64) -> Result<u64> {
    let client = IotdaClient::builder()
        .endpoint(endpoint)
        .project_id(crate::fixtures::IOTDA_PROJECT)
        .token("benchmark-token")
        .build()?;
    let mut stream = client
        .list_ota_packages(PackageType::SoftwarePackage)
        .page_size(50)
        .limit(items)
        .items();
    let mut listed = 0;
    while let Some(package) = stream.try_next().await? {
        std::hint::black_box(package);
        listed += 1;
    }
    Ok(listed)
}
