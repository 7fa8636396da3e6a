//! OCP credentials: HTTP Basic, or an AccessKey pair signing each request with
//! `OCP-ACCESS-KEY-HMACSHA1`.
//!
//! OCP answers a missing or wrong credential with 401 and no challenge, so credentials are
//! sent on the first request.
//!
//! **AccessKey signing** (OCP 4.x; the first version with it is not documented): each request
//! carries `Date` (RFC 1123, within 15 minutes of the server's clock) and
//! `Authorization: OCP-ACCESS-KEY-HMACSHA1 <AK>:<Base64(HMAC-SHA1(SK, StringToSign))>`, where
//! the string to sign is seven lines:
//!
//! ```text
//! <METHOD>
//! <Md5Payload>          "" without a body; upper-case hex MD5 of the body otherwise (unconfirmed)
//! <Content-Type>        the header as sent (the client always sends one)
//! <Date>
//! <host[:port]>         as in the URL
//! <x-ocp-* headers>     "name:value" lines, sorted; empty when there are none
//! <path[?query]>        query sorted by key, keys and values percent-encoded strictly
//! ```
//!
//! ```
//! use ocp_client::{AccessKeySigner, Credentials};
//! use pkgruntime::SecretString;
//!
//! let signer = AccessKeySigner::new("AK123", SecretString::from("SK456"));
//! let line = signer.string_to_sign(
//!     "GET", "", "application/json", "Tue, 17 Jan 2023 03:36:01 GMT", "ocp.example:8080", &[],
//!     "/api/v2/software-packages?page=1&size=10",
//! );
//! assert_eq!(line, "GET\n\napplication/json\nTue, 17 Jan 2023 03:36:01 GMT\nocp.example:8080\n\n/api/v2/software-packages?page=1&size=10");
//! assert!(format!("{:?}", Credentials::basic("admin", "pw")).contains("[redacted]"));
//! ```

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac as _};
use http::header::{AUTHORIZATION, CONTENT_TYPE, DATE, HeaderValue};
use md5::Digest as _;
use pkgruntime::{
    AuthHook, Error, ExposeSecret, HeaderAuth, PreparedRequest, Redacted, SecretString,
    percent_encode, sensitive_header_value,
};
use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

/// Credentials for OCP.
#[derive(Clone)]
#[non_exhaustive]
pub enum Credentials {
    /// HTTP Basic with an OCP user's login name and password.
    Basic {
        /// The login name.
        username: String,
        /// The password.
        password: SecretString,
    },
    /// An AccessKey pair (AK/SK) signing every request.
    AccessKey {
        /// The AccessKey id (AK).
        access_key_id: String,
        /// The AccessKey secret (SK).
        secret: SecretString,
    },
}

impl Credentials {
    /// HTTP Basic credentials.
    pub fn basic(username: impl Into<String>, password: impl Into<SecretString>) -> Self {
        Self::Basic {
            username: username.into(),
            password: password.into(),
        }
    }

    /// An AccessKey pair.
    pub fn access_key(access_key_id: impl Into<String>, secret: impl Into<SecretString>) -> Self {
        Self::AccessKey {
            access_key_id: access_key_id.into(),
            secret: secret.into(),
        }
    }

    /// The auth hook for these credentials.
    pub(crate) fn into_hook(self) -> Arc<dyn AuthHook> {
        match self {
            Self::Basic { username, password } => Arc::new(HeaderAuth::basic(&username, password)),
            Self::AccessKey {
                access_key_id,
                secret,
            } => Arc::new(AccessKeySigner::new(access_key_id, secret)),
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Basic { username, .. } => f
                .debug_struct("Basic")
                .field("username", username)
                .field("password", &Redacted)
                .finish(),
            Self::AccessKey { access_key_id, .. } => f
                .debug_struct("AccessKey")
                .field("access_key_id", access_key_id)
                .field("secret", &Redacted)
                .finish(),
        }
    }
}

/// The upper-case hex MD5 of a streamed body, attached to the request by operations that
/// stream (uploads) so the signer need not read the body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PayloadMd5(pub(crate) String);

/// Upper-case hex MD5 of `bytes`, as OCP's `Md5Payload`.
pub(crate) fn payload_md5(bytes: &[u8]) -> String {
    hex_upper(&md5::Md5::digest(bytes))
}

/// Upper-case hex of `bytes`.
pub(crate) fn hex_upper(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    let mut hex = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        for nibble in [byte >> 4, byte & 0x0f] {
            hex.push(char::from(
                DIGITS.get(usize::from(nibble)).copied().unwrap_or(b'0'),
            ));
        }
    }
    hex
}

type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// Signs requests with `OCP-ACCESS-KEY-HMACSHA1` (see the module docs).
#[derive(Clone)]
pub struct AccessKeySigner {
    access_key_id: String,
    secret: SecretString,
    clock: Clock,
}

impl AccessKeySigner {
    /// A signer for the AccessKey pair, using the system clock.
    pub fn new(access_key_id: impl Into<String>, secret: SecretString) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            secret,
            clock: Arc::new(SystemTime::now),
        }
    }

    /// Uses `clock` for the `Date` header (for tests and reproducible signatures).
    pub fn clock(mut self, clock: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// The string to sign, from its seven parts (`ocp_headers` as `(name, value)` pairs in
    /// any order; they are lower-cased and sorted).
    #[allow(
        clippy::too_many_arguments,
        reason = "one argument per documented part"
    )]
    pub fn string_to_sign(
        &self,
        method: &str,
        md5_payload: &str,
        content_type: &str,
        date: &str,
        host: &str,
        ocp_headers: &[(&str, &str)],
        path_and_query: &str,
    ) -> String {
        let mut headers: Vec<String> = ocp_headers
            .iter()
            .map(|(name, value)| format!("{}:{}", name.to_ascii_lowercase(), value.trim()))
            .collect();
        headers.sort();
        [
            method,
            md5_payload,
            content_type,
            date,
            host,
            &headers.join("\n"),
            path_and_query,
        ]
        .join("\n")
    }

    /// `Base64(HMAC-SHA1(SK, string_to_sign))`.
    pub fn signature(&self, string_to_sign: &str) -> String {
        // HMAC accepts keys of any length, so this never fails.
        let Ok(mut mac) =
            Hmac::<sha1::Sha1>::new_from_slice(self.secret.expose_secret().as_bytes())
        else {
            return String::new();
        };
        mac.update(string_to_sign.as_bytes());
        STANDARD.encode(mac.finalize().into_bytes())
    }

    /// The string to sign for a prepared request with the given `Date` value.
    pub fn string_to_sign_for(&self, request: &PreparedRequest, date: &str) -> String {
        let url = request.url();
        let host = match (url.host_str(), url.port()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_owned(),
            (None, _) => String::new(),
        };
        let content_type = request
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default();
        let md5 = match request.extensions().get::<PayloadMd5>() {
            Some(PayloadMd5(md5)) => md5.clone(),
            None if request.body().is_empty() => String::new(),
            None => payload_md5(request.body()),
        };
        let ocp_headers: Vec<(&str, &str)> = request
            .headers()
            .iter()
            .filter(|(name, _)| name.as_str().starts_with("x-ocp-"))
            .filter_map(|(name, value)| Some((name.as_str(), value.to_str().ok()?)))
            .collect();
        self.string_to_sign(
            request.method().as_str(),
            &md5,
            content_type,
            date,
            &host,
            &ocp_headers,
            &path_and_sorted_query(url),
        )
    }
}

/// The URL's path, then `?` and its parameters sorted by key (stable for repeated keys),
/// keys and values percent-encoded with no safe characters beyond the unreserved ones.
fn path_and_sorted_query(url: &url::Url) -> String {
    let mut pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(key, value)| {
            (
                percent_encode(&key).into_owned(),
                percent_encode(&value).into_owned(),
            )
        })
        .collect();
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    let mut text = url.path().to_owned();
    for (index, (key, value)) in pairs.iter().enumerate() {
        text.push(if index == 0 { '?' } else { '&' });
        text.push_str(key);
        text.push('=');
        text.push_str(value);
    }
    text
}

impl fmt::Debug for AccessKeySigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessKeySigner")
            .field("access_key_id", &self.access_key_id)
            .field("secret", &Redacted)
            .finish_non_exhaustive()
    }
}

#[async_trait::async_trait]
impl AuthHook for AccessKeySigner {
    async fn authorize(&self, request: &mut PreparedRequest) -> Result<(), Error> {
        let date = httpdate::fmt_http_date((self.clock)());
        let string_to_sign = self.string_to_sign_for(request, &date);
        let authorization = format!(
            "OCP-ACCESS-KEY-HMACSHA1 {}:{}",
            self.access_key_id,
            self.signature(&string_to_sign)
        );
        let authorization = sensitive_header_value(&authorization).map_err(|_| {
            Error::invalid_input(
                "access_key_id",
                "must be visible ASCII text usable in an HTTP header",
            )
        })?;
        let date = HeaderValue::from_str(&date)
            .map_err(|_| Error::invalid_input("date", "must be an HTTP date"))?;
        request.headers_mut().insert(DATE, date);
        request.headers_mut().insert(AUTHORIZATION, authorization);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::{HeaderMap, Method};
    use std::time::{Duration, UNIX_EPOCH};

    const AK: &str = "AKTEST0123";
    const SK: &str = "SKTEST-secret-4567";

    /// Tue, 17 Jan 2023 03:36:01 GMT (the date in OCP's documentation).
    fn fixed_clock() -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_673_926_561)
    }

    fn signer() -> AccessKeySigner {
        AccessKeySigner::new(AK, SecretString::from(SK)).clock(fixed_clock)
    }

    #[tokio::test]
    async fn signs_a_list_request_exactly() {
        let url = url::Url::parse(
            "http://ocp.example:8080/api/v2/software-packages?type=OCP_AGENT_INSTALL_PACKAGE%2COB_SERVER_INSTALL_PACKAGE&page=1&size=10&keyword=ocp%20agent",
        )
        .unwrap();
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        headers.insert("x-ocp-origin", HeaderValue::from_static("pkgsdk"));
        let mut request = PreparedRequest::new(Method::GET, url, headers, "");
        signer().authorize(&mut request).await.unwrap();

        let expected_string_to_sign = "GET\n\napplication/json\nTue, 17 Jan 2023 03:36:01 GMT\nocp.example:8080\n\
             x-ocp-origin:pkgsdk\n/api/v2/software-packages?keyword=ocp%20agent&page=1&size=10\
             &type=OCP_AGENT_INSTALL_PACKAGE%2COB_SERVER_INSTALL_PACKAGE";
        assert_eq!(
            signer().string_to_sign_for(&request, "Tue, 17 Jan 2023 03:36:01 GMT"),
            expected_string_to_sign
        );
        // Computed independently: printf "%s" "$STRING" | openssl dgst -sha1 -hmac "$SK" -binary | base64
        assert_eq!(request.headers()["date"], "Tue, 17 Jan 2023 03:36:01 GMT");
        assert_eq!(
            request.headers()["authorization"],
            "OCP-ACCESS-KEY-HMACSHA1 AKTEST0123:DT6rWLWdYHuj5k0uh6BvfDgG2RE="
        );
        assert!(request.headers()["authorization"].is_sensitive());
    }

    #[test]
    fn bodies_are_hashed_as_upper_case_hex_md5() {
        let url = url::Url::parse("https://ocp.example/api/v2/x").unwrap();
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        let request = PreparedRequest::new(Method::POST, url, headers, r#"{"a":1}"#);
        let text = signer().string_to_sign_for(&request, "D");
        // md5('{"a":1}') = bb6cb5c68df4652941caf652a366f2d8
        assert_eq!(
            text,
            "POST\nBB6CB5C68DF4652941CAF652A366F2D8\napplication/json\nD\nocp.example\n\n/api/v2/x"
        );
    }

    #[test]
    fn secrets_stay_out_of_debug() {
        let debug = format!("{:?} {:?}", signer(), Credentials::access_key(AK, SK));
        assert!(!debug.contains(SK), "{debug}");
        assert!(debug.contains(AK));
    }
}
