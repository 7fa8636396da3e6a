//! [`Error`]: the one error type every pkgsdk client returns.
//!
//! Vendor error codes are data ([`Error::code`]), not variants: whatever the vendor, a failed
//! call is one of a few kinds — the server said no ([`Error::Api`]), credentials were refused
//! ([`Error::Auth`]), something timed out, the connection failed, the body did not decode,
//! the caller's input was rejected before sending, or paging went round in circles.
//!
//! `Display` is one line with the HTTP status, the vendor's code and message:
//!
//! ```
//! use pkgruntime::{ApiError, Error};
//! use http::StatusCode;
//!
//! let mut api = ApiError::new(StatusCode::NOT_FOUND, br#"{"error":{"code":10002}}"#);
//! api.code = Some("10002".into());
//! api.message = Some("Software package not found".into());
//! api.request_id = Some("b31aec4d58104ecd".into());
//! let error = Error::from(api);
//! assert_eq!(
//!     error.to_string(),
//!     "HTTP 404 Not Found, code 10002: Software package not found (request id b31aec4d58104ecd)"
//! );
//! assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
//! assert_eq!(error.code(), Some("10002"));
//! assert!(!error.is_retryable());
//! ```

use crate::DryRun;
use http::StatusCode;
use std::fmt;
use std::time::Duration;

/// A boxed error from a lower layer, kept as the [`source`](std::error::Error::source).
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// How many bytes of a response body an error keeps.
pub const MAX_ERROR_BODY_BYTES: usize = 4 * 1024;

/// How many characters of a body an error's one-line `Display` quotes when the vendor sent
/// no message.
const DISPLAY_SNIPPET_CHARS: usize = 200;

/// Everything that can go wrong in a pkgsdk call.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with an error status (or an error envelope on a 2xx).
    #[error(transparent)]
    Api(Box<ApiError>),
    /// Credentials were refused, or could not be obtained.
    #[error(transparent)]
    Auth(Box<AuthError>),
    /// A time-out elapsed.
    #[error(transparent)]
    Timeout(TimeoutError),
    /// The request could not be sent or the response could not be read.
    #[error(transparent)]
    Transport(TransportError),
    /// The response body did not match the expected shape.
    #[error(transparent)]
    Decode(Box<DecodeError>),
    /// The caller's input broke a documented rule; nothing was sent.
    #[error(transparent)]
    InvalidInput(InvalidInput),
    /// Paging did not make progress (a repeated marker or page, or too many pages).
    #[error(transparent)]
    PaginationLoop(PaginationLoop),
    /// A local file could not be read, written or moved (downloads, uploads).
    #[error(transparent)]
    Io(IoError),
    /// Downloaded bytes did not match the published size or checksum.
    #[error(transparent)]
    Integrity(IntegrityError),
    /// The client is in dry-run mode: the request it would have sent, not sent.
    #[error("{0}")]
    DryRun(Box<DryRun>),
}

impl Error {
    /// An [`Error::InvalidInput`] for `field` breaking `rule`.
    pub fn invalid_input(field: impl Into<String>, rule: impl Into<String>) -> Self {
        Self::InvalidInput(InvalidInput::new(field, rule))
    }

    /// The HTTP status of the response that caused this error, if there was one.
    pub fn status(&self) -> Option<StatusCode> {
        self.api().map(|api| api.status)
    }

    /// The vendor's error code, if the server sent one.
    pub fn code(&self) -> Option<&str> {
        self.api().and_then(|api| api.code.as_deref())
    }

    /// The vendor's error message, if the server sent one.
    pub fn message(&self) -> Option<&str> {
        self.api().and_then(|api| api.message.as_deref())
    }

    /// The vendor's request or trace id, if the server sent one.
    pub fn request_id(&self) -> Option<&str> {
        self.api().and_then(|api| api.request_id.as_deref())
    }

    /// The delay the server asked for in `Retry-After`, clamped to the retry cap.
    pub fn retry_after(&self) -> Option<Duration> {
        self.api().and_then(|api| api.retry_after)
    }

    /// The server's error response, for [`Error::Api`] and for [`Error::Auth`] when the
    /// server refused the credentials.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Self::Api(api) => Some(api),
            Self::Auth(auth) => auth.response.as_ref(),
            _ => None,
        }
    }

    /// Whether trying again may succeed: connection failures (refused, reset, cut off
    /// mid-body), connect and attempt time-outs, and the statuses 408, 429, 500, 502, 503 and 504.
    ///
    /// The transport retries these by itself on idempotent requests; by the time a caller
    /// sees one, the retry budget is spent.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Api(api) => is_retryable_status(api.status),
            Self::Timeout(timeout) => matches!(
                timeout.kind,
                TimeoutKind::Attempt
                    | TimeoutKind::Connect
                    | TimeoutKind::Idle
                    | TimeoutKind::LowSpeed { .. }
            ),
            Self::Transport(transport) => matches!(
                transport.kind,
                TransportErrorKind::Connect
                    | TransportErrorKind::Request
                    | TransportErrorKind::Body
            ),
            _ => false,
        }
    }

    /// Whether this is a time-out (of any kind).
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::Timeout(_))
    }

    /// Whether credentials were refused or could not be obtained (HTTP 401 included).
    pub fn is_auth(&self) -> bool {
        matches!(self, Self::Auth(_))
    }

    /// The invalid field and its rule, for [`Error::InvalidInput`].
    pub fn invalid_field(&self) -> Option<&InvalidInput> {
        match self {
            Self::InvalidInput(input) => Some(input),
            _ => None,
        }
    }
}

/// The statuses worth retrying on an idempotent request.
pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 500 | 502 | 503 | 504)
}

impl From<ApiError> for Error {
    fn from(error: ApiError) -> Self {
        Self::Api(Box::new(error))
    }
}

impl From<AuthError> for Error {
    fn from(error: AuthError) -> Self {
        Self::Auth(Box::new(error))
    }
}

impl From<DecodeError> for Error {
    fn from(error: DecodeError) -> Self {
        Self::Decode(Box::new(error))
    }
}

impl From<InvalidInput> for Error {
    fn from(error: InvalidInput) -> Self {
        Self::InvalidInput(error)
    }
}

impl From<TimeoutError> for Error {
    fn from(error: TimeoutError) -> Self {
        Self::Timeout(error)
    }
}

impl From<TransportError> for Error {
    fn from(error: TransportError) -> Self {
        Self::Transport(error)
    }
}

impl From<IoError> for Error {
    fn from(error: IoError) -> Self {
        Self::Io(error)
    }
}

impl From<IntegrityError> for Error {
    fn from(error: IntegrityError) -> Self {
        Self::Integrity(error)
    }
}

impl From<PaginationLoop> for Error {
    fn from(error: PaginationLoop) -> Self {
        Self::PaginationLoop(error)
    }
}

/// An error response from the server, decoded by the vendor's error decoder.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The vendor's error code (e.g. `10002`, `IOTDA.000006`, `E001R000`).
    pub code: Option<String>,
    /// The vendor's error message.
    pub message: Option<String>,
    /// The vendor's request or trace id.
    pub request_id: Option<String>,
    /// The delay asked for in `Retry-After`, clamped to the retry policy's cap.
    pub retry_after: Option<Duration>,
    /// The start of the response body (at most [`MAX_ERROR_BODY_BYTES`], lossy UTF-8).
    pub body: String,
}

impl ApiError {
    /// An error for `status` keeping the start of `body`; the vendor decoder fills in the rest.
    pub fn new(status: StatusCode, body: &[u8]) -> Self {
        Self {
            status,
            code: None,
            message: None,
            request_id: None,
            retry_after: None,
            body: truncate_body(body),
        }
    }
}

impl std::error::Error for ApiError {}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status.as_u16())?;
        if let Some(reason) = self.status.canonical_reason() {
            write!(f, " {reason}")?;
        }
        if let Some(code) = &self.code {
            write!(f, ", code {}", one_line(code, DISPLAY_SNIPPET_CHARS))?;
        }
        match &self.message {
            Some(message) => write!(f, ": {}", one_line(message, DISPLAY_SNIPPET_CHARS))?,
            None if !self.body.trim().is_empty() => {
                write!(f, ": {}", one_line(&self.body, DISPLAY_SNIPPET_CHARS))?;
            }
            None => {}
        }
        if let Some(request_id) = &self.request_id {
            write!(
                f,
                " (request id {})",
                one_line(request_id, DISPLAY_SNIPPET_CHARS)
            )?;
        }
        Ok(())
    }
}

/// Credentials were refused by the server, or could not be obtained.
#[derive(Debug)]
#[non_exhaustive]
pub struct AuthError {
    /// What went wrong, without any secret.
    pub message: String,
    /// The server's refusal, when there was one (usually HTTP 401).
    pub response: Option<ApiError>,
    /// The underlying cause (e.g. a failed token request).
    pub source: Option<BoxError>,
}

impl AuthError {
    /// An auth error with a message and no server response.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            response: None,
            source: None,
        }
    }

    /// The server refused the credentials with this response.
    pub fn rejected(response: ApiError) -> Self {
        Self {
            message: "the server refused the credentials".into(),
            response: Some(response),
            source: None,
        }
    }

    /// Attaches the underlying cause.
    pub fn with_source(mut self, source: impl Into<BoxError>) -> Self {
        self.source = Some(source.into());
        self
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "authentication failed: {}", self.message)?;
        if let Some(response) = &self.response {
            write!(f, ": {response}")?;
        } else if let Some(source) = &self.source {
            write!(f, ": {source}")?;
        }
        Ok(())
    }
}

impl std::error::Error for AuthError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|source| source as _)
    }
}

/// Which time-out elapsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// Establishing the connection.
    Connect,
    /// One attempt: sending the request and reading the whole response.
    Attempt,
    /// The whole operation, all attempts and back-off delays included.
    Operation,
    /// Waiting for the next part of a streamed response body (a download).
    Idle,
    /// A streamed body (a download) stayed below this rate for a whole low-speed period
    /// (see [`LowSpeedLimit`](crate::LowSpeedLimit)).
    LowSpeed {
        /// The minimum rate.
        bytes_per_second: u64,
    },
    /// A whole transfer (a download, from its request to its last byte, restarts included).
    Transfer,
}

impl fmt::Display for TimeoutKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Connect => f.write_str("connecting"),
            Self::Attempt => f.write_str("the attempt"),
            Self::Operation => f.write_str("the operation"),
            Self::Idle => f.write_str("waiting for more of the response body"),
            Self::LowSpeed { bytes_per_second } => {
                write!(f, "the transfer, below {bytes_per_second} bytes/s,")
            }
            Self::Transfer => f.write_str("the whole transfer"),
        }
    }
}

/// A time-out elapsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("timed out: {kind} took longer than {after:?}")]
#[non_exhaustive]
pub struct TimeoutError {
    /// Which time-out.
    pub kind: TimeoutKind,
    /// Its configured length.
    pub after: Duration,
}

impl TimeoutError {
    /// A time-out of `kind` after `after`.
    pub fn new(kind: TimeoutKind, after: Duration) -> Self {
        Self { kind, after }
    }
}

/// What part of the exchange failed, for [`TransportError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The connection could not be established.
    Connect,
    /// The request failed while being sent or while waiting for the response head.
    Request,
    /// The response body could not be read (e.g. the connection was reset mid-body).
    Body,
    /// The response body was larger than the transport accepts.
    BodyTooLarge,
    /// The HTTP client could not be built (TLS set-up, invalid configuration).
    Builder,
    /// A redirect was not followed: to another scheme than http(s), from https to http,
    /// without a usable `Location`, or one too many (see the transport's redirect rules).
    Redirect,
}

impl fmt::Display for TransportErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Connect => "could not connect",
            Self::Request => "the request failed",
            Self::Body => "could not read the response body",
            Self::BodyTooLarge => "the response body is too large",
            Self::Builder => "could not build the HTTP client",
            Self::Redirect => "redirect not followed",
        })
    }
}

/// The request could not be sent or the response not read.
#[derive(Debug, thiserror::Error)]
#[error("{kind}: {detail}")]
#[non_exhaustive]
pub struct TransportError {
    /// What part of the exchange failed.
    pub kind: TransportErrorKind,
    /// The innermost cause, in words.
    pub detail: String,
    /// The underlying error (a `reqwest` error, reachable only through `source()`).
    #[source]
    pub source: Option<BoxError>,
}

impl TransportError {
    /// A transport error of `kind` with a description.
    pub fn new(kind: TransportErrorKind, detail: impl Into<String>) -> Self {
        Self {
            kind,
            detail: detail.into(),
            source: None,
        }
    }

    /// Attaches the underlying cause.
    pub fn with_source(mut self, source: impl Into<BoxError>) -> Self {
        self.source = Some(source.into());
        self
    }
}

/// The response body did not decode.
#[derive(Debug)]
#[non_exhaustive]
pub struct DecodeError {
    /// The path of the offending value in the JSON document (e.g. `data.contents[3].size`),
    /// `.` for the document itself.
    pub path: String,
    /// What was wrong with it.
    pub message: String,
    /// The start of the body (at most [`MAX_ERROR_BODY_BYTES`], lossy UTF-8).
    pub body: String,
    /// The underlying parser error.
    pub source: Option<BoxError>,
}

impl DecodeError {
    /// A decode error at `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>, body: &[u8]) -> Self {
        Self {
            path: path.into(),
            message: message.into(),
            body: truncate_body(body),
            source: None,
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid response body at `{}`: {}",
            self.path, self.message
        )
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|source| source as _)
    }
}

/// The caller's input broke a documented rule. Nothing was sent.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid input: `{field}` {rule}")]
#[non_exhaustive]
pub struct InvalidInput {
    /// The parameter's name as the caller knows it (e.g. `page_size`).
    pub field: String,
    /// The rule it broke, phrased to follow the field name (e.g. `must be between 1 and 2000 (got 0)`).
    pub rule: String,
}

impl InvalidInput {
    /// `field` broke `rule`.
    pub fn new(field: impl Into<String>, rule: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            rule: rule.into(),
        }
    }
}

/// Why paging stopped with an error instead of reaching the end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PaginationLoopReason {
    /// The server returned the cursor of a page already fetched (a repeated marker, token or page).
    RepeatedCursor,
    /// The server returned the same page again for a different position (it ignored the
    /// offset or page number).
    RepeatedPage,
    /// The configured maximum number of pages was reached before the end.
    MaxPages(u64),
    /// This many empty pages in a row still said more would follow.
    EmptyPages(u64),
    /// A page held another number of items than the page size although the server's
    /// totals say more follow, and nothing the server reported says where the next page
    /// starts (it pages by a size other than the one asked and does not report it, or
    /// reports one it did not keep). Following on could skip or repeat items.
    UnexpectedPageSize {
        /// The page number, as the server reported it or as it was asked for.
        page: u64,
        /// The page size asked for (or reported).
        size: u32,
        /// The items the page held.
        returned: u64,
    },
}

/// Paging did not make progress.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PaginationLoop {
    /// Why paging stopped.
    pub reason: PaginationLoopReason,
    /// The paging style (`page_number`, `offset`, `marker`, `token`).
    pub style: &'static str,
    /// Pages fetched before stopping.
    pub pages_fetched: u64,
}

impl PaginationLoop {
    /// A pagination error.
    pub fn new(reason: PaginationLoopReason, style: &'static str, pages_fetched: u64) -> Self {
        Self {
            reason,
            style,
            pages_fetched,
        }
    }
}

impl fmt::Display for PaginationLoop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pages = self.pages_fetched;
        match self.reason {
            PaginationLoopReason::RepeatedCursor => write!(
                f,
                "pagination loop: the server returned a {} cursor it had already returned (after {pages} pages)",
                self.style
            ),
            PaginationLoopReason::RepeatedPage => write!(
                f,
                "pagination loop: the server returned the same page again for another {} position (after {pages} pages)",
                self.style
            ),
            PaginationLoopReason::MaxPages(max) => {
                write!(
                    f,
                    "pagination stopped: reached the maximum of {max} pages before the end"
                )
            }
            PaginationLoopReason::EmptyPages(run) => write!(
                f,
                "pagination loop: {run} empty pages in a row still signalled more (after {pages} pages)"
            ),
            PaginationLoopReason::UnexpectedPageSize {
                page,
                size,
                returned,
            } => write!(
                f,
                "pagination stopped: page {page} held {returned} items where the page size is {size}, \
                 although the server's total says more follow; the server pages by another size, so \
                 where the next page starts is unknown (resume from a cursor the listing produced, \
                 or ask for a page size of {returned})"
            ),
        }
    }
}

impl std::error::Error for PaginationLoop {}

/// A local file operation failed.
#[derive(Debug, thiserror::Error)]
#[error("could not {operation} {}: {source}", path.display())]
#[non_exhaustive]
pub struct IoError {
    /// What was being done (`create`, `write`, `rename`, `read`, …).
    pub operation: &'static str,
    /// The file concerned.
    pub path: std::path::PathBuf,
    /// The operating system's error.
    #[source]
    pub source: std::io::Error,
}

impl IoError {
    /// `operation` on `path` failed with `source`.
    pub fn new(
        operation: &'static str,
        path: impl Into<std::path::PathBuf>,
        source: std::io::Error,
    ) -> Self {
        Self {
            operation,
            path: path.into(),
            source,
        }
    }
}

/// What a download was checked against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum IntegrityCheck {
    /// The published size in bytes.
    Size,
    /// The published checksum.
    Checksum,
}

/// Downloaded bytes did not match what the catalogue published. No file was left at the
/// destination path.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("download failed verification: the {} is {actual}, expected {expected}", match check {
    IntegrityCheck::Size => "size",
    IntegrityCheck::Checksum => "checksum",
})]
#[non_exhaustive]
pub struct IntegrityError {
    /// Which check failed.
    pub check: IntegrityCheck,
    /// The published value.
    pub expected: String,
    /// What was received.
    pub actual: String,
}

impl IntegrityError {
    /// The `check` failed: `actual` where `expected` was published.
    pub fn new(
        check: IntegrityCheck,
        expected: impl Into<String>,
        actual: impl Into<String>,
    ) -> Self {
        Self {
            check,
            expected: expected.into(),
            actual: actual.into(),
        }
    }
}

/// Keeps the first [`MAX_ERROR_BODY_BYTES`] of a body as text.
pub(crate) fn truncate_body(body: &[u8]) -> String {
    let kept = body.get(..MAX_ERROR_BODY_BYTES).unwrap_or(body);
    let mut text = String::from_utf8_lossy(kept).into_owned();
    if kept.len() < body.len() {
        text.push('…');
    }
    text
}

/// The first `max_chars` characters of `text` on one line (newlines and tabs become spaces).
fn one_line(text: &str, max_chars: usize) -> String {
    let mut line: String = text
        .trim()
        .chars()
        .take(max_chars)
        .map(|c| {
            if crate::printable::is_unprintable(c) {
                ' '
            } else {
                c
            }
        })
        .collect();
    if text.trim().chars().nth(max_chars).is_some() {
        line.push('…');
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_error_display_without_vendor_fields_quotes_the_body_on_one_line() {
        let error = Error::from(ApiError::new(
            StatusCode::BAD_GATEWAY,
            b"<html>\n<body>Bad gateway</body>\n</html>",
        ));
        assert_eq!(
            error.to_string(),
            "HTTP 502 Bad Gateway: <html> <body>Bad gateway</body> </html>"
        );
        assert!(error.is_retryable());
    }

    #[test]
    fn api_error_display_with_an_empty_body() {
        let error = Error::from(ApiError::new(StatusCode::SERVICE_UNAVAILABLE, b""));
        assert_eq!(error.to_string(), "HTTP 503 Service Unavailable");
    }

    #[test]
    fn bodies_are_truncated() {
        let body = vec![b'x'; MAX_ERROR_BODY_BYTES * 3];
        let error = ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, &body);
        assert_eq!(
            error.body.chars().filter(|c| *c == 'x').count(),
            MAX_ERROR_BODY_BYTES
        );
        assert!(error.body.ends_with('…'));
        let display = Error::from(error).to_string();
        assert!(display.len() < 300, "{display}");
    }

    #[test]
    fn truncation_keeps_valid_utf8_when_cutting_a_character() {
        let mut body = vec![b'a'; MAX_ERROR_BODY_BYTES - 1];
        body.extend_from_slice("é".as_bytes());
        let text = truncate_body(&body);
        assert!(text.starts_with('a'));
        assert!(text.ends_with('…'));
    }

    #[test]
    fn auth_error_display_includes_the_server_response() {
        let mut response = ApiError::new(StatusCode::UNAUTHORIZED, b"{}");
        response.code = Some("30000".into());
        response.message = Some("Unauthorized".into());
        let error = Error::from(AuthError::rejected(response));
        assert_eq!(
            error.to_string(),
            "authentication failed: the server refused the credentials: HTTP 401 Unauthorized, code 30000: Unauthorized"
        );
        assert_eq!(error.status(), Some(StatusCode::UNAUTHORIZED));
        assert_eq!(error.code(), Some("30000"));
        assert!(error.is_auth());
        assert!(!error.is_retryable());
    }

    #[test]
    fn other_variants_display_on_one_line() {
        let cases: Vec<(Error, &str)> = vec![
            (
                Error::invalid_input("page_size", "must be between 1 and 2000 (got 0)"),
                "invalid input: `page_size` must be between 1 and 2000 (got 0)",
            ),
            (
                TimeoutError::new(TimeoutKind::Attempt, Duration::from_secs(30)).into(),
                "timed out: the attempt took longer than 30s",
            ),
            (
                TransportError::new(TransportErrorKind::Connect, "connection refused").into(),
                "could not connect: connection refused",
            ),
            (
                DecodeError::new(
                    "data.contents[1].size",
                    "invalid type: string \"x\", expected u64",
                    b"{}",
                )
                .into(),
                "invalid response body at `data.contents[1].size`: invalid type: string \"x\", expected u64",
            ),
            (
                PaginationLoop::new(PaginationLoopReason::RepeatedCursor, "marker", 3).into(),
                "pagination loop: the server returned a marker cursor it had already returned (after 3 pages)",
            ),
            (
                PaginationLoop::new(PaginationLoopReason::MaxPages(10), "page_number", 10).into(),
                "pagination stopped: reached the maximum of 10 pages before the end",
            ),
            (
                IntegrityError::new(IntegrityCheck::Size, "31017340 bytes", "1024 bytes").into(),
                "download failed verification: the size is 1024 bytes, expected 31017340 bytes",
            ),
            (
                IoError::new(
                    "create",
                    "/nonexistent/x.rpm",
                    std::io::Error::from(std::io::ErrorKind::NotFound),
                )
                .into(),
                "could not create /nonexistent/x.rpm: entity not found",
            ),
            (
                PaginationLoop::new(PaginationLoopReason::EmptyPages(16), "token", 20).into(),
                "pagination loop: 16 empty pages in a row still signalled more (after 20 pages)",
            ),
        ];
        for (error, expected) in cases {
            assert_eq!(error.to_string(), expected);
            assert!(!error.to_string().contains('\n'));
        }
    }

    #[test]
    fn retryable_classification() {
        for status in [408, 429, 500, 502, 503, 504] {
            let error = Error::from(ApiError::new(StatusCode::from_u16(status).unwrap(), b""));
            assert!(error.is_retryable(), "{status}");
        }
        for status in [400, 401, 403, 404, 409, 501] {
            let error = Error::from(ApiError::new(StatusCode::from_u16(status).unwrap(), b""));
            assert!(!error.is_retryable(), "{status}");
        }
        assert!(
            Error::from(TimeoutError::new(TimeoutKind::Attempt, Duration::ZERO)).is_retryable()
        );
        assert!(
            !Error::from(TimeoutError::new(TimeoutKind::Operation, Duration::ZERO)).is_retryable()
        );
        assert!(Error::from(TransportError::new(TransportErrorKind::Connect, "")).is_retryable());
        assert!(!Error::invalid_input("a", "b").is_retryable());
    }
}
