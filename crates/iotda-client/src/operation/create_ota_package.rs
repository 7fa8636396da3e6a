//! `POST /v5/iot/{project_id}/ota-upgrades/packages` (`CreateOtaPackage`): register a file
//! already uploaded to OBS as an upgrade package.
//!
//! IoTDA needs the `iotda_admin_trust` agency to hold OBS and KMS rights for this call. The
//! success status is not documented precisely (201 in newer docs): any 2xx is accepted.

use crate::{FileLocation, IotdaClient, ObsLocation, OtaPackageInfo, PackageType, limits};
use pkgruntime::{ApiRequest, Error};
use serde::{Deserialize, Serialize};

/// The body of a create call; serialisable, to store and replay it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CreateOtaPackageParams {
    /// The resource space (≤ 36 of `A-Z a-z 0-9 _ -`).
    pub app_id: String,
    /// Software or firmware.
    pub package_type: PackageType,
    /// The product (≤ 36 of `A-Z a-z 0-9 _ -`).
    pub product_id: String,
    /// The version (≤ 256 of `A-Z a-z 0-9 _ - .`).
    pub version: String,
    /// Device versions that may upgrade to this one (≤ 20, each like `version`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub support_source_versions: Option<Vec<String>>,
    /// What the package does (≤ 1024 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Information pushed to devices with the upgrade (≤ 4096 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_info: Option<String>,
    /// The OTA module (≤ 64 of `A-Z a-z 0-9 _ - .`), for module packages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub module_name: Option<String>,
    /// Where the file is in OBS.
    pub file_location: FileLocation,
}

impl CreateOtaPackageParams {
    /// A package of `package_type` for `product_id` in `app_id`, version `version`, whose
    /// file is the OBS object `location`.
    pub fn new(
        app_id: impl Into<String>,
        package_type: PackageType,
        product_id: impl Into<String>,
        version: impl Into<String>,
        location: ObsLocation,
    ) -> Self {
        Self {
            app_id: app_id.into(),
            package_type,
            product_id: product_id.into(),
            version: version.into(),
            support_source_versions: None,
            description: None,
            custom_info: None,
            module_name: None,
            file_location: FileLocation::obs(location),
        }
    }

    /// Checks every documented rule; the error names the field and the rule.
    pub fn validate(&self) -> Result<(), Error> {
        use limits::{HYPHEN, UNDERSCORE_HYPHEN, UNDERSCORE_HYPHEN_DOT};
        limits::identifier("app_id", &self.app_id, 36, UNDERSCORE_HYPHEN)?;
        if let PackageType::Unknown(other) = &self.package_type {
            limits::identifier("package_type", other, 64, UNDERSCORE_HYPHEN)?;
        }
        limits::identifier("product_id", &self.product_id, 36, UNDERSCORE_HYPHEN)?;
        limits::identifier("version", &self.version, 256, UNDERSCORE_HYPHEN_DOT)?;
        if let Some(versions) = &self.support_source_versions {
            if versions.len() > 20 {
                return Err(Error::invalid_input(
                    "support_source_versions",
                    format!("must list at most 20 versions (got {})", versions.len()),
                ));
            }
            for version in versions {
                limits::identifier(
                    "support_source_versions",
                    version,
                    256,
                    UNDERSCORE_HYPHEN_DOT,
                )?;
            }
        }
        if let Some(description) = &self.description {
            limits::text("description", description, 1024)?;
        }
        if let Some(custom_info) = &self.custom_info {
            limits::text("custom_info", custom_info, 4096)?;
        }
        if let Some(module_name) = &self.module_name {
            limits::identifier("module_name", module_name, 64, UNDERSCORE_HYPHEN_DOT)?;
        }
        let obs = self
            .file_location
            .obs_location
            .as_ref()
            .ok_or_else(|| Error::invalid_input("file_location", "must name an OBS object"))?;
        limits::identifier(
            "file_location.obs_location.region_name",
            &obs.region_name,
            256,
            HYPHEN,
        )?;
        let bucket_ok = (3..=63).contains(&obs.bucket_name.len())
            && obs
                .bucket_name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.');
        if !bucket_ok {
            return Err(Error::invalid_input(
                "file_location.obs_location.bucket_name",
                format!(
                    "must be 3 to 63 characters of lower-case letters, digits, hyphens and periods (got {:?})",
                    obs.bucket_name
                ),
            ));
        }
        if obs.object_key.is_empty() {
            return Err(Error::invalid_input(
                "file_location.obs_location.object_key",
                "must not be empty",
            ));
        }
        limits::text(
            "file_location.obs_location.object_key",
            &obs.object_key,
            1024,
        )?;
        if let Some(sign) = &obs.sign
            && (sign.len() != 64 || !sign.bytes().all(|b| b.is_ascii_hexdigit()))
        {
            return Err(Error::invalid_input(
                "file_location.obs_location.sign",
                "must be the SHA-256 of the file as 64 hexadecimal digits",
            ));
        }
        Ok(())
    }
}

/// Creates an OTA upgrade package; see [`IotdaClient::create_ota_package`].
#[derive(Clone, Debug)]
#[must_use = "a create call does nothing until sent"]
pub struct CreateOtaPackage {
    client: IotdaClient,
    params: CreateOtaPackageParams,
}

impl IotdaClient {
    /// Registers an OBS object as an OTA upgrade package.
    ///
    /// ```
    /// use iotda_client::{CreateOtaPackageParams, ObsLocation, PackageType};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), pkgruntime::Error> {
    /// let mock = iotda_client::testing::IotdaMock::start().await;
    /// let params = CreateOtaPackageParams::new(
    ///     "61f7e74d036aca5be29e1ed4",
    ///     PackageType::FirmwarePackage,
    ///     "5ba24f5ebbe8f56f5a14f605",
    ///     "V2.1",
    ///     ObsLocation::new("cn-north-4", "firmware-bucket", "builds/upgrade.bin"),
    /// );
    /// let created = mock
    ///     .client()
    ///     .create_ota_package(params)
    ///     .support_source_versions(["V2.0"])
    ///     .description("fixes the XX issue")
    ///     .send()
    ///     .await?;
    /// assert_eq!(created.version.as_deref(), Some("V2.1"));
    /// # Ok(()) }
    /// ```
    pub fn create_ota_package(&self, params: CreateOtaPackageParams) -> CreateOtaPackage {
        CreateOtaPackage {
            client: self.clone(),
            params,
        }
    }
}

impl CreateOtaPackage {
    /// Device versions that may upgrade to this one (at most 20).
    pub fn support_source_versions<I>(mut self, versions: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.params.support_source_versions = Some(versions.into_iter().map(Into::into).collect());
        self
    }

    /// What the package does (at most 1024 characters).
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.params.description = Some(description.into());
        self
    }

    /// Information pushed to devices with the upgrade (at most 4096 characters).
    pub fn custom_info(mut self, custom_info: impl Into<String>) -> Self {
        self.params.custom_info = Some(custom_info.into());
        self
    }

    /// The OTA module, for module packages.
    pub fn module_name(mut self, module_name: impl Into<String>) -> Self {
        self.params.module_name = Some(module_name.into());
        self
    }

    /// The SHA-256 of the file (64 hex digits), sent to devices with the upgrade.
    pub fn sign(mut self, sha256_hex: impl Into<String>) -> Self {
        if let Some(obs) = self.params.file_location.obs_location.as_mut() {
            obs.sign = Some(sha256_hex.into());
        }
        self
    }

    /// The parameters so far.
    pub fn params(&self) -> &CreateOtaPackageParams {
        &self.params
    }

    /// Validates the parameters, then creates the package (not retried: a POST).
    pub async fn send(self) -> Result<OtaPackageInfo, Error> {
        self.params.validate()?;
        let request = self
            .client
            .request(ApiRequest::post("create_ota_package"), &[])
            .json(&self.params)?;
        self.client.transport().send_json(request).await
    }
}
