//! Printing results: aligned tables for people, JSON Lines for programs; listings with their
//! limit, progress and resume cursor handled the same way for every vendor.

use crate::Failure;
use crate::cli::Output;
use crate::context::Context;
use crate::progress::Spinner;
pub use crate::table::{Table, bytes, rfc3339};
use futures::StreamExt as _;
use pkgsdk::Pages;
use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer, Serialize};
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

/// Runs a list operation's builder `$listing` (items of type `$item`) as a command: the
/// paging options of the command line applied, the parameters checked before anything is
/// sent (a usage error), then [`print_listing`] in `$format`.
macro_rules! print_list {
    ($context:expr, $listing:expr, $item:ty, $format:expr) => {{
        let context: &$crate::context::Context = $context;
        let listing = $listing.page_options(context.page_options());
        listing
            .params()
            .validate()
            .map_err($crate::Failure::usage)?;
        let raw = listing.clone();
        $crate::output::print_listing(
            context,
            || listing.pages(),
            || raw.pages_as::<$crate::output::Checked<$item>>(),
            $format,
        )
        .await
    }};
}
pub(crate) use print_list;

/// How one listing prints: its table's columns and row, and what an empty one is called.
pub struct Listing<'a, T> {
    /// The table's columns.
    pub header: &'a [&'static str],
    /// One table row per item.
    pub row: fn(&T) -> Vec<String>,
    /// What the items are called, e.g. `software packages`.
    pub what: &'a str,
}

/// Prints a listing: a table of the typed pages, or JSON Lines of the raw ones as they
/// arrive. Whatever arrived is printed, also when the listing fails part-way.
///
/// `--limit` yields exactly that many items, unless `--print-cursor` asks for a cursor to
/// resume from: then whole pages are printed, so that the cursor (printed on stderr after
/// the limit or a failure) continues right after the last item printed.
pub async fn print_listing<T: Send + 'static>(
    context: &Context,
    typed: impl FnOnce() -> Pages<T>,
    raw: impl FnOnce() -> Pages<Checked<T>>,
    listing: &Listing<'_, T>,
) -> Result<(), Failure> {
    match context.global.output {
        Output::Table => {
            let mut table = Table::new(listing.header);
            let outcome = drain(context, typed(), |item| {
                table.push((listing.row)(&item));
                Ok(())
            })
            .await;
            table.print().map_err(Failure::failed)?;
            finish(context, outcome, listing.what)
        }
        Output::Json => {
            let outcome = drain(context, raw(), |item| {
                json_line(item.get()).map_err(Failure::failed)
            })
            .await;
            finish(context, outcome, listing.what)
        }
    }
}

/// How a listing went: how many items were printed, and its failure, if any.
struct Drained {
    printed: u64,
    failure: Option<Failure>,
}

/// Feeds each item to `each`, honouring `--limit` (see [`print_listing`]), drawing a
/// spinner on a terminal, and printing the resume cursor when `--print-cursor` asks.
async fn drain<T: Send + 'static>(
    context: &Context,
    mut pages: Pages<T>,
    mut each: impl FnMut(T) -> Result<(), Failure>,
) -> Drained {
    let exact_limit = if context.global.print_cursor {
        None
    } else {
        context.global.limit
    };
    let spinner = Spinner::start(context);
    let mut printed = 0_u64;
    let mut failure = None;
    'pages: while let Some(page) = pages.next().await {
        let page = match page {
            Ok(page) => page,
            Err(error) => {
                failure = Some(Failure::failed(error));
                break;
            }
        };
        for item in page.items {
            if exact_limit.is_some_and(|limit| printed >= limit) {
                break 'pages;
            }
            if let Err(error) = each(item) {
                failure = Some(error);
                break 'pages;
            }
            printed += 1;
            spinner.set(printed);
        }
    }
    spinner.finish();
    if context.global.print_cursor
        && let Some(cursor) = pages.next_cursor()
    {
        match serde_json::to_string(cursor) {
            Ok(json) => eprintln!("cursor: {json}"),
            Err(error) => eprintln!("warning: the resume cursor could not be printed: {error}"),
        }
    }
    Drained { printed, failure }
}

/// The outcome of a listing: its failure, or a note when it was empty.
fn finish(context: &Context, drained: Drained, what: &str) -> Result<(), Failure> {
    if let Some(failure) = drained.failure {
        return Err(failure);
    }
    if drained.printed == 0 && context.chatty() {
        eprintln!("no {what}");
    }
    Ok(())
}

/// Prints one item: a one-row table, or its JSON line.
pub fn print_one<T: Serialize>(
    context: &Context,
    item: &T,
    header: &[&'static str],
    row: Vec<String>,
) -> Result<(), Failure> {
    match context.global.output {
        Output::Table => {
            let mut table = Table::new(header);
            table.push(row);
            table.print().map_err(Failure::failed)
        }
        Output::Json => {
            let json = serde_json::to_string(item).map_err(Failure::failed)?;
            json_line(&json).map_err(Failure::failed)
        }
    }
}

/// Prints one JSON document on its own line, as the vendor sent it.
pub fn json_line(json: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    writeln!(out, "{json}")?;
    out.flush()
}

/// Prints a line for people on stdout, server text escaped.
pub fn say(line: &str) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    writeln!(out, "{}", pkgsdk::runtime::printable(line))
        .and_then(|()| out.flush())
        .map_err(Failure::failed)
}

/// An optional text, empty when absent.
pub fn text(value: Option<&str>) -> String {
    value.unwrap_or_default().to_owned()
}

/// An optional value's text, empty when absent.
pub fn display(value: Option<&impl ToString>) -> String {
    value.map(ToString::to_string).unwrap_or_default()
}
