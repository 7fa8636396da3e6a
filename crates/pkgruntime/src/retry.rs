//! [`RetryPolicy`]: which failures are retried, how often, and how long to wait.
//!
//! By default an operation gets 3 attempts. A failure is retried when the request is
//! idempotent (GET, PUT, DELETE, … — never a plain POST) and the error
//! [is retryable](crate::Error::is_retryable): a connection failure, a connect or attempt
//! time-out, or HTTP 408, 429, 500, 502, 503 or 504. The wait is the server's
//! `Retry-After` (seconds or HTTP-date) when it sent one, clamped to the back-off cap, and
//! otherwise an [`ExponentialBackoff`] delay with full jitter.
//!
//! ```
//! use pkgruntime::{ExponentialBackoff, Jitter, RetryPolicy};
//! use std::time::Duration;
//!
//! let patient = RetryPolicy::default()
//!     .max_attempts(5)
//!     .backoff(ExponentialBackoff::default().base(Duration::from_secs(1)).jitter(Jitter::off()));
//! let never = RetryPolicy::disabled();
//! # let _ = (patient, never);
//! ```

use crate::timeout::Deadline;
use crate::{Error, ExponentialBackoff, RetryBudget};
use std::future::Future;
use std::time::Duration;
use tracing::{Instrument as _, field};

/// When and how failed attempts are retried.
#[derive(Clone, Debug)]
pub struct RetryPolicy {
    max_attempts: u32,
    backoff: ExponentialBackoff,
    budget: Option<RetryBudget>,
}

impl Default for RetryPolicy {
    /// 3 attempts, the default back-off, and a [`RetryBudget`] of 500 tokens shared by
    /// the policy's clones.
    fn default() -> Self {
        Self {
            max_attempts: 3,
            backoff: ExponentialBackoff::default(),
            budget: Some(RetryBudget::default()),
        }
    }
}

impl RetryPolicy {
    /// One attempt, never retried.
    pub fn disabled() -> Self {
        Self::default().max_attempts(1)
    }

    /// The most attempts one operation makes, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The delays between attempts.
    pub fn backoff(mut self, backoff: ExponentialBackoff) -> Self {
        self.backoff = backoff;
        self
    }

    /// Retries draw on `budget`, shared with every other policy (and client) given a clone
    /// of it; see [`RetryBudget`].
    pub fn budget(mut self, budget: RetryBudget) -> Self {
        self.budget = Some(budget);
        self
    }

    /// Retries are limited by [`max_attempts`](Self::max_attempts) only, however many
    /// operations fail.
    pub fn without_budget(mut self) -> Self {
        self.budget = None;
        self
    }

    /// The retry budget, if any.
    pub fn retry_budget(&self) -> Option<&RetryBudget> {
        self.budget.as_ref()
    }

    /// The longest wait between attempts (also the limit on `Retry-After`).
    pub fn max_delay(&self) -> Duration {
        self.backoff.cap_value()
    }

    /// The wait before the attempt after `attempt` (1-based) failed with `error`, or `None`
    /// when the failure is final.
    pub fn delay_after(&self, attempt: u32, error: &Error, idempotent: bool) -> Option<Duration> {
        if !idempotent || attempt >= self.max_attempts || !error.is_retryable() {
            return None;
        }
        Some(match error.retry_after() {
            Some(asked) => asked.min(self.max_delay()),
            None => self.backoff.delay(attempt),
        })
    }

    /// Runs `attempt` (given its 1-based number) until it succeeds or fails for good, each
    /// attempt in its own `attempt` span recording its number and retry delay (the transport
    /// records the status).
    ///
    /// A back-off delay that would end past the operation's `deadline` waits for the
    /// deadline and fails with the operation time-out.
    pub(crate) async fn run<T, F, Fut>(
        &self,
        idempotent: bool,
        deadline: Option<Deadline>,
        mut attempt: F,
    ) -> Result<T, Error>
    where
        F: FnMut(u32) -> Fut,
        Fut: Future<Output = Result<T, Error>>,
    {
        let mut number = 1;
        let mut retries_cost = 0_u32;
        loop {
            let span = tracing::debug_span!(
                "attempt",
                attempt = number,
                status = field::Empty,
                retry_delay_ms = field::Empty
            );
            let error = match attempt(number).instrument(span.clone()).await {
                Ok(value) => {
                    if let Some(budget) = &self.budget {
                        budget.deposit(retries_cost);
                    }
                    return Ok(value);
                }
                Err(error) => error,
            };
            let Some(delay) = self.delay_after(number, &error, idempotent) else {
                return Err(error);
            };
            if let Some(budget) = &self.budget {
                let Some(cost) = budget.withdraw(&error) else {
                    tracing::debug!(parent: &span, %error, "retry budget exhausted; not retrying");
                    return Err(error);
                };
                retries_cost = retries_cost.saturating_add(cost);
            }
            span.record(
                "retry_delay_ms",
                u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
            );
            tracing::debug!(parent: &span, %error, ?delay, "attempt failed; retrying");
            let wake = tokio::time::Instant::now() + delay;
            match deadline {
                Some(deadline) if wake >= deadline.at() => {
                    tokio::time::sleep_until(deadline.at()).await;
                    return Err(deadline.error());
                }
                _ => tokio::time::sleep_until(wake).await,
            }
            number += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ApiError, Jitter, TimeoutError, TimeoutKind};
    use http::StatusCode;
    use std::sync::atomic::{AtomicU32, Ordering};
    use tokio::time::Instant;

    fn api(status: u16, retry_after: Option<u64>) -> Error {
        let mut error = ApiError::new(StatusCode::from_u16(status).unwrap(), b"");
        error.retry_after = retry_after.map(Duration::from_secs);
        error.into()
    }

    fn exact() -> RetryPolicy {
        RetryPolicy::default().backoff(ExponentialBackoff::default().jitter(Jitter::off()))
    }

    /// Fails with `errors` in turn, then succeeds; counts the attempts.
    async fn run_through(
        policy: &RetryPolicy,
        idempotent: bool,
        errors: Vec<Error>,
    ) -> (Result<u32, Error>, u32) {
        let calls = AtomicU32::new(0);
        let errors = std::sync::Mutex::new(errors.into_iter());
        let result = policy
            .run(idempotent, None, |number| {
                calls.fetch_add(1, Ordering::SeqCst);
                let next = errors.lock().unwrap().next();
                async move {
                    match next {
                        Some(error) => Err(error),
                        None => Ok(number),
                    }
                }
            })
            .await;
        (result, calls.load(Ordering::SeqCst))
    }

    #[tokio::test(start_paused = true)]
    async fn retries_each_retryable_status_with_exponential_delays() {
        for status in [408, 429, 500, 502, 503, 504] {
            let start = Instant::now();
            let (result, calls) =
                run_through(&exact(), true, vec![api(status, None), api(status, None)]).await;
            assert_eq!(result.unwrap(), 3, "{status}");
            assert_eq!(calls, 3);
            // 500 ms before the second attempt, 1 s before the third.
            assert_eq!(start.elapsed(), Duration::from_millis(1500), "{status}");
        }
    }

    #[tokio::test(start_paused = true)]
    async fn gives_up_after_max_attempts_with_the_last_error() {
        let (result, calls) = run_through(
            &exact(),
            true,
            vec![api(503, None), api(502, None), api(504, None)],
        )
        .await;
        assert_eq!(
            result.unwrap_err().status(),
            Some(StatusCode::GATEWAY_TIMEOUT)
        );
        assert_eq!(calls, 3);
    }

    #[tokio::test(start_paused = true)]
    async fn honours_retry_after_clamped_to_the_cap() {
        let start = Instant::now();
        let (result, _) = run_through(&exact(), true, vec![api(429, Some(7))]).await;
        assert!(result.is_ok());
        assert_eq!(start.elapsed(), Duration::from_secs(7));

        let start = Instant::now();
        let (result, _) = run_through(&exact(), true, vec![api(503, Some(3600))]).await;
        assert!(result.is_ok());
        assert_eq!(start.elapsed(), Duration::from_secs(20));
    }

    #[tokio::test(start_paused = true)]
    async fn never_retries_client_errors_or_non_idempotent_requests() {
        for status in [400, 401, 403, 404, 409] {
            let (result, calls) = run_through(&exact(), true, vec![api(status, None)]).await;
            assert!(result.is_err());
            assert_eq!(calls, 1, "{status}");
        }
        let (result, calls) = run_through(&exact(), false, vec![api(503, None)]).await;
        assert!(result.is_err());
        assert_eq!(calls, 1);
    }

    #[tokio::test(start_paused = true)]
    async fn retries_attempt_timeouts_but_not_operation_timeouts() {
        let attempt = TimeoutError::new(TimeoutKind::Attempt, Duration::from_secs(30)).into();
        let (result, calls) = run_through(&exact(), true, vec![attempt]).await;
        assert!(result.is_ok());
        assert_eq!(calls, 2);
        let operation = TimeoutError::new(TimeoutKind::Operation, Duration::from_secs(120)).into();
        let (result, calls) = run_through(&exact(), true, vec![operation]).await;
        assert!(result.is_err());
        assert_eq!(calls, 1);
    }

    #[tokio::test(start_paused = true)]
    async fn disabled_policy_makes_one_attempt() {
        let (result, calls) =
            run_through(&RetryPolicy::disabled(), true, vec![api(503, None)]).await;
        assert!(result.is_err());
        assert_eq!(calls, 1);
        assert_eq!(RetryPolicy::default().max_attempts(0).max_attempts, 1);
    }

    #[tokio::test(start_paused = true)]
    async fn injected_jitter_decides_the_delay() {
        let policy = RetryPolicy::default()
            .backoff(ExponentialBackoff::default().jitter(Jitter::custom(|c| c / 4)));
        let start = Instant::now();
        let (result, _) = run_through(&policy, true, vec![api(500, None), api(500, None)]).await;
        assert!(result.is_ok());
        assert_eq!(start.elapsed(), Duration::from_millis(125 + 250));
    }
}
