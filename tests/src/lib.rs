//! Cross-crate integration tests for pkgsdk live in this package's `tests/` directory; the
//! library itself is empty.
