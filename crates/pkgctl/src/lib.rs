//! `pkgctl`: list, inspect, download, upload and delete packages in four vendor catalogues
//! — OceanBase Cloud Platform (OCP), Huawei Cloud IoTDA, Oracle Cloud Marketplace and
//! OceanBase Cloud — from a shell, with the library's retries, time-outs and checks.
//!
//! ```text
//! cargo install pkgctl           # or: cargo install --path crates/pkgctl
//! pkgctl --help
//! pkgctl ocp list | show <ID> | download <ID> --dest DIR | upload FILE | delete <ID>
//! pkgctl iotda list | show <PACKAGE_ID> | create … | delete <PACKAGE_ID>
//! pkgctl appstore applications | packages --listing-id L | show … | delete …
//! pkgctl obcloud backup-sets | backup-set <ID> | instances
//! pkgctl catalog [--vendor V]… [--name-contains TEXT] [--kind K]…
//! pkgctl config show | completions <SHELL> | man
//! ```
//!
//! Exit status: 0 on success; 2 for bad usage or input rejected before any request; 1 for
//! anything else (items already printed stay printed); 130 after Ctrl-C (SIGINT) and 143
//! after SIGTERM, once the command in progress is cancelled — a download's temporary file
//! removed. Errors are one stderr line starting `error:`. No secret is ever printed, also
//! with `-vv`. See `docs/cli.md` for every command, profiles and an example session.
//!
//! The library part of this crate is the program itself ([`main`]) and its table printer
//! ([`table`]), which the workspace's demo shares:
//!
//! ```
//! use pkgctl::table::{Table, bytes};
//!
//! let mut table = Table::new(&["ID", "SIZE"]);
//! table.push(vec!["7".into(), bytes(Some(1536))]);
//! assert_eq!(table.render(), "ID  SIZE\n7   1.5 KiB\n");
//! ```

// A command-line program: printing is its job.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod appstore;
mod catalog;
mod cli;
mod config;
mod config_show;
mod confirm;
mod context;
mod iotda;
mod obcloud;
mod ocp;
mod output;
mod progress;
pub mod table;

use clap::error::ErrorKind;
use clap::{CommandFactory as _, Parser as _};
use context::Context;
use std::process::ExitCode;

/// Every credential `pkgctl` reads, by the name of its environment variable (the
/// profile's credentials file uses the same names).
pub use config::CREDENTIALS as CREDENTIAL_VARIABLES;

/// Why a command failed, which decides the exit status.
#[derive(Debug)]
enum Failure {
    /// Bad usage, or input rejected before any request was sent: exit status 2.
    Usage(String),
    /// Anything else: exit status 1.
    Failed(String),
    /// Stopped by a signal (its conventional exit status: 130 for SIGINT, 143 for SIGTERM).
    Interrupted(&'static str, u8),
}

impl Failure {
    /// Input rejected before sending anything.
    fn usage(error: impl std::fmt::Display) -> Self {
        Self::Usage(error.to_string())
    }

    /// A failure once requests were under way — except pkgsdk's own rejection of bad
    /// input, which sent nothing and is a usage error.
    fn failed<E: std::fmt::Display + 'static>(error: E) -> Self {
        let rejected_input = (&error as &dyn std::any::Any)
            .downcast_ref::<pkgsdk::Error>()
            .is_some_and(|error| error.invalid_field().is_some());
        if rejected_input {
            Self::Usage(error.to_string())
        } else {
            Self::Failed(error.to_string())
        }
    }
}

/// Runs `pkgctl` with the process's arguments and environment, and returns its exit status.
pub fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return usage_error(&error),
    };
    init_tracing(cli.global.verbose);
    // One thread: a CLI's work is one request or one listing at a time, and the
    // multi-thread runtime costs about 1.3x the CPU per listed item (docs/cli.md).
    let runtime = match tokio::runtime::Builder::new_current_thread()
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
    use cli::Command;
    // Commands that need no configuration.
    match cli.command {
        Command::Completions { shell } => {
            let mut command = cli::Cli::command();
            clap_complete::generate(shell, &mut command, "pkgctl", &mut std::io::stdout());
            return Ok(());
        }
        Command::Man => {
            return clap_mangen::Man::new(cli::Cli::command())
                .render(&mut std::io::stdout())
                .map_err(Failure::failed);
        }
        _ => {}
    }
    let settings =
        config::Settings::load(cli.global.config.as_deref(), cli.global.profile.as_deref())?;
    let context = Context {
        global: cli.global,
        settings,
    };
    if context.insecure() {
        // Said even with --quiet: this is not a detail.
        eprintln!(
            "warning: --insecure: TLS certificates are not verified; anyone on the path can \
             impersonate the server and read the credentials"
        );
    }
    match cli.command {
        Command::Ocp { command } => ocp::run(&context, command).await,
        Command::Iotda { target, command } => iotda::run(&context, &target, command).await,
        Command::Appstore { command } => appstore::run(&context, command).await,
        Command::Obcloud { target, command } => obcloud::run(&context, &target, command).await,
        Command::Catalog(args) => catalog::run(&context, args).await,
        Command::Config {
            command: cli::ConfigCommand::Show,
        } => config_show::run(&context),
        Command::Completions { .. } | Command::Man => Ok(()),
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

/// Logs to stderr: `-v` at INFO (each request), `-vv` at DEBUG (each attempt and page),
/// else whatever `RUST_LOG` asks for (e.g. `RUST_LOG=pkgruntime=trace`). pkgsdk's events
/// never carry a secret.
fn init_tracing(verbose: u8) {
    let filter = match verbose {
        0 => match tracing_subscriber::EnvFilter::try_from_default_env() {
            Ok(filter) => filter,
            Err(_) => return,
        },
        1 => tracing_subscriber::EnvFilter::new("info"),
        _ => tracing_subscriber::EnvFilter::new("debug"),
    };
    // Each request (and with -vv each attempt and page) is one line as it ends, with its
    // fields and how long it took.
    let spans = if verbose > 0 {
        tracing_subscriber::fmt::format::FmtSpan::CLOSE
    } else {
        tracing_subscriber::fmt::format::FmtSpan::NONE
    };
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_span_events(spans)
        .with_writer(std::io::stderr)
        .init();
}

/// Error messages are printed on a single line, any server text in them escaped (see
/// [`pkgsdk::runtime::printable`]).
fn one_line(message: &str) -> String {
    let line = message.split_whitespace().collect::<Vec<_>>().join(" ");
    pkgsdk::runtime::printable(&line).into_owned()
}
