//! The shared rate limit and retry budget, on the tokio test clock: deterministic, no
//! wall-clock thresholds.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use pkgmodel::Vendor;
use pkgruntime::testing::{Fault, FaultInjector, FaultQueue, MockResponse};
use pkgruntime::{
    ApiRequest, ExponentialBackoff, Jitter, RateLimit, RetryBudget, RetryPolicy, Timeouts,
    Transport,
};
use std::time::Duration;
use tokio::time::Instant;

/// A mock answering `{}` unless a queued fault says otherwise.
async fn mock(faults: &FaultQueue) -> wiremock::MockServer {
    let server = wiremock::MockServer::start().await;
    let ok = |_: &wiremock::Request| MockResponse::json(200, &serde_json::json!({}));
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(FaultInjector::new(ok, faults.clone()))
        .mount(&server)
        .await;
    server
}

fn ping() -> ApiRequest {
    ApiRequest::get("ping").path(["ping"])
}

/// Retries 1 ms apart, so that only the budget limits them.
fn retries(attempts: u32, budget: RetryBudget) -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(attempts)
        .backoff(
            ExponentialBackoff::default()
                .base(Duration::from_millis(1))
                .cap(Duration::from_millis(1))
                .jitter(Jitter::off()),
        )
        .budget(budget)
}

async fn requests(server: &wiremock::MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

#[tokio::test(start_paused = true)]
async fn two_hundred_requests_from_fifty_tasks_keep_to_twenty_a_second() {
    let faults = FaultQueue::new();
    let server = mock(&faults).await;
    // Time-outs off: on the paused clock they would fire while the mock answers.
    let transport = Transport::builder(Vendor::Iotda)
        .endpoint(server.uri())
        .timeouts(Timeouts::none())
        .rate_limit(RateLimit::new(20, 1))
        .build()
        .unwrap();
    let start = Instant::now();
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let transport = transport.clone();
            tokio::spawn(async move {
                for _ in 0..4 {
                    transport.send(ping()).await.unwrap();
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    assert_eq!(requests(&server).await, 200);
    // One at once, then 199 at 20 a second: at least 9.95 s of virtual time.
    assert!(
        start.elapsed() >= Duration::from_millis(9_950),
        "{:?}",
        start.elapsed()
    );
}

#[tokio::test(start_paused = true)]
async fn a_limit_is_shared_on_purpose_and_slows_down_when_throttled() {
    let faults = FaultQueue::new();
    let server = mock(&faults).await;
    let account = RateLimit::new(40, 1);
    let client = |limit: RateLimit| {
        Transport::builder(Vendor::Iotda)
            .endpoint(server.uri())
            .timeouts(Timeouts::none())
            .retry(RetryPolicy::disabled())
            .rate_limit(limit)
            .build()
            .unwrap()
    };
    let (first, second) = (client(account.clone()), client(account.clone()));
    faults.push(Fault::status(429));
    faults.push(Fault::status(503).retry_after("1"));
    assert!(first.send(ping()).await.is_err());
    assert!(second.send(ping()).await.is_err());
    assert!(
        (account.current_rate() - 10.0).abs() < 1e-9,
        "halved twice: {}",
        account.current_rate()
    );
    faults.push(Fault::status(500)); // an error that is not throttling changes nothing
    assert!(first.send(ping()).await.is_err());
    assert!((account.current_rate() - 10.0).abs() < 1e-9);
    for _ in 0..15 {
        second.send(ping()).await.unwrap();
    }
    assert!(
        (account.current_rate() - 40.0).abs() < 1e-9,
        "recovered: {}",
        account.current_rate()
    );
}

#[tokio::test(start_paused = true)]
async fn a_failing_server_exhausts_the_budget_and_successes_bring_retries_back() {
    let faults = FaultQueue::new();
    let server = mock(&faults).await;
    // 20 tokens at 5 a retry: 4 retries in all while nothing succeeds.
    let budget = RetryBudget::new(20);
    let transport = Transport::builder(Vendor::Ocp)
        .endpoint(server.uri())
        .timeouts(Timeouts::none())
        .retry(retries(5, budget.clone()))
        .build()
        .unwrap();
    for _ in 0..100 {
        faults.push(Fault::status(503));
    }
    for _ in 0..10 {
        assert!(transport.send(ping()).await.is_err());
    }
    // Without a budget: 10 × 5 = 50 requests. With it: 10 first attempts and 4 retries.
    assert_eq!(requests(&server).await, 14);
    assert_eq!(budget.available(), 0);

    // The server recovers: each success puts a token back…
    faults.clear();
    for _ in 0..5 {
        transport.send(ping()).await.unwrap();
    }
    assert_eq!(budget.available(), 5);
    // …and a failure is retried again (its success returns the retry's cost).
    faults.push(Fault::status(503));
    transport.send(ping()).await.unwrap();
    assert_eq!(requests(&server).await, 14 + 5 + 2);
    assert_eq!(budget.available(), 5);

    // Without a budget, max_attempts alone limits retries.
    let unbudgeted = Transport::builder(Vendor::Ocp)
        .endpoint(server.uri())
        .timeouts(Timeouts::none())
        .retry(retries(5, RetryBudget::new(20)).without_budget())
        .build()
        .unwrap();
    for _ in 0..20 {
        faults.push(Fault::status(503));
    }
    let before = requests(&server).await;
    for _ in 0..2 {
        assert!(unbudgeted.send(ping()).await.is_err());
    }
    assert_eq!(requests(&server).await - before, 10);
}
