//! Lenient decoding of numbers that vendors send either as JSON numbers or as strings.
//!
//! OCP writes integers beyond 2⁵³ as strings; Oracle sends `"minVersion": "1"` and
//! `"maxSize": ""`. Use these with `#[serde(deserialize_with = "…")]`; a value that is neither
//! a non-negative integer nor a string holding one is a decode error naming the field.
//!
//! ```
//! #[derive(serde::Deserialize)]
//! struct Meta {
//!     #[serde(deserialize_with = "pkgmodel::lenient::u64_from_number_or_string")]
//!     size: u64,
//!     #[serde(default, deserialize_with = "pkgmodel::lenient::option_u64_from_number_or_string")]
//!     max_size: Option<u64>,
//! }
//!
//! let a: Meta = serde_json::from_str(r#"{"size": 31017340, "max_size": ""}"#)?;
//! let b: Meta = serde_json::from_str(r#"{"size": "18446744073709551615", "max_size": "1311"}"#)?;
//! assert_eq!((a.size, a.max_size), (31_017_340, None));
//! assert_eq!((b.size, b.max_size), (u64::MAX, Some(1311)));
//! assert!(serde_json::from_str::<Meta>(r#"{"size": -1}"#).is_err());
//! assert!(serde_json::from_str::<Meta>(r#"{"size": "12 MB"}"#).is_err());
//! # Ok::<(), serde_json::Error>(())
//! ```

use serde::Deserializer;
use serde::de::{self, Visitor};
use std::fmt;

/// Decodes a `u64` from a JSON number or a string of decimal digits.
pub fn u64_from_number_or_string<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<u64, D::Error> {
    deserializer.deserialize_any(U64Visitor)
}

/// Decodes an optional `u64` from a JSON number, a string of decimal digits, `null`, or an
/// empty (or all-blank) string, which mean `None`.
pub fn option_u64_from_number_or_string<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<u64>, D::Error> {
    deserializer.deserialize_any(OptionU64Visitor)
}

/// Parses the text form: decimal digits, surrounding blanks allowed.
pub fn parse_u64(text: &str) -> Option<u64> {
    let text = text.trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

struct U64Visitor;

impl Visitor<'_> for U64Visitor {
    type Value = u64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a non-negative integer, as a number or a string")
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<u64, E> {
        Ok(value)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<u64, E> {
        u64::try_from(value).map_err(|_| E::invalid_value(de::Unexpected::Signed(value), &self))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<u64, E> {
        // Integral floats within f64's exact range (e.g. `1.0e3`), nothing else.
        const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
        if value.fract() == 0.0 && (0.0..=EXACT).contains(&value) {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            return Ok(value as u64);
        }
        Err(E::invalid_value(de::Unexpected::Float(value), &self))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<u64, E> {
        parse_u64(value).ok_or_else(|| E::invalid_value(de::Unexpected::Str(value), &self))
    }
}

struct OptionU64Visitor;

impl<'de> Visitor<'de> for OptionU64Visitor {
    type Value = Option<u64>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a non-negative integer, as a number or a string, or null or \"\"")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<u64>, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<u64>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<u64>, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Option<u64>, E> {
        U64Visitor.visit_u64(value).map(Some)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Option<u64>, E> {
        U64Visitor.visit_i64(value).map(Some)
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Option<u64>, E> {
        U64Visitor.visit_f64(value).map(Some)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Option<u64>, E> {
        if value.trim().is_empty() {
            return Ok(None);
        }
        U64Visitor.visit_str(value).map(Some)
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
