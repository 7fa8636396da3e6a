//! `compression`: what gzip saves on the wire and costs in CPU, for a 100,000-item OCP
//! listing in pages of 2,000 from a page server that gzips (at the fast level) when asked.
//!
//! pkgsdk as built (it sends `Accept-Encoding: gzip` and decodes as the body streams in)
//! against the same client given an HTTP client that does not ask for gzip. The bytes are
//! the response bodies the server sent, counted by the server. Target: the gzipped listing
//! moves at most a quarter of the bytes. The CPU per item of both is reported (decoding is
//! the price of the saving), not judged.

use super::{Tally, compare_cpu, runtime};
use crate::fixtures::Api;
use crate::report::{self, Outcome};
use crate::server::{ServerProcess, ServerSpec};
use crate::{Mode, Result, measure};
use futures::TryStreamExt as _;
use pkgsdk::ocp::OcpClient;
use pkgsdk::ocp::testing::{PASSWORD, USERNAME};

/// The scenario's name.
pub const NAME: &str = "compression";

/// Items listed per run.
const ITEMS: u64 = 100_000;

/// Items per page (OCP's maximum).
const PAGE_SIZE: u32 = 2_000;

/// The largest acceptable share of the uncompressed bytes.
const TARGET: f64 = 0.25;

/// Runs the scenario.
pub fn run(mode: Mode) -> Result<Outcome> {
    let server = ServerProcess::start(ServerSpec::new(Api::Ocp, ITEMS, PAGE_SIZE).gzip())?;
    let endpoint = server.endpoint().to_owned();
    let runtime = runtime()?;
    let gzip = OcpClient::builder()
        .endpoint(&endpoint)
        .basic_auth(USERNAME, PASSWORD)
        .build()?;
    let identity = OcpClient::builder()
        .endpoint(&endpoint)
        .basic_auth(USERNAME, PASSWORD)
        .http_client(
            reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .no_gzip()
                .build()?,
        )
        .build()?;

    let wire = |client: &OcpClient| -> Result<u64> {
        let before = server.stats()?.body_bytes;
        runtime.block_on(list(client))?;
        Ok(server.stats()?.body_bytes - before)
    };
    let (gzipped, plain) = (wire(&gzip)?, wire(&identity)?);
    let comparison = compare_cpu(
        &runtime,
        mode.rounds(4, 10),
        || list(&gzip),
        || list(&identity),
    )?;
    let per_item = |samples: &[super::Sample]| {
        let cpu: Vec<_> = samples.iter().map(|sample| sample.cpu).collect();
        #[allow(clippy::cast_precision_loss)] // item counts are far below 2⁵²
        let nanos = measure::median(&cpu).as_secs_f64() * 1e9 / ITEMS as f64;
        nanos
    };
    report::note(format_args!(
        "{NAME} body bytes for {ITEMS} items: gzip {gzipped}, identity {plain}"
    ));
    report::note(format_args!(
        "{NAME} median cpu per item: gzip {:.0} ns, identity {:.0} ns (ratio of sums {:.3})",
        per_item(&comparison.sdk),
        per_item(&comparison.hand),
        comparison.ratio_of_sums(),
    ));
    #[allow(clippy::cast_precision_loss)] // byte counts are far below 2⁵²
    let share = gzipped as f64 / plain.max(1) as f64;
    Ok(Outcome::new(
        NAME,
        super::times(share),
        format!("<={TARGET:.2}x"),
        share <= TARGET,
    ))
}

/// The whole listing, items counted.
async fn list(client: &OcpClient) -> Result<Tally> {
    let mut tally = Tally::default();
    let mut packages = client.list_software_packages().page_size(PAGE_SIZE).items();
    while let Some(package) = packages.try_next().await? {
        tally.add(package.id);
    }
    Ok(tally)
}
