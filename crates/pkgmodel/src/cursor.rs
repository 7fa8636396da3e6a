//! [`Cursor`]: where the next page of a listing starts, in a form that can be saved.

use serde::{Deserialize, Serialize};

/// The position of a page in a listing, in the paging style of the API that serves it.
///
/// Every [`Page`](crate::Page) carries the cursor of the page after it. A cursor serialises
/// (e.g. to JSON), so a listing interrupted today can be resumed tomorrow by handing the
/// saved cursor to the operation's `resume_from`.
///
/// ```
/// use pkgmodel::Cursor;
/// let next = Cursor::Marker { marker: "5c90fa7d3c4e4405e8525079".into(), offset: 0 };
/// let json = serde_json::to_string(&next)?;
/// assert_eq!(json, r#"{"style":"marker","marker":"5c90fa7d3c4e4405e8525079","offset":0}"#);
/// assert_eq!(serde_json::from_str::<Cursor>(&json)?, next);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "style", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Cursor {
    /// Page-number paging (`page` starts at 1) with a fixed page size.
    PageNumber {
        /// The 1-based number of the page.
        page: u64,
        /// The page size the listing uses.
        size: u32,
    },
    /// Offset/limit paging.
    Offset {
        /// How many items come before this page.
        offset: u64,
        /// The page size the listing uses.
        limit: u32,
    },
    /// Marker paging: the page starts after `marker`, skipping `offset` further items.
    Marker {
        /// The vendor's opaque marker.
        marker: String,
        /// Items to skip after the marker (usually 0).
        #[serde(default)]
        offset: u64,
    },
    /// Opaque continuation-token paging.
    Token {
        /// The vendor's opaque token.
        token: String,
    },
}

impl Cursor {
    /// How many items of the listing come before this page, where the style tells.
    ///
    /// Page-number and offset cursors know it; markers and tokens do not.
    pub fn position(&self) -> Option<u64> {
        match self {
            Self::PageNumber { page, size } => {
                Some(page.saturating_sub(1).saturating_mul(u64::from(*size)))
            }
            Self::Offset { offset, .. } => Some(*offset),
            Self::Marker { .. } | Self::Token { .. } => None,
        }
    }

    /// The cursor `pages` pages further on, for styles where that can be computed without
    /// asking the server (page number and offset). `None` for markers, tokens and overflow.
    ///
    /// ```
    /// use pkgmodel::Cursor;
    /// assert_eq!(
    ///     Cursor::Offset { offset: 100, limit: 50 }.advanced_by(2),
    ///     Some(Cursor::Offset { offset: 200, limit: 50 })
    /// );
    /// ```
    pub fn advanced_by(&self, pages: u64) -> Option<Self> {
        match self {
            Self::PageNumber { page, size } => Some(Self::PageNumber {
                page: page.checked_add(pages)?,
                size: *size,
            }),
            Self::Offset { offset, limit } => Some(Self::Offset {
                offset: offset.checked_add(pages.checked_mul(u64::from(*limit))?)?,
                limit: *limit,
            }),
            Self::Marker { .. } | Self::Token { .. } => None,
        }
    }

    /// The page size this cursor was built for, where the style records it.
    pub fn page_size(&self) -> Option<u32> {
        match self {
            Self::PageNumber { size, .. } => Some(*size),
            Self::Offset { limit, .. } => Some(*limit),
            Self::Marker { .. } | Self::Token { .. } => None,
        }
    }

    /// Whether this is a marker or token cursor whose value is empty, which every paging rule
    /// treats as "no further page".
    pub fn is_empty_marker(&self) -> bool {
        match self {
            Self::Marker { marker, .. } => marker.is_empty(),
            Self::Token { token } => token.is_empty(),
            Self::PageNumber { .. } | Self::Offset { .. } => false,
        }
    }

    /// A short name of the paging style, for logs (never the marker's or token's value).
    pub fn style(&self) -> &'static str {
        match self {
            Self::PageNumber { .. } => "page_number",
            Self::Offset { .. } => "offset",
            Self::Marker { .. } => "marker",
            Self::Token { .. } => "token",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_style_round_trips_through_json() {
        let cursors = [
            Cursor::PageNumber {
                page: 3,
                size: 2000,
            },
            Cursor::Offset {
                offset: 60,
                limit: 30,
            },
            Cursor::Marker {
                marker: "ab".into(),
                offset: 5,
            },
            Cursor::Token {
                token: "t/+=".into(),
            },
        ];
        for cursor in cursors {
            let json = serde_json::to_string(&cursor).unwrap();
            assert_eq!(
                serde_json::from_str::<Cursor>(&json).unwrap(),
                cursor,
                "{json}"
            );
        }
    }

    #[test]
    fn marker_offset_defaults_to_zero() {
        let cursor: Cursor = serde_json::from_str(r#"{"style":"marker","marker":"m"}"#).unwrap();
        assert_eq!(
            cursor,
            Cursor::Marker {
                marker: "m".into(),
                offset: 0
            }
        );
    }

    #[test]
    fn positions_and_advancing() {
        assert_eq!(Cursor::PageNumber { page: 1, size: 10 }.position(), Some(0));
        assert_eq!(Cursor::PageNumber { page: 0, size: 10 }.position(), Some(0));
        assert_eq!(
            Cursor::PageNumber { page: 4, size: 10 }.position(),
            Some(30)
        );
        assert_eq!(
            Cursor::PageNumber { page: 4, size: 10 }.advanced_by(3),
            Some(Cursor::PageNumber { page: 7, size: 10 })
        );
        assert_eq!(
            Cursor::PageNumber {
                page: u64::MAX,
                size: 10
            }
            .advanced_by(1),
            None
        );
        assert_eq!(
            Cursor::Offset {
                offset: u64::MAX,
                limit: 1
            }
            .advanced_by(1),
            None
        );
        assert_eq!(Cursor::Token { token: "x".into() }.advanced_by(1), None);
        assert_eq!(Cursor::Token { token: "x".into() }.position(), None);
        assert!(
            Cursor::Token {
                token: String::new()
            }
            .is_empty_marker()
        );
        assert!(
            !Cursor::Offset {
                offset: 0,
                limit: 1
            }
            .is_empty_marker()
        );
    }
}
