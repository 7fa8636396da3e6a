//! [`ObCloudClient`] and [`ObCloudClientBuilder`], and the documented hosts.
//!
//! The client authenticates with HTTP Digest (RFC 7616): the AccessKey id is the username and
//! the AccessKey secret the password, exactly as `curl --digest -u 'AK:SK'` does. The
//! runtime's [`DigestAuth`] answers the first `401` challenge and then reuses its nonce with
//! an increasing `nc`, so a whole listing costs one extra round trip.

use crate::{ObCloudErrorDecoder, limits};
use http::header::{HeaderName, HeaderValue};
use pkgmodel::Vendor;
use pkgruntime::{
    ApiRequest, DigestAuth, Error, Redacted, SecretString, Transport, TransportBuilder,
};
use std::fmt;

/// The API host in OceanBase Cloud's documentation (the default endpoint).
pub const DEFAULT_ENDPOINT: &str = "https://api-cloud.oceanbase.com";

/// The global API host the OceanBase Terraform provider uses.
pub const GLOBAL_ENDPOINT: &str = "https://g-api-cloud.oceanbase.com";

/// The API host for mainland China the OceanBase Terraform provider uses.
pub const CHINA_ENDPOINT: &str = "https://api-cloud-cn.oceanbase.com";

/// The header selecting the project.
pub(crate) const PROJECT_ID_HEADER: HeaderName = HeaderName::from_static("x-ob-project-id");

/// A client for the OceanBase Cloud multi-cloud API. Cheap to clone; clones share
/// connections and the Digest session.
///
/// ```
/// use obcloud_client::{ObCloudClient, GLOBAL_ENDPOINT};
///
/// let client = ObCloudClient::builder()
///     .endpoint(GLOBAL_ENDPOINT)
///     .access_key("AK", "SK")
///     .project_id("prj-01")
///     .build()?;
/// assert_eq!(client.transport().endpoint().as_str(), "https://g-api-cloud.oceanbase.com/");
/// assert_eq!(client.project_id(), Some("prj-01"));
/// # Ok::<(), pkgruntime::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct ObCloudClient {
    transport: Transport,
    auth: DigestAuth,
    project_id: Option<String>,
}

impl ObCloudClient {
    /// Starts configuring a client.
    pub fn builder() -> ObCloudClientBuilder {
        ObCloudClientBuilder::default()
    }

    /// The transport underneath (endpoint, policies), for advanced use.
    pub fn transport(&self) -> &Transport {
        &self.transport
    }

    /// The Digest auth hook this client answers challenges with: its
    /// [`challenges_answered`](DigestAuth::challenges_answered) counts the extra round trips
    /// authentication has cost, and [`algorithm`](DigestAuth::algorithm) says which
    /// algorithm the server's challenge was answered with.
    pub fn digest_auth(&self) -> &DigestAuth {
        &self.auth
    }

    /// The project sent as `X-Ob-Project-Id`, if one was configured.
    pub fn project_id(&self) -> Option<&str> {
        self.project_id.as_deref()
    }
}

/// A GET request for `operation` to `/api/v2/instances[/…segments]`.
pub(crate) fn instances_request(operation: &'static str, segments: &[&str]) -> ApiRequest {
    ApiRequest::get(operation)
        .path(["api", "v2", "instances"])
        .path(segments.iter().copied())
}

/// Configures an [`ObCloudClient`]: the AccessKey pair is required; the endpoint defaults to
/// [`DEFAULT_ENDPOINT`].
pub struct ObCloudClientBuilder {
    transport: TransportBuilder,
    access_key: Option<(String, SecretString)>,
    project_id: Option<String>,
}

impl Default for ObCloudClientBuilder {
    fn default() -> Self {
        Self {
            transport: TransportBuilder::new(Vendor::ObCloud).error_decoder(ObCloudErrorDecoder),
            access_key: None,
            project_id: None,
        }
    }
}

impl fmt::Debug for ObCloudClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ObCloudClientBuilder")
            .field("transport", &self.transport)
            .field(
                "access_key",
                &self.access_key.as_ref().map(|(id, _)| (id, Redacted)),
            )
            .field("project_id", &self.project_id)
            .finish()
    }
}

impl ObCloudClientBuilder {
    /// The API's base URL (default [`DEFAULT_ENDPOINT`]; see also [`GLOBAL_ENDPOINT`] and
    /// [`CHINA_ENDPOINT`]). A path is kept as a prefix; plain `http://` to a host other than
    /// loopback needs [`allow_insecure_http`](Self::allow_insecure_http).
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.transport = self.transport.endpoint(endpoint);
        self
    }

    /// The AccessKey pair: the id is the Digest username, the secret its password.
    pub fn access_key(
        mut self,
        access_key_id: impl Into<String>,
        secret: impl Into<SecretString>,
    ) -> Self {
        self.access_key = Some((access_key_id.into(), secret.into()));
        self
    }

    /// The project, sent as `X-Ob-Project-Id` on every request. Older documentation makes it
    /// optional (the last project used), newer pages require it: set it when you have one.
    pub fn project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }

    pkgruntime::transport_options!(transport);

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<ObCloudClient, Error> {
        let (access_key_id, secret) = self.access_key.ok_or_else(|| {
            Error::invalid_input(
                "access_key",
                "is required: access_key(access_key_id, access_key_secret)",
            )
        })?;
        limits::access_key_id(&access_key_id)?;
        let mut transport = self.transport;
        if !transport.has_endpoint() {
            transport = transport.endpoint(DEFAULT_ENDPOINT);
        }
        if let Some(project_id) = &self.project_id {
            limits::identifier("project_id", project_id)?;
            let value = HeaderValue::from_str(project_id)
                .map_err(|_| Error::invalid_input("project_id", "must be visible ASCII"))?;
            transport = transport.default_header(PROJECT_ID_HEADER, value);
        }
        let auth = DigestAuth::new(access_key_id, secret);
        Ok(ObCloudClient {
            transport: transport.auth(auth.clone()).build()?,
            auth,
            project_id: self.project_id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(builder: ObCloudClientBuilder) -> String {
        builder
            .build()
            .unwrap_err()
            .invalid_field()
            .unwrap()
            .field
            .clone()
    }

    #[test]
    fn the_documented_host_is_the_default() {
        let client = ObCloudClient::builder()
            .access_key("AK", "SK")
            .build()
            .unwrap();
        assert_eq!(
            client.transport().endpoint().as_str(),
            "https://api-cloud.oceanbase.com/"
        );
        assert_eq!(client.project_id(), None);
        for host in [DEFAULT_ENDPOINT, GLOBAL_ENDPOINT, CHINA_ENDPOINT] {
            assert!(host.starts_with("https://"), "{host}");
        }
    }

    #[test]
    fn settings_are_checked() {
        assert_eq!(field(ObCloudClient::builder()), "access_key");
        let keyed = || ObCloudClient::builder().access_key("AK", "SK");
        assert_eq!(
            field(ObCloudClient::builder().access_key("", "SK")),
            "access_key_id"
        );
        assert_eq!(
            field(ObCloudClient::builder().access_key("A\"K", "SK")),
            "access_key_id"
        );
        assert_eq!(field(keyed().project_id("")), "project_id");
        assert_eq!(field(keyed().project_id("a\nb")), "project_id");
        assert_eq!(field(keyed().endpoint("ftp://x")), "endpoint");
        assert_eq!(field(keyed().endpoint("http://api.example")), "endpoint");
        assert!(
            keyed()
                .endpoint("http://api.example")
                .allow_insecure_http(true)
                .build()
                .is_ok()
        );
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let builder = ObCloudClient::builder().access_key("AK-1", "sk-very-secret");
        let debug = format!("{builder:?}");
        assert!(!debug.contains("sk-very-secret"), "{debug}");
        assert!(
            debug.contains("AK-1") && debug.contains("[redacted]"),
            "{debug}"
        );
        let client = builder.build().unwrap();
        let debug = format!("{client:?}");
        assert!(!debug.contains("sk-very-secret"), "{debug}");
    }
}
