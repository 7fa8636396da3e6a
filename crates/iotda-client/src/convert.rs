//! [`OtaPackageInfo`] → [`pkgmodel::Package`].

use crate::{OtaPackageInfo, PackageType};
use pkgmodel::{Package, PackageKind, Vendor};

impl OtaPackageInfo {
    /// The vendor-neutral view: kind `Software` or `Firmware`, the package type kept as
    /// `vendor_kind`, named after the product (or module, or id), versioned, with its upload
    /// time. IoTDA publishes no size, checksum or download link in listings.
    ///
    /// ```
    /// let mut info = iotda_client::OtaPackageInfo::default();
    /// info.package_id = Some("28f61af5".into());
    /// info.package_type = Some(iotda_client::PackageType::FirmwarePackage);
    /// info.version = Some("V2.0".into());
    /// let package = info.to_package();
    /// assert_eq!(package.kind, pkgmodel::PackageKind::Firmware);
    /// assert_eq!(package.name, "28f61af5");
    /// ```
    pub fn to_package(&self) -> Package {
        let id = self.package_id.clone().unwrap_or_default();
        let name = self
            .product_name
            .clone()
            .or_else(|| self.module_name.clone())
            .or_else(|| self.product_id.clone())
            .unwrap_or_else(|| id.clone());
        let kind = match &self.package_type {
            Some(PackageType::FirmwarePackage) => PackageKind::Firmware,
            _ => PackageKind::Software,
        };
        let mut package = Package::new(Vendor::Iotda, id, name, kind);
        package.version.clone_from(&self.version);
        package.vendor_kind = self.package_type.as_ref().map(ToString::to_string);
        package.created = self
            .create_time
            .as_ref()
            .and_then(crate::Timestamp::datetime);
        package
    }
}

impl From<OtaPackageInfo> for Package {
    fn from(info: OtaPackageInfo) -> Self {
        info.to_package()
    }
}

impl From<&OtaPackageInfo> for Package {
    fn from(info: &OtaPackageInfo) -> Self {
        info.to_package()
    }
}
