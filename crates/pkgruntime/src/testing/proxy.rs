//! [`CuttingProxy`]: a TCP proxy in front of a mock that can cut a response off mid-body,
//! as a dropped connection or a crashed load balancer does.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// A TCP proxy on 127.0.0.1 that forwards everything to an upstream server, except that each
/// [armed](Self::cut_next_responses) response is cut off: its headers and the first half of
/// the body bytes that arrive with them are sent, then the connection is closed.
///
/// ```
/// use pkgruntime::testing::CuttingProxy;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let server = wiremock::MockServer::start().await;
/// wiremock::Mock::given(wiremock::matchers::any())
///     .respond_with(wiremock::ResponseTemplate::new(200).set_body_string("x".repeat(1_000)))
///     .mount(&server)
///     .await;
/// let proxy = CuttingProxy::start(&server.uri()).await?;
/// let transport = pkgruntime::Transport::builder(pkgmodel::Vendor::Ocp)
///     .endpoint(&proxy.uri())
///     .retry(pkgruntime::RetryPolicy::disabled())
///     .build()?;
/// let file = || pkgruntime::ApiRequest::get("file").path(["file"]);
///
/// proxy.cut_next_responses(1);
/// let cut = transport.send(file()).await.unwrap_err();
/// assert!(matches!(cut, pkgruntime::Error::Transport(_)), "{cut:?}");
/// let whole = transport.send(file()).await?;
/// assert_eq!(whole.body().len(), 1_000);
/// assert_eq!(proxy.responses_cut(), 1);
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct CuttingProxy {
    uri: String,
    armed: Arc<AtomicUsize>,
    cut: Arc<AtomicUsize>,
    accept: JoinHandle<()>,
}

impl CuttingProxy {
    /// Starts a proxy to `upstream` (`http://host:port`, as a mock's `uri()`).
    ///
    /// # Errors
    /// When `upstream` has no host and port, or the proxy cannot listen.
    pub async fn start(upstream: &str) -> io::Result<Self> {
        let address = upstream
            .strip_prefix("http://")
            .unwrap_or(upstream)
            .trim_end_matches('/')
            .to_owned();
        if address.is_empty() || address.contains('/') {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("upstream must be http://host:port (got {upstream:?})"),
            ));
        }
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let uri = format!("http://{}", listener.local_addr()?);
        let armed = Arc::new(AtomicUsize::new(0));
        let cut = Arc::new(AtomicUsize::new(0));
        let (task_armed, task_cut) = (Arc::clone(&armed), Arc::clone(&cut));
        let accept = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let (armed, cut, address) = (
                    Arc::clone(&task_armed),
                    Arc::clone(&task_cut),
                    address.clone(),
                );
                tokio::spawn(async move {
                    if let Ok(server) = TcpStream::connect(address).await {
                        let _ = relay(client, server, &armed, &cut).await;
                    }
                });
            }
        });
        Ok(Self {
            uri,
            armed,
            cut,
            accept,
        })
    }

    /// The proxy's base URL (`http://127.0.0.1:<port>`): use it as the client's endpoint.
    pub fn uri(&self) -> String {
        self.uri.clone()
    }

    /// Cuts each of the next `responses` responses off mid-body.
    pub fn cut_next_responses(&self, responses: usize) {
        self.armed.fetch_add(responses, Ordering::SeqCst);
    }

    /// How many responses were cut so far.
    pub fn responses_cut(&self) -> usize {
        self.cut.load(Ordering::SeqCst)
    }
}

impl Drop for CuttingProxy {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

/// Copies requests up and responses down; an armed response is cut after its headers and
/// half of the body bytes that came with them.
async fn relay(
    client: TcpStream,
    server: TcpStream,
    armed: &AtomicUsize,
    cut: &AtomicUsize,
) -> io::Result<()> {
    let (mut client_read, mut client_write) = client.into_split();
    let (mut server_read, mut server_write) = server.into_split();
    let upstream = tokio::spawn(async move {
        let _ = tokio::io::copy(&mut client_read, &mut server_write).await;
        let _ = server_write.shutdown().await;
    });
    let mut buffer = vec![0_u8; 64 * 1024];
    // Bytes of the current response seen so far, while deciding whether to cut it.
    let mut head: Option<Vec<u8>> = None;
    loop {
        let read = server_read.read(&mut buffer).await?;
        let Some(chunk) = buffer.get(..read) else {
            break;
        };
        if read == 0 {
            break;
        }
        if head.is_none()
            && armed
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                .is_ok()
        {
            head = Some(Vec::new());
        }
        let Some(seen) = head.as_mut() else {
            client_write.write_all(chunk).await?;
            continue;
        };
        seen.extend_from_slice(chunk);
        let Some(end) = seen.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let body_start = end + 4;
        let body_bytes = seen.len().saturating_sub(body_start);
        if body_bytes == 0 {
            continue;
        }
        let keep = body_start
            + body_bytes
                .div_ceil(2)
                .min(body_bytes.saturating_sub(1))
                .max(1);
        client_write
            .write_all(seen.get(..keep).unwrap_or_default())
            .await?;
        cut.fetch_add(1, Ordering::SeqCst);
        break;
    }
    upstream.abort();
    Ok(())
}
