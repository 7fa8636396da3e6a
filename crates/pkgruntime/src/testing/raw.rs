//! [`RawServer`]: an HTTP server that misbehaves below what wiremock can express — a body
//! frozen or cut off mid-way, or trickled one byte at a time.

use std::io;
use std::time::Duration;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// What a [`RawServer`] does after sending its bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Then {
    /// Keep the connection open and send nothing more.
    Stall,
    /// Close the connection.
    Close,
    /// Send one more byte (`x`) every so often, for ever: a trickle.
    Trickle(Duration),
}

/// A server on 127.0.0.1 that answers every connection with the same bytes, verbatim (a
/// status line, headers and the start of a body), then does what [`Then`] says. Stopped
/// when dropped.
///
/// ```
/// use pkgruntime::testing::{RawServer, Then};
/// use std::time::Duration;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// let trickle = RawServer::start(
///     b"HTTP/1.1 200 OK\r\ncontent-length: 1000000\r\n\r\n",
///     Then::Trickle(Duration::from_secs(5)),
/// )
/// .await?;
/// assert!(trickle.uri().starts_with("http://127.0.0.1:"));
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct RawServer {
    uri: String,
    task: JoinHandle<()>,
}

impl RawServer {
    /// Starts answering with `head_and_body`, then `then`.
    pub async fn start(head_and_body: &'static [u8], then: Then) -> io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let uri = format!("http://{}", listener.local_addr()?);
        let task = tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                tokio::spawn(async move {
                    let mut request = [0_u8; 4096];
                    let _ = socket.read(&mut request).await;
                    let _ = socket.write_all(head_and_body).await;
                    match then {
                        Then::Stall => tokio::time::sleep(Duration::from_secs(3600)).await,
                        Then::Close => drop(socket),
                        Then::Trickle(every) => loop {
                            tokio::time::sleep(every).await;
                            if socket.write_all(b"x").await.is_err() {
                                return;
                            }
                        },
                    }
                });
            }
        });
        Ok(Self { uri, task })
    }

    /// The server's base URL (`http://127.0.0.1:<port>`).
    pub fn uri(&self) -> &str {
        &self.uri
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}
