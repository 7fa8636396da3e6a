//! [`Page`]: one page of a listing.

use crate::Cursor;
use serde::{Deserialize, Serialize};

/// One page of a listing: its items, where the next page starts, and the total number of
/// items when the API reports it.
///
/// ```
/// use pkgmodel::{Cursor, Page};
/// let page = Page::new(vec!["a", "b"], Some(Cursor::Token { token: "t2".into() }), None);
/// assert!(!page.is_last());
/// assert_eq!(page.into_iter().collect::<Vec<_>>(), ["a", "b"]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Page<T> {
    /// The items of this page, in the order the server sent them.
    pub items: Vec<T>,
    /// The cursor of the next page; `None` on the last page.
    pub next: Option<Cursor>,
    /// The total number of items in the listing, when the API reports it.
    pub total: Option<u64>,
}

impl<T> Page<T> {
    /// A page of `items`, followed by `next`, in a listing of `total` items.
    pub fn new(items: Vec<T>, next: Option<Cursor>, total: Option<u64>) -> Self {
        Self { items, next, total }
    }

    /// Whether no page follows this one.
    pub fn is_last(&self) -> bool {
        self.next.is_none()
    }

    /// The number of items on this page.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether this page holds no items (a page may be empty and still not be the last).
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Converts every item, keeping the paging information.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            next: self.next,
            total: self.total,
        }
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_keeps_paging_information() {
        let page = Page::new(
            vec![1, 2],
            Some(Cursor::PageNumber { page: 2, size: 2 }),
            Some(3),
        );
        let mapped = page.map(|n| n * 10);
        assert_eq!(mapped.items, [10, 20]);
        assert_eq!(mapped.next, Some(Cursor::PageNumber { page: 2, size: 2 }));
        assert_eq!(mapped.total, Some(3));
        assert_eq!(mapped.len(), 2);
        assert!(!mapped.is_empty());
    }
}
