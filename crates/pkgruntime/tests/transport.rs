//! The transport against wiremock: retries, `Retry-After`, time-outs, errors, auth.

// Test code: a panic is a failed assertion.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use http::StatusCode;
use pkgmodel::Vendor;
use pkgruntime::testing::capture_logs;
use pkgruntime::testing::{Fault, FaultInjector, FaultQueue, Location, MockResponse};
use pkgruntime::{
    ApiRequest, ApiResponse, AuthHook, AuthRetry, Error, ExponentialBackoff, Jitter,
    PreparedRequest, RetryPolicy, TimeoutError, TimeoutKind, Timeouts, Transport,
    TransportErrorKind,
};
use serde_json::json;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};
use support::fast_retries;
use wiremock::{Mock, MockServer, Request, matchers};

/// A server answering `/thing` (any method) with `{"ok":true}`, subject to `faults`.
async fn server_with(faults: &FaultQueue) -> MockServer {
    let server = MockServer::start().await;
    let handler = |_: &Request| MockResponse::json(200, &json!({"ok": true}));
    Mock::given(matchers::path("/thing"))
        .respond_with(FaultInjector::new(handler, faults.clone()))
        .mount(&server)
        .await;
    server
}

fn transport(server: &MockServer, retry: RetryPolicy, timeouts: Timeouts) -> Transport {
    Transport::builder(Vendor::Unknown("toy".into()))
        .endpoint(server.uri())
        .retry(retry)
        .timeouts(timeouts)
        .build()
        .unwrap()
}

fn get() -> ApiRequest {
    ApiRequest::get("get_thing").path(["thing"])
}

async fn request_count(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

#[tokio::test]
async fn each_retryable_status_is_retried_until_success() {
    for status in [408, 429, 500, 502, 503, 504] {
        let faults = FaultQueue::new();
        let server = server_with(&faults).await;
        faults.push_times(&Fault::status(status), 2);
        let response = transport(&server, fast_retries(), Timeouts::default())
            .send(get())
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{status}");
        assert_eq!(request_count(&server).await, 3, "{status}");
    }
}

#[tokio::test]
async fn retries_stop_after_three_attempts_with_the_last_error() {
    let faults = FaultQueue::new();
    let server = server_with(&faults).await;
    faults.push(Fault::status(503));
    faults.push(Fault::status(502));
    faults.push(Fault::status(500));
    let error = transport(&server, fast_retries(), Timeouts::default())
        .send(get())
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    assert!(error.is_retryable());
    assert_eq!(request_count(&server).await, 3);
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    for status in [400, 403, 404, 409, 422] {
        let faults = FaultQueue::new();
        let server = server_with(&faults).await;
        faults.push(Fault::status(status));
        let error = transport(&server, fast_retries(), Timeouts::default())
            .send(get())
            .await
            .unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(request_count(&server).await, 1, "{status}");
    }
}

#[tokio::test]
async fn non_idempotent_requests_are_not_retried_unless_marked() {
    let faults = FaultQueue::new();
    let server = server_with(&faults).await;
    let transport = transport(&server, fast_retries(), Timeouts::default());
    faults.push_times(&Fault::status(503), 2);
    let post = ApiRequest::post("create_thing")
        .path(["thing"])
        .json(&json!({"a": 1}))
        .unwrap();
    let error = transport.send(post.clone()).await.unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(request_count(&server).await, 1);
    // The second fault is still queued: an idempotent POST is retried past it.
    transport.send(post.idempotent(true)).await.unwrap();
    assert_eq!(request_count(&server).await, 3);
}

/// A retry policy whose back-off would be obvious (10 s) if `Retry-After` were ignored.
fn slow_backoff(cap: Duration) -> RetryPolicy {
    RetryPolicy::default().backoff(
        ExponentialBackoff::default()
            .base(Duration::from_secs(10))
            .cap(cap)
            .jitter(Jitter::off()),
    )
}

#[tokio::test]
async fn retry_after_in_seconds_is_honoured() {
    let faults = FaultQueue::new();
    let server = server_with(&faults).await;
    faults.push(Fault::status(429).retry_after("1"));
    let (_guard, logs) = capture_logs();
    let start = Instant::now();
    transport(
        &server,
        slow_backoff(Duration::from_secs(20)),
        Timeouts::default(),
    )
    .send(get())
    .await
    .unwrap();
    assert!(start.elapsed() >= Duration::from_secs(1));
    assert!(
        logs.text().contains("retry_delay_ms=1000"),
        "{}",
        logs.text()
    );
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured_and_clamped_to_the_cap() {
    let faults = FaultQueue::new();
    let server = server_with(&faults).await;
    let in_an_hour = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(3600));
    faults.push(Fault::status(503).retry_after(in_an_hour));
    let long_ago = httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(3600));
    faults.push(Fault::status(503).retry_after(long_ago));
    let (_guard, logs) = capture_logs();
    transport(
        &server,
        slow_backoff(Duration::from_millis(300)),
        Timeouts::default(),
    )
    .send(get())
    .await
    .unwrap();
    let text = logs.text();
    assert!(
        text.contains("attempt=1 status=503 retry_delay_ms=300"),
        "clamped to the cap: {text}"
    );
    assert!(
        text.contains("attempt=2 status=503 retry_delay_ms=0"),
        "a past date means now: {text}"
    );
    assert_eq!(request_count(&server).await, 3);
}

#[tokio::test]
async fn the_final_error_reports_retry_after() {
    let faults = FaultQueue::new();
    let server = server_with(&faults).await;
    faults.push(Fault::status(429).retry_after("7"));
    let error = transport(&server, RetryPolicy::disabled(), Timeouts::default())
        .send(get())
        .await
        .unwrap_err();
    assert_eq!(error.retry_after(), Some(Duration::from_secs(7)));
}

#[tokio::test]
async fn a_slow_attempt_times_out_and_is_retried() {
    let faults = FaultQueue::new();
    let server = server_with(&faults).await;
    faults.push(Fault::Latency(Duration::from_secs(30)));
    let timeouts = Timeouts::default().attempt(Duration::from_millis(200));
    let response = transport(&server, fast_retries(), timeouts)
        .send(get())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn attempt_time_outs_are_reported_once_retries_are_spent() {
    let faults = FaultQueue::new();
    let server = server_with(&faults).await;
    faults.push_times(&Fault::Latency(Duration::from_secs(30)), 3);
    let timeouts = Timeouts::default().attempt(Duration::from_millis(200));
    let error = transport(&server, fast_retries(), timeouts)
        .send(get())
        .await
        .unwrap_err();
    assert!(matches!(
        error,
        Error::Timeout(TimeoutError { kind: TimeoutKind::Attempt, after, .. }) if after == Duration::from_millis(200)
    ));
    assert!(error.is_timeout());
    assert_eq!(request_count(&server).await, 3);
}

#[tokio::test]
async fn the_operation_time_out_bounds_all_attempts() {
    let faults = FaultQueue::new();
    let server = server_with(&faults).await;
    faults.push_times(&Fault::Latency(Duration::from_secs(30)), 3);
    let timeouts = Timeouts::default()
        .attempt(Duration::from_secs(10))
        .operation(Duration::from_millis(300));
    let error = transport(&server, fast_retries(), timeouts)
        .send(get())
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::Timeout(TimeoutError {
                kind: TimeoutKind::Operation,
                ..
            })
        ),
        "{error}"
    );
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn a_connect_that_never_completes_times_out() {
    // A listener with a one-slot backlog that never accepts: once the queue is full, the
    // kernel drops further SYNs and a new connection hangs in connect().
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(1).unwrap();
    let address = listener.local_addr().unwrap();
    let mut fillers = Vec::new();
    loop {
        match std::net::TcpStream::connect_timeout(&address, Duration::from_millis(200)) {
            Ok(stream) => fillers.push(stream),
            Err(_) => break,
        }
        assert!(fillers.len() < 1000, "the backlog never filled");
    }
    let transport = Transport::builder(Vendor::Unknown("toy".into()))
        .endpoint(format!("http://{address}"))
        .retry(RetryPolicy::disabled())
        .timeouts(Timeouts::default().connect(Duration::from_millis(200)))
        .build()
        .unwrap();
    let error = transport.send(get()).await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::Timeout(TimeoutError {
                kind: TimeoutKind::Connect,
                ..
            })
        ),
        "{error:?}"
    );
    assert!(error.is_retryable());
    drop(listener);
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error() {
    // Bound but never listening: connecting is refused, and no other test can take the port.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let address = socket.local_addr().unwrap();
    let transport = Transport::builder(Vendor::Unknown("toy".into()))
        .endpoint(format!("http://{address}"))
        .retry(fast_retries())
        .build()
        .unwrap();
    let error = transport.send(get()).await.unwrap_err();
    match &error {
        Error::Transport(transport) => assert_eq!(transport.kind, TransportErrorKind::Connect),
        other => panic!("expected a transport error, got {other:?}"),
    }
    assert!(
        error.to_string().starts_with("could not connect: "),
        "{error}"
    );
    assert!(std::error::Error::source(&error).is_some());
    drop(socket);
}

#[tokio::test]
async fn error_envelopes_display_status_code_message_and_request_id() {
    let faults = FaultQueue::new();
    let server = server_with(&faults).await;
    let body = json!({"code": "NotFound", "message": "no such thing", "requestId": "r-42"});
    faults.push(Fault::status(404).with_body(body.to_string()));
    let error = transport(&server, fast_retries(), Timeouts::default())
        .send(get())
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "HTTP 404 Not Found, code NotFound: no such thing (request id r-42)"
    );
    assert_eq!(error.code(), Some("NotFound"));
    assert_eq!(error.request_id(), Some("r-42"));
}

#[tokio::test]
async fn truncated_or_invalid_bodies_are_decode_errors_naming_the_path() {
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Thing {
        ok: bool,
    }
    let faults = FaultQueue::new();
    let server = server_with(&faults).await;
    let transport = transport(&server, fast_retries(), Timeouts::default());
    for (fault, path) in [
        (Fault::TruncatedBody, "."),
        (Fault::ReplaceBody(br#"{"ok":"yes"}"#.to_vec()), "ok"),
        (Fault::ReplaceBody(b"\xff\xfe<html>".to_vec()), "."),
    ] {
        faults.push(fault);
        match transport.send_json::<Thing>(get()).await.unwrap_err() {
            Error::Decode(decode) => assert_eq!(decode.path, path, "{}", decode.message),
            other => panic!("expected a decode error, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let faults = FaultQueue::new();
    let server = server_with(&faults).await;
    faults.push(Fault::ReplaceBody(vec![b' '; 10_000]));
    let transport = Transport::builder(Vendor::Unknown("toy".into()))
        .endpoint(server.uri())
        .max_body_bytes(1_000)
        .build()
        .unwrap();
    match transport.send(get()).await.unwrap_err() {
        Error::Transport(error) => assert_eq!(error.kind, TransportErrorKind::BodyTooLarge),
        other => panic!("expected a transport error, got {other:?}"),
    }
}

/// A challenge-response hook: learns a nonce from `WWW-Authenticate: Toy nonce=…` and
/// answers `Authorization: Toy <key>:<nonce>`.
#[derive(Debug)]
struct ToyChallenge {
    key: &'static str,
    nonce: Mutex<Option<String>>,
}

#[async_trait::async_trait]
impl AuthHook for ToyChallenge {
    async fn authorize(&self, request: &mut PreparedRequest) -> Result<(), Error> {
        if let Some(nonce) = self.nonce.lock().unwrap().clone() {
            let value = format!("Toy {}:{nonce}", self.key).parse().unwrap();
            request.headers_mut().insert("authorization", value);
        }
        Ok(())
    }

    async fn on_unauthorized(
        &self,
        _request: &PreparedRequest,
        response: &ApiResponse,
    ) -> Result<AuthRetry, Error> {
        let Some(nonce) = response
            .header_str("www-authenticate")
            .and_then(|v| v.strip_prefix("Toy nonce="))
        else {
            return Ok(AuthRetry::GiveUp);
        };
        *self.nonce.lock().unwrap() = Some(nonce.to_owned());
        Ok(AuthRetry::Resend)
    }
}

async fn challenge_server() -> MockServer {
    let server = MockServer::start().await;
    let handler = |request: &Request| match request
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
    {
        Some("Toy right:n1") => MockResponse::json(200, &json!({"ok": true})),
        _ => MockResponse::json(401, &json!({"message": "who are you"}))
            .header("www-authenticate", "Toy nonce=n1"),
    };
    Mock::given(matchers::path("/thing"))
        .respond_with(FaultInjector::new(handler, FaultQueue::new()))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_challenge_is_answered_once_and_its_state_reused() {
    let server = challenge_server().await;
    let transport = Transport::builder(Vendor::Unknown("toy".into()))
        .endpoint(server.uri())
        .auth(ToyChallenge {
            key: "right",
            nonce: Mutex::new(None),
        })
        .build()
        .unwrap();
    transport.send(get()).await.unwrap();
    assert_eq!(request_count(&server).await, 2, "challenge, then answer");
    transport.send(get()).await.unwrap();
    transport.send(get()).await.unwrap();
    assert_eq!(
        request_count(&server).await,
        4,
        "the nonce is reused: one request per call"
    );
}

#[tokio::test]
async fn a_refused_answer_is_an_auth_error_not_a_loop() {
    let server = challenge_server().await;
    let transport = Transport::builder(Vendor::Unknown("toy".into()))
        .endpoint(server.uri())
        .auth(ToyChallenge {
            key: "wrong",
            nonce: Mutex::new(None),
        })
        .retry(fast_retries())
        .build()
        .unwrap();
    let error = transport.send(get()).await.unwrap_err();
    assert!(error.is_auth(), "{error:?}");
    assert_eq!(error.status(), Some(StatusCode::UNAUTHORIZED));
    assert_eq!(error.message(), Some("who are you"));
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn default_headers_and_user_agent_are_sent() {
    let faults = FaultQueue::new();
    let server = server_with(&faults).await;
    let transport = Transport::builder(Vendor::Unknown("toy".into()))
        .endpoint(format!("{}/", server.uri()))
        .default_header("accept-language".parse().unwrap(), "en-US".parse().unwrap())
        .build()
        .unwrap();
    transport.send(get()).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    let headers = &requests[0].headers;
    assert_eq!(headers["accept-language"], "en-US");
    assert_eq!(headers["accept"], "application/json");
    assert!(
        headers["user-agent"]
            .to_str()
            .unwrap()
            .starts_with("pkgsdk/")
    );
}

#[tokio::test]
async fn a_default_header_can_be_removed() {
    let faults = FaultQueue::new();
    let server = server_with(&faults).await;
    let transport = Transport::builder(Vendor::Unknown("toy".into()))
        .endpoint(server.uri())
        .remove_default_header(&http::header::ACCEPT)
        .build()
        .unwrap();
    transport.send(get()).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    // reqwest then sends its own `Accept: */*`.
    assert_ne!(
        requests[0].headers.get("accept").unwrap(),
        "application/json"
    );
    assert!(requests[0].headers.contains_key("user-agent"));
}

#[tokio::test]
async fn a_caller_client_that_follows_redirects_itself_is_refused() {
    let faults = FaultQueue::new();
    let server = server_with(&faults).await;
    faults.push(Fault::redirect(
        302,
        Location::Exactly(format!("{}/thing?moved=1", server.uri())),
    ));
    // A client of the caller's own needs a rustls provider installed by the caller.
    let _ = rustls::crypto::ring::default_provider().install_default();
    // reqwest's default policy follows redirects on its own.
    let transport = Transport::builder(Vendor::Unknown("toy".into()))
        .endpoint(server.uri())
        .http_client(reqwest::Client::new())
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    let error = transport.send(get()).await.unwrap_err();
    let Error::Transport(transport_error) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(transport_error.kind, TransportErrorKind::Redirect);
    assert!(error.to_string().contains("Policy::none()"), "{error}");

    // Built as the docs say, the runtime follows the redirect itself.
    faults.push(Fault::redirect(302, Location::Same));
    let transport = Transport::builder(Vendor::Unknown("toy".into()))
        .endpoint(server.uri())
        .http_client(
            reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
        )
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    transport.send(get()).await.unwrap();
}
