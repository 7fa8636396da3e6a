//! The pkgsdk benchmarks: pkgsdk against hand-written `reqwest` + `serde_json` code, measured
//! side by side in one run.
//!
//! ```text
//! cargo run --release -p benchmarks -- [--quick] [--only NAME[,NAME…]] [--no-compile]
//! ```
//!
//! Every scenario starts its own servers on 127.0.0.1 and prints one line on stdout,
//! `NAME measured=… target=… PASS|FAIL`, then the run ends with `N passed, M failed` (and
//! exit status 1 if any failed). Details — every round's figures, medians, the machine's
//! load — go to stderr, each line starting with `#`.
//!
//! | scenario | module |
//! |---|---|
//! | `cpu-per-item` | [`scenario::cpu_per_item`] |
//! | `compression` | [`scenario::compression`] |
//! | `prefetch` | [`scenario::prefetch`] |
//! | `streaming-memory` | [`scenario::streaming_memory`] |
//! | `digest-round-trips` | [`scenario::digest_round_trips`] |
//! | `marker-paging` | [`scenario::marker_paging`] |
//! | `throttling` | [`scenario::throttling`] |
//! | `compile-time` (full run only) | [`scenario::compile_time`] |
//!
//! `--quick` runs fewer rounds of every scenario but the same workloads, and skips
//! `compile-time`; it finishes within a minute on two cores. The full run gives the figures
//! in `docs/benchmarks.md`.
//!
//! The binary re-launches itself for the processes it measures from outside: `serve …` is
//! the page server ([`server`]) and `stream-client …` the listing whose peak RSS is taken
//! ([`scenario::streaming_memory`]). These sub-commands are internal.

mod fixtures;
mod measure;
mod report;
mod scenario;
mod server;

use report::Outcome;
use std::io::Write as _;
use std::process::ExitCode;

/// The error every part of the harness returns: a benchmark that cannot run reports why
/// and the run fails, rather than panicking.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The result type of the harness.
pub type Result<T, E = BoxError> = std::result::Result<T, E>;

/// How much work each scenario does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Fewer rounds, no compile-time measurement: within a minute on two cores.
    Quick,
    /// Every scenario with enough rounds for the recorded figures.
    Full,
}

impl Mode {
    /// `quick` rounds in quick mode, `full` otherwise.
    pub fn rounds(self, quick: usize, full: usize) -> usize {
        match self {
            Self::Quick => quick,
            Self::Full => full,
        }
    }
}

/// The command line of a benchmark run.
#[derive(Debug)]
struct Options {
    mode: Mode,
    only: Vec<String>,
    compile: bool,
}

impl Options {
    fn parse(args: &[String]) -> Result<Self> {
        let mut options = Self {
            mode: Mode::Full,
            only: Vec::new(),
            compile: true,
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--quick" => options.mode = Mode::Quick,
                "--no-compile" => options.compile = false,
                "--only" => {
                    let names = args.next().ok_or("--only needs a scenario name")?;
                    options
                        .only
                        .extend(names.split(',').map(str::trim).map(str::to_owned));
                }
                "-h" | "--help" => return Err(USAGE.into()),
                other => return Err(format!("unknown argument {other:?}\n{USAGE}").into()),
            }
        }
        for name in &options.only {
            if !scenario::NAMES.contains(&name.as_str()) {
                return Err(format!(
                    "unknown scenario {name:?}; scenarios: {}",
                    scenario::NAMES.join(", ")
                )
                .into());
            }
        }
        Ok(options)
    }

    fn selected(&self, name: &str) -> bool {
        if self.only.is_empty() {
            name != scenario::compile_time::NAME || (self.mode == Mode::Full && self.compile)
        } else {
            self.only.iter().any(|only| only == name)
        }
    }
}

const USAGE: &str = "usage: benchmarks [--quick] [--only NAME[,NAME…]] [--no-compile]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some(server::SUBCOMMAND) => server::serve_main(args.get(1..).unwrap_or_default()),
        Some(scenario::streaming_memory::SUBCOMMAND) => {
            scenario::streaming_memory::client_main(args.get(1..).unwrap_or_default())
        }
        _ => run(&args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            let _ = writeln!(std::io::stderr(), "benchmarks: {error}");
            ExitCode::from(2)
        }
    }
}

/// Runs the selected scenarios and prints their lines and the summary.
fn run(args: &[String]) -> Result<ExitCode> {
    let options = Options::parse(args)?;
    // The hand-written loops build plain reqwest clients, which need a process-wide rustls
    // provider; pkgruntime would install the same one (ring) for its own clients.
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
    report::note(format_args!(
        "mode {:?}; {}",
        options.mode,
        measure::machine_load()
    ));
    let mut outcomes: Vec<Outcome> = Vec::new();
    for (name, run_scenario) in scenario::ALL {
        if !options.selected(name) {
            continue;
        }
        let started = std::time::Instant::now();
        let outcome =
            run_scenario(options.mode).unwrap_or_else(|error| Outcome::error(name, &error));
        report::note(format_args!(
            "{name} took {:.1} s",
            started.elapsed().as_secs_f64()
        ));
        report::line(&outcome)?;
        outcomes.push(outcome);
    }
    let passed = outcomes.iter().filter(|outcome| outcome.passed).count();
    let failed = outcomes.len() - passed;
    report::summary(passed, failed)?;
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
