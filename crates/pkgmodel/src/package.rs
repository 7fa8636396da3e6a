//! [`Package`]: one downloadable artefact, in vendor-neutral form.

use crate::{Checksum, Platform, Vendor};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

crate::open_enum! {
    /// What kind of artefact a [`Package`] is.
    pub enum PackageKind {
        /// An installable software package (OCP install packages, IoTDA software packages).
        Software = "software",
        /// A device firmware image (IoTDA firmware packages).
        Firmware = "firmware",
        /// A marketplace application package (Oracle Marketplace).
        Application = "application",
        /// A database backup set (OceanBase Cloud), listed as a downloadable artefact.
        BackupSet = "backup_set",
    }
}

/// One downloadable artefact from any vendor's catalogue.
///
/// Only the vendor, the id, the name and the kind are always known; every other field is
/// `None` where the vendor does not publish it. The vendor's own model keeps every field;
/// this is the common view used to list several catalogues together.
///
/// ```
/// use pkgmodel::{Package, PackageKind, Vendor};
/// let mut package = Package::new(Vendor::Iotda, "28f61af5", "V2.0", PackageKind::Firmware);
/// package.version = Some("V2.0".into());
/// let json = serde_json::to_value(&package)?;
/// assert_eq!(json["vendor"], "iotda");
/// assert_eq!(json["kind"], "firmware");
/// assert!(json.get("size").is_none());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Package {
    /// The catalogue this package comes from.
    pub vendor: Vendor,
    /// The vendor's identifier of the package, as text.
    pub id: String,
    /// The package's name.
    pub name: String,
    /// The package's version, where the vendor has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// What kind of artefact this is.
    pub kind: PackageKind,
    /// The vendor's own type name (e.g. `OCP_AGENT_INSTALL_PACKAGE`), kept for display.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor_kind: Option<String>,
    /// Target operating system and architecture.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<Platform>,
    /// Size in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// Digest of the file, to verify a download.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checksum: Option<Checksum>,
    /// When the package was created or uploaded.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub created: Option<OffsetDateTime>,
    /// Where the file can be downloaded from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub download_url: Option<String>,
}

impl Package {
    /// A package with the fields every vendor has; the rest start as `None`.
    pub fn new(
        vendor: Vendor,
        id: impl Into<String>,
        name: impl Into<String>,
        kind: PackageKind,
    ) -> Self {
        Self {
            vendor,
            id: id.into(),
            name: name.into(),
            version: None,
            kind,
            vendor_kind: None,
            platform: None,
            size: None,
            checksum: None,
            created: None,
            download_url: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ChecksumAlgorithm;
    use time::macros::datetime;

    #[test]
    fn full_package_round_trips_through_json() {
        let mut package = Package::new(
            Vendor::Ocp,
            "12",
            "t-oceanbase-ocp-agent",
            PackageKind::Software,
        );
        package.version = Some("2.4.2".into());
        package.vendor_kind = Some("OCP_AGENT_INSTALL_PACKAGE".into());
        package.platform = Some(Platform::new(Some("alios7"), Some("x86_64")));
        package.size = Some(31_017_340);
        package.checksum = Some(
            Checksum::new(
                ChecksumAlgorithm::Sha1,
                "e3277366579eac7ecf7a5b6313f2807229567a12",
            )
            .unwrap(),
        );
        package.created = Some(datetime!(2020-08-10 15:16:50 +08:00));
        package.download_url = Some("http://example.test/a.rpm".into());
        let json = serde_json::to_string(&package).unwrap();
        assert!(
            json.contains(r#""created":"2020-08-10T15:16:50+08:00""#),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<Package>(&json).unwrap(), package);
    }

    #[test]
    fn minimal_package_decodes_with_unknown_fields_and_kinds() {
        let json = r#"{"vendor":"newvendor","id":"1","name":"n","kind":"plugin","extra":true}"#;
        let package: Package = serde_json::from_str(json).unwrap();
        assert_eq!(package.vendor, Vendor::Unknown("newvendor".into()));
        assert_eq!(package.kind, PackageKind::Unknown("plugin".into()));
        assert_eq!(package.size, None);
    }
}
