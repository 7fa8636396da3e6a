//! A table for people: aligned columns, never truncated; byte counts in binary units and
//! times in RFC 3339 for its cells. Every cell is shown with its control and bidirectional
//! characters escaped ([`pkgsdk::runtime::printable`]): a server's text can neither drive
//! the terminal nor forge a row.
//! Shared by `pkgctl` and the demo.
//!
//! ```
//! use pkgctl::table::{Table, bytes};
//!
//! let mut table = Table::new(&["ID", "SIZE"]);
//! table.push(vec!["1".into(), bytes(Some(31_017_340))]);
//! assert_eq!(table.render(), "ID  SIZE\n1   29.5 MiB\n");
//! ```

use pkgsdk::model::time::OffsetDateTime;
use pkgsdk::model::time::format_description::well_known::Rfc3339;
use std::io::{self, Write as _};

/// Collects rows and prints them as aligned columns, never truncating a value.
pub struct Table {
    header: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these column names.
    pub fn new(header: &[&'static str]) -> Self {
        Self {
            header: header.to_vec(),
            rows: Vec::new(),
        }
    }

    /// Adds a row (one value per column), each value escaped for the terminal.
    pub fn push(&mut self, row: Vec<String>) {
        let row = row
            .into_iter()
            .map(|cell| match pkgsdk::runtime::printable(&cell) {
                std::borrow::Cow::Borrowed(_) => cell,
                std::borrow::Cow::Owned(escaped) => escaped,
            })
            .collect();
        self.rows.push(row);
    }

    /// Whether no row was added.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Prints the header and rows to stdout (nothing when there are no rows).
    pub fn print(&self) -> io::Result<()> {
        let mut out = io::stdout().lock();
        out.write_all(self.render().as_bytes())?;
        out.flush()
    }

    /// The header and rows as aligned lines (empty when there are no rows).
    pub fn render(&self) -> String {
        let mut out = String::new();
        if self.rows.is_empty() {
            return out;
        }
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
        let header: Vec<String> = self.header.iter().map(|h| (*h).to_owned()).collect();
        for row in std::iter::once(&header).chain(&self.rows) {
            let mut line = String::new();
            for (index, (cell, width)) in row.iter().zip(&widths).enumerate() {
                if index > 0 {
                    line.push_str("  ");
                }
                line.push_str(cell);
                if index + 1 < row.len() {
                    line.extend(std::iter::repeat_n(
                        ' ',
                        width.saturating_sub(cell.chars().count()),
                    ));
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

/// A byte count for people: `31017340` → `29.6 MiB`.
pub fn bytes(size: Option<u64>) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let Some(size) = size else {
        return String::new();
    };
    let mut value = size;
    let mut tenths = 0;
    let mut unit = 0;
    while value >= 1024 && unit + 1 < UNITS.len() {
        tenths = (value % 1024) * 10 / 1024;
        value /= 1024;
        unit += 1;
    }
    let name = UNITS.get(unit).copied().unwrap_or("B");
    if unit == 0 {
        format!("{value} {name}")
    } else {
        format!("{value}.{tenths} {name}")
    }
}

/// A time as RFC 3339 (`2025-12-03T12:58:07Z`), empty when absent.
pub fn rfc3339(value: Option<OffsetDateTime>) -> String {
    value
        .and_then(|time| time.format(&Rfc3339).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_counts_for_people() {
        assert_eq!(bytes(None), "");
        assert_eq!(bytes(Some(512)), "512 B");
        assert_eq!(bytes(Some(31_017_340)), "29.5 MiB");
        assert_eq!(bytes(Some(1024)), "1.0 KiB");
    }
}
