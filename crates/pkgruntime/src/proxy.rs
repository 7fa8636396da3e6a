//! Proxies: the one a client is told to use, and its credentials.
//!
//! Without [`proxy`](crate::TransportBuilder::proxy), the HTTP client pkgsdk builds uses
//! the proxies the environment names, as curl does: `HTTPS_PROXY` for `https://` URLs,
//! `HTTP_PROXY` for `http://` ones, `ALL_PROXY` for both (lower-case names too), and none
//! for the hosts `NO_PROXY` lists. An explicit proxy replaces them. `https://` requests go
//! through the proxy in a `CONNECT` tunnel (the proxy sees only the host and port); the
//! proxy's credentials go in `Proxy-Authorization`, to the proxy only.

use crate::{Error, ExposeSecret as _, SecretString};
use url::Url;

/// The explicit proxy of a client, if any.
#[derive(Clone, Default)]
pub(crate) struct ProxyOptions {
    url: Option<String>,
    credentials: Option<(String, SecretString)>,
}

impl ProxyOptions {
    pub(crate) fn url(&mut self, url: String) {
        self.url = Some(url);
    }

    pub(crate) fn credentials(&mut self, user: String, password: SecretString) {
        self.credentials = Some((user, password));
    }

    /// Whether an explicit proxy is set.
    pub(crate) fn is_set(&self) -> bool {
        self.url.is_some() || self.credentials.is_some()
    }

    /// `builder` with the proxy; a URL that is not `http(s)://host[:port]` is an
    /// [`Error::InvalidInput`] that does not repeat any password it holds.
    pub(crate) fn apply(
        &self,
        builder: reqwest::ClientBuilder,
    ) -> Result<reqwest::ClientBuilder, Error> {
        let Some(text) = &self.url else {
            if self.credentials.is_some() {
                return Err(Error::invalid_input(
                    "proxy_credentials",
                    "need a proxy(url) to go to",
                ));
            }
            return Ok(builder);
        };
        let rule = |rule: &str| Error::invalid_input("proxy", rule.to_owned());
        let mut url = Url::parse(text)
            .map_err(|_| rule("must be an absolute URL such as http://proxy.example.com:3128"))?;
        if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
            return Err(rule("must be http://host:port or https://host:port"));
        }
        // Credentials in the URL become the secret credentials, out of the URL.
        let mut credentials = self.credentials.clone();
        if !url.username().is_empty() || url.password().is_some() {
            let decode = |text: &str| {
                percent_encoding::percent_decode_str(text)
                    .decode_utf8_lossy()
                    .into_owned()
            };
            if credentials.is_none() {
                credentials = Some((
                    decode(url.username()),
                    SecretString::from(decode(url.password().unwrap_or_default())),
                ));
            }
            let _ = url.set_username("");
            let _ = url.set_password(None);
        }
        let mut proxy = reqwest::Proxy::all(url.as_str())
            .map_err(|_| rule("must be a proxy URL reqwest accepts"))?;
        if let Some((user, password)) = &credentials {
            proxy = proxy.basic_auth(user, password.expose_secret());
        }
        Ok(builder.proxy(proxy))
    }
}

impl std::fmt::Debug for ProxyOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // A URL may carry a password until it is applied: show the host only.
        let host = self
            .url
            .as_deref()
            .and_then(|url| Url::parse(url).ok())
            .and_then(|url| url.host_str().map(ToOwned::to_owned));
        f.debug_struct("ProxyOptions")
            .field("host", &host)
            .field(
                "credentials",
                &self
                    .credentials
                    .as_ref()
                    .map(|(user, _)| (user, crate::Redacted)),
            )
            .finish()
    }
}
