//! Huawei Cloud AK/SK request signing, byte for byte as Huawei's official SDK signs.
//!
//! [`AkSkSigner`] is the [`AuthHook`] for access-key authentication. It reproduces the
//! signer of `huaweicloudsdkcore` 3.1.219 (`huaweicloudsdkcore/signer/signer.py`), checked
//! against it on every vector of the API reference and on over a thousand generated requests
//! (`tests/signer_crosscheck.rs`). Two algorithms, chosen per endpoint like the SDK does
//! ([`SigningAlgorithm::for_endpoint`]):
//!
//! - `SDK-HMAC-SHA256` for the regional endpoints (`iotda.cn-north-4.myhuaweicloud.com`):
//!   `Signature = hex(HMAC-SHA256(SK, StringToSign))`;
//! - `V11-HMAC-SHA256` ("derived" auth) for every other host, such as IoTDA instance hosts
//!   (`<id>.st1.iotda-app.cn-north-4.myhuaweicloud.com`): the HMAC key is the hex string of
//!   HKDF-SHA256 with the AK as salt, the SK as key material and `YYYYMMDD/region/service`
//!   as info (service `iotdm` for IoTDA).
//!
//! [`AkSkSigner`] documents what it adds to a request and how the canonical request is built.
//!
//! ```
//! use iotda_client::{AkSkSigner, SigningAlgorithm};
//! use pkgruntime::http::{HeaderMap, Method};
//! use pkgruntime::{PreparedRequest, SecretString};
//! use time::macros::datetime;
//! use url::Url;
//!
//! let endpoint = Url::parse("https://iotda.cn-north-4.myhuaweicloud.com")?;
//! let signer = AkSkSigner::for_endpoint("AKTEST", SecretString::from("SKTEST"), &endpoint, "cn-north-4")
//!     .clock(|| datetime!(2024-01-01 0:00 UTC));
//! assert_eq!(signer.algorithm(), &SigningAlgorithm::SdkHmacSha256);
//!
//! let url = endpoint.join("/v5/iot/pid123/ota-upgrades/packages?package_type=softwarePackage&limit=10")?;
//! let mut request = PreparedRequest::new(Method::GET, url, HeaderMap::new(), "");
//! let signature = signer.sign(&mut request, datetime!(2024-01-01 0:00 UTC))?;
//! assert_eq!(
//!     signature.canonical_request(),
//!     "GET\n/v5/iot/pid123/ota-upgrades/packages/\nlimit=10&package_type=softwarePackage\n\
//!      host:iotda.cn-north-4.myhuaweicloud.com\nx-sdk-date:20240101T000000Z\n\n\
//!      host;x-sdk-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
//! );
//! let headers = request.headers();
//! assert_eq!(headers["x-sdk-date"], "20240101T000000Z");
//! assert_eq!(headers["host"], "iotda.cn-north-4.myhuaweicloud.com");
//! assert_eq!(
//!     headers["authorization"],
//!     "SDK-HMAC-SHA256 Access=AKTEST, SignedHeaders=host;x-sdk-date, \
//!      Signature=2de487e6723bcd0e249d7936e9ff4235f382d8a1ba27a5ae65ba104f467ad31b"
//! );
//! assert!(headers["authorization"].is_sensitive());
//! assert!(!format!("{signer:?}").contains("SKTEST"));
//!
//! // IoTDA instance hosts use the derived algorithm, like the SDK.
//! let instance = Url::parse("https://abc123.st1.iotda-app.cn-north-4.myhuaweicloud.com")?;
//! assert_eq!(
//!     SigningAlgorithm::for_endpoint(&instance, "cn-north-4"),
//!     SigningAlgorithm::DerivedHmacSha256 { region: "cn-north-4".into(), service: "iotdm".into() }
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use http::Method;
use http::header::{AUTHORIZATION, CONTENT_TYPE, HOST, HeaderMap, HeaderName, HeaderValue};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, percent_encode};
use pkgruntime::{
    AuthHook, Error, ExposeSecret, PreparedRequest, Redacted, SecretString, sensitive_header_value,
};
use secrecy::zeroize::Zeroizing;
use sha2::{Digest, Sha256};
use std::fmt::{self, Write as _};
use std::sync::Arc;
use time::{Date, Month, OffsetDateTime, Time, UtcOffset};
use url::Url;

/// Python's `quote(s, safe='~')`: everything but `A-Z a-z 0-9 - _ . ~` is percent-encoded,
/// with upper-case hex (the same set as `pkgruntime::percent_encode`).
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

const SDK_HMAC_SHA256: &str = "SDK-HMAC-SHA256";
const V11_HMAC_SHA256: &str = "V11-HMAC-SHA256";
const X_SDK_DATE: &str = "x-sdk-date";
const X_SDK_CONTENT_SHA256: &str = "x-sdk-content-sha256";
const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";
const EMPTY_BODY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const HEADER_TEXT_RULE: &str = "must be visible ASCII text usable in an HTTP header";

type HmacSha256 = Hmac<Sha256>;
type Clock = Arc<dyn Fn() -> OffsetDateTime + Send + Sync>;

/// How a request is signed.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SigningAlgorithm {
    /// `SDK-HMAC-SHA256`: the SK is the HMAC key. Used on the regional endpoints.
    SdkHmacSha256,
    /// `V11-HMAC-SHA256`: the HMAC key is derived from the AK, the SK, the date, `region` and
    /// `service` with HKDF-SHA256. Used on IoTDA instance endpoints (service `iotdm`).
    DerivedHmacSha256 {
        /// The region id, e.g. `cn-north-4`.
        region: String,
        /// The service name the key is derived for; IoTDA's is
        /// [`IOTDA_DERIVED_SERVICE`](SigningAlgorithm::IOTDA_DERIVED_SERVICE).
        service: String,
    },
}

impl SigningAlgorithm {
    /// The service name IoTDA's derived auth uses (`iotdm`, as in the SDK's `IoTDAClient`).
    pub const IOTDA_DERIVED_SERVICE: &'static str = "iotdm";

    /// The algorithm Huawei's SDK uses for IoTDA at `endpoint`: derived auth for service
    /// `iotdm` in `region` unless the host looks like a default endpoint.
    ///
    /// This is the SDK's default derived predicate
    /// (`DerivedCredentials.get_default_derived_predicate`): `SDK-HMAC-SHA256` when the
    /// endpoint's `host[:port]` *starts with* a match of
    /// `^[a-z][a-z0-9-]+(\.[a-z]{2,}-[a-z]+-\d{1,2})?\.(my)?(huaweicloud|myhwclouds).(com|cn)`
    /// (regional and global endpoints), `V11-HMAC-SHA256` otherwise (instance endpoints,
    /// IP addresses, proxies).
    pub fn for_endpoint(endpoint: &Url, region: &str) -> Self {
        if is_default_endpoint(&authority(endpoint).unwrap_or_default()) {
            Self::SdkHmacSha256
        } else {
            Self::DerivedHmacSha256 {
                region: region.to_owned(),
                service: Self::IOTDA_DERIVED_SERVICE.to_owned(),
            }
        }
    }

    /// The algorithm's name as it appears in the `Authorization` header.
    pub fn name(&self) -> &'static str {
        match self {
            Self::SdkHmacSha256 => SDK_HMAC_SHA256,
            Self::DerivedHmacSha256 { .. } => V11_HMAC_SHA256,
        }
    }
}

/// Signs requests with a Huawei Cloud access key (AK) and secret key (SK), byte for byte as
/// Huawei's official SDK (`huaweicloudsdkcore` 3.1.219) does.
///
/// Use [`for_endpoint`](Self::for_endpoint) to choose the algorithm by host like the SDK:
/// `SDK-HMAC-SHA256` on regional endpoints, the derived `V11-HMAC-SHA256` (service `iotdm`)
/// on IoTDA instance endpoints and any other host ([`SigningAlgorithm::for_endpoint`]).
///
/// Before signing, it adds what the SDK adds: `X-Sdk-Date` (from its clock, unless the
/// request already has one), `Host` (host and non-default port of the URL, unless set), and
/// `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD` when the `Content-Type` is neither JSON nor BSON
/// (or the body is streamed); and it trims every header value. It then signs every header
/// whose name has no `_`, and sets a sensitive `Authorization` header. The canonical request
/// follows the SDK exactly, quirks included:
///
/// - the URI is the path percent-decoded, split at every `/` (so a `%2F` inside a segment
///   splits it), each piece re-encoded leaving only `A-Z a-z 0-9 - _ . ~`, and always ends
///   in `/`;
/// - the query pairs are percent-decoded (`+` stays a plus), sorted by key then value, and
///   re-encoded the same way; a key without `=` has an empty value;
/// - an empty body hashes as empty even if `X-Sdk-Content-Sha256` is set; a non-empty body
///   uses that header's value when set, else its SHA-256 in hex.
///
/// As an [`AuthHook`] it signs every attempt with the time of its clock (the system clock
/// unless [`clock`](Self::clock) replaced it). Like the SDK's credentials, it leaves alone a
/// request that already carries an `Authorization` header. `Debug` shows `[redacted]` for
/// the SK, and errors and logs never contain it.
///
/// ```
/// use iotda_client::{AkSkSigner, SigningAlgorithm};
/// use pkgruntime::SecretString;
///
/// let endpoint = url::Url::parse("https://abc123.st1.iotda-app.cn-north-4.myhuaweicloud.com")?;
/// let signer = AkSkSigner::for_endpoint("AKTEST", SecretString::from("SKTEST"), &endpoint, "cn-north-4");
/// assert_eq!(signer.algorithm().name(), "V11-HMAC-SHA256");
/// assert_eq!(
///     format!("{signer:?}"),
///     r#"AkSkSigner { ak: "AKTEST", sk: [redacted], algorithm: DerivedHmacSha256 { region: "cn-north-4", service: "iotdm" }, .. }"#
/// );
/// # Ok::<(), url::ParseError>(())
/// ```
#[derive(Clone)]
pub struct AkSkSigner {
    ak: String,
    sk: SecretString,
    algorithm: SigningAlgorithm,
    clock: Clock,
}

impl AkSkSigner {
    /// A signer using `algorithm`.
    pub fn new(ak: impl Into<String>, sk: SecretString, algorithm: SigningAlgorithm) -> Self {
        Self {
            ak: ak.into(),
            sk,
            algorithm,
            clock: Arc::new(OffsetDateTime::now_utc),
        }
    }

    /// A signer for IoTDA at `endpoint` in `region`, choosing the algorithm by host like the
    /// SDK ([`SigningAlgorithm::for_endpoint`]).
    pub fn for_endpoint(
        ak: impl Into<String>,
        sk: SecretString,
        endpoint: &Url,
        region: &str,
    ) -> Self {
        Self::new(ak, sk, SigningAlgorithm::for_endpoint(endpoint, region))
    }

    /// Replaces the clock that dates requests (`X-Sdk-Date`), e.g. with a fixed time in tests.
    pub fn clock(mut self, clock: impl Fn() -> OffsetDateTime + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// The signing algorithm.
    pub fn algorithm(&self) -> &SigningAlgorithm {
        &self.algorithm
    }

    /// The access key id.
    pub fn access_key(&self) -> &str {
        &self.ak
    }

    /// Signs `request` in place as of `now`, as the SDK's signer does: adds `X-Sdk-Date`,
    /// `Host` and (for non-JSON bodies) `X-Sdk-Content-Sha256` when missing, trims header
    /// values, and sets a sensitive `Authorization` header. A request with a streamed body is
    /// signed with `X-Sdk-Content-Sha256` (`UNSIGNED-PAYLOAD` unless set).
    ///
    /// On error the request is left unchanged. Errors are [`Error::InvalidInput`] naming
    /// what is wrong (an empty or unusable AK, SK, region or service; a malformed
    /// `X-Sdk-Date`; a header value that is not UTF-8 or a header given more than once; a
    /// URL without a host), never showing a secret or a header value.
    pub fn sign(
        &self,
        request: &mut PreparedRequest,
        now: OffsetDateTime,
    ) -> Result<Signature, Error> {
        let mut headers = request.headers().clone();
        let body = if request.is_streamed() {
            Payload::Streamed
        } else {
            Payload::Bytes(request.body())
        };
        let (signature, authorization) =
            self.sign_headers(request.method(), request.url(), &mut headers, body, now)?;
        headers.insert(AUTHORIZATION, authorization);
        *request.headers_mut() = headers;
        Ok(signature)
    }

    /// The signature [`sign`](Self::sign) would compute for this method, URL (path and
    /// query percent-encoded), headers and body as of `now`, without changing anything:
    /// for pinning vectors and for checking a received request.
    pub fn signature(
        &self,
        method: &Method,
        url: &Url,
        headers: &HeaderMap,
        body: &[u8],
        now: OffsetDateTime,
    ) -> Result<Signature, Error> {
        let mut headers = headers.clone();
        let (signature, _) =
            self.sign_headers(method, url, &mut headers, Payload::Bytes(body), now)?;
        Ok(signature)
    }

    fn check_credentials(&self) -> Result<(), Error> {
        check_text("ak", &self.ak)?;
        if self.sk.expose_secret().is_empty() {
            return Err(Error::invalid_input("sk", "must not be empty"));
        }
        if let SigningAlgorithm::DerivedHmacSha256 { region, service } = &self.algorithm {
            check_text("region", region)?;
            check_text("service", service)?;
        }
        Ok(())
    }

    /// The SDK's `Signer.sign` on `headers`: adds its headers, returns the signature and the
    /// `Authorization` value.
    fn sign_headers(
        &self,
        method: &Method,
        url: &Url,
        headers: &mut HeaderMap,
        body: Payload<'_>,
        now: OffsetDateTime,
    ) -> Result<(Signature, HeaderValue), Error> {
        self.check_credentials()?;
        let date = add_sdk_headers(url, headers, body, now)?;
        let canonical = Canonical::new(method, url, headers, body)?;
        let hashed_canonical_request = hex::encode(Sha256::digest(canonical.request.as_bytes()));
        let signed_headers = canonical.signed_headers;

        let (string_to_sign, mac, authorization) = match &self.algorithm {
            SigningAlgorithm::SdkHmacSha256 => {
                let string_to_sign =
                    format!("{SDK_HMAC_SHA256}\n{date}\n{hashed_canonical_request}");
                let mac = hmac_hex(self.sk.expose_secret().as_bytes(), &string_to_sign)?;
                let authorization = format!(
                    "{SDK_HMAC_SHA256} Access={}, SignedHeaders={signed_headers}, Signature={mac}",
                    self.ak
                );
                (string_to_sign, mac, authorization)
            }
            SigningAlgorithm::DerivedHmacSha256 { region, service } => {
                let day = date.get(..8).unwrap_or_default();
                let info = format!("{day}/{region}/{service}");
                let string_to_sign =
                    format!("{V11_HMAC_SHA256}\n{date}\n{info}\n{hashed_canonical_request}");
                let key = derived_key(&self.ak, &self.sk, &info)?;
                let mac = hmac_hex(key.as_bytes(), &string_to_sign)?;
                let authorization = format!(
                    "{V11_HMAC_SHA256} Credential={}/{info}, SignedHeaders={signed_headers}, Signature={mac}",
                    self.ak
                );
                (string_to_sign, mac, authorization)
            }
        };
        let header = sensitive_header_value(&authorization)
            .map_err(|_| Error::invalid_input("ak", HEADER_TEXT_RULE))?;
        let signature = Signature {
            algorithm: self.algorithm.name(),
            canonical_request: canonical.request,
            hashed_canonical_request,
            string_to_sign,
            signed_headers,
            mac,
            authorization,
        };
        Ok((signature, header))
    }
}

/// What the SDK's signer does to the headers before it signs them: checks each header is
/// set once, adds `X-Sdk-Content-Sha256`, `X-Sdk-Date` and `Host` when due, and trims every
/// value. Returns the date to sign.
fn add_sdk_headers(
    url: &Url,
    headers: &mut HeaderMap,
    body: Payload<'_>,
    now: OffsetDateTime,
) -> Result<String, Error> {
    for name in headers.keys() {
        if headers.get_all(name).iter().nth(1).is_some() {
            return Err(Error::invalid_input(
                name.as_str(),
                "must be set once to sign the request with AK/SK",
            ));
        }
    }

    // `_process_content_header`: the raw value, before trimming, decides.
    let content_sha256 = HeaderName::from_static(X_SDK_CONTENT_SHA256);
    if let Some(content_type) = headers.get(CONTENT_TYPE) {
        let content_type = content_type.as_bytes();
        if !content_type.is_empty()
            && !content_type.starts_with(b"application/json")
            && !content_type.starts_with(b"application/bson")
        {
            headers.insert(
                content_sha256.clone(),
                HeaderValue::from_static(UNSIGNED_PAYLOAD),
            );
        }
    }
    // The SDK cannot hash a stream; it only streams non-JSON bodies, which the rule above
    // marks unsigned. Do the same for any streamed body without a digest of its own.
    if matches!(body, Payload::Streamed)
        && headers
            .get(&content_sha256)
            .is_none_or(|value| python_strip(&String::from_utf8_lossy(value.as_bytes())).is_empty())
    {
        headers.insert(content_sha256, HeaderValue::from_static(UNSIGNED_PAYLOAD));
    }

    // `_process_header_time`
    let date = if let Some(value) = headers.get(X_SDK_DATE) {
        parse_sdk_date(value)?
    } else {
        let date = format_sdk_date(now)?;
        let value = HeaderValue::from_str(&date)
            .map_err(|_| Error::invalid_input("clock", "must give a valid date"))?;
        headers.insert(HeaderName::from_static(X_SDK_DATE), value);
        date
    };

    // `_process_header_host`
    if !headers.contains_key(HOST) {
        let host = authority(url)
            .and_then(|host| HeaderValue::from_str(&host).ok())
            .ok_or_else(|| Error::invalid_input("url", "must have a host"))?;
        headers.insert(HOST, host);
    }

    // `_process_canonical_headers` trims every value, in the request too.
    let mut trimmed = Vec::new();
    for (name, value) in headers.iter() {
        let text = std::str::from_utf8(value.as_bytes())
            .map_err(|_| Error::invalid_input(name.as_str(), "must be UTF-8 text to be signed"))?;
        let stripped = python_strip(text);
        if stripped.len() != text.len() {
            let mut new = HeaderValue::from_bytes(stripped.as_bytes())
                .map_err(|_| Error::invalid_input(name.as_str(), HEADER_TEXT_RULE))?;
            new.set_sensitive(value.is_sensitive());
            trimmed.push((name.clone(), new));
        }
    }
    for (name, value) in trimmed {
        headers.insert(name, value);
    }
    Ok(date)
}

/// The canonical request of headers already trimmed by [`add_sdk_headers`].
struct Canonical {
    request: String,
    signed_headers: String,
}

impl Canonical {
    fn new(
        method: &Method,
        url: &Url,
        headers: &HeaderMap,
        body: Payload<'_>,
    ) -> Result<Self, Error> {
        let text = |name: &HeaderName, value: &HeaderValue| {
            std::str::from_utf8(value.as_bytes())
                .map(str::to_owned)
                .map_err(|_| Error::invalid_input(name.as_str(), "must be UTF-8 text to be signed"))
        };
        // `_process_signed_headers`: every name without `_`, lower case, sorted.
        let mut signed = Vec::with_capacity(headers.len());
        for (name, value) in headers {
            if !name.as_str().contains('_') {
                signed.push((name.as_str(), text(name, value)?));
            }
        }
        signed.sort();
        let signed_headers = signed
            .iter()
            .map(|(name, _)| *name)
            .collect::<Vec<_>>()
            .join(";");
        let mut canonical_headers = String::new();
        for (name, value) in &signed {
            let _ = writeln!(canonical_headers, "{name}:{value}");
        }

        // `_process_hash_payload`: the header's value as the SDK holds it by then, its UTF-8
        // bytes re-read as Latin-1.
        let declared = match headers.get(X_SDK_CONTENT_SHA256) {
            Some(value) => value
                .as_bytes()
                .iter()
                .copied()
                .map(char::from)
                .collect::<String>(),
            None => String::new(),
        };
        let payload_hash = match body {
            Payload::Bytes([]) => EMPTY_BODY_SHA256.to_owned(),
            _ if !declared.is_empty() => declared,
            Payload::Bytes(bytes) => hex::encode(Sha256::digest(bytes)),
            Payload::Streamed => UNSIGNED_PAYLOAD.to_owned(),
        };

        let request = format!(
            "{}\n{}\n{}\n{canonical_headers}\n{signed_headers}\n{payload_hash}",
            method.as_str().to_ascii_uppercase(),
            canonical_uri(url.path()),
            canonical_query(url.query()),
        );
        Ok(Self {
            request,
            signed_headers,
        })
    }
}

impl fmt::Debug for AkSkSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AkSkSigner")
            .field("ak", &self.ak)
            .field("sk", &Redacted)
            .field("algorithm", &self.algorithm)
            .finish_non_exhaustive()
    }
}

#[async_trait::async_trait]
impl AuthHook for AkSkSigner {
    async fn authorize(&self, request: &mut PreparedRequest) -> Result<(), Error> {
        if request.headers().contains_key(AUTHORIZATION) {
            // What the SDK's `Credentials.sign_request` does with a pre-authorised request.
            tracing::debug!("request already has an Authorization header; not signing it");
            return Ok(());
        }
        let signature = self.sign(request, (self.clock)())?;
        tracing::trace!(
            algorithm = signature.algorithm(),
            signed_headers = signature.signed_headers(),
            "signed the request with AK/SK"
        );
        Ok(())
    }
}

/// What signing one request computed: the intermediate strings and the `Authorization`
/// value. `Debug` shows only the algorithm and the signed header names, because the
/// canonical request holds header values (tokens among them) and the `Authorization` value
/// authenticates requests until it expires.
#[derive(Clone, PartialEq, Eq)]
pub struct Signature {
    algorithm: &'static str,
    canonical_request: String,
    hashed_canonical_request: String,
    string_to_sign: String,
    signed_headers: String,
    mac: String,
    authorization: String,
}

impl Signature {
    /// The algorithm name: `SDK-HMAC-SHA256` or `V11-HMAC-SHA256`.
    pub fn algorithm(&self) -> &'static str {
        self.algorithm
    }

    /// The canonical request: method, URI, query, headers (each line ending in `\n`), signed
    /// header names and payload hash, joined with `\n`.
    pub fn canonical_request(&self) -> &str {
        &self.canonical_request
    }

    /// The lower-case hex SHA-256 of the canonical request.
    pub fn hashed_canonical_request(&self) -> &str {
        &self.hashed_canonical_request
    }

    /// The string to sign: algorithm, `X-Sdk-Date`, (for V11) `YYYYMMDD/region/service`,
    /// and the hashed canonical request, joined with `\n`.
    pub fn string_to_sign(&self) -> &str {
        &self.string_to_sign
    }

    /// The signed header names, sorted and joined with `;`.
    pub fn signed_headers(&self) -> &str {
        &self.signed_headers
    }

    /// The signature, lower-case hex.
    pub fn signature(&self) -> &str {
        &self.mac
    }

    /// The `Authorization` header value.
    pub fn authorization(&self) -> &str {
        &self.authorization
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signature")
            .field("algorithm", &self.algorithm)
            .field("signed_headers", &self.signed_headers)
            .finish_non_exhaustive()
    }
}

/// The body as the signer sees it.
#[derive(Clone, Copy)]
enum Payload<'a> {
    Bytes(&'a [u8]),
    Streamed,
}

/// `value` is usable in an HTTP header and not empty (the SDK requires a non-empty AK).
fn check_text(field: &str, value: &str) -> Result<(), Error> {
    if value.is_empty() {
        return Err(Error::invalid_input(field, "must not be empty"));
    }
    if HeaderValue::from_str(value).is_err() {
        return Err(Error::invalid_input(field, HEADER_TEXT_RULE));
    }
    Ok(())
}

/// `host[:port]`, the port only when not the scheme's default: the `Host` header the SDK
/// signs (its `urlparse(endpoint).netloc`, less any user info).
fn authority(url: &Url) -> Option<String> {
    let host = url.host_str()?;
    Some(match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    })
}

/// The SDK's default derived predicate, negated: whether `re.match` finds
/// `[a-z][a-z0-9-]+(\.[a-z]{2,}-[a-z]+-\d{1,2})?\.(my)?(huaweicloud|myhwclouds).(com|cn)`
/// at the start of `host`.
fn is_default_endpoint(host: &str) -> bool {
    let mut chars = host.chars();
    if !chars.next().is_some_and(|c| c.is_ascii_lowercase()) {
        return false;
    }
    let rest = chars.as_str();
    // `[a-z0-9-]+` is followed by `\.` either way, so only its longest run can match.
    let run = rest
        .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
        .unwrap_or(rest.len());
    if run == 0 {
        return false;
    }
    let rest = rest.get(run..).unwrap_or_default();
    region_suffixes(rest).into_iter().any(domain_matches) || domain_matches(rest)
}

/// Where `\.[a-z]{2,}-[a-z]+-\d{1,2}` can end when matched at the start of `text`.
fn region_suffixes(text: &str) -> Vec<&str> {
    fn letters(text: &str) -> usize {
        text.find(|c: char| !c.is_ascii_lowercase())
            .unwrap_or(text.len())
    }
    let mut ends = Vec::new();
    let Some(text) = text.strip_prefix('.') else {
        return ends;
    };
    // Both letter runs are followed by `-`, so only their longest runs can match.
    let first = letters(text);
    let Some(text) = text.get(first..).and_then(|t| t.strip_prefix('-')) else {
        return ends;
    };
    if first < 2 {
        return ends;
    }
    let second = letters(text);
    let Some(text) = text.get(second..).and_then(|t| t.strip_prefix('-')) else {
        return ends;
    };
    if second < 1 {
        return ends;
    }
    let digits = text.bytes().take(2).take_while(u8::is_ascii_digit).count();
    for taken in 1..=digits {
        if let Some(end) = text.get(taken..) {
            ends.push(end);
        }
    }
    ends
}

/// Whether `\.(my)?(huaweicloud|myhwclouds).(com|cn)` matches at the start of `text`.
fn domain_matches(text: &str) -> bool {
    let Some(text) = text.strip_prefix('.') else {
        return false;
    };
    ["huaweicloud", "myhwclouds", "myhuaweicloud", "mymyhwclouds"]
        .iter()
        .filter_map(|name| text.strip_prefix(name))
        .any(|rest| {
            let mut chars = rest.chars();
            chars.next().is_some_and(|c| c != '\n')
                && (chars.as_str().starts_with("com") || chars.as_str().starts_with("cn"))
        })
}

/// `_process_canonical_uri`: `unquote` (invalid UTF-8 becomes U+FFFD), split at `/`,
/// `quote(safe='~')` each piece, and end in `/`.
fn canonical_uri(path: &str) -> String {
    let decoded = percent_decode_str(path).decode_utf8_lossy();
    let mut uri = decoded
        .split('/')
        .map(|piece| percent_encode(piece.as_bytes(), UNRESERVED).to_string())
        .collect::<Vec<_>>()
        .join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// `_process_canonical_query_string` over the URL's query: pairs decoded (as bytes, `+`
/// kept), sorted by key then value, re-encoded.
fn canonical_query(query: Option<&str>) -> String {
    let mut pairs: Vec<(Vec<u8>, Vec<u8>)> = query
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (
                percent_decode_str(key).collect(),
                percent_decode_str(value).collect(),
            )
        })
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(key, value)| {
            format!(
                "{}={}",
                percent_encode(key, UNRESERVED),
                percent_encode(value, UNRESERVED)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Python's `str.strip()`: Unicode `White_Space` plus U+001C..U+001F.
fn python_strip(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c))
}

/// `YYYYMMDDTHHMMSSZ` in UTC.
fn format_sdk_date(now: OffsetDateTime) -> Result<String, Error> {
    let utc = now
        .checked_to_offset(UtcOffset::UTC)
        .filter(|utc| (1000..=9999).contains(&utc.year()))
        .ok_or_else(|| {
            Error::invalid_input("clock", "must give a time in the years 1000 to 9999")
        })?;
    Ok(format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        utc.year(),
        u8::from(utc.month()),
        utc.day(),
        utc.hour(),
        utc.minute(),
        utc.second()
    ))
}

/// A preset `X-Sdk-Date`, which the SDK signs instead of the current time: exactly
/// `YYYYMMDDTHHMMSSZ`, a valid UTC time from the year 1000 on.
fn parse_sdk_date(value: &HeaderValue) -> Result<String, Error> {
    let invalid = || {
        Error::invalid_input(
            "X-Sdk-Date",
            "must be a UTC time formatted YYYYMMDDTHHMMSSZ",
        )
    };
    let text = value.to_str().map_err(|_| invalid())?;
    let bytes = text.as_bytes();
    let shape = bytes.len() == 16
        && bytes.iter().enumerate().all(|(index, byte)| match index {
            8 => *byte == b'T',
            15 => *byte == b'Z',
            _ => byte.is_ascii_digit(),
        });
    if !shape {
        return Err(invalid());
    }
    let number = |range: std::ops::Range<usize>| {
        text.get(range)
            .and_then(|digits| digits.parse::<u16>().ok())
            .ok_or_else(invalid)
    };
    let year = i32::from(number(0..4)?);
    let month = Month::try_from(u8::try_from(number(4..6)?).map_err(|_| invalid())?)
        .map_err(|_| invalid())?;
    let day = u8::try_from(number(6..8)?).map_err(|_| invalid())?;
    let hour = u8::try_from(number(9..11)?).map_err(|_| invalid())?;
    let minute = u8::try_from(number(11..13)?).map_err(|_| invalid())?;
    let second = u8::try_from(number(13..15)?).map_err(|_| invalid())?;
    if year < 1000
        || Date::from_calendar_date(year, month, day).is_err()
        || Time::from_hms(hour, minute, second).is_err()
    {
        return Err(invalid());
    }
    Ok(text.to_owned())
}

/// `hkdf.get_der_key_sha256`: the hex string of HKDF-SHA256(salt = AK, key = SK, `info`),
/// 32 bytes.
fn derived_key(ak: &str, sk: &SecretString, info: &str) -> Result<Zeroizing<String>, Error> {
    let mut key = Zeroizing::new([0_u8; 32]);
    Hkdf::<Sha256>::new(Some(ak.as_bytes()), sk.expose_secret().as_bytes())
        .expand(info.as_bytes(), key.as_mut())
        .map_err(|_| Error::invalid_input("sk", "could not derive a signing key"))?;
    Ok(Zeroizing::new(hex::encode(key.as_ref())))
}

/// Lower-case hex HMAC-SHA256 of `message` under `key`.
fn hmac_hex(key: &[u8], message: &str) -> Result<String, Error> {
    let mut mac = <HmacSha256 as Mac>::new_from_slice(key)
        .map_err(|_| Error::invalid_input("sk", "could not key HMAC-SHA256"))?;
    mac.update(message.as_bytes());
    Ok(hex::encode(mac.finalize().into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use pkgruntime::{ApiRequest, Transport};
    use time::macros::datetime;

    const U: &str = "https://iotda.cn-north-4.myhuaweicloud.com/v5/iot/pid123/ota-upgrades/packages?package_type=softwarePackage&limit=10";
    const PACKAGES: &str =
        "https://iotda.cn-north-4.myhuaweicloud.com/v5/iot/pid123/ota-upgrades/packages";
    const INSTANCE_U: &str = "https://abc123.st1.iotda-app.cn-north-4.myhuaweicloud.com/v5/iot/pid123/ota-upgrades/packages?package_type=softwarePackage&limit=10";
    const JAN_2024: OffsetDateTime = datetime!(2024-01-01 0:00 UTC);

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| {
                (
                    HeaderName::from_bytes(name.as_bytes()).unwrap(),
                    HeaderValue::from_bytes(value.as_bytes()).unwrap(),
                )
            })
            .collect()
    }

    fn test_signer(algorithm: SigningAlgorithm) -> AkSkSigner {
        AkSkSigner::new("AKTEST", SecretString::from("SKTEST"), algorithm).clock(|| JAN_2024)
    }

    fn iotdm() -> SigningAlgorithm {
        SigningAlgorithm::DerivedHmacSha256 {
            region: "cn-north-4".into(),
            service: "iotdm".into(),
        }
    }

    /// The headers `IoTDAClient.list_ota_package_info` signs besides `Host` and the date.
    fn sdk_client_headers() -> HeaderMap {
        headers(&[
            ("Content-Type", "application/json"),
            ("User-Agent", "huaweicloud-usdk-python/3.0; peer-check"),
            ("X-Project-Id", "pid123"),
        ])
    }

    /// Signs through the hook (fixed clock) and checks the pure `signature` agrees.
    async fn authorize(
        signer: &AkSkSigner,
        method: Method,
        url: Url,
        headers: HeaderMap,
        body: &'static str,
    ) -> (PreparedRequest, Signature) {
        let signature = signer
            .signature(&method, &url, &headers, body.as_bytes(), (signer.clock)())
            .unwrap();
        let mut request = PreparedRequest::new(method, url, headers, body);
        signer.authorize(&mut request).await.unwrap();
        assert_eq!(
            request.headers()["authorization"],
            signature.authorization()
        );
        assert!(request.headers()["authorization"].is_sensitive());
        (request, signature)
    }

    // --- The vectors of api-reference.md §2.1 ---------------------------------------------

    #[tokio::test]
    async fn official_documentation_vector() {
        let signer = AkSkSigner::new(
            "QTWAOYTTINDUT2QVKYUC",
            SecretString::from("MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc"),
            SigningAlgorithm::SdkHmacSha256,
        )
        .clock(|| datetime!(2019-11-15 3:36:55 UTC));
        let (request, signature) = authorize(
            &signer,
            Method::GET,
            url(
                "https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
            ),
            headers(&[("Content-Type", "application/json")]),
            "",
        )
        .await;
        assert_eq!(
            signature.canonical_request(),
            "GET\n/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/\n\
             limit=2&marker=13551d6b-755d-4757-b956-536f674975c0\n\
             content-type:application/json\nhost:service.region.example.com\n\
             x-sdk-date:20191115T033655Z\n\ncontent-type;host;x-sdk-date\n{EMPTY}"
                .replace("{EMPTY}", EMPTY_BODY_SHA256)
        );
        assert_eq!(
            signature.hashed_canonical_request(),
            "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a"
        );
        assert_eq!(
            signature.string_to_sign(),
            "SDK-HMAC-SHA256\n20191115T033655Z\n\
             b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a"
        );
        assert_eq!(
            signature.signature(),
            "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe"
        );
        assert_eq!(
            request.headers()["authorization"],
            "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, \
             SignedHeaders=content-type;host;x-sdk-date, \
             Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe"
        );
        assert_eq!(request.headers()["x-sdk-date"], "20191115T033655Z");
        assert_eq!(request.headers()["host"], "service.region.example.com");
    }

    #[tokio::test]
    async fn sdk_vector_plain_get() {
        let (_, signature) = authorize(
            &test_signer(SigningAlgorithm::SdkHmacSha256),
            Method::GET,
            url(U),
            HeaderMap::new(),
            "",
        )
        .await;
        assert_eq!(
            signature.authorization(),
            "SDK-HMAC-SHA256 Access=AKTEST, SignedHeaders=host;x-sdk-date, \
             Signature=2de487e6723bcd0e249d7936e9ff4235f382d8a1ba27a5ae65ba104f467ad31b"
        );
    }

    #[tokio::test]
    async fn sdk_vector_through_the_sdk_client() {
        let (_, signature) = authorize(
            &test_signer(SigningAlgorithm::SdkHmacSha256),
            Method::GET,
            url(U),
            sdk_client_headers(),
            "",
        )
        .await;
        assert_eq!(
            signature.canonical_request(),
            "GET\n/v5/iot/pid123/ota-upgrades/packages/\nlimit=10&package_type=softwarePackage\n\
             content-type:application/json\nhost:iotda.cn-north-4.myhuaweicloud.com\n\
             user-agent:huaweicloud-usdk-python/3.0; peer-check\nx-project-id:pid123\n\
             x-sdk-date:20240101T000000Z\n\n\
             content-type;host;user-agent;x-project-id;x-sdk-date\n{EMPTY}"
                .replace("{EMPTY}", EMPTY_BODY_SHA256)
        );
        assert_eq!(
            signature.authorization(),
            "SDK-HMAC-SHA256 Access=AKTEST, \
             SignedHeaders=content-type;host;user-agent;x-project-id;x-sdk-date, \
             Signature=db36e83c0140d611609eb72a5cf38b39a8adb181b1ebba572b14520545bd2fe0"
        );
    }

    #[tokio::test]
    async fn sdk_vector_json_post() {
        let (_, signature) = authorize(
            &test_signer(SigningAlgorithm::SdkHmacSha256),
            Method::POST,
            url(PACKAGES),
            headers(&[("Content-Type", "application/json")]),
            r#"{"app_id":"a b","package_type":"softwarePackage"}"#,
        )
        .await;
        assert!(signature.canonical_request().ends_with(
            "\n\ncontent-type;host;x-sdk-date\n\
             2f39e3e1e5716c19c0c0e992a15c0fc9f7c26afe7e66806f9b2dbb61517860d6"
        ));
        assert_eq!(
            signature.authorization(),
            "SDK-HMAC-SHA256 Access=AKTEST, SignedHeaders=content-type;host;x-sdk-date, \
             Signature=5186332447ef0b9770064c2efee13e94482ce5d82c7de1efe56f684ae9ed8cbb"
        );
    }

    #[tokio::test]
    async fn sdk_vector_encoded_query() {
        // The URL exactly as the runtime's transport encodes these parameters.
        let request = ApiRequest::get("list")
            .path(["v5", "iot", "pid123", "ota-upgrades", "packages"])
            .query("version", "V1.0 beta")
            .query("marker", "ab+/=")
            .query("limit", 10)
            .query("app_id", "");
        let url = request.resolve(&url("https://iotda.cn-north-4.myhuaweicloud.com"));
        assert_eq!(
            url.query(),
            Some("version=V1.0%20beta&marker=ab%2B%2F%3D&limit=10&app_id=")
        );
        let (_, signature) = authorize(
            &test_signer(SigningAlgorithm::SdkHmacSha256),
            Method::GET,
            url,
            HeaderMap::new(),
            "",
        )
        .await;
        assert_eq!(
            signature.canonical_request().lines().nth(2),
            Some("app_id=&limit=10&marker=ab%2B%2F%3D&version=V1.0%20beta")
        );
        assert_eq!(
            signature.authorization(),
            "SDK-HMAC-SHA256 Access=AKTEST, SignedHeaders=host;x-sdk-date, \
             Signature=46cd6c91e0cbed12b67c188c39e39cac2af1ca16f88b84e871add67eb0ab92ec"
        );
    }

    #[tokio::test]
    async fn v11_vector_regional_url() {
        let (_, signature) = authorize(
            &test_signer(iotdm()),
            Method::GET,
            url(U),
            HeaderMap::new(),
            "",
        )
        .await;
        assert_eq!(
            signature
                .string_to_sign()
                .lines()
                .take(3)
                .collect::<Vec<_>>(),
            [
                "V11-HMAC-SHA256",
                "20240101T000000Z",
                "20240101/cn-north-4/iotdm"
            ]
        );
        assert_eq!(
            signature.authorization(),
            "V11-HMAC-SHA256 Credential=AKTEST/20240101/cn-north-4/iotdm, \
             SignedHeaders=host;x-sdk-date, \
             Signature=5a0250be941721cc8eb22bcf09b57c9b6df8465fb8f32384ed6d17226f731383"
        );
    }

    #[tokio::test]
    async fn v11_vector_instance_host_through_the_sdk_client() {
        let endpoint = url("https://abc123.st1.iotda-app.cn-north-4.myhuaweicloud.com");
        let signer = AkSkSigner::for_endpoint(
            "AKTEST",
            SecretString::from("SKTEST"),
            &endpoint,
            "cn-north-4",
        )
        .clock(|| JAN_2024);
        assert_eq!(signer.algorithm(), &iotdm());
        let (request, signature) = authorize(
            &signer,
            Method::GET,
            url(INSTANCE_U),
            sdk_client_headers(),
            "",
        )
        .await;
        assert_eq!(
            request.headers()["host"],
            "abc123.st1.iotda-app.cn-north-4.myhuaweicloud.com"
        );
        assert_eq!(
            signature.authorization(),
            "V11-HMAC-SHA256 Credential=AKTEST/20240101/cn-north-4/iotdm, \
             SignedHeaders=content-type;host;user-agent;x-project-id;x-sdk-date, \
             Signature=8ef0093e96a39e46c3569566c79f9ccc6ab14c51cf3dd404ec03d33916727dd7"
        );
    }

    // --- Further vectors computed with the official signer (huaweicloudsdkcore 3.1.219) ----

    #[tokio::test]
    async fn sdk_quirks_vector_unsigned_payload_split_segment_port_and_underscore() {
        let (request, signature) = authorize(
            &test_signer(SigningAlgorithm::SdkHmacSha256),
            Method::PUT,
            url(
                "https://abc123.st1.iotda-app.cn-north-4.myhuaweicloud.com:8443/v5/a%2Fb/c%20d/%7E/?b=2&a=&a=1&flag",
            ),
            headers(&[
                ("Content-Type", "text/plain"),
                ("X_Under", "v"),
                ("X-Trim", "  a  b   "),
            ]),
            "hello",
        )
        .await;
        assert_eq!(
            signature.canonical_request(),
            "PUT\n/v5/a/b/c%20d/~/\na=&a=1&b=2&flag=\ncontent-type:text/plain\n\
             host:abc123.st1.iotda-app.cn-north-4.myhuaweicloud.com:8443\n\
             x-sdk-content-sha256:UNSIGNED-PAYLOAD\nx-sdk-date:20240101T000000Z\nx-trim:a  b\n\n\
             content-type;host;x-sdk-content-sha256;x-sdk-date;x-trim\nUNSIGNED-PAYLOAD"
        );
        assert_eq!(
            signature.authorization(),
            "SDK-HMAC-SHA256 Access=AKTEST, \
             SignedHeaders=content-type;host;x-sdk-content-sha256;x-sdk-date;x-trim, \
             Signature=bc4c4be91f7f22464bff09dd4215f4f96cafba21b7278a23049ed2f88eb42153"
        );
        // Values are trimmed in the request as well; `_` headers are sent, unsigned.
        assert_eq!(request.headers()["x-trim"], "a  b");
        assert_eq!(request.headers()["x_under"], "v");
        assert_eq!(
            request.headers()["x-sdk-content-sha256"],
            "UNSIGNED-PAYLOAD"
        );
        assert_eq!(
            request.headers()["host"],
            "abc123.st1.iotda-app.cn-north-4.myhuaweicloud.com:8443"
        );
    }

    #[tokio::test]
    async fn sdk_quirks_vector_empty_body_hashes_empty_even_when_unsigned() {
        let (_, signature) = authorize(
            &test_signer(SigningAlgorithm::SdkHmacSha256),
            Method::DELETE,
            url("https://iotda.cn-north-4.myhuaweicloud.com/v5/x"),
            headers(&[("Content-Type", "application/octet-stream")]),
            "",
        )
        .await;
        assert!(signature.canonical_request().ends_with(&format!(
            "x-sdk-content-sha256:UNSIGNED-PAYLOAD\nx-sdk-date:20240101T000000Z\n\n\
             content-type;host;x-sdk-content-sha256;x-sdk-date\n{EMPTY_BODY_SHA256}"
        )));
        assert_eq!(
            signature.authorization(),
            "SDK-HMAC-SHA256 Access=AKTEST, \
             SignedHeaders=content-type;host;x-sdk-content-sha256;x-sdk-date, \
             Signature=24d0571aad1266b7b0bc232f255e359b1f03b8fbfb18aebc65c6ea361b87c989"
        );
    }

    // --- Rules -----------------------------------------------------------------------------

    #[test]
    fn default_derived_predicate() {
        let regional = [
            "iotda.cn-north-4.myhuaweicloud.com",
            "iotda.ap-southeast-1.myhuaweicloud.com:8443",
            "iam.myhuaweicloud.com",
            "iotda.cn-north-4.myhuaweicloud.cn",
            "ecs.cn-east-3.myhwclouds.com",
            "ecs.mymyhwclouds.com",
            "obs.huaweicloud.com",
            "iotda.cn-north-44.myhuaweicloud.com",
            // No end anchor, and the `.` before `(com|cn)` is any character.
            "iotda.cn-north-4.myhuaweicloud.com.example.org",
            "iotda.myhuaweicloudxcom.example",
        ];
        for host in regional {
            assert!(is_default_endpoint(host), "{host}");
        }
        let derived = [
            "abc123.st1.iotda-app.cn-north-4.myhuaweicloud.com",
            "1abc.cn-north-4.myhuaweicloud.com",
            "a.myhuaweicloud.com",
            "iotda.cn-north-444.myhuaweicloud.com",
            "iotda.cn-north-4.huaweicloud.co",
            "iotda.c-north-4.myhuaweicloud.com.",
            "127.0.0.1:8080",
            "localhost",
            "[::1]:443",
            "",
        ];
        for host in derived {
            assert!(!is_default_endpoint(host), "{host}");
        }
        assert_eq!(
            SigningAlgorithm::for_endpoint(&url("http://127.0.0.1:9000/"), "cn-north-4"),
            iotdm()
        );
        assert_eq!(
            SigningAlgorithm::for_endpoint(&url(PACKAGES), "cn-north-4"),
            SigningAlgorithm::SdkHmacSha256
        );
    }

    #[test]
    fn python_whitespace_is_unicode_white_space_and_the_separators() {
        // Python 3.11: [hex(c) for c in range(0x110000) if chr(c).isspace()]
        let python: Vec<u32> = [
            0x9, 0xa, 0xb, 0xc, 0xd, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000,
            0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028,
            0x2029, 0x202f, 0x205f, 0x3000,
        ]
        .to_vec();
        let ours: Vec<u32> = (0..=0x10_FFFF_u32)
            .filter_map(char::from_u32)
            .filter(|c| python_strip(&c.to_string()).is_empty())
            .map(u32::from)
            .collect();
        assert_eq!(ours, python);
    }

    #[test]
    fn canonical_uri_follows_unquote_split_quote() {
        assert_eq!(canonical_uri("/"), "/");
        assert_eq!(canonical_uri(""), "/");
        assert_eq!(canonical_uri("/v5/a%2Fb/c"), "/v5/a/b/c/");
        assert_eq!(canonical_uri("/v5//x/"), "/v5//x/");
        assert_eq!(canonical_uri("/%7e/a+b/%25/%zz"), "/~/a%2Bb/%25/%25zz/");
        assert_eq!(canonical_uri("/%C3%A9/%FF"), "/%C3%A9/%EF%BF%BD/");
    }

    #[test]
    fn canonical_query_sorts_decoded_pairs() {
        assert_eq!(canonical_query(None), "");
        assert_eq!(canonical_query(Some("")), "");
        assert_eq!(
            canonical_query(Some("b=2&a=z&a=&&flag&a%20b=%2b+&=v&c=%e6%97%a5")),
            "=v&a=&a=z&a%20b=%2B%2B&b=2&c=%E6%97%A5&flag="
        );
        // Sorted by the decoded text, not by its encoding.
        assert_eq!(canonical_query(Some("k=%7E&k=%41")), "k=A&k=~");
    }

    #[test]
    fn a_declared_content_hash_replaces_the_body_hash() {
        let signer = test_signer(SigningAlgorithm::SdkHmacSha256);
        let digest = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        let signature = signer
            .signature(
                &Method::POST,
                &url(PACKAGES),
                &headers(&[
                    ("content-type", "application/json;charset=UTF-8"),
                    ("x-sdk-content-sha256", &format!(" {digest} ")),
                ]),
                b"{}",
                JAN_2024,
            )
            .unwrap();
        assert!(
            signature
                .canonical_request()
                .ends_with(&format!("\n{digest}"))
        );
        assert!(signature.signed_headers().contains("x-sdk-content-sha256"));
    }

    #[test]
    fn streamed_bodies_are_unsigned_payloads() {
        let signer = test_signer(SigningAlgorithm::SdkHmacSha256);
        for content_type in ["application/json", "multipart/form-data; boundary=x"] {
            let mut headers = headers(&[("content-type", content_type)]);
            let (signature, _) = signer
                .sign_headers(
                    &Method::POST,
                    &url(PACKAGES),
                    &mut headers,
                    Payload::Streamed,
                    JAN_2024,
                )
                .unwrap();
            assert_eq!(headers["x-sdk-content-sha256"], UNSIGNED_PAYLOAD);
            assert!(
                signature
                    .canonical_request()
                    .ends_with("\nUNSIGNED-PAYLOAD")
            );
        }
    }

    #[tokio::test]
    async fn a_preset_date_is_signed_instead_of_the_clock() {
        let (request, signature) = authorize(
            &test_signer(SigningAlgorithm::SdkHmacSha256),
            Method::GET,
            url(U),
            headers(&[("X-Sdk-Date", "20191115T033655Z")]),
            "",
        )
        .await;
        assert_eq!(request.headers()["x-sdk-date"], "20191115T033655Z");
        assert_eq!(
            signature.string_to_sign().lines().nth(1),
            Some("20191115T033655Z")
        );

        for bad in [
            "2019-11-15T03:36:55Z",
            "20191115T033655",
            "20191315T033655Z",
            "09991115T033655Z",
            " 20191115T033655Z",
        ] {
            let error = test_signer(SigningAlgorithm::SdkHmacSha256)
                .signature(
                    &Method::GET,
                    &url(U),
                    &headers(&[("x-sdk-date", bad)]),
                    b"",
                    JAN_2024,
                )
                .unwrap_err();
            assert_eq!(error.invalid_field().unwrap().field, "X-Sdk-Date", "{bad}");
        }
    }

    #[tokio::test]
    async fn an_explicit_host_header_is_kept() {
        let (request, signature) = authorize(
            &test_signer(SigningAlgorithm::SdkHmacSha256),
            Method::GET,
            url(U),
            headers(&[("Host", "alias.example.com")]),
            "",
        )
        .await;
        assert_eq!(request.headers()["host"], "alias.example.com");
        assert!(
            signature
                .canonical_request()
                .contains("\nhost:alias.example.com\n")
        );
    }

    #[tokio::test]
    async fn a_pre_authorised_request_is_left_alone() {
        let signer = test_signer(SigningAlgorithm::SdkHmacSha256);
        let mut request = PreparedRequest::new(
            Method::GET,
            url(U),
            headers(&[("authorization", "Custom x")]),
            "",
        );
        signer.authorize(&mut request).await.unwrap();
        assert_eq!(request.headers().len(), 1);
        assert_eq!(request.headers()["authorization"], "Custom x");
    }

    #[test]
    fn bad_input_is_reported_without_secrets_and_leaves_the_request_unchanged() {
        let sk = "S3cr3t-SK-value";
        let cases: [(AkSkSigner, HeaderMap, &str); 6] = [
            (
                AkSkSigner::new("", SecretString::from(sk), SigningAlgorithm::SdkHmacSha256),
                HeaderMap::new(),
                "ak",
            ),
            (
                AkSkSigner::new(
                    "AK\n",
                    SecretString::from(sk),
                    SigningAlgorithm::SdkHmacSha256,
                ),
                HeaderMap::new(),
                "ak",
            ),
            (
                AkSkSigner::new(
                    "AK",
                    SecretString::from(""),
                    SigningAlgorithm::SdkHmacSha256,
                ),
                HeaderMap::new(),
                "sk",
            ),
            (
                AkSkSigner::new(
                    "AK",
                    SecretString::from(sk),
                    SigningAlgorithm::DerivedHmacSha256 {
                        region: String::new(),
                        service: "iotdm".into(),
                    },
                ),
                HeaderMap::new(),
                "region",
            ),
            (
                AkSkSigner::new(
                    "AK",
                    SecretString::from(sk),
                    SigningAlgorithm::SdkHmacSha256,
                ),
                {
                    let mut map = HeaderMap::new();
                    map.append("x-twice", HeaderValue::from_static("1"));
                    map.append("x-twice", HeaderValue::from_static("2"));
                    map
                },
                "x-twice",
            ),
            (
                AkSkSigner::new(
                    "AK",
                    SecretString::from(sk),
                    SigningAlgorithm::SdkHmacSha256,
                ),
                headers(&[("x-latin1", "\u{e9}")])
                    .into_iter()
                    .map(|(name, _)| (name.unwrap(), HeaderValue::from_bytes(b"caf\xe9").unwrap()))
                    .collect(),
                "x-latin1",
            ),
        ];
        for (signer, headers, field) in cases {
            let mut request = PreparedRequest::new(Method::GET, url(U), headers.clone(), "");
            let error = signer.sign(&mut request, JAN_2024).unwrap_err();
            assert_eq!(error.invalid_field().unwrap().field, field);
            assert!(!error.to_string().contains(sk));
            assert!(!format!("{error:?}").contains(sk));
            assert_eq!(request.headers(), &headers);
        }
    }

    #[test]
    fn debug_output_hides_the_secret_and_the_signature() {
        let signer = AkSkSigner::new("AKTEST", SecretString::from("SKTEST"), iotdm());
        let text = format!("{signer:?}");
        assert!(text.contains("AKTEST") && text.contains("[redacted]") && !text.contains("SKTEST"));
        let signature = signer
            .signature(&Method::GET, &url(U), &HeaderMap::new(), b"", JAN_2024)
            .unwrap();
        assert_eq!(
            format!("{signature:?}"),
            r#"Signature { algorithm: "V11-HMAC-SHA256", signed_headers: "host;x-sdk-date", .. }"#
        );
    }

    #[test]
    fn the_clock_is_read_in_utc() {
        let signer = test_signer(SigningAlgorithm::SdkHmacSha256);
        let signature = signer
            .signature(
                &Method::GET,
                &url(U),
                &HeaderMap::new(),
                b"",
                datetime!(2024-01-01 8:00 +8),
            )
            .unwrap();
        assert_eq!(
            signature.string_to_sign().lines().nth(1),
            Some("20240101T000000Z")
        );
        assert!(
            signer
                .signature(
                    &Method::GET,
                    &url(U),
                    &HeaderMap::new(),
                    b"",
                    datetime!(0999-12-31 0:00 UTC)
                )
                .is_err()
        );
    }

    /// Through the real transport to a server: what arrives verifies against the signature.
    #[tokio::test]
    async fn what_the_transport_sends_verifies() {
        use wiremock::{Mock, MockServer, ResponseTemplate, matchers};

        let server = MockServer::start().await;
        Mock::given(matchers::any())
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
            .mount(&server)
            .await;
        let endpoint = url(&server.uri());
        let signer = AkSkSigner::for_endpoint(
            "AKTEST",
            SecretString::from("SKTEST"),
            &endpoint,
            "cn-north-4",
        )
        .clock(|| JAN_2024);
        // Loopback is not a default endpoint: the SDK would use derived auth too.
        assert_eq!(signer.algorithm(), &iotdm());
        let transport = Transport::builder(pkgmodel::Vendor::Iotda)
            .endpoint(server.uri())
            .auth(signer.clone())
            .build()
            .unwrap();

        let open: pkgruntime::BodyFactory =
            Arc::new(|| Box::pin(futures::stream::iter([Ok(Vec::from("raw bytes").into())])));
        let requests = [
            ApiRequest::get("list")
                .path(["v5", "iot", "p/1 é", "packages"])
                .query("marker", "ab+/= ")
                .query("app_id", "")
                .try_header(
                    HeaderName::from_static("x-project-id"),
                    " pid123 ",
                    "project_id",
                )
                .unwrap(),
            ApiRequest::post("create")
                .path(["v5", "iot", "pid123", "packages"])
                .json(&serde_json::json!({"app_id": "a b"}))
                .unwrap(),
            ApiRequest::put("upload")
                .path(["v5", "upload"])
                .body_stream(
                    open,
                    9,
                    HeaderValue::from_static("application/octet-stream"),
                ),
        ];
        for request in requests {
            transport.send(request).await.unwrap();
        }

        let received = server.received_requests().await.unwrap();
        assert_eq!(received.len(), 3);
        for request in received {
            let authorization = request.headers["authorization"].to_str().unwrap();
            let (_, names) = authorization.split_once("SignedHeaders=").unwrap();
            let (names, _) = names.split_once(',').unwrap();
            let mut headers = HeaderMap::new();
            for name in names.split(';') {
                headers.insert(
                    HeaderName::from_bytes(name.as_bytes()).unwrap(),
                    request.headers[name].clone(),
                );
            }
            let expected = signer
                .signature(
                    &request.method,
                    &request.url,
                    &headers,
                    &request.body,
                    JAN_2024,
                )
                .unwrap();
            assert_eq!(authorization, expected.authorization(), "{}", request.url);
        }
    }
}
