//! Property tests: OCP's response decoders never panic.
//!
//! The list-page decoder (envelope, both page shapes, success flag, paging report, next
//! cursor), the one-package and delete decoders, `OcpErrorDecoder`, `Sort` parsing and the
//! conversion to `pkgmodel::Package` get arbitrary bytes, arbitrary JSON, and OCP's
//! documented sample with values replaced by JSON of other types. Each returns a value or a
//! typed error (`Error::Decode` or `Error::Api`).
//!
//! Case counts are modest so `cargo test` stays fast; `PROPTEST_CASES=20000 cargo test -p
//! ocp-client --test properties` runs a deeper search.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use http::{HeaderMap, HeaderValue, StatusCode};
use ocp_client::fuzzing::{delete_response, list_page, one_package};
use ocp_client::{OcpErrorDecoder, SoftwarePackageMeta, Sort};
use pkgmodel::Page;
use pkgruntime::{ApiResponse, Error, ErrorDecoder};
use pkgsdk_json_strategies as json;
use proptest::prelude::*;
use serde_json::Value;

const SAMPLE: &str = include_str!("fixtures/list_software_packages.json");

const KEYS: &[&str] = &[
    "data",
    "contents",
    "page",
    "number",
    "size",
    "totalElements",
    "totalPages",
    "totalPage",
    "successful",
    "id",
    "name",
    "fileName",
    "extension",
    "sha1",
    "downloadUrl",
    "type",
    "version",
    "buildNumber",
    "operatingSystem",
    "architecture",
    "deletable",
    "createTime",
    "installationDataList",
    "error",
    "code",
    "message",
    "subErrors",
    "field",
    "SQLState",
    "traceId",
];

fn sample() -> Value {
    serde_json::from_str(SAMPLE).unwrap()
}

/// The sample in the field table's flat shape: `totalElements/totalPage/number/size` beside
/// `data.contents`.
fn flat_sample() -> Value {
    let mut value = sample();
    let data = value["data"].as_object_mut().unwrap();
    data.remove("page");
    data.insert("totalElements".into(), "2".into());
    data.insert("totalPage".into(), 1.into());
    data.insert("number".into(), 1.into());
    data.insert("size".into(), 10.into());
    value
}

fn one_sample() -> Value {
    let mut value = sample();
    let first = value["data"]["contents"][0].take();
    value["data"] = first;
    value
}

fn error_sample() -> Value {
    serde_json::json!({
        "successful": false, "status": 400, "traceId": "b31aec4d58104ecd",
        "error": {"code": 10001, "message": "Invalid argument", "subErrors": [
            {"object": "page", "field": "size", "rejectedValue": 0, "message": "must be at least 1"},
            {"SQLState": "42000", "code": 1064, "message": "syntax error"}
        ]}
    })
}

/// A failure must be a typed error that renders on one line.
fn check_error(error: &Error) {
    assert!(
        matches!(error, Error::Decode(_) | Error::Api(_)),
        "{error:?}"
    );
    let text = error.to_string();
    assert!(!text.contains('\n'), "{text:?}");
}

/// The page size a body reports (`data.page.size`, or flat `data.size`), if any.
fn reported_size(body: &[u8]) -> Option<u64> {
    let json: serde_json::Value = serde_json::from_slice(body).ok()?;
    let data = json.get("data")?;
    data.get("page")
        .and_then(|page| page.get("size"))
        .or_else(|| data.get("size"))
        .and_then(serde_json::Value::as_u64)
}

/// A decoded page must convert and print without panicking, and its next cursor asks for
/// the page size the server used: the one asked, or — when the server reports or serves
/// another — that one.
fn check_page(page: &Page<SoftwarePackageMeta>, body: &[u8], size: u32) {
    for meta in &page.items {
        let package = meta.to_package();
        assert_eq!(package.id, meta.id.to_string());
        let _ = (
            meta.checksum(),
            format!("{meta:?}"),
            serde_json::to_string(meta).unwrap(),
        );
    }
    if let Some(pkgmodel::Cursor::PageNumber {
        size: next_size, ..
    }) = &page.next
    {
        let served = u64::try_from(page.items.len()).unwrap();
        assert!(
            *next_size == size
                || u64::from(*next_size) == served
                || reported_size(body) == Some(u64::from(*next_size)),
            "next size {next_size}: asked {size}, served {served}, reported {:?}",
            reported_size(body)
        );
    }
}

fn page_args() -> impl Strategy<Value = (u64, u32)> {
    (
        prop_oneof![Just(1_u64), 1_u64..100, any::<u64>()],
        prop_oneof![Just(500_u32), 1_u32..=2000, any::<u32>()],
    )
}

proptest! {
    #![proptest_config(json::config(256))]

    #[test]
    fn list_pages_decode_or_fail_on_any_bytes(
        body in prop::collection::vec(any::<u8>(), 0..512),
        (page, size) in page_args(),
    ) {
        match list_page(&body, page, size) {
            Ok(decoded) => check_page(&decoded, &body, size),
            Err(error) => check_error(&error),
        }
    }

    #[test]
    fn list_pages_in_either_shape_with_any_field_replaced(
        body in prop_oneof![json::body(sample(), KEYS), json::body(flat_sample(), KEYS)],
        (page, size) in page_args(),
    ) {
        match list_page(&body, page, size) {
            Ok(decoded) => check_page(&decoded, &body, size),
            Err(error) => check_error(&error),
        }
    }

    #[test]
    fn one_package_decodes_or_fails(body in json::body(one_sample(), KEYS)) {
        match one_package(&body) {
            Ok(meta) => {
                let _ = meta.map(|meta| meta.to_package());
            }
            Err(error) => check_error(&error),
        }
    }

    #[test]
    fn delete_responses_decode_or_fail(body in json::body(
        serde_json::json!({"successful": true, "status": 200, "data": null}),
        KEYS,
    )) {
        if let Err(error) = delete_response(&body) {
            check_error(&error);
        }
    }

    #[test]
    fn error_envelopes_always_become_api_errors(
        status in 100_u16..=999,
        body in json::body(error_sample(), KEYS),
        header in prop::option::of(prop::collection::vec(any::<u8>(), 0..24)),
    ) {
        let mut headers = HeaderMap::new();
        if let Some(value) = header.and_then(|value| HeaderValue::from_bytes(&value).ok()) {
            headers.insert("x-request-id", value);
        }
        let status = StatusCode::from_u16(status).unwrap();
        let error = OcpErrorDecoder.decode_error(&ApiResponse::new(status, headers, body));
        prop_assert_eq!(error.status, status);
        check_error(&Error::from(error));
    }

    #[test]
    fn sort_parses_or_fails(text in prop_oneof![
        ".{0,24}",
        "[a-zA-Z_]{0,12}(,[ ]?(asc|desc|ASC|Desc|up)?)?[ ]?",
    ]) {
        if let Ok(sort) = text.parse::<Sort>() {
            prop_assert_eq!(sort.to_string().parse::<Sort>().unwrap(), sort);
        }
    }
}

#[test]
fn the_documented_sample_decodes_in_both_shapes() {
    for value in [sample(), flat_sample()] {
        let body = serde_json::to_vec(&value).unwrap();
        let page = list_page(&body, 1, 10).unwrap();
        assert_eq!(page.items.len(), 2);
        assert_eq!(page.total, Some(2));
        assert_eq!(page.next, None);
    }
    let one = serde_json::to_vec(&one_sample()).unwrap();
    assert_eq!(one_package(&one).unwrap().unwrap().id, 12);
}
