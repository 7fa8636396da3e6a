//! Checks on caller input, shared by the clients: each fails with
//! [`Error::InvalidInput`] naming the field and the rule, before anything is sent.
//!
//! ```
//! use pkgruntime::validate;
//!
//! assert!(validate::identifier("app_id", "61f7e74d036aca5be29e1ed4", 36, &['_', '-']).is_ok());
//! let error = validate::identifier("app_id", "a b", 36, &['_', '-']).unwrap_err();
//! assert_eq!(
//!     error.to_string(),
//!     r#"invalid input: `app_id` must be 1 to 36 characters of letters, digits, underscores (_) and hyphens (-) (got "a b")"#
//! );
//! assert!(validate::in_range("page_size", 51, 1..=50).is_err());
//! assert!(validate::max_chars("description", "short", 1024).is_ok());
//! ```

use crate::Error;
use std::fmt::Display;
use std::ops::RangeInclusive;

/// `value` is 1 to `max_chars` characters of ASCII letters, digits and the `extra` characters.
pub fn identifier(field: &str, value: &str, max_chars: usize, extra: &[char]) -> Result<(), Error> {
    let length = value.chars().count();
    let valid = length > 0
        && length <= max_chars
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || extra.contains(&c));
    if valid {
        return Ok(());
    }
    let mut kinds: Vec<String> = vec!["letters".into(), "digits".into()];
    kinds.extend(extra.iter().map(|c| match c {
        '-' => "hyphens (-)".to_owned(),
        '_' => "underscores (_)".to_owned(),
        '.' => "periods (.)".to_owned(),
        other => format!("`{other}`"),
    }));
    let allowed = match kinds.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => kinds.join(""),
    };
    Err(Error::invalid_input(
        field,
        format!("must be 1 to {max_chars} characters of {allowed} (got {value:?})"),
    ))
}

/// `value` has at most `max` characters.
pub fn max_chars(field: &str, value: &str, max: usize) -> Result<(), Error> {
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
pub fn in_range<T: PartialOrd + Display + Copy>(
    field: &str,
    value: T,
    range: RangeInclusive<T>,
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

/// `value` holds no control characters (newlines, tabs, NUL…).
pub fn no_control_chars(field: &str, value: &str) -> Result<(), Error> {
    if value.chars().any(char::is_control) {
        return Err(Error::invalid_input(
            field,
            "must not contain control characters",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_name_their_characters() {
        let rule = |extra: &[char]| {
            identifier("id", "!", 8, extra)
                .unwrap_err()
                .invalid_field()
                .unwrap()
                .rule
                .clone()
        };
        assert_eq!(
            rule(&[]),
            r#"must be 1 to 8 characters of letters and digits (got "!")"#
        );
        assert_eq!(
            rule(&['-']),
            r#"must be 1 to 8 characters of letters, digits and hyphens (-) (got "!")"#
        );
        assert!(identifier("id", "", 8, &[]).is_err());
        assert!(identifier("id", "é", 8, &[]).is_err());
        assert!(identifier("id", &"a".repeat(9), 8, &[]).is_err());
        assert!(identifier("id", "a-b_c.d", 8, &['-', '_', '.']).is_ok());
    }

    #[test]
    fn ranges_lengths_and_control_characters() {
        assert_eq!(
            in_range("offset", 501_u32, 0..=500)
                .unwrap_err()
                .to_string(),
            "invalid input: `offset` must be between 0 and 500 (got 501)"
        );
        assert!(max_chars("d", &"é".repeat(4), 4).is_ok());
        assert!(max_chars("d", &"é".repeat(5), 4).is_err());
        assert!(no_control_chars("k", "a\nb").is_err());
        assert!(no_control_chars("k", "a b").is_ok());
    }
}
