//! Progress on stderr — a spinner with a running count for listings, a bar for downloads and
//! uploads — drawn only when stderr is a terminal, for table output, without `--quiet`:
//! never in pipes, logs or `--output json`.

use crate::context::Context;
use indicatif::{ProgressBar, ProgressStyle};
use std::time::Duration;

/// A spinner counting the items listed so far (or nothing, off a terminal).
pub struct Spinner(Option<ProgressBar>);

impl Spinner {
    /// Starts a spinner if progress is shown.
    pub fn start(context: &Context) -> Self {
        Self(context.shows_progress().then(|| {
            let spinner = ProgressBar::new_spinner();
            spinner.set_style(
                ProgressStyle::with_template("{spinner} {pos} listed ({elapsed})")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            spinner.enable_steady_tick(Duration::from_millis(120));
            spinner
        }))
    }

    /// `count` items so far.
    pub fn set(&self, count: u64) {
        if let Some(spinner) = &self.0 {
            spinner.set_position(count);
        }
    }

    /// Clears the spinner.
    pub fn finish(&self) {
        if let Some(spinner) = &self.0 {
            spinner.finish_and_clear();
        }
    }
}

/// A bar of bytes transferred (or nothing, off a terminal).
#[derive(Clone)]
pub struct Bar(Option<ProgressBar>);

impl Bar {
    /// Starts a bar of `total` bytes, if known, when progress is shown.
    pub fn start(context: &Context, total: Option<u64>) -> Self {
        Self(context.shows_progress().then(|| {
            let bar = ProgressBar::new(total.unwrap_or(0));
            bar.set_style(
                ProgressStyle::with_template(
                    "{bar:40} {bytes}/{total_bytes} {bytes_per_sec} {eta}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar
        }))
    }

    /// Whether a bar is drawn.
    pub fn is_shown(&self) -> bool {
        self.0.is_some()
    }

    /// `done` bytes of `total` so far.
    pub fn update(&self, done: u64, total: Option<u64>) {
        if let Some(bar) = &self.0 {
            if let Some(total) = total {
                bar.set_length(total);
            }
            bar.set_position(done);
        }
    }

    /// Clears the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
