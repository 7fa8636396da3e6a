//! `DELETE /v5/iot/{project_id}/ota-upgrades/packages/{package_id}` (`DeleteOtaPackage`).

use crate::{IotdaClient, limits};
use pkgruntime::{ApiRequest, Error};

impl IotdaClient {
    /// Deletes the link between IoTDA and a package; the OBS object itself stays. Any 2xx
    /// (the success code is undocumented; the sibling module call answers 204) with any or
    /// no body is success.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), pkgruntime::Error> {
    /// let mock = iotda_client::testing::IotdaMock::start().await;
    /// mock.client().delete_ota_package("28f61af50fc9452aa0ed5ea25c3cc3d3").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_ota_package(&self, package_id: impl Into<String>) -> Result<(), Error> {
        let package_id = package_id.into();
        limits::identifier("package_id", &package_id, 36, limits::HYPHEN)?;
        let request = self.request(ApiRequest::delete("delete_ota_package"), &[&package_id]);
        self.transport().send(request).await.map(drop)
    }
}
