//! `DELETE /api/v2/software-packages/{id}`.

use crate::OcpClient;
use crate::envelope::Envelope;
use pkgruntime::{ApiRequest, Error};
use serde::de::IgnoredAny;

impl OcpClient {
    /// Deletes a software package (needs the `PACKAGE_MANAGER` permission). OCP answers with
    /// its envelope and no `data`.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), pkgruntime::Error> {
    /// let mock = ocp_client::testing::OcpMock::start().await;
    /// let client = mock.client();
    /// client.delete_software_package(12).await?;
    /// let error = client.delete_software_package(12).await.unwrap_err();
    /// assert_eq!(error.code(), Some("10002"));
    /// # Ok(()) }
    /// ```
    pub async fn delete_software_package(&self, id: u64) -> Result<(), Error> {
        let request = ApiRequest::delete("delete_software_package").path([
            "api".to_owned(),
            "v2".to_owned(),
            "software-packages".to_owned(),
            id.to_string(),
        ]);
        let transport = self.transport();
        let response = transport.send(request).await?;
        if response.body().iter().all(u8::is_ascii_whitespace) {
            return Ok(());
        }
        let envelope: Envelope<IgnoredAny> = response.json()?;
        if envelope.successful == Some(false) {
            return Err(transport.api_error(&response).into());
        }
        Ok(())
    }
}
