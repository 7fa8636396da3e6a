//! `DELETE /appstore/publisher/v1/applications/{listingVersionId}/packages/{packageVersionId}`.

use crate::operation::{ApiVersion, applications_path, id_text, validate_id};
use crate::{AppStoreClient, EntityResponse};
use pkgruntime::{ApiRequest, Error, decode_json};
use std::fmt::Display;

impl AppStoreClient {
    /// Deletes package `package_version_id` of application version `listing_version_id`.
    /// Oracle answers 200 with a message and the `entityId` (a string); an empty body is
    /// accepted too. The ids are checked before anything is sent.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), pkgruntime::Error> {
    /// let mock = appstore_client::testing::AppStoreMock::start().await;
    /// let client = mock.client();
    /// let deleted = client.delete_package(2133526, 3084832).await?;
    /// assert_eq!(deleted.entity_id.as_deref(), Some("2133526"));
    /// let again = client.delete_package(2133526, 3084832).await.unwrap_err();
    /// assert_eq!(again.status().map(|s| s.as_u16()), Some(404));
    /// # Ok(()) }
    /// ```
    pub async fn delete_package(
        &self,
        listing_version_id: impl Display,
        package_version_id: impl Display,
    ) -> Result<EntityResponse, Error> {
        let listing_version_id = id_text(listing_version_id);
        let package_version_id = id_text(package_version_id);
        validate_id("listing_version_id", &listing_version_id)?;
        validate_id("package_version_id", &package_version_id)?;
        let request = ApiRequest::delete("delete_package").path(applications_path(
            ApiVersion::V1,
            &[&listing_version_id, "packages", &package_version_id],
        ));
        let response = self.transport().send(request).await?;
        if response.body().iter().all(u8::is_ascii_whitespace) {
            return Ok(EntityResponse::default());
        }
        decode_json(response.body())
    }
}
