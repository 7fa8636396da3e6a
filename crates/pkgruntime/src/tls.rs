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
