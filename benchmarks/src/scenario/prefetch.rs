//! `prefetch`: wall-clock time to list 50 OCP pages (100 items each) from a server that
//! holds every response back 20 ms, with `concurrency(8)` against sequentially.
//!
//! Sequentially the listing cannot take less than 50 × 20 ms = 1 s; the sequential time
//! must be within 5 % of that, which shows the per-page overhead is small (and that the
//! speed-up is not flattered by a slow sequential path). With ordered prefetch the first
//! page goes alone (it reports the total), then 49 pages follow with up to 8 in flight:
//! at best 20 ms + ⌈49 / 8⌉ × 20 ms = 160 ms, a 6.25× speed-up. Target: at least 6×, the
//! ratio of the medians over all rounds.

use super::{runtime, times};
use crate::fixtures::Api;
use crate::report::{self, Outcome};
use crate::server::{ServerProcess, ServerSpec};
use crate::{Mode, Result, measure};
use futures::TryStreamExt as _;
use pkgsdk::ocp::OcpClient;
use pkgsdk::ocp::testing::{PASSWORD, USERNAME};
use std::time::{Duration, Instant};

/// The scenario's name.
pub const NAME: &str = "prefetch";

/// Pages in the listing.
const PAGES: u64 = 50;

/// Items per page.
const PAGE_SIZE: u32 = 100;

/// How long the server holds back each response.
const LATENCY: Duration = Duration::from_millis(20);

/// Pages in flight when prefetching.
const CONCURRENCY: usize = 8;

/// The smallest acceptable speed-up.
const TARGET_SPEEDUP: f64 = 6.0;

/// How far the sequential listing may be from `PAGES × LATENCY`.
const SEQUENTIAL_TOLERANCE: f64 = 0.05;

/// Runs the scenario.
pub fn run(mode: Mode) -> Result<Outcome> {
    let items = PAGES * u64::from(PAGE_SIZE);
    let server =
        ServerProcess::start(ServerSpec::new(Api::Ocp, items, PAGE_SIZE).latency(LATENCY))?;
    let runtime = runtime()?;
    let client = OcpClient::builder()
        .endpoint(server.endpoint())
        .basic_auth(USERNAME, PASSWORD)
        .build()?;
    let timed = |concurrency: usize| -> Result<Duration> {
        let started = Instant::now();
        let listed = runtime.block_on(list(&client, concurrency))?;
        let elapsed = started.elapsed();
        if listed != items {
            return Err(format!("listed {listed} items instead of {items}").into());
        }
        Ok(elapsed)
    };
    // Warm-up: opens the connections prefetch uses.
    timed(CONCURRENCY)?;
    let mut sequential = Vec::new();
    let mut prefetched = Vec::new();
    for round in 0..mode.rounds(3, 7) {
        let (first, second) = if round % 2 == 0 {
            (1, CONCURRENCY)
        } else {
            (CONCURRENCY, 1)
        };
        for concurrency in [first, second] {
            let elapsed = timed(concurrency)?;
            report::note(format_args!(
                "{NAME} round {}: concurrency {concurrency}: {}",
                round + 1,
                report::ms(elapsed)
            ));
            if concurrency == 1 {
                sequential.push(elapsed);
            } else {
                prefetched.push(elapsed);
            }
        }
    }
    let sequential = measure::median(&sequential);
    let prefetched = measure::median(&prefetched);
    let floor = LATENCY * u32::try_from(PAGES)?;
    let speedup = measure::ratio(sequential, prefetched);
    let overhead = measure::ratio(sequential, floor) - 1.0;
    let waves = (PAGES - 1).div_ceil(CONCURRENCY as u64);
    let ideal = measure::ratio(floor, LATENCY * (1 + u32::try_from(waves)?));
    report::note(format_args!(
        "{NAME} medians: sequential {} ({:+.1} % over {}), concurrency {CONCURRENCY} {}; \
         speed-up {speedup:.2}x (the latency alone allows {ideal:.2}x)",
        report::ms(sequential),
        overhead * 100.0,
        report::ms(floor),
        report::ms(prefetched),
    ));
    let passed = speedup >= TARGET_SPEEDUP && overhead.abs() <= SEQUENTIAL_TOLERANCE;
    Ok(Outcome::new(
        NAME,
        format!(
            "{},sequential={:.3}s",
            times(speedup),
            sequential.as_secs_f64()
        ),
        format!(
            ">={TARGET_SPEEDUP:.2}x,sequential={:.3}s±{:.0}%",
            floor.as_secs_f64(),
            SEQUENTIAL_TOLERANCE * 100.0
        ),
        passed,
    ))
}

/// Lists every item with `concurrency` pages in flight; returns how many arrived.
async fn list(client: &OcpClient, concurrency: usize) -> Result<u64> {
    let mut packages = client
        .list_software_packages()
        .page_size(PAGE_SIZE)
        .concurrency(concurrency)
        .items();
    let mut listed = 0;
    while let Some(package) = packages.try_next().await? {
        std::hint::black_box(package);
        listed += 1;
    }
    Ok(listed)
}
