//! [`ForwardProxy`]: an HTTP proxy on 127.0.0.1 that tunnels `CONNECT` and forwards
//! absolute-form requests, recording what it was asked — to test proxy settings for real.

use std::io;
use std::sync::{Arc, Mutex, PoisonError};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// One request a [`ForwardProxy`] received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProxiedRequest {
    /// `CONNECT`, or the forwarded request's method.
    pub method: String,
    /// `host:port` for `CONNECT`, the absolute URL otherwise.
    pub target: String,
    /// The `Proxy-Authorization` header, if any.
    pub proxy_authorization: Option<String>,
}

/// An HTTP proxy on 127.0.0.1: `CONNECT host:port` opens a tunnel; any other request, in
/// absolute form (`GET http://host:port/path`), is forwarded to its host as it is. With
/// [`require_basic`](Self::require_basic), requests without those credentials get `407`.
///
/// ```
/// use pkgruntime::testing::ForwardProxy;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let server = wiremock::MockServer::start().await;
/// wiremock::Mock::given(wiremock::matchers::any())
///     .respond_with(wiremock::ResponseTemplate::new(200).set_body_string("{}"))
///     .mount(&server)
///     .await;
/// let proxy = ForwardProxy::start().await?;
/// let transport = pkgruntime::Transport::builder(pkgmodel::Vendor::Ocp)
///     .endpoint(server.uri())
///     .proxy(proxy.uri())
///     .build()?;
/// transport.send(pkgruntime::ApiRequest::get("ping").path(["ping"])).await?;
/// assert_eq!(proxy.requests()[0].target, format!("{}/ping", server.uri()));
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct ForwardProxy {
    uri: String,
    requests: Arc<Mutex<Vec<ProxiedRequest>>>,
    required: Arc<Mutex<Option<String>>>,
    accept: JoinHandle<()>,
}

impl ForwardProxy {
    /// Starts a proxy that asks for no credentials.
    ///
    /// # Errors
    /// When it cannot listen.
    pub async fn start() -> io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let uri = format!("http://{}", listener.local_addr()?);
        let requests = Arc::new(Mutex::new(Vec::new()));
        let required = Arc::new(Mutex::new(None));
        let (log, needed) = (Arc::clone(&requests), Arc::clone(&required));
        let accept = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let (log, needed) = (Arc::clone(&log), Arc::clone(&needed));
                tokio::spawn(async move {
                    let _ = serve(client, &log, &needed).await;
                });
            }
        });
        Ok(Self {
            uri,
            requests,
            required,
            accept,
        })
    }

    /// Answers `407` to requests without `Proxy-Authorization: Basic base64(user:password)`.
    pub fn require_basic(&self, user: &str, password: &str) {
        use base64::Engine as _;
        let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
        *lock(&self.required) = Some(format!("Basic {token}"));
    }

    /// The proxy's URL (`http://127.0.0.1:<port>`).
    pub fn uri(&self) -> String {
        self.uri.clone()
    }

    /// What the proxy was asked, in order.
    pub fn requests(&self) -> Vec<ProxiedRequest> {
        lock(&self.requests).clone()
    }
}

impl Drop for ForwardProxy {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Serves one connection: reads the request head, then tunnels or forwards.
async fn serve(
    mut client: TcpStream,
    log: &Mutex<Vec<ProxiedRequest>>,
    required: &Mutex<Option<String>>,
) -> io::Result<()> {
    let mut head = Vec::new();
    let mut byte = [0_u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if client.read(&mut byte).await? == 0 || head.len() > 64 * 1024 {
            return Ok(());
        }
        head.extend_from_slice(&byte);
    }
    let text = String::from_utf8_lossy(&head).into_owned();
    let mut words = text.split_whitespace();
    let (method, target) = (
        words.next().unwrap_or_default().to_owned(),
        words.next().unwrap_or_default().to_owned(),
    );
    let proxy_authorization = text.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.eq_ignore_ascii_case("proxy-authorization")
            .then(|| value.trim().to_owned())
    });
    lock(log).push(ProxiedRequest {
        method: method.clone(),
        target: target.clone(),
        proxy_authorization: proxy_authorization.clone(),
    });
    let needed = lock(required).clone();
    if needed.is_some() && needed != proxy_authorization {
        client
            .write_all(
                b"HTTP/1.1 407 Proxy Authentication Required\r\n\
                  Proxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\n\r\n",
            )
            .await?;
        return Ok(());
    }
    if method == "CONNECT" {
        let mut server = TcpStream::connect(&target).await?;
        client
            .write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n")
            .await?;
        tokio::io::copy_bidirectional(&mut client, &mut server).await?;
        return Ok(());
    }
    let authority = target
        .strip_prefix("http://")
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_default()
        .to_owned();
    let mut server = TcpStream::connect(authority).await?;
    server.write_all(&head).await?;
    tokio::io::copy_bidirectional(&mut client, &mut server).await?;
    Ok(())
}
