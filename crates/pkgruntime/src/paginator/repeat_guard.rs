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
}

#[derive(Debug, Clone, Copy)]
struct Last {
    fingerprint: u64,
    position: u64,
    pages: u64,
}

impl RepeatedPageGuard {
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
        body.hash(&mut hasher);
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
