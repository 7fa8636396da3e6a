//! [`PackageVersion`] → [`pkgmodel::Package`].

use crate::PackageVersion;
use pkgmodel::{Package, PackageKind, Vendor};

impl PackageVersion {
    /// The vendor-neutral view: vendor `AppStore`, kind `Application`, the package version id
    /// as the id (or `"{listingVersionId}/?"` when Oracle sent none), the display name — or
    /// the name, or the id — as the name, the version, and the package type (or, in v2, the
    /// service type) as `vendor_kind`. Marketplace packages are blueprints, not files: they
    /// have no size, checksum, platform or download URL.
    ///
    /// ```
    /// let package: appstore_client::PackageVersion =
    ///     serde_json::from_str(appstore_client::testing::SAMPLE_PACKAGE)?;
    /// let neutral = package.to_package();
    /// assert_eq!(neutral.vendor, pkgmodel::Vendor::AppStore);
    /// assert_eq!(neutral.id, "3084832");
    /// assert_eq!(neutral.kind, pkgmodel::PackageKind::Application);
    /// assert_eq!(neutral.vendor_kind.as_deref(), Some("UNMANAGED"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn to_package(&self) -> Package {
        let id = match (self.id, self.listing_version_id) {
            (Some(id), _) => id.to_string(),
            (None, Some(listing)) => format!("{listing}/?"),
            (None, None) => "?".to_owned(),
        };
        let non_empty = |text: &Option<String>| {
            text.as_deref()
                .map(str::trim)
                .filter(|text| !text.is_empty())
                .map(str::to_owned)
        };
        let name = non_empty(&self.display_name)
            .or_else(|| non_empty(&self.name))
            .unwrap_or_else(|| id.clone());
        let mut package = Package::new(Vendor::AppStore, id, name, PackageKind::Application);
        package.version = non_empty(&self.version);
        package.vendor_kind = self
            .package_type
            .as_ref()
            .map(ToString::to_string)
            .or_else(|| self.service_type.as_ref().map(ToString::to_string));
        package
    }
}

impl From<PackageVersion> for Package {
    fn from(package: PackageVersion) -> Self {
        package.to_package()
    }
}

impl From<&PackageVersion> for Package {
    fn from(package: &PackageVersion) -> Self {
        package.to_package()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_fields_fall_back() {
        let mut package = PackageVersion {
            listing_version_id: Some(7),
            name: Some(" ".into()),
            ..PackageVersion::default()
        };
        let neutral = package.to_package();
        assert_eq!(neutral.id, "7/?");
        assert_eq!(neutral.name, "7/?");
        assert_eq!(neutral.version, None);
        package.service_type = Some(crate::ServiceType::Oci);
        package.name = Some("n".into());
        let neutral = Package::from(&package);
        assert_eq!(neutral.name, "n");
        assert_eq!(neutral.vendor_kind.as_deref(), Some("OCI"));
        assert_eq!(PackageVersion::default().to_package().id, "?");
    }
}
