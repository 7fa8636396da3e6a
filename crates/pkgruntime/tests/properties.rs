//! Property tests: the runtime's parsers of server-controlled input never panic.
//!
//! Arbitrary bytes and structured near-misses (valid shapes with parts replaced by values of
//! other types, extreme numbers, broken quoting) go to: `Retry-After` parsing, JSON decoding
//! with error paths, the generic error decoder and `ApiError`'s truncation and `Display`,
//! HTTP Digest challenges (`WWW-Authenticate`) and the answers sent back (`Authorization`),
//! the test server's Digest credential parser, the paging rules, the repeated-page guard,
//! and token lifetimes. Each must return a value or a typed error.
//!
//! Case counts are modest so `cargo test` stays fast; `PROPTEST_CASES=20000 cargo test -p
//! pkgruntime --test properties` runs a deeper search.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use http::{HeaderMap, HeaderValue, StatusCode};
use pkgruntime::fuzzing::digest_exchange;
use pkgruntime::testing::DigestCredentials;
use pkgruntime::{
    ApiError, ApiResponse, Error, ErrorDecoder, GenericErrorDecoder, MAX_ERROR_BODY_BYTES,
    PageReport, RepeatedPageGuard, SecretString, Token, decode_json, next_marker, next_offset,
    next_page_number, next_token, parse_retry_after,
};
use pkgsdk_json_strategies as json;
use proptest::prelude::*;
use serde::Deserialize;
use serde_json::Value;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A status code the `http` crate accepts (100 to 999).
fn status() -> impl Strategy<Value = StatusCode> {
    (100_u16..=999).prop_map(|code| StatusCode::from_u16(code).unwrap())
}

/// Every error must render on one line without panicking.
fn render(error: &Error) {
    let text = error.to_string();
    assert!(!text.contains('\n'), "{text:?}");
    let _ = format!("{error:?}");
    let _ = (
        error.status(),
        error.code(),
        error.message(),
        error.request_id(),
    );
    let _ = (
        error.retry_after(),
        error.is_retryable(),
        error.invalid_field(),
    );
}

// ---------------------------------------------------------------------------------------
// Retry-After.

fn http_date_like() -> impl Strategy<Value = String> {
    let weekday = prop::sample::select(&["Mon", "Sun", "Sunday", "Wed", "Xyz", ""][..]);
    let month = prop::sample::select(&["Jan", "Oct", "Nov", "Dec", "Foo", ""][..]);
    (
        weekday,
        0_u32..=99,
        month,
        prop_oneof![0_u32..=3000, 9990_u32..=10_100, Just(u32::MAX)],
        0_u32..=99,
        0_u32..=99,
        0_u32..=99,
        prop::sample::select(&["GMT", "UTC", "", "+0000"][..]),
        0_usize..3,
    )
        .prop_map(|(wd, day, mon, year, h, m, s, zone, form)| match form {
            0 => format!("{wd}, {day:02} {mon} {year} {h:02}:{m:02}:{s:02} {zone}"),
            1 => format!("{wd}, {day:02}-{mon}-{year} {h:02}:{m:02}:{s:02} {zone}"),
            _ => format!("{wd} {mon} {day:>2} {h:02}:{m:02}:{s:02} {year}"),
        })
}

proptest! {
    #![proptest_config(json::config(256))]

    #[test]
    fn retry_after_never_panics(
        value in prop_oneof![".*", "[ 0-9]{0,30}", http_date_like()],
        now_secs in prop_oneof![Just(0_u64), 0_u64..=4_000_000_000, any::<u64>()],
    ) {
        // A `now` that `SystemTime` cannot hold is skipped, not a failure of the parser.
        if let Some(now) = UNIX_EPOCH.checked_add(Duration::from_secs(now_secs)) {
            let parsed = parse_retry_after(&value, now);
            let trimmed = value.trim();
            if !trimmed.is_empty() && trimmed.bytes().all(|b| b.is_ascii_digit()) {
                prop_assert!(parsed.is_some());
            }
        }
    }

    #[test]
    fn retry_after_at_the_edges_of_time(
        value in http_date_like(),
        now in prop_oneof![Just(UNIX_EPOCH), Just(SystemTime::now())],
    ) {
        let _ = parse_retry_after(&value, now);
    }
}

// ---------------------------------------------------------------------------------------
// JSON decoding and error bodies.

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Item {
    id: u64,
    name: Option<String>,
    tags: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Listing {
    items: Vec<Item>,
    total: Option<u64>,
}

const KEYS: &[&str] = &[
    "items",
    "total",
    "id",
    "name",
    "tags",
    "error",
    "code",
    "error_code",
    "errorCode",
    "message",
    "error_msg",
    "errorMessage",
    "msg",
    "request_id",
    "requestId",
    "traceId",
];

proptest! {
    #![proptest_config(json::config(256))]

    #[test]
    fn decode_json_never_panics_on_bytes(body in prop::collection::vec(any::<u8>(), 0..512)) {
        for result in [
            decode_json::<Value>(&body).map(|_| ()),
            decode_json::<Listing>(&body).map(|_| ()),
        ] {
            if let Err(error) = result {
                prop_assert!(matches!(error, Error::Decode(_)), "{error:?}");
                render(&error);
            }
        }
    }

    #[test]
    fn decode_json_near_misses_are_decode_errors(body in json::document(listing_sample(), KEYS)) {
        if let Err(error) = decode_json::<Listing>(&body) {
            let Error::Decode(decode) = &error else {
                panic!("not a decode error: {error:?}");
            };
            prop_assert!(decode.body.chars().count() <= MAX_ERROR_BODY_BYTES + 1);
            render(&error);
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow(depth in 1_usize..2_000, object in any::<bool>()) {
        let (open, close) = if object { (r#"{"items":"#, "}") } else { ("[", "]") };
        let body = format!("{}1{}", open.repeat(depth), close.repeat(depth));
        let _ = decode_json::<Value>(body.as_bytes());
        let _ = decode_json::<Listing>(body.as_bytes());
        let response = ApiResponse::new(StatusCode::BAD_REQUEST, HeaderMap::new(), body);
        let _ = GenericErrorDecoder.decode_error(&response);
    }

    #[test]
    fn generic_error_decoder_never_panics(
        status in status(),
        body in json::body(error_sample(), KEYS),
        request_id in prop::option::of(prop::collection::vec(any::<u8>(), 0..40)),
    ) {
        let mut headers = HeaderMap::new();
        if let Some(value) = request_id.and_then(|id| HeaderValue::from_bytes(&id).ok()) {
            headers.insert("x-request-id", value);
        }
        let response = ApiResponse::new(status, headers, body.clone());
        let error = GenericErrorDecoder.decode_error(&response);
        prop_assert_eq!(error.status, status);
        prop_assert!(error.body.chars().count() <= MAX_ERROR_BODY_BYTES + 1);
        render(&Error::from(error));
    }

    #[test]
    fn api_error_truncation_keeps_utf8_whatever_the_cut(
        prefix in 0_usize..8,
        filler in prop::sample::select(&["a", "é", "€", "😀", "\u{0}", "\n"][..]),
        tail in prop::collection::vec(any::<u8>(), 0..16),
    ) {
        let mut body = "x".repeat(MAX_ERROR_BODY_BYTES - prefix).into_bytes();
        for _ in 0..8 {
            body.extend_from_slice(filler.as_bytes());
        }
        body.extend_from_slice(&tail);
        let error = ApiError::new(StatusCode::BAD_GATEWAY, &body);
        prop_assert!(error.body.chars().count() <= MAX_ERROR_BODY_BYTES + 1);
        render(&Error::from(error));
    }
}

fn listing_sample() -> Value {
    serde_json::json!({
        "items": [{"id": 1, "name": "a", "tags": ["x"]}, {"id": 2, "name": null, "tags": []}],
        "total": 2
    })
}

fn error_sample() -> Value {
    serde_json::json!({
        "error": {"code": 10002, "message": "not found"},
        "error_code": "IOTDA.000006",
        "errorMessage": "Unknown Error",
        "traceId": "b31aec4d58104ecd"
    })
}

// ---------------------------------------------------------------------------------------
// HTTP Digest.

/// A `WWW-Authenticate` value close to what servers send, with any part possibly wrong.
fn challenge() -> impl Strategy<Value = String> {
    let scheme = prop::sample::select(&["Digest", "digest", "Basic", "Bearer", "Digest\t", ""][..]);
    let name = prop_oneof![
        prop::sample::select(
            &[
                "realm",
                "nonce",
                "qop",
                "algorithm",
                "opaque",
                "stale",
                "domain",
                "charset",
                "userhash",
                "nc",
                "uri",
            ][..]
        )
        .prop_map(str::to_owned),
        "[a-zA-Z*-]{0,8}",
    ];
    let value = prop_oneof![
        prop::sample::select(
            &[
                "MD5",
                "md5",
                "MD5-sess",
                "SHA-256",
                "SHA-256-sess",
                "SHA-512-256",
                "SHA-512-256-sess",
                "MD4",
                "auth",
                "auth-int",
                "auth, auth-int",
                "true",
                "false",
                "",
                "UTF-8",
            ][..]
        )
        .prop_map(str::to_owned),
        "[ -~]{0,24}",
        ".{0,12}",
    ];
    let param = (name, value, 0_u8..4).prop_map(|(name, value, quoting)| match quoting {
        0 => format!("{name}={value}"),
        1 => format!(
            "{name}=\"{}\"",
            value.replace('\\', "\\\\").replace('"', "\\\"")
        ),
        2 => format!("{name}=\"{value}"),
        _ => format!("{name}={value:?}"),
    });
    let separator = prop::sample::select(&[", ", ",", " ,", ",,", " ", ";"][..]);
    (scheme, prop::collection::vec((param, separator), 0..8)).prop_map(|(scheme, params)| {
        let mut value = scheme.to_owned();
        value.push(' ');
        for (param, separator) in params {
            value.push_str(&param);
            value.push_str(separator);
        }
        value
    })
}

/// Header bytes: structured challenges, printable noise, or any bytes at all.
fn header_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => challenge().prop_map(String::into_bytes),
        1 => "[ -~]{0,64}".prop_map(String::into_bytes),
        1 => prop::collection::vec(any::<u8>(), 0..64),
    ]
}

fn assert_exchange_is_sane(values: &[Vec<u8>], authorization: Option<&[u8]>, target: &str) {
    let values: Vec<&[u8]> = values.iter().map(Vec::as_slice).collect();
    let exchange = digest_exchange(&values, authorization, target).unwrap();
    for answer in exchange.answers.iter().chain([&exchange.after_refusal]) {
        match answer {
            Ok(Some(value)) => assert!(value.starts_with("Digest "), "{value}"),
            Ok(None) => {}
            Err(error) => {
                assert!(error.is_auth(), "{error:?}");
                render(error);
            }
        }
    }
    for outcome in [Some(&exchange.challenge), exchange.refusal.as_ref()]
        .into_iter()
        .flatten()
    {
        if let Err(error) = outcome {
            assert!(error.is_auth(), "{error:?}");
            let text = error.to_string();
            assert!(!text.contains("fuzz-password"), "{text}");
            render(error);
        }
    }
}

proptest! {
    #![proptest_config(json::config(256))]

    #[test]
    fn digest_challenges_never_panic(
        values in prop::collection::vec(header_bytes(), 0..4),
        authorization in prop::option::of(header_bytes()),
        target in prop_oneof![Just("/api/v2/instances?pageNumber=1".to_owned()), "[ -~]{0,24}"],
    ) {
        assert_exchange_is_sane(&values, authorization.as_deref(), &target);
    }

    #[test]
    fn valid_digest_challenges_are_answered(
        algorithm in prop::sample::select(
            &["MD5", "MD5-sess", "SHA-256", "SHA-256-sess", "SHA-512-256", "SHA-512-256-sess"][..]
        ),
        realm in "[ -!#-\\[\\]-~]{0,20}",
        nonce in "[0-9a-zA-Z+/=]{1,40}",
        stale in any::<bool>(),
    ) {
        let value = format!(
            r#"Digest realm="{realm}", qop="auth", algorithm={algorithm}, nonce="{nonce}", stale={stale}"#
        );
        let values = [value.into_bytes()];
        assert_exchange_is_sane(&values, None, "/a?b=c");
        let exchange = digest_exchange(&[values[0].as_slice()], None, "/a?b=c").unwrap();
        prop_assert!(exchange.challenge.is_ok(), "{:?}", exchange.challenge);
        prop_assert!(matches!(exchange.answers[0], Ok(Some(_))), "{:?}", exchange.answers);
    }

    #[test]
    fn digest_credentials_parse_never_panics(value in prop_oneof![
        challenge(),
        ".{0,64}",
        (challenge(), "[0-9a-fA-Fx]{0,10}").prop_map(|(value, nc)| format!("{value}, nc={nc}, username*=UTF-8''{nc}%")),
    ]) {
        let _ = DigestCredentials::parse(&value);
    }
}

// ---------------------------------------------------------------------------------------
// Paging rules and guards, fed with whatever numbers a server reports.

proptest! {
    #![proptest_config(json::config(256))]

    #[test]
    fn paging_rules_never_panic(
        page in any::<u64>(),
        size in any::<u32>(),
        returned in any::<usize>(),
        number in any::<Option<u64>>(),
        reported_size in any::<Option<u64>>(),
        total_pages in any::<Option<u64>>(),
        total_items in any::<Option<u64>>(),
        marker in prop::option::of(".{0,30}"),
    ) {
        let report = PageReport { number, size: reported_size, total_pages, total_items };
        if let Ok(Some(pkgmodel::Cursor::PageNumber { page: next, .. })) =
            next_page_number(page, size, returned, &report)
        {
            // Always one past the page the server reported, or the one that was asked for.
            let current = next.checked_sub(1);
            prop_assert!(current == Some(page) || current.is_some() && current == number);
        }
        if let Some(pkgmodel::Cursor::Offset { offset: next, .. }) =
            next_offset(page, size, returned, total_items)
        {
            prop_assert!(next >= page);
        }
        let _ = next_marker(marker.as_deref(), returned, size, total_items);
        let _ = next_token(marker.as_deref());
    }

    #[test]
    fn the_repeated_page_guard_never_panics(
        pages in prop::collection::vec(
            (any::<u64>(), prop::collection::vec(any::<u8>(), 0..8), 0_usize..3),
            0..12
        ),
    ) {
        let guard = RepeatedPageGuard::default();
        for (position, body, items) in pages {
            if let Err(error) = guard.check(position, &body, items, "offset") {
                render(&error);
            }
        }
    }

    #[test]
    fn token_lifetimes_of_any_length(seconds in prop_oneof![any::<u64>(), Just(u64::MAX)], nanos in 0_u32..1_000_000_000) {
        let token = Token::new(SecretString::from("t")).expires_in(Duration::new(seconds, nanos));
        let _ = (token.expires_at(), format!("{token:?}"));
    }
}
