//! `marker-paging`: CPU time to list 10,000 IoTDA OTA packages at `limit=50` (200 pages)
//! through `iotda-client`'s marker stream, against a hand-written `reqwest` loop that
//! follows `page.marker` and decodes the same pages into the same struct
//! ([`OtaPackageInfo`]).
//!
//! With 50 small items per page, this is where per-page costs (building the request, the
//! auth hook, retries and time-outs, the paginator's guards) weigh most. Both sides send
//! a fixed token (`X-Auth-Token`): AK/SK signing would measure HMAC, not paging. The page
//! server runs in its own process. Target: pkgsdk's CPU time at most 1.10× the hand loop's.

use super::{Tally, compare_cpu, hand_client, runtime};
use crate::fixtures::{Api, IOTDA_PROJECT};
use crate::report::Outcome;
use crate::server::{ServerProcess, ServerSpec};
use crate::{Mode, Result};
use futures::TryStreamExt as _;
use pkgsdk::iotda::{IotdaClient, OtaPackageInfo, PackageType};
use serde::Deserialize;

/// The scenario's name.
pub const NAME: &str = "marker-paging";

/// Items listed per run.
const ITEMS: u64 = 10_000;

/// Items per page (IoTDA's maximum `limit`).
const LIMIT: u32 = 50;

/// The token both clients send.
const TOKEN: &str = "benchmark-token";

/// The largest acceptable ratio of pkgsdk's CPU time to the hand loop's.
const TARGET: f64 = 1.10;

/// Runs the scenario.
pub fn run(mode: Mode) -> Result<Outcome> {
    let server = ServerProcess::start(ServerSpec::new(Api::Iotda, ITEMS, LIMIT))?;
    let endpoint = server.endpoint().to_owned();
    let runtime = runtime()?;
    let sdk = IotdaClient::builder()
        .endpoint(&endpoint)
        .project_id(IOTDA_PROJECT)
        .token(TOKEN)
        .build()?;
    let hand = hand_client()?;
    let comparison = compare_cpu(
        &runtime,
        mode.rounds(10, 30),
        || list_with_pkgsdk(&sdk),
        || list_by_hand(&hand, &endpoint),
    )?;
    Ok(comparison.outcome(NAME, ITEMS, TARGET))
}

/// What both loops add up for a package.
fn value(package: &OtaPackageInfo) -> u64 {
    package.package_id.as_ref().map_or(0, String::len) as u64
        + package.version.as_ref().map_or(0, String::len) as u64
}

/// The pkgsdk way: the item stream.
async fn list_with_pkgsdk(client: &IotdaClient) -> Result<Tally> {
    let mut tally = Tally::default();
    let mut packages = client
        .list_ota_packages(PackageType::SoftwarePackage)
        .page_size(LIMIT)
        .items();
    while let Some(package) = packages.try_next().await? {
        tally.add(value(&package));
        std::hint::black_box(package);
    }
    Ok(tally)
}

/// The hand-written way: follow `page.marker` until a short page or the reported count.
async fn list_by_hand(client: &reqwest::Client, endpoint: &str) -> Result<Tally> {
    #[derive(Deserialize)]
    struct ListBody {
        packages: Vec<OtaPackageInfo>,
        page: PageInfo,
    }
    #[derive(Deserialize)]
    struct PageInfo {
        count: u64,
        marker: Option<String>,
    }

    let first = format!(
        "{endpoint}/v5/iot/{IOTDA_PROJECT}/ota-upgrades/packages?package_type=softwarePackage&limit={LIMIT}"
    );
    let mut tally = Tally::default();
    let mut marker: Option<String> = None;
    loop {
        let url = match &marker {
            Some(marker) => format!("{first}&marker={marker}"),
            None => first.clone(),
        };
        let response = client
            .get(url)
            .header("x-auth-token", TOKEN)
            .send()
            .await?
            .error_for_status()?;
        let body = response.bytes().await?;
        let list: ListBody = serde_json::from_slice(&body)?;
        let full = list.packages.len() >= LIMIT as usize;
        for package in list.packages {
            tally.add(value(&package));
            std::hint::black_box(package);
        }
        match list.page.marker {
            Some(next) if full && tally.items < list.page.count => marker = Some(next),
            _ => return Ok(tally),
        }
    }
}
