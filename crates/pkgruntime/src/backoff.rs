//! [`ExponentialBackoff`] with full jitter, and the [`Jitter`] it draws with.
//!
//! The delay before retry *n* (1-based) is drawn uniformly from `0 ..= min(cap, base · 2ⁿ⁻¹)`
//! ("full jitter"), which spreads the retries of many clients apart. Defaults: base 500 ms,
//! cap 20 s. Tests switch jitter off (or inject their own) to get exact delays.
//!
//! ```
//! use pkgruntime::{ExponentialBackoff, Jitter};
//! use std::time::Duration;
//!
//! let backoff = ExponentialBackoff::default().jitter(Jitter::off());
//! assert_eq!(backoff.delay(1), Duration::from_millis(500));
//! assert_eq!(backoff.delay(3), Duration::from_secs(2));
//! assert_eq!(backoff.delay(20), Duration::from_secs(20)); // capped
//!
//! let jittered = ExponentialBackoff::default();
//! assert!(jittered.delay(2) <= Duration::from_secs(1));
//! ```

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// How a computed delay ceiling becomes the actual delay.
#[derive(Clone)]
pub struct Jitter(JitterKind);

#[derive(Clone)]
enum JitterKind {
    Full,
    Off,
    Custom(Arc<dyn Fn(Duration) -> Duration + Send + Sync>),
}

impl Jitter {
    /// Uniform in `0..=ceiling` (the default).
    pub fn full() -> Self {
        Self(JitterKind::Full)
    }

    /// Exactly the ceiling: deterministic delays.
    pub fn off() -> Self {
        Self(JitterKind::Off)
    }

    /// A custom draw, given the ceiling; the result is clamped to the ceiling.
    pub fn custom(draw: impl Fn(Duration) -> Duration + Send + Sync + 'static) -> Self {
        Self(JitterKind::Custom(Arc::new(draw)))
    }

    fn apply(&self, ceiling: Duration) -> Duration {
        match &self.0 {
            JitterKind::Full => {
                let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
                Duration::from_nanos(fastrand::u64(0..=nanos))
            }
            JitterKind::Off => ceiling,
            JitterKind::Custom(draw) => draw(ceiling).min(ceiling),
        }
    }
}

impl Default for Jitter {
    fn default() -> Self {
        Self::full()
    }
}

impl fmt::Debug for Jitter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.0 {
            JitterKind::Full => "Jitter::Full",
            JitterKind::Off => "Jitter::Off",
            JitterKind::Custom(_) => "Jitter::Custom",
        })
    }
}

/// Exponentially growing, capped, jittered delays between attempts.
#[derive(Clone, Debug)]
pub struct ExponentialBackoff {
    base: Duration,
    cap: Duration,
    jitter: Jitter,
}

impl Default for ExponentialBackoff {
    fn default() -> Self {
        Self {
            base: Duration::from_millis(500),
            cap: Duration::from_secs(20),
            jitter: Jitter::full(),
        }
    }
}

impl ExponentialBackoff {
    /// The ceiling of the first retry's delay; it doubles with every further retry.
    pub fn base(mut self, base: Duration) -> Self {
        self.base = base;
        self
    }

    /// The largest delay ever waited, also the limit applied to `Retry-After`.
    pub fn cap(mut self, cap: Duration) -> Self {
        self.cap = cap;
        self
    }

    /// How the delay is drawn below its ceiling.
    pub fn jitter(mut self, jitter: Jitter) -> Self {
        self.jitter = jitter;
        self
    }

    /// The largest delay ever waited.
    pub fn cap_value(&self) -> Duration {
        self.cap
    }

    /// The delay before retry number `retry` (1 = the first retry).
    pub fn delay(&self, retry: u32) -> Duration {
        let doublings = retry.saturating_sub(1).min(63);
        let ceiling = self
            .base
            .checked_mul(1_u32.checked_shl(doublings).unwrap_or(u32::MAX))
            .unwrap_or(self.cap)
            .min(self.cap);
        self.jitter.apply(ceiling)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_up_to_the_cap_without_overflow() {
        let backoff = ExponentialBackoff::default().jitter(Jitter::off());
        let delays: Vec<_> = (1..=8).map(|n| backoff.delay(n).as_millis()).collect();
        assert_eq!(delays, [500, 1000, 2000, 4000, 8000, 16000, 20000, 20000]);
        assert_eq!(backoff.delay(0), Duration::from_millis(500));
        assert_eq!(backoff.delay(u32::MAX), Duration::from_secs(20));
    }

    #[test]
    fn full_jitter_stays_below_the_ceiling() {
        let backoff = ExponentialBackoff::default();
        for retry in 1..=10 {
            let ceiling = ExponentialBackoff::default()
                .jitter(Jitter::off())
                .delay(retry);
            for _ in 0..100 {
                assert!(backoff.delay(retry) <= ceiling);
            }
        }
    }

    #[test]
    fn custom_jitter_is_clamped() {
        let half = ExponentialBackoff::default().jitter(Jitter::custom(|ceiling| ceiling / 2));
        assert_eq!(half.delay(2), Duration::from_millis(500));
        let wild =
            ExponentialBackoff::default().jitter(Jitter::custom(|_| Duration::from_secs(999)));
        assert_eq!(wild.delay(1), Duration::from_millis(500));
    }
}
