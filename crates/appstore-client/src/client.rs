//! [`AppStoreClient`] and [`AppStoreClientBuilder`].

use crate::{AppStoreErrorDecoder, ClientCredentials};
use http::header::{AUTHORIZATION, HeaderName, HeaderValue};
use pkgmodel::Vendor;
use pkgruntime::{
    Error, SecretString, StaticToken, TokenAuth, TokenCache, TokenProvider, Transport,
    TransportBuilder,
};
use std::fmt;
use std::sync::Arc;

/// The publisher API's host as Oracle's "Send Requests" page, its OCI cookbook and public
/// clients give it — the one that works. The default endpoint.
pub const DEFAULT_ENDPOINT: &str = "https://ocm-apis-cloud.oracle.com";

/// The host in the examples of Oracle's operation pages (`ocm-apis.cloud.oracle.com`, a dot
/// where the default has a dash). Pass it to [`AppStoreClientBuilder::endpoint`] if your
/// account is served there.
pub const ALTERNATIVE_ENDPOINT: &str = "https://ocm-apis.cloud.oracle.com";

/// The header carrying the partner user's email on every call.
pub const USER_ID_HEADER: &str = "x-oracle-userid";

/// A client for the Oracle Cloud Marketplace publisher API. Cheap to clone; clones share
/// connections and the access token.
///
/// ```
/// # fn main() -> Result<(), pkgruntime::Error> {
/// let client = appstore_client::AppStoreClient::builder()
///     .user_id("fname.lname@example.com")
///     .client_credentials("client-id", "client-secret")
///     .build()?;
/// assert_eq!(client.transport().endpoint().as_str(), "https://ocm-apis-cloud.oracle.com/");
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct AppStoreClient {
    transport: Transport,
    tokens: TokenCache,
}

impl AppStoreClient {
    /// Starts configuring a client.
    pub fn builder() -> AppStoreClientBuilder {
        AppStoreClientBuilder::default()
    }

    /// The transport underneath (endpoint, policies), for advanced use.
    pub fn transport(&self) -> &Transport {
        &self.transport
    }

    /// The token cache the client authenticates with (shared by its clones).
    pub fn token_cache(&self) -> &TokenCache {
        &self.tokens
    }
}

/// How the client obtains its token.
enum Credentials {
    Provider(Arc<dyn TokenProvider>),
    ClientCredentials {
        client_id: String,
        secret: SecretString,
    },
}

/// Configures an [`AppStoreClient`]: the partner user's email ([`user_id`](Self::user_id))
/// and a way to get tokens are required; the endpoint defaults to [`DEFAULT_ENDPOINT`].
pub struct AppStoreClientBuilder {
    endpoint: String,
    user_id: Option<String>,
    credentials: Option<Credentials>,
    transport: TransportBuilder,
}

impl Default for AppStoreClientBuilder {
    fn default() -> Self {
        Self {
            endpoint: DEFAULT_ENDPOINT.to_owned(),
            user_id: None,
            credentials: None,
            transport: TransportBuilder::new(Vendor::AppStore),
        }
    }
}

impl AppStoreClientBuilder {
    /// The API's base URL (default [`DEFAULT_ENDPOINT`]; see also
    /// [`ALTERNATIVE_ENDPOINT`]); a path is kept as a prefix. Oracle's cookbook gives the
    /// endpoint as `https://ocm-apis-cloud.oracle.com/appstore/publisher`: a trailing
    /// `/appstore/publisher` is dropped, since every operation's path starts with it. Plain
    /// `http://` to a host other than loopback needs
    /// [`allow_insecure_http`](Self::allow_insecure_http).
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = base_url(&endpoint.into());
        self
    }

    /// The partner user's email, sent as `X-Oracle-UserId` on every call (required). The
    /// user must be configured on the partner account.
    pub fn user_id(mut self, email: impl Into<String>) -> Self {
        self.user_id = Some(email.into());
        self
    }

    /// An OAuth2 access token you already have ([`StaticToken`]), sent as
    /// `Authorization: Bearer …`; a 401 is then final.
    pub fn token(self, token: impl Into<SecretString>) -> Self {
        self.token_provider(StaticToken::new(token.into()))
    }

    /// A client id and secret: tokens come from `GET {endpoint}/appstore/publisher/v1/authenticate`
    /// with the same transport options as the client. For the OAuth 2.0 call, build a
    /// [`ClientCredentials`] and pass it to [`token_provider`](Self::token_provider).
    pub fn client_credentials(
        mut self,
        client_id: impl Into<String>,
        secret: impl Into<SecretString>,
    ) -> Self {
        self.credentials = Some(Credentials::ClientCredentials {
            client_id: client_id.into(),
            secret: secret.into(),
        });
        self
    }

    /// Any token provider: a [`ClientCredentials`], a [`StaticToken`], or your own. An
    /// `Arc` of a provider is a provider too, to share one between clients.
    pub fn token_provider(mut self, provider: impl TokenProvider) -> Self {
        self.credentials = Some(Credentials::Provider(Arc::new(provider)));
        self
    }

    pkgruntime::transport_options!(transport);

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<AppStoreClient, Error> {
        let user_id = self.user_id.as_deref().map(str::trim).unwrap_or_default();
        if user_id.is_empty() {
            return Err(Error::invalid_input(
                "user_id",
                "is required: the partner user's email, sent as X-Oracle-UserId",
            ));
        }
        let user_id = HeaderValue::from_str(user_id).map_err(|_| {
            Error::invalid_input(
                "user_id",
                "must be visible ASCII text usable in an HTTP header",
            )
        })?;
        let provider: Arc<dyn TokenProvider> = match self.credentials {
            None => {
                return Err(Error::invalid_input(
                    "credentials",
                    "are required: token(..), client_credentials(..) or token_provider(..)",
                ));
            }
            Some(Credentials::Provider(provider)) => provider,
            Some(Credentials::ClientCredentials { client_id, secret }) => Arc::new(
                ClientCredentials::builder(client_id, secret)
                    .authenticate(&self.endpoint)
                    .transport(self.transport.clone())
                    .build()?,
            ),
        };
        let tokens = TokenCache::from_arc(provider);
        let auth = TokenAuth::with_cache(tokens.clone(), AUTHORIZATION, "Bearer ");
        let transport = self
            .transport
            .endpoint(&self.endpoint)
            .error_decoder(AppStoreErrorDecoder)
            .default_header(HeaderName::from_static(USER_ID_HEADER), user_id)
            .auth(auth)
            .build()?;
        Ok(AppStoreClient { transport, tokens })
    }
}

impl fmt::Debug for AppStoreClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let credentials = match &self.credentials {
            None => "none".to_owned(),
            Some(Credentials::Provider(provider)) => format!("{provider:?}"),
            Some(Credentials::ClientCredentials { client_id, .. }) => {
                format!("ClientCredentials {{ client_id: {client_id:?}, secret: [redacted] }}")
            }
        };
        f.debug_struct("AppStoreClientBuilder")
            .field("endpoint", &self.endpoint)
            .field("user_id", &self.user_id)
            .field("credentials", &format_args!("{credentials}"))
            .finish_non_exhaustive()
    }
}

/// `endpoint` without a trailing `/` or `/appstore/publisher` (the API's own path prefix).
pub(crate) fn base_url(endpoint: &str) -> String {
    let trimmed = endpoint.trim().trim_end_matches('/');
    trimmed
        .strip_suffix("/appstore/publisher")
        .unwrap_or(trimmed)
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_id_and_credentials_are_required_and_checked() {
        let field = |builder: AppStoreClientBuilder| {
            builder
                .build()
                .unwrap_err()
                .invalid_field()
                .unwrap()
                .field
                .clone()
        };
        assert_eq!(field(AppStoreClient::builder().token("t")), "user_id");
        assert_eq!(
            field(AppStoreClient::builder().user_id("  ").token("t")),
            "user_id"
        );
        assert_eq!(
            field(AppStoreClient::builder().user_id("a@b\nc").token("t")),
            "user_id"
        );
        assert_eq!(
            field(AppStoreClient::builder().user_id("a@b.c")),
            "credentials"
        );
        assert_eq!(
            field(
                AppStoreClient::builder()
                    .user_id("a@b.c")
                    .client_credentials("", "s")
            ),
            "client_id"
        );
        assert_eq!(
            field(
                AppStoreClient::builder()
                    .user_id("a@b.c")
                    .endpoint("http://ocm.example")
                    .token("t")
            ),
            "endpoint"
        );
        assert!(
            AppStoreClient::builder()
                .user_id("a@b.c")
                .endpoint("http://ocm.example")
                .client_credentials("id", "s")
                .allow_insecure_http(true)
                .build()
                .is_ok()
        );
    }

    #[test]
    fn the_api_prefix_is_dropped_from_endpoints() {
        for endpoint in [
            "https://ocm-apis-cloud.oracle.com",
            "https://ocm-apis-cloud.oracle.com/",
            "https://ocm-apis-cloud.oracle.com/appstore/publisher",
            " https://ocm-apis-cloud.oracle.com/appstore/publisher/ ",
        ] {
            assert_eq!(base_url(endpoint), DEFAULT_ENDPOINT, "{endpoint}");
        }
        assert_eq!(
            base_url("https://proxy.example/oracle/"),
            "https://proxy.example/oracle"
        );
        let client = AppStoreClient::builder()
            .endpoint("https://ocm-apis-cloud.oracle.com/appstore/publisher")
            .user_id("a@b.c")
            .token("t")
            .build()
            .unwrap();
        assert_eq!(
            client.transport().endpoint().as_str(),
            "https://ocm-apis-cloud.oracle.com/"
        );
    }

    #[test]
    fn secrets_stay_out_of_debug() {
        let builder = AppStoreClient::builder()
            .user_id("a@b.c")
            .client_credentials("id", "very-secret");
        assert!(!format!("{builder:?}").contains("very-secret"));
        let client = builder.build().unwrap();
        assert!(!format!("{client:?}").contains("very-secret"));
        let client = AppStoreClient::builder()
            .user_id("a@b.c")
            .token("tok-123")
            .build()
            .unwrap();
        assert!(!format!("{client:?}").contains("tok-123"));
    }
}
