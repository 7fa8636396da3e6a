//! Printing results: aligned tables for people, JSON Lines for programs.

use crate::Failure;
use futures::{Stream, StreamExt as _};
pub use pkgsdk_examples::table::{Table, bytes, rfc3339};
use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;
use std::io::{self, Write as _};
use std::marker::PhantomData;

/// An item's JSON exactly as the vendor sent it, accepted only if it also decodes into the
/// vendor model `T`: JSON output then fails on the records table output fails on (an `id`
/// of `1e400`, say), and every line printed parses back into the model.
pub struct Checked<T> {
    raw: Box<RawValue>,
    model: PhantomData<fn() -> T>,
}

impl<T> Checked<T> {
    /// The JSON text.
    pub fn get(&self) -> &str {
        self.raw.get()
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Checked<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        serde_json::from_str::<T>(raw.get()).map_err(D::Error::custom)?;
        Ok(Self {
            raw,
            model: PhantomData,
        })
    }
}

/// Prints each item as a JSON line as it arrives; an empty listing prints only
/// `no <what>` on stderr.
pub async fn print_json_lines<T>(
    items: impl Stream<Item = Result<Checked<T>, pkgsdk::Error>>,
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

/// Prints one JSON document on its own line, as the vendor sent it.
pub fn json_line(json: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    writeln!(out, "{json}")?;
    out.flush()
}

/// An optional text, empty when absent.
pub fn text(value: Option<&str>) -> String {
    value.unwrap_or_default().to_owned()
}
