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
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
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
    /// Whether pages are gzipped for clients that accept it.
    pub gzip: bool,
    /// Requests per second above which the server answers 429 (0: never).
    pub throttle_rps: u32,
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
            gzip: false,
            throttle_rps: 0,
        }
    }

    /// Gzips pages for clients that send `Accept-Encoding: gzip`.
    pub fn gzip(mut self) -> Self {
        self.gzip = true;
        self
    }

    /// Answers `429 Too Many Requests` (with `Retry-After: 1`) to requests beyond
    /// `requests_per_second` in any one-second window, as an API gateway does.
    pub fn throttle(mut self, requests_per_second: u32) -> Self {
        self.throttle_rps = requests_per_second;
        self
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
            u8::from(self.gzip).to_string(),
            self.throttle_rps.to_string(),
        ]
    }

    fn from_args(args: &[String]) -> Result<Self> {
        let [
            api,
            total,
            page_size,
            pool_pages,
            latency_us,
            gzip,
            throttle_rps,
        ] = args
        else {
            return Err(format!(
                "usage: benchmarks {SUBCOMMAND} <api> <items> <page size> <pool pages> <latency µs> <gzip 0|1> <throttle rps>"
            )
            .into());
        };
        Ok(Self {
            api: Api::from_name(api)?,
            total: total.parse()?,
            page_size: page_size.parse()?,
            pool_pages: pool_pages.parse()?,
            latency: Duration::from_micros(latency_us.parse()?),
            gzip: gzip == "1",
            throttle_rps: throttle_rps.parse()?,
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

    /// What the server has sent and answered so far (`GET /__stats`).
    pub fn stats(&self) -> Result<Stats> {
        let address = self.endpoint.trim_start_matches("http://");
        let mut stream = TcpStream::connect(address)?;
        stream.write_all(b"GET /__stats HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")?;
        let mut response = String::new();
        stream.read_to_string(&mut response)?;
        let body = response.split("\r\n\r\n").nth(1).ok_or("no stats body")?;
        Ok(serde_json::from_str(body)?)
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

/// What a page server has done so far.
#[derive(Clone, Copy, Debug, Default, serde::Deserialize, serde::Serialize)]
pub struct Stats {
    /// Requests answered (429s included).
    pub requests: u64,
    /// Requests answered 429.
    pub throttled: u64,
    /// Bytes of response bodies sent: what crossed the wire, compressed or not.
    pub body_bytes: u64,
}

/// The counters behind [`Stats`], shared by the connections.
#[derive(Default)]
struct Counters {
    requests: AtomicU64,
    throttled: AtomicU64,
    body_bytes: AtomicU64,
    /// The current one-second window: its start and its requests.
    window: Mutex<(Option<Instant>, u32)>,
}

impl Counters {
    fn stats(&self) -> Stats {
        Stats {
            requests: self.requests.load(Ordering::SeqCst),
            throttled: self.throttled.load(Ordering::SeqCst),
            body_bytes: self.body_bytes.load(Ordering::SeqCst),
        }
    }

    /// Whether one more request now goes over `limit` per second.
    fn over(&self, limit: u32) -> bool {
        if limit == 0 {
            return false;
        }
        let mut window = self
            .window
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let now = Instant::now();
        match window.0 {
            Some(start) if now.duration_since(start) < Duration::from_secs(1) => {}
            _ => *window = (Some(now), 0),
        }
        window.1 += 1;
        window.1 > limit
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
    let counters = Arc::new(Counters::default());
    for stream in listener.incoming() {
        let stream = stream?;
        let (catalogue, counters) = (Arc::clone(&catalogue), Arc::clone(&counters));
        std::thread::spawn(move || {
            // A connection the client drops mid-response is not an error worth reporting.
            let _ = serve_connection(stream, &catalogue, spec, &counters);
        });
    }
    Ok(ExitCode::SUCCESS)
}

/// Answers the requests of one keep-alive connection until the client closes it.
fn serve_connection(
    stream: TcpStream,
    catalogue: &Catalogue,
    spec: ServerSpec,
    counters: &Counters,
) -> Result<()> {
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
        let mut accepts_gzip = false;
        loop {
            header.clear();
            if reader.read_line(&mut header)? == 0 {
                return Ok(());
            }
            if header.trim().is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    content_length = value.trim().parse()?;
                } else if name.eq_ignore_ascii_case("accept-encoding") {
                    accepts_gzip = value.contains("gzip");
                }
            }
        }
        let received = Instant::now();
        // GET requests carry no body; skip one if a client sends it anyway.
        std::io::copy(
            &mut (&mut reader).take(content_length),
            &mut std::io::sink(),
        )?;
        let target = request_line.split_whitespace().nth(1).unwrap_or("/");
        if target == "/__stats" {
            let stats = serde_json::to_string(&counters.stats())?;
            write!(
                writer,
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{stats}",
                stats.len()
            )?;
            writer.flush()?;
            return Ok(());
        }
        counters.requests.fetch_add(1, Ordering::SeqCst);
        if counters.over(spec.throttle_rps) {
            counters.throttled.fetch_add(1, Ordering::SeqCst);
            writer.write_all(
                b"HTTP/1.1 429 Too Many Requests\r\nretry-after: 1\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}",
            )?;
            writer.flush()?;
            continue;
        }
        let body = catalogue.respond(target);
        if let Some(wait) = spec.latency.checked_sub(received.elapsed()) {
            std::thread::sleep(wait);
        }
        match body {
            Some(body) => {
                let sent = write_page(&mut writer, &body, spec.gzip && accepts_gzip)?;
                counters.body_bytes.fetch_add(sent, Ordering::SeqCst);
            }
            None => writer.write_all(
                b"HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}",
            )?,
        }
        writer.flush()?;
    }
}

/// Writes a page, gzipped (at the fast level, as a busy server would) when `gzip`; returns
/// the body bytes sent.
fn write_page(writer: &mut impl std::io::Write, body: &PageBody<'_>, gzip: bool) -> Result<u64> {
    if gzip {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(body.prefix.as_bytes())?;
        encoder.write_all(body.items)?;
        encoder.write_all(body.suffix.as_bytes())?;
        let compressed = encoder.finish()?;
        write!(
            writer,
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-encoding: gzip\r\ncontent-length: {}\r\n\r\n",
            compressed.len()
        )?;
        writer.write_all(&compressed)?;
        return Ok(compressed.len() as u64);
    }
    write!(
        writer,
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )?;
    writer.write_all(body.prefix.as_bytes())?;
    writer.write_all(body.items)?;
    writer.write_all(body.suffix.as_bytes())?;
    Ok(body.len() as u64)
}
