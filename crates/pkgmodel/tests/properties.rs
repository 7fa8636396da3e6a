//! Property tests: the model's parsers of vendor data never panic.
//!
//! `Checksum` (`FromStr`, `new`, `from_digest`, deserialisation), every `lenient` number
//! decoder, `Cursor`, `Package` and `Page` deserialisation, and the open enums get arbitrary
//! text, bytes and JSON, including near-misses of valid values. Each returns a value or a
//! typed error; accepted values also keep the invariants the docs promise.
//!
//! Case counts are modest so `cargo test` stays fast; `PROPTEST_CASES=20000 cargo test -p
//! pkgmodel --test properties` runs a deeper search.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use pkgmodel::lenient;
use pkgmodel::{Checksum, ChecksumAlgorithm, Cursor, Package, Page, Vendor};
use pkgsdk_json_strategies as json;
use proptest::prelude::*;
use serde::Deserialize;
use serde_json::Value;

const KEYS: &[&str] = &[
    "style",
    "page",
    "size",
    "offset",
    "limit",
    "marker",
    "token",
    "algorithm",
    "hex",
    "vendor",
    "id",
    "name",
    "kind",
    "version",
    "platform",
    "os",
    "arch",
    "checksum",
    "created",
    "items",
    "next",
    "total",
];

fn algorithm() -> impl Strategy<Value = ChecksumAlgorithm> {
    prop_oneof![
        Just(ChecksumAlgorithm::Md5),
        Just(ChecksumAlgorithm::Sha1),
        Just(ChecksumAlgorithm::Sha256),
        Just(ChecksumAlgorithm::Sha512),
        ".{0,8}".prop_map(|name| ChecksumAlgorithm::from(name.as_str())),
    ]
}

/// Hex-ish text: right or wrong length, right or wrong digits, any case.
fn hexish() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9a-fA-F]{0,130}",
        "[0-9a-fA-F]{32}|[0-9a-fA-F]{40}|[0-9a-fA-F]{64}|[0-9a-fA-F]{128}",
        "[0-9a-gA-G ]{30,42}",
        ".{0,40}",
    ]
}

proptest! {
    #![proptest_config(json::config(256))]

    #[test]
    fn checksum_from_str_never_panics(text in prop_oneof![
        ".{0,80}",
        (
            prop::sample::select(&["md5", "sha1", "SHA256", "sha512", "", "crc32"][..]),
            hexish(),
        )
            .prop_map(|(algorithm, hex)| format!("{algorithm}:{hex}")),
    ]) {
        match text.parse::<Checksum>() {
            Ok(checksum) => {
                prop_assert!(
                    checksum.hex().bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
                );
                prop_assert_eq!(checksum.to_string().parse::<Checksum>().unwrap(), checksum);
            }
            Err(error) => {
                let _ = error.to_string();
            }
        }
    }

    #[test]
    fn checksum_new_checks_length_and_digits(algorithm in algorithm(), hex in hexish()) {
        match Checksum::new(algorithm.clone(), hex.clone()) {
            Ok(checksum) => {
                prop_assert_eq!(checksum.hex(), hex.to_ascii_lowercase());
                match algorithm.hex_len() {
                    Some(expected) => prop_assert_eq!(hex.len(), expected),
                    None => prop_assert!(!hex.is_empty() && hex.len() % 2 == 0),
                }
                let json = serde_json::to_string(&checksum).unwrap();
                prop_assert_eq!(serde_json::from_str::<Checksum>(&json).unwrap(), checksum);
            }
            Err(error) => {
                let _ = error.to_string();
            }
        }
    }

    #[test]
    fn checksum_of_any_digest(
        algorithm in algorithm(),
        digest in prop::collection::vec(any::<u8>(), 0..80),
    ) {
        if let Ok(checksum) = Checksum::from_digest(algorithm, &digest) {
            prop_assert!(checksum.matches_bytes(&digest));
        }
    }

    #[test]
    fn checksum_matches_any_bytes_without_panicking(
        hex in "[0-9a-f]{40}",
        digest in prop::collection::vec(any::<u8>(), 0..40),
    ) {
        let checksum = Checksum::new(ChecksumAlgorithm::Sha1, hex).unwrap();
        let _ = checksum.matches_bytes(&digest);
    }

    #[test]
    fn checksum_deserialises_or_fails(body in json::body(
        serde_json::json!({"algorithm": "sha1", "hex": "e3277366579eac7ecf7a5b6313f2807229567a12"}),
        KEYS,
    )) {
        if let Ok(checksum) = serde_json::from_slice::<Checksum>(&body) {
            prop_assert!(Checksum::new(checksum.algorithm().clone(), checksum.hex()).is_ok());
        }
    }
}

// ---------------------------------------------------------------------------------------
// Lenient numbers.

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Lenient {
    #[serde(
        default,
        deserialize_with = "lenient::option_u64_from_number_or_string"
    )]
    unsigned: Option<u64>,
    #[serde(
        default,
        deserialize_with = "lenient::option_i64_from_number_or_string"
    )]
    signed: Option<i64>,
    #[serde(
        default,
        deserialize_with = "lenient::option_f64_from_number_or_string"
    )]
    float: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Required {
    #[serde(deserialize_with = "lenient::u64_from_number_or_string")]
    unsigned: u64,
}

proptest! {
    #![proptest_config(json::config(256))]

    #[test]
    fn lenient_numbers_decode_or_fail(
        unsigned in json::value(KEYS),
        signed in json::value(KEYS),
        float in json::value(KEYS),
    ) {
        let document = serde_json::json!({"unsigned": unsigned, "signed": signed, "float": float});
        let bytes = serde_json::to_vec(&document).unwrap();
        if let Ok(decoded) = serde_json::from_slice::<Lenient>(&bytes) {
            prop_assert!(decoded.float.is_none_or(f64::is_finite));
        }
        let _ = serde_json::from_slice::<Required>(&bytes);
        let _ = serde_json::from_value::<Lenient>(document);
    }

    #[test]
    fn lenient_numbers_from_raw_text(number in prop_oneof![
        "-?[0-9]{1,40}(\\.[0-9]{1,20})?([eE][-+]?[0-9]{1,4})?",
        "\"[ ]*[-+]?[0-9]{0,25}[ ]*\"",
        ".{0,12}",
    ]) {
        for field in ["unsigned", "signed", "float"] {
            let body = format!(r#"{{"{field}":{number}}}"#);
            if let Ok(decoded) = serde_json::from_str::<Lenient>(&body) {
                prop_assert!(decoded.float.is_none_or(f64::is_finite));
            }
        }
        let _ = serde_json::from_str::<Required>(&format!(r#"{{"unsigned":{number}}}"#));
    }

    #[test]
    fn parse_u64_accepts_exactly_decimal_digits(
        text in prop_oneof![".{0,24}", "[ ]?[0-9]{1,22}[ ]?"],
        n in any::<u64>(),
    ) {
        if let Some(value) = lenient::parse_u64(&text) {
            prop_assert!(text.trim().bytes().all(|b| b.is_ascii_digit()));
            prop_assert_eq!(text.trim().parse::<u64>().ok(), Some(value));
        }
        prop_assert_eq!(lenient::parse_u64(&n.to_string()), Some(n));
        prop_assert_eq!(lenient::parse_u64(&format!(" {n} ")), Some(n));
    }
}

// ---------------------------------------------------------------------------------------
// Cursors, packages, pages, open enums.

/// Any cursor.
fn cursor() -> impl Strategy<Value = Cursor> {
    prop_oneof![
        (any::<u64>(), any::<u32>()).prop_map(|(page, size)| Cursor::PageNumber { page, size }),
        (any::<u64>(), any::<u32>()).prop_map(|(offset, limit)| Cursor::Offset { offset, limit }),
        (".{0,30}", any::<u64>()).prop_map(|(marker, offset)| Cursor::Marker { marker, offset }),
        ".{0,30}".prop_map(|token| Cursor::Token { token }),
    ]
}

fn cursor_samples() -> Value {
    serde_json::json!([
        {"style": "page_number", "page": 4, "size": 500},
        {"style": "offset", "offset": 60, "limit": 30},
        {"style": "marker", "marker": "5c90fa7d3c4e4405e8525079", "offset": 0},
        {"style": "token", "token": "abc"}
    ])
}

fn package_sample() -> Value {
    serde_json::json!({
        "items": [{
            "vendor": "ocp", "id": "12", "name": "t-oceanbase-ocp-agent", "kind": "software",
            "version": "2.4.2", "platform": {"os": "alios7", "arch": "x86_64"}, "size": 31_017_340,
            "checksum": {"algorithm": "sha1", "hex": "e3277366579eac7ecf7a5b6313f2807229567a12"},
            "created": "2020-08-10T15:16:50+08:00"
        }],
        "next": {"style": "page_number", "page": 2, "size": 500},
        "total": 501
    })
}

proptest! {
    #![proptest_config(json::config(256))]

    #[test]
    fn cursors_deserialise_or_fail(body in json::body(cursor_samples(), KEYS)) {
        if let Ok(cursors) = serde_json::from_slice::<Vec<Cursor>>(&body) {
            for cursor in cursors {
                let _ = (cursor.position(), cursor.advanced_by(u64::MAX), cursor.advanced_by(1));
            }
        }
        if let Ok(cursor) = serde_json::from_slice::<Cursor>(&body) {
            let _ = cursor.position();
        }
    }

    #[test]
    fn cursors_round_trip(cursor in cursor(), pages in any::<u64>()) {
        let json = serde_json::to_string(&cursor).unwrap();
        prop_assert_eq!(serde_json::from_str::<Cursor>(&json).unwrap(), cursor.clone());
        let _ = (cursor.position(), cursor.advanced_by(pages));
    }

    #[test]
    fn packages_and_pages_deserialise_or_fail(body in json::body(package_sample(), KEYS)) {
        if let Ok(page) = serde_json::from_slice::<Page<Package>>(&body) {
            let _ = (page.is_last(), page.len(), format!("{page:?}"));
            for package in &page.items {
                let _ = package.vendor.to_string();
                let _ = package.platform.as_ref().map(ToString::to_string);
                let _ = serde_json::to_string(package).unwrap();
            }
        }
        let _ = serde_json::from_slice::<Package>(&body);
    }

    #[test]
    fn open_enums_keep_any_text(text in ".{0,24}") {
        let algorithm = ChecksumAlgorithm::from(text.as_str());
        prop_assert_eq!(algorithm.as_str(), text.as_str());
        let json = serde_json::to_string(&text).unwrap();
        let _ = serde_json::from_str::<ChecksumAlgorithm>(&json).unwrap();
        let _ = serde_json::from_str::<Vendor>(&json);
    }
}
