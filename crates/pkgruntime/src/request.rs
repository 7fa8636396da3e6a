//! [`ApiRequest`]: one API call, described independently of the HTTP client.
//!
//! A vendor operation turns its parameters into an `ApiRequest`: method, path segments,
//! query, headers, body and whether it is safe to retry. The [`Transport`](crate::Transport)
//! joins it to the endpoint, lets the auth hook sign the final form
//! ([`PreparedRequest`]), and sends it.
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
//! let url = request.url(&Url::parse("http://ocp.example:8080/proxy/")?);
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
use http::header::{CONTENT_TYPE, HeaderName, HeaderValue};
use http::{HeaderMap, Method};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use std::borrow::Cow;
use std::fmt::{self, Display, Write as _};
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

/// The body of an [`ApiRequest`].
#[derive(Clone, Debug, Default)]
enum Body {
    #[default]
    Empty,
    Bytes {
        content: Bytes,
        content_type: HeaderValue,
    },
}

/// One API call: method, path, query, headers, body, and whether it may be retried.
#[derive(Clone, Debug)]
pub struct ApiRequest {
    operation: &'static str,
    method: Method,
    path: Vec<String>,
    query: Vec<(Cow<'static, str>, String)>,
    headers: HeaderMap,
    body: Body,
    idempotent: bool,
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
            path: Vec::new(),
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: Body::Empty,
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
        self.path.extend(segments.into_iter().map(Into::into));
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

    /// The path segments, not yet encoded.
    pub fn path_segments(&self) -> &[String] {
        &self.path
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

    /// The body bytes (empty when there is no body).
    pub fn body_bytes(&self) -> &[u8] {
        match &self.body {
            Body::Empty => &[],
            Body::Bytes { content, .. } => content,
        }
    }

    /// The full URL of this request under `endpoint`: the endpoint's path is a prefix (with
    /// or without a trailing `/`), then the encoded segments and query.
    pub fn url(&self, endpoint: &Url) -> Url {
        let mut url = endpoint.clone();
        let mut path = endpoint.path().trim_end_matches('/').to_owned();
        for segment in &self.path {
            path.push('/');
            path.extend(utf8_percent_encode(segment, STRICT));
        }
        if path.is_empty() {
            path.push('/');
        }
        url.set_path(&path);
        url.set_fragment(None);
        if self.query.is_empty() {
            url.set_query(None);
        } else {
            let mut query = String::new();
            for (key, value) in &self.query {
                if !query.is_empty() {
                    query.push('&');
                }
                query.extend(utf8_percent_encode(key, STRICT));
                query.push('=');
                query.extend(utf8_percent_encode(value, STRICT));
            }
            url.set_query(Some(&query));
        }
        url
    }

    /// The request in its final form for one attempt: URL resolved, default headers merged
    /// under the request's own.
    pub(crate) fn prepare(&self, url: &Url, defaults: &HeaderMap) -> PreparedRequest {
        let mut headers = defaults.clone();
        for (name, value) in &self.headers {
            headers.insert(name.clone(), value.clone());
        }
        let body = match &self.body {
            Body::Empty => Bytes::new(),
            Body::Bytes {
                content,
                content_type,
            } => {
                headers
                    .entry(CONTENT_TYPE)
                    .or_insert_with(|| content_type.clone());
                content.clone()
            }
        };
        PreparedRequest {
            method: self.method.clone(),
            url: url.clone(),
            headers,
            body,
        }
    }
}

/// A request in the exact form it will be sent: what an [`AuthHook`](crate::AuthHook) signs.
///
/// The hook may add headers (an `Authorization`, a date); everything else is final.
#[derive(Clone)]
pub struct PreparedRequest {
    method: Method,
    url: Url,
    headers: HeaderMap,
    body: Bytes,
}

impl PreparedRequest {
    /// A prepared request, for testing auth hooks on their own.
    pub fn new(method: Method, url: Url, headers: HeaderMap, body: impl Into<Bytes>) -> Self {
        Self {
            method,
            url,
            headers,
            body: body.into(),
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

    /// The body bytes (empty when there is no body).
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    pub(crate) fn into_parts(self) -> (Method, Url, HeaderMap, Bytes) {
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
            .field("body_len", &self.body.len())
            .finish()
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
            request.url(&endpoint("https://h")).as_str(),
            "https://h/v5/iot/p%2F1%20%3F%23%25/packages"
        );
    }

    #[test]
    fn endpoint_path_is_a_prefix_with_or_without_trailing_slash() {
        let request = ApiRequest::get("op").path(["api", "v2", "x"]);
        for base in ["http://h/ocp", "http://h/ocp/", "http://h/ocp//"] {
            assert_eq!(
                request.url(&endpoint(base)).as_str(),
                "http://h/ocp/api/v2/x",
                "{base}"
            );
        }
        assert_eq!(
            request.url(&endpoint("http://h")).as_str(),
            "http://h/api/v2/x"
        );
        assert_eq!(
            ApiRequest::get("op").url(&endpoint("http://h")).as_str(),
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
            request.url(&endpoint("https://h/")).query(),
            Some("version=V1.0%20beta&marker=ab%2B%2F%3D&app_id=&flag=true&limit=10")
        );
    }

    #[test]
    fn list_styles() {
        let repeated = ApiRequest::get("op").query_list("t", ["a", "b"], QueryList::Repeated);
        assert_eq!(repeated.url(&endpoint("http://h")).query(), Some("t=a&t=b"));
        let joined = ApiRequest::get("op").query_list("t", ["a", "b"], QueryList::CommaJoined);
        assert_eq!(joined.url(&endpoint("http://h")).query(), Some("t=a%2Cb"));
        let empty =
            ApiRequest::get("op").query_list("t", Vec::<String>::new(), QueryList::CommaJoined);
        assert_eq!(empty.url(&endpoint("http://h")).query(), None);
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
