//! [`SeenCursors`]: the cursors a listing has already requested, remembered in 8 bytes each.
//!
//! The engine ends a listing whose server sends back a cursor it already returned. Keeping
//! every cursor for that would cost a copy of every marker or token — a listing of a million
//! items at 50 per page would hold 20,000 of them. Instead each cursor is remembered as a
//! 64-bit hash keyed randomly per listing (`RandomState`), so a server cannot craft two
//! cursors that collide, and two different cursors are mistaken for one another with
//! probability about 2⁻⁶⁴ per pair.

use pkgmodel::Cursor;
use std::collections::HashSet;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher, RandomState};

/// Fingerprints of the cursors requested so far.
#[derive(Debug, Default)]
pub(super) struct SeenCursors {
    keys: RandomState,
    seen: HashSet<u64, BuildHasherDefault<Fingerprint>>,
}

impl SeenCursors {
    /// Remembers `cursor`.
    pub(super) fn insert(&mut self, cursor: &Cursor) {
        self.seen.insert(self.keys.hash_one(cursor));
    }

    /// Forgets `cursor` (a request cancelled before it was answered).
    pub(super) fn remove(&mut self, cursor: &Cursor) {
        self.seen.remove(&self.keys.hash_one(cursor));
    }

    /// Whether `cursor` was remembered before.
    pub(super) fn contains(&self, cursor: &Cursor) -> bool {
        self.seen.contains(&self.keys.hash_one(cursor))
    }
}

/// The set's hasher: its keys are already keyed hashes, so it passes them through.
#[derive(Default)]
struct Fingerprint(u64);

impl Hasher for Fingerprint {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is used; any other input is folded in, to stay a valid hasher.
        for byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*byte);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_what_it_saw_and_nothing_else() {
        let mut seen = SeenCursors::default();
        let marker = |marker: &str| Cursor::Marker {
            marker: marker.to_owned(),
            offset: 0,
        };
        for index in 0..10_000 {
            assert!(!seen.contains(&marker(&format!("{index:024x}"))));
            seen.insert(&marker(&format!("{index:024x}")));
        }
        assert!(seen.contains(&marker(&format!("{:024x}", 1234))));
        assert!(!seen.contains(&marker(&format!("{:024x}", 10_000))));
        assert!(!seen.contains(&Cursor::PageNumber { page: 1, size: 10 }));
        seen.insert(&Cursor::PageNumber { page: 1, size: 10 });
        assert!(seen.contains(&Cursor::PageNumber { page: 1, size: 10 }));
        assert!(!seen.contains(&Cursor::PageNumber { page: 1, size: 11 }));
    }
}
