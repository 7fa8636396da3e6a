//! Printing results: aligned tables for people, JSON Lines for programs.

use crate::Failure;
use futures::{Stream, StreamExt as _};
use pkgsdk::model::time::OffsetDateTime;
use pkgsdk::model::time::format_description::well_known::Rfc3339;
use serde_json::value::RawValue;
use std::io::{self, Write as _};

/// Prints each item as a JSON line as it arrives; an empty listing prints only
/// `no <what>` on stderr.
pub async fn print_json_lines(
    items: impl Stream<Item = Result<Box<RawValue>, pkgsdk::Error>>,
    what: &str,
) -> Result<(), Failure> {
    let mut items = std::pin::pin!(items);
    let mut printed = 0_u64;
    while let Some(item) = items.next().await {
        json_line(item.map_err(Failure::failed)?.get()).map_err(Failure::failed)?;
        printed += 1;
    }
    if printed == 0 {
        eprintln!("no {what}");
    }
    Ok(())
}

/// Collects the items into a table of `header` columns (one `row` each) and prints it.
/// Whatever arrived is printed, also when the listing fails part-way; the failure is
/// returned after.
pub async fn print_table<T>(
    items: impl Stream<Item = Result<T, pkgsdk::Error>>,
    header: &[&'static str],
    row: impl Fn(&T) -> Vec<String>,
    what: &str,
) -> Result<(), Failure> {
    let mut items = std::pin::pin!(items);
    let mut table = Table::new(header);
    let mut failure = None;
    while let Some(item) = items.next().await {
        match item {
            Ok(item) => table.push(row(&item)),
            Err(error) => {
                failure = Some(Failure::failed(error));
                break;
            }
        }
    }
    table.print().map_err(Failure::failed)?;
    if table.is_empty() && failure.is_none() {
        eprintln!("no {what}");
    }
    failure.map_or(Ok(()), Err)
}

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

    /// Adds a row (one value per column).
    pub fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    /// Whether no row was added.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Prints the header and rows to stdout (nothing when there are no rows).
    pub fn print(&self) -> io::Result<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
        let mut out = io::stdout().lock();
        let header: Vec<String> = self.header.iter().map(|h| (*h).to_owned()).collect();
        for row in std::iter::once(&header).chain(&self.rows) {
            let mut line = String::new();
            for (index, (cell, width)) in row.iter().zip(&widths).enumerate() {
                if index > 0 {
                    line.push_str("  ");
                }
                line.push_str(cell);
                if index + 1 < row.len() {
                    line.extend(std::iter::repeat_n(' ', width - cell.chars().count()));
                }
            }
            writeln!(out, "{}", line.trim_end())?;
        }
        out.flush()
    }
}

/// Prints one JSON document on its own line, as the vendor sent it.
pub fn json_line(json: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    writeln!(out, "{json}")?;
    out.flush()
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

/// An optional text, empty when absent.
pub fn text(value: Option<&str>) -> String {
    value.unwrap_or_default().to_owned()
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
