//! Access tokens for the publisher API: sent as `Authorization: Bearer <token>` with every
//! call, obtained from a [`TokenProvider`].
//!
//! - [`StaticToken`] (from the runtime): a token you already have. It cannot be refreshed,
//!   so a 401 is final.
//! - [`ClientCredentials`]: exchanges a client id and secret (HTTP Basic) for a token, by
//!   either documented call ([`TokenCall`]):
//!   - `GET {endpoint}/appstore/publisher/v1/authenticate` (the default), answering
//!     `{"access_token":"<JWT>","expires_in":604800,…}` (seven days);
//!   - `POST https://<host>/oam/oauth2/tokens?grant_type=client_credentials` with an empty
//!     `application/x-www-form-urlencoded; charset=UTF-8` body and
//!     `X-USER-IDENTITY-DOMAIN-NAME` (default [`DEFAULT_IDENTITY_DOMAIN`]), answering
//!     `{"access_token":…}`.
//! - any type of yours implementing [`TokenProvider`] (object safe, `async-trait`).
//!
//! The client keeps the token in the runtime's [`TokenCache`](pkgruntime::TokenCache): one
//! fetch shared by all concurrent callers, reused until shortly before `expires_in` runs out
//! (a tenth of the lifetime, at most five minutes, ahead), and fetched again once when the
//! API answers 401 (there is no refresh token). A second 401 is an
//! [`Error::Auth`](pkgruntime::Error::Auth) — never a loop. The token calls are retried like
//! any idempotent request (obtaining a token changes nothing on the server).
//!
//! Unconfirmed, and tolerated: whether a `token_type` comes back (ignored either way);
//! `expires_in` as a number or a string, or missing (the token is then kept until a 401).
//!
//! ```
//! use appstore_client::{ClientCredentials, EXAMPLE_OAUTH2_TOKEN_URL, TokenCall};
//!
//! let credentials = ClientCredentials::builder("client-id", "client-secret")
//!     .oauth2(EXAMPLE_OAUTH2_TOKEN_URL)
//!     .build()?;
//! assert_eq!(
//!     credentials.token_url().as_str(),
//!     "https://login.us2.oraclecloud.com/oam/oauth2/tokens?grant_type=client_credentials"
//! );
//! assert_eq!(credentials.token_call(), &TokenCall::OAuth2 { identity_domain: "usoracle30650".into() });
//! assert!(!format!("{credentials:?}").contains("client-secret"));
//! # Ok::<(), pkgruntime::Error>(())
//! ```

use crate::client::DEFAULT_ENDPOINT;
use http::header::{HeaderName, HeaderValue};
use pkgmodel::{Vendor, lenient};
use pkgruntime::{
    ApiRequest, AuthError, Error, ExposeSecret as _, HeaderAuth, SecretString, Token,
    TokenProvider, Transport, TransportBuilder,
};
use serde_json::Value;
use std::fmt;
use std::time::Duration;
use url::Url;

/// The identity domain sent as `X-USER-IDENTITY-DOMAIN-NAME` on the OAuth 2.0 token call,
/// the one in Oracle's quick start.
pub const DEFAULT_IDENTITY_DOMAIN: &str = "usoracle30650";

/// The token endpoint of the OAuth 2.0 call in one public client of the API (the host varies
/// by data centre; pass yours to [`ClientCredentialsBuilder::oauth2`]).
pub const EXAMPLE_OAUTH2_TOKEN_URL: &str = "https://login.us2.oraclecloud.com/oam/oauth2/tokens";

/// The header naming the identity domain on the OAuth 2.0 token call.
const IDENTITY_DOMAIN_HEADER: &str = "x-user-identity-domain-name";

/// The content type of the OAuth 2.0 token call.
const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded; charset=UTF-8";

/// Which documented call obtains the token.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TokenCall {
    /// `GET {base}/appstore/publisher/v1/authenticate` with Basic client credentials.
    Authenticate,
    /// `POST {token_url}?grant_type=client_credentials` with Basic client credentials.
    OAuth2 {
        /// Sent as `X-USER-IDENTITY-DOMAIN-NAME`.
        identity_domain: String,
    },
}

/// Obtains access tokens with a client id and secret; a [`TokenProvider`] (see
/// [Tokens](crate#tokens)). Cheap to clone.
///
/// ```
/// use appstore_client::{ClientCredentials, TokenCall, TokenProvider};
/// use pkgruntime::ExposeSecret as _;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), pkgruntime::Error> {
/// # let mock = appstore_client::testing::AppStoreMock::start().await;
/// # let endpoint = mock.uri();
/// # let (client_id, client_secret) = (appstore_client::testing::CLIENT_ID, appstore_client::testing::CLIENT_SECRET);
/// let credentials = ClientCredentials::builder(client_id, client_secret)
///     .authenticate(&endpoint) // the default is appstore_client::DEFAULT_ENDPOINT
///     .build()?;
/// assert_eq!(credentials.token_call(), &TokenCall::Authenticate);
/// let token = credentials.fetch_token().await?;
/// assert!(!token.secret().expose_secret().is_empty());
/// assert!(token.expires_at().is_some());
/// assert!(!format!("{credentials:?}").contains(client_secret));
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct ClientCredentials {
    client_id: String,
    call: TokenCall,
    transport: Transport,
}

impl ClientCredentials {
    /// Starts configuring client credentials; by default the token comes from
    /// `GET {DEFAULT_ENDPOINT}/appstore/publisher/v1/authenticate`.
    pub fn builder(
        client_id: impl Into<String>,
        secret: impl Into<SecretString>,
    ) -> ClientCredentialsBuilder {
        ClientCredentialsBuilder {
            client_id: client_id.into(),
            secret: secret.into(),
            target: Target::Authenticate(DEFAULT_ENDPOINT.to_owned()),
            identity_domain: DEFAULT_IDENTITY_DOMAIN.to_owned(),
            transport: TransportBuilder::new(Vendor::AppStore),
        }
    }

    /// The client id.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// Which call obtains the token.
    pub fn token_call(&self) -> &TokenCall {
        &self.call
    }

    /// The URL the token call goes to.
    pub fn token_url(&self) -> Url {
        self.transport.url_for(&self.request())
    }

    /// The token request (credentials are added by the transport).
    fn request(&self) -> ApiRequest {
        match &self.call {
            TokenCall::Authenticate => ApiRequest::get("authenticate").path([
                "appstore",
                "publisher",
                "v1",
                "authenticate",
            ]),
            TokenCall::OAuth2 { identity_domain } => {
                let request = ApiRequest::post("oauth2_token")
                    .query("grant_type", "client_credentials")
                    .body(Vec::new(), HeaderValue::from_static(FORM_CONTENT_TYPE))
                    .idempotent(true);
                // Checked by the builder, so this never fails.
                match HeaderValue::from_str(identity_domain) {
                    Ok(value) => {
                        request.header(HeaderName::from_static(IDENTITY_DOMAIN_HEADER), value)
                    }
                    Err(_) => request,
                }
            }
        }
    }
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The secret lives in the transport's auth hook, which prints it redacted.
        f.debug_struct("ClientCredentials")
            .field("client_id", &self.client_id)
            .field("secret", &pkgruntime::Redacted)
            .field("call", &self.call)
            .field("token_url", &self.token_url().as_str())
            .field("transport", &self.transport)
            .finish()
    }
}

#[async_trait::async_trait]
impl TokenProvider for ClientCredentials {
    async fn fetch_token(&self) -> Result<Token, Error> {
        let response = self
            .transport
            .send(self.request())
            .await
            .map_err(token_call_error)?;
        token_from_body(response.body())
    }
}

/// An error of the token call, as the client reports it: an error status is an
/// [`Error::Auth`] (the credentials were refused, or the token service failed) keeping the
/// response; time-outs and connection failures stay what they are.
fn token_call_error(error: Error) -> Error {
    match error {
        Error::Api(api) => {
            let mut auth = AuthError::rejected(*api);
            "the token endpoint answered with an error".clone_into(&mut auth.message);
            auth.into()
        }
        Error::Auth(mut auth) => {
            "the token endpoint refused the client credentials".clone_into(&mut auth.message);
            Error::Auth(auth)
        }
        other => other,
    }
}

/// The token in a token response. The body is never echoed into the error: it holds the
/// token.
pub(crate) fn token_from_body(body: &[u8]) -> Result<Token, Error> {
    let unusable = |what: &str| {
        Error::from(AuthError::new(format!(
            "the token response is not usable: {what}"
        )))
    };
    let Ok(Value::Object(json)) = serde_json::from_slice::<Value>(body) else {
        return Err(unusable("it is not a JSON object"));
    };
    let secret = match json.get("access_token") {
        Some(Value::String(token)) if !token.trim().is_empty() => token.trim().to_owned(),
        _ => return Err(unusable("`access_token` is missing or not a string")),
    };
    let token = Token::new(SecretString::from(secret));
    let lifetime = match json.get("expires_in") {
        None | Some(Value::Null) => None,
        Some(Value::Number(number)) => number.as_u64(),
        Some(Value::String(text)) => lenient::parse_u64(text),
        Some(_) => return Err(unusable("`expires_in` is not a number")),
    };
    Ok(match lifetime {
        Some(seconds) => token.expires_in(Duration::from_secs(seconds)),
        None => token,
    })
}

/// Where the token comes from.
#[derive(Clone, Debug)]
enum Target {
    Authenticate(String),
    OAuth2(String),
}

/// Configures [`ClientCredentials`].
pub struct ClientCredentialsBuilder {
    client_id: String,
    secret: SecretString,
    target: Target,
    identity_domain: String,
    transport: TransportBuilder,
}

impl ClientCredentialsBuilder {
    /// Obtain tokens from `GET {base_url}/appstore/publisher/v1/authenticate` (the default,
    /// with [`DEFAULT_ENDPOINT`]); a trailing `/appstore/publisher` on `base_url` is dropped,
    /// as for the client's endpoint.
    pub fn authenticate(mut self, base_url: impl Into<String>) -> Self {
        self.target = Target::Authenticate(crate::client::base_url(&base_url.into()));
        self
    }

    /// Obtain tokens from `POST {token_url}?grant_type=client_credentials`, e.g.
    /// [`EXAMPLE_OAUTH2_TOKEN_URL`].
    pub fn oauth2(mut self, token_url: impl Into<String>) -> Self {
        self.target = Target::OAuth2(token_url.into());
        self
    }

    /// The identity domain sent as `X-USER-IDENTITY-DOMAIN-NAME` on the OAuth 2.0 call
    /// (default [`DEFAULT_IDENTITY_DOMAIN`]).
    pub fn identity_domain(mut self, domain: impl Into<String>) -> Self {
        self.identity_domain = domain.into();
        self
    }

    pkgruntime::transport_options!(transport);

    /// Uses the options of a client's transport builder (retries, time-outs, HTTP client…).
    pub(crate) fn transport(mut self, transport: TransportBuilder) -> Self {
        self.transport = transport;
        self
    }

    /// Checks the configuration and builds the provider.
    pub fn build(self) -> Result<ClientCredentials, Error> {
        let client_id = self.client_id.trim().to_owned();
        if client_id.is_empty() {
            return Err(Error::invalid_input("client_id", "must not be empty"));
        }
        if client_id.contains(':') || client_id.chars().any(char::is_control) {
            return Err(Error::invalid_input(
                "client_id",
                "must not contain a colon or control characters (it is sent with HTTP Basic)",
            ));
        }
        if self.secret.expose_secret().is_empty() {
            return Err(Error::invalid_input("client_secret", "must not be empty"));
        }
        let (endpoint, call) = match &self.target {
            Target::Authenticate(base) => (base.clone(), TokenCall::Authenticate),
            Target::OAuth2(url) => {
                let domain = self.identity_domain.trim();
                if domain.is_empty() || HeaderValue::from_str(domain).is_err() {
                    return Err(Error::invalid_input(
                        "identity_domain",
                        "must be non-empty visible ASCII text usable in an HTTP header",
                    ));
                }
                (
                    url.clone(),
                    TokenCall::OAuth2 {
                        identity_domain: domain.to_owned(),
                    },
                )
            }
        };
        let transport = self
            .transport
            .endpoint(&endpoint)
            .error_decoder(crate::AppStoreErrorDecoder)
            .auth(HeaderAuth::basic(&client_id, self.secret))
            .build()
            .map_err(|error| match error {
                Error::InvalidInput(mut input) if input.field == "endpoint" => {
                    input.field = match call {
                        TokenCall::Authenticate => "endpoint".to_owned(),
                        TokenCall::OAuth2 { .. } => "token_url".to_owned(),
                    };
                    Error::InvalidInput(input)
                }
                other => other,
            })?;
        Ok(ClientCredentials {
            client_id,
            call,
            transport,
        })
    }
}

impl fmt::Debug for ClientCredentialsBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentialsBuilder")
            .field("client_id", &self.client_id)
            .field("secret", &pkgruntime::Redacted)
            .field("target", &self.target)
            .field("identity_domain", &self.identity_domain)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_token_lasts_its_expires_in() {
        let now = tokio::time::Instant::now();
        let token = token_from_body(
            br#"{"oracle_client_assertion_type":"urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                 "expires_in":604800,"oracle_tk_context":"client_assertion","access_token":"eyJ.x.y"}"#,
        )
        .unwrap();
        assert_eq!(token.secret().expose_secret(), "eyJ.x.y");
        assert_eq!(token.expires_at(), Some(now + Duration::from_secs(604_800)));
        let token =
            token_from_body(br#"{"access_token":"t","expires_in":"60","token_type":"Bearer"}"#)
                .unwrap();
        assert_eq!(token.expires_at(), Some(now + Duration::from_secs(60)));
        let token = token_from_body(br#"{"access_token":"t"}"#).unwrap();
        assert_eq!(token.expires_at(), None);
    }

    #[test]
    fn unusable_token_responses_never_echo_the_body() {
        for body in [
            &br#"{"access_token":"","expires_in":1}"#[..],
            br#"{"access_token":{"v":"s3cr3t-token"}}"#,
            br#"{"access_token":"s3cr3t-token","expires_in":[1]}"#,
            br#"["s3cr3t-token"]"#,
            b"s3cr3t-token",
        ] {
            let error = token_from_body(body).unwrap_err();
            assert!(error.is_auth());
            let text = format!("{error} {error:?}");
            assert!(!text.contains("s3cr3t"), "{text}");
        }
    }

    #[test]
    fn the_configuration_is_checked() {
        let field = |builder: ClientCredentialsBuilder| {
            builder
                .build()
                .unwrap_err()
                .invalid_field()
                .unwrap()
                .field
                .clone()
        };
        assert_eq!(field(ClientCredentials::builder(" ", "s")), "client_id");
        assert_eq!(field(ClientCredentials::builder("a:b", "s")), "client_id");
        assert_eq!(field(ClientCredentials::builder("a", "")), "client_secret");
        assert_eq!(
            field(
                ClientCredentials::builder("a", "s")
                    .oauth2("https://h/oam/oauth2/tokens")
                    .identity_domain("x\ny")
            ),
            "identity_domain"
        );
        assert_eq!(
            field(
                ClientCredentials::builder("a", "s")
                    .oauth2("http://login.example/oam/oauth2/tokens")
            ),
            "token_url"
        );
        let oauth = ClientCredentials::builder("a", "s")
            .oauth2(EXAMPLE_OAUTH2_TOKEN_URL)
            .build()
            .unwrap();
        assert_eq!(
            oauth.token_url().as_str(),
            "https://login.us2.oraclecloud.com/oam/oauth2/tokens?grant_type=client_credentials"
        );
        assert_eq!(
            oauth.token_call(),
            &TokenCall::OAuth2 {
                identity_domain: DEFAULT_IDENTITY_DOMAIN.into()
            }
        );
        let default = ClientCredentials::builder("a", "s").build().unwrap();
        assert_eq!(
            default.token_url().as_str(),
            "https://ocm-apis-cloud.oracle.com/appstore/publisher/v1/authenticate"
        );
        assert!(!format!("{default:?}").contains("\"s\""));
    }
}
