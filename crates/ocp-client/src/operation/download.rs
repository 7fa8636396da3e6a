//! Downloading a package's file from its `downloadUrl`, verified against its `size` and
//! `sha1`, and finding a package by id.
//!
//! Whether `downloadUrl` needs credentials is not documented: the client sends them only
//! when the URL is on the API's own origin (scheme, host and port), never to another host.

use crate::{OcpClient, SoftwarePackageMeta};
use futures::TryStreamExt as _;
use pkgruntime::{ApiRequest, Download, Error};
use url::Url;

/// How many pages a search by id fetches at once.
const FIND_CONCURRENCY: usize = 4;

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

    /// Finds a package by id. OCP has no get-one endpoint, so this lists the catalogue (in
    /// pages of 2000, several at once) until the id turns up.
    pub async fn find_software_package(
        &self,
        id: u64,
    ) -> Result<Option<SoftwarePackageMeta>, Error> {
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
