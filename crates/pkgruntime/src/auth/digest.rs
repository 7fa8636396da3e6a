//! [`DigestAuth`]: HTTP Digest authentication (RFC 7616) as an [`AuthHook`].
//!
//! Digest is challenge-response: the server answers the first request with `401` and a
//! `WWW-Authenticate: Digest realm=…, nonce=…, algorithm=…, qop="auth"` challenge, and the
//! client resends with an `Authorization: Digest …` header whose `response` is a hash over
//! the credentials, the nonce, a nonce count (`nc`) and the request. The hashing itself is
//! done by the [`http-auth`](http_auth) crate; this hook decides *which* challenge to answer
//! and *when*:
//!
//! - **One round trip in total.** The first request goes without credentials and is
//!   challenged; the hook keeps the challenge, and every later request — sequential or
//!   running in parallel during prefetch — is authorised up front with the cached nonce and
//!   the next `nc` (`00000001`, `00000002`, …; never the same value twice for a nonce). A
//!   listing of many pages therefore costs one extra request, not one per page.
//! - **Strongest challenge.** When the server offers several challenges (several
//!   `WWW-Authenticate` headers, or several challenges in one), the hook answers the
//!   strongest algorithm it supports — SHA-512-256, then SHA-256, then MD5, each also in its
//!   `-sess` form — with `qop=auth`.
//! - **Stale nonces are renewed silently.** A `401` with `stale=true` means the nonce expired
//!   but the credentials were right: the hook takes the new nonce and the transport resends.
//! - **Refusals are final.** A `401` without `stale=true` for a nonce the hook already
//!   answered means the credentials are wrong: [`AuthRetry::GiveUp`], which the transport
//!   reports as [`Error::Auth`] — never a loop. The refused nonce is dropped, so the next
//!   call starts over with a fresh challenge.
//! - **Unusable challenges** (unparseable, no `Digest` scheme, no supported algorithm or
//!   `qop`) fail with an [`Error::Auth`] naming why.
//!
//! The digest `uri` is the request-target exactly as sent: the URL's path plus `?query`
//! when there is one. The password is a [`SecretString`]; `Debug` prints `[redacted]`, the
//! `Authorization` value is marked sensitive, and neither the password, `H(A1)` nor a
//! response hash is ever logged or put in an error.
//!
//! Requests sent concurrently *before* the first challenge has been answered are each
//! challenged once; start a prefetching listing with one request (as the paginator does)
//! to pay for one challenge only.
//!
//! # Example
//!
//! The hook on its own, answering a challenge by hand (the transport makes these calls):
//!
//! ```
//! use http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
//! use http::{HeaderMap, HeaderValue, Method, StatusCode};
//! use pkgruntime::{ApiResponse, AuthHook, AuthRetry, DigestAlgorithm, DigestAuth, PreparedRequest, SecretString};
//!
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
//! let auth = DigestAuth::new("AK", SecretString::from("SK"));
//! let url = url::Url::parse("https://api-cloud.oceanbase.com/api/v2/instances?pageNumber=1").unwrap();
//! let prepare = || PreparedRequest::new(Method::GET, url.clone(), HeaderMap::new(), "");
//!
//! // Before any challenge, requests go without credentials.
//! let mut first = prepare();
//! auth.authorize(&mut first).await?;
//! assert!(first.headers().get(AUTHORIZATION).is_none());
//!
//! // The server challenges, offering MD5 and SHA-256: the hook picks SHA-256.
//! let mut headers = HeaderMap::new();
//! headers.append(WWW_AUTHENTICATE, HeaderValue::from_static(r#"Digest realm="api", qop="auth", algorithm=MD5, nonce="n0nce""#));
//! headers.append(WWW_AUTHENTICATE, HeaderValue::from_static(r#"Digest realm="api", qop="auth", algorithm=SHA-256, nonce="n0nce""#));
//! let challenge = ApiResponse::new(StatusCode::UNAUTHORIZED, headers, "");
//! assert_eq!(auth.on_unauthorized(&first, &challenge).await?, AuthRetry::Resend);
//! assert_eq!(auth.algorithm(), Some(DigestAlgorithm::Sha256));
//!
//! // Every request from now on carries an answer, with an increasing nonce count.
//! for nc in ["00000001", "00000002"] {
//!     let mut request = prepare();
//!     auth.authorize(&mut request).await?;
//!     let answer = request.headers()[AUTHORIZATION].to_str().unwrap();
//!     assert!(answer.starts_with(r#"Digest username="AK", realm="api", uri="/api/v2/instances?pageNumber=1", nonce="n0nce", algorithm=SHA-256"#));
//!     assert!(answer.contains(&format!("nc={nc}")));
//!     assert!(request.headers()[AUTHORIZATION].is_sensitive());
//! }
//! assert_eq!(auth.challenges_answered(), 1);
//! assert_eq!(format!("{auth:?}"), r#"DigestAuth { username: "AK", password: [redacted], algorithm: Some(Sha256), challenges_answered: 1, .. }"#);
//! # Ok::<(), pkgruntime::Error>(()) }).unwrap();
//! ```
//!
//! With a [`Transport`](crate::Transport), pass it to
//! [`TransportBuilder::auth`](crate::TransportBuilder::auth); clones share their state, so
//! keep one to read [`DigestAuth::challenges_answered`].

use crate::secret::{Redacted, sensitive_header_value};
use crate::{ApiError, ApiResponse, AuthError, AuthHook, AuthRetry, Error, PreparedRequest};
use http::HeaderMap;
use http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use http_auth::digest::{Algorithm, Qop};
use http_auth::{ChallengeParser, DigestClient, PasswordParams};
use secrecy::{ExposeSecret, SecretString};
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use url::Url;

/// The longest piece of a server's challenge quoted in an error message.
const MAX_QUOTED_CHARS: usize = 200;

/// A Digest algorithm, as named in the `algorithm` parameter (RFC 7616 §3.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DigestAlgorithm {
    /// `MD5`: the RFC 2617 default, and all Apache `mod_auth_digest` offers.
    Md5,
    /// `MD5-sess`: MD5 with a per-session `H(A1)` that also covers the nonce and cnonce.
    Md5Sess,
    /// `SHA-256`.
    Sha256,
    /// `SHA-256-sess`.
    Sha256Sess,
    /// `SHA-512-256`: SHA-512 truncated to 256 bits.
    Sha512_256,
    /// `SHA-512-256-sess`.
    Sha512_256Sess,
}

impl DigestAlgorithm {
    /// Every algorithm, weakest first.
    pub const ALL: [Self; 6] = [
        Self::Md5,
        Self::Md5Sess,
        Self::Sha256,
        Self::Sha256Sess,
        Self::Sha512_256,
        Self::Sha512_256Sess,
    ];

    /// The name on the wire, e.g. `SHA-256-sess`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Md5 => "MD5",
            Self::Md5Sess => "MD5-sess",
            Self::Sha256 => "SHA-256",
            Self::Sha256Sess => "SHA-256-sess",
            Self::Sha512_256 => "SHA-512-256",
            Self::Sha512_256Sess => "SHA-512-256-sess",
        }
    }

    /// The algorithm named `name` (compared ignoring ASCII case), if it is one of these.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|algorithm| algorithm.as_str().eq_ignore_ascii_case(name))
    }

    /// Whether this is a `-sess` variant.
    pub const fn is_session(self) -> bool {
        matches!(
            self,
            Self::Md5Sess | Self::Sha256Sess | Self::Sha512_256Sess
        )
    }

    /// How strong the hash is; `-sess` variants rank with their hash.
    const fn strength(self) -> u8 {
        match self {
            Self::Md5 | Self::Md5Sess => 0,
            Self::Sha256 | Self::Sha256Sess => 1,
            Self::Sha512_256 | Self::Sha512_256Sess => 2,
        }
    }

    fn of(client: &DigestClient) -> Option<Self> {
        let session = client.session();
        match client.algorithm() {
            Algorithm::Md5 if session => Some(Self::Md5Sess),
            Algorithm::Md5 => Some(Self::Md5),
            Algorithm::Sha256 if session => Some(Self::Sha256Sess),
            Algorithm::Sha256 => Some(Self::Sha256),
            Algorithm::Sha512Trunc256 if session => Some(Self::Sha512_256Sess),
            Algorithm::Sha512Trunc256 => Some(Self::Sha512_256),
            _ => None,
        }
    }
}

impl fmt::Display for DigestAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// HTTP Digest credentials (RFC 7616) and the challenge currently being answered.
///
/// Cheap to clone; clones share the cached challenge and counters, so one handle can be
/// given to a [`Transport`](crate::Transport) and another kept to inspect it.
#[derive(Clone)]
pub struct DigestAuth {
    inner: Arc<Inner>,
}

struct Inner {
    username: String,
    password: SecretString,
    session: Mutex<Option<Session>>,
    challenges_answered: AtomicU64,
}

/// The challenge being answered: http-auth's client keeps the nonce and its count.
struct Session {
    client: DigestClient,
    algorithm: DigestAlgorithm,
}

impl DigestAuth {
    /// Digest credentials: for OceanBase Cloud, the AccessKey id and secret.
    pub fn new(username: impl Into<String>, password: SecretString) -> Self {
        Self {
            inner: Arc::new(Inner {
                username: username.into(),
                password,
                session: Mutex::new(None),
                challenges_answered: AtomicU64::new(0),
            }),
        }
    }

    /// The username sent in every answer.
    pub fn username(&self) -> &str {
        &self.inner.username
    }

    /// The algorithm of the challenge being answered; `None` before the first challenge
    /// (or after the server refused the credentials).
    pub fn algorithm(&self) -> Option<DigestAlgorithm> {
        self.session().as_ref().map(|session| session.algorithm)
    }

    /// How many `401` challenges this hook has answered by asking the transport to resend:
    /// the first one, each stale nonce, and each request that was in flight without
    /// credentials or with a nonce the server had just declared stale.
    pub fn challenges_answered(&self) -> u64 {
        self.inner.challenges_answered.load(Ordering::Relaxed)
    }

    fn session(&self) -> MutexGuard<'_, Option<Session>> {
        // A panic elsewhere must not wedge authentication; the state is always consistent.
        self.inner
            .session
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The `Authorization` value for one request, advancing the nonce count; `None` before
    /// the first challenge.
    fn answer(&self, request: &PreparedRequest) -> Result<Option<String>, Error> {
        let uri = request_target(request.url());
        let mut session = self.session();
        let Some(current) = session.as_mut() else {
            return Ok(None);
        };
        let params = PasswordParams {
            username: &self.inner.username,
            password: self.inner.password.expose_secret(),
            uri: &uri,
            method: request.method().as_str(),
            body: None,
        };
        match current.client.respond(&params) {
            Ok(answer) => Ok(Some(answer)),
            Err(reason) => {
                // E.g. the nonce count is exhausted: start over with a fresh challenge.
                *session = None;
                Err(
                    AuthError::new(format!("could not answer the Digest challenge: {reason}"))
                        .into(),
                )
            }
        }
    }

    /// Takes `offer` as the challenge to answer, unless it repeats the nonce already being
    /// answered (whose count must go on, never restart).
    fn adopt(session: &mut Option<Session>, offer: Offer) {
        if session
            .as_ref()
            .is_some_and(|current| current.client.nonce() == offer.client.nonce())
        {
            return;
        }
        tracing::debug!(
            algorithm = offer.algorithm.as_str(),
            stale = offer.client.stale(),
            "answering a new Digest challenge"
        );
        *session = Some(Session {
            client: offer.client,
            algorithm: offer.algorithm,
        });
    }
}

impl fmt::Debug for DigestAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `try_lock`: Debug must never block, nor deadlock if called while the lock is held.
        let algorithm = self
            .inner
            .session
            .try_lock()
            .ok()
            .and_then(|session| session.as_ref().map(|session| session.algorithm));
        f.debug_struct("DigestAuth")
            .field("username", &self.inner.username)
            .field("password", &Redacted)
            .field("algorithm", &algorithm)
            .field("challenges_answered", &self.challenges_answered())
            .finish_non_exhaustive()
    }
}

#[async_trait::async_trait]
impl AuthHook for DigestAuth {
    async fn authorize(&self, request: &mut PreparedRequest) -> Result<(), Error> {
        let Some(answer) = self.answer(request)? else {
            return Ok(());
        };
        let value = sensitive_header_value(&answer).map_err(|_| {
            Error::from(AuthError::new(
                "the Digest answer is not a valid header value",
            ))
        })?;
        request.headers_mut().insert(AUTHORIZATION, value);
        Ok(())
    }

    async fn on_unauthorized(
        &self,
        request: &PreparedRequest,
        response: &ApiResponse,
    ) -> Result<AuthRetry, Error> {
        let sent = sent_nonce(request.headers());
        let offer = best_offer(response.headers());
        let mut session = self.session();
        let current = session.as_ref().map(|current| current.client.nonce());
        match sent {
            Some(sent) => {
                let stale = offer.as_ref().is_ok_and(|offer| offer.client.stale());
                if !stale {
                    tracing::debug!("the server refused the Digest credentials");
                    if current == Some(sent.as_str()) {
                        // Start the next call with a fresh challenge (e.g. after a server
                        // restart forgot its nonces); a wrong key then fails again at once.
                        *session = None;
                    }
                    return match offer {
                        // A refusal with a challenge we could not answer anyway: say why.
                        Err(why @ (Unusable::Unparseable(_) | Unusable::Unsupported(_))) => {
                            Err(why.into_error(response))
                        }
                        Ok(_) | Err(Unusable::NoChallenge | Unusable::NoDigest(_)) => {
                            Ok(AuthRetry::GiveUp)
                        }
                    };
                }
                tracing::debug!("the Digest nonce is stale");
                // When another request already renewed the nonce, answer with that one.
                if current == Some(sent.as_str()) {
                    Self::adopt(&mut session, offer.map_err(|why| why.into_error(response))?);
                }
            }
            // Sent without credentials: answer the challenge, or the one another request
            // answered in the meantime.
            None if current.is_none() => {
                Self::adopt(&mut session, offer.map_err(|why| why.into_error(response))?);
            }
            None => {}
        }
        drop(session);
        self.inner
            .challenges_answered
            .fetch_add(1, Ordering::Relaxed);
        Ok(AuthRetry::Resend)
    }
}

/// The request-target of `url` as sent on the wire: path, plus `?query` when present.
fn request_target(url: &Url) -> String {
    let mut target = url.path().to_owned();
    if let Some(query) = url.query() {
        target.push('?');
        target.push_str(query);
    }
    target
}

/// The nonce of the Digest answer a request carried, if it carried one.
fn sent_nonce(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    // `Authorization: Digest k=v, …` has the syntax of a challenge.
    let credentials = ChallengeParser::new(value).next()?.ok()?;
    if !credentials.scheme.eq_ignore_ascii_case("Digest") {
        return None;
    }
    credentials
        .params
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case("nonce"))
        .map(|(_, nonce)| nonce.to_unescaped())
}

/// A challenge the hook can answer.
struct Offer {
    client: DigestClient,
    algorithm: DigestAlgorithm,
}

impl Offer {
    /// Ranks offers: the stronger hash first, then one with `qop` over an RFC 2069 one.
    fn rank(&self) -> (u8, bool) {
        (self.algorithm.strength(), !self.client.rfc2069_compat())
    }
}

/// Why no challenge of a 401 can be answered.
enum Unusable {
    NoChallenge,
    Unparseable(String),
    NoDigest(Vec<String>),
    Unsupported(Vec<String>),
}

impl Unusable {
    fn into_error(self, response: &ApiResponse) -> Error {
        let message = match self {
            Self::NoChallenge => {
                "the 401 response carries no WWW-Authenticate challenge".to_owned()
            }
            Self::Unparseable(reason) => {
                format!("the WWW-Authenticate challenge could not be parsed: {reason}")
            }
            Self::NoDigest(schemes) => format!(
                "the server offers no Digest challenge (schemes offered: {})",
                schemes.join(", ")
            ),
            Self::Unsupported(reasons) => format!(
                "the server's Digest challenge offers no supported algorithm ({}); \
                 supported: MD5, SHA-256 and SHA-512-256, also -sess, with qop=auth",
                reasons.join("; ")
            ),
        };
        let mut error = AuthError::new(message);
        error.response = Some(ApiError::new(response.status(), response.body()));
        error.into()
    }
}

/// The strongest answerable Digest challenge among all `WWW-Authenticate` headers; among
/// equals, the first offered (RFC 7616 §3.7).
fn best_offer(headers: &HeaderMap) -> Result<Offer, Unusable> {
    let mut best: Option<Offer> = None;
    let mut parse_error = None;
    let mut other_schemes = Vec::new();
    let mut unsupported = Vec::new();
    for value in headers.get_all(WWW_AUTHENTICATE) {
        let Ok(value) = value.to_str() else {
            parse_error.get_or_insert_with(|| "the header is not visible ASCII".to_owned());
            continue;
        };
        for challenge in ChallengeParser::new(value) {
            let challenge = match challenge {
                Ok(challenge) => challenge,
                Err(error) => {
                    parse_error.get_or_insert_with(|| quote(&error.to_string()));
                    break;
                }
            };
            if !challenge.scheme.eq_ignore_ascii_case("Digest") {
                other_schemes.push(quote(challenge.scheme));
                continue;
            }
            let offer = DigestClient::try_from(&challenge).and_then(|client| {
                let algorithm = DigestAlgorithm::of(&client)
                    .ok_or_else(|| format!("algorithm {:?}", client.algorithm()))?;
                if !(client.qop() & Qop::Auth) {
                    return Err(format!("{algorithm} with qop {:?}", client.qop()));
                }
                Ok(Offer { client, algorithm })
            });
            match offer {
                Ok(offer) if best.as_ref().is_none_or(|best| offer.rank() > best.rank()) => {
                    best = Some(offer);
                }
                Ok(_) => {}
                Err(reason) => unsupported.push(quote(&reason)),
            }
        }
    }
    if let Some(best) = best {
        return Ok(best);
    }
    if !unsupported.is_empty() {
        return Err(Unusable::Unsupported(unsupported));
    }
    if let Some(reason) = parse_error {
        return Err(Unusable::Unparseable(reason));
    }
    if !other_schemes.is_empty() {
        return Err(Unusable::NoDigest(other_schemes));
    }
    Err(Unusable::NoChallenge)
}

/// Server-provided text for an error message: one line, bounded.
fn quote(text: &str) -> String {
    let mut quoted: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(MAX_QUOTED_CHARS)
        .collect();
    if text.chars().count() > MAX_QUOTED_CHARS {
        quoted.push('…');
    }
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::header::HeaderValue;
    use http::{Method, StatusCode};

    const RFC_NONCE: &str = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    const RFC_OPAQUE: &str = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";

    fn rfc_auth() -> DigestAuth {
        DigestAuth::new("Mufasa", SecretString::from("Circle of Life"))
    }

    fn prepared(url: &str) -> PreparedRequest {
        PreparedRequest::new(Method::GET, Url::parse(url).unwrap(), HeaderMap::new(), "")
    }

    fn challenge(values: &[&str]) -> ApiResponse {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(WWW_AUTHENTICATE, HeaderValue::from_str(value).unwrap());
        }
        ApiResponse::new(StatusCode::UNAUTHORIZED, headers, "")
    }

    fn digest(algorithm: &str, nonce: &str, extra: &str) -> String {
        format!(
            r#"Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm={algorithm}, nonce="{nonce}", opaque="{RFC_OPAQUE}"{extra}"#
        )
    }

    /// The parameters of an answer, unescaped.
    fn params(request: &PreparedRequest) -> Vec<(String, String)> {
        let value = request.headers()[AUTHORIZATION].to_str().unwrap();
        let parsed = ChallengeParser::new(value).next().unwrap().unwrap();
        assert_eq!(parsed.scheme, "Digest");
        parsed
            .params
            .iter()
            .map(|(key, value)| ((*key).to_owned(), value.to_unescaped()))
            .collect()
    }

    fn param(request: &PreparedRequest, name: &str) -> String {
        params(request)
            .into_iter()
            .find(|(key, _)| key == name)
            .unwrap_or_else(|| panic!("no {name}"))
            .1
    }

    async fn answered(auth: &DigestAuth, url: &str) -> PreparedRequest {
        let mut request = prepared(url);
        auth.authorize(&mut request).await.unwrap();
        request
    }

    /// Recomputes an RFC 7616 qop=auth response from an answer, independently of http-auth.
    fn expected_response(request: &PreparedRequest, password: &str) -> String {
        use sha2::Digest as _;
        let h = |text: String| -> String {
            match param(request, "algorithm").trim_end_matches("-sess") {
                "MD5" => format!("{:x}", md5::Md5::digest(text.as_bytes())),
                "SHA-256" => format!("{:x}", sha2::Sha256::digest(text.as_bytes())),
                other => panic!("unexpected {other}"),
            }
        };
        let (user, realm, nonce) = (
            param(request, "username"),
            param(request, "realm"),
            param(request, "nonce"),
        );
        let (nc, cnonce) = (param(request, "nc"), param(request, "cnonce"));
        let mut ha1 = h(format!("{user}:{realm}:{password}"));
        if param(request, "algorithm").ends_with("-sess") {
            ha1 = h(format!("{ha1}:{nonce}:{cnonce}"));
        }
        let ha2 = h(format!("{}:{}", request.method(), param(request, "uri")));
        h(format!("{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}"))
    }

    #[tokio::test]
    async fn no_credentials_before_the_first_challenge() {
        let auth = rfc_auth();
        let request = answered(&auth, "http://h/dir/index.html").await;
        assert!(request.headers().get(AUTHORIZATION).is_none());
        assert_eq!(auth.algorithm(), None);
        assert_eq!(auth.challenges_answered(), 0);
    }

    #[tokio::test]
    async fn answers_the_rfc_7616_example_and_counts_nonces() {
        let auth = rfc_auth();
        let first = prepared("http://h/dir/index.html");
        let retry = auth
            .on_unauthorized(&first, &challenge(&[&digest("MD5", RFC_NONCE, "")]))
            .await
            .unwrap();
        assert_eq!(retry, AuthRetry::Resend);
        assert_eq!(auth.algorithm(), Some(DigestAlgorithm::Md5));
        for nc in 1..=3 {
            let request = answered(&auth, "http://h/dir/index.html").await;
            assert!(request.headers()[AUTHORIZATION].is_sensitive());
            assert_eq!(param(&request, "username"), "Mufasa");
            assert_eq!(param(&request, "realm"), "http-auth@example.org");
            assert_eq!(param(&request, "uri"), "/dir/index.html");
            assert_eq!(param(&request, "nonce"), RFC_NONCE);
            assert_eq!(param(&request, "opaque"), RFC_OPAQUE);
            assert_eq!(param(&request, "qop"), "auth");
            assert_eq!(param(&request, "nc"), format!("{nc:08x}"));
            assert_eq!(
                param(&request, "response"),
                expected_response(&request, "Circle of Life")
            );
        }
        assert_eq!(auth.challenges_answered(), 1);
    }

    #[tokio::test]
    async fn the_strongest_challenge_wins_in_any_layout() {
        let md5 = digest("MD5", "n-md5", "");
        let sha = digest("SHA-256", "n-sha", "");
        let sess = digest("SHA-256-sess", "n-sess", "");
        let layouts: [(Vec<String>, DigestAlgorithm); 5] = [
            (vec![md5.clone(), sha.clone()], DigestAlgorithm::Sha256),
            (vec![sha.clone(), md5.clone()], DigestAlgorithm::Sha256),
            (vec![format!("{md5}, {sha}")], DigestAlgorithm::Sha256),
            // Equal strength: the first offered.
            (
                vec![format!("{sess}, {md5}, {sha}")],
                DigestAlgorithm::Sha256Sess,
            ),
            (
                vec![format!(r#"Basic realm="x", {md5}"#), "Bearer".to_owned()],
                DigestAlgorithm::Md5,
            ),
        ];
        for (values, expected) in layouts {
            let auth = rfc_auth();
            let values: Vec<&str> = values.iter().map(String::as_str).collect();
            let retry = auth
                .on_unauthorized(&prepared("http://h/"), &challenge(&values))
                .await
                .unwrap();
            assert_eq!(retry, AuthRetry::Resend, "{values:?}");
            assert_eq!(auth.algorithm(), Some(expected), "{values:?}");
            let request = answered(&auth, "http://h/").await;
            assert_eq!(param(&request, "algorithm"), expected.as_str());
        }
    }

    #[tokio::test]
    async fn sess_variants_hash_the_nonce_and_cnonce_into_ha1() {
        for algorithm in ["MD5-sess", "SHA-256-sess"] {
            let auth = rfc_auth();
            auth.on_unauthorized(
                &prepared("http://h/"),
                &challenge(&[&digest(algorithm, RFC_NONCE, "")]),
            )
            .await
            .unwrap();
            let request = answered(&auth, "http://h/a?b=c").await;
            assert_eq!(param(&request, "algorithm"), algorithm);
            assert_eq!(
                param(&request, "response"),
                expected_response(&request, "Circle of Life")
            );
        }
    }

    #[tokio::test]
    async fn the_uri_is_the_request_target_with_its_query() {
        let auth = rfc_auth();
        auth.on_unauthorized(
            &prepared("http://h/"),
            &challenge(&[&digest("MD5", "n", "")]),
        )
        .await
        .unwrap();
        for (url, target) in [
            ("http://h", "/"),
            ("http://h/a/b%2Fc", "/a/b%2Fc"),
            (
                "https://h:8443/api/v2/x?requestId=1&name=a%20b",
                "/api/v2/x?requestId=1&name=a%20b",
            ),
            ("http://h/p?", "/p?"),
            ("http://h/p#fragment", "/p"),
        ] {
            let request = answered(&auth, url).await;
            assert_eq!(param(&request, "uri"), target, "{url}");
        }
    }

    #[tokio::test]
    async fn stale_nonces_are_renewed_and_counting_restarts() {
        let auth = rfc_auth();
        auth.on_unauthorized(
            &prepared("http://h/"),
            &challenge(&[&digest("MD5", "old", "")]),
        )
        .await
        .unwrap();
        let _ = answered(&auth, "http://h/").await;
        let refused = answered(&auth, "http://h/").await;
        assert_eq!(param(&refused, "nc"), "00000002");
        let retry = auth
            .on_unauthorized(
                &refused,
                &challenge(&[&digest("MD5", "new", ", stale=true")]),
            )
            .await
            .unwrap();
        assert_eq!(retry, AuthRetry::Resend);
        let request = answered(&auth, "http://h/").await;
        assert_eq!(param(&request, "nonce"), "new");
        assert_eq!(param(&request, "nc"), "00000001");
        assert_eq!(auth.challenges_answered(), 2);
    }

    #[tokio::test]
    async fn a_late_stale_answer_keeps_the_nonce_already_renewed() {
        let auth = rfc_auth();
        auth.on_unauthorized(
            &prepared("http://h/"),
            &challenge(&[&digest("MD5", "old", "")]),
        )
        .await
        .unwrap();
        // Two requests in flight with the old nonce; both are told it is stale.
        let a = answered(&auth, "http://h/").await;
        let b = answered(&auth, "http://h/").await;
        for (request, new) in [(&a, "new-a"), (&b, "new-b")] {
            let stale = challenge(&[&digest("MD5", new, ", stale=true")]);
            assert_eq!(
                auth.on_unauthorized(request, &stale).await.unwrap(),
                AuthRetry::Resend
            );
        }
        let request = answered(&auth, "http://h/").await;
        assert_eq!(param(&request, "nonce"), "new-a");
        assert_eq!(param(&request, "nc"), "00000001");
    }

    #[tokio::test]
    async fn a_repeated_nonce_never_restarts_the_count() {
        let auth = rfc_auth();
        let unauthenticated = prepared("http://h/");
        let same = challenge(&[&digest("MD5", "same", "")]);
        auth.on_unauthorized(&unauthenticated, &same).await.unwrap();
        let _ = answered(&auth, "http://h/").await;
        // A request that was sent before the first challenge gets the same nonce again.
        auth.on_unauthorized(&unauthenticated, &same).await.unwrap();
        assert_eq!(param(&answered(&auth, "http://h/").await, "nc"), "00000002");
        // Even a stale challenge repeating the current nonce keeps counting.
        let sent = answered(&auth, "http://h/").await;
        let stale = challenge(&[&digest("MD5", "same", ", stale=true")]);
        auth.on_unauthorized(&sent, &stale).await.unwrap();
        assert_eq!(param(&answered(&auth, "http://h/").await, "nc"), "00000004");
    }

    #[tokio::test]
    async fn a_refused_answer_gives_up_and_the_next_call_starts_over() {
        let auth = rfc_auth();
        auth.on_unauthorized(
            &prepared("http://h/"),
            &challenge(&[&digest("MD5", "n1", "")]),
        )
        .await
        .unwrap();
        let sent = answered(&auth, "http://h/").await;
        for refusal in [
            challenge(&[&digest("MD5", "n2", "")]),
            challenge(&[&digest("MD5", "n2", ", stale=false")]),
            challenge(&[]),
            challenge(&[r#"Basic realm="x""#]),
        ] {
            assert_eq!(
                auth.on_unauthorized(&sent, &refusal).await.unwrap(),
                AuthRetry::GiveUp
            );
        }
        assert_eq!(auth.algorithm(), None);
        assert!(
            answered(&auth, "http://h/")
                .await
                .headers()
                .get(AUTHORIZATION)
                .is_none()
        );
        assert_eq!(auth.challenges_answered(), 1);
    }

    #[tokio::test]
    async fn a_refusal_with_an_unusable_challenge_says_why() {
        let auth = rfc_auth();
        auth.on_unauthorized(
            &prepared("http://h/"),
            &challenge(&[&digest("MD5", "n1", "")]),
        )
        .await
        .unwrap();
        let sent = answered(&auth, "http://h/").await;
        let refusal = challenge(&[r#"Digest realm="x", nonce="n2", algorithm=MD4, qop="auth""#]);
        let error = auth.on_unauthorized(&sent, &refusal).await.unwrap_err();
        assert!(error.is_auth());
        assert!(
            error.to_string().contains("no supported algorithm"),
            "{error}"
        );
        assert_eq!(auth.algorithm(), None);
    }

    #[tokio::test]
    async fn unusable_challenges_say_why() {
        for (values, fragment) in [
            (vec![], "carries no WWW-Authenticate challenge"),
            (
                vec![r#"Basic realm="x""#, "Bearer"],
                "no Digest challenge (schemes offered: Basic, Bearer)",
            ),
            (
                vec![r#"Digest realm="x", nonce="n", algorithm=MD4, qop="auth""#],
                r#"unknown algorithm "MD4""#,
            ),
            (
                vec![r#"Digest realm="x", nonce="n", qop="auth-int""#],
                r"MD5 with qop {",
            ),
            (
                vec![r#"Digest realm="x", qop="auth""#],
                "missing required parameter nonce",
            ),
            (vec![r#"Digest realm="x, nonce="n""#], "could not be parsed"),
        ] {
            let auth = rfc_auth();
            let error = auth
                .on_unauthorized(&prepared("http://h/"), &challenge(&values))
                .await
                .unwrap_err();
            assert!(error.is_auth(), "{values:?}");
            let text = error.to_string();
            assert!(text.contains(fragment), "{values:?}: {text}");
            assert_eq!(error.status(), Some(StatusCode::UNAUTHORIZED));
            assert_eq!(auth.challenges_answered(), 0);
        }
    }

    #[tokio::test]
    async fn unsupported_challenges_are_skipped_when_a_good_one_is_offered() {
        let auth = rfc_auth();
        let values = [
            r#"Digest realm="x", nonce="n", algorithm=MD4, qop="auth""#,
            r#"Digest realm="x", nonce="n", algorithm=MD5, qop="auth""#,
        ];
        auth.on_unauthorized(&prepared("http://h/"), &challenge(&values))
            .await
            .unwrap();
        assert_eq!(auth.algorithm(), Some(DigestAlgorithm::Md5));
    }

    #[tokio::test]
    async fn concurrent_answers_never_share_a_nonce_count() {
        let auth = rfc_auth();
        auth.on_unauthorized(
            &prepared("http://h/"),
            &challenge(&[&digest("SHA-256", "n", "")]),
        )
        .await
        .unwrap();
        let tasks: Vec<_> = (0..64)
            .map(|_| {
                let auth = auth.clone();
                tokio::spawn(async move { param(&answered(&auth, "http://h/").await, "nc") })
            })
            .collect();
        let mut counts: Vec<u32> = Vec::new();
        for task in tasks {
            counts.push(u32::from_str_radix(&task.await.unwrap(), 16).unwrap());
        }
        counts.sort_unstable();
        assert_eq!(counts, (1..=64).collect::<Vec<u32>>());
    }

    #[tokio::test]
    async fn debug_shows_neither_the_password_nor_any_hash() {
        let auth = rfc_auth();
        auth.on_unauthorized(
            &prepared("http://h/"),
            &challenge(&[&digest("MD5", RFC_NONCE, "")]),
        )
        .await
        .unwrap();
        let request = answered(&auth, "http://h/").await;
        let response = param(&request, "response");
        for debug in [
            format!("{auth:?}"),
            format!("{request:?}"),
            format!("{:?}", request.headers()),
        ] {
            assert!(!debug.contains("Circle of Life"), "{debug}");
            assert!(!debug.contains(&response), "{debug}");
        }
        assert_eq!(
            format!("{auth:?}"),
            r#"DigestAuth { username: "Mufasa", password: [redacted], algorithm: Some(Md5), challenges_answered: 1, .. }"#
        );
    }

    #[test]
    fn algorithm_names_round_trip() {
        for algorithm in DigestAlgorithm::ALL {
            assert_eq!(
                DigestAlgorithm::from_name(algorithm.as_str()),
                Some(algorithm)
            );
            assert_eq!(algorithm.to_string(), algorithm.as_str());
            assert_eq!(
                algorithm.is_session(),
                algorithm.as_str().ends_with("-sess")
            );
        }
        assert_eq!(
            DigestAlgorithm::from_name("sha-256"),
            Some(DigestAlgorithm::Sha256)
        );
        assert_eq!(DigestAlgorithm::from_name("MD4"), None);
    }
}
