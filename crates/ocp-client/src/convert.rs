//! [`SoftwarePackageMeta`] → [`pkgmodel::Package`].

use crate::SoftwarePackageMeta;
use pkgmodel::{Package, PackageKind, Platform, Vendor};

impl SoftwarePackageMeta {
    /// The vendor-neutral view: kind `Software`, OCP's type kept as `vendor_kind`, the SHA-1
    /// as the checksum when it is well formed, `createTime` as the creation time.
    ///
    /// ```
    /// let mut meta = ocp_client::SoftwarePackageMeta::new(12);
    /// meta.name = Some("t-oceanbase-ocp-agent".into());
    /// meta.operating_system = Some("alios7".into());
    /// let package = meta.to_package();
    /// assert_eq!(package.id, "12");
    /// assert_eq!(package.platform.unwrap().to_string(), "alios7/?");
    /// ```
    pub fn to_package(&self) -> Package {
        let name = self
            .name
            .clone()
            .or_else(|| self.file_name.clone())
            .unwrap_or_else(|| self.id.to_string());
        let mut package = Package::new(
            Vendor::Ocp,
            self.id.to_string(),
            name,
            PackageKind::Software,
        );
        package.version.clone_from(&self.version);
        package.vendor_kind = self.package_type.as_ref().map(ToString::to_string);
        if self.operating_system.is_some() || self.architecture.is_some() {
            package.platform = Some(Platform::new(
                self.operating_system.clone(),
                self.architecture.clone(),
            ));
        }
        package.size = self.size;
        package.checksum = self.checksum();
        package.created = self.create_time;
        package.download_url.clone_from(&self.download_url);
        package
    }
}

impl From<SoftwarePackageMeta> for Package {
    fn from(meta: SoftwarePackageMeta) -> Self {
        meta.to_package()
    }
}

impl From<&SoftwarePackageMeta> for Package {
    fn from(meta: &SoftwarePackageMeta) -> Self {
        meta.to_package()
    }
}
