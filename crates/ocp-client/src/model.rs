//! OCP's wire models: [`SoftwarePackageMeta`], [`SoftwarePackageType`], and sorting.
//!
//! Field names follow Rust style and map to OCP's camelCase. Every field except `id` is an
//! `Option`, because OCP leaves null fields out; unknown fields are ignored; `id` and `size`
//! accept a JSON number or a string (OCP writes longs beyond 2⁵³ as strings).
//!
//! ```
//! use ocp_client::{SoftwarePackageMeta, SoftwarePackageType};
//!
//! let meta: SoftwarePackageMeta = serde_json::from_str(r#"{
//!     "id": "12", "name": "t-oceanbase-ocp-agent", "size": 31017340,
//!     "type": "OCP_AGENT_INSTALL_PACKAGE", "createTime": "2020-08-10T15:16:50+08:00",
//!     "someNewField": true
//! }"#)?;
//! assert_eq!(meta.id, 12);
//! assert_eq!(meta.package_type, Some(SoftwarePackageType::OcpAgentInstallPackage));
//! assert_eq!(meta.create_time.unwrap().year(), 2020);
//! # Ok::<(), serde_json::Error>(())
//! ```

use pkgmodel::lenient;
use pkgmodel::time::OffsetDateTime;
use pkgmodel::{Checksum, ChecksumAlgorithm};
use serde::{Deserialize, Serialize};
use std::fmt;

pkgmodel::open_enum! {
    /// The type of a software package. OCP's documented values; anything else (such as the
    /// `OB_AGENT_INSTALL_PACKAGE` that appears in OCP's own request example but not among its
    /// valid values) is kept as `Unknown`.
    pub enum SoftwarePackageType {
        /// `OB_SERVER_INSTALL_PACKAGE`: OceanBase database server.
        ObServerInstallPackage = "OB_SERVER_INSTALL_PACKAGE",
        /// `OCP_AGENT_INSTALL_PACKAGE`: the OCP agent.
        OcpAgentInstallPackage = "OCP_AGENT_INSTALL_PACKAGE",
        /// `OBPROXY_INSTALL_PACKAGE`: OceanBase Database Proxy.
        ObproxyInstallPackage = "OBPROXY_INSTALL_PACKAGE",
        /// `OB_BACKUP_AGENT_INSTALL_PACKAGE`: the backup agent.
        ObBackupAgentInstallPackage = "OB_BACKUP_AGENT_INSTALL_PACKAGE",
    }
}

/// A software package managed by OCP, as `GET /api/v2/software-packages` returns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SoftwarePackageMeta {
    /// The package's id.
    #[serde(deserialize_with = "lenient::u64_from_number_or_string")]
    pub id: u64,
    /// The package's name, e.g. `t-oceanbase-ocp-agent`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The full file name, e.g. `t-oceanbase-ocp-agent-2.4.2-1898294.alios7.x86_64.rpm`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    /// The file name extension, e.g. `rpm`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
    /// The size in bytes (may exceed 2³¹; sent as a number or a string).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_u64_from_number_or_string"
    )]
    pub size: Option<u64>,
    /// The SHA-1 of the file, as OCP sent it (see [`SoftwarePackageMeta::checksum`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha1: Option<String>,
    /// Where the file can be downloaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub download_url: Option<String>,
    /// The package type.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub package_type: Option<SoftwarePackageType>,
    /// The version, e.g. `2.4.2`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The build number, e.g. `1898294`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub build_number: Option<String>,
    /// The operating system, e.g. `alios7` or `el7`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operating_system: Option<String>,
    /// The architecture, e.g. `x86_64`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub architecture: Option<String>,
    /// Whether the package can be deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deletable: Option<bool>,
    /// When the package was uploaded (in OCP's sample response, not in its field table).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "pkgmodel::time::serde::rfc3339::option"
    )]
    pub create_time: Option<OffsetDateTime>,
    /// Installation records (in OCP's sample response only; their shape is undocumented, so
    /// they are kept as raw JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub installation_data_list: Option<Vec<serde_json::Value>>,
}

impl SoftwarePackageMeta {
    /// A package with only an id (every other field `None`), e.g. to build test data.
    pub fn new(id: u64) -> Self {
        Self {
            id,
            name: None,
            file_name: None,
            extension: None,
            size: None,
            sha1: None,
            download_url: None,
            package_type: None,
            version: None,
            build_number: None,
            operating_system: None,
            architecture: None,
            deletable: None,
            create_time: None,
            installation_data_list: None,
        }
    }

    /// The SHA-1 as a validated [`Checksum`], when OCP sent a well-formed one.
    pub fn checksum(&self) -> Option<Checksum> {
        self.sha1
            .as_deref()
            .and_then(|hex| Checksum::new(ChecksumAlgorithm::Sha1, hex).ok())
    }
}

pkgmodel::open_enum! {
    /// A property to sort software packages by. `sort` accepts any property name of
    /// [`SoftwarePackageMeta`]; which one means "upload time" is not documented
    /// (`createTime` is the likely one), so any other name can be given as `Unknown`.
    pub enum SortField {
        /// `id`.
        Id = "id",
        /// `name`.
        Name = "name",
        /// `version`.
        Version = "version",
        /// `type`.
        Type = "type",
        /// `size`.
        Size = "size",
        /// `createTime` (probably the upload time; unconfirmed).
        CreateTime = "createTime",
    }
}

/// Ascending or descending.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortDirection {
    /// Smallest first.
    #[default]
    Asc,
    /// Largest first.
    Desc,
}

impl SortDirection {
    /// `asc` or `desc`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Asc => "asc",
            Self::Desc => "desc",
        }
    }
}

/// A sort order, sent as `sort=<field>,<direction>` (e.g. `name,asc`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Sort {
    /// The property.
    pub field: SortField,
    /// The direction.
    pub direction: SortDirection,
}

impl Sort {
    /// Ascending by `field`.
    pub fn asc(field: SortField) -> Self {
        Self {
            field,
            direction: SortDirection::Asc,
        }
    }

    /// Descending by `field`.
    pub fn desc(field: SortField) -> Self {
        Self {
            field,
            direction: SortDirection::Desc,
        }
    }
}

impl fmt::Display for Sort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{},{}", self.field, self.direction.as_str())
    }
}

impl std::str::FromStr for Sort {
    type Err = pkgruntime::Error;

    /// Parses `field,asc` or `field,desc` (direction optional, ascending by default).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (field, direction) = text.split_once(',').unwrap_or((text, "asc"));
        let field = field.trim();
        if field.is_empty()
            || !field
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_')
        {
            return Err(pkgruntime::Error::invalid_input(
                "sort",
                "must be `<field>,asc` or `<field>,desc` with a property name of letters and digits",
            ));
        }
        let direction = match direction.trim().to_ascii_lowercase().as_str() {
            "asc" => SortDirection::Asc,
            "desc" => SortDirection::Desc,
            _ => {
                return Err(pkgruntime::Error::invalid_input(
                    "sort",
                    "direction must be `asc` or `desc`",
                ));
            }
        };
        Ok(Self {
            field: SortField::from(field),
            direction,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_parses_and_displays() {
        assert_eq!(
            "name,asc".parse::<Sort>().unwrap(),
            Sort::asc(SortField::Name)
        );
        assert_eq!(
            "createTime,DESC".parse::<Sort>().unwrap(),
            Sort::desc(SortField::CreateTime)
        );
        assert_eq!(
            "uploadTime".parse::<Sort>().unwrap().to_string(),
            "uploadTime,asc"
        );
        for bad in ["", ",asc", "name,up", "na me,asc", "name;drop,asc"] {
            let error = bad.parse::<Sort>().unwrap_err();
            assert_eq!(error.invalid_field().unwrap().field, "sort", "{bad}");
        }
    }

    #[test]
    fn checksum_requires_well_formed_sha1() {
        let mut meta = SoftwarePackageMeta::new(1);
        meta.sha1 = Some("E3277366579EAC7ECF7A5B6313F2807229567A12".into());
        assert_eq!(
            meta.checksum().unwrap().hex(),
            "e3277366579eac7ecf7a5b6313f2807229567a12"
        );
        meta.sha1 = Some("not-a-sha1".into());
        assert_eq!(meta.checksum(), None);
    }

    #[test]
    fn numbers_as_strings_and_missing_fields_decode() {
        let meta: SoftwarePackageMeta =
            serde_json::from_str(r#"{"id":"9007199254740993","size":"4294967296"}"#).unwrap();
        assert_eq!(meta.id, 9_007_199_254_740_993);
        assert_eq!(meta.size, Some(4_294_967_296));
        assert_eq!(meta.name, None);
        // Serialised back with OCP's names, absent fields left out.
        let json = serde_json::to_value(&meta).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"id": 9_007_199_254_740_993_u64, "size": 4_294_967_296_u64})
        );
    }

    #[test]
    fn timestamps_with_and_without_fraction() {
        for text in [
            "2020-08-10T15:16:50+08:00",
            "2021-08-24T21:15:45.533+08:00",
            "2020-08-10T07:16:50Z",
        ] {
            let meta: SoftwarePackageMeta =
                serde_json::from_str(&format!(r#"{{"id":1,"createTime":"{text}"}}"#)).unwrap();
            assert!(meta.create_time.is_some(), "{text}");
        }
        assert!(
            serde_json::from_str::<SoftwarePackageMeta>(r#"{"id":1,"createTime":"yesterday"}"#)
                .is_err()
        );
    }
}
