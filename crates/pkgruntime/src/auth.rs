//! [`AuthHook`]: how a vendor's credentials get onto a request.
//!
//! The transport calls the hook on every attempt with the request in its final form
//! ([`PreparedRequest`]), so every scheme fits one trait:
//!
//! - a **static header** (HTTP Basic, a bearer token): [`HeaderAuth`];
//! - **request signing** over the final method, URL, headers and body (OCP's HMAC-SHA1,
//!   Huawei's SDK-HMAC-SHA256): the vendor's own hook reads the request and adds headers;
//! - **challenge-response** (HTTP Digest) and **refreshable tokens**: when the server answers
//!   401, the transport calls [`AuthHook::on_unauthorized`]; a hook that updated its state
//!   (a new nonce, a fresh token) returns [`AuthRetry::Resend`] and the request is sent once
//!   more. A second 401 becomes [`Error::Auth`](crate::Error::Auth) — never a loop.
//!
//! ```
//! use pkgruntime::{AuthHook, HeaderAuth, PreparedRequest, SecretString};
//! use http::{HeaderMap, Method};
//!
//! # async fn demo() -> Result<(), pkgruntime::Error> {
//! let auth = HeaderAuth::basic("admin", SecretString::from("s3cret"));
//! let url = url::Url::parse("http://ocp.example/api/v2/info").unwrap();
//! let mut request = PreparedRequest::new(Method::GET, url, HeaderMap::new(), "");
//! auth.authorize(&mut request).await?;
//! assert_eq!(request.headers()["authorization"], "Basic YWRtaW46czNjcmV0");
//! assert!(request.headers()["authorization"].is_sensitive());
//! assert_eq!(format!("{auth:?}"), r#"HeaderAuth { header: "authorization", value: [redacted] }"#);
//! # Ok(()) }
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(demo()).unwrap();
//! ```

mod digest;
mod static_header;
mod token;

pub use digest::{DigestAlgorithm, DigestAuth};
pub use static_header::HeaderAuth;
pub use token::{StaticToken, Token, TokenAuth, TokenCache, TokenProvider};

use crate::{ApiResponse, Error, PreparedRequest};
use std::fmt;

/// What the transport should do after a 401.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthRetry {
    /// The hook updated its state: authorise the request again and send it once more.
    Resend,
    /// The credentials were refused; report [`Error::Auth`](crate::Error::Auth).
    GiveUp,
}

/// Authorises requests for one vendor. Implementations must never log or `Debug`-print a
/// secret.
#[async_trait::async_trait]
pub trait AuthHook: Send + Sync + fmt::Debug + 'static {
    /// Adds credentials to `request`, which is otherwise final. Called before every attempt.
    async fn authorize(&self, request: &mut PreparedRequest) -> Result<(), Error>;

    /// The server answered `response` (status 401) to `request`. Return
    /// [`AuthRetry::Resend`] after updating state from the challenge or refreshing a token;
    /// the transport resends at most once per operation.
    async fn on_unauthorized(
        &self,
        request: &PreparedRequest,
        response: &ApiResponse,
    ) -> Result<AuthRetry, Error> {
        let _ = (request, response);
        Ok(AuthRetry::GiveUp)
    }

    /// Whether this hook puts credentials on requests. The transport refuses to send
    /// credentials over plain `http://` to a host other than loopback unless allowed.
    fn sends_credentials(&self) -> bool {
        true
    }
}

/// Sends requests without credentials.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoAuth;

#[async_trait::async_trait]
impl AuthHook for NoAuth {
    async fn authorize(&self, _request: &mut PreparedRequest) -> Result<(), Error> {
        Ok(())
    }

    fn sends_credentials(&self) -> bool {
        false
    }
}
