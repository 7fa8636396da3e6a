//! `pkgctl`: list, inspect and download packages from four vendor catalogues.
//!
//! ```text
//! pkgctl [--base-url URL] [--output table|json] [--page-size N] [--limit N] [--concurrency N] <vendor> <command>
//! pkgctl ocp list [--keyword K] [--type T]... [--version V]... [--os OS]... [--arch A]... [--sort name,asc]
//! pkgctl ocp download <ID> --dest <DIR>
//! pkgctl iotda list --project-id P --package-type softwarePackage|firmwarePackage [--app-id A] …
//! pkgctl appstore show --listing-version-id L --package-version-id P
//! pkgctl obcloud backup-sets --instance-id I [--start-time T] [--end-time T] [--download-enabled] [--project-id P]
//! ```
//!
//! Exit status: 0 on success; 2 for bad usage or input rejected before any request; 1 for
//! anything else (items already printed stay printed); 130 after Ctrl-C (SIGINT) and 143
//! after SIGTERM, once the command in progress is cancelled — a download's temporary file
//! removed. Errors are one stderr line starting `error:`. No secret is ever printed, also
//! with `RUST_LOG=trace`.

// A command-line program: printing is its job.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod appstore;
mod cli;
mod iotda;
mod obcloud;
mod ocp;
mod output;

use clap::Parser as _;
use clap::error::ErrorKind;
use std::process::ExitCode;

/// Why a command failed, which decides the exit status.
#[derive(Debug)]
pub enum Failure {
    /// Bad usage, or input rejected before any request was sent: exit status 2.
    Usage(String),
    /// Anything else: exit status 1.
    Failed(String),
    /// Stopped by a signal (its conventional exit status: 130 for SIGINT, 143 for SIGTERM).
    Interrupted(&'static str, u8),
}

impl Failure {
    /// Input rejected before sending anything.
    pub fn usage(error: impl std::fmt::Display) -> Self {
        Self::Usage(error.to_string())
    }

    /// A failure once requests were under way.
    pub fn failed(error: impl std::fmt::Display) -> Self {
        Self::Failed(error.to_string())
    }
}

/// Reads a credential from the environment.
pub fn env(name: &str, together_with: &str) -> Result<String, Failure> {
    match std::env::var(name) {
        Ok(value) if !value.is_empty() => Ok(value),
        _ => Err(Failure::Usage(format!(
            "environment variable `{name}` must be set ({together_with})"
        ))),
    }
}

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return usage_error(&error),
    };
    init_tracing();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: could not start the async runtime: {error}");
            return ExitCode::from(1);
        }
    };
    // On a signal, the command's future is dropped first: a download in progress removes
    // its temporary file as it is dropped.
    let outcome = runtime.block_on(async {
        tokio::select! {
            outcome = run(cli) => outcome,
            interrupted = interrupted() => Err(interrupted),
        }
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Interrupted(signal, status)) => {
            eprintln!("error: interrupted by {signal}");
            ExitCode::from(status)
        }
        Err(Failure::Usage(message)) => {
            eprintln!("error: {}", one_line(&message));
            ExitCode::from(2)
        }
        Err(Failure::Failed(message)) => {
            eprintln!("error: {}", one_line(&message));
            ExitCode::from(1)
        }
    }
}

/// Waits for SIGINT (Ctrl-C) or SIGTERM.
async fn interrupted() -> Failure {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut terminate) = signal(SignalKind::terminate()) {
            return tokio::select! {
                _ = tokio::signal::ctrl_c() => Failure::Interrupted("SIGINT", 130),
                _ = terminate.recv() => Failure::Interrupted("SIGTERM", 143),
            };
        }
    }
    match tokio::signal::ctrl_c().await {
        Ok(()) => Failure::Interrupted("SIGINT", 130),
        // No signal handling to be had: never interrupt.
        Err(_) => std::future::pending().await,
    }
}

async fn run(cli: cli::Cli) -> Result<(), Failure> {
    match cli.vendor {
        cli::Vendor::Ocp { command } => ocp::run(&cli.global, command).await,
        cli::Vendor::Iotda { command } => iotda::run(&cli.global, command).await,
        cli::Vendor::Appstore { command } => appstore::run(&cli.global, command).await,
        cli::Vendor::Obcloud { command } => obcloud::run(&cli.global, command).await,
    }
}

/// Help and version go to stdout with status 0; usage errors become one `error:` line and
/// status 2.
fn usage_error(error: &clap::Error) -> ExitCode {
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = error.print();
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = error.print();
            ExitCode::from(2)
        }
        _ => {
            let rendered = error.render().to_string();
            let message: Vec<&str> = rendered
                .lines()
                .take_while(|line| !line.trim().is_empty())
                .map(str::trim)
                .collect();
            let message = message.join(" ");
            let message = message.strip_prefix("error: ").unwrap_or(&message);
            eprintln!("error: {} (see pkgctl --help)", one_line(message));
            ExitCode::from(2)
        }
    }
}

/// Logs to stderr when `RUST_LOG` asks for them (e.g. `RUST_LOG=pkgruntime=debug`).
fn init_tracing() {
    if let Ok(filter) = tracing_subscriber::EnvFilter::try_from_default_env() {
        tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .init();
    }
}

/// Error messages are printed on a single line, any server text in them escaped (see
/// [`pkgsdk::runtime::printable`]).
fn one_line(message: &str) -> String {
    let line = message.split_whitespace().collect::<Vec<_>>().join(" ");
    pkgsdk::runtime::printable(&line).into_owned()
}
