//! `throttling`: 16 listings at once against a server that answers `429 Too Many
//! Requests` (`Retry-After: 1`) to requests beyond 50 a second, as an API gateway does.
//!
//! The same 16 OCP listings (2,000 items in pages of 100 each: 320 pages in all) run
//! concurrently on one client, first with pkgsdk's defaults (retries with `Retry-After`,
//! the retry budget, no rate limit), then with a shared [`RateLimit`] of 45 requests a
//! second. Target: with the limit, no listing fails and the server gets fewer requests
//! than without it. Wall-clock figures are reported, not judged.
//!
//! [`RateLimit`]: pkgsdk::runtime::RateLimit

use super::runtime;
use crate::fixtures::Api;
use crate::report::{self, Outcome};
use crate::server::{ServerProcess, ServerSpec};
use crate::{Mode, Result};
use futures::TryStreamExt as _;
use pkgsdk::ocp::OcpClient;
use pkgsdk::ocp::testing::{PASSWORD, USERNAME};
use pkgsdk::runtime::RateLimit;
use std::time::Instant;

/// The scenario's name.
pub const NAME: &str = "throttling";

/// Listings run at once.
const LISTINGS: usize = 16;

/// Items per listing.
const ITEMS: u64 = 2_000;

/// Items per page.
const PAGE_SIZE: u32 = 100;

/// The server's limit, in requests a second.
const SERVER_RPS: u32 = 50;

/// The client's limit, a little under the server's.
const CLIENT_RPS: u32 = 45;

/// What one variant did.
struct Run {
    requests: u64,
    throttled: u64,
    failed: usize,
    seconds: f64,
}

/// Runs the scenario (the same workload in both modes: it is short).
pub fn run(_mode: Mode) -> Result<Outcome> {
    let server =
        ServerProcess::start(ServerSpec::new(Api::Ocp, ITEMS, PAGE_SIZE).throttle(SERVER_RPS))?;
    let endpoint = server.endpoint().to_owned();
    let runtime = runtime()?;
    let variant = |limit: Option<RateLimit>| -> Result<Run> {
        let mut builder = OcpClient::builder()
            .endpoint(&endpoint)
            .basic_auth(USERNAME, PASSWORD);
        if let Some(limit) = limit {
            builder = builder.rate_limit(limit);
        }
        let client = builder.build()?;
        let before = server.stats()?;
        let started = Instant::now();
        let outcomes = runtime.block_on(futures::future::join_all((0..LISTINGS).map(|_| {
            let client = client.clone();
            async move {
                client
                    .list_software_packages()
                    .page_size(PAGE_SIZE)
                    .items()
                    .try_fold(0_u64, |count, _| async move { Ok(count + 1) })
                    .await
            }
        })));
        let seconds = started.elapsed().as_secs_f64();
        let after = server.stats()?;
        let failed = outcomes
            .iter()
            .filter(|outcome| !matches!(outcome, Ok(count) if *count == ITEMS))
            .count();
        // Let the server's one-second window pass before the next variant.
        std::thread::sleep(std::time::Duration::from_secs(2));
        Ok(Run {
            requests: after.requests - before.requests,
            throttled: after.throttled - before.throttled,
            failed,
            seconds,
        })
    };
    let without = variant(None)?;
    let with = variant(Some(RateLimit::new(CLIENT_RPS, 5)))?;
    for (name, run) in [
        ("without a rate limit", &without),
        ("with RateLimit 45/s", &with),
    ] {
        report::note(format_args!(
            "{NAME} {name}: {} requests ({} answered 429), {} of {LISTINGS} listings failed, {:.1} s",
            run.requests, run.throttled, run.failed, run.seconds
        ));
    }
    let passed = with.failed == 0 && with.requests < without.requests;
    Ok(Outcome::new(
        NAME,
        format!(
            "requests {} vs {} failed {} vs {}",
            with.requests, without.requests, with.failed, without.failed
        ),
        "fewer requests, 0 failed",
        passed,
    ))
}
