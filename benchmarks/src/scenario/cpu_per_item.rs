//! `cpu-per-item`: CPU time to list 100,000 OCP packages in pages of 2,000 through
//! `ocp-client`'s item stream, against a hand-written loop of plain `reqwest` and
//! `serde_json` decoding the same pages into the same struct ([`SoftwarePackageMeta`]).
//!
//! The page server runs in its own process and serves pre-built bodies, so the CPU time
//! measured — that of the thread running the current-thread runtime, in nanoseconds — is
//! the client's alone. Target: pkgsdk's CPU time at most 1.10× the hand loop's (ratio of
//! the sums over all rounds).

use super::{Tally, compare_cpu, hand_client, runtime};
use crate::fixtures::{Api, OCP_PATH};
use crate::report::Outcome;
use crate::server::{ServerProcess, ServerSpec};
use crate::{Mode, Result};
use futures::TryStreamExt as _;
use pkgsdk::ocp::testing::{PASSWORD, USERNAME};
use pkgsdk::ocp::{OcpClient, SoftwarePackageMeta};
use serde::Deserialize;

/// The scenario's name.
pub const NAME: &str = "cpu-per-item";

/// Items listed per run.
const ITEMS: u64 = 100_000;

/// Items per page (OCP's maximum).
const PAGE_SIZE: u32 = 2_000;

/// The largest acceptable ratio of pkgsdk's CPU time to the hand loop's.
const TARGET: f64 = 1.10;

/// Runs the scenario.
pub fn run(mode: Mode) -> Result<Outcome> {
    let server = ServerProcess::start(ServerSpec::new(Api::Ocp, ITEMS, PAGE_SIZE))?;
    let endpoint = server.endpoint().to_owned();
    let runtime = runtime()?;
    let sdk = OcpClient::builder()
        .endpoint(&endpoint)
        .basic_auth(USERNAME, PASSWORD)
        .build()?;
    let hand = hand_client()?;
    let comparison = compare_cpu(
        &runtime,
        mode.rounds(4, 10),
        || list_with_pkgsdk(&sdk),
        || list_by_hand(&hand, &endpoint),
    )?;
    Ok(comparison.outcome(NAME, ITEMS, TARGET))
}

/// What both loops add up for a package.
fn value(package: &SoftwarePackageMeta) -> u64 {
    package.id ^ package.size.unwrap_or(0)
}

/// The pkgsdk way: the item stream.
async fn list_with_pkgsdk(client: &OcpClient) -> Result<Tally> {
    let mut tally = Tally::default();
    let mut packages = client.list_software_packages().page_size(PAGE_SIZE).items();
    while let Some(package) = packages.try_next().await? {
        tally.add(value(&package));
        std::hint::black_box(package);
    }
    Ok(tally)
}

/// The hand-written way: GET each page, decode it, stop at the reported page count.
async fn list_by_hand(client: &reqwest::Client, endpoint: &str) -> Result<Tally> {
    #[derive(Deserialize)]
    struct Envelope {
        data: Data,
    }
    #[derive(Deserialize)]
    struct Data {
        contents: Vec<SoftwarePackageMeta>,
        page: PageInfo,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct PageInfo {
        total_pages: u64,
    }

    let mut tally = Tally::default();
    let mut page = 1;
    loop {
        let response = client
            .get(format!("{endpoint}{OCP_PATH}?page={page}&size={PAGE_SIZE}"))
            .basic_auth(USERNAME, Some(PASSWORD))
            .send()
            .await?
            .error_for_status()?;
        let body = response.bytes().await?;
        let envelope: Envelope = serde_json::from_slice(&body)?;
        for package in envelope.data.contents {
            tally.add(value(&package));
            std::hint::black_box(package);
        }
        if page >= envelope.data.page.total_pages {
            return Ok(tally);
        }
        page += 1;
    }
}
