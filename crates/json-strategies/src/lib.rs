//! proptest strategies for the property tests of every pkgsdk crate: arbitrary JSON, and
//! near-misses of a valid vendor document (a value anywhere replaced, a key or an item
//! added, the bytes cut short).
//!
//! ```
//! use pkgsdk_json_strategies as json;
//! use proptest::prelude::*;
//!
//! proptest!(|(body in json::body(serde_json::json!({"id": 1}), &["id"]))| {
//!     // A decoder under test must return Ok or an error for every body, never panic.
//!     let _ = serde_json::from_slice::<serde_json::Value>(&body);
//! });
//! ```

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::Config;
use serde_json::{Number, Value};

/// A proptest configuration running `cases` cases, unless the `PROPTEST_CASES` environment
/// variable asks for another number (e.g. `PROPTEST_CASES=100000` for a long run).
pub fn config(cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(cases);
    Config {
        cases,
        ..Config::default()
    }
}

/// Strings shaped like what decoders parse: numbers, hex, times, blanks, and noise.
pub fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,12}",
        "[ ]?[-+]?[0-9]{0,22}(\\.[0-9]{0,4})?[ ]?",
        "[0-9a-fA-F]{0,130}",
        "[-+]?[0-9]{4,6}-[0-9]{1,2}-[0-9]{1,2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})?",
        "[0-9]{8}T[0-9]{6}Z",
        prop::sample::select(SPECIAL).prop_map(str::to_owned),
    ]
}

const SPECIAL: &[&str] = &[
    "",
    " ",
    "-1",
    "0",
    "1e3",
    "NaN",
    "inf",
    "18446744073709551615",
    "18446744073709551616",
    "9223372036854775808",
    "9999-12-31T23:59:59Z",
    "9999-12-31T23:59:59-23:59",
    "0000-01-01T00:00:00+23:59",
    "9999-12-31 23:59:59",
    "99991231T235959Z",
    "true",
    "false",
    "null",
];

fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<u64>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| Number::from_f64(f).map(Value::Number)),
        prop::sample::select(&[0_u64, 1, u64::MAX, 1 << 53, (1 << 53) + 1, 1 << 32][..])
            .prop_map(Value::from),
        prop::sample::select(&[-1.0, 0.5, 1e300, -1e300, 1e-300, 9.007_199_254_740_993e15][..])
            .prop_filter_map("finite", |f| Number::from_f64(f).map(Value::Number)),
    ]
}

fn key(keys: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(keys).prop_map(str::to_owned),
        2 => "[a-zA-Z_]{0,10}",
        1 => ".{0,6}",
    ]
}

/// Any JSON value, objects keyed mostly by `keys`.
pub fn value(keys: &'static [&'static str]) -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number(),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((key(keys), inner), 0..4)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

/// `base` with one to three edits: a value anywhere in it replaced by any JSON value, or
/// a key (mostly one of `keys`) added to an object, or an item to an array.
pub fn mutated(base: Value, keys: &'static [&'static str]) -> impl Strategy<Value = Value> {
    prop::collection::vec(
        (any::<Index>(), key(keys), value(keys), any::<bool>()),
        1..4,
    )
    .prop_map(move |edits| {
        let mut document = base.clone();
        for (index, key, value, insert) in edits {
            edit(&mut document, index, key, value, insert);
        }
        document
    })
}

/// A body: a mutated `base` (sometimes cut short), any JSON value, or any bytes.
pub fn body(base: Value, keys: &'static [&'static str]) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        6 => document(base, keys),
        2 => value(keys).prop_map(|value| serde_json::to_vec(&value).unwrap_or_default()),
        1 => prop::collection::vec(any::<u8>(), 0..256),
    ]
}

/// A mutated `base` as bytes, cut short one time in four.
pub fn document(base: Value, keys: &'static [&'static str]) -> impl Strategy<Value = Vec<u8>> {
    (mutated(base, keys), any::<Index>(), 0_u8..4).prop_map(|(value, cut, how)| {
        let mut bytes = serde_json::to_vec(&value).unwrap_or_default();
        if how == 0 && !bytes.is_empty() {
            bytes.truncate(cut.index(bytes.len()));
        }
        bytes
    })
}

fn edit(document: &mut Value, index: Index, key: String, value: Value, insert: bool) {
    let mut pointers = Vec::new();
    collect(document, String::new(), &mut pointers);
    let pointer = index.get(&pointers).clone();
    let Some(target) = document.pointer_mut(&pointer) else {
        return;
    };
    match target {
        Value::Object(object) if insert => {
            object.insert(key, value);
        }
        Value::Array(items) if insert => items.push(value),
        other => *other = value,
    }
}

fn collect(value: &Value, pointer: String, pointers: &mut Vec<String>) {
    match value {
        Value::Object(object) => {
            for (key, inner) in object {
                let escaped = key.replace('~', "~0").replace('/', "~1");
                collect(inner, format!("{pointer}/{escaped}"), pointers);
            }
        }
        Value::Array(items) => {
            for (position, inner) in items.iter().enumerate() {
                collect(inner, format!("{pointer}/{position}"), pointers);
            }
        }
        _ => {}
    }
    pointers.push(pointer);
}
