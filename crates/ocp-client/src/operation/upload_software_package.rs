//! `POST /api/v2/software-packages`: uploading a package file as `multipart/form-data`,
//! streamed from disk.
//!
//! The multipart body is written by hand around the file (one `file` part), so its exact
//! length is known up front and the file is read in chunks as it is sent, never held in
//! memory. With AccessKey credentials the signature covers the body's MD5, computed by
//! reading the file once before sending.

use crate::auth::{PayloadMd5, hex_upper};
use crate::envelope::Envelope;
use crate::{OcpClient, SoftwarePackageMeta};
use bytes::Bytes;
use futures::StreamExt as _;
use http::header::HeaderValue;
use md5::Digest as _;
use pkgruntime::{ApiRequest, BodyFactory, Error, IoError, ProgressFn};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::io::AsyncReadExt as _;

/// Bytes read from the file per chunk.
const CHUNK: usize = 64 * 1024;

/// Uploads a software package file; see [`OcpClient::upload_software_package`].
#[derive(Clone)]
#[must_use = "an upload does nothing until sent"]
pub struct UploadSoftwarePackage {
    client: OcpClient,
    path: PathBuf,
    file_name: Option<String>,
    progress: Option<ProgressFn>,
}

impl std::fmt::Debug for UploadSoftwarePackage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UploadSoftwarePackage")
            .field("client", &self.client)
            .field("path", &self.path)
            .field("file_name", &self.file_name)
            .finish_non_exhaustive()
    }
}

impl OcpClient {
    /// Uploads the file at `path` as a new software package (needs `PACKAGE_MANAGER`). OCP
    /// reads the package's name, version, type and platform from the file itself.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let mock = ocp_client::testing::OcpMock::start().await;
    /// let path = std::env::temp_dir().join(format!("ocp-upload-doc-{}.rpm", std::process::id()));
    /// std::fs::write(&path, b"an rpm")?;
    /// let created = mock.client().upload_software_package(&path).send().await?;
    /// assert_eq!(created.size, Some(6));
    /// # std::fs::remove_file(&path)?;
    /// # Ok(()) }
    /// ```
    pub fn upload_software_package(&self, path: impl AsRef<Path>) -> UploadSoftwarePackage {
        UploadSoftwarePackage {
            client: self.clone(),
            path: path.as_ref().to_path_buf(),
            file_name: None,
            progress: None,
        }
    }
}

impl UploadSoftwarePackage {
    /// The file name sent to OCP (default: the name of the file on disk).
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Calls `progress(bytes sent, total)` as the body goes out — the multipart framing
    /// included, so the total is the body's length — e.g. to draw a progress bar.
    pub fn progress(mut self, progress: impl Fn(u64, Option<u64>) + Send + Sync + 'static) -> Self {
        self.progress = Some(Arc::new(progress));
        self
    }

    /// Uploads the file and returns the package OCP created. Not retried (a POST).
    pub async fn send(self) -> Result<SoftwarePackageMeta, Error> {
        let metadata = tokio::fs::metadata(&self.path)
            .await
            .map_err(|error| IoError::new("read", &self.path, error))?;
        if !metadata.is_file() {
            return Err(Error::invalid_input("path", "must be a regular file"));
        }
        let name = match self.file_name {
            Some(name) => name,
            None => self
                .path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .ok_or_else(|| Error::invalid_input("path", "must name a file"))?,
        };
        if name.is_empty()
            || name
                .chars()
                .any(|c| c.is_control() || c == '"' || c == '/' || c == '\\')
        {
            return Err(Error::invalid_input(
                "file_name",
                "must be a plain file name without quotes, slashes or control characters",
            ));
        }
        let boundary = format!(
            "pkgsdk-{:016x}{:016x}",
            fastrand::u64(..),
            fastrand::u64(..)
        );
        let head = Bytes::from(format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        ));
        let tail = Bytes::from(format!("\r\n--{boundary}--\r\n"));
        let length = head.len() as u64 + metadata.len() + tail.len() as u64;
        let content_type =
            HeaderValue::from_str(&format!("multipart/form-data; boundary={boundary}"))
                .map_err(|_| Error::invalid_input("boundary", "must be visible ASCII"))?;

        let mut request =
            ApiRequest::post("upload_software_package").path(["api", "v2", "software-packages"]);
        if self.client.signs_payload() {
            let md5 = multipart_md5(&head, &self.path, &tail).await?;
            request = request.extension(PayloadMd5(md5));
        }
        let path = self.path.clone();
        let progress = self.progress.clone();
        let open: BodyFactory = Arc::new(move || {
            let progress = progress.clone();
            let mut sent = 0;
            futures::stream::iter([Ok(head.clone())])
                .chain(file_chunks(path.clone()))
                .chain(futures::stream::iter([Ok(tail.clone())]))
                .inspect(move |chunk| {
                    if let (Ok(chunk), Some(progress)) = (chunk, &progress) {
                        sent += chunk.len() as u64;
                        progress(sent, Some(length));
                    }
                })
                .boxed()
        });
        let request = request.body_stream(open, length, content_type);

        let transport = self.client.transport();
        let response = transport.send(request).await?;
        let envelope: Envelope<SoftwarePackageMeta> = response.json()?;
        if envelope.successful == Some(false) {
            return Err(transport.api_error(&response).into());
        }
        envelope.data.ok_or_else(|| {
            pkgruntime::DecodeError::new(
                "data",
                "missing: the upload response has no package",
                response.body(),
            )
            .into()
        })
    }
}

/// The upper-case hex MD5 of the whole multipart body, reading the file once.
async fn multipart_md5(head: &[u8], path: &Path, tail: &[u8]) -> Result<String, Error> {
    let mut hasher = md5::Md5::new();
    hasher.update(head);
    let mut file = tokio::fs::File::open(path)
        .await
        .map_err(|error| IoError::new("open", path, error))?;
    let mut buffer = vec![0; CHUNK];
    loop {
        let read = file
            .read(&mut buffer)
            .await
            .map_err(|error| IoError::new("read", path, error))?;
        match buffer.get(..read) {
            Some(chunk) if !chunk.is_empty() => hasher.update(chunk),
            _ => break,
        }
    }
    hasher.update(tail);
    Ok(hex_upper(&hasher.finalize()))
}

/// The file at `path`, in chunks, opened when first polled.
fn file_chunks(path: PathBuf) -> impl futures::Stream<Item = std::io::Result<Bytes>> + Send {
    enum State {
        Closed(PathBuf),
        Open(tokio::fs::File),
        Done,
    }
    futures::stream::unfold(State::Closed(path), |state| async move {
        let mut file = match state {
            State::Closed(path) => match tokio::fs::File::open(&path).await {
                Ok(file) => file,
                Err(error) => return Some((Err(error), State::Done)),
            },
            State::Open(file) => file,
            State::Done => return None,
        };
        let mut buffer = vec![0; CHUNK];
        match file.read(&mut buffer).await {
            Ok(0) => None,
            Ok(read) => {
                buffer.truncate(read);
                Some((Ok(Bytes::from(buffer)), State::Open(file)))
            }
            Err(error) => Some((Err(error), State::Done)),
        }
    })
}
