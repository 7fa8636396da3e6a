//! IoTDA's documented limits on identifiers and texts, checked before any request is sent.
//!
//! | field | rule |
//! |---|---|
//! | `package_id` | ≤ 36 characters of `A-Z a-z 0-9 -` |
//! | `app_id`, `product_id` | ≤ 36 characters of `A-Z a-z 0-9 _ -` |
//! | `version`, each source version | ≤ 256 characters of `A-Z a-z 0-9 _ - .` |
//! | `module_name` | ≤ 64 characters of `A-Z a-z 0-9 _ - .` |
//! | `marker` | exactly 24 hexadecimal digits |
//! | `description` / `custom_info` | ≤ 1024 / ≤ 4096 characters |

use pkgruntime::Error;

/// Characters allowed in an identifier or version.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Charset {
    /// `A-Z a-z 0-9 -`.
    Hyphen,
    /// `A-Z a-z 0-9 _ -`.
    UnderscoreHyphen,
    /// `A-Z a-z 0-9 _ - .`.
    UnderscoreHyphenDot,
}

impl Charset {
    fn allows(self, c: char) -> bool {
        c.is_ascii_alphanumeric()
            || match self {
                Self::Hyphen => c == '-',
                Self::UnderscoreHyphen => c == '-' || c == '_',
                Self::UnderscoreHyphenDot => c == '-' || c == '_' || c == '.',
            }
    }

    fn describe(self) -> &'static str {
        match self {
            Self::Hyphen => "letters, digits and hyphens (-)",
            Self::UnderscoreHyphen => "letters, digits, underscores (_) and hyphens (-)",
            Self::UnderscoreHyphenDot => {
                "letters, digits, underscores (_), hyphens (-) and periods (.)"
            }
        }
    }
}

/// `value` is 1 to `max` characters from `charset`.
pub(crate) fn identifier(
    field: &str,
    value: &str,
    max: usize,
    charset: Charset,
) -> Result<(), Error> {
    let length = value.chars().count();
    if length == 0 || length > max || !value.chars().all(|c| charset.allows(c)) {
        return Err(Error::invalid_input(
            field,
            format!(
                "must be 1 to {max} characters of {} (got {value:?})",
                charset.describe()
            ),
        ));
    }
    Ok(())
}

/// `value` has at most `max` characters.
pub(crate) fn text(field: &str, value: &str, max: usize) -> Result<(), Error> {
    let length = value.chars().count();
    if length > max {
        return Err(Error::invalid_input(
            field,
            format!("must be at most {max} characters (got {length})"),
        ));
    }
    Ok(())
}

/// `value` is within `range`.
pub(crate) fn range(
    field: &str,
    value: u32,
    range: std::ops::RangeInclusive<u32>,
) -> Result<(), Error> {
    if !range.contains(&value) {
        return Err(Error::invalid_input(
            field,
            format!(
                "must be between {} and {} (got {value})",
                range.start(),
                range.end()
            ),
        ));
    }
    Ok(())
}

/// `value` is a 24-digit hexadecimal marker.
pub(crate) fn marker(value: &str) -> Result<(), Error> {
    if value.len() != 24 || !value.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Error::invalid_input(
            "marker",
            format!("must be 24 hexadecimal digits (got {value:?})"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        assert!(
            identifier(
                "app_id",
                "61f7e74d036aca5be29e1ed4",
                36,
                Charset::UnderscoreHyphen
            )
            .is_ok()
        );
        assert!(identifier("app_id", &"a".repeat(36), 36, Charset::UnderscoreHyphen).is_ok());
        for bad in ["", &"a".repeat(37), "a b", "a.b", "é", "a/b"] {
            let error = identifier("app_id", bad, 36, Charset::UnderscoreHyphen).unwrap_err();
            assert_eq!(error.invalid_field().unwrap().field, "app_id", "{bad}");
        }
        assert!(identifier("version", "V1.0_beta-2", 256, Charset::UnderscoreHyphenDot).is_ok());
        assert!(identifier("package_id", "a_b", 36, Charset::Hyphen).is_err());
    }

    #[test]
    fn markers_ranges_and_texts() {
        assert!(marker("5c90fa7d3c4e4405e8525079").is_ok());
        assert!(marker("ffffffffffffffffffffffff").is_ok());
        for bad in [
            "",
            "5c90fa7d",
            "5c90fa7d3c4e4405e852507g",
            "28f61af50fc9452aa0ed5ea25c3cc3d3",
        ] {
            assert!(marker(bad).is_err(), "{bad}");
        }
        assert!(range("page_size", 50, 1..=50).is_ok());
        assert_eq!(
            range("page_size", 51, 1..=50).unwrap_err().to_string(),
            "invalid input: `page_size` must be between 1 and 50 (got 51)"
        );
        assert!(text("description", &"x".repeat(1024), 1024).is_ok());
        assert!(text("description", &"x".repeat(1025), 1024).is_err());
    }
}
