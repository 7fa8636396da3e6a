//! [`LenientU64`]: a count Oracle may send as a number or as a string, kept as sent.

use pkgmodel::lenient;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;

/// A non-negative integer that Oracle sends either as a JSON number or as a string
/// (`"minVersion": "1"`, `"minSize": "1311"`, `"maxSize": ""`).
///
/// [`value`](Self::value) is the parsed number — `None` for a blank string or text that is
/// not a non-negative integer — and the value as sent is kept, so it serialises back exactly
/// (a string stays a string, `""` stays `""`). Text that is not a number is not an error:
/// the field is informational, and one odd value must not make a whole package unreadable.
///
/// ```
/// use appstore_client::LenientU64;
///
/// let sizes: Vec<LenientU64> = serde_json::from_str(r#"["1311", "", 42, "unlimited"]"#)?;
/// assert_eq!(sizes[0].value(), Some(1311));
/// assert_eq!(sizes[1].value(), None);
/// assert!(sizes[1].is_blank());
/// assert_eq!(sizes[2].value(), Some(42));
/// assert_eq!(sizes[3].value(), None);
/// assert_eq!(sizes[3].raw(), "unlimited");
/// assert_eq!(serde_json::to_string(&sizes)?, r#"["1311","",42,"unlimited"]"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct LenientU64 {
    raw: Raw,
    value: Option<u64>,
}

/// How the value was sent.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Raw {
    Text(String),
    Number(serde_json::Number),
}

impl LenientU64 {
    /// A value sent as a JSON number.
    pub fn number(value: u64) -> Self {
        Self {
            raw: Raw::Number(value.into()),
            value: Some(value),
        }
    }

    /// A value sent as a string (parsed as decimal digits, blanks around them allowed).
    pub fn text(raw: impl Into<String>) -> Self {
        let raw = raw.into();
        let value = lenient::parse_u64(&raw);
        Self {
            raw: Raw::Text(raw),
            value,
        }
    }

    /// The number, when the value is a non-negative integer.
    pub fn value(&self) -> Option<u64> {
        self.value
    }

    /// The value as sent, as text (`"1311"`, `""`, `42`).
    pub fn raw(&self) -> Cow<'_, str> {
        match &self.raw {
            Raw::Text(text) => Cow::Borrowed(text),
            Raw::Number(number) => Cow::Owned(number.to_string()),
        }
    }

    /// Whether the value was sent as a JSON string.
    pub fn is_text(&self) -> bool {
        matches!(self.raw, Raw::Text(_))
    }

    /// Whether the value is an empty (or all-blank) string, Oracle's way of saying "none".
    pub fn is_blank(&self) -> bool {
        matches!(&self.raw, Raw::Text(text) if text.trim().is_empty())
    }
}

impl From<u64> for LenientU64 {
    fn from(value: u64) -> Self {
        Self::number(value)
    }
}

impl fmt::Debug for LenientU64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.raw {
            Raw::Text(text) => write!(f, "LenientU64({text:?})"),
            Raw::Number(number) => write!(f, "LenientU64({number})"),
        }
    }
}

impl fmt::Display for LenientU64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw())
    }
}

impl Serialize for LenientU64 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.raw {
            Raw::Text(text) => serializer.serialize_str(text),
            Raw::Number(number) => number.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for LenientU64 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LenientVisitor)
    }
}

struct LenientVisitor;

impl Visitor<'_> for LenientVisitor {
    type Value = LenientU64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number or a string")
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<LenientU64, E> {
        Ok(LenientU64::number(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<LenientU64, E> {
        Ok(LenientU64 {
            raw: Raw::Number(value.into()),
            value: u64::try_from(value).ok(),
        })
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<LenientU64, E> {
        // Integral floats within f64's exact range (e.g. `1.0e3`) count; nothing else.
        const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
        let number = serde_json::Number::from_f64(value)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Float(value), &self))?;
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let parsed =
            (value.fract() == 0.0 && (0.0..=EXACT).contains(&value)).then_some(value as u64);
        Ok(LenientU64 {
            raw: Raw::Number(number),
            value: parsed,
        })
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<LenientU64, E> {
        Ok(LenientU64::text(value))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<LenientU64, E> {
        Ok(LenientU64::text(value))
    }
}

/// Decodes optional text from a JSON string, number or boolean (kept as its text), or
/// `null`. Oracle is loose with types; a value sent as `8080` rather than `"8080"` must not
/// make a package unreadable.
pub(crate) fn option_text<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    deserializer.deserialize_any(TextVisitor)
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, a number, a boolean or null")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<String>, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<String>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<String>, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Option<String>, E> {
        Ok(Some(value.to_string()))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Option<String>, E> {
        Ok(Some(value.to_string()))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Option<String>, E> {
        Ok(Some(value.to_string()))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Option<String>, E> {
        Ok(Some(value.to_string()))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Option<String>, E> {
        Ok(Some(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Option<String>, E> {
        Ok(Some(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, Serialize)]
    struct Holder {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        n: Option<LenientU64>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "option_text"
        )]
        t: Option<String>,
    }

    fn round_trip(json: &str) -> String {
        let holder: Holder = serde_json::from_str(json).unwrap();
        serde_json::to_string(&holder).unwrap()
    }

    #[test]
    fn values_keep_their_form() {
        for json in [
            r#"{"n":"1"}"#,
            r#"{"n":""}"#,
            r#"{"n":7}"#,
            r#"{"n":-2}"#,
            r#"{"n":1.5}"#,
            r#"{"n":" 12 "}"#,
            "{}",
        ] {
            assert_eq!(round_trip(json), json);
        }
        assert_eq!(round_trip(r#"{"n":null}"#), "{}");
    }

    #[test]
    fn parsing_follows_pkgmodel_lenient() {
        let parse = |json: &str| serde_json::from_str::<LenientU64>(json).unwrap().value();
        assert_eq!(parse(r#""1311""#), Some(1311));
        assert_eq!(parse(r#"" 7 ""#), Some(7));
        assert_eq!(parse(r#""+1""#), None);
        assert_eq!(parse(r#""18446744073709551616""#), None);
        assert_eq!(parse("-1"), None);
        assert_eq!(parse("1e3"), Some(1000));
        assert!(serde_json::from_str::<LenientU64>("[]").is_err());
        assert!(serde_json::from_str::<LenientU64>("true").is_err());
    }

    #[test]
    fn text_accepts_scalars() {
        let holder: Holder = serde_json::from_str(r#"{"t":8080}"#).unwrap();
        assert_eq!(holder.t.as_deref(), Some("8080"));
        let holder: Holder = serde_json::from_str(r#"{"t":true}"#).unwrap();
        assert_eq!(holder.t.as_deref(), Some("true"));
        let holder: Holder = serde_json::from_str(r#"{"t":null}"#).unwrap();
        assert_eq!(holder.t, None);
        assert!(serde_json::from_str::<Holder>(r#"{"t":{}}"#).is_err());
    }
}
