//! Tokens: a [`TokenProvider`] fetches them, a [`TokenCache`] keeps one until shortly before
//! it expires, and [`TokenAuth`] puts it on requests.
//!
//! - **One fetch at a time**: concurrent requests that find no valid token wait for the one
//!   fetch in progress instead of starting their own.
//! - **Refresh before expiry**: a token is replaced once less than a tenth of its lifetime
//!   (at most five minutes) remains.
//! - **Refresh once on 401**: the token the server refused is dropped (only that one, so a
//!   burst of 401s causes one refresh) and the request is sent once more. A provider that
//!   cannot refresh (a fixed token) gives up at once.
//!
//! ```
//! use pkgruntime::{AuthHook, Error, PreparedRequest, SecretString, StaticToken, Token, TokenAuth, TokenProvider};
//! use std::time::Duration;
//!
//! #[derive(Debug)]
//! struct Issuer;
//!
//! #[async_trait::async_trait]
//! impl TokenProvider for Issuer {
//!     async fn fetch_token(&self) -> Result<Token, Error> {
//!         Ok(Token::new(SecretString::from("t-1")).expires_in(Duration::from_secs(3600)))
//!     }
//! }
//!
//! # tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap().block_on(async {
//! let auth = TokenAuth::bearer(Issuer);
//! let url = url::Url::parse("https://api.example/x").unwrap();
//! let mut request = PreparedRequest::new(http::Method::GET, url, http::HeaderMap::new(), "");
//! auth.authorize(&mut request).await?;
//! assert_eq!(request.headers()["authorization"], "Bearer t-1");
//!
//! let fixed = TokenAuth::header(http::HeaderName::from_static("x-auth-token"), StaticToken::new(SecretString::from("abc")));
//! fixed.authorize(&mut request).await?;
//! assert_eq!(request.headers()["x-auth-token"], "abc");
//! # Ok::<(), Error>(()) }).unwrap();
//! ```

use crate::secret::{Redacted, sensitive_header_value};
use crate::{ApiResponse, AuthHook, AuthRetry, Error, PreparedRequest, SecretString};
use http::header::{AUTHORIZATION, HeaderName, HeaderValue};
use secrecy::ExposeSecret;
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::sync::Mutex;
use tokio::time::Instant;

/// The most a token is refreshed ahead of its expiry.
const MAX_REFRESH_MARGIN: Duration = Duration::from_secs(300);

/// A token and when it stops being valid.
#[derive(Clone)]
pub struct Token {
    secret: SecretString,
    expires_at: Option<Instant>,
    refresh_at: Option<Instant>,
}

impl Token {
    /// A token with no known expiry.
    pub fn new(secret: SecretString) -> Self {
        Self {
            secret,
            expires_at: None,
            refresh_at: None,
        }
    }

    /// The token expires `lifetime` from now (e.g. an OAuth `expires_in`); it will be
    /// refreshed when a tenth of that (at most five minutes) remains. A lifetime beyond what
    /// the clock can represent (a server's `expires_in` of 2⁶³ seconds, say) means no known
    /// expiry, as with [`Token::new`].
    pub fn expires_in(mut self, lifetime: Duration) -> Self {
        let now = Instant::now();
        let margin = (lifetime / 10).min(MAX_REFRESH_MARGIN);
        self.expires_at = now.checked_add(lifetime);
        self.refresh_at = self
            .expires_at
            .and_then(|_| now.checked_add(lifetime.saturating_sub(margin)));
        self
    }

    /// The token itself.
    pub fn secret(&self) -> &SecretString {
        &self.secret
    }

    /// When the token expires, if known.
    pub fn expires_at(&self) -> Option<Instant> {
        self.expires_at
    }

    fn is_fresh(&self, now: Instant) -> bool {
        fresh_until(self.refresh_at, now)
    }
}

/// Whether a token due for refresh at `refresh_at` (never, when `None`) is fresh at `now`.
fn fresh_until(refresh_at: Option<Instant>, now: Instant) -> bool {
    refresh_at.is_none_or(|refresh_at| now < refresh_at)
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Token")
            .field("secret", &Redacted)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// Obtains tokens (from an identity service, a file, a fixed value…). Object safe.
#[async_trait::async_trait]
pub trait TokenProvider: Send + Sync + fmt::Debug + 'static {
    /// Fetches a new token.
    async fn fetch_token(&self) -> Result<Token, Error>;

    /// Whether fetching again can yield a different token (false for a fixed token), which
    /// decides whether a 401 is worth a refresh.
    fn can_refresh(&self) -> bool {
        true
    }
}

/// A shared provider is a provider: one `Arc` can serve several clients (and their token
/// caches).
#[async_trait::async_trait]
impl<P: TokenProvider + ?Sized> TokenProvider for Arc<P> {
    async fn fetch_token(&self) -> Result<Token, Error> {
        (**self).fetch_token().await
    }

    fn can_refresh(&self) -> bool {
        (**self).can_refresh()
    }
}

/// A fixed token that never expires and cannot be refreshed.
#[derive(Clone)]
pub struct StaticToken(SecretString);

impl StaticToken {
    /// A fixed token.
    pub fn new(token: SecretString) -> Self {
        Self(token)
    }
}

impl fmt::Debug for StaticToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("StaticToken").field(&Redacted).finish()
    }
}

#[async_trait::async_trait]
impl TokenProvider for StaticToken {
    async fn fetch_token(&self) -> Result<Token, Error> {
        Ok(Token::new(self.0.clone()))
    }

    fn can_refresh(&self) -> bool {
        false
    }
}

/// Keeps the current token of a provider; cheap to clone (shared state).
#[derive(Clone)]
pub struct TokenCache {
    provider: Arc<dyn TokenProvider>,
    current: Arc<Mutex<Option<Token>>>,
    /// Changes whenever the cached token does, so that a hook can keep what it derived from
    /// one token (a header value) exactly as long as that token is the cached one.
    generation: Arc<AtomicU64>,
}

impl TokenCache {
    /// A cache in front of `provider`.
    pub fn new(provider: impl TokenProvider) -> Self {
        Self::from_arc(Arc::new(provider))
    }

    /// A cache in front of a shared provider.
    pub fn from_arc(provider: Arc<dyn TokenProvider>) -> Self {
        Self {
            provider,
            current: Arc::new(Mutex::new(None)),
            generation: Arc::new(AtomicU64::new(0)),
        }
    }

    /// A valid token: the cached one, or a new one fetched once for all concurrent callers.
    pub async fn token(&self) -> Result<SecretString, Error> {
        self.current_token().await.map(|(token, _)| token.secret)
    }

    /// A valid token (see [`token`](Self::token)) and the generation it belongs to.
    async fn current_token(&self) -> Result<(Token, u64), Error> {
        let mut current = self.current.lock().await;
        if let Some(token) = current
            .as_ref()
            .filter(|token| token.is_fresh(Instant::now()))
        {
            return Ok((token.clone(), self.generation.load(Ordering::Acquire)));
        }
        tracing::debug!("fetching a new token");
        let token = self.provider.fetch_token().await?;
        *current = Some(token.clone());
        let generation = self.generation.fetch_add(1, Ordering::AcqRel) + 1;
        Ok((token, generation))
    }

    /// The generation of the cached token: it changes when the token is replaced or dropped.
    fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Drops the cached token if it is `refused`; returns whether a refresh may help.
    pub async fn invalidate(&self, refused: &str) -> bool {
        if !self.provider.can_refresh() {
            return false;
        }
        let mut current = self.current.lock().await;
        if current
            .as_ref()
            .is_some_and(|token| token.secret.expose_secret() == refused)
        {
            *current = None;
            self.generation.fetch_add(1, Ordering::AcqRel);
        }
        true
    }
}

impl fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenCache")
            .field("provider", &self.provider)
            .finish_non_exhaustive()
    }
}

/// Sends the cached token in a header (`Authorization: Bearer …`, `X-Auth-Token: …`) and
/// refreshes it once when the server answers 401.
#[derive(Clone)]
pub struct TokenAuth {
    cache: TokenCache,
    header: HeaderName,
    prefix: &'static str,
    /// The header value of the cached token, built once per token rather than per request.
    value: Arc<std::sync::Mutex<Option<HeaderMemo>>>,
}

/// A token's header value, valid while the cache holds that token and it is fresh.
struct HeaderMemo {
    generation: u64,
    refresh_at: Option<Instant>,
    value: HeaderValue,
}

impl fmt::Debug for TokenAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenAuth")
            .field("cache", &self.cache)
            .field("header", &self.header)
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

impl TokenAuth {
    /// `Authorization: Bearer <token>`.
    pub fn bearer(provider: impl TokenProvider) -> Self {
        Self::with_cache(TokenCache::new(provider), AUTHORIZATION, "Bearer ")
    }

    /// `<header>: <token>`.
    pub fn header(header: HeaderName, provider: impl TokenProvider) -> Self {
        Self::with_cache(TokenCache::new(provider), header, "")
    }

    /// A token from `cache`, sent as `<header>: <prefix><token>`.
    pub fn with_cache(cache: TokenCache, header: HeaderName, prefix: &'static str) -> Self {
        Self {
            cache,
            header,
            prefix,
            value: Arc::default(),
        }
    }

    /// The cache behind this hook.
    pub fn cache(&self) -> &TokenCache {
        &self.cache
    }

    /// The remembered header value, if its token is still the cache's and fresh.
    fn remembered_value(&self) -> Option<HeaderValue> {
        let memo = self.value.lock().ok()?;
        let memo = memo.as_ref()?;
        let current = memo.generation == self.cache.generation()
            && fresh_until(memo.refresh_at, Instant::now());
        current.then(|| memo.value.clone())
    }

    /// The header value for the cache's current token, fetching one if needed.
    async fn header_value(&self) -> Result<HeaderValue, Error> {
        if let Some(value) = self.remembered_value() {
            return Ok(value);
        }
        let (token, generation) = self.cache.current_token().await?;
        let value =
            sensitive_header_value(&format!("{}{}", self.prefix, token.secret.expose_secret()))
                .map_err(|_| {
                    Error::invalid_input(
                        "token",
                        "must be visible ASCII text usable in an HTTP header",
                    )
                })?;
        if let Ok(mut memo) = self.value.lock() {
            *memo = Some(HeaderMemo {
                generation,
                refresh_at: token.refresh_at,
                value: value.clone(),
            });
        }
        Ok(value)
    }
}

#[async_trait::async_trait]
impl AuthHook for TokenAuth {
    async fn authorize(&self, request: &mut PreparedRequest) -> Result<(), Error> {
        let value = self.header_value().await?;
        request.headers_mut().insert(self.header.clone(), value);
        Ok(())
    }

    async fn on_unauthorized(
        &self,
        request: &PreparedRequest,
        _response: &ApiResponse,
    ) -> Result<AuthRetry, Error> {
        let sent = request
            .headers()
            .get(&self.header)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix(self.prefix))
            .unwrap_or_default();
        Ok(if self.cache.invalidate(sent).await {
            AuthRetry::Resend
        } else {
            AuthRetry::GiveUp
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[test]
    fn a_lifetime_beyond_the_clock_is_no_expiry_not_a_panic() {
        // Regression (found by tests/properties.rs): a token endpoint's `expires_in` of
        // 2^63 seconds or more overflowed `Instant + Duration` and panicked.
        for seconds in [10_000_000_000_000_000_000, u64::MAX] {
            let token =
                Token::new(SecretString::from("t")).expires_in(Duration::from_secs(seconds));
            assert_eq!(token.expires_at(), None);
            assert!(token.is_fresh(Instant::now()));
        }
        let token = Token::new(SecretString::from("t")).expires_in(Duration::from_secs(60));
        assert!(token.expires_at().is_some());
    }

    /// Issues `t-1`, `t-2`, … each valid for `lifetime`, slowly, counting fetches.
    #[derive(Debug)]
    struct Counting {
        fetches: Arc<AtomicU32>,
        lifetime: Duration,
    }

    #[async_trait::async_trait]
    impl TokenProvider for Counting {
        async fn fetch_token(&self) -> Result<Token, Error> {
            tokio::time::sleep(Duration::from_millis(50)).await;
            let n = self.fetches.fetch_add(1, Ordering::SeqCst) + 1;
            Ok(Token::new(SecretString::from(format!("t-{n}"))).expires_in(self.lifetime))
        }
    }

    fn counting(lifetime: Duration) -> (TokenCache, Arc<AtomicU32>) {
        let fetches = Arc::new(AtomicU32::new(0));
        let cache = TokenCache::new(Counting {
            fetches: Arc::clone(&fetches),
            lifetime,
        });
        (cache, fetches)
    }

    #[tokio::test(start_paused = true)]
    async fn concurrent_callers_share_one_fetch() {
        let (cache, fetches) = counting(Duration::from_secs(3600));
        let tokens = futures::future::join_all((0..50).map(|_| cache.token())).await;
        assert!(
            tokens
                .iter()
                .all(|token| token.as_ref().unwrap().expose_secret() == "t-1")
        );
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn tokens_are_refreshed_shortly_before_expiry() {
        // 24 h lifetime: refreshed 5 min before the end.
        let (cache, fetches) = counting(Duration::from_secs(24 * 3600));
        assert_eq!(cache.token().await.unwrap().expose_secret(), "t-1");
        tokio::time::advance(Duration::from_secs(24 * 3600 - 301)).await;
        assert_eq!(cache.token().await.unwrap().expose_secret(), "t-1");
        tokio::time::advance(Duration::from_secs(2)).await;
        assert_eq!(cache.token().await.unwrap().expose_secret(), "t-2");
        assert_eq!(fetches.load(Ordering::SeqCst), 2);

        // A 60 s token is refreshed when 6 s remain.
        let (cache, _) = counting(Duration::from_secs(60));
        assert_eq!(cache.token().await.unwrap().expose_secret(), "t-1");
        tokio::time::advance(Duration::from_secs(53)).await;
        assert_eq!(cache.token().await.unwrap().expose_secret(), "t-1");
        tokio::time::advance(Duration::from_secs(2)).await;
        assert_eq!(cache.token().await.unwrap().expose_secret(), "t-2");
    }

    #[tokio::test(start_paused = true)]
    async fn only_the_refused_token_is_invalidated() {
        let (cache, fetches) = counting(Duration::from_secs(3600));
        assert_eq!(cache.token().await.unwrap().expose_secret(), "t-1");
        assert!(cache.invalidate("t-1").await);
        assert_eq!(cache.token().await.unwrap().expose_secret(), "t-2");
        // A late 401 for the old token does not throw away the new one.
        assert!(cache.invalidate("t-1").await);
        assert_eq!(cache.token().await.unwrap().expose_secret(), "t-2");
        assert_eq!(fetches.load(Ordering::SeqCst), 2);
    }

    /// The `x-auth-token` value `hook` puts on a request.
    async fn sent_by(hook: &TokenAuth) -> String {
        let url = url::Url::parse("https://api.example/x").unwrap();
        let mut request = PreparedRequest::new(http::Method::GET, url, http::HeaderMap::new(), "");
        hook.authorize(&mut request).await.unwrap();
        request.headers()["x-auth-token"]
            .to_str()
            .unwrap()
            .to_owned()
    }

    #[tokio::test(start_paused = true)]
    async fn the_hook_builds_a_header_once_per_token_and_follows_the_cache() {
        let (cache, fetches) = counting(Duration::from_secs(60));
        let name = HeaderName::from_static("x-auth-token");
        let hook = TokenAuth::with_cache(cache.clone(), name.clone(), "");
        let other = TokenAuth::with_cache(cache.clone(), name, "");
        for _ in 0..3 {
            assert_eq!(sent_by(&hook).await, "t-1");
        }
        assert_eq!(fetches.load(Ordering::SeqCst), 1);

        // Refreshed before expiry (6 s before the end of a 60 s token).
        tokio::time::advance(Duration::from_secs(55)).await;
        assert_eq!(sent_by(&hook).await, "t-2");

        // A hook sharing the cache refuses the token: this one follows at once.
        assert_eq!(sent_by(&other).await, "t-2");
        assert!(cache.invalidate("t-2").await);
        assert_eq!(sent_by(&hook).await, "t-3");
        assert_eq!(sent_by(&other).await, "t-3");
        assert_eq!(fetches.load(Ordering::SeqCst), 3);
        assert!(!format!("{hook:?}").contains("t-3"));
    }

    #[tokio::test]
    async fn a_static_token_is_not_worth_a_refresh() {
        let cache = TokenCache::new(StaticToken::new(SecretString::from("fixed")));
        assert_eq!(cache.token().await.unwrap().expose_secret(), "fixed");
        assert!(!cache.invalidate("fixed").await);
        let debug = format!("{cache:?}");
        assert!(!debug.contains("fixed"), "{debug}");
    }
}
