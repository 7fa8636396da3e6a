//! [`HeaderAuth`]: credentials that are one fixed header (HTTP Basic, a bearer token).

use crate::secret::{Redacted, sensitive_header_value};
use crate::{AuthHook, Error, PreparedRequest, SecretString};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use http::header::{AUTHORIZATION, HeaderName, HeaderValue};
use secrecy::ExposeSecret;
use std::fmt;

/// Puts one fixed header on every request. The value is marked sensitive, so HTTP/2 never
/// indexes it and `Debug` of the header map hides it.
#[derive(Clone)]
pub struct HeaderAuth {
    name: HeaderName,
    value: Result<HeaderValue, String>,
}

impl HeaderAuth {
    /// `Authorization: Basic base64(username:password)`.
    #[allow(
        clippy::needless_pass_by_value,
        reason = "takes the secret so it is zeroed once encoded"
    )]
    pub fn basic(username: &str, password: SecretString) -> Self {
        let encoded = STANDARD.encode(format!("{username}:{}", password.expose_secret()));
        Self::new(
            AUTHORIZATION,
            SecretString::from(format!("Basic {encoded}")),
            "password",
        )
    }

    /// `Authorization: Bearer <token>`.
    #[allow(
        clippy::needless_pass_by_value,
        reason = "takes the secret so it is zeroed once encoded"
    )]
    pub fn bearer(token: SecretString) -> Self {
        Self::new(
            AUTHORIZATION,
            SecretString::from(format!("Bearer {}", token.expose_secret())),
            "token",
        )
    }

    /// Any header whose value is a secret. A value that cannot go in a header is reported as
    /// [`Error::InvalidInput`] naming `field` when the first request is authorised.
    #[allow(
        clippy::needless_pass_by_value,
        reason = "takes the secret so it is zeroed once encoded"
    )]
    pub fn new(name: HeaderName, value: SecretString, field: &str) -> Self {
        let value = sensitive_header_value(value.expose_secret()).map_err(|_| field.to_owned());
        Self { name, value }
    }
}

impl fmt::Debug for HeaderAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HeaderAuth")
            .field("header", &self.name.as_str())
            .field("value", &Redacted)
            .finish()
    }
}

#[async_trait::async_trait]
impl AuthHook for HeaderAuth {
    async fn authorize(&self, request: &mut PreparedRequest) -> Result<(), Error> {
        match &self.value {
            Ok(value) => {
                request
                    .headers_mut()
                    .insert(self.name.clone(), value.clone());
                Ok(())
            }
            Err(field) => Err(Error::invalid_input(
                field.as_str(),
                "must be visible ASCII text usable in an HTTP header",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::{HeaderMap, Method};

    fn request() -> PreparedRequest {
        PreparedRequest::new(
            Method::GET,
            url::Url::parse("http://h/").unwrap(),
            HeaderMap::new(),
            "",
        )
    }

    #[tokio::test]
    async fn bearer_sets_a_sensitive_header() {
        let auth = HeaderAuth::bearer(SecretString::from("tok-123"));
        let mut request = request();
        auth.authorize(&mut request).await.unwrap();
        assert_eq!(request.headers()["authorization"], "Bearer tok-123");
        assert!(!format!("{auth:?}").contains("tok-123"));
        assert!(!format!("{:?}", request.headers()).contains("tok-123"));
    }

    #[tokio::test]
    async fn unusable_values_fail_without_echoing_them() {
        let auth = HeaderAuth::bearer(SecretString::from("line\nbreak"));
        let error = auth.authorize(&mut request()).await.unwrap_err();
        assert_eq!(error.invalid_field().unwrap().field, "token");
        assert!(!error.to_string().contains("break"));
    }
}
