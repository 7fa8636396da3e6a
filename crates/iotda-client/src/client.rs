//! [`IotdaClient`] and [`IotdaClientBuilder`].

use crate::{AkSkSigner, IamPasswordToken, IotdaErrorDecoder, SigningAlgorithm};
use http::header::{CONTENT_TYPE, HeaderName, HeaderValue};
use pkgmodel::Vendor;
use pkgruntime::{
    ApiRequest, AuthHook, Error, Redacted, SecretString, StaticToken, TokenAuth, TokenProvider,
    Transport, TransportBuilder,
};
use std::fmt;
use std::sync::Arc;
use url::Url;

/// The region used for derived (`V11-HMAC-SHA256`) signing when none is given or found in
/// the endpoint's host name.
pub const DEFAULT_REGION: &str = "cn-north-4";

/// The `X-Auth-Token` header.
const X_AUTH_TOKEN: HeaderName = HeaderName::from_static("x-auth-token");

/// A client for the IoTDA v5 OTA-package API of one project. Cheap to clone.
///
/// ```
/// let client = iotda_client::IotdaClient::builder()
///     .region("cn-north-4")
///     .project_id("77b6a44cba5143ab91d13ab9a8ff44fd")
///     .access_key("AK", "SK")
///     .build()?;
/// assert_eq!(client.transport().endpoint().as_str(), "https://iotda.cn-north-4.myhuaweicloud.com/");
/// # Ok::<(), pkgruntime::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct IotdaClient {
    transport: Transport,
    project_id: String,
}

impl IotdaClient {
    /// Starts configuring a client.
    pub fn builder() -> IotdaClientBuilder {
        IotdaClientBuilder::default()
    }

    /// The transport underneath (endpoint, policies), for advanced use.
    pub fn transport(&self) -> &Transport {
        &self.transport
    }

    /// The project every request is for.
    pub fn project_id(&self) -> &str {
        &self.project_id
    }

    /// `request` sent to `/v5/iot/{project_id}/ota-upgrades/packages[/…segments]`.
    pub(crate) fn request(&self, request: ApiRequest, segments: &[&str]) -> ApiRequest {
        request
            .path(["v5", "iot", &self.project_id, "ota-upgrades", "packages"])
            .path(segments.iter().copied())
    }
}

/// How the client authenticates.
#[derive(Clone)]
#[non_exhaustive]
pub enum Credentials {
    /// A fixed IAM token, sent as `X-Auth-Token`.
    Token(SecretString),
    /// Tokens from a provider (such as [`IamPasswordToken`]), cached and refreshed, sent as
    /// `X-Auth-Token`.
    TokenProvider(Arc<dyn TokenProvider>),
    /// IAM password tokens from the region's IAM endpoint ([`IamPasswordToken`]).
    IamPassword {
        /// The IAM user.
        user_name: String,
        /// The user's password.
        password: SecretString,
        /// The user's account (domain).
        domain_name: String,
    },
    /// An access key pair: every request is signed like Huawei's SDK signs it.
    AccessKey {
        /// The access key id (AK).
        access_key_id: String,
        /// The secret access key (SK).
        secret: SecretString,
    },
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Token(_) => f.debug_tuple("Token").field(&Redacted).finish(),
            Self::TokenProvider(provider) => {
                f.debug_tuple("TokenProvider").field(provider).finish()
            }
            Self::IamPassword {
                user_name,
                domain_name,
                ..
            } => f
                .debug_struct("IamPassword")
                .field("user_name", user_name)
                .field("password", &Redacted)
                .field("domain_name", domain_name)
                .finish(),
            Self::AccessKey { access_key_id, .. } => f
                .debug_struct("AccessKey")
                .field("access_key_id", access_key_id)
                .field("secret", &Redacted)
                .finish(),
        }
    }
}

/// Configures an [`IotdaClient`]: a region or an endpoint, a project id and credentials are
/// required.
#[derive(Debug)]
pub struct IotdaClientBuilder {
    transport: TransportBuilder,
    region: Option<String>,
    endpoint: Option<String>,
    iam_endpoint: Option<String>,
    project_id: Option<String>,
    instance_id: Option<String>,
    credentials: Option<Credentials>,
    signing_algorithm: Option<SigningAlgorithm>,
}

impl Default for IotdaClientBuilder {
    fn default() -> Self {
        Self {
            transport: TransportBuilder::new(Vendor::Iotda),
            region: None,
            endpoint: None,
            iam_endpoint: None,
            project_id: None,
            instance_id: None,
            credentials: None,
            signing_algorithm: None,
        }
    }
}

impl IotdaClientBuilder {
    /// The region, e.g. `cn-north-4`: the endpoint defaults to
    /// `https://iotda.{region}.myhuaweicloud.com`, and derived signing is scoped to it.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// An explicit endpoint, e.g. an instance host
    /// `https://<id>.st1.iotda-app.cn-north-4.myhuaweicloud.com`; a path is kept as a prefix.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// The project id (required), in every request path and sent as `X-Project-Id`.
    pub fn project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }

    /// The instance id, sent as `Instance-Id` (required on professional editions).
    pub fn instance_id(mut self, instance_id: impl Into<String>) -> Self {
        self.instance_id = Some(instance_id.into());
        self
    }

    /// A fixed IAM token, sent as `X-Auth-Token`.
    pub fn token(self, token: impl Into<SecretString>) -> Self {
        self.credentials(Credentials::Token(token.into()))
    }

    /// Tokens from `provider` (e.g. [`IamPasswordToken`]): fetched once for all concurrent
    /// requests, refreshed before they expire and once after a 401.
    pub fn token_provider(self, provider: impl TokenProvider) -> Self {
        self.credentials(Credentials::TokenProvider(Arc::new(provider)))
    }

    /// IAM password tokens for `user_name` of account `domain_name`: from the region's IAM
    /// endpoint (`https://iam.{region}.myhuaweicloud.com`), or from
    /// [`iam_endpoint`](Self::iam_endpoint) when set; scoped to the project named after the
    /// region; called with this builder's transport options. For another project scope,
    /// build an [`IamPasswordToken`] and pass it to [`token_provider`](Self::token_provider).
    pub fn iam_password(
        self,
        user_name: impl Into<String>,
        password: impl Into<SecretString>,
        domain_name: impl Into<String>,
    ) -> Self {
        self.credentials(Credentials::IamPassword {
            user_name: user_name.into(),
            password: password.into(),
            domain_name: domain_name.into(),
        })
    }

    /// Where [`iam_password`](Self::iam_password) gets its tokens instead of the region's
    /// IAM: a private IAM endpoint, or a test mock's (`IotdaMock::uri()` serves IAM too).
    pub fn iam_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.iam_endpoint = Some(endpoint.into());
        self
    }

    /// An access key pair: requests are signed with `SDK-HMAC-SHA256` on regional endpoints
    /// and the derived `V11-HMAC-SHA256` (service `iotdm`) on instance endpoints, chosen by
    /// host exactly as Huawei's SDK chooses.
    pub fn access_key(
        self,
        access_key_id: impl Into<String>,
        secret: impl Into<SecretString>,
    ) -> Self {
        self.credentials(Credentials::AccessKey {
            access_key_id: access_key_id.into(),
            secret: secret.into(),
        })
    }

    /// Signs access-key requests with `algorithm` instead of choosing by host like Huawei's
    /// SDK — e.g. `SDK-HMAC-SHA256` through a proxy that forwards to a regional endpoint.
    pub fn signing_algorithm(mut self, algorithm: SigningAlgorithm) -> Self {
        self.signing_algorithm = Some(algorithm);
        self
    }

    /// The credentials.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    pkgruntime::transport_options!(transport);

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<IotdaClient, Error> {
        if let Some(region) = &self.region {
            check_region(region)?;
        }
        let endpoint = match (&self.endpoint, &self.region) {
            (Some(endpoint), _) => endpoint.clone(),
            (None, Some(region)) => format!("https://iotda.{region}.myhuaweicloud.com"),
            (None, None) => {
                return Err(Error::invalid_input(
                    "endpoint",
                    "is required: set region(..) for the regional endpoint, or endpoint(..)",
                ));
            }
        };
        let project_id = self
            .project_id
            .clone()
            .ok_or_else(|| Error::invalid_input("project_id", "is required"))?;
        crate::limits::identifier(
            "project_id",
            &project_id,
            64,
            crate::limits::UNDERSCORE_HYPHEN,
        )?;
        let credentials = self.credentials.clone().ok_or_else(|| {
            Error::invalid_input(
                "credentials",
                "are required: token(..), token_provider(..), iam_password(..) or access_key(..)",
            )
        })?;
        let url = Url::parse(&endpoint).map_err(|error| {
            Error::invalid_input("endpoint", format!("must be an absolute URL ({error})"))
        })?;
        let region = self
            .region
            .clone()
            .or_else(|| region_in_host(&url))
            .unwrap_or_else(|| DEFAULT_REGION.to_owned());
        let hook = self.auth_hook(credentials, &url, &region)?;
        // Send (and sign) the headers Huawei's SDK sends: `Content-Type` and `X-Project-Id`
        // on every request, and no `Accept`.
        let mut transport = self
            .transport
            .remove_default_header(&http::header::ACCEPT)
            .endpoint(&endpoint)
            .error_decoder(IotdaErrorDecoder)
            .auth_arc(hook)
            .default_header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .default_header(
                HeaderName::from_static("x-project-id"),
                header_value("project_id", &project_id)?,
            );
        if let Some(instance_id) = &self.instance_id {
            crate::limits::identifier(
                "instance_id",
                instance_id,
                64,
                crate::limits::UNDERSCORE_HYPHEN,
            )?;
            transport = transport.default_header(
                HeaderName::from_static("instance-id"),
                header_value("instance_id", instance_id)?,
            );
        }
        Ok(IotdaClient {
            transport: transport.build()?,
            project_id,
        })
    }

    /// The auth hook for `credentials` against `url`, in `region`.
    fn auth_hook(
        &self,
        credentials: Credentials,
        url: &Url,
        region: &str,
    ) -> Result<Arc<dyn AuthHook>, Error> {
        Ok(match credentials {
            Credentials::Token(token) => {
                Arc::new(TokenAuth::header(X_AUTH_TOKEN, StaticToken::new(token)))
            }
            Credentials::TokenProvider(provider) => Arc::new(TokenAuth::with_cache(
                pkgruntime::TokenCache::from_arc(provider),
                X_AUTH_TOKEN,
                "",
            )),
            Credentials::IamPassword {
                user_name,
                password,
                domain_name,
            } => {
                let iam = IamPasswordToken::builder()
                    .transport(self.transport.clone())
                    .user_name(user_name)
                    .password(password)
                    .domain_name(domain_name);
                let iam = match (&self.iam_endpoint, &self.region) {
                    (Some(endpoint), _) => iam.endpoint(endpoint).project_name(region),
                    (None, Some(region)) => iam.region(region),
                    (None, None) => {
                        return Err(Error::invalid_input(
                            "region",
                            "is required to find the IAM endpoint (or set iam_endpoint(..))",
                        ));
                    }
                };
                let provider = iam.build()?;
                Arc::new(TokenAuth::header(X_AUTH_TOKEN, provider))
            }
            Credentials::AccessKey {
                access_key_id,
                secret,
            } => Arc::new(match self.signing_algorithm.clone() {
                Some(algorithm) => AkSkSigner::new(access_key_id, secret, algorithm),
                None => AkSkSigner::for_endpoint(access_key_id, secret, url, region),
            }),
        })
    }
}

fn header_value(field: &str, value: &str) -> Result<HeaderValue, Error> {
    HeaderValue::from_str(value).map_err(|_| Error::invalid_input(field, "must be visible ASCII"))
}

/// A region id is lower-case letters, digits and hyphens, e.g. `cn-north-4`.
pub(crate) fn check_region(region: &str) -> Result<(), Error> {
    let valid = !region.is_empty()
        && region.len() <= 64
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if valid {
        Ok(())
    } else {
        Err(Error::invalid_input(
            "region",
            format!(
                "must be a region id of lower-case letters, digits and hyphens, e.g. cn-north-4 (got {region:?})"
            ),
        ))
    }
}

/// The region in a Huawei host name, e.g. `cn-north-4` in
/// `abc.st1.iotda-app.cn-north-4.myhuaweicloud.com`: a label of the form `xx-word-N`.
fn region_in_host(url: &Url) -> Option<String> {
    url.host_str()?
        .split('.')
        .find(|label| {
            let parts: Vec<&str> = label.split('-').collect();
            matches!(parts.as_slice(), [area, direction, number]
                if area.len() >= 2
                    && area.bytes().all(|b| b.is_ascii_lowercase())
                    && !direction.is_empty()
                    && direction.bytes().all(|b| b.is_ascii_lowercase())
                    && (1..=2).contains(&number.len())
                    && number.bytes().all(|b| b.is_ascii_digit()))
        })
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> IotdaClientBuilder {
        IotdaClient::builder().project_id("pid123").token("t")
    }

    #[test]
    fn the_region_gives_the_default_endpoint() {
        let client = base().region("ap-southeast-1").build().unwrap();
        assert_eq!(
            client.transport().endpoint().as_str(),
            "https://iotda.ap-southeast-1.myhuaweicloud.com/"
        );
    }

    #[test]
    fn required_settings_are_named() {
        let field = |builder: IotdaClientBuilder| {
            builder
                .build()
                .unwrap_err()
                .invalid_field()
                .unwrap()
                .field
                .clone()
        };
        assert_eq!(field(base()), "endpoint");
        assert_eq!(
            field(IotdaClient::builder().region("cn-north-4").token("t")),
            "project_id"
        );
        assert_eq!(
            field(IotdaClient::builder().region("cn-north-4").project_id("p")),
            "credentials"
        );
        assert_eq!(field(base().region("CN North")), "region");
        assert_eq!(
            field(base().region("cn-north-4").project_id("a/b")),
            "project_id"
        );
        assert_eq!(
            field(base().region("cn-north-4").instance_id("x y")),
            "instance_id"
        );
        let error = IotdaClient::builder()
            .endpoint("https://iotda.example.com")
            .project_id("p")
            .iam_password("u", "p", "d")
            .build()
            .unwrap_err();
        assert_eq!(error.invalid_field().unwrap().field, "region");
        assert!(error.to_string().contains("iam_endpoint"), "{error}");
        // An explicit IAM endpoint needs no region.
        IotdaClient::builder()
            .endpoint("https://iotda.example.com")
            .project_id("p")
            .iam_endpoint("https://iam.example.com")
            .iam_password("u", "p", "d")
            .build()
            .unwrap();
    }

    #[test]
    fn regions_are_found_in_instance_hosts() {
        let url = |text: &str| Url::parse(text).unwrap();
        assert_eq!(
            region_in_host(&url(
                "https://abc.st1.iotda-app.cn-north-4.myhuaweicloud.com"
            ))
            .as_deref(),
            Some("cn-north-4")
        );
        assert_eq!(
            region_in_host(&url("https://iotda.ap-southeast-1.myhuaweicloud.com")).as_deref(),
            Some("ap-southeast-1")
        );
        assert_eq!(region_in_host(&url("http://127.0.0.1:8080")), None);
        assert_eq!(region_in_host(&url("https://proxy.example.com")), None);
    }

    #[test]
    fn credentials_debug_hides_secrets() {
        let debug = format!(
            "{:?} {:?}",
            Credentials::Token(SecretString::from("tok-secret")),
            Credentials::AccessKey {
                access_key_id: "AK1".into(),
                secret: SecretString::from("sk-secret")
            }
        );
        assert!(
            !debug.contains("tok-secret") && !debug.contains("sk-secret"),
            "{debug}"
        );
        assert!(debug.contains("AK1"));
    }
}
