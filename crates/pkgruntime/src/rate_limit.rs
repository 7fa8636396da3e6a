//! [`RateLimit`]: client-side rate limiting shared by the requests that hold it.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::time::Instant;

/// Client-side rate limiting, shared by every request that holds it, that
/// slows down when the server throttles and recovers when it stops.
///
/// A token bucket: up to [`burst`](Self::new) requests at once, then
/// `requests_per_second` on average. Every attempt — retries included — takes a token
/// first, waiting for one when the bucket is empty. It is the AWS SDKs' "adaptive" idea in
/// its simplest form: a throttling answer (HTTP 429, or 503 with `Retry-After`) halves the
/// current rate (never below a twentieth of the configured one); each success raises it by
/// a twentieth of the configured rate, up to the configured rate.
///
/// One `RateLimit` is shared by every clone of the client it is given to, and — on purpose —
/// by every client given a clone of it (several clients of one account behind one vendor
/// quota). Off by default: the vendors publish no client quota, and a limit that is wrong
/// for an account only slows it down.
///
/// ```
/// use pkgruntime::RateLimit;
///
/// // Huawei's API gateway, shared by all the clients of one account.
/// let account = RateLimit::new(20, 5);
/// assert_eq!(account.current_rate(), 20.0);
/// # let _ = account;
/// ```
#[derive(Clone, Debug)]
pub struct RateLimit {
    bucket: Arc<Mutex<Bucket>>,
}

#[derive(Debug)]
struct Bucket {
    configured: f64,
    rate: f64,
    burst: f64,
    tokens: f64,
    refilled: Option<Instant>,
    adaptive: bool,
}

impl RateLimit {
    /// At most `requests_per_second` on average, `burst` at once (both at least 1), adaptive.
    pub fn new(requests_per_second: u32, burst: u32) -> Self {
        let rate = f64::from(requests_per_second.max(1));
        let burst = f64::from(burst.max(1));
        Self {
            bucket: Arc::new(Mutex::new(Bucket {
                configured: rate,
                rate,
                burst,
                tokens: burst,
                refilled: None,
                adaptive: true,
            })),
        }
    }

    /// Whether throttling answers slow the rate down (default `true`).
    pub fn adaptive(self, adaptive: bool) -> Self {
        self.lock().adaptive = adaptive;
        self
    }

    /// The rate in force now, in requests per second.
    pub fn current_rate(&self) -> f64 {
        self.lock().rate
    }

    /// Waits for a token.
    pub(crate) async fn acquire(&self) {
        loop {
            let wait = {
                let mut bucket = self.lock();
                let now = Instant::now();
                bucket.refill(now);
                if bucket.tokens >= 1.0 {
                    bucket.tokens -= 1.0;
                    return;
                }
                // At least the timer's 1 ms: a wait rounded down to nothing would spin.
                Duration::from_secs_f64((1.0 - bucket.tokens) / bucket.rate)
                    .max(Duration::from_millis(1))
            };
            tokio::time::sleep(wait).await;
        }
    }

    /// The server throttled a request: halve the rate (adaptive limits only).
    pub(crate) fn throttled(&self) {
        let mut bucket = self.lock();
        if bucket.adaptive {
            bucket.refill(Instant::now());
            let floor = bucket.configured / 20.0;
            bucket.rate = (bucket.rate / 2.0).max(floor);
            tracing::debug!(rate = bucket.rate, "throttled: rate limit lowered");
        }
    }

    /// A request succeeded: recover towards the configured rate.
    pub(crate) fn succeeded(&self) {
        let mut bucket = self.lock();
        if bucket.adaptive && bucket.rate < bucket.configured {
            bucket.refill(Instant::now());
            bucket.rate = (bucket.rate + bucket.configured / 20.0).min(bucket.configured);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Bucket> {
        self.bucket.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Bucket {
    /// Adds the tokens earned since the last refill, up to the burst.
    fn refill(&mut self, now: Instant) {
        if let Some(last) = self.refilled {
            let earned = now.duration_since(last).as_secs_f64() * self.rate;
            self.tokens = (self.tokens + earned).min(self.burst);
        }
        self.refilled = Some(now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn fifty_tasks_share_twenty_requests_a_second() {
        let limit = RateLimit::new(20, 1);
        let start = Instant::now();
        let tasks: Vec<_> = (0..50)
            .map(|_| {
                let limit = limit.clone();
                tokio::spawn(async move {
                    for _ in 0..4 {
                        limit.acquire().await;
                    }
                })
            })
            .collect();
        for task in tasks {
            task.await.unwrap();
        }
        // 200 tokens: one at once, then 199 at 20 a second.
        assert!(
            start.elapsed() >= Duration::from_secs_f64(199.0 / 20.0),
            "{:?}",
            start.elapsed()
        );
        assert!(
            start.elapsed() < Duration::from_secs(11),
            "{:?}",
            start.elapsed()
        );
    }

    #[tokio::test(start_paused = true)]
    async fn throttling_halves_the_rate_and_successes_restore_it() {
        let limit = RateLimit::new(40, 1);
        limit.throttled();
        limit.throttled();
        assert!((limit.current_rate() - 10.0).abs() < 1e-9);
        for _ in 0..100 {
            limit.throttled();
        }
        assert!(
            (limit.current_rate() - 2.0).abs() < 1e-9,
            "never below a twentieth"
        );
        for _ in 0..19 {
            limit.succeeded();
        }
        assert!((limit.current_rate() - 40.0).abs() < 1e-9);
        limit.succeeded();
        assert!(
            (limit.current_rate() - 40.0).abs() < 1e-9,
            "never above the configured rate"
        );
        let fixed = RateLimit::new(40, 1).adaptive(false);
        fixed.throttled();
        assert!((fixed.current_rate() - 40.0).abs() < 1e-9);
    }
}
