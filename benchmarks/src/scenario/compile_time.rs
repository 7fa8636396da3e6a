//! `compile-time` (full run only): cold debug builds, each with a fresh `CARGO_TARGET_DIR`
//! under the system temporary directory (deleted afterwards), timed wall-clock and in CPU:
//!
//! 1. **hand-written**: a crate holding the hand-written loop of this benchmark, depending
//!    only on what such code needs — `reqwest` (the workspace's features, rustls with the
//!    ring provider), `rustls`, `tokio`, `serde` and `serde_json` — resolved to the
//!    workspace's locked versions;
//! 2. **`cargo build -p ocp-client`**: the SDK runtime and one client;
//! 3. **`cargo build --workspace`**: every crate, binaries included.
//!
//! The TLS provider is rustls with ring in all three (pkgsdk's default feature `rustls`);
//! aws-lc-rs, reqwest's default, is not built. The figure held to a target is the
//! ocp-client build's wall time over the hand-written crate's, measured side by side:
//! what depending on pkgsdk costs over depending on reqwest yourself. The issue sets no
//! number; the budget here is 1.5×. The workspace build is recorded.
//!
//! Other builds on the machine distort wall-clock times, so before each build the scenario
//! waits (up to five minutes) until no `rustc` process is running, and notes the load.

use crate::report::{self, Outcome};
use crate::{Mode, Result, measure};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The scenario's name.
pub const NAME: &str = "compile-time";

/// The largest acceptable ratio of the ocp-client build to the hand-written crate's.
const TARGET: f64 = 1.5;

/// How long to wait for other builds to finish before measuring anyway.
const QUIET_WAIT: Duration = Duration::from_secs(300);

/// The hand-written crate's manifest: the workspace's `reqwest`, `rustls` and `tokio`
/// settings, and a `[workspace]` of its own.
const HAND_MANIFEST: &str = r#"[package]
name = "hand-written-reqwest"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
reqwest = { version = "0.13", default-features = false, features = ["http2", "charset", "system-proxy", "stream", "rustls-no-provider"] }
rustls = { version = "0.23", default-features = false, features = ["ring", "std", "tls12", "logging"] }
tokio = { version = "1.43", default-features = false, features = ["macros", "rt-multi-thread"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"

[workspace]
"#;

/// The hand-written crate's code: the loop `cpu-per-item` measures, with its own struct.
const HAND_MAIN: &str = r#"use serde::Deserialize;

#[derive(Deserialize)]
struct Envelope { data: Data }
#[derive(Deserialize)]
struct Data { contents: Vec<Package>, page: PageInfo }
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PageInfo { total_pages: u64 }
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Package { id: u64, name: Option<String>, file_name: Option<String>, size: Option<u64>, sha1: Option<String> }

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let endpoint = std::env::args().nth(1).unwrap_or_else(|| "http://127.0.0.1:8080".to_owned());
    let client = reqwest::Client::new();
    let mut page = 1;
    loop {
        let body = client
            .get(format!("{endpoint}/api/v2/software-packages?page={page}&size=2000"))
            .basic_auth("admin", Some("password"))
            .send().await?.error_for_status()?.bytes().await?;
        let envelope: Envelope = serde_json::from_slice(&body)?;
        for package in envelope.data.contents {
            println!("{} {:?} {:?} {:?} {:?}", package.id, package.name, package.file_name, package.size, package.sha1);
        }
        if page >= envelope.data.page.total_pages { return Ok(()); }
        page += 1;
    }
}
"#;

/// One timed build.
struct Build {
    label: &'static str,
    wall: Duration,
    cpu: Duration,
}

/// Runs the scenario.
pub fn run(_mode: Mode) -> Result<Outcome> {
    let workspace = workspace_root()?;
    let scratch = std::env::temp_dir().join(format!("pkgsdk-compile-time-{}", std::process::id()));
    let result = measure_builds(&workspace, &scratch);
    // Leave nothing behind, whatever happened.
    let _ = std::fs::remove_dir_all(&scratch);
    let [hand, ocp, everything] = result?;
    let ratio = measure::ratio(ocp.wall, hand.wall);
    for build in [&hand, &ocp, &everything] {
        report::note(format_args!(
            "{NAME} {}: {:.1} s wall, {:.1} s cpu",
            build.label,
            build.wall.as_secs_f64(),
            build.cpu.as_secs_f64()
        ));
    }
    Ok(Outcome::new(
        NAME,
        format!(
            "ocp-client:{:.1}s({ratio:.2}x_hand-written:{:.1}s),workspace:{:.1}s",
            ocp.wall.as_secs_f64(),
            hand.wall.as_secs_f64(),
            everything.wall.as_secs_f64()
        ),
        format!("ocp-client<={TARGET:.2}x_hand-written"),
        ratio <= TARGET,
    ))
}

/// The workspace this benchmark belongs to.
fn workspace_root() -> Result<PathBuf> {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .ok_or_else(|| "the benchmarks crate has no parent directory".into())
}

/// The three cold builds, under `scratch`.
fn measure_builds(workspace: &Path, scratch: &Path) -> Result<[Build; 3]> {
    let hand_dir = scratch.join("hand-written");
    std::fs::create_dir_all(hand_dir.join("src"))?;
    std::fs::write(hand_dir.join("Cargo.toml"), HAND_MANIFEST)?;
    std::fs::write(hand_dir.join("src").join("main.rs"), HAND_MAIN)?;
    // The workspace's lock file pins the same versions; cargo drops the entries not needed.
    std::fs::copy(workspace.join("Cargo.lock"), hand_dir.join("Cargo.lock"))?;

    let hand = cold_build(
        "hand-written reqwest crate",
        &hand_dir,
        &[],
        &scratch.join("target-hand"),
    )?;
    let ocp = cold_build(
        "cargo build -p ocp-client",
        workspace,
        &["-p", "ocp-client"],
        &scratch.join("target-ocp"),
    )?;
    let everything = cold_build(
        "cargo build --workspace",
        workspace,
        &["--workspace"],
        &scratch.join("target-workspace"),
    )?;
    Ok([hand, ocp, everything])
}

/// `cargo build --offline <args>` in `dir` with an empty target directory.
fn cold_build(label: &'static str, dir: &Path, args: &[&str], target: &Path) -> Result<Build> {
    wait_for_quiet();
    report::note(format_args!(
        "{NAME} {label}: starting; {}",
        measure::machine_load()
    ));
    let _ = std::fs::remove_dir_all(target);
    let cpu_before = measure::children_cpu()?;
    let started = Instant::now();
    let status = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["build", "--offline", "--quiet"])
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTC_WRAPPER")
        .env_remove("RUSTFLAGS")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .status()?;
    let wall = started.elapsed();
    let cpu = measure::children_cpu()?.saturating_sub(cpu_before);
    let _ = std::fs::remove_dir_all(target);
    if !status.success() {
        return Err(format!("{label} failed ({status})").into());
    }
    Ok(Build { label, wall, cpu })
}

/// Waits until no `rustc` process runs (someone else's build), for at most [`QUIET_WAIT`].
fn wait_for_quiet() {
    let started = Instant::now();
    let mut said = false;
    while measure::rustc_processes() > 0 && started.elapsed() < QUIET_WAIT {
        if !said {
            report::note(format_args!(
                "{NAME}: waiting for other builds to finish (up to {} s)",
                QUIET_WAIT.as_secs()
            ));
            said = true;
        }
        std::thread::sleep(Duration::from_secs(5));
    }
}
