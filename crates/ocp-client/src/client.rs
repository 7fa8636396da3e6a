//! [`OcpClient`] and [`OcpClientBuilder`].

use crate::operation::download::GetOneSupport;
use crate::{Credentials, OcpErrorDecoder};
use http::header::{ACCEPT_LANGUAGE, CONTENT_TYPE, HeaderValue};
use pkgmodel::Vendor;
use pkgruntime::{Error, SecretString, Transport, TransportBuilder};
use std::sync::Arc;

/// A client for one OCP server's API v2. Cheap to clone; clones share connections.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), pkgruntime::Error> {
/// let client = ocp_client::OcpClient::builder()
///     .endpoint("https://ocp.example.com:8080")
///     .basic_auth("admin", "password")
///     .build()?;
/// # let _ = client;
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct OcpClient {
    transport: Transport,
    /// Whether requests are signed (AccessKey), so streamed bodies need their MD5 up front.
    signs_payload: bool,
    /// What `find_software_package` learnt about the undocumented get-one endpoint,
    /// shared by the client's clones.
    get_one: Arc<GetOneSupport>,
}

impl OcpClient {
    /// Starts configuring a client.
    pub fn builder() -> OcpClientBuilder {
        OcpClientBuilder::default()
    }

    /// The transport underneath (endpoint, policies), for advanced use.
    pub fn transport(&self) -> &Transport {
        &self.transport
    }

    pub(crate) fn signs_payload(&self) -> bool {
        self.signs_payload
    }

    pub(crate) fn get_one_support(&self) -> &GetOneSupport {
        &self.get_one
    }
}

/// Configures an [`OcpClient`]: the endpoint and credentials are required.
#[derive(Debug)]
pub struct OcpClientBuilder {
    transport: TransportBuilder,
    credentials: Option<Credentials>,
    accept_language: Option<String>,
}

impl Default for OcpClientBuilder {
    fn default() -> Self {
        Self {
            // OCP requires `Content-Type: application/json`, also on GET.
            transport: TransportBuilder::new(Vendor::Ocp)
                .default_header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
                .error_decoder(OcpErrorDecoder),
            credentials: None,
            accept_language: None,
        }
    }
}

impl OcpClientBuilder {
    /// The OCP server's base URL, e.g. `https://ocp.example.com:8080`; a path is kept as a
    /// prefix (for a server behind a proxy at `https://host/ocp/`). Plain `http://` to a
    /// host other than loopback needs [`allow_insecure_http`](Self::allow_insecure_http).
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.transport = self.transport.endpoint(endpoint);
        self
    }

    /// HTTP Basic credentials: an OCP user's login name and password.
    pub fn basic_auth(
        self,
        username: impl Into<String>,
        password: impl Into<SecretString>,
    ) -> Self {
        self.credentials(Credentials::basic(username, password))
    }

    /// An AccessKey pair: every request is signed with `OCP-ACCESS-KEY-HMACSHA1`.
    pub fn access_key(
        self,
        access_key_id: impl Into<String>,
        secret: impl Into<SecretString>,
    ) -> Self {
        self.credentials(Credentials::access_key(access_key_id, secret))
    }

    /// The credentials.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// The language of OCP's messages, sent as `Accept-Language` (e.g. `en-US`).
    pub fn accept_language(mut self, language: impl Into<String>) -> Self {
        self.accept_language = Some(language.into());
        self
    }

    pkgruntime::transport_options!(transport);

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<OcpClient, Error> {
        if !self.transport.has_endpoint() {
            return Err(Error::invalid_input(
                "endpoint",
                "is required (the OCP server's base URL)",
            ));
        }
        let credentials = self.credentials.ok_or_else(|| {
            Error::invalid_input(
                "credentials",
                "are required: basic_auth(user, password) or access_key(id, secret)",
            )
        })?;
        let signs_payload = matches!(credentials, Credentials::AccessKey { .. });
        let mut transport = self.transport.auth_arc(credentials.into_hook());
        if let Some(language) = &self.accept_language {
            let value = HeaderValue::from_str(language).map_err(|_| {
                Error::invalid_input("accept_language", "must be a language tag such as en-US")
            })?;
            transport = transport.default_header(ACCEPT_LANGUAGE, value);
        }
        Ok(OcpClient {
            transport: transport.build()?,
            signs_payload,
            get_one: Arc::default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_and_credentials_are_required() {
        let error = OcpClient::builder()
            .basic_auth("a", "b")
            .build()
            .unwrap_err();
        assert_eq!(error.invalid_field().unwrap().field, "endpoint");
        let error = OcpClient::builder()
            .endpoint("https://h")
            .build()
            .unwrap_err();
        assert_eq!(error.invalid_field().unwrap().field, "credentials");
        let error = OcpClient::builder()
            .endpoint("https://h")
            .basic_auth("a", "b")
            .accept_language("en\nUS")
            .build()
            .unwrap_err();
        assert_eq!(error.invalid_field().unwrap().field, "accept_language");
    }

    #[test]
    fn plain_http_to_a_remote_host_needs_opt_in() {
        let builder = || {
            OcpClient::builder()
                .endpoint("http://ocp.example:8080")
                .basic_auth("a", "b")
        };
        assert_eq!(
            builder()
                .build()
                .unwrap_err()
                .invalid_field()
                .unwrap()
                .field,
            "endpoint"
        );
        assert!(builder().allow_insecure_http(true).build().is_ok());
    }
}
