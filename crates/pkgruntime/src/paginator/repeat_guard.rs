//! [`RepeatedPageGuard`]: catches a server that answers every page request with the same
//! page, for APIs whose responses echo no page number or marker to check.
//!
//! Offset-paged APIs such as Oracle Marketplace's return just the items. If such a server
//! ignored `offset`, the listing would repeat the same items until the page cap — items
//! duplicated without anyone noticing. A source keeps one guard for its listing and checks
//! every response body against the previous one: the same body, holding items, for a
//! different position is a [`PaginationLoop`](crate::PaginationLoop) with reason
//! [`RepeatedPage`](crate::PaginationLoopReason::RepeatedPage).
//!
//! ```
//! use pkgruntime::RepeatedPageGuard;
//!
//! let guard = RepeatedPageGuard::default();
//! assert!(guard.check(0, br#"{"items":[1,2]}"#, 2, "offset").is_ok());
//! assert!(guard.check(2, br#"{"items":[3,4]}"#, 2, "offset").is_ok());
//! assert!(guard.check(2, br#"{"items":[3,4]}"#, 2, "offset").is_ok(), "a retried page is no loop");
//! assert!(guard.check(4, br#"{"items":[3,4]}"#, 2, "offset").is_err());
//! // Empty pages are alike by nature.
//! assert!(guard.check(6, br#"{"items":[]}"#, 0, "offset").is_ok());
//! assert!(guard.check(8, br#"{"items":[]}"#, 0, "offset").is_ok());
//! ```

use crate::{Error, PaginationLoop, PaginationLoopReason};
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash as _, Hasher as _};
use std::sync::{Mutex, PoisonError};

/// Remembers the last page's body fingerprint and position (see the module docs).
#[derive(Debug, Default)]
pub struct RepeatedPageGuard {
    last: Mutex<Option<Last>>,
    /// A top-level string field whose value differs on every response (a request id).
    volatile_field: Option<&'static str>,
}

#[derive(Debug, Clone, Copy)]
struct Last {
    fingerprint: u64,
    position: u64,
    pages: u64,
}

impl RepeatedPageGuard {
    /// A guard for an API that echoes a per-request value in every body (OceanBase Cloud's
    /// `requestId`): the first string value of `field` is left out of the comparison.
    ///
    /// ```
    /// use pkgruntime::RepeatedPageGuard;
    ///
    /// let guard = RepeatedPageGuard::ignoring("requestId");
    /// assert!(guard.check(1, br#"{"data":[1,2],"requestId":"a"}"#, 2, "page_number").is_ok());
    /// assert!(guard.check(2, br#"{"data":[1,2],"requestId":"b"}"#, 2, "page_number").is_err());
    /// ```
    pub fn ignoring(field: &'static str) -> Self {
        Self {
            last: Mutex::default(),
            volatile_field: Some(field),
        }
    }
    /// Checks the body of the page at `position` (an offset or page number) holding `items`
    /// items: an error if it is the same body, with items, as the previous page's at another
    /// position. `style` names the paging style in the error.
    pub fn check(
        &self,
        position: u64,
        body: &[u8],
        items: usize,
        style: &'static str,
    ) -> Result<(), Error> {
        let mut hasher = DefaultHasher::new();
        match self
            .volatile_field
            .and_then(|field| string_value_span(body, field))
        {
            Some((start, end)) => {
                body.get(..start).hash(&mut hasher);
                body.get(end..).hash(&mut hasher);
            }
            None => body.hash(&mut hasher),
        }
        let fingerprint = hasher.finish();
        let mut last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        let pages = last.map_or(0, |last| last.pages) + 1;
        if let Some(previous) = *last
            && previous.fingerprint == fingerprint
            && previous.position != position
            && items > 0
        {
            return Err(PaginationLoop::new(
                PaginationLoopReason::RepeatedPage,
                style,
                previous.pages,
            )
            .into());
        }
        *last = Some(Last {
            fingerprint,
            position,
            pages,
        });
        Ok(())
    }
}

/// The byte span of the first string value of `"field"` in `body` (the quoted text after
/// `"field":`), if there is one.
fn string_value_span(body: &[u8], field: &str) -> Option<(usize, usize)> {
    let key = format!("\"{field}\"");
    let key_at = body
        .windows(key.len())
        .position(|window| window == key.as_bytes())?;
    let mut at = key_at + key.len();
    let skip_space = |at: &mut usize| {
        while body.get(*at).is_some_and(u8::is_ascii_whitespace) {
            *at += 1;
        }
    };
    skip_space(&mut at);
    (body.get(at) == Some(&b':')).then_some(())?;
    at += 1;
    skip_space(&mut at);
    (body.get(at) == Some(&b'"')).then_some(())?;
    let start = at;
    at += 1;
    loop {
        match body.get(at)? {
            b'\\' => at += 2,
            b'"' => return Some((start, at + 1)),
            _ => at += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_volatile_value_is_found_whatever_the_spacing() {
        let body = br#"{"a":1, "requestId" : "x\"y", "b":2}"#;
        let (start, end) = string_value_span(body, "requestId").unwrap();
        assert_eq!(&body[start..end], br#""x\"y""#);
        assert_eq!(string_value_span(br#"{"requestId":5}"#, "requestId"), None);
        assert_eq!(
            string_value_span(br#"{"requestId":"unterminated"#, "requestId"),
            None
        );
        assert_eq!(string_value_span(b"", "requestId"), None);
    }
}
