//! Server-side HTTP Digest (RFC 7616) for mock servers: [`DigestVerifier`].
//!
//! A vendor mock whose API uses Digest auth puts its handler behind a verifier: requests
//! without valid credentials get `401` with a challenge, the others reach the handler. The
//! verifier is an independent implementation of the server's side (it hashes with `md-5`
//! and `sha2` itself), so it checks the client rather than mirroring it:
//!
//! - challenges: the configured algorithms (MD5, SHA-256, SHA-512-256, or their `-sess`
//!   forms), one `WWW-Authenticate` header each or all in one ([`ChallengeLayout`]),
//!   realm, `qop="auth"`, a fresh nonce per challenge and an `opaque` to echo;
//! - answers: username, realm, an offered algorithm, `qop=auth`, the `uri` equal to the
//!   request-target actually received (path and query; a mismatch is `400` as in Apache),
//!   a nonce it issued, the opaque, the `response` recomputed from the known password, and
//!   a nonce count never used before for the nonce ([`NcCheck`]);
//! - stale nonces: after [`nonce_lifetime`](DigestVerifier::nonce_lifetime), after
//!   [`max_nonce_uses`](DigestVerifier::max_nonce_uses) answers, or on
//!   [`make_stale`](DigestVerifier::make_stale), a correct answer gets `401` with
//!   `stale=true` and a new nonce; a wrong one gets a plain `401`;
//! - counters: [`challenges_sent`](DigestVerifier::challenges_sent) (every `401`),
//!   [`stale_challenges_sent`](DigestVerifier::stale_challenges_sent),
//!   [`accepted`](DigestVerifier::accepted), and why each request was turned away
//!   ([`rejections`](DigestVerifier::rejections)).
//!
//! [`DigestCredentials`] parses the `Authorization` headers a mock received, for tests that
//! assert on nonces, counts and URIs.
//!
//! ```
//! use pkgruntime::testing::{DigestCredentials, DigestVerifier, FaultInjector, FaultQueue, MockResponse};
//! use pkgruntime::{ApiRequest, DigestAlgorithm, DigestAuth, SecretString, Transport};
//! use wiremock::{matchers, Mock, MockServer};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), pkgruntime::Error> {
//! let server = MockServer::start().await;
//! let verifier = DigestVerifier::new("AK", SecretString::from("SK"))
//!     .algorithms([DigestAlgorithm::Md5, DigestAlgorithm::Sha256]);
//! let handler = |_: &wiremock::Request| MockResponse::json(200, &serde_json::json!({"ok": true}));
//! Mock::given(matchers::path("/api/v2/instances"))
//!     .respond_with(FaultInjector::new(verifier.protect(handler), FaultQueue::new()))
//!     .mount(&server)
//!     .await;
//!
//! let auth = DigestAuth::new("AK", SecretString::from("SK"));
//! let transport = Transport::builder(pkgmodel::Vendor::ObCloud)
//!     .endpoint(&server.uri())
//!     .auth(auth.clone())
//!     .build()?;
//! for page in 1..=3 {
//!     let request = ApiRequest::get("list_instances").path(["api", "v2", "instances"]).query("pageNumber", page);
//!     transport.send(request).await?;
//! }
//! // One challenge for three calls; then the nonce was reused with nc 1, 2, 3.
//! assert_eq!(verifier.challenges_sent(), 1);
//! assert_eq!(verifier.accepted(), 3);
//! assert_eq!(auth.challenges_answered(), 1);
//! let received = server.received_requests().await.unwrap();
//! let answers: Vec<DigestCredentials> = received.iter().filter_map(DigestCredentials::from_request).collect();
//! assert_eq!(answers.iter().map(|a| a.nc).collect::<Vec<_>>(), [Some(1), Some(2), Some(3)]);
//! assert!(answers.iter().all(|a| a.algorithm.as_deref() == Some("SHA-256")));
//! assert_eq!(answers[2].uri, "/api/v2/instances?pageNumber=3");
//! # Ok(()) }
//! ```

use super::{MockHandler, MockResponse};
use crate::{DigestAlgorithm, ExposeSecret as _, Redacted, SecretString};
use http_auth::ChallengeParser;
use std::collections::{BTreeSet, HashMap};
use std::fmt::{self, Write as _};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};
use wiremock::{Request, Respond, ResponseTemplate};

/// How several offered algorithms are laid out in the `401` response.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChallengeLayout {
    /// One `WWW-Authenticate` header per challenge.
    #[default]
    SeparateHeaders,
    /// All challenges in one `WWW-Authenticate` header, comma-separated.
    OneHeader,
}

/// How the verifier checks nonce counts (`nc`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum NcCheck {
    /// Each `nc` may be used once per nonce (replays are refused). Requests sent
    /// concurrently may arrive out of order, so this is the mode for concurrent tests.
    #[default]
    Unique,
    /// Each `nc` must be greater than every earlier one for its nonce: for sequential tests.
    Increasing,
}

/// The server side of HTTP Digest, for wiremock mocks. Cheap to clone; clones share
/// configuration, nonces and counters.
#[derive(Clone)]
pub struct DigestVerifier {
    state: Arc<Mutex<State>>,
}

struct State {
    username: String,
    password: SecretString,
    realm: String,
    algorithms: Vec<DigestAlgorithm>,
    layout: ChallengeLayout,
    nonce_lifetime: Option<Duration>,
    max_nonce_uses: Option<u32>,
    nc_check: NcCheck,
    opaque: String,
    nonces: HashMap<String, Nonce>,
    issued: u64,
    challenges_sent: u64,
    stale_challenges_sent: u64,
    accepted: u64,
    rejections: Vec<String>,
}

/// What the verifier remembers about a nonce it issued.
struct Nonce {
    issued_at: Instant,
    uses: u32,
    stale: bool,
    counts: BTreeSet<u32>,
}

/// Why a request was turned away.
enum Refusal {
    /// `401` with a fresh challenge; `stale` says whether only the nonce was wrong.
    Challenge { reason: String, stale: bool },
    /// `400 Bad Request` (the answer does not match the request).
    BadRequest(String),
}

impl Refusal {
    fn challenge(reason: impl Into<String>) -> Self {
        Self::Challenge {
            reason: reason.into(),
            stale: false,
        }
    }
}

impl DigestVerifier {
    /// A verifier for one user: realm `api`, MD5, separate headers, nonces that never
    /// expire, [`NcCheck::Unique`].
    pub fn new(username: impl Into<String>, password: SecretString) -> Self {
        Self {
            state: Arc::new(Mutex::new(State {
                username: username.into(),
                password,
                realm: "api".to_owned(),
                algorithms: vec![DigestAlgorithm::Md5],
                layout: ChallengeLayout::default(),
                nonce_lifetime: None,
                max_nonce_uses: None,
                nc_check: NcCheck::default(),
                opaque: format!("{:016x}", fastrand::u64(..)),
                nonces: HashMap::new(),
                issued: 0,
                challenges_sent: 0,
                stale_challenges_sent: 0,
                accepted: 0,
                rejections: Vec::new(),
            })),
        }
    }

    /// The realm (default `api`).
    pub fn realm(self, realm: impl Into<String>) -> Self {
        self.lock().realm = realm.into();
        self
    }

    /// Offers one algorithm (default MD5).
    pub fn algorithm(self, algorithm: DigestAlgorithm) -> Self {
        self.algorithms([algorithm])
    }

    /// Offers these algorithms, one challenge each, in this order (all share the nonce).
    pub fn algorithms(self, algorithms: impl IntoIterator<Item = DigestAlgorithm>) -> Self {
        self.lock().algorithms = algorithms.into_iter().collect();
        self
    }

    /// How several challenges are laid out (default: one header each).
    pub fn layout(self, layout: ChallengeLayout) -> Self {
        self.lock().layout = layout;
        self
    }

    /// Nonces go stale this long after they were issued (default: never). Wall-clock based;
    /// deterministic tests use [`max_nonce_uses`](Self::max_nonce_uses) or
    /// [`make_stale`](Self::make_stale) instead.
    pub fn nonce_lifetime(self, lifetime: Duration) -> Self {
        self.lock().nonce_lifetime = Some(lifetime);
        self
    }

    /// A nonce goes stale after this many accepted answers (default: no limit).
    pub fn max_nonce_uses(self, uses: u32) -> Self {
        self.lock().max_nonce_uses = Some(uses);
        self
    }

    /// How nonce counts are checked (default [`NcCheck::Unique`]).
    pub fn nc_check(self, check: NcCheck) -> Self {
        self.lock().nc_check = check;
        self
    }

    /// Makes every nonce issued so far stale: the next correct answer with one of them gets
    /// `401` with `stale=true`.
    pub fn make_stale(&self) {
        for nonce in self.lock().nonces.values_mut() {
            nonce.stale = true;
        }
    }

    /// Forgets every nonce issued so far, as a restarted server would: answers with one of
    /// them get a plain `401` (not stale).
    pub fn forget_nonces(&self) {
        self.lock().nonces.clear();
    }

    /// How many `401` challenges have been sent (the stale ones included).
    pub fn challenges_sent(&self) -> u64 {
        self.lock().challenges_sent
    }

    /// How many of those carried `stale=true`.
    pub fn stale_challenges_sent(&self) -> u64 {
        self.lock().stale_challenges_sent
    }

    /// How many requests passed verification.
    pub fn accepted(&self) -> u64 {
        self.lock().accepted
    }

    /// Why each request turned away was refused, in order (`"no Digest credentials"`,
    /// `"stale nonce"`, `"wrong response"`, …). Never contains a secret or hash.
    pub fn rejections(&self) -> Vec<String> {
        self.lock().rejections.clone()
    }

    /// Verifies `request`: `Ok` when it carries a valid Digest answer, otherwise the
    /// response to send — `401` with a challenge (and a JSON `{"message": …}` body saying
    /// why), or `400` when the answer's `uri` is not the request's. Mocks may change the
    /// body or add headers to it.
    pub fn check(&self, request: &Request) -> Result<(), MockResponse> {
        let mut state = self.lock();
        match state.verify(request) {
            Ok(()) => {
                state.accepted += 1;
                Ok(())
            }
            Err(Refusal::BadRequest(reason)) => {
                let response = message(400, &reason);
                state.rejections.push(reason);
                Err(response)
            }
            Err(Refusal::Challenge { reason, stale }) => {
                let mut response = message(401, &reason);
                for value in state.challenge(stale) {
                    response = response.header("www-authenticate", value);
                }
                state.rejections.push(reason);
                Err(response)
            }
        }
    }

    /// `handler` behind this verifier: a [`MockHandler`] (to wrap in a
    /// [`FaultInjector`](super::FaultInjector)) and a wiremock responder.
    pub fn protect<H: MockHandler>(&self, handler: H) -> DigestProtected<H> {
        DigestProtected {
            verifier: self.clone(),
            handler,
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panicking test thread must not wedge the mock for the others.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl State {
    fn verify(&mut self, request: &Request) -> Result<(), Refusal> {
        let Some(header) = request.headers.get(http::header::AUTHORIZATION) else {
            return Err(Refusal::challenge("no Digest credentials"));
        };
        let credentials = header
            .to_str()
            .map_err(|_| "an Authorization header that is not visible ASCII".to_owned())
            .and_then(DigestCredentials::parse)
            .map_err(|why| Refusal::challenge(format!("malformed Digest credentials: {why}")))?;
        if credentials.userhash {
            return Err(Refusal::challenge("userhash was not offered"));
        }
        if credentials.username != self.username {
            return Err(Refusal::challenge("unknown user"));
        }
        if credentials.realm != self.realm {
            return Err(Refusal::challenge("wrong realm"));
        }
        let algorithm = credentials.algorithm.as_deref().unwrap_or("MD5");
        let Some(algorithm) = DigestAlgorithm::from_name(algorithm)
            .filter(|algorithm| self.algorithms.contains(algorithm))
        else {
            return Err(Refusal::challenge(format!(
                "algorithm {algorithm} was not offered"
            )));
        };
        if credentials.qop.as_deref() != Some("auth") {
            return Err(Refusal::challenge("qop must be auth"));
        }
        let (Some(nc), Some(cnonce)) = (credentials.nc, credentials.cnonce.as_deref()) else {
            return Err(Refusal::challenge("nc and cnonce are required with qop"));
        };
        let target = request_target(&request.url);
        if credentials.uri != target {
            return Err(Refusal::BadRequest(format!(
                "uri {:?} is not the request-target {target:?}",
                credentials.uri
            )));
        }
        if credentials.opaque.as_deref() != Some(self.opaque.as_str()) {
            return Err(Refusal::challenge("opaque was not echoed"));
        }
        let Some(nonce) = self.nonces.get_mut(&credentials.nonce) else {
            return Err(Refusal::challenge("unknown nonce"));
        };
        let h = |text: &str| hash(algorithm, text);
        let mut ha1 = h(&format!(
            "{}:{}:{}",
            self.username,
            self.realm,
            self.password.expose_secret()
        ));
        if algorithm.is_session() {
            ha1 = h(&format!("{ha1}:{}:{cnonce}", credentials.nonce));
        }
        let ha2 = h(&format!("{}:{target}", request.method));
        let expected = h(&format!(
            "{ha1}:{}:{nc:08x}:{cnonce}:auth:{ha2}",
            credentials.nonce
        ));
        if credentials.response != expected {
            return Err(Refusal::challenge("wrong response"));
        }
        let expired = self
            .nonce_lifetime
            .is_some_and(|lifetime| nonce.issued_at.elapsed() > lifetime);
        let used_up = self.max_nonce_uses.is_some_and(|max| nonce.uses >= max);
        if nonce.stale || expired || used_up {
            return Err(Refusal::Challenge {
                reason: "stale nonce".to_owned(),
                stale: true,
            });
        }
        if nc == 0 || nonce.counts.contains(&nc) {
            return Err(Refusal::challenge(format!("nc {nc} reused")));
        }
        if let (NcCheck::Increasing, Some(&highest)) = (self.nc_check, nonce.counts.last())
            && nc < highest
        {
            return Err(Refusal::challenge(format!(
                "nc {nc} after {highest}: not increasing"
            )));
        }
        nonce.counts.insert(nc);
        nonce.uses += 1;
        Ok(())
    }

    /// A fresh nonce and the `WWW-Authenticate` values offering it.
    fn challenge(&mut self, stale: bool) -> Vec<String> {
        self.issued += 1;
        let nonce = format!("{:016x}{:08x}", fastrand::u64(..), self.issued);
        self.nonces.insert(
            nonce.clone(),
            Nonce {
                issued_at: Instant::now(),
                uses: 0,
                stale: false,
                counts: BTreeSet::new(),
            },
        );
        self.challenges_sent += 1;
        if stale {
            self.stale_challenges_sent += 1;
        }
        let stale = if stale { ", stale=true" } else { "" };
        let challenges = self.algorithms.iter().map(|algorithm| {
            format!(
                r#"Digest realm="{}", qop="auth", algorithm={algorithm}, nonce="{nonce}", opaque="{}"{stale}"#,
                self.realm.replace(['\\', '"'], ""),
                self.opaque,
            )
        });
        match self.layout {
            ChallengeLayout::SeparateHeaders => challenges.collect(),
            ChallengeLayout::OneHeader => vec![challenges.collect::<Vec<_>>().join(", ")],
        }
    }
}

impl fmt::Debug for DigestVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.lock();
        f.debug_struct("DigestVerifier")
            .field("username", &state.username)
            .field("password", &Redacted)
            .field("realm", &state.realm)
            .field("algorithms", &state.algorithms)
            .field("challenges_sent", &state.challenges_sent)
            .field("accepted", &state.accepted)
            .finish_non_exhaustive()
    }
}

/// A handler behind a [`DigestVerifier`] (see [`DigestVerifier::protect`]).
pub struct DigestProtected<H> {
    verifier: DigestVerifier,
    handler: H,
}

impl<H: MockHandler> MockHandler for DigestProtected<H> {
    fn handle(&self, request: &Request) -> MockResponse {
        match self.verifier.check(request) {
            Ok(()) => self.handler.handle(request),
            Err(refusal) => refusal,
        }
    }
}

impl<H: MockHandler> Respond for DigestProtected<H> {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        self.handle(request).into_template()
    }
}

impl<H> fmt::Debug for DigestProtected<H> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DigestProtected")
            .field("verifier", &self.verifier)
            .finish_non_exhaustive()
    }
}

/// The parameters of an `Authorization: Digest …` header, unescaped.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DigestCredentials {
    /// `username` (or the decoded `username*`).
    pub username: String,
    /// Whether `userhash=true` (the username is then a hash).
    pub userhash: bool,
    /// `realm`.
    pub realm: String,
    /// `nonce`.
    pub nonce: String,
    /// `uri`: the request-target the client answered for.
    pub uri: String,
    /// `response`: the hash proving the password (hidden from `Debug`).
    pub response: String,
    /// `algorithm`, if sent (absent means MD5).
    pub algorithm: Option<String>,
    /// `qop`, if sent.
    pub qop: Option<String>,
    /// `nc`, the nonce count, if sent.
    pub nc: Option<u32>,
    /// `cnonce`, if sent.
    pub cnonce: Option<String>,
    /// `opaque`, if sent.
    pub opaque: Option<String>,
}

impl DigestCredentials {
    /// Parses an `Authorization` value; fails (saying why) unless it is a `Digest` answer
    /// with username, realm, nonce, uri and response.
    pub fn parse(value: &str) -> Result<Self, String> {
        let parsed = ChallengeParser::new(value)
            .next()
            .ok_or("empty header")?
            .map_err(|error| error.to_string())?;
        if !parsed.scheme.eq_ignore_ascii_case("Digest") {
            return Err(format!("scheme {} is not Digest", parsed.scheme));
        }
        let mut params: HashMap<String, String> = HashMap::new();
        for (key, value) in &parsed.params {
            let key = key.to_ascii_lowercase();
            if params.insert(key.clone(), value.to_unescaped()).is_some() {
                return Err(format!("duplicate parameter {key}"));
            }
        }
        let mut take = |key: &str| params.remove(key);
        let username = match (take("username"), take("username*")) {
            (Some(username), None) => username,
            (None, Some(extended)) => decode_extended(&extended)?,
            _ => return Err("exactly one of username and username* is required".to_owned()),
        };
        let mut required = |key: &str| take(key).ok_or(format!("missing {key}"));
        let (realm, nonce, uri, response) = (
            required("realm")?,
            required("nonce")?,
            required("uri")?,
            required("response")?,
        );
        let nc = match take("nc") {
            Some(nc) if nc.len() == 8 => {
                Some(u32::from_str_radix(&nc, 16).map_err(|_| format!("nc {nc:?} is not hex"))?)
            }
            Some(nc) => return Err(format!("nc {nc:?} is not 8 hex digits")),
            None => None,
        };
        Ok(Self {
            username,
            userhash: take("userhash").is_some_and(|value| value.eq_ignore_ascii_case("true")),
            realm,
            nonce,
            uri,
            response,
            algorithm: take("algorithm"),
            qop: take("qop"),
            nc,
            cnonce: take("cnonce"),
            opaque: take("opaque"),
        })
    }

    /// The Digest answer `request` carried, if any.
    pub fn from_request(request: &Request) -> Option<Self> {
        let value = request.headers.get(http::header::AUTHORIZATION)?;
        Self::parse(value.to_str().ok()?).ok()
    }
}

impl fmt::Debug for DigestCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DigestCredentials")
            .field("username", &self.username)
            .field("realm", &self.realm)
            .field("nonce", &self.nonce)
            .field("uri", &self.uri)
            .field("response", &Redacted)
            .field("algorithm", &self.algorithm)
            .field("qop", &self.qop)
            .field("nc", &self.nc)
            .field("cnonce", &self.cnonce)
            .field("opaque", &self.opaque)
            .finish_non_exhaustive()
    }
}

/// Decodes an RFC 8187 `UTF-8''percent%20encoded` value.
fn decode_extended(value: &str) -> Result<String, String> {
    let (charset, rest) = value
        .split_once('\'')
        .ok_or_else(|| format!("{value:?} is not an extended value"))?;
    let (_language, encoded) = rest
        .split_once('\'')
        .ok_or_else(|| format!("{value:?} is not an extended value"))?;
    if !charset.eq_ignore_ascii_case("UTF-8") {
        return Err(format!("charset {charset} is not UTF-8"));
    }
    percent_encoding::percent_decode_str(encoded)
        .decode_utf8()
        .map(std::borrow::Cow::into_owned)
        .map_err(|_| format!("{value:?} is not UTF-8"))
}

/// The request-target a wiremock request was sent to: path, plus `?query` when present.
fn request_target(url: &url::Url) -> String {
    match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_owned(),
    }
}

/// A JSON `{"message": …}` response.
fn message(status: u16, text: &str) -> MockResponse {
    MockResponse::json(status, &serde_json::json!({ "message": text }))
}

/// The lower-case hex digest of `text` with `algorithm`'s hash.
fn hash(algorithm: DigestAlgorithm, text: &str) -> String {
    use sha2::Digest as _;
    let bytes = match algorithm {
        DigestAlgorithm::Md5 | DigestAlgorithm::Md5Sess => md5::Md5::digest(text).to_vec(),
        DigestAlgorithm::Sha256 | DigestAlgorithm::Sha256Sess => {
            sha2::Sha256::digest(text).to_vec()
        }
        DigestAlgorithm::Sha512_256 | DigestAlgorithm::Sha512_256Sess => {
            sha2::Sha512_256::digest(text).to_vec()
        }
    };
    bytes.iter().fold(String::new(), |mut hex, byte| {
        let _ = write!(hex, "{byte:02x}");
        hex
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_match_rfc_7616_section_3_9_1() {
        // The SHA-256 and MD5 responses of the RFC's example.
        let nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
        let cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
        for (algorithm, expected) in [
            (
                DigestAlgorithm::Sha256,
                "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
            ),
            (DigestAlgorithm::Md5, "8ca523f5e9506fed4657c9700eebdbec"),
        ] {
            let h = |text: &str| hash(algorithm, text);
            let ha1 = h("Mufasa:http-auth@example.org:Circle of Life");
            let ha2 = h("GET:/dir/index.html");
            let response = h(&format!("{ha1}:{nonce}:00000001:{cnonce}:auth:{ha2}"));
            assert_eq!(response, expected, "{algorithm}");
        }
    }

    #[test]
    fn credentials_parse_and_hide_the_response() {
        let credentials = DigestCredentials::parse(
            r#"Digest username*=UTF-8''J%C3%A4s%C3%B8n%20Doe, realm="api", uri="/a?b=\"c\"", nonce="n", algorithm=SHA-256, nc=0000000a, cnonce="c", qop=auth, response="abc123", opaque="o""#,
        )
        .unwrap();
        assert_eq!(credentials.username, "J\u{e4}s\u{f8}n Doe");
        assert_eq!(credentials.uri, r#"/a?b="c""#);
        assert_eq!(credentials.nc, Some(10));
        assert_eq!(credentials.algorithm.as_deref(), Some("SHA-256"));
        assert!(!format!("{credentials:?}").contains("abc123"));
        for bad in [
            "Basic YWxhZGRpbjpvcGVuc2VzYW1l",
            r#"Digest realm="api", nonce="n", uri="/", response="r""#,
            r#"Digest username="u", realm="api", nonce="n", uri="/", response="r", nc=1"#,
        ] {
            assert!(DigestCredentials::parse(bad).is_err(), "{bad}");
        }
    }
}
