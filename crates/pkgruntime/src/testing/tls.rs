//! Real TLS on 127.0.0.1 with certificates made in the test: [`TestCa`] issues them, and a
//! [`TlsProxy`] in front of any mock presents one — optionally requiring a client
//! certificate (mutual TLS).

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::pki_types::pem::PemObject as _;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::server::WebPkiClientVerifier;
use tokio_rustls::rustls::{RootCertStore, ServerConfig};

/// A certificate authority made for one test: it issues server and client certificates.
///
/// ```
/// use pkgruntime::testing::TestCa;
///
/// let ca = TestCa::new("pkgsdk test CA");
/// let server = ca.issue(&["localhost", "127.0.0.1"]);
/// assert!(ca.pem().starts_with("-----BEGIN CERTIFICATE-----"));
/// assert!(server.key_pem.contains("PRIVATE KEY"));
/// ```
pub struct TestCa {
    issuer: Issuer<'static, KeyPair>,
    pem: String,
}

/// A certificate and its private key, both PEM.
#[derive(Clone)]
pub struct Certified {
    /// The certificate.
    pub cert_pem: String,
    /// Its private key (PKCS #8).
    pub key_pem: String,
}

impl std::fmt::Debug for Certified {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Certified")
            .field("cert_pem", &self.cert_pem)
            .field("key_pem", &crate::Redacted)
            .finish()
    }
}

impl TestCa {
    /// A new self-signed CA named `name`.
    pub fn new(name: &str) -> Self {
        let mut params = CertificateParams::default();
        params.distinguished_name.push(DnType::CommonName, name);
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let (key, cert) = generate(|key| params.self_signed(key));
        Self {
            pem: cert,
            issuer: Issuer::new(params, key),
        }
    }

    /// The CA's certificate, PEM: what a client trusts.
    pub fn pem(&self) -> &str {
        &self.pem
    }

    /// A certificate for `names` (host names, or IP addresses as text), for servers and
    /// clients alike.
    pub fn issue(&self, names: &[&str]) -> Certified {
        let names: Vec<String> = names.iter().map(|name| (*name).to_owned()).collect();
        let mut params = CertificateParams::new(names.clone()).unwrap_or_default();
        if let Some(first) = names.first() {
            params
                .distinguished_name
                .push(DnType::CommonName, first.as_str());
        }
        params.extended_key_usages = vec![
            ExtendedKeyUsagePurpose::ServerAuth,
            ExtendedKeyUsagePurpose::ClientAuth,
        ];
        let (key, cert) = generate(|key| params.signed_by(key, &self.issuer));
        Certified {
            cert_pem: cert,
            key_pem: key.serialize_pem(),
        }
    }
}

impl std::fmt::Debug for TestCa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestCa").finish_non_exhaustive()
    }
}

/// A fresh key pair and the PEM of the certificate `sign` makes with it. Test set-up: a
/// failure here is a broken test environment, reported as such.
#[allow(clippy::panic, reason = "test set-up, not library input")]
fn generate(
    sign: impl FnOnce(&KeyPair) -> Result<rcgen::Certificate, rcgen::Error>,
) -> (KeyPair, String) {
    let key = KeyPair::generate().unwrap_or_else(|error| panic!("key generation: {error}"));
    let cert = sign(&key).unwrap_or_else(|error| panic!("certificate: {error}"));
    (key, cert.pem())
}

/// A TLS proxy on 127.0.0.1: it presents a certificate, optionally requires a client
/// certificate issued by a given CA, and forwards the decrypted bytes to a plain-HTTP
/// upstream (a mock's `uri()`).
///
/// ```
/// use pkgruntime::testing::{TestCa, TlsProxy};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let server = wiremock::MockServer::start().await;
/// wiremock::Mock::given(wiremock::matchers::any())
///     .respond_with(wiremock::ResponseTemplate::new(200).set_body_string("{}"))
///     .mount(&server)
///     .await;
/// let ca = TestCa::new("test CA");
/// let proxy = TlsProxy::start(&server.uri(), &ca.issue(&["localhost"]), None).await?;
/// let transport = pkgruntime::Transport::builder(pkgmodel::Vendor::Ocp)
///     .endpoint(proxy.uri()) // https://localhost:<port>
///     .add_root_certificate(ca.pem())
///     .build()?;
/// transport.send(pkgruntime::ApiRequest::get("ping").path(["ping"])).await?;
/// assert_eq!(proxy.handshakes(), 1);
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct TlsProxy {
    port: u16,
    handshakes: Arc<AtomicUsize>,
    accept: JoinHandle<()>,
}

impl TlsProxy {
    /// Starts a proxy to `upstream` (`http://host:port`) presenting `server`; with
    /// `client_ca`, a client must present a certificate that CA issued.
    ///
    /// # Errors
    /// When the certificate or key does not parse, or the proxy cannot listen.
    pub async fn start(
        upstream: &str,
        server: &Certified,
        client_ca: Option<&TestCa>,
    ) -> io::Result<Self> {
        let invalid = |error: &dyn std::fmt::Display| {
            io::Error::new(io::ErrorKind::InvalidInput, error.to_string())
        };
        let upstream = upstream
            .strip_prefix("http://")
            .unwrap_or(upstream)
            .trim_end_matches('/')
            .to_owned();
        let chain = CertificateDer::pem_slice_iter(server.cert_pem.as_bytes())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|error| invalid(&error))?;
        let key = PrivateKeyDer::from_pem_slice(server.key_pem.as_bytes())
            .map_err(|error| invalid(&error))?;
        let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
        let builder = ServerConfig::builder_with_provider(Arc::clone(&provider))
            .with_safe_default_protocol_versions()
            .map_err(|error| invalid(&error))?;
        let builder = match client_ca {
            None => builder.with_no_client_auth(),
            Some(ca) => {
                let mut roots = RootCertStore::empty();
                for cert in CertificateDer::pem_slice_iter(ca.pem().as_bytes()) {
                    roots
                        .add(cert.map_err(|error| invalid(&error))?)
                        .map_err(|error| invalid(&error))?;
                }
                let verifier =
                    WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider)
                        .build()
                        .map_err(|error| invalid(&error))?;
                builder.with_client_cert_verifier(verifier)
            }
        };
        let config = builder
            .with_single_cert(chain, key)
            .map_err(|error| invalid(&error))?;
        let acceptor = TlsAcceptor::from(Arc::new(config));
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let port = listener.local_addr()?.port();
        let handshakes = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&handshakes);
        let accept = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let (acceptor, counted, upstream) =
                    (acceptor.clone(), Arc::clone(&counted), upstream.clone());
                tokio::spawn(async move {
                    let Ok(mut client) = acceptor.accept(client).await else {
                        return;
                    };
                    counted.fetch_add(1, Ordering::SeqCst);
                    if let Ok(mut server) = TcpStream::connect(upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
            }
        });
        Ok(Self {
            port,
            handshakes,
            accept,
        })
    }

    /// `https://localhost:<port>`: the name the usual test certificate is issued for.
    pub fn uri(&self) -> String {
        format!("https://localhost:{}", self.port)
    }

    /// The port, to build another URL (e.g. `https://127.0.0.1:<port>`).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// How many TLS handshakes completed (a refused client certificate does not count).
    pub fn handshakes(&self) -> usize {
        self.handshakes.load(Ordering::SeqCst)
    }
}

impl Drop for TlsProxy {
    fn drop(&mut self) {
        self.accept.abort();
    }
}
