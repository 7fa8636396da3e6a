//! Parsing `Retry-After`: delay-seconds or an HTTP-date (RFC 9110 §10.2.3).
//!
//! ```
//! use pkgruntime::parse_retry_after;
//! use std::time::{Duration, SystemTime, UNIX_EPOCH};
//!
//! let now = UNIX_EPOCH + Duration::from_secs(1_445_412_480); // Wed, 21 Oct 2015 07:28:00 GMT
//! assert_eq!(parse_retry_after("120", now), Some(Duration::from_secs(120)));
//! assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now), Some(Duration::from_secs(30)));
//! assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:27:00 GMT", now), Some(Duration::ZERO));
//! assert_eq!(parse_retry_after("soon", now), None);
//! ```

use std::time::{Duration, SystemTime};

/// The delay a `Retry-After` value asks for, measured from `now`; `None` if it is neither
/// delay-seconds nor an HTTP-date. A date in the past means "now" (zero).
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Absurdly long digit strings saturate rather than fail.
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    #[test]
    fn rejects_what_is_neither_form() {
        let now = UNIX_EPOCH;
        for value in [
            "",
            " ",
            "-1",
            "1.5",
            "10s",
            "tomorrow",
            "Wed, 32 Oct 2015 07:28:00 GMT",
        ] {
            assert_eq!(parse_retry_after(value, now), None, "{value:?}");
        }
    }

    #[test]
    fn accepts_whitespace_and_huge_numbers() {
        assert_eq!(
            parse_retry_after(" 3 ", UNIX_EPOCH),
            Some(Duration::from_secs(3))
        );
        assert_eq!(
            parse_retry_after("99999999999999999999999", UNIX_EPOCH),
            Some(Duration::from_secs(u64::MAX))
        );
    }

    #[test]
    fn accepts_obsolete_date_formats() {
        let now = UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
        assert_eq!(
            parse_retry_after("Sunday, 06-Nov-94 08:49:47 GMT", now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            parse_retry_after("Sun Nov  6 08:49:57 1994", now),
            Some(Duration::from_secs(20))
        );
    }
}
