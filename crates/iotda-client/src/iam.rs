//! [`IamPasswordToken`]: IAM user tokens obtained with a password, for `X-Auth-Token`.
//!
//! `POST {iam}/v3/auth/tokens` with the user's name, password and domain, scoped to a
//! project; the token comes back in the `X-Subject-Token` response header and is valid for
//! 24 hours (the body's `token.expires_at` is used when present). Through the runtime's
//! [`TokenCache`](pkgruntime::TokenCache) the token is fetched once for all concurrent
//! requests, refreshed shortly before it expires, and refreshed once when IoTDA answers 401.

use pkgmodel::Vendor;
use pkgmodel::time::OffsetDateTime;
use pkgmodel::time::format_description::well_known::Rfc3339;
use pkgruntime::{
    ApiRequest, AuthError, AuthHook, Error, ExposeSecret, PreparedRequest, Redacted, SecretString,
    Token, TokenProvider, Transport, TransportBuilder,
};
use serde::Deserialize;
use serde_json::json;
use std::fmt;
use std::time::Duration;

/// How long IAM tokens live when the response does not say.
const DEFAULT_LIFETIME: Duration = Duration::from_secs(24 * 3600);

/// Fetches IAM user tokens with a password: `POST /v3/auth/tokens`, the token from the
/// `X-Subject-Token` header, valid 24 hours unless the body's `token.expires_at` says otherwise.
#[derive(Clone)]
pub struct IamPasswordToken {
    transport: Transport,
    user_name: String,
    password: SecretString,
    domain_name: String,
    project_name: String,
}

/// Tells the transport that requests carry credentials (in the body), so plain HTTP to a
/// remote IAM endpoint is refused like any other credential.
#[derive(Debug)]
struct CredentialsInBody;

#[async_trait::async_trait]
impl AuthHook for CredentialsInBody {
    async fn authorize(&self, _request: &mut PreparedRequest) -> Result<(), Error> {
        Ok(())
    }
}

impl IamPasswordToken {
    /// Starts configuring a provider: the user, password and domain are required, and a
    /// [`region`](IamPasswordTokenBuilder::region) or an
    /// [`endpoint`](IamPasswordTokenBuilder::endpoint) with a
    /// [`project_name`](IamPasswordTokenBuilder::project_name).
    pub fn builder() -> IamPasswordTokenBuilder {
        IamPasswordTokenBuilder::default()
    }
}

/// Configures an [`IamPasswordToken`], field by field so that no two strings can be swapped.
///
/// ```
/// use iotda_client::IamPasswordToken;
///
/// // Huawei's regional IAM, the token scoped to the project named after the region.
/// let regional = IamPasswordToken::builder()
///     .region("cn-north-4")
///     .user_name("iot-operator")
///     .password("secret")
///     .domain_name("my-account")
///     .build()?;
///
/// // A private IAM endpoint (or the test mock's), scoped to a sub-project.
/// let private = IamPasswordToken::builder()
///     .endpoint("https://iam.internal.example.com")
///     .project_name("cn-north-4_ota")
///     .user_name("iot-operator")
///     .password("secret")
///     .domain_name("my-account")
///     .build()?;
/// assert!(!format!("{regional:?} {private:?}").contains("secret"));
/// # Ok::<(), pkgruntime::Error>(())
/// ```
#[derive(Debug)]
pub struct IamPasswordTokenBuilder {
    transport: TransportBuilder,
    endpoint: Option<String>,
    region: Option<String>,
    project_name: Option<String>,
    user_name: Option<String>,
    password: Option<SecretString>,
    domain_name: Option<String>,
}

impl Default for IamPasswordTokenBuilder {
    fn default() -> Self {
        Self {
            transport: Transport::builder(Vendor::Iotda),
            endpoint: None,
            region: None,
            project_name: None,
            user_name: None,
            password: None,
            domain_name: None,
        }
    }
}

impl IamPasswordTokenBuilder {
    /// The region, e.g. `cn-north-4`: IAM's endpoint is then
    /// `https://iam.{region}.myhuaweicloud.com` unless [`endpoint`](Self::endpoint) is set,
    /// and the token is scoped to the project named after the region unless
    /// [`project_name`](Self::project_name) is set.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// IAM's base URL, e.g. a private IAM endpoint or a test mock's; tokens come from
    /// `POST {endpoint}/v3/auth/tokens`.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// The project the token is scoped to (default: the region's name).
    pub fn project_name(mut self, project_name: impl Into<String>) -> Self {
        self.project_name = Some(project_name.into());
        self
    }

    /// The IAM user's name (required).
    pub fn user_name(mut self, user_name: impl Into<String>) -> Self {
        self.user_name = Some(user_name.into());
        self
    }

    /// The IAM user's password (required).
    pub fn password(mut self, password: impl Into<SecretString>) -> Self {
        self.password = Some(password.into());
        self
    }

    /// The account (domain) the user belongs to (required).
    pub fn domain_name(mut self, domain_name: impl Into<String>) -> Self {
        self.domain_name = Some(domain_name.into());
        self
    }

    pkgruntime::transport_options!(transport);

    /// Uses the options of a client's transport builder (retries, time-outs, HTTP client…).
    pub(crate) fn transport(mut self, transport: TransportBuilder) -> Self {
        self.transport = transport;
        self
    }

    /// Checks the configuration and builds the provider.
    pub fn build(self) -> Result<IamPasswordToken, Error> {
        let user_name = required(self.user_name, "user_name")?;
        let password = self
            .password
            .ok_or_else(|| Error::invalid_input("password", "is required"))?;
        let domain_name = required(self.domain_name, "domain_name")?;
        if let Some(region) = &self.region {
            crate::client::check_region(region)?;
        }
        let endpoint = match (self.endpoint, &self.region) {
            (Some(endpoint), _) => endpoint,
            (None, Some(region)) => format!("https://iam.{region}.myhuaweicloud.com"),
            (None, None) => {
                return Err(Error::invalid_input(
                    "endpoint",
                    "is required: set region(..) for Huawei's regional IAM, or endpoint(..)",
                ));
            }
        };
        let project_name = self.project_name.or(self.region).ok_or_else(|| {
            Error::invalid_input(
                "project_name",
                "is required with an explicit endpoint (usually the region name)",
            )
        })?;
        let project_name = required(Some(project_name), "project_name")?;
        let transport = self
            .transport
            .endpoint(endpoint)
            .auth(CredentialsInBody)
            .error_decoder(crate::IotdaErrorDecoder)
            .build()?;
        Ok(IamPasswordToken {
            transport,
            user_name,
            password,
            domain_name,
            project_name,
        })
    }
}

/// `value`, which must be set and not blank.
fn required(value: Option<String>, field: &'static str) -> Result<String, Error> {
    value
        .filter(|value| !value.trim().is_empty())
        .ok_or_else(|| Error::invalid_input(field, "is required"))
}

impl fmt::Debug for IamPasswordToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IamPasswordToken")
            .field("endpoint", &self.transport.endpoint().as_str())
            .field("user_name", &self.user_name)
            .field("password", &Redacted)
            .field("domain_name", &self.domain_name)
            .field("project_name", &self.project_name)
            .finish()
    }
}

#[derive(Deserialize)]
struct TokenBody {
    token: Option<TokenInfo>,
}

#[derive(Deserialize)]
struct TokenInfo {
    expires_at: Option<String>,
}

#[async_trait::async_trait]
impl TokenProvider for IamPasswordToken {
    async fn fetch_token(&self) -> Result<Token, Error> {
        let body = json!({
            "auth": {
                "identity": {
                    "methods": ["password"],
                    "password": {
                        "user": {
                            "name": self.user_name,
                            "password": self.password.expose_secret(),
                            "domain": {"name": self.domain_name},
                        }
                    }
                },
                "scope": {"project": {"name": self.project_name}}
            }
        });
        let request = ApiRequest::post("iam_create_token")
            .path(["v3", "auth", "tokens"])
            .json(&body)?;
        let response = self
            .transport
            .send(request)
            .await
            .map_err(|error| match error {
                Error::Auth(mut refused) => {
                    "IAM refused the user name, password or domain"
                        .clone_into(&mut refused.message);
                    Error::Auth(refused)
                }
                other => other,
            })?;
        let token = response
            .header_str("x-subject-token")
            .filter(|token| !token.is_empty())
            .ok_or_else(|| {
                Error::from(AuthError::new(
                    "IAM answered without an X-Subject-Token header",
                ))
            })?;
        let lifetime = token_lifetime(response.body(), OffsetDateTime::now_utc());
        Ok(Token::new(SecretString::from(token.to_owned())).expires_in(lifetime))
    }
}

/// How long the token of an IAM response lives from `now`: until the body's
/// `token.expires_at`, or [`DEFAULT_LIFETIME`] when the body does not say.
pub(crate) fn token_lifetime(body: &[u8], now: OffsetDateTime) -> Duration {
    serde_json::from_slice::<TokenBody>(body)
        .ok()
        .and_then(|body| body.token?.expires_at)
        .and_then(|expires_at| OffsetDateTime::parse(&expires_at, &Rfc3339).ok())
        .map_or(DEFAULT_LIFETIME, |expires_at| {
            Duration::try_from(expires_at - now).unwrap_or(Duration::ZERO)
        })
}
