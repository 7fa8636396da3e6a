//! The page server: a tiny HTTP/1.1 server serving a [`Catalogue`]'s pre-built page bodies,
//! run in a process of its own so that the CPU time measured in the benchmark process is
//! the client's alone.
//!
//! The benchmark starts it with [`ServerProcess::start`], which re-launches this binary as
//! `benchmarks serve <api> <items> <page size> <pool pages> <latency µs>`. The server binds
//! 127.0.0.1 on a free port, prints `listening <port>`, and serves until its stdin closes
//! (when the benchmark drops the handle, or dies).
//!
//! It is deliberately plain: one thread per connection, keep-alive, `Content-Length`
//! bodies written from the pre-serialised pages, `TCP_NODELAY`. A request's latency is
//! counted from when its head has been read to when its response is written, and slept
//! with `std::thread::sleep`, which overshoots by tens of microseconds (tokio's timer wheel
//! rounds up to whole milliseconds, which would add 2–5 % to a 20 ms latency).

use crate::Result;
use crate::fixtures::{Api, Catalogue, PageBody};
use std::io::{BufRead as _, BufReader, BufWriter, Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, ChildStdin, Command, ExitCode, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The hidden sub-command that runs the page server.
pub const SUBCOMMAND: &str = "serve";

/// What a page server serves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServerSpec {
    /// The API.
    pub api: Api,
    /// Items in the catalogue.
    pub total: u64,
    /// Items per page.
    pub page_size: u32,
    /// How many distinct pages are serialised (later pages repeat their items).
    pub pool_pages: u64,
    /// How long each response is held back.
    pub latency: Duration,
}

impl ServerSpec {
    /// A catalogue of `total` items in pages of `page_size`, every page distinct, no latency.
    pub fn new(api: Api, total: u64, page_size: u32) -> Self {
        Self {
            api,
            total,
            page_size,
            pool_pages: u64::MAX,
            latency: Duration::ZERO,
        }
    }

    /// Serialises at most `pages` distinct pages.
    pub fn pool_pages(mut self, pages: u64) -> Self {
        self.pool_pages = pages;
        self
    }

    /// Holds each response back for `latency`.
    pub fn latency(mut self, latency: Duration) -> Self {
        self.latency = latency;
        self
    }

    fn to_args(self) -> Vec<String> {
        vec![
            self.api.name().to_owned(),
            self.total.to_string(),
            self.page_size.to_string(),
            self.pool_pages.to_string(),
            self.latency.as_micros().to_string(),
        ]
    }

    fn from_args(args: &[String]) -> Result<Self> {
        let [api, total, page_size, pool_pages, latency_us] = args else {
            return Err(format!(
                "usage: benchmarks {SUBCOMMAND} <api> <items> <page size> <pool pages> <latency µs>"
            )
            .into());
        };
        Ok(Self {
            api: Api::from_name(api)?,
            total: total.parse()?,
            page_size: page_size.parse()?,
            pool_pages: pool_pages.parse()?,
            latency: Duration::from_micros(latency_us.parse()?),
        })
    }
}

/// A page server running in a child process; dropping the handle stops it.
#[derive(Debug)]
pub struct ServerProcess {
    child: Child,
    stdin: Option<ChildStdin>,
    endpoint: String,
}

impl ServerProcess {
    /// Starts a page server for `spec` and waits until it listens.
    pub fn start(spec: ServerSpec) -> Result<Self> {
        let mut child = Command::new(std::env::current_exe()?)
            .arg(SUBCOMMAND)
            .args(spec.to_args())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()?;
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().ok_or("the page server has no stdout")?;
        // Built before the handle exists, the first line waits for the catalogue to be built.
        let mut server = Self {
            child,
            stdin,
            endpoint: String::new(),
        };
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line)?;
        let port: u16 = line
            .strip_prefix("listening ")
            .ok_or_else(|| format!("the page server said {line:?} instead of its port"))?
            .trim()
            .parse()?;
        server.endpoint = format!("http://127.0.0.1:{port}");
        Ok(server)
    }

    /// The server's base URL, `http://127.0.0.1:<port>`.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        // Closing stdin asks the server to exit; the kill covers a server that cannot.
        drop(self.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The page server's `main`: serves until stdin closes.
pub fn serve_main(args: &[String]) -> Result<ExitCode> {
    let spec = ServerSpec::from_args(args)?;
    let catalogue = Arc::new(Catalogue::build(
        spec.api,
        spec.total,
        spec.page_size,
        spec.pool_pages,
    )?);
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "listening {}", listener.local_addr()?.port())?;
    stdout.flush()?;
    std::thread::spawn(|| {
        let _ = std::io::copy(&mut std::io::stdin().lock(), &mut std::io::sink());
        std::process::exit(0);
    });
    for stream in listener.incoming() {
        let stream = stream?;
        let catalogue = Arc::clone(&catalogue);
        std::thread::spawn(move || {
            // A connection the client drops mid-response is not an error worth reporting.
            let _ = serve_connection(stream, &catalogue, spec.latency);
        });
    }
    Ok(ExitCode::SUCCESS)
}

/// Answers the requests of one keep-alive connection until the client closes it.
fn serve_connection(stream: TcpStream, catalogue: &Catalogue, latency: Duration) -> Result<()> {
    stream.set_nodelay(true)?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = BufWriter::with_capacity(64 * 1024, stream);
    let mut request_line = String::new();
    let mut header = String::new();
    loop {
        request_line.clear();
        if reader.read_line(&mut request_line)? == 0 {
            return Ok(());
        }
        let mut content_length = 0_u64;
        loop {
            header.clear();
            if reader.read_line(&mut header)? == 0 {
                return Ok(());
            }
            if header.trim().is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                content_length = value.trim().parse()?;
            }
        }
        let received = Instant::now();
        // GET requests carry no body; skip one if a client sends it anyway.
        std::io::copy(
            &mut (&mut reader).take(content_length),
            &mut std::io::sink(),
        )?;
        let target = request_line.split_whitespace().nth(1).unwrap_or("/");
        let body = catalogue.respond(target);
        if let Some(wait) = latency.checked_sub(received.elapsed()) {
            std::thread::sleep(wait);
        }
        match body {
            Some(body) => write_page(&mut writer, &body)?,
            None => writer.write_all(
                b"HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}",
            )?,
        }
        writer.flush()?;
    }
}

fn write_page(writer: &mut impl std::io::Write, body: &PageBody<'_>) -> Result<()> {
    write!(
        writer,
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )?;
    writer.write_all(body.prefix.as_bytes())?;
    writer.write_all(body.items)?;
    writer.write_all(body.suffix.as_bytes())?;
    Ok(())
}
