//! The scenarios, one module each, and what they share: the runtime the clients run on,
//! the clients as a user would build them, and side-by-side CPU measurement.
//!
//! Every CPU comparison runs both loops on one current-thread tokio runtime, in this
//! process, against the same page server process, alternately (pkgsdk first in even
//! rounds, the hand-written loop first in odd ones) after one warm-up run of each. Both
//! loops must see the same items ([`Tally`]), or the scenario fails.

pub mod compile_time;
pub mod compression;
pub mod cpu_per_item;
pub mod digest_round_trips;
pub mod marker_paging;
pub mod prefetch;
pub mod streaming_memory;
pub mod throttling;

use crate::report::{self, Outcome};
use crate::{Mode, Result, measure};
use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant};
use tokio::runtime::Runtime;

/// A scenario: runs in `Mode` and reports its outcome.
pub type Scenario = fn(Mode) -> Result<Outcome>;

/// Every scenario, in the order a run executes them.
pub const ALL: [(&str, Scenario); 8] = [
    (cpu_per_item::NAME, cpu_per_item::run),
    (compression::NAME, compression::run),
    (prefetch::NAME, prefetch::run),
    (streaming_memory::NAME, streaming_memory::run),
    (digest_round_trips::NAME, digest_round_trips::run),
    (marker_paging::NAME, marker_paging::run),
    (throttling::NAME, throttling::run),
    (compile_time::NAME, compile_time::run),
];

/// The scenarios' names, for `--only`.
pub const NAMES: [&str; 8] = [
    cpu_per_item::NAME,
    compression::NAME,
    prefetch::NAME,
    streaming_memory::NAME,
    digest_round_trips::NAME,
    marker_paging::NAME,
    throttling::NAME,
    compile_time::NAME,
];

/// A current-thread runtime: all client work runs on the calling thread, whose CPU time
/// [`measure::thread_cpu`] reads.
pub fn runtime() -> Result<Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?)
}

/// A plain `reqwest` client, as hand-written code builds one.
pub fn hand_client() -> Result<reqwest::Client> {
    Ok(reqwest::Client::builder().build()?)
}

/// What a listing yielded: how many items, and a checksum over them, so that two loops
/// can be checked to have seen the same items.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Items seen.
    pub items: u64,
    /// A sum over one value of each item.
    pub checksum: u64,
}

impl Tally {
    /// Counts one item, whose value is `value`.
    pub fn add(&mut self, value: u64) {
        self.items += 1;
        self.checksum = self.checksum.wrapping_add(value);
    }
}

/// The cost of one run.
#[derive(Clone, Copy, Debug)]
pub struct Sample {
    /// CPU time of the thread running the client.
    pub cpu: Duration,
    /// CPU time of the whole process (clock-tick resolution).
    pub process_cpu: Duration,
    /// Wall-clock time.
    pub wall: Duration,
}

/// Runs `future` to completion on `runtime` and measures it.
pub fn measured<T>(
    runtime: &Runtime,
    future: impl Future<Output = Result<T>>,
) -> Result<(T, Sample)> {
    let process_before = measure::process_cpu()?;
    let cpu_before = measure::thread_cpu()?;
    let started = Instant::now();
    // Boxed, so that the listing's `poll` stays a function of its own that profilers can
    // name (`valgrind --tool=callgrind --toggle-collect='*list_with_pkgsdk*'`).
    let future: Pin<Box<dyn Future<Output = Result<T>> + '_>> = Box::pin(future);
    let value = runtime.block_on(future)?;
    let wall = started.elapsed();
    let cpu = measure::thread_cpu()?.saturating_sub(cpu_before);
    let process_cpu = measure::process_cpu()?.saturating_sub(process_before);
    Ok((
        value,
        Sample {
            cpu,
            process_cpu,
            wall,
        },
    ))
}

/// The CPU time of pkgsdk and of the hand-written loop over the same rounds.
#[derive(Debug, Default)]
pub struct Comparison {
    /// pkgsdk's runs.
    pub sdk: Vec<Sample>,
    /// The hand-written loop's runs.
    pub hand: Vec<Sample>,
}

impl Comparison {
    /// pkgsdk's CPU time over the hand loop's, summed over all rounds.
    pub fn ratio_of_sums(&self) -> f64 {
        measure::ratio(sum_cpu(&self.sdk), sum_cpu(&self.hand))
    }

    /// pkgsdk's median CPU time over the hand loop's.
    pub fn ratio_of_medians(&self) -> f64 {
        measure::ratio(median_cpu(&self.sdk), median_cpu(&self.hand))
    }

    /// The median over rounds of pkgsdk's CPU time over the hand loop's in the same round:
    /// robust against other load on the machine that comes and goes between rounds.
    pub fn median_paired_ratio(&self) -> f64 {
        let mut ratios: Vec<f64> = self
            .sdk
            .iter()
            .zip(&self.hand)
            .map(|(sdk, hand)| measure::ratio(sdk.cpu, hand.cpu))
            .collect();
        ratios.sort_unstable_by(f64::total_cmp);
        let middle = ratios.len() / 2;
        match (ratios.len() % 2, ratios.get(middle), middle.checked_sub(1)) {
            (1, Some(value), _) => *value,
            (0, Some(high), Some(low)) => ratios.get(low).map_or(*high, |low| (low + high) / 2.0),
            _ => f64::NAN,
        }
    }

    /// Notes the figures (per item over `items`) and judges the ratio of sums: at most
    /// `target` passes.
    pub fn outcome(&self, name: &'static str, items: u64, target: f64) -> Outcome {
        self.note(name, "per item", items);
        let ratio = self.ratio_of_sums();
        Outcome::new(
            name,
            times(ratio),
            format!("<={target:.2}x"),
            ratio <= target,
        )
    }

    /// Writes the figures to stderr.
    pub fn note(&self, name: &str, per: &str, items: u64) {
        for (round, (sdk, hand)) in self.sdk.iter().zip(&self.hand).enumerate() {
            report::note(format_args!(
                "{name} round {}: pkgsdk {} cpu ({} wall), reqwest {} cpu ({} wall)",
                round + 1,
                report::ms(sdk.cpu),
                report::ms(sdk.wall),
                report::ms(hand.cpu),
                report::ms(hand.wall),
            ));
        }
        let per_item = |samples: &[Sample]| {
            #[allow(clippy::cast_precision_loss)] // item counts are far below 2⁵²
            let nanos = median_cpu(samples).as_secs_f64() * 1e9 / items.max(1) as f64;
            nanos
        };
        report::note(format_args!(
            "{name} median cpu {per}: pkgsdk {:.0} ns, reqwest {:.0} ns; ratio of sums {:.3}, of medians {:.3}, median of per-round ratios {:.3}",
            per_item(&self.sdk),
            per_item(&self.hand),
            self.ratio_of_sums(),
            self.ratio_of_medians(),
            self.median_paired_ratio(),
        ));
        let thread = sum_cpu(&self.sdk) + sum_cpu(&self.hand);
        let process: Duration = self
            .sdk
            .iter()
            .chain(&self.hand)
            .map(|sample| sample.process_cpu)
            .sum();
        report::note(format_args!(
            "{name} cpu of the measured thread {}, of the whole process {} (10 ms ticks)",
            report::ms(thread),
            report::ms(process),
        ));
    }
}

fn sum_cpu(samples: &[Sample]) -> Duration {
    samples.iter().map(|sample| sample.cpu).sum()
}

fn median_cpu(samples: &[Sample]) -> Duration {
    let cpu: Vec<Duration> = samples.iter().map(|sample| sample.cpu).collect();
    measure::median(&cpu)
}

/// Runs `sdk` and `hand` alternately for `rounds` rounds after a warm-up run of each, and
/// checks that every run saw the `Tally` of the first.
pub fn compare_cpu<S, SF, H, HF>(
    runtime: &Runtime,
    rounds: usize,
    mut sdk: S,
    mut hand: H,
) -> Result<Comparison>
where
    S: FnMut() -> SF,
    SF: Future<Output = Result<Tally>>,
    H: FnMut() -> HF,
    HF: Future<Output = Result<Tally>>,
{
    let (expected, _) = measured(runtime, sdk())?;
    let (warm, _) = measured(runtime, hand())?;
    let check = |tally: Tally, who: &str| -> Result<()> {
        if tally == expected {
            Ok(())
        } else {
            Err(format!("{who} saw {tally:?}, pkgsdk's first run {expected:?}").into())
        }
    };
    check(warm, "the hand-written loop")?;
    let mut comparison = Comparison::default();
    for round in 0..rounds {
        let mut run_sdk = |comparison: &mut Comparison| -> Result<()> {
            let (tally, sample) = measured(runtime, sdk())?;
            check(tally, "pkgsdk")?;
            comparison.sdk.push(sample);
            Ok(())
        };
        if round % 2 == 0 {
            run_sdk(&mut comparison)?;
        }
        let (tally, sample) = measured(runtime, hand())?;
        check(tally, "the hand-written loop")?;
        comparison.hand.push(sample);
        if round % 2 == 1 {
            run_sdk(&mut comparison)?;
        }
    }
    Ok(comparison)
}

/// `value` formatted as a ratio with three decimals, e.g. `1.018x`.
pub fn times(value: f64) -> String {
    format!("{value:.3}x")
}
