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
pub(crate) use pkgruntime::validate::{identifier, in_range as range, max_chars as text};

/// `A-Z a-z 0-9 -` (with the letters and digits [`identifier`] always allows).
pub(crate) const HYPHEN: &[char] = &['-'];
/// `A-Z a-z 0-9 _ -`.
pub(crate) const UNDERSCORE_HYPHEN: &[char] = &['_', '-'];
/// `A-Z a-z 0-9 _ - .`.
pub(crate) const UNDERSCORE_HYPHEN_DOT: &[char] = &['_', '-', '.'];

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
        assert!(identifier("app_id", "61f7e74d036aca5be29e1ed4", 36, UNDERSCORE_HYPHEN).is_ok());
        assert!(identifier("app_id", &"a".repeat(36), 36, UNDERSCORE_HYPHEN).is_ok());
        for bad in ["", &"a".repeat(37), "a b", "a.b", "é", "a/b"] {
            let error = identifier("app_id", bad, 36, UNDERSCORE_HYPHEN).unwrap_err();
            assert_eq!(error.invalid_field().unwrap().field, "app_id", "{bad}");
        }
        assert!(identifier("version", "V1.0_beta-2", 256, UNDERSCORE_HYPHEN_DOT).is_ok());
        assert!(identifier("package_id", "a_b", 36, HYPHEN).is_err());
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
