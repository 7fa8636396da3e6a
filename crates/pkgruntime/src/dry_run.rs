//! [`DryRun`]: the request a client in dry-run mode would have sent, instead of sending it.
//!
//! A client built with `dry_run(true)` prepares every request as usual — URL, query, the
//! default headers, the body — and then, instead of sending it, fails the call with
//! [`Error::DryRun`](crate::Error::DryRun) holding this description. Nothing reaches the
//! network, so credentials are described (by the auth hook's `Debug`, secrets redacted)
//! rather than computed: a signature, a Digest answer or a token would need the server.
//!
//! ```
//! use pkgruntime::{ApiRequest, Error, Transport};
//! use pkgmodel::Vendor;
//!
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! let transport = Transport::builder(Vendor::Ocp)
//!     .endpoint("https://ocp.example.com")
//!     .dry_run(true)
//!     .build()?;
//! let request = ApiRequest::delete("delete_software_package").path(["api", "v2", "software-packages", "7"]);
//! let Err(Error::DryRun(dry_run)) = transport.send(request).await else { panic!("sent!") };
//! assert_eq!(dry_run.to_string(), "dry run: DELETE https://ocp.example.com/api/v2/software-packages/7 was not sent");
//! assert!(dry_run.headers.iter().any(|(name, _)| name == "user-agent"));
//! # Ok::<(), Error>(()) }).unwrap();
//! ```

use crate::{AuthHook, PreparedRequest, Redacted};
use http::Method;
use std::fmt;
use url::Url;

/// The request a client in dry-run mode would have sent: a client built with
/// `dry_run(true)` prepares every request as usual — URL, query, default headers, body —
/// and fails the call with [`Error::DryRun`](crate::Error::DryRun) holding this instead of
/// sending it. Credentials are described (by the auth hook's `Debug`, secrets redacted)
/// rather than computed, since a signature, a Digest answer or a token would need the
/// server.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct DryRun {
    /// The operation, e.g. `delete_software_package`.
    pub operation: &'static str,
    /// The method.
    pub method: Method,
    /// The full URL, query included.
    pub url: Url,
    /// The headers before credentials are added, in order; a value marked sensitive is
    /// `[redacted]`.
    pub headers: Vec<(String, String)>,
    /// The body's length in bytes; `None` for a body streamed from a file.
    pub body_bytes: Option<u64>,
    /// The credentials the request would carry, as the auth hook describes itself with its
    /// secrets redacted — or `none` (no auth, or a URL off the endpoint's origin).
    pub credentials: String,
}

impl DryRun {
    /// Describes `request` as prepared for sending, with `auth` adding credentials when
    /// `authorize` is true.
    pub(crate) fn new(
        operation: &'static str,
        request: &PreparedRequest,
        auth: &dyn AuthHook,
        authorize: bool,
    ) -> Self {
        let headers = request
            .headers()
            .iter()
            .map(|(name, value)| {
                let value = if value.is_sensitive() {
                    Redacted.to_string()
                } else {
                    String::from_utf8_lossy(value.as_bytes()).into_owned()
                };
                (name.as_str().to_owned(), value)
            })
            .collect();
        let credentials = if authorize && auth.sends_credentials() {
            format!("{auth:?}")
        } else {
            "none".to_owned()
        };
        Self {
            operation,
            method: request.method().clone(),
            url: request.url().clone(),
            headers,
            body_bytes: (!request.is_streamed()).then(|| request.body().len() as u64),
            credentials,
        }
    }
}

impl fmt::Display for DryRun {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "dry run: {} {} was not sent", self.method, self.url)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]

    use crate::{ApiRequest, Error, HeaderAuth, SecretString, Transport};
    use http::HeaderValue;
    use http::header::HeaderName;
    use pkgmodel::Vendor;

    async fn dry_run(transport: &Transport, request: ApiRequest) -> super::DryRun {
        match transport.send(request).await {
            Err(Error::DryRun(dry_run)) => *dry_run,
            other => panic!("not a dry run: {other:?}"),
        }
    }

    #[tokio::test]
    async fn credentials_are_described_and_sensitive_headers_redacted() {
        let mut secret_header = HeaderValue::from_static("s3cr3t-project");
        secret_header.set_sensitive(true);
        let transport = Transport::builder(Vendor::Ocp)
            .endpoint("https://ocp.example.com/prefix")
            .auth(HeaderAuth::basic("admin", SecretString::from("hunter2")))
            .default_header(HeaderName::from_static("x-secret"), secret_header)
            .dry_run(true)
            .build()
            .unwrap();
        let request = ApiRequest::post("create")
            .path(["things"])
            .query("a", "b c")
            .json(&serde_json::json!({"x": 1}))
            .unwrap();
        let dry_run = dry_run(&transport, request).await;
        assert_eq!(dry_run.operation, "create");
        assert_eq!(
            dry_run.url.as_str(),
            "https://ocp.example.com/prefix/things?a=b%20c"
        );
        assert_eq!(dry_run.body_bytes, Some(7));
        assert!(
            dry_run
                .headers
                .contains(&("x-secret".into(), "[redacted]".into()))
        );
        let shown = format!("{dry_run:?} {}", dry_run.credentials);
        assert!(dry_run.credentials.contains("[redacted]"), "{shown}");
        assert!(
            !shown.contains("hunter2") && !shown.contains("s3cr3t"),
            "{shown}"
        );
    }

    #[tokio::test]
    async fn a_url_off_the_endpoints_origin_carries_no_credentials() {
        let transport = Transport::builder(Vendor::Ocp)
            .endpoint("https://ocp.example.com")
            .auth(HeaderAuth::basic("admin", SecretString::from("hunter2")))
            .dry_run(true)
            .build()
            .unwrap();
        let request = ApiRequest::get("download")
            .url(url::Url::parse("https://files.example.com/a.rpm").unwrap());
        let dry_run = dry_run(&transport, request).await;
        assert_eq!(dry_run.credentials, "none");
        assert_eq!(dry_run.method, http::Method::GET);
    }
}
