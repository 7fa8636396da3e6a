//! What a run prints: one result line per scenario on stdout, details on stderr.
//!
//! A result line is `NAME measured=VALUE target=VALUE PASS|FAIL`; values never contain
//! spaces, so the line splits on whitespace. Details start with `#`:
//!
//! ```text
//! # cpu-per-item round 1: pkgsdk 412.3 ms, reqwest 405.1 ms
//! cpu-per-item measured=1.018x target=<=1.10x PASS
//! 5 passed, 0 failed
//! ```

use crate::BoxError;
use std::fmt;
use std::io::Write as _;

/// The result of one scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// The scenario's name, e.g. `cpu-per-item`.
    pub name: &'static str,
    /// What was measured, e.g. `1.018x`.
    pub measured: String,
    /// The target it is held to, e.g. `<=1.10x`.
    pub target: String,
    /// Whether the target was met.
    pub passed: bool,
}

impl Outcome {
    /// An outcome; `passed` says whether `measured` meets `target`.
    pub fn new(
        name: &'static str,
        measured: impl Into<String>,
        target: impl Into<String>,
        passed: bool,
    ) -> Self {
        Self {
            name,
            measured: no_spaces(measured.into()),
            target: no_spaces(target.into()),
            passed,
        }
    }

    /// The outcome of a scenario that could not run: a failure, with the error on stderr.
    pub fn error(name: &'static str, error: &BoxError) -> Self {
        note(format_args!("{name} could not run: {error}"));
        Self::new(name, "error", "-", false)
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} measured={} target={} {}",
            self.name,
            self.measured,
            self.target,
            if self.passed { "PASS" } else { "FAIL" }
        )
    }
}

/// Keeps a value one whitespace-free token.
fn no_spaces(value: String) -> String {
    if value.contains(char::is_whitespace) {
        value.split_whitespace().collect::<Vec<_>>().join("_")
    } else {
        value
    }
}

/// Prints a scenario's result line on stdout.
pub fn line(outcome: &Outcome) -> Result<(), BoxError> {
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{outcome}")?;
    stdout.flush()?;
    Ok(())
}

/// Prints the final `N passed, M failed` line on stdout.
pub fn summary(passed: usize, failed: usize) -> Result<(), BoxError> {
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{passed} passed, {failed} failed")?;
    stdout.flush()?;
    Ok(())
}

/// Prints a detail line on stderr, after `# `. Failing to print a detail is ignored: it
/// must not change a benchmark's result.
pub fn note(details: fmt::Arguments<'_>) {
    let _ = writeln!(std::io::stderr().lock(), "# {details}");
}

/// A duration in milliseconds with one decimal, for details.
pub fn ms(duration: std::time::Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1e3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn result_lines_split_on_whitespace() {
        let outcome = Outcome::new("cpu-per-item", "1.018x", "<=1.10x", true);
        assert_eq!(
            outcome.to_string(),
            "cpu-per-item measured=1.018x target=<=1.10x PASS"
        );
        let failed = Outcome::new("prefetch", "5.9x (seq 1.0 s)", ">=6x", false);
        assert_eq!(
            failed.to_string(),
            "prefetch measured=5.9x_(seq_1.0_s) target=>=6x FAIL"
        );
    }
}
