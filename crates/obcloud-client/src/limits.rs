//! The rules the client checks before sending anything, so a bad value fails with
//! [`Error::InvalidInput`] naming the field and the rule instead of reaching the server.
//!
//! | value | rule |
//! |---|---|
//! | `instance_id`, `backup_set_id`, `project_id`, `organization_id` | 1 to 128 characters of `A-Z a-z 0-9 - _` |
//! | `request_id` | at most 128 characters of visible ASCII, no spaces (empty is allowed: Terraform sends `""`) |
//! | `access_key_id` | 1 to 128 characters of visible ASCII, no `"` or `\` (it is quoted in the Digest answer) |
//! | `page_size` | at least 1 (the maximum is unconfirmed) |
//! | filter texts (`instance_name`, `tag_list`) | no control characters |
//!
//! OceanBase Cloud documents no format for its identifiers; the ones it shows
//! (`bak-7aqvtc4ugvuo`, `bak-7aqvtc4ugvuo-1002`, `t7amdemq4iu9s`) fit this rule, which also
//! keeps an empty id from turning a get-one path into a listing.

use pkgruntime::Error;

/// The longest identifier accepted (OceanBase Cloud documents none; this bounds input).
pub(crate) const MAX_ID_CHARS: usize = 128;

/// `value` is an identifier: 1 to [`MAX_ID_CHARS`] characters of `A-Z a-z 0-9 - _`.
pub(crate) fn identifier(field: &str, value: &str) -> Result<(), Error> {
    pkgruntime::validate::identifier(field, value, MAX_ID_CHARS, &['-', '_'])
}

/// `value` is a request id: at most [`MAX_ID_CHARS`] characters of visible ASCII.
pub(crate) fn request_id(value: &str) -> Result<(), Error> {
    if value.len() <= MAX_ID_CHARS && value.bytes().all(|b| b.is_ascii_graphic()) {
        Ok(())
    } else {
        Err(Error::invalid_input(
            "request_id",
            format!(
                "must be at most {MAX_ID_CHARS} characters of visible ASCII without spaces \
                 (got {value:?})"
            ),
        ))
    }
}

/// `value` is an AccessKey id: 1 to [`MAX_ID_CHARS`] characters of visible ASCII without
/// `"` or `\`.
pub(crate) fn access_key_id(value: &str) -> Result<(), Error> {
    let valid = !value.is_empty()
        && value.len() <= MAX_ID_CHARS
        && value
            .bytes()
            .all(|b| b.is_ascii_graphic() && b != b'"' && b != b'\\');
    if valid {
        Ok(())
    } else {
        Err(Error::invalid_input(
            "access_key_id",
            format!(
                "must be 1 to {MAX_ID_CHARS} characters of visible ASCII without quotes or \
                 backslashes"
            ),
        ))
    }
}

/// `size` is at least 1.
pub(crate) fn page_size(size: u32) -> Result<(), Error> {
    if size >= 1 {
        Ok(())
    } else {
        Err(Error::invalid_input(
            "page_size",
            format!("must be at least 1 (got {size}; the maximum is not documented)"),
        ))
    }
}

pub(crate) use pkgruntime::validate::no_control_chars as text;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        for good in [
            "bak-7aqvtc4ugvuo",
            "bak-7aqvtc4ugvuo-1002",
            "t7amdemq4iu9s",
            "a_b",
        ] {
            assert!(identifier("id", good).is_ok(), "{good}");
        }
        let long = "a".repeat(MAX_ID_CHARS + 1);
        for bad in [
            "",
            ".",
            "..",
            "a/b",
            "a b",
            "a?b",
            "é",
            "a%2F",
            long.as_str(),
        ] {
            let error = identifier("backup_set_id", bad).unwrap_err();
            let input = error.invalid_field().unwrap();
            assert_eq!(input.field, "backup_set_id");
            assert!(input.rule.contains("letters, digits"), "{}", input.rule);
        }
    }

    #[test]
    fn request_ids_access_keys_and_sizes() {
        assert!(request_id("").is_ok());
        assert!(request_id("df209ed9-ae31-4e9e-bf75-76385afaadf9").is_ok());
        assert!(request_id("a b").is_err());
        assert!(request_id("a\nb").is_err());
        assert!(access_key_id("LTAI5t-AK").is_ok());
        for bad in ["", "a\"b", "a\\b", "a b"] {
            assert!(access_key_id(bad).is_err(), "{bad:?}");
        }
        assert!(page_size(1).is_ok());
        assert!(page_size(u32::MAX).is_ok());
        assert_eq!(
            page_size(0).unwrap_err().to_string(),
            "invalid input: `page_size` must be at least 1 (got 0; the maximum is not documented)"
        );
        assert!(text("instance_name", "prod db").is_ok());
        assert!(text("instance_name", "a\u{7}").is_err());
    }
}
