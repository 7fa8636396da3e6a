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
    /// A provider for the IAM user `user_name` of account `domain_name`, scoped to the
    /// project `project_name` (usually the region name, e.g. `cn-north-4`), calling the IAM
    /// endpoint `iam_endpoint` (e.g. `https://iam.cn-north-4.myhuaweicloud.com`).
    pub fn new(
        iam_endpoint: &str,
        user_name: impl Into<String>,
        password: impl Into<SecretString>,
        domain_name: impl Into<String>,
        project_name: impl Into<String>,
    ) -> Result<Self, Error> {
        Self::with_transport(
            Transport::builder(Vendor::Iotda),
            iam_endpoint,
            user_name,
            password,
            domain_name,
            project_name,
        )
    }

    /// Like [`new`](Self::new), calling IAM through a transport with the options of
    /// `transport` (retries, time-outs, HTTP client), as the client builder does.
    pub(crate) fn with_transport(
        transport: TransportBuilder,
        iam_endpoint: &str,
        user_name: impl Into<String>,
        password: impl Into<SecretString>,
        domain_name: impl Into<String>,
        project_name: impl Into<String>,
    ) -> Result<Self, Error> {
        let transport = transport
            .endpoint(iam_endpoint)
            .auth(CredentialsInBody)
            .error_decoder(crate::IotdaErrorDecoder)
            .build()?;
        Ok(Self {
            transport,
            user_name: user_name.into(),
            password: password.into(),
            domain_name: domain_name.into(),
            project_name: project_name.into(),
        })
    }

    /// IAM's endpoint for `region`.
    pub(crate) fn regional_endpoint(region: &str) -> Result<String, Error> {
        crate::client::check_region(region)?;
        Ok(format!("https://iam.{region}.myhuaweicloud.com"))
    }

    /// A provider for `region`'s IAM endpoint, scoped to the project named after the region.
    pub fn for_region(
        region: &str,
        user_name: impl Into<String>,
        password: impl Into<SecretString>,
        domain_name: impl Into<String>,
    ) -> Result<Self, Error> {
        Self::new(
            &Self::regional_endpoint(region)?,
            user_name,
            password,
            domain_name,
            region,
        )
    }
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
