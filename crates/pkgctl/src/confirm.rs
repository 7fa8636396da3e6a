//! Destructive commands: confirmation on a terminal, `--yes` elsewhere, and `--dry-run`.

use crate::Failure;
use crate::cli::Output;
use crate::context::Context;
use crate::output::{json_line, say};
use std::io::{BufRead as _, IsTerminal as _, Write as _};

/// Asks before `action` (e.g. "delete OCP software package 7"): proceeds with `--yes`,
/// asks on a terminal, and refuses — sending nothing — when stdin is not a terminal.
pub fn confirm(action: &str, yes: bool) -> Result<(), Failure> {
    if yes {
        return Ok(());
    }
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Err(Failure::Usage(format!(
            "refusing to {action} without confirmation: stdin is not a terminal, so pass --yes \
             (or --dry-run to see the request); nothing was sent"
        )));
    }
    let mut stderr = std::io::stderr().lock();
    write!(stderr, "{action}? [y/N] ")
        .and_then(|()| stderr.flush())
        .map_err(Failure::failed)?;
    let mut answer = String::new();
    stdin
        .lock()
        .read_line(&mut answer)
        .map_err(Failure::failed)?;
    if matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
        Ok(())
    } else {
        Err(Failure::Failed(format!("not confirmed: did not {action}")))
    }
}

/// The outcome of a call made with `dry_run(true)`: prints the request it described and
/// succeeds; any other result is returned as it is.
pub fn dry_run_outcome<T>(
    context: &Context,
    outcome: Result<T, pkgsdk::Error>,
) -> Result<Option<T>, Failure> {
    match outcome {
        Err(pkgsdk::Error::DryRun(request)) => {
            print_dry_run(context, &request)?;
            Ok(None)
        }
        Err(error) => Err(Failure::failed(error)),
        Ok(value) => Ok(Some(value)),
    }
}

/// Prints the request a dry run prepared: method and URL, headers (secrets redacted), the
/// credentials it would carry (described, never shown), and the body's size.
fn print_dry_run(context: &Context, request: &pkgsdk::runtime::DryRun) -> Result<(), Failure> {
    match context.global.output {
        Output::Json => {
            let headers: serde_json::Map<String, serde_json::Value> = request
                .headers
                .iter()
                .map(|(name, value)| (name.clone(), value.clone().into()))
                .collect();
            let json = serde_json::json!({
                "dry_run": true,
                "operation": request.operation,
                "method": request.method.as_str(),
                "url": request.url.as_str(),
                "headers": headers,
                "credentials": request.credentials,
                "body_bytes": request.body_bytes,
            });
            json_line(&json.to_string()).map_err(Failure::failed)
        }
        Output::Table => {
            say(&format!("{} {}", request.method, request.url))?;
            for (name, value) in &request.headers {
                say(&format!("{name}: {value}"))?;
            }
            say(&format!("credentials: {}", request.credentials))?;
            match request.body_bytes {
                Some(0) => {}
                Some(bytes) => say(&format!("body: {bytes} bytes"))?,
                None => say("body: streamed from the file")?,
            }
            say("dry run: nothing was sent")
        }
    }
}
