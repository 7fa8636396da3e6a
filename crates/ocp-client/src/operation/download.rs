//! Downloading a package's file from its `downloadUrl`, verified against its `size` and
//! `sha1`, and finding a package by id.
//!
//! Whether `downloadUrl` needs credentials is not documented: the client sends them only
//! when the URL is on the API's own origin (scheme, host and port), never to another host.

use crate::envelope::Envelope;
use crate::{OcpClient, SoftwarePackageMeta};
use futures::TryStreamExt as _;
use pkgruntime::{ApiRequest, Download, Error};
use std::sync::atomic::{AtomicU8, Ordering};
use url::Url;

/// How many pages a search by id fetches at once.
const FIND_CONCURRENCY: usize = 4;

/// What is known about the server's (undocumented) get-one endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum GetOne {
    Unknown = 0,
    Present = 1,
    Absent = 2,
}

/// [`GetOne`], shared by a client's clones.
#[derive(Debug, Default)]
pub(crate) struct GetOneSupport(AtomicU8);

impl GetOneSupport {
    fn get(&self) -> GetOne {
        match self.0.load(Ordering::Relaxed) {
            1 => GetOne::Present,
            2 => GetOne::Absent,
            _ => GetOne::Unknown,
        }
    }

    fn set(&self, state: GetOne) {
        self.0.store(state as u8, Ordering::Relaxed);
    }
}

/// The statuses servers answer a route they do not have with.
fn is_missing_route(error: &Error) -> bool {
    matches!(status(error), Some(400 | 404 | 405 | 501))
}

fn status(error: &Error) -> Option<u16> {
    error.status().map(|status| status.as_u16())
}

impl OcpClient {
    /// Prepares the download of `package`'s file from its `downloadUrl`, checked against its
    /// published `size` and `sha1` while it streams. Nothing is sent until the returned
    /// [`Download`] is awaited (`to_path`, `to_dir`, `to_writer`); `to_dir` names the file
    /// after the package's `fileName`.
    ///
    /// Fails (before sending) when the package has no usable `downloadUrl`, or a `sha1` that
    /// is not 40 hex digits.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let mock = ocp_client::testing::OcpMock::start().await;
    /// mock.generate_catalog(3);
    /// let client = mock.client();
    /// let package = client.list_software_packages().send().await?.items.remove(0);
    ///
    /// let dir = std::env::temp_dir().join(format!("ocp-doc-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir)?;
    /// let report = client
    ///     .download(&package)?
    ///     .progress(|done, total| eprintln!("{done}/{total:?}"))
    ///     .to_dir(&dir)
    ///     .await?;
    /// assert_eq!(Some(report.bytes), package.size);
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok(()) }
    /// ```
    pub fn download(&self, package: &SoftwarePackageMeta) -> Result<Download, Error> {
        let link = package
            .download_url
            .as_deref()
            .filter(|link| !link.trim().is_empty())
            .ok_or_else(|| Error::invalid_input("download_url", "is missing from the package"))?;
        let url = Url::parse(link)
            .ok()
            .filter(|url| matches!(url.scheme(), "http" | "https") && url.host().is_some())
            .ok_or_else(|| {
                Error::invalid_input(
                    "download_url",
                    format!("must be an absolute http(s) URL (got {link:?})"),
                )
            })?;
        let mut download = Download::new(
            self.transport().clone(),
            ApiRequest::get("download_software_package").url(url),
        );
        if let Some(size) = package.size {
            download = download.size(size);
        }
        if let Some(sha1) = &package.sha1 {
            let checksum = package.checksum().ok_or_else(|| {
                Error::invalid_input("sha1", format!("must be 40 hex digits (got {sha1:?})"))
            })?;
            download = download.checksum(checksum);
        }
        if let Some(name) = &package.file_name {
            download = download.file_name(name.clone());
        }
        Ok(download)
    }

    /// Finds a package by id.
    ///
    /// OCP documents no get-one endpoint (**unconfirmed**), so this first tries
    /// `GET /api/v2/software-packages/{id}`; a server that answers it with the package is
    /// used that way from then on. One that does not have it (HTTP 400, 404, 405 or 501, as
    /// servers answer unknown routes) is searched by listing the catalogue — in pages of
    /// 2000, several at once — until the id turns up, and is not asked again unless it
    /// answered 404 (which may just mean "no such package").
    pub async fn find_software_package(
        &self,
        id: u64,
    ) -> Result<Option<SoftwarePackageMeta>, Error> {
        let support = self.get_one_support();
        if support.get() != GetOne::Absent {
            match self.get_software_package(id).await {
                Ok(Some(package)) => {
                    support.set(GetOne::Present);
                    return Ok(Some(package));
                }
                Err(error) if support.get() == GetOne::Present && status(&error) == Some(404) => {
                    return Ok(None);
                }
                Err(error) if is_missing_route(&error) => {
                    if status(&error) != Some(404) {
                        support.set(GetOne::Absent);
                    }
                }
                Err(error) => return Err(error),
                // A 2xx without this package: not a get-one endpoint after all.
                Ok(None) => support.set(GetOne::Absent),
            }
        }
        self.find_by_listing(id).await
    }

    /// `GET /api/v2/software-packages/{id}`: the package, or `None` when the answer is a
    /// success without it.
    async fn get_software_package(&self, id: u64) -> Result<Option<SoftwarePackageMeta>, Error> {
        let request = ApiRequest::get("get_software_package").path([
            "api",
            "v2",
            "software-packages",
            &id.to_string(),
        ]);
        let envelope: Envelope<SoftwarePackageMeta> = self.transport().send_json(request).await?;
        Ok(envelope.data.filter(|package| package.id == id))
    }

    async fn find_by_listing(&self, id: u64) -> Result<Option<SoftwarePackageMeta>, Error> {
        let mut items = self
            .list_software_packages()
            .page_size(crate::MAX_PAGE_SIZE)
            .concurrency(FIND_CONCURRENCY)
            .items();
        while let Some(package) = items.try_next().await? {
            if package.id == id {
                return Ok(Some(package));
            }
        }
        Ok(None)
    }

    /// Finds the package with `id` and prepares its download (see
    /// [`download`](Self::download)).
    pub async fn download_by_id(&self, id: u64) -> Result<Download, Error> {
        let package = self.find_software_package(id).await?.ok_or_else(|| {
            Error::invalid_input("id", format!("matches no software package (got {id})"))
        })?;
        self.download(&package)
    }
}
