//! TLS set-up: rustls with the ring crypto provider.
//!
//! pkgruntime builds reqwest with `rustls-no-provider` and rustls' `ring` provider rather than
//! reqwest's default aws-lc-rs, which needs a long C build. reqwest takes its provider from the
//! process-wide default, so before building an HTTP client the transport installs ring as
//! that default — unless the application already installed one, which is then used as is.

/// Installs rustls' ring provider as the process default if no provider is installed yet.
pub(crate) fn ensure_crypto_provider() {
    #[cfg(feature = "rustls")]
    {
        if rustls::crypto::CryptoProvider::get_default().is_none() {
            // `Err` means another thread installed one first, which is just as good.
            let _ = rustls::crypto::ring::default_provider().install_default();
        }
    }
}

#[cfg(any(feature = "rustls", feature = "native-tls"))]
use crate::ExposeSecret as _;
use crate::{Error, SecretString};
use std::path::PathBuf;

/// The TLS settings of the HTTP client pkgsdk builds: extra trusted roots (PEM), whether
/// the platform's roots are trusted too, a client identity for mutual TLS, and the
/// dangerous switch that turns verification off.
#[derive(Clone, Default)]
pub(crate) struct TlsOptions {
    roots: Vec<Vec<u8>>,
    root_files: Vec<PathBuf>,
    without_built_in_roots: bool,
    identity: Option<(Vec<u8>, SecretString)>,
    accept_invalid_certs: bool,
}

impl TlsOptions {
    pub(crate) fn add_root_certificate(&mut self, pem: &[u8]) {
        self.roots.push(pem.to_vec());
    }

    pub(crate) fn add_root_file(&mut self, path: PathBuf) {
        self.root_files.push(path);
    }

    pub(crate) fn built_in_roots(&mut self, trusted: bool) {
        self.without_built_in_roots = !trusted;
    }

    pub(crate) fn identity(&mut self, cert_pem: &[u8], key_pem: SecretString) {
        self.identity = Some((cert_pem.to_vec(), key_pem));
    }

    pub(crate) fn accept_invalid_certs(&mut self, accept: bool) {
        self.accept_invalid_certs = accept;
    }

    /// Whether anything differs from the defaults.
    pub(crate) fn is_set(&self) -> bool {
        !self.roots.is_empty()
            || !self.root_files.is_empty()
            || self.without_built_in_roots
            || self.identity.is_some()
            || self.accept_invalid_certs
    }

    /// Without a TLS backend there is nothing to configure.
    #[cfg(not(any(feature = "rustls", feature = "native-tls")))]
    pub(crate) fn apply(
        &self,
        builder: reqwest::ClientBuilder,
    ) -> Result<reqwest::ClientBuilder, Error> {
        if self.is_set() {
            return Err(Error::invalid_input(
                "tls",
                "options need the `rustls` or `native-tls` feature",
            ));
        }
        Ok(builder)
    }

    /// `builder` with these settings; a certificate or key that does not parse is an
    /// [`Error::InvalidInput`] naming the option.
    #[cfg(any(feature = "rustls", feature = "native-tls"))]
    pub(crate) fn apply(
        &self,
        mut builder: reqwest::ClientBuilder,
    ) -> Result<reqwest::ClientBuilder, Error> {
        let mut roots = Vec::new();
        for pem in &self.roots {
            roots.extend(parse_roots(pem, "add_root_certificate", "the PEM given")?);
        }
        for path in &self.root_files {
            let pem = std::fs::read(path).map_err(|error| {
                Error::invalid_input(
                    "root_certificates_pem_file",
                    format!("must be a readable file ({}: {error})", path.display()),
                )
            })?;
            let name = path.display().to_string();
            roots.extend(parse_roots(&pem, "root_certificates_pem_file", &name)?);
        }
        if self.without_built_in_roots {
            builder = builder.tls_certs_only(roots);
        } else if !roots.is_empty() {
            builder = builder.tls_certs_merge(roots);
        }
        if let Some((cert, key)) = &self.identity {
            builder = builder.identity(identity(cert, key)?);
        }
        if self.accept_invalid_certs {
            builder = builder.tls_danger_accept_invalid_certs(true);
        }
        Ok(builder)
    }

    pub(crate) fn accepts_invalid_certs(&self) -> bool {
        self.accept_invalid_certs
    }
}

impl std::fmt::Debug for TlsOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TlsOptions")
            .field("extra_roots", &(self.roots.len() + self.root_files.len()))
            .field("built_in_roots", &!self.without_built_in_roots)
            .field("identity", &self.identity.as_ref().map(|_| crate::Redacted))
            .field("accept_invalid_certs", &self.accept_invalid_certs)
            .finish()
    }
}

/// Every certificate of a PEM bundle; none is an error.
#[cfg(any(feature = "rustls", feature = "native-tls"))]
fn parse_roots(
    pem: &[u8],
    field: &'static str,
    source: &str,
) -> Result<Vec<reqwest::Certificate>, Error> {
    let certificates = reqwest::Certificate::from_pem_bundle(pem).map_err(|error| {
        Error::invalid_input(
            field,
            format!("must be PEM certificates ({source}: {error})"),
        )
    })?;
    if certificates.is_empty() {
        return Err(Error::invalid_input(
            field,
            format!("must hold at least one PEM certificate ({source} has none)"),
        ));
    }
    Ok(certificates)
}

/// A client identity from a PEM certificate (chain) and its PEM private key.
#[cfg(any(feature = "rustls", feature = "native-tls"))]
fn identity(cert: &[u8], key: &SecretString) -> Result<reqwest::Identity, Error> {
    let invalid = |error: reqwest::Error| {
        Error::invalid_input(
            "identity_pem",
            format!("must be a PEM certificate and its PEM private key ({error})"),
        )
    };
    #[cfg(feature = "rustls")]
    {
        let mut pem = cert.to_vec();
        pem.push(b'\n');
        pem.extend_from_slice(key.expose_secret().as_bytes());
        reqwest::Identity::from_pem(&pem).map_err(invalid)
    }
    #[cfg(all(feature = "native-tls", not(feature = "rustls")))]
    {
        reqwest::Identity::from_pkcs8_pem(cert, key.expose_secret().as_bytes()).map_err(invalid)
    }
}

/// What to say about a failed handshake whose cause is `cause`: the fix, when it is a
/// certificate problem.
pub(crate) fn certificate_hint(cause: &str) -> Option<&'static str> {
    let lower = cause.to_ascii_lowercase();
    if lower.contains("notvalidforname") || lower.contains("not valid for name") {
        Some(
            "the server's TLS certificate is not issued for this host name: use the name the \
             certificate names in the endpoint",
        )
    } else if lower.contains("certificate") {
        Some(
            "the server's TLS certificate was not accepted: if it is issued by a private CA, \
             trust that CA with add_root_certificate(..) or root_certificates_pem_file(..) \
             (pkgctl: --ca-cert FILE)",
        )
    } else {
        None
    }
}
