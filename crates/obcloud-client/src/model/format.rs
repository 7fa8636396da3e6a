//! How OceanBase Cloud's values look on the wire, in both directions.
//!
//! - **Times** are UTC with second precision, `2025-12-03T12:57:32Z`. Responses are read as
//!   RFC 3339 (any offset, with or without a fraction) and also as `2025-12-03 12:57:32`
//!   (taken as UTC); `null` and `""` mean absent. Query values are written in the documented
//!   form, always in UTC.
//! - **Numbers** may come as JSON numbers or as strings holding one (`"0.04"`, `"-1"`);
//!   `null` and `""` mean absent.
//! - **`downloadTaskId`** is `-1` when no download task exists: read as `None`, and written
//!   back as `-1`, the way the API sends it.

use pkgmodel::time::format_description::FormatItem;
use pkgmodel::time::format_description::well_known::Rfc3339;
use pkgmodel::time::macros::format_description;
use pkgmodel::time::{Duration, OffsetDateTime, PrimitiveDateTime, UtcOffset};
use serde::Serializer;
use serde::de;
use std::fmt;

/// The documented form: `2025-12-03T12:57:32Z`.
const UTC_SECONDS: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");

/// A form some OceanBase pages show: `2025-12-03 12:57:32` (UTC).
const SPACE_SEPARATED: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");

/// The sentinel `downloadTaskId` meaning "no download task".
pub(crate) const NO_DOWNLOAD_TASK: i64 = -1;

/// Parses a time as OceanBase Cloud sends it; `None` if it is in neither accepted form, or
/// if it falls outside the years the `time` crate holds once taken to UTC (e.g.
/// `9999-12-31T23:59:59-01:00`).
pub(crate) fn parse_time(text: &str) -> Option<OffsetDateTime> {
    let text = text.trim();
    OffsetDateTime::parse(text, &Rfc3339)
        .ok()
        .or_else(|| {
            PrimitiveDateTime::parse(text, SPACE_SEPARATED)
                .ok()
                .map(PrimitiveDateTime::assume_utc)
        })
        .and_then(|time| time.checked_to_offset(UtcOffset::UTC))
}

/// `time` in UTC as `YYYY-MM-DDTHH:MM:SSZ`, the fraction of a second dropped; `None` for
/// years outside 0000–9999, which the format cannot express.
pub(crate) fn format_utc_seconds(time: OffsetDateTime) -> Option<String> {
    let utc = time.checked_to_offset(UtcOffset::UTC)?;
    if !(0..=9999).contains(&utc.year()) {
        return None;
    }
    utc.format(UTC_SECONDS).ok()
}

/// The start of the second holding `time` (in UTC, unless UTC is beyond the years the
/// `time` crate holds: then at `time`'s own offset).
pub(crate) fn floor_to_second(time: OffsetDateTime) -> OffsetDateTime {
    let floor = time.replace_nanosecond(0).unwrap_or(time);
    floor.checked_to_offset(UtcOffset::UTC).unwrap_or(floor)
}

/// The first whole second at or after `time` (in UTC); `None` past the last representable
/// second.
pub(crate) fn ceil_to_second(time: OffsetDateTime) -> Option<OffsetDateTime> {
    let floor = floor_to_second(time);
    if floor == time {
        Some(floor)
    } else {
        floor.checked_add(Duration::SECOND)
    }
}

/// `Option<OffsetDateTime>` fields: read leniently, written in the documented form (with a
/// fraction only when the value has one).
pub(crate) mod option_time {
    use super::{OffsetDateTime, Rfc3339, Serializer, UtcOffset, de, fmt, parse_time};
    use serde::Deserializer;

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<OffsetDateTime>, D::Error> {
        struct TimeVisitor;

        impl<'de> de::Visitor<'de> for TimeVisitor {
            type Value = Option<OffsetDateTime>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a UTC time such as \"2025-12-03T12:57:32Z\", null or \"\"")
            }

            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }

            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }

            fn visit_some<D: Deserializer<'de>>(
                self,
                deserializer: D,
            ) -> Result<Self::Value, D::Error> {
                deserializer.deserialize_any(self)
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
                if text.trim().is_empty() {
                    return Ok(None);
                }
                parse_time(text)
                    .map(Some)
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Str(text), &self))
            }
        }

        deserializer.deserialize_any(TimeVisitor)
    }

    #[allow(clippy::ref_option)] // serde's `serialize_with` passes `&Option<T>`.
    pub(crate) fn serialize<S: Serializer>(
        time: &Option<OffsetDateTime>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match time {
            Some(time) => {
                let text = time
                    .checked_to_offset(UtcOffset::UTC)
                    .ok_or_else(|| {
                        serde::ser::Error::custom("the time is out of range once taken to UTC")
                    })?
                    .format(&Rfc3339)
                    .map_err(serde::ser::Error::custom)?;
                serializer.serialize_str(&text)
            }
            None => serializer.serialize_none(),
        }
    }
}

/// `downloadTaskId`: `-1` (no task) reads as `None`, and `None` is written back as `-1`.
pub(crate) mod download_task_id {
    use super::NO_DOWNLOAD_TASK;
    use pkgmodel::lenient::option_i64_from_number_or_string;
    use serde::{Deserializer, Serializer};

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<i64>, D::Error> {
        Ok(option_i64_from_number_or_string(deserializer)?.filter(|id| *id != NO_DOWNLOAD_TASK))
    }

    #[allow(clippy::ref_option)] // serde's `serialize_with` passes `&Option<T>`.
    pub(crate) fn serialize<S: Serializer>(
        id: &Option<i64>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(id.unwrap_or(NO_DOWNLOAD_TASK))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pkgmodel::time::macros::datetime;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, Deserialize, Serialize)]
    struct Row {
        #[serde(default, with = "option_time")]
        time: Option<OffsetDateTime>,
        #[serde(
            default,
            deserialize_with = "pkgmodel::lenient::option_f64_from_number_or_string"
        )]
        size: Option<f64>,
        #[serde(
            default,
            deserialize_with = "pkgmodel::lenient::option_i64_from_number_or_string"
        )]
        version: Option<i64>,
        #[serde(default, with = "download_task_id")]
        task: Option<i64>,
    }

    fn row(json: &str) -> Result<Row, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn times_in_every_accepted_form() {
        for (text, expected) in [
            ("2025-12-03T12:57:32Z", datetime!(2025-12-03 12:57:32 UTC)),
            (
                "2025-12-03T20:57:32+08:00",
                datetime!(2025-12-03 12:57:32 UTC),
            ),
            (
                "2025-12-03T12:57:32.250Z",
                datetime!(2025-12-03 12:57:32.25 UTC),
            ),
            ("2025-12-03 12:57:32", datetime!(2025-12-03 12:57:32 UTC)),
        ] {
            let time = row(&format!(r#"{{"time":"{text}"}}"#)).unwrap().time;
            assert_eq!(time, Some(expected), "{text}");
            assert_eq!(time.unwrap().offset(), UtcOffset::UTC, "{text}");
        }
        for absent in [r#"{"time":null}"#, r#"{"time":""}"#, "{}"] {
            assert_eq!(row(absent).unwrap().time, None, "{absent}");
        }
        for bad in [r#"{"time":"yesterday"}"#, r#"{"time":1733230652}"#] {
            assert!(row(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn times_are_written_in_the_documented_form() {
        let mut value = row(r#"{"time":"2025-12-03T20:57:32+08:00"}"#).unwrap();
        let json = serde_json::to_value(&value).unwrap();
        assert_eq!(json["time"], "2025-12-03T12:57:32Z");
        value.time = None;
        assert_eq!(
            serde_json::to_value(&value).unwrap()["time"],
            serde_json::Value::Null
        );
        assert_eq!(
            format_utc_seconds(datetime!(2025-12-03 20:57:32.9 +08:00)).as_deref(),
            Some("2025-12-03T12:57:32Z")
        );
        assert_eq!(format_utc_seconds(datetime!(-0001-01-01 0:00 UTC)), None);
    }

    #[test]
    fn times_beyond_the_range_in_utc_are_refused_not_a_panic() {
        // Regression (found by tests/properties.rs): a time whose UTC equivalent is past
        // 9999-12-31 or before -9999-01-01 panicked in `to_offset`.
        for text in [
            "9999-12-31T23:59:59-23:59",
            "9999-12-31T23:00:00-01:00",
            "-9999-01-01T00:00:00+00:01",
        ] {
            assert_eq!(parse_time(text), None, "{text}");
            assert!(row(&format!(r#"{{"time":"{text}"}}"#)).is_err(), "{text}");
        }
        let last = datetime!(9999-12-31 23:59:59.5 -01:00);
        assert_eq!(format_utc_seconds(last), None);
        assert_eq!(floor_to_second(last), datetime!(9999-12-31 23:59:59 -01:00));
        assert_eq!(ceil_to_second(last), None);
        let value = Row {
            time: Some(last),
            size: None,
            version: None,
            task: None,
        };
        assert!(serde_json::to_value(&value).is_err());
    }

    #[test]
    fn rounding_to_whole_seconds() {
        let exact = datetime!(2025-12-03 12:57:32 UTC);
        let late = datetime!(2025-12-03 12:57:32.001 UTC);
        assert_eq!(floor_to_second(late), exact);
        assert_eq!(
            ceil_to_second(late),
            Some(datetime!(2025-12-03 12:57:33 UTC))
        );
        assert_eq!(ceil_to_second(exact), Some(exact));
        assert_eq!(
            floor_to_second(datetime!(2025-12-03 20:57:32.5 +08:00)),
            exact
        );
    }

    #[test]
    fn numbers_as_numbers_or_strings() {
        let value = row(r#"{"size":0.04,"version":123000325}"#).unwrap();
        assert_eq!((value.size, value.version), (Some(0.04), Some(123_000_325)));
        let value = row(r#"{"size":"1.5","version":"7"}"#).unwrap();
        assert_eq!((value.size, value.version), (Some(1.5), Some(7)));
        let value = row(r#"{"size":3,"version":2.0}"#).unwrap();
        assert_eq!((value.size, value.version), (Some(3.0), Some(2)));
        let value = row(r#"{"size":"","version":null}"#).unwrap();
        assert_eq!((value.size, value.version), (None, None));
        for bad in [
            r#"{"size":"big"}"#,
            r#"{"size":true}"#,
            r#"{"version":1.5}"#,
            r#"{"version":"one"}"#,
            r#"{"version":18446744073709551615}"#,
        ] {
            assert!(row(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_download_task_sentinel() {
        assert_eq!(row(r#"{"task":-1}"#).unwrap().task, None);
        assert_eq!(row(r#"{"task":"-1"}"#).unwrap().task, None);
        assert_eq!(row(r#"{"task":null}"#).unwrap().task, None);
        assert_eq!(row(r#"{"task":42}"#).unwrap().task, Some(42));
        assert_eq!(row(r#"{"task":"42"}"#).unwrap().task, Some(42));
        let none = row("{}").unwrap();
        assert_eq!(serde_json::to_value(&none).unwrap()["task"], -1);
    }
}
