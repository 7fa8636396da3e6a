//! Test support (feature `test-util`): fault injection for wiremock mock servers.
//!
//! Every vendor client ships a mock of its API for users' own tests. They share this module
//! so that all four offer the same fault knobs: an error status (optionally with
//! `Retry-After`) on the next requests, a truncated body, a replaced body (an HTML proxy page,
//! invalid UTF-8), a rewritten JSON body, a repeated response, latency — and a
//! [`CuttingProxy`] that cuts responses off mid-body.
//!
//! A mock answers through a [`MockHandler`] — a function from the request to a
//! [`MockResponse`] — wrapped in a [`FaultInjector`], which is a wiremock
//! [`Respond`]. Faults are queued on a shared [`FaultQueue`] and each is
//! used by exactly one request, in order.
//!
//! ```
//! use pkgruntime::testing::{Fault, FaultInjector, FaultQueue, MockResponse};
//! use wiremock::{matchers, Mock, MockServer};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), pkgruntime::Error> {
//! let server = MockServer::start().await;
//! let faults = FaultQueue::new();
//! let handler = |_: &wiremock::Request| MockResponse::json(200, &serde_json::json!({"ok": true}));
//! Mock::given(matchers::path("/ping"))
//!     .respond_with(FaultInjector::new(handler, faults.clone()))
//!     .mount(&server)
//!     .await;
//!
//! let transport = pkgruntime::Transport::builder(pkgmodel::Vendor::Ocp)
//!     .endpoint(&server.uri())
//!     .retry(pkgruntime::RetryPolicy::disabled())
//!     .build()?;
//! let ping = || pkgruntime::ApiRequest::get("ping").path(["ping"]);
//!
//! faults.push(Fault::status(503).retry_after("1"));
//! let error = transport.send(ping()).await.unwrap_err();
//! assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
//! assert_eq!(error.retry_after(), Some(std::time::Duration::from_secs(1)));
//! assert!(transport.send(ping()).await.is_ok());
//! # Ok::<(), pkgruntime::Error>(())
//! # }
//! ```

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use wiremock::{Request, Respond, ResponseTemplate};

pub use wiremock;

mod connect_proxy;
mod digest;
mod logs;
mod proxy;
mod raw;
mod tls;
pub use connect_proxy::{ForwardProxy, ProxiedRequest};
pub use digest::{ChallengeLayout, DigestCredentials, DigestProtected, DigestVerifier, NcCheck};
pub use logs::{LogBuffer, capture_logs};
pub use proxy::CuttingProxy;
pub use raw::{RawServer, Then};
pub use tls::{Certified, TestCa, TlsProxy};

/// Retries that keep tests quick: the default three attempts, 1 ms to 20 ms apart, without
/// jitter. Every vendor mock's ready-made client uses it.
pub fn quick_retries() -> crate::RetryPolicy {
    crate::RetryPolicy::default().backoff(
        crate::ExponentialBackoff::default()
            .base(Duration::from_millis(1))
            .cap(Duration::from_millis(20))
            .jitter(crate::Jitter::off()),
    )
}

/// A response a mock handler produces: status, headers and body bytes, so that faults can
/// rewrite it before it is sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MockResponse {
    /// HTTP status.
    pub status: u16,
    /// Headers, in order.
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
}

impl MockResponse {
    /// A response with `status`, no headers and no body.
    pub fn empty(status: u16) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// A JSON response.
    pub fn json(status: u16, body: &serde_json::Value) -> Self {
        Self::empty(status)
            .header("content-type", "application/json")
            .body(body.to_string().into_bytes())
    }

    /// A JSON response from bytes that are already serialised (e.g. a fixture file).
    pub fn raw_json(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Self::empty(status)
            .header("content-type", "application/json")
            .body(body)
    }

    /// Adds a header.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Replaces the body.
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// The wiremock response.
    pub fn into_template(self) -> ResponseTemplate {
        let mut template = ResponseTemplate::new(self.status);
        for (name, value) in self.headers {
            template = template.append_header(name.as_str(), value.as_str());
        }
        template.set_body_raw(self.body, "")
    }
}

/// Produces a mock's normal response to a request.
pub trait MockHandler: Send + Sync + 'static {
    /// The response to `request` when no fault applies.
    fn handle(&self, request: &Request) -> MockResponse;
}

impl<F> MockHandler for F
where
    F: Fn(&Request) -> MockResponse + Send + Sync + 'static,
{
    fn handle(&self, request: &Request) -> MockResponse {
        self(request)
    }
}

/// One fault, applied to one request.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// Send the normal response: a placeholder that lets a later fault in the queue hit a
    /// later request (e.g. the second page).
    Pass,
    /// Answer with this status (and optional `Retry-After` and body) instead.
    Status {
        /// The status.
        status: u16,
        /// The `Retry-After` value to send, if any.
        retry_after: Option<String>,
        /// The body to send (default: empty).
        body: Vec<u8>,
    },
    /// Send the normal response with its body cut in half (a truncated JSON document).
    TruncatedBody,
    /// Send the normal status and headers with this body instead (HTML, invalid UTF-8, …).
    ReplaceBody(Vec<u8>),
    /// Send the normal response after this delay.
    Latency(Duration),
    /// Send the normal response with its body rewritten: see [`Fault::map_json`] and
    /// [`Fault::map_body`].
    MapBody(BodyMap),
    /// Send again the response the mock's handler produced for the previous request (a
    /// server stuck on one page, a repeated marker); the normal response if there was none.
    RepeatPrevious,
    /// Answer with a redirect: `status` (301, 302, 303, 307 or 308) and a `Location`; see
    /// [`Fault::redirect`].
    Redirect {
        /// The redirect status.
        status: u16,
        /// Where to.
        location: Location,
    },
}

/// Where a [`Fault::Redirect`] points.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Location {
    /// The request's own URL (a same-origin redirect).
    Same,
    /// The request's path and query on another origin (`http://127.0.0.2:8080`).
    Origin(String),
    /// Exactly this text (another scheme, a relative reference, anything).
    Exactly(String),
}

/// A function from a body to its rewrite.
type BodyFn = dyn Fn(&[u8]) -> Vec<u8> + Send + Sync;

/// The rewrite of a [`Fault::MapBody`]: a shared function over the body bytes.
#[derive(Clone)]
pub struct BodyMap(Arc<BodyFn>);

impl BodyMap {
    /// Wraps `map`.
    pub fn new(map: impl Fn(&[u8]) -> Vec<u8> + Send + Sync + 'static) -> Self {
        Self(Arc::new(map))
    }
}

impl fmt::Debug for BodyMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BodyMap(..)")
    }
}

/// Two maps are equal when they are the same function (clones of one `BodyMap`).
impl PartialEq for BodyMap {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for BodyMap {}

impl Fault {
    /// An error status with an empty body.
    pub fn status(status: u16) -> Self {
        Self::Status {
            status,
            retry_after: None,
            body: Vec::new(),
        }
    }

    /// An HTML error page with `status`, as a proxy would send.
    pub fn html(status: u16) -> Self {
        Self::Status {
            status,
            retry_after: None,
            body: format!("<html><head><title>{status}</title></head><body><h1>{status} proxy error</h1></body></html>")
                .into_bytes(),
        }
    }

    /// Adds a `Retry-After` value to a status fault (other faults are unchanged).
    pub fn retry_after(mut self, value: impl Into<String>) -> Self {
        if let Self::Status { retry_after, .. } = &mut self {
            *retry_after = Some(value.into());
        }
        self
    }

    /// Sends the normal response with its JSON body rewritten by `map` (a field of the wrong
    /// type, an unknown enum value, a page emptied…); a body that is not JSON is sent
    /// unchanged.
    ///
    /// ```
    /// use pkgruntime::testing::Fault;
    ///
    /// let wrong_type = Fault::map_json(|body| {
    ///     if let Some(name) = body.pointer_mut("/items/0/name") {
    ///         *name = serde_json::json!({"not": "a string"});
    ///     }
    /// });
    /// # let _ = wrong_type;
    /// ```
    pub fn map_json(map: impl Fn(&mut serde_json::Value) + Send + Sync + 'static) -> Self {
        Self::map_body(move |body| {
            let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(body) else {
                return body.to_vec();
            };
            map(&mut value);
            serde_json::to_vec(&value).unwrap_or_else(|_| body.to_vec())
        })
    }

    /// Sends the normal response with its body bytes rewritten by `map` (e.g. invalid UTF-8
    /// inside a string value).
    pub fn map_body(map: impl Fn(&[u8]) -> Vec<u8> + Send + Sync + 'static) -> Self {
        Self::MapBody(BodyMap::new(map))
    }

    /// A redirect with `status` to `location`.
    ///
    /// ```
    /// use pkgruntime::testing::{Fault, Location};
    ///
    /// let elsewhere = Fault::redirect(302, Location::Origin("http://127.0.0.2:8080".into()));
    /// let ftp = Fault::redirect(301, Location::Exactly("ftp://files.example/p.rpm".into()));
    /// # let _ = (elsewhere, ftp);
    /// ```
    pub fn redirect(status: u16, location: Location) -> Self {
        Self::Redirect { status, location }
    }

    /// Sets the body of a status fault (other faults are unchanged).
    pub fn with_body(mut self, new_body: impl Into<Vec<u8>>) -> Self {
        if let Self::Status { body, .. } = &mut self {
            *body = new_body.into();
        }
        self
    }

    fn apply(
        self,
        request: &Request,
        normal: impl FnOnce() -> MockResponse,
        previous: Option<MockResponse>,
    ) -> ResponseTemplate {
        match self {
            Self::Redirect { status, location } => {
                // wiremock's `request.url` names `localhost`; the Host header names the
                // address the client used.
                let path = &request.url[url::Position::BeforePath..];
                let target = match location {
                    Location::Same => {
                        let host = request
                            .headers
                            .get(http::header::HOST)
                            .and_then(|host| host.to_str().ok())
                            .unwrap_or("localhost");
                        format!("http://{host}{path}")
                    }
                    Location::Origin(origin) => format!("{}{path}", origin.trim_end_matches('/')),
                    Location::Exactly(text) => text,
                };
                MockResponse::empty(status)
                    .header("location", target)
                    .into_template()
            }
            Self::Pass => normal().into_template(),
            Self::MapBody(map) => {
                let response = normal();
                let body = (map.0)(&response.body);
                response.body(body).into_template()
            }
            Self::RepeatPrevious => previous.unwrap_or_else(normal).into_template(),
            Self::Status {
                status,
                retry_after,
                body,
            } => {
                let mut response = MockResponse::empty(status).body(body);
                if let Some(value) = retry_after {
                    response = response.header("retry-after", value);
                }
                response.into_template()
            }
            Self::TruncatedBody => {
                let mut response = normal();
                let half = response.body.len() / 2;
                response.body.truncate(half);
                response.into_template()
            }
            Self::ReplaceBody(body) => normal().body(body).into_template(),
            Self::Latency(delay) => normal().into_template().set_delay(delay),
        }
    }
}

/// Faults waiting for the next requests; shared by every route of a mock. Cheap to clone.
#[derive(Clone, Default)]
pub struct FaultQueue {
    queue: Arc<Mutex<VecDeque<Fault>>>,
}

impl FaultQueue {
    /// An empty queue.
    pub fn new() -> Self {
        Self::default()
    }

    /// Applies `fault` to the next request not already claimed by an earlier fault.
    pub fn push(&self, fault: Fault) {
        self.lock().push_back(fault);
    }

    /// Applies `fault` to each of the next `times` requests.
    pub fn push_times(&self, fault: &Fault, times: usize) {
        let mut queue = self.lock();
        for _ in 0..times {
            queue.push_back(fault.clone());
        }
    }

    /// Drops every queued fault.
    pub fn clear(&self) {
        self.lock().clear();
    }

    /// How many faults are still queued.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether no fault is queued.
    pub fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }

    fn pop(&self) -> Option<Fault> {
        self.lock().pop_front()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<Fault>> {
        // A panicking test thread must not wedge the mock for the others.
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl fmt::Debug for FaultQueue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.lock().iter()).finish()
    }
}

/// A wiremock responder: the handler's response, unless a queued fault claims the request.
pub struct FaultInjector<H> {
    handler: H,
    faults: FaultQueue,
    /// The handler's last response, for [`Fault::RepeatPrevious`].
    previous: Mutex<Option<MockResponse>>,
}

impl<H: MockHandler> FaultInjector<H> {
    /// Answers with `handler`, applying faults from `faults`.
    pub fn new(handler: H, faults: FaultQueue) -> Self {
        Self {
            handler,
            faults,
            previous: Mutex::new(None),
        }
    }

    /// The handler's response to `request`, remembered as the previous one.
    fn normal(&self, request: &Request) -> MockResponse {
        let response = self.handler.handle(request);
        *self.previous.lock().unwrap_or_else(PoisonError::into_inner) = Some(response.clone());
        response
    }
}

impl<H: MockHandler> Respond for FaultInjector<H> {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        match self.faults.pop() {
            Some(fault) => {
                let previous = self
                    .previous
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .clone();
                fault.apply(request, || self.normal(request), previous)
            }
            None => self.normal(request).into_template(),
        }
    }
}

impl<H> fmt::Debug for FaultInjector<H> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FaultInjector")
            .field("faults", &self.faults)
            .finish_non_exhaustive()
    }
}

/// The value of query parameter `name` in `request`, decoded.
pub fn query_param(request: &Request, name: &str) -> Option<String> {
    request
        .url
        .query_pairs()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}
