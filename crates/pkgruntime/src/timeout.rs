//! [`Timeouts`]: how long connecting, one attempt and a whole operation may take, and how
//! slow or long a streamed transfer (a download) may be.
//!
//! Defaults: connect 10 s, each attempt 30 s, the whole operation (every attempt and
//! back-off delay of one API call, or of one page of a listing) 120 s. A download's body
//! must keep coming: no gap longer than the attempt time-out, and not below the
//! [`LowSpeedLimit`] (1 KiB/s over 60 s); its whole transfer has no limit by default
//! (packages can be several GiB on slow links), [`transfer`](Timeouts::transfer) sets one. Each
//! can be changed or switched off with `None`.
//!
//! ```
//! use pkgruntime::Timeouts;
//! use std::time::Duration;
//!
//! let timeouts = Timeouts::default()
//!     .attempt(Duration::from_secs(5))
//!     .operation(None);
//! assert_eq!(timeouts.attempt_limit(), Some(Duration::from_secs(5)));
//! assert_eq!(timeouts.operation_limit(), None);
//! assert_eq!(timeouts.connect_limit(), Some(Duration::from_secs(10)));
//! ```

use crate::{Error, LowSpeedLimit, TimeoutError, TimeoutKind};
use futures::FutureExt as _;
use futures::future::Either;
use std::future::Future;
use std::time::Duration;

/// Time limits for connecting, for one attempt, and for a whole operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    connect: Option<Duration>,
    attempt: Option<Duration>,
    operation: Option<Duration>,
    low_speed: Option<LowSpeedLimit>,
    transfer: Option<Duration>,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            connect: Some(Duration::from_secs(10)),
            attempt: Some(Duration::from_secs(30)),
            operation: Some(Duration::from_secs(120)),
            low_speed: Some(LowSpeedLimit::default()),
            transfer: None,
        }
    }
}

impl Timeouts {
    /// No limits at all (a stalled server then stalls the call: use with care).
    pub fn none() -> Self {
        Self {
            connect: None,
            attempt: None,
            operation: None,
            low_speed: None,
            transfer: None,
        }
    }

    /// Limit on establishing a connection (TCP and TLS). Applies to the HTTP client the
    /// transport builds; a client passed in by the caller keeps its own setting.
    pub fn connect(mut self, limit: impl Into<Option<Duration>>) -> Self {
        self.connect = limit.into();
        self
    }

    /// Limit on one attempt: sending the request and reading the whole response.
    pub fn attempt(mut self, limit: impl Into<Option<Duration>>) -> Self {
        self.attempt = limit.into();
        self
    }

    /// Limit on a whole operation: every attempt and back-off delay of one call.
    pub fn operation(mut self, limit: impl Into<Option<Duration>>) -> Self {
        self.operation = limit.into();
        self
    }

    /// The slowest a streamed body (a download) may arrive (default 1 KiB/s over 60 s; see
    /// [`LowSpeedLimit`]).
    pub fn low_speed(mut self, limit: impl Into<Option<LowSpeedLimit>>) -> Self {
        self.low_speed = limit.into();
        self
    }

    /// Limit on a whole transfer: a download from its request to its last byte, restarts
    /// included (default: none, as packages can be several GiB on slow links).
    pub fn transfer(mut self, limit: impl Into<Option<Duration>>) -> Self {
        self.transfer = limit.into();
        self
    }

    /// The connect limit.
    pub fn connect_limit(&self) -> Option<Duration> {
        self.connect
    }

    /// The per-attempt limit.
    pub fn attempt_limit(&self) -> Option<Duration> {
        self.attempt
    }

    /// The per-operation limit.
    pub fn operation_limit(&self) -> Option<Duration> {
        self.operation
    }

    /// The low-speed limit on streamed bodies.
    pub fn low_speed_limit(&self) -> Option<LowSpeedLimit> {
        self.low_speed
    }

    /// The limit on a whole transfer.
    pub fn transfer_limit(&self) -> Option<Duration> {
        self.transfer
    }
}

/// Runs `work`, failing with a [`TimeoutError`] of `kind` if it takes longer than `limit`.
///
/// A plain function rather than an `async fn`: an `async fn` keeps its `work` argument in
/// its state beside the `Timeout` that owns the moved `work`, doubling the size of every
/// future built on it (the transport nests two), and with it the bytes allocated and
/// copied per request.
pub(crate) fn within<T, F>(
    limit: Option<Duration>,
    kind: TimeoutKind,
    work: F,
) -> impl Future<Output = Result<T, Error>>
where
    F: Future<Output = Result<T, Error>>,
{
    match limit {
        Some(limit) => Either::Left(tokio::time::timeout(limit, work).map(move |result| {
            result.unwrap_or_else(|_| Err(TimeoutError::new(kind, limit).into()))
        })),
        None => Either::Right(work),
    }
}

/// When an operation must be over: its start plus the operation time-out.
///
/// The transport does not wrap a whole call in a timer of its own. It caps every wait
/// within the call — each attempt's exchange, the auth hook, each back-off delay — at this
/// deadline instead, so only one timer runs at a time (a second registered timer per request
/// costs more CPU than the exchange of a small page spends elsewhere in the runtime).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Deadline {
    at: tokio::time::Instant,
    limit: Duration,
}

impl Deadline {
    /// The deadline of an operation starting now with `limit`, if it has one.
    pub(crate) fn after(limit: Option<Duration>) -> Option<Self> {
        limit.map(|limit| Self {
            at: tokio::time::Instant::now() + limit,
            limit,
        })
    }

    /// The instant it falls on.
    pub(crate) fn at(self) -> tokio::time::Instant {
        self.at
    }

    /// The error of an operation that reached it.
    pub(crate) fn error(self) -> Error {
        TimeoutError::new(TimeoutKind::Operation, self.limit).into()
    }
}

/// Runs `work`, failing with a [`TimeoutError`] of `kind` if it takes longer than `limit`,
/// or with the operation's time-out if `deadline` comes first — with one timer.
pub(crate) fn within_deadline<T, F>(
    limit: Option<Duration>,
    kind: TimeoutKind,
    deadline: Option<Deadline>,
    work: F,
) -> impl Future<Output = Result<T, Error>>
where
    F: Future<Output = Result<T, Error>>,
{
    let own = limit.map(|limit| {
        (
            tokio::time::Instant::now() + limit,
            TimeoutError::new(kind, limit),
        )
    });
    let operation = deadline.map(|deadline| {
        (
            deadline.at,
            TimeoutError::new(TimeoutKind::Operation, deadline.limit),
        )
    });
    let first = match (own, operation) {
        (Some(own), Some(operation)) => Some(if own.0 <= operation.0 { own } else { operation }),
        (own, None) => own,
        (None, operation) => operation,
    };
    match first {
        Some((at, error)) => Either::Left(
            tokio::time::timeout_at(at, work)
                .map(move |result| result.unwrap_or_else(|_| Err(error.into()))),
        ),
        None => Either::Right(work),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn elapsed_limit_names_its_kind() {
        let slow = async {
            tokio::time::sleep(Duration::from_secs(31)).await;
            Ok::<_, Error>(())
        };
        let error = within(Some(Duration::from_secs(30)), TimeoutKind::Attempt, slow)
            .await
            .unwrap_err();
        assert!(matches!(
            error,
            Error::Timeout(TimeoutError { kind: TimeoutKind::Attempt, after }) if after == Duration::from_secs(30)
        ));
    }

    #[tokio::test(start_paused = true)]
    async fn no_limit_waits() {
        let slow = async {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            Ok::<_, Error>(7)
        };
        assert_eq!(within(None, TimeoutKind::Operation, slow).await.unwrap(), 7);
    }
}
