//! [`Transport`]: sends [`ApiRequest`]s with auth, retries and time-outs.
//!
//! One `Transport` per client. It owns the endpoint, the `reqwest` client (rustls, or one
//! the caller passes in), the vendor's [`AuthHook`] and [`ErrorDecoder`], the
//! [`RetryPolicy`] and the [`Timeouts`]. Cloning it is cheap (an `Arc`).
//!
//! The path of one call:
//!
//! 1. the request's URL is the endpoint plus its encoded path and query (or the request's
//!    own URL, e.g. a download link);
//! 2. each attempt merges the default headers, lets the auth hook authorise the final
//!    request — only when it goes to the endpoint's own origin — sends it and reads the
//!    whole body within the attempt time-out;
//! 3. a redirect is followed by the runtime's own rules (see the `redirect` module docs on
//!    [`MAX_REDIRECTS`](crate::MAX_REDIRECTS)): credentials are re-applied on the
//!    endpoint's origin and never sent anywhere else, `https` never becomes `http`;
//! 4. a 2xx is returned; a 401 lets the auth hook answer a challenge and resend once;
//!    other statuses go through the vendor's error decoder;
//! 5. retryable failures on idempotent requests are retried per the policy, honouring
//!    `Retry-After`; the whole call is bounded by the operation time-out.
//!
//! [`Transport::send_streaming`] stops after the response head, for downloads; its body is
//! read chunk by chunk, each within the attempt time-out.
//!
//! Every call runs in a `pkgsdk.request` span (vendor, operation, method) with a child
//! `attempt` span per attempt (attempt number, status, retry delay).
//!
//! ```
//! use pkgruntime::{ApiRequest, HeaderAuth, SecretString, Transport};
//! use pkgmodel::Vendor;
//! use wiremock::{matchers, Mock, MockServer, ResponseTemplate};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), pkgruntime::Error> {
//! let server = MockServer::start().await;
//! Mock::given(matchers::path("/api/v2/info"))
//!     .and(matchers::header("authorization", "Basic YWRtaW46czNjcmV0"))
//!     .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"version": "4.3.5"})))
//!     .mount(&server)
//!     .await;
//!
//! let transport = Transport::builder(Vendor::Ocp)
//!     .endpoint(&server.uri())
//!     .auth(HeaderAuth::basic("admin", SecretString::from("s3cret")))
//!     .build()?;
//! let info: serde_json::Value = transport
//!     .send(ApiRequest::get("info").path(["api", "v2", "info"]))
//!     .await?
//!     .json()?;
//! assert_eq!(info["version"], "4.3.5");
//! # Ok(()) }
//! ```

use crate::error::TransportErrorKind;
use crate::low_speed::SpeedMeter;
use crate::proxy::ProxyOptions;
use crate::redirect::{self, MAX_REDIRECTS};
use crate::request::PreparedBody;
use crate::timeout::{Deadline, within, within_deadline};
use crate::tls::TlsOptions;
use crate::{
    ApiError, ApiRequest, ApiResponse, AuthError, AuthHook, AuthRetry, DryRun, Error, ErrorDecoder,
    GenericErrorDecoder, NoAuth, PreparedRequest, RateLimit, RetryPolicy, SecretString,
    TimeoutError, TimeoutKind, Timeouts, TransportError, parse_retry_after,
};
use bytes::{Bytes, BytesMut};
use http::header::{ACCEPT, HeaderName, HeaderValue, RETRY_AFTER, USER_AGENT};
use http::{HeaderMap, StatusCode};
use pkgmodel::Vendor;
use std::borrow::Cow;
use std::fmt;
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::SystemTime;
use tracing::Instrument as _;
use url::{Host, Url};

/// The default `User-Agent`.
pub const DEFAULT_USER_AGENT: &str = concat!("pkgsdk/", env!("CARGO_PKG_VERSION"));

/// The default limit on a response body read into memory (64 MiB).
pub const DEFAULT_MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// Sends API requests for one vendor. Cheap to clone.
#[derive(Clone)]
pub struct Transport {
    inner: Arc<Inner>,
}

struct Inner {
    vendor: Vendor,
    endpoint: Url,
    http: reqwest::Client,
    auth: Arc<dyn AuthHook>,
    errors: Arc<dyn ErrorDecoder>,
    retry: RetryPolicy,
    timeouts: Timeouts,
    default_headers: HeaderMap,
    max_body_bytes: usize,
    dry_run: bool,
    rate_limit: Option<RateLimit>,
}

/// How much of a response an attempt reads.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Read {
    /// The whole body.
    Full,
    /// Only the head of a 2xx response (error bodies are still read).
    Head,
}

/// What an attempt received.
enum Received {
    Full(ApiResponse),
    Head(StreamingResponse),
}

impl Transport {
    /// Starts configuring a transport for `vendor`.
    pub fn builder(vendor: Vendor) -> TransportBuilder {
        TransportBuilder::new(vendor)
    }

    /// The vendor this transport talks to.
    pub fn vendor(&self) -> &Vendor {
        &self.inner.vendor
    }

    /// The endpoint every request path is appended to.
    pub fn endpoint(&self) -> &Url {
        &self.inner.endpoint
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The time-outs.
    pub fn timeouts(&self) -> &Timeouts {
        &self.inner.timeouts
    }

    /// The full URL `request` is sent to.
    pub fn url_for(&self, request: &ApiRequest) -> Url {
        request.resolve(&self.inner.endpoint)
    }

    /// Whether a request to `url` carries credentials: only to the endpoint's own origin,
    /// so a download link on another host never receives them.
    pub fn sends_credentials_to(&self, url: &Url) -> bool {
        // `Url::origin` compared field by field: the same answer for http(s) URLs, without
        // allocating two origins for every request.
        let endpoint = &self.inner.endpoint;
        matches!(url.scheme(), "http" | "https")
            && url.scheme() == endpoint.scheme()
            && url.host() == endpoint.host()
            && url.port_or_known_default() == endpoint.port_or_known_default()
    }

    /// Sends `request` and returns its 2xx response, read in full.
    ///
    /// Non-2xx responses become [`Error::Api`] (decoded by the vendor's error decoder) or,
    /// for a 401 the auth hook cannot answer, [`Error::Auth`].
    pub fn send(
        &self,
        request: ApiRequest,
    ) -> impl Future<Output = Result<ApiResponse, Error>> + Send + '_ {
        // Boxed here, so that the future callers hold (and box again for a listing's page)
        // stays small: see `Transport::execute` on why futures are kept under 1 KiB.
        Box::pin(async move {
            match self.execute(&request, Read::Full).await? {
                Received::Full(response) => Ok(response),
                Received::Head(_) => Err(TransportError::new(
                    TransportErrorKind::Request,
                    "internal: a full read returned a streaming response",
                )
                .into()),
            }
        })
    }

    /// Sends `request` and decodes its 2xx body as JSON.
    pub fn send_json<T: serde::de::DeserializeOwned>(
        &self,
        request: ApiRequest,
    ) -> impl Future<Output = Result<T, Error>> + Send + '_ {
        let sent = self.send(request);
        async move { sent.await?.json() }
    }

    /// Sends `request` and returns its 2xx response as soon as the head has arrived; read the
    /// body with [`StreamingResponse::chunk`]. Retries, auth and the operation time-out
    /// apply up to the head; each chunk must then arrive within the attempt time-out.
    pub async fn send_streaming(&self, request: ApiRequest) -> Result<StreamingResponse, Error> {
        match self.execute(&request, Read::Head).await? {
            Received::Head(response) => Ok(response),
            Received::Full(response) => Ok(StreamingResponse::buffered(response)),
        }
    }

    /// Builds the [`ApiError`] for an error response: the vendor's decoding plus
    /// `Retry-After`, clamped to the retry cap. Clients use it for 2xx responses whose
    /// envelope reports a failure.
    pub fn api_error(&self, response: &ApiResponse) -> ApiError {
        let mut error = self.inner.errors.decode_error(response);
        error.retry_after = response
            .header_str(RETRY_AFTER.as_str())
            .and_then(|value| parse_retry_after(value, SystemTime::now()))
            .map(|asked| asked.min(self.inner.retry.max_delay()));
        error
    }

    /// Runs all attempts of one call within the operation time-out.
    async fn execute(&self, request: &ApiRequest, read: Read) -> Result<Received, Error> {
        request.check_path()?;
        let inner = &*self.inner;
        let span = tracing::info_span!(
            "pkgsdk.request",
            vendor = %inner.vendor,
            operation = request.operation(),
            method = %request.method(),
        );
        let url = request.resolve(&inner.endpoint);
        if inner.dry_run {
            let prepared = request.prepare(&url, &inner.default_headers);
            let authorize = self.sends_credentials_to(&url);
            let dry_run = DryRun::new(request.operation(), &prepared, &*inner.auth, authorize);
            tracing::info!(parent: &span, url = %dry_run.url, "dry run: not sent");
            return Err(Error::DryRun(Box::new(dry_run)));
        }
        // The operation time-out caps every wait below rather than wrapping them in a timer
        // of its own (see `Deadline`). Each attempt is boxed: its state is most of the call's,
        // and a small future is cheaper to move and to allocate for every page of a listing.
        let deadline = Deadline::after(inner.timeouts.operation_limit());
        inner
            .retry
            .run(request.is_idempotent(), deadline, |_| {
                Box::pin(self.attempt(request, &url, read, deadline))
            })
            .instrument(span)
            .await
    }

    /// One attempt: redirects followed by the runtime's rules, and a 401 the auth hook can
    /// answer resent once.
    async fn attempt(
        &self,
        request: &ApiRequest,
        url: &Url,
        read: Read,
        deadline: Option<Deadline>,
    ) -> Result<Received, Error> {
        let inner = &*self.inner;
        let mut resent = false;
        let mut redirects = 0;
        // Where this hop goes, and whether a redirect turned the request into a GET.
        let mut hop = Cow::Borrowed(url);
        let mut as_get = false;
        loop {
            if let Some(limit) = &inner.rate_limit {
                let token = async {
                    limit.acquire().await;
                    Ok::<(), Error>(())
                };
                within_deadline(None, TimeoutKind::Operation, deadline, token).await?;
            }
            let authorize = self.sends_credentials_to(&hop);
            let mut prepared = request.prepare(&hop, &inner.default_headers);
            if as_get {
                prepared.make_get();
            }
            if authorize {
                let authorized = inner.auth.authorize(&mut prepared);
                within_deadline(None, TimeoutKind::Operation, deadline, authorized).await?;
            } else {
                // No credential, nor a vendor header that may identify the caller.
                redirect::keep_portable_headers(prepared.headers_mut());
            }
            let received = within_deadline(
                inner.timeouts.attempt_limit(),
                TimeoutKind::Attempt,
                deadline,
                self.exchange(&prepared, read),
            )
            .await?;
            if let Some(limit) = &inner.rate_limit {
                tell_rate_limit(limit, &received);
            }
            let response = match received {
                Received::Full(response) => response,
                head @ Received::Head(_) => return Ok(head),
            };
            let status = response.status();
            if status.is_success() {
                return Ok(Received::Full(response));
            }
            if let Some(next) =
                redirect::next_hop(&hop, prepared.method(), status, response.headers())?
            {
                redirects += 1;
                if redirects > MAX_REDIRECTS {
                    return Err(TransportError::new(
                        TransportErrorKind::Redirect,
                        format!("more than {MAX_REDIRECTS} redirects"),
                    )
                    .into());
                }
                tracing::debug!(
                    status = status.as_u16(),
                    to = %redirect::origin(&next.url),
                    credentials = self.sends_credentials_to(&next.url),
                    "following a redirect"
                );
                as_get |= next.as_get;
                hop = Cow::Owned(next.url);
                continue;
            }
            if status == StatusCode::UNAUTHORIZED && authorize {
                if !resent
                    && within_deadline(
                        None,
                        TimeoutKind::Operation,
                        deadline,
                        inner.auth.on_unauthorized(&prepared, &response),
                    )
                    .await?
                        == AuthRetry::Resend
                {
                    tracing::debug!("answering the authentication challenge");
                    resent = true;
                    continue;
                }
                return Err(AuthError::rejected(self.api_error(&response)).into());
            }
            return Err(self.api_error(&response).into());
        }
    }

    /// Sends the prepared request and reads the body (for `Read::Head`, only of errors).
    async fn exchange(&self, prepared: &PreparedRequest, read: Read) -> Result<Received, Error> {
        let (method, url, headers, body) = prepared.clone().into_parts();
        // The request is built directly rather than through a `RequestBuilder`, whose
        // `headers()` would insert every header a second time into a map of its own.
        let mut outgoing = reqwest::Request::new(method, url);
        *outgoing.headers_mut() = headers;
        match body {
            PreparedBody::Bytes(bytes) if bytes.is_empty() => {}
            PreparedBody::Bytes(bytes) => *outgoing.body_mut() = Some(bytes.into()),
            PreparedBody::Stream(open) => {
                *outgoing.body_mut() = Some(reqwest::Body::wrap_stream(open()));
            }
        }
        let mut response = self
            .inner
            .http
            .execute(outgoing)
            .await
            .map_err(|error| self.transport_error(error))?;
        if response.url() != prepared.url() {
            // Only a client passed in with `http_client` follows redirects on its own, past
            // the runtime's rules (credentials may already have left).
            return Err(TransportError::new(
                TransportErrorKind::Redirect,
                "the HTTP client followed a redirect itself; build the client passed to \
                 `http_client` with `reqwest::redirect::Policy::none()`, so that the runtime \
                 decides which redirects carry credentials",
            )
            .into());
        }
        let status = response.status();
        tracing::Span::current().record("status", status.as_u16());
        let headers = std::mem::take(response.headers_mut());
        if read == Read::Head && status.is_success() {
            return Ok(Received::Head(StreamingResponse {
                status,
                headers,
                body: StreamingBody::Live {
                    response,
                    transport: self.clone(),
                    speed: self.inner.timeouts.low_speed_limit().map(SpeedMeter::start),
                },
            }));
        }
        let body = self.read_body(&mut response).await?;
        Ok(Received::Full(ApiResponse::new(status, headers, body)))
    }

    /// Reads a body up to the configured limit.
    async fn read_body(&self, response: &mut reqwest::Response) -> Result<Bytes, Error> {
        let limit = self.inner.max_body_bytes;
        let too_large = || {
            Error::from(TransportError::new(
                TransportErrorKind::BodyTooLarge,
                format!("more than {limit} bytes"),
            ))
        };
        let expected = response.content_length().unwrap_or(0);
        if expected > limit as u64 {
            return Err(too_large());
        }
        // A body that arrives in one chunk is kept as it is: no allocation, no copy.
        let mut first = Bytes::new();
        let mut joined: Option<BytesMut> = None;
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|error| self.transport_error(error))?
        {
            let received = joined.as_ref().map_or(first.len(), BytesMut::len);
            if received + chunk.len() > limit {
                return Err(too_large());
            }
            match &mut joined {
                Some(joined) => joined.extend_from_slice(&chunk),
                None if first.is_empty() => first = chunk,
                None => {
                    let capacity = usize::try_from(expected)
                        .unwrap_or(0)
                        .max(received + chunk.len());
                    let mut buffer = BytesMut::with_capacity(capacity);
                    buffer.extend_from_slice(&first);
                    buffer.extend_from_slice(&chunk);
                    joined = Some(buffer);
                }
            }
        }
        Ok(joined.map_or(first, BytesMut::freeze))
    }

    /// Classifies a `reqwest` error, keeping it (without its URL) as the source.
    fn transport_error(&self, error: reqwest::Error) -> Error {
        let error = error.without_url();
        if error.is_timeout() {
            let kind = if error.is_connect() {
                TimeoutKind::Connect
            } else {
                TimeoutKind::Attempt
            };
            let limit = match kind {
                TimeoutKind::Connect => self.inner.timeouts.connect_limit(),
                _ => self.inner.timeouts.attempt_limit(),
            };
            return TimeoutError::new(kind, limit.unwrap_or_default()).into();
        }
        let kind = if error.is_connect() {
            TransportErrorKind::Connect
        } else if error.is_body() || error.is_decode() {
            TransportErrorKind::Body
        } else if error.is_builder() {
            TransportErrorKind::Builder
        } else {
            TransportErrorKind::Request
        };
        let cause = innermost_cause(&error);
        let detail = match crate::tls::certificate_hint(&cause) {
            Some(hint) if kind == TransportErrorKind::Connect => format!("{cause}; {hint}"),
            _ => cause,
        };
        TransportError::new(kind, detail).with_source(error).into()
    }
}

/// Tells an adaptive rate limit how the server answered: a success, or throttling (HTTP 429,
/// or 503 with `Retry-After`).
fn tell_rate_limit(limit: &RateLimit, received: &Received) {
    let (status, retry_after) = match received {
        Received::Head(head) => (head.status(), false),
        Received::Full(response) => (
            response.status(),
            response.headers().contains_key(http::header::RETRY_AFTER),
        ),
    };
    if status.is_success() {
        limit.succeeded();
    } else if status == StatusCode::TOO_MANY_REQUESTS
        || (status == StatusCode::SERVICE_UNAVAILABLE && retry_after)
    {
        limit.throttled();
    }
}

/// A 2xx response whose body is read chunk by chunk (see [`Transport::send_streaming`]).
pub struct StreamingResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: StreamingBody,
}

enum StreamingBody {
    Live {
        response: reqwest::Response,
        transport: Transport,
        /// The low-speed limit's meter, from the head on.
        speed: Option<SpeedMeter>,
    },
    Buffered(Option<Bytes>),
}

impl StreamingResponse {
    fn buffered(response: ApiResponse) -> Self {
        let (status, headers, body) = response.into_parts();
        Self {
            status,
            headers,
            body: StreamingBody::Buffered(Some(body)),
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body length the server announced, if any.
    pub fn content_length(&self) -> Option<u64> {
        self.headers
            .get(http::header::CONTENT_LENGTH)?
            .to_str()
            .ok()?
            .parse()
            .ok()
    }

    /// The next chunk of the body, or `None` at its end. Fails with a
    /// [`TimeoutKind::Idle`] time-out when no data arrives within the attempt time-out, and
    /// with a [`TimeoutKind::LowSpeed`] one when the body arrives below the
    /// [`LowSpeedLimit`](crate::LowSpeedLimit) for a whole period.
    pub async fn chunk(&mut self) -> Result<Option<Bytes>, Error> {
        match &mut self.body {
            StreamingBody::Buffered(rest) => Ok(rest.take().filter(|bytes| !bytes.is_empty())),
            StreamingBody::Live {
                response,
                transport,
                speed,
            } => {
                let idle = transport.inner.timeouts.attempt_limit();
                let next = async {
                    let chunk = response.chunk();
                    let result = match speed.as_mut() {
                        None => chunk.await,
                        Some(meter) => {
                            // The window may end while no chunk comes: check it then too.
                            let mut chunk = std::pin::pin!(chunk);
                            loop {
                                let window_end = tokio::time::sleep_until(meter.window_end());
                                match futures::future::select(
                                    chunk.as_mut(),
                                    std::pin::pin!(window_end),
                                )
                                .await
                                {
                                    futures::future::Either::Left((result, _)) => break result,
                                    futures::future::Either::Right(((), _)) => meter.check()?,
                                }
                            }
                        }
                    };
                    let chunk = result.map_err(|error| transport.transport_error(error))?;
                    if let (Some(bytes), Some(meter)) = (&chunk, speed.as_mut()) {
                        meter.record(bytes.len())?;
                    }
                    Ok(chunk)
                };
                within(idle, TimeoutKind::Idle, next).await
            }
        }
    }
}

impl fmt::Debug for StreamingResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StreamingResponse")
            .field("status", &self.status)
            .field("content_length", &self.content_length())
            .finish_non_exhaustive()
    }
}

/// The message of the deepest error in a chain (e.g. "Connection refused (os error 111)").
fn innermost_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut current = error;
    while let Some(next) = current.source() {
        current = next;
    }
    current.to_string()
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        f.debug_struct("Transport")
            .field("vendor", &inner.vendor)
            .field("endpoint", &inner.endpoint.as_str())
            .field("auth", &inner.auth)
            .field("retry", &inner.retry)
            .field("timeouts", &inner.timeouts)
            .finish_non_exhaustive()
    }
}

/// Configures a [`Transport`]. Clone it to give a second transport (a token endpoint, say)
/// the same options.
#[derive(Clone)]
pub struct TransportBuilder {
    vendor: Vendor,
    endpoint: Option<String>,
    http: Option<reqwest::Client>,
    auth: Arc<dyn AuthHook>,
    errors: Arc<dyn ErrorDecoder>,
    retry: RetryPolicy,
    timeouts: Timeouts,
    default_headers: HeaderMap,
    user_agent: Option<String>,
    allow_insecure_http: bool,
    max_body_bytes: usize,
    dry_run: bool,
    tls: TlsOptions,
    proxy: ProxyOptions,
    rate_limit: Option<RateLimit>,
}

impl TransportBuilder {
    /// A builder for `vendor` with no endpoint, no auth and the default policies.
    pub fn new(vendor: Vendor) -> Self {
        let mut default_headers = HeaderMap::new();
        default_headers.insert(USER_AGENT, HeaderValue::from_static(DEFAULT_USER_AGENT));
        default_headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        Self {
            vendor,
            endpoint: None,
            http: None,
            auth: Arc::new(NoAuth),
            errors: Arc::new(GenericErrorDecoder),
            retry: RetryPolicy::default(),
            timeouts: Timeouts::default(),
            default_headers,
            user_agent: None,
            allow_insecure_http: false,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            dry_run: false,
            tls: TlsOptions::default(),
            proxy: ProxyOptions::default(),
            rate_limit: None,
        }
    }

    /// The base URL; request paths are appended to its path (with or without a trailing `/`).
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// Whether an endpoint has been set.
    pub fn has_endpoint(&self) -> bool {
        self.endpoint.is_some()
    }

    /// Uses the caller's `reqwest` client (its own TLS, proxy and connect time-out settings)
    /// instead of building one. Build it with `reqwest::redirect::Policy::none()`: the
    /// runtime follows redirects itself, so that credentials never leave the endpoint's
    /// origin; a response that the client reached through a redirect of its own is refused.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// The auth hook (default: no credentials).
    pub fn auth(self, auth: impl AuthHook) -> Self {
        self.auth_arc(Arc::new(auth))
    }

    /// The auth hook, shared.
    pub fn auth_arc(mut self, auth: Arc<dyn AuthHook>) -> Self {
        self.auth = auth;
        self
    }

    /// The vendor's error decoder (default: [`GenericErrorDecoder`]).
    pub fn error_decoder(mut self, decoder: impl ErrorDecoder) -> Self {
        self.errors = Arc::new(decoder);
        self
    }

    /// The retry policy (default: 3 attempts, exponential back-off with full jitter).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The time-outs (default: connect 10 s, attempt 30 s, operation 120 s).
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = timeouts;
        self
    }

    /// A header sent with every request (a request's own header of the same name wins).
    pub fn default_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.default_headers.insert(name, value);
        self
    }

    /// Stops sending one of the default headers (`Accept: application/json` or one set with
    /// [`default_header`](Self::default_header)) — e.g. to send exactly the headers another
    /// vendor SDK signs.
    pub fn remove_default_header(mut self, name: &HeaderName) -> Self {
        self.default_headers.remove(name);
        self
    }

    /// Replaces the `User-Agent` (default `pkgsdk/<version>`); checked by [`build`](Self::build).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Allows sending credentials over plain `http://` to hosts other than loopback
    /// (default: refused, because anyone on the path could read them).
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// The largest response body read into memory (default 64 MiB).
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.max_body_bytes = limit;
        self
    }

    /// Also trusts the CA certificate(s) of this PEM bundle — for a self-hosted server
    /// behind an internal CA or with a self-signed certificate. Parsed when the client is
    /// built; applies to the HTTP client pkgsdk builds.
    pub fn add_root_certificate(mut self, pem: impl AsRef<[u8]>) -> Self {
        self.tls.add_root_certificate(pem.as_ref());
        self
    }

    /// Also trusts the CA certificates in the PEM file at `path` (read when the client is
    /// built).
    pub fn root_certificates_pem_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.tls.add_root_file(path.into());
        self
    }

    /// Whether the platform's trusted roots are trusted too (default `true`); with `false`,
    /// only the certificates added here are.
    pub fn tls_built_in_roots(mut self, trusted: bool) -> Self {
        self.tls.built_in_roots(trusted);
        self
    }

    /// Presents this client certificate (PEM, with its chain) and private key (PEM) to
    /// servers that require mutual TLS. The key is a secret: never printed.
    pub fn identity_pem(
        mut self,
        cert_pem: impl AsRef<[u8]>,
        key_pem: impl Into<SecretString>,
    ) -> Self {
        self.tls.identity(cert_pem.as_ref(), key_pem.into());
        self
    }

    /// Limits the request rate (every attempt takes a token), shared with every clone of
    /// `limit`; see [`RateLimit`]. Default: no limit.
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.rate_limit = Some(limit);
        self
    }

    /// Sends every request through the proxy at `url` (`http://host:port` or
    /// `https://host:port`) instead of the ones the environment names (`HTTPS_PROXY`,
    /// `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY`). Credentials in the URL
    /// (`http://user:password@host:3128`) are taken out of it and kept as a secret.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy.url(url.into());
        self
    }

    /// The user and password the proxy asks for, sent to the proxy only
    /// (`Proxy-Authorization`).
    pub fn proxy_credentials(
        mut self,
        user: impl Into<String>,
        password: impl Into<SecretString>,
    ) -> Self {
        self.proxy.credentials(user.into(), password.into());
        self
    }

    /// **Dangerous**: accepts any server certificate — expired, self-signed, for another
    /// host — so anyone on the path can impersonate the server and read the credentials.
    /// For a lab only; logged at WARN when the client is built.
    pub fn danger_accept_invalid_certs(mut self, accept: bool) -> Self {
        self.tls.accept_invalid_certs(accept);
        self
    }

    /// Sends nothing: every call prepares its request and fails with
    /// [`Error::DryRun`] describing it (see [`DryRun`]). For previews such as a CLI's
    /// `--dry-run`.
    pub fn dry_run(mut self, dry_run: bool) -> Self {
        self.dry_run = dry_run;
        self
    }

    /// Validates the configuration and builds the transport.
    pub fn build(mut self) -> Result<Transport, Error> {
        let endpoint = self
            .endpoint
            .as_deref()
            .ok_or_else(|| Error::invalid_input("endpoint", "is required"))?;
        let endpoint = parse_endpoint(endpoint)?;
        if endpoint.scheme() == "http"
            && self.auth.sends_credentials()
            && !self.allow_insecure_http
            && !is_loopback(&endpoint)
        {
            return Err(Error::invalid_input(
                "endpoint",
                "uses plain http:// to a host that is not loopback, so credentials would travel \
                 unencrypted; use https:// or opt in with allow_insecure_http(true)",
            ));
        }
        if let Some(user_agent) = &self.user_agent {
            let value = HeaderValue::from_str(user_agent)
                .map_err(|_| Error::invalid_input("user_agent", "must be visible ASCII text"))?;
            self.default_headers.insert(USER_AGENT, value);
        }
        let http = match self.http {
            Some(_) if self.tls.is_set() || self.proxy.is_set() => {
                return Err(Error::invalid_input(
                    "http_client",
                    "cannot take the TLS or proxy options (root certificates, identity, \
                     danger_accept_invalid_certs, proxy): they configure the HTTP client \
                     pkgsdk builds; set them on your own reqwest::Client instead",
                ));
            }
            Some(client) => client,
            None => default_http_client(&self.timeouts, &self.tls, &self.proxy)?,
        };
        if self.tls.accepts_invalid_certs() {
            tracing::warn!(
                vendor = %self.vendor,
                endpoint = %endpoint,
                "TLS certificate verification is OFF (danger_accept_invalid_certs): anyone \
                 on the path can impersonate the server and read the credentials"
            );
        }
        Ok(Transport {
            inner: Arc::new(Inner {
                vendor: self.vendor,
                endpoint,
                http,
                auth: self.auth,
                errors: self.errors,
                retry: self.retry,
                timeouts: self.timeouts,
                default_headers: self.default_headers,
                max_body_bytes: self.max_body_bytes,
                dry_run: self.dry_run,
                rate_limit: self.rate_limit,
            }),
        })
    }
}

impl fmt::Debug for TransportBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportBuilder")
            .field("vendor", &self.vendor)
            .field("endpoint", &self.endpoint)
            .field("auth", &self.auth)
            .field("retry", &self.retry)
            .field("timeouts", &self.timeouts)
            .finish_non_exhaustive()
    }
}

/// Parses and checks an endpoint: http(s), a host, no credentials, query or fragment.
fn parse_endpoint(text: &str) -> Result<Url, Error> {
    let rule = |rule: &str| Error::invalid_input("endpoint", rule);
    let url =
        Url::parse(text).map_err(|error| rule(&format!("must be an absolute URL ({error})")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(rule("must use http:// or https://"));
    }
    if url.host().is_none() {
        return Err(rule("must name a host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(rule(
            "must not embed credentials; configure them on the client instead",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(rule("must not have a query or fragment"));
    }
    Ok(url)
}

/// Whether the URL's host is a loopback address or `localhost`.
fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(address)) => IpAddr::V4(address).is_loopback(),
        Some(Host::Ipv6(address)) => IpAddr::V6(address).is_loopback(),
        Some(Host::Domain(domain)) => {
            domain.eq_ignore_ascii_case("localhost")
                || domain.to_ascii_lowercase().ends_with(".localhost")
        }
        None => false,
    }
}

/// The client built when the caller passes none: rustls (ring), the connect time-out.
fn default_http_client(
    timeouts: &Timeouts,
    tls: &TlsOptions,
    proxy: &ProxyOptions,
) -> Result<reqwest::Client, Error> {
    crate::tls::ensure_crypto_provider();
    // Redirects are the runtime's (see `redirect`): credentials must never follow one to
    // another origin.
    let mut builder = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none());
    if let Some(limit) = timeouts.connect_limit() {
        builder = builder.connect_timeout(limit);
    }
    #[cfg(feature = "rustls")]
    {
        builder = builder.tls_backend_rustls();
    }
    builder = tls.apply(builder)?;
    builder = proxy.apply(builder)?;
    builder.build().map_err(|error| {
        TransportError::new(TransportErrorKind::Builder, innermost_cause(&error))
            .with_source(error)
            .into()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(endpoint: &str, auth: bool) -> Result<Transport, Error> {
        let builder = Transport::builder(Vendor::Ocp).endpoint(endpoint);
        let builder = if auth {
            builder.auth(crate::HeaderAuth::bearer(crate::SecretString::from("t")))
        } else {
            builder
        };
        builder.build()
    }

    #[test]
    fn endpoints_are_validated() {
        for (endpoint, fragment) in [
            ("not a url", "absolute URL"),
            ("ftp://h/", "http:// or https://"),
            ("https://user:pw@h/", "credentials"),
            ("https://h/?a=1", "query"),
            ("https://h/#x", "fragment"),
        ] {
            let error = build(endpoint, false).unwrap_err();
            let input = error.invalid_field().unwrap();
            assert_eq!(input.field, "endpoint");
            assert!(input.rule.contains(fragment), "{endpoint}: {}", input.rule);
        }
        assert!(Transport::builder(Vendor::Ocp).build().is_err());
    }

    #[test]
    fn credentials_over_plain_http_need_loopback_or_opt_in() {
        assert!(build("http://ocp.example:8080", true).is_err());
        assert!(build("http://ocp.example:8080", false).is_ok());
        assert!(build("https://ocp.example", true).is_ok());
        for loopback in [
            "http://127.0.0.1:1",
            "http://127.8.0.1",
            "http://[::1]:80",
            "http://localhost:8080",
            "http://api.localhost",
        ] {
            assert!(build(loopback, true).is_ok(), "{loopback}");
        }
        let allowed = Transport::builder(Vendor::Ocp)
            .endpoint("http://ocp.example:8080")
            .auth(crate::HeaderAuth::bearer(crate::SecretString::from("t")))
            .allow_insecure_http(true)
            .build();
        assert!(allowed.is_ok());
    }

    #[test]
    fn credentials_go_only_to_the_endpoint_origin() {
        let transport = build("https://API.example:443/base/", false).unwrap();
        for (target, same) in [
            ("https://api.example/other/path?q=1", true),
            ("https://api.example:443/x", true),
            ("https://api.example:8443/x", false),
            ("http://api.example/x", false),
            ("https://files.example/x", false),
            ("https://api.example.evil/x", false),
            ("ftp://api.example/x", false),
            ("file:///etc/passwd", false),
        ] {
            let url = Url::parse(target).unwrap();
            assert_eq!(transport.sends_credentials_to(&url), same, "{target}");
            // The same answer as comparing origins.
            assert_eq!(
                url.origin() == transport.endpoint().origin(),
                same,
                "{target}"
            );
        }
    }

    #[test]
    fn debug_does_not_show_credentials() {
        let transport = Transport::builder(Vendor::Ocp)
            .endpoint("https://h")
            .auth(crate::HeaderAuth::basic(
                "admin",
                crate::SecretString::from("pw-123"),
            ))
            .build()
            .unwrap();
        let debug = format!("{transport:?}");
        assert!(debug.contains("[redacted]"), "{debug}");
        assert!(!debug.contains("pw-123"));
        assert!(!debug.contains("YWRtaW46cHctMTIz"));
    }
}
