//! [`LowSpeedLimit`]: a streamed body (a download) that stays below a transfer rate for too
//! long fails, as curl's `--speed-limit`/`--speed-time` make it.
//!
//! The idle time-out only bounds the gap between two chunks; a server that trickles one
//! byte every few seconds never trips it and keeps a download alive for ever. The meter
//! below measures the rate over consecutive windows of `period`: a window that ends with
//! fewer than `bytes_per_second × period` bytes fails the transfer with a
//! [`TimeoutKind::LowSpeed`](crate::TimeoutKind::LowSpeed) time-out.
//!
//! The default, 1 KiB/s over 60 s, only catches a transfer that has all but stopped: a
//! package of several GiB on a slow link (1 Mbit/s is 125 KB/s) is far above it.
//!
//! ```
//! use pkgruntime::{LowSpeedLimit, Timeouts};
//! use std::time::Duration;
//!
//! let strict = Timeouts::default().low_speed(LowSpeedLimit::new(64 * 1024, Duration::from_secs(20)));
//! assert_eq!(strict.low_speed_limit().unwrap().bytes_per_second(), 64 * 1024);
//! assert_eq!(Timeouts::default().low_speed(None).low_speed_limit(), None);
//! ```

use crate::{Error, TimeoutError, TimeoutKind};
use std::time::Duration;
use tokio::time::Instant;

/// A minimum transfer rate, measured over `period`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LowSpeedLimit {
    bytes_per_second: u64,
    period: Duration,
}

impl LowSpeedLimit {
    /// Fail a transfer that moves fewer than `bytes_per_second` on average over any
    /// window of `period` (at least 1 ms).
    pub fn new(bytes_per_second: u64, period: Duration) -> Self {
        Self {
            bytes_per_second,
            period: period.max(Duration::from_millis(1)),
        }
    }

    /// The minimum rate.
    pub fn bytes_per_second(&self) -> u64 {
        self.bytes_per_second
    }

    /// The window it is measured over.
    pub fn period(&self) -> Duration {
        self.period
    }

    /// The fewest bytes a whole window must move.
    fn bytes_per_window(&self) -> u128 {
        u128::from(self.bytes_per_second) * self.period.as_millis() / 1000
    }
}

impl Default for LowSpeedLimit {
    /// 1 KiB/s over 60 s.
    fn default() -> Self {
        Self::new(1024, Duration::from_secs(60))
    }
}

/// Measures a transfer against a [`LowSpeedLimit`], one window at a time.
#[derive(Debug)]
pub(crate) struct SpeedMeter {
    limit: LowSpeedLimit,
    window_start: Instant,
    window_bytes: u128,
}

impl SpeedMeter {
    /// A meter whose first window starts now.
    pub(crate) fn start(limit: LowSpeedLimit) -> Self {
        Self {
            limit,
            window_start: Instant::now(),
            window_bytes: 0,
        }
    }

    /// When the current window ends.
    pub(crate) fn window_end(&self) -> Instant {
        self.window_start + self.limit.period
    }

    /// Counts `bytes` that arrived, then checks any window that has ended.
    pub(crate) fn record(&mut self, bytes: usize) -> Result<(), Error> {
        self.window_bytes = self
            .window_bytes
            .saturating_add(u128::try_from(bytes).unwrap_or(u128::MAX));
        self.check()
    }

    /// Fails if the window that ended moved too little; otherwise starts the next one.
    pub(crate) fn check(&mut self) -> Result<(), Error> {
        let now = Instant::now();
        if now < self.window_end() {
            return Ok(());
        }
        if self.window_bytes < self.limit.bytes_per_window() {
            return Err(TimeoutError::new(
                TimeoutKind::LowSpeed {
                    bytes_per_second: self.limit.bytes_per_second,
                },
                self.limit.period,
            )
            .into());
        }
        self.window_start = now;
        self.window_bytes = 0;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_window_below_the_rate_fails_and_one_above_starts_the_next() {
        let mut meter = SpeedMeter::start(LowSpeedLimit::new(100, Duration::from_secs(10)));
        meter.record(600).unwrap();
        tokio::time::advance(Duration::from_secs(10)).await;
        // 600 of the 1,000 a window needs.
        meter.record(300).unwrap_err();

        let mut meter = SpeedMeter::start(LowSpeedLimit::new(100, Duration::from_secs(10)));
        meter.record(700).unwrap();
        tokio::time::advance(Duration::from_secs(5)).await;
        meter.record(300).unwrap();
        tokio::time::advance(Duration::from_secs(5)).await;
        meter.check().unwrap();
        // A new window, empty so far.
        tokio::time::advance(Duration::from_secs(10)).await;
        let error = meter.check().unwrap_err();
        assert_eq!(
            error.to_string(),
            "timed out: the transfer, below 100 bytes/s, took longer than 10s"
        );
    }

    #[test]
    fn a_zero_rate_never_fails_and_the_period_has_a_floor() {
        assert_eq!(LowSpeedLimit::new(0, Duration::ZERO).bytes_per_window(), 0);
        assert_eq!(
            LowSpeedLimit::new(1, Duration::ZERO).period(),
            Duration::from_millis(1)
        );
    }
}
