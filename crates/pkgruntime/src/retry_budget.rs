//! [`RetryBudget`]: a retry quota shared by every request of a client.

use crate::Error;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

/// A retry quota shared by every request of a client, so that a failing
/// server is not hit with retries on top of the failures.
///
/// It is the AWS SDKs' "standard" retry mode: a bucket of tokens; each retry costs
/// [`retry_cost`](Self::retry_cost) tokens (a retry after a time-out
/// [`timeout_cost`](Self::timeout_cost)), each success puts back what its own
/// retries cost, or [`success_refill`](Self::success_refill) when it needed none. An
/// empty bucket turns retries off — each request gets its first attempt only — until
/// successes refill it. The defaults are AWS's: 500 tokens, 5 per retry, 10 per retry after
/// a time-out, 1 back per success, so a client retries about 100 times in a row with no
/// success in between, which ordinary faults never reach.
///
/// The budget belongs to the [`RetryPolicy`](crate::RetryPolicy): clones of a policy (and
/// so every clone of a client, and clients given the same policy) share one bucket.
///
/// ```
/// use pkgruntime::{RetryBudget, RetryPolicy};
///
/// let shared = RetryBudget::new(100).retry_cost(10);
/// let policy = RetryPolicy::default().budget(shared.clone());
/// assert_eq!(shared.available(), 100);
/// let no_budget = RetryPolicy::default().without_budget();
/// # let _ = (policy, no_budget);
/// ```
#[derive(Clone, Debug)]
pub struct RetryBudget {
    tokens: Arc<AtomicU32>,
    capacity: u32,
    retry_cost: u32,
    timeout_cost: u32,
    success_refill: u32,
}

impl Default for RetryBudget {
    fn default() -> Self {
        Self::new(500)
    }
}

impl RetryBudget {
    /// A full bucket of `capacity` tokens, with AWS's costs (5 per retry, 10 after a
    /// time-out, 1 back per success).
    pub fn new(capacity: u32) -> Self {
        Self {
            tokens: Arc::new(AtomicU32::new(capacity)),
            capacity,
            retry_cost: 5,
            timeout_cost: 10,
            success_refill: 1,
        }
    }

    /// Tokens one retry costs (default 5).
    pub fn retry_cost(mut self, tokens: u32) -> Self {
        self.retry_cost = tokens;
        self
    }

    /// Tokens one retry after a time-out costs (default 10).
    pub fn timeout_cost(mut self, tokens: u32) -> Self {
        self.timeout_cost = tokens;
        self
    }

    /// Tokens a success that needed no retry puts back (default 1).
    pub fn success_refill(mut self, tokens: u32) -> Self {
        self.success_refill = tokens;
        self
    }

    /// The tokens left.
    pub fn available(&self) -> u32 {
        self.tokens.load(Ordering::SeqCst)
    }

    /// Takes the cost of retrying after `error`; `None` (and nothing taken) when the bucket
    /// cannot pay it.
    pub(crate) fn withdraw(&self, error: &Error) -> Option<u32> {
        let cost = if error.is_timeout() {
            self.timeout_cost
        } else {
            self.retry_cost
        };
        self.tokens
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |tokens| {
                tokens.checked_sub(cost)
            })
            .ok()
            .map(|_| cost)
    }

    /// Puts back what a successful operation's retries cost, or the success refill.
    pub(crate) fn deposit(&self, retries_cost: u32) {
        let amount = if retries_cost > 0 {
            retries_cost
        } else {
            self.success_refill
        };
        let capacity = self.capacity;
        let _ = self
            .tokens
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |tokens| {
                Some(tokens.saturating_add(amount).min(capacity))
            });
    }
}
