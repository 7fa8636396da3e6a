//! [`ApiRequest`]: one API call, described independently of the HTTP client.
//!
//! A vendor operation turns its parameters into an `ApiRequest`: method, path segments (or a
//! URL of its own, e.g. a download link), query, headers, body and whether it is safe to
//! retry. The [`Transport`](crate::Transport) joins it to the endpoint, lets the auth hook
//! sign the final form ([`PreparedRequest`]), and sends it.
//!
//! Path segments and query keys and values are percent-encoded with only the RFC 3986
//! unreserved characters (`A-Z a-z 0-9 - _ . ~`) left as they are, so the URL on the wire is
//! exactly the one a signer canonicalises.
//!
//! ```
//! use pkgruntime::{ApiRequest, QueryList};
//! use url::Url;
//!
//! let request = ApiRequest::get("list_software_packages")
//!     .path(["api", "v2", "software-packages"])
//!     .query("keyword", "ocp agent")
//!     .query_list("type", ["OB_SERVER_INSTALL_PACKAGE", "OCP_AGENT_INSTALL_PACKAGE"], QueryList::CommaJoined)
//!     .query("size", 500);
//! let url = request.resolve(&Url::parse("http://ocp.example:8080/proxy/")?);
//! assert_eq!(
//!     url.as_str(),
//!     "http://ocp.example:8080/proxy/api/v2/software-packages?keyword=ocp%20agent\
//!      &type=OB_SERVER_INSTALL_PACKAGE%2COCP_AGENT_INSTALL_PACKAGE&size=500"
//! );
//! assert!(request.is_idempotent());
//! # Ok::<(), url::ParseError>(())
//! ```

use crate::Error;
use bytes::Bytes;
use futures::stream::BoxStream;
use http::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderName, HeaderValue};
use http::{Extensions, HeaderMap, Method};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use std::borrow::Cow;
use std::fmt::{self, Display, Write as _};
use std::sync::Arc;
use url::Url;

/// Every byte except the RFC 3986 unreserved characters is percent-encoded.
pub(crate) const STRICT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes `text` leaving only RFC 3986 unreserved characters as they are.
///
/// This is the encoding the transport uses for path segments and query parameters, and the
/// one signers (Huawei's, OCP's) use in their canonical forms.
///
/// ```
/// assert_eq!(pkgruntime::percent_encode("a b/c+é~"), "a%20b%2Fc%2B%C3%A9~");
/// ```
pub fn percent_encode(text: &str) -> Cow<'_, str> {
    utf8_percent_encode(text, STRICT).into()
}

/// How a multi-valued query parameter goes on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum QueryList {
    /// `type=A&type=B`.
    Repeated,
    /// `type=A,B` (the comma percent-encoded like any other reserved character).
    CommaJoined,
}

/// A stream of body chunks, as a streamed request body produces them.
pub type BodyStream = BoxStream<'static, std::io::Result<Bytes>>;

/// Opens a fresh [`BodyStream`] for each attempt (e.g. re-opening a file).
pub type BodyFactory = Arc<dyn Fn() -> BodyStream + Send + Sync>;

/// The body of an [`ApiRequest`].
#[derive(Clone, Default)]
enum Body {
    #[default]
    Empty,
    Bytes {
        content: Bytes,
        content_type: HeaderValue,
    },
    Stream {
        open: BodyFactory,
        length: u64,
        content_type: HeaderValue,
    },
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("Empty"),
            Self::Bytes { content, .. } => write!(f, "Bytes({} bytes)", content.len()),
            Self::Stream { length, .. } => write!(f, "Stream({length} bytes)"),
        }
    }
}

/// Where a request goes: a path under the endpoint, or a URL of its own.
#[derive(Clone, Debug)]
enum Target {
    Path(Vec<String>),
    Url(Url),
}

/// One API call: method, path, query, headers, body, and whether it may be retried.
#[derive(Clone, Debug)]
pub struct ApiRequest {
    operation: &'static str,
    method: Method,
    target: Target,
    query: Vec<(Cow<'static, str>, String)>,
    headers: HeaderMap,
    body: Body,
    idempotent: bool,
    extensions: Extensions,
}

impl ApiRequest {
    /// A request for `operation` (a name for logs and traces, e.g. `list_software_packages`).
    ///
    /// It is idempotent (retried on transient failures) when `method` is: GET, HEAD, PUT,
    /// DELETE, OPTIONS and TRACE are; POST and PATCH are not.
    pub fn new(method: Method, operation: &'static str) -> Self {
        Self {
            operation,
            idempotent: method.is_idempotent(),
            method,
            target: Target::Path(Vec::new()),
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: Body::Empty,
            extensions: Extensions::new(),
        }
    }

    /// A GET request.
    pub fn get(operation: &'static str) -> Self {
        Self::new(Method::GET, operation)
    }

    /// A POST request (not retried unless marked [`idempotent`](Self::idempotent)).
    pub fn post(operation: &'static str) -> Self {
        Self::new(Method::POST, operation)
    }

    /// A PUT request.
    pub fn put(operation: &'static str) -> Self {
        Self::new(Method::PUT, operation)
    }

    /// A DELETE request.
    pub fn delete(operation: &'static str) -> Self {
        Self::new(Method::DELETE, operation)
    }

    /// Appends path segments; each is percent-encoded on its own, so a `/` inside a value
    /// stays inside its segment.
    pub fn path<I>(mut self, segments: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        match &mut self.target {
            Target::Path(path) => path.extend(segments.into_iter().map(Into::into)),
            Target::Url(url) => {
                if let Ok(mut path) = url.path_segments_mut() {
                    path.pop_if_empty()
                        .extend(segments.into_iter().map(Into::<String>::into));
                }
            }
        }
        self
    }

    /// Sends the request to `url` instead of a path under the endpoint (e.g. a download link
    /// a listing returned). Query parameters added with [`query`](Self::query) are appended
    /// to the URL's own. The transport sends credentials only when `url` has the same origin
    /// (scheme, host and port) as the endpoint.
    pub fn url(mut self, url: Url) -> Self {
        self.target = Target::Url(url);
        self
    }

    /// Appends one query parameter.
    pub fn query(mut self, key: impl Into<Cow<'static, str>>, value: impl Display) -> Self {
        self.query.push((key.into(), value.to_string()));
        self
    }

    /// Appends a query parameter when `value` is `Some`.
    pub fn query_opt<V: Display>(
        self,
        key: impl Into<Cow<'static, str>>,
        value: Option<V>,
    ) -> Self {
        match value {
            Some(value) => self.query(key, value),
            None => self,
        }
    }

    /// Appends a multi-valued query parameter in the given style; nothing when `values` is empty.
    pub fn query_list<I>(
        mut self,
        key: impl Into<Cow<'static, str>>,
        values: I,
        style: QueryList,
    ) -> Self
    where
        I: IntoIterator,
        I::Item: Display,
    {
        let key = key.into();
        match style {
            QueryList::Repeated => {
                for value in values {
                    self.query.push((key.clone(), value.to_string()));
                }
            }
            QueryList::CommaJoined => {
                let mut joined = String::new();
                for value in values {
                    if !joined.is_empty() {
                        joined.push(',');
                    }
                    let _ = write!(joined, "{value}");
                }
                if !joined.is_empty() {
                    self.query.push((key, joined));
                }
            }
        }
        self
    }

    /// Sets a header, replacing any earlier value.
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.insert(name, value);
        self
    }

    /// Sets a header from text supplied by the caller, rejecting values that cannot go in a
    /// header (control characters, non-ASCII) with [`Error::InvalidInput`] naming `field`.
    pub fn try_header(self, name: HeaderName, value: &str, field: &str) -> Result<Self, Error> {
        let value = HeaderValue::from_str(value).map_err(|_| {
            Error::invalid_input(field, "must be visible ASCII text usable in an HTTP header")
        })?;
        Ok(self.header(name, value))
    }

    /// Sets a JSON body (and `Content-Type: application/json`).
    pub fn json<T: serde::Serialize + ?Sized>(self, body: &T) -> Result<Self, Error> {
        let content = serde_json::to_vec(body).map_err(|error| {
            Error::invalid_input("body", format!("must serialise to JSON: {error}"))
        })?;
        Ok(self.body(content, HeaderValue::from_static("application/json")))
    }

    /// Sets a body with its content type.
    pub fn body(mut self, content: impl Into<Bytes>, content_type: HeaderValue) -> Self {
        self.body = Body::Bytes {
            content: content.into(),
            content_type,
        };
        self
    }

    /// Sets a streamed body of `length` bytes; `open` is called for every attempt, so a file
    /// can be re-read rather than held in memory. Auth hooks see an empty
    /// [`PreparedRequest::body`] and [`PreparedRequest::is_streamed`] `true`; a signer that
    /// needs a digest of the body takes it from an [`extension`](Self::extension).
    pub fn body_stream(
        mut self,
        open: BodyFactory,
        length: u64,
        content_type: HeaderValue,
    ) -> Self {
        self.body = Body::Stream {
            open,
            length,
            content_type,
        };
        self
    }

    /// Attaches a typed value for the auth hook (e.g. a precomputed body digest), readable
    /// from [`PreparedRequest::extensions`].
    pub fn extension<T: Clone + Send + Sync + 'static>(mut self, value: T) -> Self {
        self.extensions.insert(value);
        self
    }

    /// Overrides whether the request may be retried after a transient failure.
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = idempotent;
        self
    }

    /// The operation name used in logs and traces.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The path segments under the endpoint, not yet encoded (empty for a request sent to a
    /// URL of its own).
    pub fn path_segments(&self) -> &[String] {
        match &self.target {
            Target::Path(path) => path,
            Target::Url(_) => &[],
        }
    }

    /// The query parameters in order, not yet encoded.
    pub fn query_pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.query
            .iter()
            .map(|(key, value)| (key.as_ref(), value.as_str()))
    }

    /// The headers set on this request (the transport adds its defaults and the auth hook its
    /// credentials when sending).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Whether the request may be retried after a transient failure.
    pub fn is_idempotent(&self) -> bool {
        self.idempotent
    }

    /// The body bytes (empty when there is no body or it is streamed).
    pub fn body_bytes(&self) -> &[u8] {
        match &self.body {
            Body::Bytes { content, .. } => content,
            Body::Empty | Body::Stream { .. } => &[],
        }
    }

    /// Checks that every path segment is a real one: not empty, `.` or `..`, which URL
    /// normalisation would drop or resolve and so send the request somewhere else (an empty
    /// id turning `…/packages/{id}` into the listing, `..` climbing out of the API).
    pub(crate) fn check_path(&self) -> Result<(), Error> {
        let bad = self.path_segments().iter().find(|segment| {
            segment.is_empty() || segment.as_str() == "." || segment.as_str() == ".."
        });
        match bad {
            Some(segment) => Err(Error::invalid_input(
                "path",
                format!("segments must not be empty, `.` or `..` (got {segment:?})"),
            )),
            None => Ok(()),
        }
    }

    /// The full URL of this request under `endpoint`: the endpoint's path is a prefix (with
    /// or without a trailing `/`), then the encoded segments and query. A request with a URL
    /// of its own ignores `endpoint`.
    pub fn resolve(&self, endpoint: &Url) -> Url {
        match &self.target {
            Target::Url(url) => {
                let mut url = url.clone();
                url.set_fragment(None);
                if !self.query.is_empty() {
                    let mut query = url.query().unwrap_or_default().to_owned();
                    let first = query.is_empty();
                    self.encode_query_into(&mut query, first);
                    url.set_query(Some(&query));
                }
                url
            }
            Target::Path(segments) => {
                // The path and query are encoded into one string and parsed once against the
                // endpoint, which keeps the endpoint's scheme and authority without parsing
                // them again: a listing resolves one URL per page.
                let base = endpoint.path().trim_end_matches('/');
                let encoded_len: usize = segments.iter().map(|segment| segment.len() + 1).sum();
                let query_len: usize = self
                    .query
                    .iter()
                    .map(|(key, value)| key.len() + value.len() + 2)
                    .sum();
                let mut reference = String::with_capacity(base.len() + encoded_len + query_len + 2);
                reference.push_str(base);
                for segment in segments {
                    reference.push('/');
                    reference.extend(utf8_percent_encode(segment, STRICT));
                }
                if reference.is_empty() {
                    reference.push('/');
                }
                let path_len = reference.len();
                if !self.query.is_empty() {
                    reference.push('?');
                    self.encode_query_into(&mut reference, true);
                }
                // A reference starting with `//` would name a host: set such a path instead.
                if !reference.starts_with("//")
                    && let Ok(url) = Url::options().base_url(Some(endpoint)).parse(&reference)
                {
                    return url;
                }
                let mut url = endpoint.clone();
                url.set_path(reference.get(..path_len).unwrap_or_default());
                url.set_query(reference.get(path_len + 1..));
                url.set_fragment(None);
                url
            }
        }
    }

    /// Appends the encoded query parameters to `query`, each after a `&` unless `first`.
    fn encode_query_into(&self, query: &mut String, mut first: bool) {
        for (key, value) in &self.query {
            if !first {
                query.push('&');
            }
            first = false;
            query.extend(utf8_percent_encode(key, STRICT));
            query.push('=');
            query.extend(utf8_percent_encode(value, STRICT));
        }
    }

    /// The request in its final form for one attempt: URL resolved; the default headers,
    /// then the body's content type, then the request's own headers, each overriding the
    /// one before.
    pub(crate) fn prepare(&self, url: &Url, defaults: &HeaderMap) -> PreparedRequest {
        let mut headers = defaults.clone();
        let body = match &self.body {
            Body::Empty => PreparedBody::Bytes(Bytes::new()),
            Body::Bytes {
                content,
                content_type,
            } => {
                headers.insert(CONTENT_TYPE, content_type.clone());
                PreparedBody::Bytes(content.clone())
            }
            Body::Stream {
                open,
                length,
                content_type,
            } => {
                headers.insert(CONTENT_TYPE, content_type.clone());
                headers.insert(CONTENT_LENGTH, HeaderValue::from(*length));
                PreparedBody::Stream(Arc::clone(open))
            }
        };
        for (name, value) in &self.headers {
            headers.insert(name.clone(), value.clone());
        }
        PreparedRequest {
            method: self.method.clone(),
            url: url.clone(),
            headers,
            body,
            extensions: self.extensions.clone(),
        }
    }
}

/// The body of a [`PreparedRequest`].
#[derive(Clone)]
pub(crate) enum PreparedBody {
    Bytes(Bytes),
    Stream(BodyFactory),
}

/// A request in the exact form it will be sent: what an [`AuthHook`](crate::AuthHook) signs.
///
/// The hook may add headers (an `Authorization`, a date); everything else is final.
#[derive(Clone)]
pub struct PreparedRequest {
    method: Method,
    url: Url,
    headers: HeaderMap,
    body: PreparedBody,
    extensions: Extensions,
}

impl PreparedRequest {
    /// A prepared request, for testing auth hooks on their own.
    pub fn new(method: Method, url: Url, headers: HeaderMap, body: impl Into<Bytes>) -> Self {
        Self {
            method,
            url,
            headers,
            body: PreparedBody::Bytes(body.into()),
            extensions: Extensions::new(),
        }
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The full URL, path and query already percent-encoded.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The headers to be sent.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The headers, for the auth hook to add its own.
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        &mut self.headers
    }

    /// The body bytes (empty when there is no body or it is streamed).
    pub fn body(&self) -> &[u8] {
        match &self.body {
            PreparedBody::Bytes(bytes) => bytes,
            PreparedBody::Stream(_) => &[],
        }
    }

    /// Whether the body is streamed (its bytes are not available to sign).
    pub fn is_streamed(&self) -> bool {
        matches!(self.body, PreparedBody::Stream(_))
    }

    /// Typed values the operation attached with [`ApiRequest::extension`].
    pub fn extensions(&self) -> &Extensions {
        &self.extensions
    }

    /// Continues as a `GET` without a body (after a `303`, or a `301`/`302` to a `POST`).
    pub(crate) fn make_get(&mut self) {
        self.method = Method::GET;
        self.body = PreparedBody::Bytes(Bytes::new());
        self.headers.remove(CONTENT_TYPE);
        self.headers.remove(CONTENT_LENGTH);
    }

    pub(crate) fn into_parts(self) -> (Method, Url, HeaderMap, PreparedBody) {
        (self.method, self.url, self.headers, self.body)
    }
}

impl fmt::Debug for PreparedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Headers may hold credentials: show their names only.
        f.debug_struct("PreparedRequest")
            .field("method", &self.method)
            .field("url", &self.url.as_str())
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("body_len", &self.body().len())
            .field("streamed", &self.is_streamed())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    #[test]
    fn segments_are_encoded_one_by_one() {
        let request = ApiRequest::get("op").path(["v5", "iot", "p/1 ?#%", "packages"]);
        assert_eq!(
            request.resolve(&endpoint("https://h")).as_str(),
            "https://h/v5/iot/p%2F1%20%3F%23%25/packages"
        );
    }

    #[test]
    fn endpoint_path_is_a_prefix_with_or_without_trailing_slash() {
        let request = ApiRequest::get("op").path(["api", "v2", "x"]);
        for base in ["http://h/ocp", "http://h/ocp/", "http://h/ocp//"] {
            assert_eq!(
                request.resolve(&endpoint(base)).as_str(),
                "http://h/ocp/api/v2/x",
                "{base}"
            );
        }
        assert_eq!(
            request.resolve(&endpoint("http://h")).as_str(),
            "http://h/api/v2/x"
        );
        assert_eq!(
            ApiRequest::get("op")
                .resolve(&endpoint("http://h"))
                .as_str(),
            "http://h/"
        );
    }

    #[test]
    fn query_values_are_strictly_encoded_in_order() {
        let request = ApiRequest::get("op")
            .query("version", "V1.0 beta")
            .query("marker", "ab+/=")
            .query("app_id", "")
            .query("flag", true)
            .query_opt("absent", None::<u32>)
            .query_opt("limit", Some(10));
        assert_eq!(
            request.resolve(&endpoint("https://h/")).query(),
            Some("version=V1.0%20beta&marker=ab%2B%2F%3D&app_id=&flag=true&limit=10")
        );
    }

    #[test]
    fn empty_and_dot_segments_are_refused() {
        for bad in ["", ".", ".."] {
            let request = ApiRequest::get("op").path(["api", bad, "x"]);
            assert_eq!(
                request
                    .check_path()
                    .unwrap_err()
                    .invalid_field()
                    .unwrap()
                    .field,
                "path"
            );
        }
        assert!(
            ApiRequest::get("op")
                .path(["a.b", "...", "%2e"])
                .check_path()
                .is_ok()
        );
    }

    #[test]
    fn list_styles() {
        let repeated = ApiRequest::get("op").query_list("t", ["a", "b"], QueryList::Repeated);
        assert_eq!(
            repeated.resolve(&endpoint("http://h")).query(),
            Some("t=a&t=b")
        );
        let joined = ApiRequest::get("op").query_list("t", ["a", "b"], QueryList::CommaJoined);
        assert_eq!(
            joined.resolve(&endpoint("http://h")).query(),
            Some("t=a%2Cb")
        );
        let empty =
            ApiRequest::get("op").query_list("t", Vec::<String>::new(), QueryList::CommaJoined);
        assert_eq!(empty.resolve(&endpoint("http://h")).query(), None);
    }

    #[test]
    fn requests_to_their_own_url_keep_its_query_and_add_theirs() {
        let request = ApiRequest::get("download")
            .url(endpoint("http://files.example/a/b.rpm?sig=x%2By"))
            .query("part", 1);
        assert_eq!(
            request
                .resolve(&endpoint("https://api.example/base/"))
                .as_str(),
            "http://files.example/a/b.rpm?sig=x%2By&part=1"
        );
        assert!(request.path_segments().is_empty());
    }

    #[test]
    fn streamed_bodies_set_length_and_type_and_hide_their_bytes() {
        let open: BodyFactory =
            Arc::new(|| Box::pin(futures::stream::iter([Ok(Bytes::from_static(b"abc"))])));
        let request = ApiRequest::post("upload")
            .body_stream(
                open,
                3,
                HeaderValue::from_static("multipart/form-data; boundary=x"),
            )
            .extension(7_u32);
        let prepared = request.prepare(&endpoint("http://h/"), &HeaderMap::new());
        assert!(prepared.is_streamed());
        assert!(prepared.body().is_empty());
        assert_eq!(prepared.headers()["content-length"], "3");
        assert_eq!(
            prepared.headers()["content-type"],
            "multipart/form-data; boundary=x"
        );
        assert_eq!(prepared.extensions().get::<u32>(), Some(&7));
    }

    #[test]
    fn idempotency_follows_the_method_unless_overridden() {
        assert!(ApiRequest::get("op").is_idempotent());
        assert!(ApiRequest::delete("op").is_idempotent());
        assert!(!ApiRequest::post("op").is_idempotent());
        assert!(ApiRequest::post("op").idempotent(true).is_idempotent());
    }

    #[test]
    fn bad_header_values_are_invalid_input() {
        let error = ApiRequest::get("op")
            .try_header(
                HeaderName::from_static("x-ob-project-id"),
                "bad\nvalue",
                "project_id",
            )
            .unwrap_err();
        assert_eq!(error.invalid_field().unwrap().field, "project_id");
    }

    #[test]
    fn a_body_content_type_overrides_the_default_and_a_request_header_overrides_both() {
        let mut defaults = HeaderMap::new();
        defaults.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        let url = endpoint("http://h/");
        let upload = ApiRequest::post("op").body("x", HeaderValue::from_static("text/plain"));
        assert_eq!(
            upload.prepare(&url, &defaults).headers()["content-type"],
            "text/plain"
        );
        let explicit = upload.header(CONTENT_TYPE, HeaderValue::from_static("text/csv"));
        assert_eq!(
            explicit.prepare(&url, &defaults).headers()["content-type"],
            "text/csv"
        );
        let get = ApiRequest::get("op");
        assert_eq!(
            get.prepare(&url, &defaults).headers()["content-type"],
            "application/json"
        );
    }

    #[test]
    fn prepare_merges_defaults_and_sets_content_type() {
        let mut defaults = HeaderMap::new();
        defaults.insert("accept", HeaderValue::from_static("application/json"));
        defaults.insert("x-default", HeaderValue::from_static("d"));
        let request = ApiRequest::post("op")
            .header(
                HeaderName::from_static("x-default"),
                HeaderValue::from_static("own"),
            )
            .json(&serde_json::json!({"a": 1}))
            .unwrap();
        let url = endpoint("http://h/");
        let prepared = request.prepare(&url, &defaults);
        assert_eq!(prepared.headers()["x-default"], "own");
        assert_eq!(prepared.headers()["content-type"], "application/json");
        assert_eq!(prepared.body(), br#"{"a":1}"#);
        assert!(!format!("{prepared:?}").contains("own"));
    }
}
