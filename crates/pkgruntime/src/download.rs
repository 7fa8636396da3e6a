//! [`Download`]: stream a file to a writer or a path, verifying size and checksum as it
//! arrives.
//!
//! A download is an [`ApiRequest`] (usually to a URL a listing returned) plus what the
//! catalogue published about the file: its size and its [`Checksum`]. Bytes are hashed and
//! counted while they stream; nothing is held in memory.
//!
//! - [`Download::to_path`] writes a temporary file next to the destination and renames it
//!   into place only after every check passed. An interrupted, cancelled (the future
//!   dropped) or corrupted download leaves no file behind, and an existing file at the
//!   destination is replaced only by a verified one. With
//!   [`keep_valid_existing`](Download::keep_valid_existing), a destination that already has
//!   the right size and checksum is kept and nothing is sent. A download cut off or stalled
//!   mid-body (a reset connection, no data within the attempt time-out, a body below the
//!   low-speed limit) starts again from an empty temporary file, within the transport's
//!   retry policy. The temporary name always fits the file-name limit of 255 bytes.
//! - [`Download::to_writer`] writes bytes as they arrive; a failed check is reported after
//!   the last byte, so the writer may hold unverified data — use `to_path` when that matters.
//!
//! Every download ends and stays bounded:
//!
//! - the body must keep coming — no gap longer than the attempt time-out, and not below
//!   the [`LowSpeedLimit`](crate::LowSpeedLimit) (default 1 KiB/s over 60 s) — and a whole
//!   download may be given a deadline with [`Timeouts::transfer`](crate::Timeouts::transfer);
//! - its size is bounded by the published size when there is one (more bytes fail at once),
//!   else by the `Content-Length` the server announced (HTTP's framing enforces it), and
//!   never exceeds [`max_bytes`](Download::max_bytes) (default
//!   [`DEFAULT_MAX_DOWNLOAD_BYTES`], 16 GiB) when the catalogue publishes no size.
//!
//! The [`DownloadReport`] says what was verified: a download of a package whose catalogue
//! published neither size nor checksum arrives unverified, and
//! [`is_verified`](DownloadReport::is_verified) says so.
//!
//! A progress callback receives the bytes so far and the expected total.
//!
//! ```
//! use pkgmodel::{Checksum, ChecksumAlgorithm, Vendor};
//! use pkgruntime::{ApiRequest, Download, Transport};
//! use wiremock::{matchers, Mock, MockServer, ResponseTemplate};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let server = MockServer::start().await;
//! Mock::given(matchers::path("/files/hello.txt"))
//!     .respond_with(ResponseTemplate::new(200).set_body_string("hello"))
//!     .mount(&server)
//!     .await;
//! let transport = Transport::builder(Vendor::Ocp).endpoint(&server.uri()).build()?;
//!
//! let dir = std::env::temp_dir().join(format!("pkgsdk-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir)?;
//! let report = Download::new(transport, ApiRequest::get("download").path(["files", "hello.txt"]))
//!     .size(5)
//!     .checksum(Checksum::new(ChecksumAlgorithm::Sha1, "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d")?)
//!     .progress(|done, total| assert!(Some(done) <= total))
//!     .to_path(dir.join("hello.txt"))
//!     .await?;
//! assert_eq!(report.bytes, 5);
//! assert_eq!(std::fs::read_to_string(dir.join("hello.txt"))?, "hello");
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok(()) }
//! ```

use crate::error::TransportErrorKind;
use crate::printable::is_unprintable;
use crate::timeout::within;
use crate::{
    ApiRequest, Error, IntegrityCheck, IntegrityError, IoError, StreamingResponse, TimeoutKind,
    Transport, TransportError,
};
use pkgmodel::{Checksum, ChecksumAlgorithm};
use sha1::Digest as _;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::io::{AsyncReadExt as _, AsyncSeekExt as _, AsyncWrite, AsyncWriteExt as _};

/// Called with (bytes so far, expected total) as a download progresses.
pub type ProgressFn = Arc<dyn Fn(u64, Option<u64>) + Send + Sync>;

/// The most a download whose size the catalogue does not publish may bring: 16 GiB. The
/// largest packages these catalogues serve are a few GiB; the cap stops a server that sends
/// without end before it fills the disk. Change it with [`Download::max_bytes`].
pub const DEFAULT_MAX_DOWNLOAD_BYTES: u64 = 16 << 30;

/// What a download to a file ([`Download::to_path`], [`Download::to_dir`]) did: where the
/// file is, and what was verified.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct DownloadReport {
    /// Where the file is: the path given to `to_path`, or the directory given to `to_dir`
    /// joined with the published file name.
    pub path: PathBuf,
    /// The size of the file, in bytes.
    pub bytes: u64,
    /// Whether a valid file already at the destination was kept and nothing was downloaded.
    pub kept_existing: bool,
    /// Whether the size was checked against the published one.
    pub size_verified: bool,
    /// The published checksum the file matched (algorithm and value), if one was published.
    pub checksum_verified: Option<Checksum>,
}

impl DownloadReport {
    /// Whether anything the catalogue published (size or checksum) was checked: `false` for
    /// a package published with neither, whose bytes are whatever the server sent.
    pub fn is_verified(&self) -> bool {
        self.size_verified || self.checksum_verified.is_some()
    }

    fn new(path: PathBuf, written: WriteReport, kept_existing: bool) -> Self {
        Self {
            path,
            bytes: written.bytes,
            kept_existing,
            size_verified: written.size_verified,
            checksum_verified: written.checksum_verified,
        }
    }
}

/// What a download to a writer ([`Download::to_writer`]) verified.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct WriteReport {
    /// How many bytes were written.
    pub bytes: u64,
    /// Whether the size was checked against the published one.
    pub size_verified: bool,
    /// The published checksum the bytes matched (algorithm and value), if one was published.
    pub checksum_verified: Option<Checksum>,
}

impl WriteReport {
    /// Whether anything the catalogue published (size or checksum) was checked.
    pub fn is_verified(&self) -> bool {
        self.size_verified || self.checksum_verified.is_some()
    }
}

/// A download with the checks it must pass. Nothing is sent until `to_path` or
/// `to_writer` is awaited.
pub struct Download {
    transport: Transport,
    request: ApiRequest,
    size: Option<u64>,
    checksum: Option<Checksum>,
    file_name: Option<String>,
    progress: Option<ProgressFn>,
    keep_valid_existing: bool,
    max_bytes: u64,
}

impl Download {
    /// Downloads the response body of `request` (a GET, usually with its own
    /// [`url`](ApiRequest::url)).
    pub fn new(transport: Transport, request: ApiRequest) -> Self {
        Self {
            transport,
            request,
            size: None,
            checksum: None,
            file_name: None,
            progress: None,
            keep_valid_existing: false,
            max_bytes: DEFAULT_MAX_DOWNLOAD_BYTES,
        }
    }

    /// The file's name as the catalogue publishes it, used by [`to_dir`](Self::to_dir).
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// The file name set with [`file_name`](Self::file_name).
    pub fn published_file_name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The published size: the download fails as soon as more arrives, or at the end if less did.
    pub fn size(mut self, bytes: u64) -> Self {
        self.size = Some(bytes);
        self
    }

    /// The published checksum (MD5, SHA-1, SHA-256 or SHA-512).
    pub fn checksum(mut self, checksum: Checksum) -> Self {
        self.checksum = Some(checksum);
        self
    }

    /// Calls `progress(bytes_so_far, expected_total)` after every chunk.
    pub fn progress(mut self, progress: impl Fn(u64, Option<u64>) + Send + Sync + 'static) -> Self {
        self.progress = Some(Arc::new(progress));
        self
    }

    /// The most bytes a download may bring when no [`size`](Self::size) is published
    /// (default [`DEFAULT_MAX_DOWNLOAD_BYTES`]): a larger announced `Content-Length` fails
    /// before the body is read, a longer body as soon as it passes the cap.
    pub fn max_bytes(mut self, bytes: u64) -> Self {
        self.max_bytes = bytes;
        self
    }

    /// For [`to_path`](Self::to_path): keep a file already at the destination when it has
    /// the published size and checksum, and send nothing (default: always download).
    pub fn keep_valid_existing(mut self, keep: bool) -> Self {
        self.keep_valid_existing = keep;
        self
    }

    /// Streams the file to `writer`, verifying it; see the module docs for what a writer
    /// holds when a check fails. A writer cannot be rewound, so a download cut off mid-body
    /// fails here (`to_path` and `to_dir` start it again).
    pub async fn to_writer<W>(self, writer: &mut W) -> Result<WriteReport, Error>
    where
        W: AsyncWrite + Unpin + ?Sized,
    {
        let transfer = self.transport.timeouts().transfer_limit();
        let streamed = async { self.stream_to(writer).await.map_err(Streamed::into_error) };
        within(transfer, TimeoutKind::Transfer, streamed).await
    }

    /// One download into `writer`.
    async fn stream_to<W>(&self, writer: &mut W) -> Result<WriteReport, Streamed>
    where
        W: AsyncWrite + Unpin + ?Sized,
    {
        let mut verifier = self.verifier()?;
        let mut response = self.transport.send_streaming(self.request.clone()).await?;
        let total = verifier.check_announced(&response)?;
        let sink = Path::new("<writer>");
        while let Some(chunk) = response.chunk().await.map_err(Streamed::Interrupted)? {
            verifier.update(&chunk)?;
            writer
                .write_all(&chunk)
                .await
                .map_err(|error| Error::from(IoError::new("write", sink, error)))?;
            if let Some(progress) = &self.progress {
                progress(verifier.received, total);
            }
        }
        writer
            .flush()
            .await
            .map_err(|error| Error::from(IoError::new("flush", sink, error)))?;
        Ok(verifier.finish()?)
    }

    /// The checks this download's bytes go through.
    fn verifier(&self) -> Result<Verifier, Error> {
        Verifier::new(self.size, self.checksum.as_ref(), self.max_bytes)
    }

    /// Streams the file to a temporary file beside `path`, verifies it, and renames it to
    /// `path` (replacing any file there). On any failure, or if the future is dropped,
    /// the temporary file is removed and `path` is untouched.
    pub async fn to_path(self, path: impl AsRef<Path>) -> Result<DownloadReport, Error> {
        let path = path.as_ref().to_path_buf();
        let transfer = self.transport.timeouts().transfer_limit();
        within(transfer, TimeoutKind::Transfer, self.download_to(path)).await
    }

    /// [`to_path`](Self::to_path) without its overall deadline.
    async fn download_to(self, path: PathBuf) -> Result<DownloadReport, Error> {
        if self.keep_valid_existing
            && (self.size.is_some() || self.checksum.is_some())
            && let Some(existing) = self.existing_is_valid(&path).await?
        {
            return Ok(DownloadReport::new(path, existing, true));
        }
        // Validate the checks before creating anything.
        self.verifier()?;
        let mut temporary = TemporaryFile::create_beside(&path).await?;
        let policy = self.transport.retry_policy();
        let mut attempt = 1;
        let written = loop {
            match self.stream_to(&mut temporary.file).await {
                Ok(report) => break report,
                Err(Streamed::Interrupted(error)) => {
                    let idempotent = self.request.is_idempotent();
                    let Some(delay) = policy.delay_after(attempt, &error, idempotent) else {
                        return Err(error);
                    };
                    // A restart is a retry: it draws on the shared budget like any other.
                    if let Some(budget) = policy.retry_budget()
                        && budget.withdraw(&error).is_none()
                    {
                        tracing::debug!(%error, "retry budget exhausted; not restarting");
                        return Err(error);
                    }
                    tracing::warn!(attempt, %error, "the download was cut off; starting it again");
                    temporary.rewind().await?;
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                }
                Err(Streamed::Failed(error)) => return Err(error),
            }
        };
        temporary.commit(&path).await?;
        Ok(DownloadReport::new(path, written, false))
    }

    /// Downloads into `directory` under the published [`file_name`](Self::file_name), like
    /// [`to_path`](Self::to_path). The name must be a plain file name — not empty, `.` or
    /// `..`, without path separators or control characters — which is checked before sending.
    pub async fn to_dir(self, directory: impl AsRef<Path>) -> Result<DownloadReport, Error> {
        let name = self.file_name.as_deref().ok_or_else(|| {
            Error::invalid_input("file_name", "is required to download into a directory")
        })?;
        check_file_name(name)?;
        let path = directory.as_ref().join(name);
        self.to_path(path).await
    }

    /// What the checks of the file at `path` found, if it exists and passes them.
    async fn existing_is_valid(&self, path: &Path) -> Result<Option<WriteReport>, Error> {
        let mut file = match tokio::fs::File::open(path).await {
            Ok(file) => file,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(IoError::new("open", path, error).into()),
        };
        let mut verifier = self.verifier()?;
        let mut buffer = vec![0; 64 * 1024];
        loop {
            let read = file
                .read(&mut buffer)
                .await
                .map_err(|error| IoError::new("read", path, error))?;
            let Some(chunk) = buffer.get(..read).filter(|chunk| !chunk.is_empty()) else {
                break;
            };
            if verifier.update(chunk).is_err() {
                return Ok(None);
            }
        }
        Ok(verifier.finish().ok())
    }
}

impl fmt::Debug for Download {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Download")
            .field("operation", &self.request.operation())
            .field("size", &self.size)
            .field("checksum", &self.checksum)
            .field("keep_valid_existing", &self.keep_valid_existing)
            .finish_non_exhaustive()
    }
}

/// Counts and hashes bytes as they arrive, and checks them against the published values.
struct Verifier {
    size: Option<u64>,
    checksum: Option<(Checksum, Hasher)>,
    /// The cap when no size is published.
    max_bytes: u64,
    received: u64,
}

enum Hasher {
    Md5(md5::Md5),
    Sha1(sha1::Sha1),
    Sha256(sha2::Sha256),
    Sha512(sha2::Sha512),
}

impl Hasher {
    fn new(algorithm: &ChecksumAlgorithm) -> Option<Self> {
        Some(match algorithm {
            ChecksumAlgorithm::Md5 => Self::Md5(md5::Md5::new()),
            ChecksumAlgorithm::Sha1 => Self::Sha1(sha1::Sha1::new()),
            ChecksumAlgorithm::Sha256 => Self::Sha256(sha2::Sha256::new()),
            ChecksumAlgorithm::Sha512 => Self::Sha512(sha2::Sha512::new()),
            _ => return None,
        })
    }

    fn update(&mut self, bytes: &[u8]) {
        match self {
            Self::Md5(hasher) => hasher.update(bytes),
            Self::Sha1(hasher) => hasher.update(bytes),
            Self::Sha256(hasher) => hasher.update(bytes),
            Self::Sha512(hasher) => hasher.update(bytes),
        }
    }

    fn finish(self) -> Vec<u8> {
        match self {
            Self::Md5(hasher) => hasher.finalize().to_vec(),
            Self::Sha1(hasher) => hasher.finalize().to_vec(),
            Self::Sha256(hasher) => hasher.finalize().to_vec(),
            Self::Sha512(hasher) => hasher.finalize().to_vec(),
        }
    }
}

impl Verifier {
    fn new(size: Option<u64>, checksum: Option<&Checksum>, max_bytes: u64) -> Result<Self, Error> {
        let checksum = match checksum {
            Some(checksum) => {
                let hasher = Hasher::new(checksum.algorithm()).ok_or_else(|| {
                    Error::invalid_input(
                        "checksum",
                        format!(
                            "uses {}, which cannot be verified (md5, sha1, sha256 and sha512 can)",
                            checksum.algorithm()
                        ),
                    )
                })?;
                Some((checksum.clone(), hasher))
            }
            None => None,
        };
        Ok(Self {
            size,
            checksum,
            max_bytes,
            received: 0,
        })
    }

    /// Fails early when the announced length contradicts the published size, or passes the
    /// cap when none is published; returns the total to report progress against.
    fn check_announced(&self, response: &StreamingResponse) -> Result<Option<u64>, Error> {
        let announced = response.content_length();
        match (self.size, announced) {
            (Some(expected), Some(announced)) if expected != announced => {
                return Err(size_error(expected, announced));
            }
            (None, Some(announced)) if announced > self.max_bytes => {
                return Err(too_large(self.max_bytes));
            }
            _ => {}
        }
        Ok(self.size.or(announced))
    }

    fn update(&mut self, chunk: &[u8]) -> Result<(), Error> {
        self.received = self.received.saturating_add(chunk.len() as u64);
        match self.size {
            Some(expected) if self.received > expected => {
                return Err(size_error(expected, self.received));
            }
            None if self.received > self.max_bytes => return Err(too_large(self.max_bytes)),
            _ => {}
        }
        if let Some((_, hasher)) = &mut self.checksum {
            hasher.update(chunk);
        }
        Ok(())
    }

    /// Final checks; what they verified.
    fn finish(self) -> Result<WriteReport, Error> {
        if let Some(expected) = self.size
            && self.received != expected
        {
            return Err(size_error(expected, self.received));
        }
        let mut checksum_verified = None;
        if let Some((expected, hasher)) = self.checksum {
            let digest = hasher.finish();
            if !expected.matches_bytes(&digest) {
                let actual = Checksum::from_digest(expected.algorithm().clone(), &digest)
                    .map_or_else(|_| "unreadable".to_owned(), |actual| actual.to_string());
                return Err(IntegrityError::new(
                    IntegrityCheck::Checksum,
                    expected.to_string(),
                    actual,
                )
                .into());
            }
            checksum_verified = Some(expected);
        }
        Ok(WriteReport {
            bytes: self.received,
            size_verified: self.size.is_some(),
            checksum_verified,
        })
    }
}

/// Rejects names that would escape the directory or hide as something else: path
/// separators, control characters, and bidirectional controls (U+202E would show
/// `evil\u{202e}mpr.exe` as `evilexe.rpm`).
fn check_file_name(name: &str) -> Result<(), Error> {
    let plain = !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\'])
        && !name.chars().any(is_unprintable);
    if !plain {
        return Err(Error::invalid_input(
            "file_name",
            format!(
                "must be a plain file name without path separators, control or bidirectional \
                 characters (got {name:?})"
            ),
        ));
    }
    if name.len() > MAX_FILE_NAME_BYTES {
        return Err(Error::invalid_input(
            "file_name",
            format!(
                "must be at most {MAX_FILE_NAME_BYTES} bytes (got {})",
                name.len()
            ),
        ));
    }
    Ok(())
}

/// The longest file name most file systems take, in bytes.
const MAX_FILE_NAME_BYTES: usize = 255;

/// The error for a body past the cap.
fn too_large(max_bytes: u64) -> Error {
    TransportError::new(
        TransportErrorKind::BodyTooLarge,
        format!(
            "more than {max_bytes} bytes, the limit on a download whose size is not published \
             (Download::max_bytes)"
        ),
    )
    .into()
}

fn size_error(expected: u64, actual: u64) -> Error {
    IntegrityError::new(
        IntegrityCheck::Size,
        format!("{expected} bytes"),
        format!("{actual} bytes"),
    )
    .into()
}

/// Why one download attempt failed.
enum Streamed {
    /// The body stopped arriving part-way (a reset connection, an idle time-out): the
    /// download may start again.
    Interrupted(Error),
    /// Anything else, final: the request failed (after its own retries), a check failed,
    /// or the file could not be written.
    Failed(Error),
}

impl Streamed {
    fn into_error(self) -> Error {
        match self {
            Self::Interrupted(error) | Self::Failed(error) => error,
        }
    }
}

impl From<Error> for Streamed {
    fn from(error: Error) -> Self {
        Self::Failed(error)
    }
}

/// The bytes of a temporary file's name around the destination's: `.`, `.`, 16 hex digits
/// and `.part`.
const TEMPORARY_NAME_EXTRA: usize = 1 + 1 + 16 + 5;

/// The start of `name` that leaves room for [`TEMPORARY_NAME_EXTRA`] within 255 bytes, cut
/// at a character boundary.
fn temporary_prefix(name: &str) -> &str {
    let room = MAX_FILE_NAME_BYTES - TEMPORARY_NAME_EXTRA;
    let mut end = name.len().min(room);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    name.get(..end).unwrap_or_default()
}

/// A file beside the destination, removed on drop unless committed.
struct TemporaryFile {
    file: tokio::fs::File,
    path: PathBuf,
    committed: bool,
}

impl TemporaryFile {
    async fn create_beside(destination: &Path) -> Result<Self, Error> {
        let directory = match destination.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = destination
            .file_name()
            .ok_or_else(|| Error::invalid_input("path", "must name a file"))?
            .to_string_lossy()
            .into_owned();
        let prefix = temporary_prefix(&name);
        loop {
            let path = directory.join(format!(".{prefix}.{:016x}.part", fastrand::u64(..)));
            match tokio::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
                .await
            {
                Ok(file) => {
                    return Ok(Self {
                        file,
                        path,
                        committed: false,
                    });
                }
                Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(error) => return Err(IoError::new("create", path, error).into()),
            }
        }
    }

    /// Empties the file for a fresh start.
    async fn rewind(&mut self) -> Result<(), Error> {
        self.file
            .set_len(0)
            .await
            .map_err(|error| IoError::new("truncate", &self.path, error))?;
        self.file
            .seek(std::io::SeekFrom::Start(0))
            .await
            .map_err(|error| IoError::new("seek", &self.path, error))?;
        Ok(())
    }

    /// Flushes to disk and moves the file to `destination`.
    async fn commit(mut self, destination: &Path) -> Result<(), Error> {
        self.file
            .sync_all()
            .await
            .map_err(|error| IoError::new("sync", &self.path, error))?;
        tokio::fs::rename(&self.path, destination)
            .await
            .map_err(|error| IoError::new("rename", destination, error))?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for TemporaryFile {
    fn drop(&mut self) {
        if !self.committed {
            // Best effort: the file may never have been written.
            let _ = std::fs::remove_file(&self.path);
        }
    }
}
