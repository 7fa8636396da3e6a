//! `GET /v5/iot/{project_id}/ota-upgrades/packages/{package_id}` (`ShowOtaPackage`).

use crate::{IotdaClient, OtaPackageInfo, limits};
use pkgruntime::{ApiRequest, Error};

impl IotdaClient {
    /// One package, with its `file_location`. The id is checked (≤ 36 characters of letters,
    /// digits and hyphens) before sending; an unknown id is HTTP 404 (unconfirmed for this
    /// call; documented for the sibling OTA-module calls).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), pkgruntime::Error> {
    /// let mock = iotda_client::testing::IotdaMock::start().await;
    /// let package = mock.client().show_ota_package("28f61af50fc9452aa0ed5ea25c3cc3d3").await?;
    /// assert_eq!(package.version.as_deref(), Some("V2.0"));
    /// # Ok(()) }
    /// ```
    pub async fn show_ota_package(
        &self,
        package_id: impl Into<String>,
    ) -> Result<OtaPackageInfo, Error> {
        let package_id = package_id.into();
        limits::identifier("package_id", &package_id, 36, limits::HYPHEN)?;
        let request = self.request(ApiRequest::get("show_ota_package"), &[&package_id]);
        self.transport().send_json(request).await
    }
}
