//! Lenient decoding of numbers that vendors send either as JSON numbers or as strings.
//!
//! OCP writes integers beyond 2⁵³ as strings; Oracle sends `"minVersion": "1"` and
//! `"maxSize": ""`; OceanBase Cloud's sizes are floats. Use these with
//! `#[serde(deserialize_with = "…")]`; a value that is neither a number of the right kind nor
//! a string holding one is a decode error naming the field. In the `option_*` forms, `null`
//! and blank strings mean `None`.
//!
//! ```
//! #[derive(serde::Deserialize)]
//! struct Meta {
//!     #[serde(deserialize_with = "pkgmodel::lenient::u64_from_number_or_string")]
//!     size: u64,
//!     #[serde(default, deserialize_with = "pkgmodel::lenient::option_u64_from_number_or_string")]
//!     max_size: Option<u64>,
//!     #[serde(default, deserialize_with = "pkgmodel::lenient::option_f64_from_number_or_string")]
//!     gib: Option<f64>,
//! }
//!
//! let a: Meta = serde_json::from_str(r#"{"size": 31017340, "max_size": "", "gib": "0.04"}"#)?;
//! let b: Meta = serde_json::from_str(r#"{"size": "18446744073709551615", "max_size": "1311"}"#)?;
//! assert_eq!((a.size, a.max_size, a.gib), (31_017_340, None, Some(0.04)));
//! assert_eq!((b.size, b.max_size, b.gib), (u64::MAX, Some(1311), None));
//! assert!(serde_json::from_str::<Meta>(r#"{"size": -1}"#).is_err());
//! assert!(serde_json::from_str::<Meta>(r#"{"size": "12 MB"}"#).is_err());
//! # Ok::<(), serde_json::Error>(())
//! ```

use serde::Deserializer;
use serde::de::{self, Visitor};
use std::fmt;

/// The largest integer an `f64` holds exactly (2⁵³).
const EXACT: f64 = 9_007_199_254_740_992.0;

/// Decodes a `u64` from a JSON number or a string of decimal digits.
pub fn u64_from_number_or_string<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<u64, D::Error> {
    option_u64_from_number_or_string(deserializer)?.ok_or_else(|| {
        de::Error::custom("expected a non-negative integer, got null or an empty string")
    })
}

/// Decodes an optional `u64` from a JSON number, a string of decimal digits, `null`, or a
/// blank string.
pub fn option_u64_from_number_or_string<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<u64>, D::Error> {
    deserializer.deserialize_any(NumberVisitor {
        parse: parse_u64,
        from_f64: |value| integral(value).and_then(|value| u64::try_from(value).ok()),
        from_i64: |value| u64::try_from(value).ok(),
        from_u64: Some,
        expecting: "a non-negative integer, as a number or a string, or null or \"\"",
    })
}

/// Decodes an optional `i64` from a JSON integer, a string of one, `null`, or a blank string.
pub fn option_i64_from_number_or_string<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<i64>, D::Error> {
    deserializer.deserialize_any(NumberVisitor {
        parse: |text| text.parse().ok(),
        from_f64: integral,
        from_i64: Some,
        from_u64: |value| i64::try_from(value).ok(),
        expecting: "an integer, as a number or a string, or null or \"\"",
    })
}

/// Decodes an optional finite `f64` from a JSON number, a numeric string, `null`, or a
/// blank string.
pub fn option_f64_from_number_or_string<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<f64>, D::Error> {
    #[allow(
        clippy::cast_precision_loss,
        reason = "integers given for a float field"
    )]
    deserializer.deserialize_any(NumberVisitor {
        parse: |text| text.parse::<f64>().ok().filter(|value| value.is_finite()),
        from_f64: |value| value.is_finite().then_some(value),
        from_i64: |value| Some(value as f64),
        from_u64: |value| Some(value as f64),
        expecting: "a number, as a number or a string, or null or \"\"",
    })
}

/// Parses the text form of a `u64`: decimal digits, surrounding blanks allowed.
pub fn parse_u64(text: &str) -> Option<u64> {
    let text = text.trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// An integral float within f64's exact range (e.g. `1.0e3`) as an `i64`, nothing else.
fn integral(value: f64) -> Option<i64> {
    #[allow(
        clippy::cast_possible_truncation,
        reason = "integral and within ±2^53: exact"
    )]
    (value.fract() == 0.0 && (-EXACT..=EXACT).contains(&value)).then_some(value as i64)
}

/// A number as a JSON number or a string holding one; `null` and blank strings are `None`.
struct NumberVisitor<T> {
    parse: fn(&str) -> Option<T>,
    from_f64: fn(f64) -> Option<T>,
    from_i64: fn(i64) -> Option<T>,
    from_u64: fn(u64) -> Option<T>,
    expecting: &'static str,
}

impl<'de, T> Visitor<'de> for NumberVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        (self.from_u64)(value)
            .map(Some)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Unsigned(value), &self))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        (self.from_i64)(value)
            .map(Some)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Signed(value), &self))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
        (self.from_f64)(value)
            .map(Some)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Float(value), &self))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        if text.trim().is_empty() {
            return Ok(None);
        }
        (self.parse)(text.trim())
            .map(Some)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Str(text), &self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    struct Required {
        #[serde(deserialize_with = "u64_from_number_or_string")]
        n: u64,
    }

    #[derive(Debug, Deserialize)]
    struct Optional {
        #[serde(default, deserialize_with = "option_u64_from_number_or_string")]
        n: Option<u64>,
    }

    fn required(json: &str) -> Result<u64, serde_json::Error> {
        serde_json::from_str::<Required>(&format!(r#"{{"n":{json}}}"#)).map(|r| r.n)
    }

    fn optional(json: &str) -> Result<Option<u64>, serde_json::Error> {
        serde_json::from_str::<Optional>(&format!(r#"{{"n":{json}}}"#)).map(|r| r.n)
    }

    #[test]
    fn required_accepts_numbers_and_digit_strings_only() {
        assert_eq!(required("12").unwrap(), 12);
        assert_eq!(required(r#""12""#).unwrap(), 12);
        assert_eq!(required(r#"" 7 ""#).unwrap(), 7);
        assert_eq!(required("1e3").unwrap(), 1000);
        for bad in [
            "-1",
            "1.5",
            r#""""#,
            r#""+1""#,
            r#""1e3""#,
            r#""18446744073709551616""#,
            "null",
            "true",
            "[]",
        ] {
            assert!(required(bad).is_err(), "{bad}");
        }
    }

    #[derive(Debug, Deserialize)]
    struct Signed {
        #[serde(default, deserialize_with = "option_i64_from_number_or_string")]
        n: Option<i64>,
    }

    #[derive(Debug, Deserialize)]
    struct Float {
        #[serde(default, deserialize_with = "option_f64_from_number_or_string")]
        n: Option<f64>,
    }

    #[test]
    fn signed_and_float_forms() {
        let signed =
            |json: &str| serde_json::from_str::<Signed>(&format!(r#"{{"n":{json}}}"#)).map(|r| r.n);
        assert_eq!(signed("-1").unwrap(), Some(-1));
        assert_eq!(signed(r#""-1""#).unwrap(), Some(-1));
        assert_eq!(signed("2.0").unwrap(), Some(2));
        assert!(signed("2.5").is_err());
        assert!(signed("18446744073709551615").is_err());
        let float =
            |json: &str| serde_json::from_str::<Float>(&format!(r#"{{"n":{json}}}"#)).map(|r| r.n);
        assert_eq!(float("0.04").unwrap(), Some(0.04));
        assert_eq!(float(r#""0.04""#).unwrap(), Some(0.04));
        assert_eq!(float("3").unwrap(), Some(3.0));
        assert_eq!(float("null").unwrap(), None);
        assert!(float(r#""NaN""#).is_err());
        assert!(float(r#""lots""#).is_err());
    }

    #[test]
    fn optional_maps_null_blank_and_missing_to_none() {
        assert_eq!(optional("null").unwrap(), None);
        assert_eq!(optional(r#""""#).unwrap(), None);
        assert_eq!(optional(r#""  ""#).unwrap(), None);
        assert_eq!(optional(r#""1311""#).unwrap(), Some(1311));
        assert_eq!(optional("1").unwrap(), Some(1));
        assert_eq!(serde_json::from_str::<Optional>("{}").unwrap().n, None);
        assert!(optional(r#""abc""#).is_err());
        assert!(optional("-3").is_err());
    }
}
