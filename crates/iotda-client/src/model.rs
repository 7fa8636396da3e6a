//! IoTDA's wire models: [`OtaPackageInfo`], [`PackageType`], [`FileLocation`], and the
//! compact [`Timestamp`] (`yyyyMMdd'T'HHmmss'Z'`).
//!
//! Field names are IoTDA's own (`snake_case`). Every response field is an `Option`: the seed
//! documents the list's fields, newer SDKs add `product_name` and `module_name`, and the show
//! call adds `file_location`. Unknown fields are ignored.
//!
//! ```
//! use iotda_client::{OtaPackageInfo, PackageType};
//!
//! let info: OtaPackageInfo = serde_json::from_str(r#"{
//!     "package_id": "28f61af50fc9452aa0ed5ea25c3cc3d3",
//!     "package_type": "firmwarePackage",
//!     "create_time": "20230211T121212Z"
//! }"#)?;
//! assert_eq!(info.package_type, Some(PackageType::FirmwarePackage));
//! assert_eq!(info.create_time.unwrap().datetime().unwrap().year(), 2023);
//! # Ok::<(), serde_json::Error>(())
//! ```

use pkgmodel::time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

pkgmodel::open_enum! {
    /// The kind of an upgrade package.
    pub enum PackageType {
        /// `softwarePackage`.
        SoftwarePackage = "softwarePackage",
        /// `firmwarePackage`.
        FirmwarePackage = "firmwarePackage",
        /// `modulePackage` (newer API versions, for OTA modules).
        ModulePackage = "modulePackage",
    }
}

/// A time as IoTDA sends it: typed when it parses as `yyyyMMdd'T'HHmmss'Z'`, and always
/// with the raw text kept (it is what gets serialised back).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Timestamp {
    raw: String,
    parsed: Option<OffsetDateTime>,
}

impl Timestamp {
    /// Parses IoTDA's compact UTC format; other text is kept as raw.
    pub fn parse(raw: impl Into<String>) -> Self {
        let raw = raw.into();
        let parsed = parse_compact(&raw);
        Self { raw, parsed }
    }

    /// The time, when the text parsed.
    pub fn datetime(&self) -> Option<OffsetDateTime> {
        self.parsed
    }

    /// The text IoTDA sent.
    pub fn raw(&self) -> &str {
        &self.raw
    }
}

/// Parses `yyyyMMdd'T'HHmmss'Z'` (UTC). Written out rather than through a `time` format
/// description, whose generic parser costs a tenth of a listing's CPU time at IoTDA's page
/// size (see docs/benchmarks.md).
fn parse_compact(text: &str) -> Option<OffsetDateTime> {
    let &[
        y1,
        y2,
        y3,
        y4,
        mo1,
        mo2,
        d1,
        d2,
        b'T',
        h1,
        h2,
        mi1,
        mi2,
        s1,
        s2,
        b'Z',
    ] = text.as_bytes()
    else {
        return None;
    };
    let digit = |byte: u8| byte.is_ascii_digit().then(|| byte - b'0');
    let two = |high: u8, low: u8| Some(digit(high)? * 10 + digit(low)?);
    let year = [y1, y2, y3, y4].into_iter().try_fold(0_i32, |year, byte| {
        Some(year * 10 + i32::from(digit(byte)?))
    })?;
    let month = Month::try_from(two(mo1, mo2)?).ok()?;
    let date = Date::from_calendar_date(year, month, two(d1, d2)?).ok()?;
    let time = Time::from_hms(two(h1, h2)?, two(mi1, mi2)?, two(s1, s2)?).ok()?;
    Some(PrimitiveDateTime::new(date, time).assume_utc())
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.parsed {
            Some(time) => write!(f, "Timestamp({time})"),
            None => write!(f, "Timestamp(raw {:?})", self.raw),
        }
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.raw)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::parse)
    }
}

/// Where a package file is stored.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FileLocation {
    /// The OBS object holding the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub obs_location: Option<ObsLocation>,
}

impl FileLocation {
    /// A file in OBS.
    pub fn obs(location: ObsLocation) -> Self {
        Self {
            obs_location: Some(location),
        }
    }
}

/// An object in Huawei Cloud Object Storage Service (OBS).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ObsLocation {
    /// The OBS region, e.g. `cn-north-4`.
    #[serde(default)]
    pub region_name: String,
    /// The bucket.
    #[serde(default)]
    pub bucket_name: String,
    /// The object key (folder path included), e.g. `bbb/upgrade.bin`.
    #[serde(default)]
    pub object_key: String,
    /// The SHA-256 of the file as 64 hex digits, sent to devices with the upgrade.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign: Option<String>,
}

impl ObsLocation {
    /// An object in `bucket_name` of `region_name`.
    pub fn new(
        region_name: impl Into<String>,
        bucket_name: impl Into<String>,
        object_key: impl Into<String>,
    ) -> Self {
        Self {
            region_name: region_name.into(),
            bucket_name: bucket_name.into(),
            object_key: object_key.into(),
            sign: None,
        }
    }
}

/// An OTA upgrade package (`OtaPackageInfo`), as listed, shown or created.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OtaPackageInfo {
    /// The package id (≤ 36 characters of letters, digits and hyphens).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package_id: Option<String>,
    /// The resource space.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_id: Option<String>,
    /// Software or firmware.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package_type: Option<PackageType>,
    /// The product the package is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_id: Option<String>,
    /// The product's name (newer API versions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_name: Option<String>,
    /// The OTA module (newer API versions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub module_name: Option<String>,
    /// The package version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Device versions that may upgrade to this one (up to 20).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub support_source_versions: Option<Vec<String>>,
    /// What the package does (≤ 1024 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Information pushed to devices with the upgrade (≤ 4096 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_info: Option<String>,
    /// When the package was uploaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_time: Option<Timestamp>,
    /// Where the file is (show and create responses).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_location: Option<FileLocation>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use pkgmodel::time::macros::datetime;

    #[test]
    fn the_compact_parser_agrees_with_the_time_crates() {
        use pkgmodel::time::macros::format_description;
        let reference = format_description!("[year][month][day]T[hour][minute][second]Z");
        for raw in [
            "20230211T121212Z",
            "00000101T000000Z",
            "99991231T235959Z",
            "20240229T000000Z",
            "20230229T000000Z",
            "20230431T000000Z",
            "20230001T000000Z",
            "20230100T000000Z",
            "20230101T240000Z",
            "20230101T236000Z",
            "20230101T235960Z",
            "2023010T1235959Z",
            "20230101T235959z",
            "20230101t235959Z",
            "+2023101T235959Z",
            "２0230101T235959Z",
            "20230101T235959Z ",
            "20230101T23595Z",
        ] {
            let expected = PrimitiveDateTime::parse(raw, reference)
                .ok()
                .map(PrimitiveDateTime::assume_utc);
            assert_eq!(parse_compact(raw), expected, "{raw}");
        }
    }

    #[test]
    fn compact_times_parse_and_others_stay_raw() {
        let time = Timestamp::parse("20230211T121212Z");
        assert_eq!(time.datetime(), Some(datetime!(2023-02-11 12:12:12 UTC)));
        assert_eq!(time.raw(), "20230211T121212Z");
        for raw in ["2023-02-11T12:12:12Z", "20231311T121212Z", "", "soon"] {
            let time = Timestamp::parse(raw);
            assert_eq!(time.datetime(), None, "{raw}");
            assert_eq!(time.raw(), raw);
            assert_eq!(
                serde_json::to_string(&time).unwrap(),
                serde_json::to_string(raw).unwrap()
            );
        }
    }

    #[test]
    fn every_response_field_is_optional() {
        let info: OtaPackageInfo = serde_json::from_str("{}").unwrap();
        assert_eq!(info, OtaPackageInfo::default());
        assert_eq!(serde_json::to_string(&info).unwrap(), "{}");
    }
}
