//! Redirects: the runtime follows them itself, so that credentials never leave their origin.
//!
//! `reqwest`'s own policy strips only `Authorization` and `Cookie` on a cross-host redirect,
//! so an `X-Auth-Token`, a signature or a vendor's identity header would follow a `302` to
//! any host. The transport's HTTP client therefore follows nothing, and every attempt
//! follows up to [`MAX_REDIRECTS`] redirects by these rules:
//!
//! - **the endpoint's origin** (scheme, host and port): followed with the credentials
//!   applied afresh by the auth hook for the new URL (a signature is recomputed, a Digest
//!   answer re-made);
//! - **any other origin**: followed with no credential of any kind — the auth hook is not
//!   called, and only [`PORTABLE_HEADERS`] are kept (no vendor header, which may identify
//!   the caller). A download link on object storage works; a token never travels;
//! - **`https` to `http`**: refused (`Error::Transport` with kind `Redirect`), even to the
//!   same host;
//! - **another scheme** (`ftp:`, `file:`, …): refused with a message naming it;
//! - `303`, and `301`/`302` after a `POST`, continue as a `GET` without a body (as browsers
//!   and curl do); `307` and `308` repeat the method and body.
//!
//! ```
//! # use pkgruntime::{ApiRequest, Transport};
//! # use pkgmodel::Vendor;
//! # use wiremock::{matchers, Mock, MockServer, ResponseTemplate};
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), pkgruntime::Error> {
//! let server = MockServer::start().await;
//! Mock::given(matchers::path("/old"))
//!     .respond_with(ResponseTemplate::new(301).insert_header("location", "ftp://files.example/x"))
//!     .mount(&server)
//!     .await;
//! let transport = Transport::builder(Vendor::Ocp).endpoint(&server.uri()).build()?;
//! let error = transport.send(ApiRequest::get("old").path(["old"])).await.unwrap_err();
//! assert!(error.to_string().contains("ftp:"), "{error}");
//! # Ok(()) }
//! ```

use crate::error::TransportErrorKind;
use crate::{Error, TransportError};
use http::header::{
    ACCEPT, ACCEPT_ENCODING, ACCEPT_LANGUAGE, CONTENT_LENGTH, CONTENT_TYPE, HeaderName, IF_RANGE,
    LOCATION, RANGE, USER_AGENT,
};
use http::{HeaderMap, Method, StatusCode};
use url::Url;

/// The most redirects one attempt follows.
pub const MAX_REDIRECTS: usize = 10;

/// The headers a request to another origin than the endpoint's keeps: they describe the
/// request, never the caller.
pub const PORTABLE_HEADERS: [HeaderName; 8] = [
    USER_AGENT,
    ACCEPT,
    ACCEPT_ENCODING,
    ACCEPT_LANGUAGE,
    CONTENT_TYPE,
    CONTENT_LENGTH,
    RANGE,
    IF_RANGE,
];

/// Where a redirect leads, and how the request continues there.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Hop {
    /// The new URL.
    pub(crate) url: Url,
    /// Whether the request continues as a `GET` without a body.
    pub(crate) as_get: bool,
}

/// The hop a response to a `method` request at `current` asks for: `Ok(None)` when it is
/// not a redirect to follow, an error when it is one that must not be followed.
pub(crate) fn next_hop(
    current: &Url,
    method: &Method,
    status: StatusCode,
    headers: &HeaderMap,
) -> Result<Option<Hop>, Error> {
    let as_get = match status.as_u16() {
        303 => method != Method::HEAD,
        301 | 302 => method == Method::POST,
        307 | 308 => false,
        _ => return Ok(None),
    };
    let refuse =
        |detail: String| Error::from(TransportError::new(TransportErrorKind::Redirect, detail));
    let location = headers
        .get(LOCATION)
        .ok_or_else(|| refuse(format!("the server answered {status} without a Location")))?
        .to_str()
        .map_err(|_| {
            refuse(format!(
                "the {status} redirect's Location is not visible ASCII"
            ))
        })?;
    let url = current.join(location).map_err(|error| {
        refuse(format!(
            "the {status} redirect's Location is not a URL ({error})"
        ))
    })?;
    match url.scheme() {
        "http" | "https" => {}
        scheme => {
            return Err(refuse(format!(
                "the server redirected to a {scheme}: URL; only http and https redirects are followed"
            )));
        }
    }
    if current.scheme() == "https" && url.scheme() == "http" {
        return Err(refuse(format!(
            "the server redirected from https to plain http ({}); refused, as it would send \
             the request unencrypted",
            origin(&url)
        )));
    }
    Ok(Some(Hop { url, as_get }))
}

/// Keeps only the [`PORTABLE_HEADERS`] of a request bound for a foreign origin.
pub(crate) fn keep_portable_headers(headers: &mut HeaderMap) {
    let mut kept = HeaderMap::with_capacity(PORTABLE_HEADERS.len());
    for name in PORTABLE_HEADERS {
        for value in headers.get_all(&name) {
            kept.append(name.clone(), value.clone());
        }
    }
    *headers = kept;
}

/// `scheme://host[:port]` of `url`, for messages (never its path or query).
pub(crate) fn origin(url: &Url) -> String {
    url.origin().ascii_serialization()
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn hop(from: &str, method: &Method, status: u16, location: &str) -> Result<Option<Hop>, Error> {
        let mut headers = HeaderMap::new();
        headers.insert(LOCATION, HeaderValue::from_str(location).unwrap());
        next_hop(
            &Url::parse(from).unwrap(),
            method,
            StatusCode::from_u16(status).unwrap(),
            &headers,
        )
    }

    fn refused(result: Result<Option<Hop>, Error>) -> String {
        match result {
            Err(Error::Transport(error)) if error.kind == TransportErrorKind::Redirect => {
                error.to_string()
            }
            other => panic!("expected a refused redirect, got {other:?}"),
        }
    }

    #[test]
    fn followed_statuses_and_methods() {
        let next = hop("https://a.example/x/y?q=1", &Method::GET, 302, "../z?p=2")
            .unwrap()
            .unwrap();
        assert_eq!(next.url.as_str(), "https://a.example/z?p=2");
        assert!(!next.as_get);
        assert!(
            hop("https://a/x", &Method::POST, 302, "/y")
                .unwrap()
                .unwrap()
                .as_get
        );
        assert!(
            hop("https://a/x", &Method::POST, 301, "/y")
                .unwrap()
                .unwrap()
                .as_get
        );
        assert!(
            hop("https://a/x", &Method::PUT, 303, "/y")
                .unwrap()
                .unwrap()
                .as_get
        );
        assert!(
            !hop("https://a/x", &Method::HEAD, 303, "/y")
                .unwrap()
                .unwrap()
                .as_get
        );
        assert!(
            !hop("https://a/x", &Method::POST, 307, "/y")
                .unwrap()
                .unwrap()
                .as_get
        );
        assert!(
            !hop("https://a/x", &Method::DELETE, 308, "/y")
                .unwrap()
                .unwrap()
                .as_get
        );
        for status in [200, 300, 304, 305, 401, 404] {
            assert_eq!(
                hop("https://a/x", &Method::GET, status, "/y").unwrap(),
                None,
                "{status}"
            );
        }
    }

    #[test]
    fn downgrades_and_other_schemes_are_refused_with_a_message_that_says_so() {
        let downgrade = refused(hop(
            "https://a.example/x",
            &Method::GET,
            302,
            "http://a.example/x",
        ));
        assert!(
            downgrade.contains("https to plain http (http://a.example)"),
            "{downgrade}"
        );
        // http to https, and http to http elsewhere, are followed.
        assert!(
            hop("http://a/x", &Method::GET, 302, "https://a/x")
                .unwrap()
                .is_some()
        );
        assert!(
            hop("http://a/x", &Method::GET, 302, "http://b/x")
                .unwrap()
                .is_some()
        );
        for (location, scheme) in [
            ("ftp://files.example/p.rpm", "ftp:"),
            ("file:///etc/passwd", "file:"),
            ("javascript:alert(1)", "javascript:"),
        ] {
            let message = refused(hop("https://a/x", &Method::GET, 302, location));
            assert!(message.contains(scheme), "{message}");
            assert!(message.contains("only http and https"), "{message}");
        }
    }

    #[test]
    fn a_redirect_without_a_usable_location_is_refused() {
        let missing = next_hop(
            &Url::parse("https://a/x").unwrap(),
            &Method::GET,
            StatusCode::FOUND,
            &HeaderMap::new(),
        );
        assert!(refused(missing).contains("without a Location"));
        assert!(
            refused(hop("https://a/x", &Method::GET, 302, "http://[::1")).contains("not a URL")
        );
    }

    #[test]
    fn only_portable_headers_go_to_a_foreign_origin() {
        let mut headers = HeaderMap::new();
        for (name, value) in [
            ("authorization", "Bearer t"),
            ("x-auth-token", "t"),
            ("x-oracle-userid", "me@example.com"),
            ("x-sdk-date", "20240101T000000Z"),
            ("cookie", "a=b"),
            ("user-agent", "pkgsdk/0.1.0"),
            ("accept", "application/json"),
            ("range", "bytes=10-"),
        ] {
            headers.insert(
                HeaderName::from_static(name),
                HeaderValue::from_static(value),
            );
        }
        keep_portable_headers(&mut headers);
        let mut names: Vec<&str> = headers.keys().map(HeaderName::as_str).collect();
        names.sort_unstable();
        assert_eq!(names, ["accept", "range", "user-agent"]);
    }
}
