//! Property tests: IoTDA's response decoders and parsers never panic.
//!
//! The list decoder (packages, `page.count`, next marker), the show decoder, the IAM token
//! response, `IotdaErrorDecoder` (IoTDA, API Gateway and IAM error bodies, nested at any
//! depth), `Timestamp::parse` and the listing parameters' checks (markers, ids, ranges) get
//! arbitrary bytes, arbitrary JSON, and IoTDA's documented sample with values replaced by
//! JSON of other types. Each returns a value or a typed error.
//!
//! Case counts are modest so `cargo test` stays fast; `PROPTEST_CASES=20000 cargo test -p
//! iotda-client --test properties` runs a deeper search.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use http::{HeaderMap, HeaderValue, StatusCode};
use iotda_client::fuzzing::{iam_token_lifetime, list_page, show};
use iotda_client::{
    IotdaErrorDecoder, ListOtaPackagesParams, OtaPackageInfo, PackageType, Timestamp,
};
use pkgruntime::{ApiResponse, Error, ErrorDecoder};
use pkgsdk_json_strategies as json;
use proptest::prelude::*;
use serde_json::Value;
use std::time::Duration;

const SAMPLE: &str = include_str!("fixtures/list_ota_packages.json");

const KEYS: &[&str] = &[
    "packages",
    "page",
    "count",
    "marker",
    "package_id",
    "app_id",
    "package_type",
    "product_id",
    "product_name",
    "module_name",
    "version",
    "support_source_versions",
    "description",
    "custom_info",
    "create_time",
    "file_location",
    "obs_location",
    "region_name",
    "bucket_name",
    "object_key",
    "sign",
    "error",
    "error_code",
    "error_msg",
    "code",
    "message",
    "encoded_authorization_message",
    "token",
    "expires_at",
];

fn sample() -> Value {
    serde_json::from_str(SAMPLE).unwrap()
}

fn show_sample() -> Value {
    let mut package = sample()["packages"][0].take();
    package["file_location"] = serde_json::json!({"obs_location": {
        "region_name": "cn-north-4", "bucket_name": "bucket", "object_key": "bbb/upgrade.bin",
        "sign": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
    }});
    package
}

fn error_sample() -> Value {
    serde_json::json!({
        "error_code": "IOTDA.000006", "error_msg": "Invalid input data.",
        "error": {"code": "403", "message": "forbidden", "encoded_authorization_message": "abc"}
    })
}

fn check_error(error: &Error) {
    assert!(
        matches!(error, Error::Decode(_) | Error::Api(_)),
        "{error:?}"
    );
    let text = error.to_string();
    assert!(!text.contains('\n'), "{text:?}");
}

fn check_package(info: &OtaPackageInfo) {
    let package = info.to_package();
    assert_eq!(package.id, info.package_id.clone().unwrap_or_default());
    if let Some(time) = &info.create_time {
        let _ = (time.datetime(), time.to_string(), format!("{time:?}"));
    }
    let json = serde_json::to_string(info).unwrap();
    assert_eq!(
        &serde_json::from_str::<OtaPackageInfo>(&json).unwrap(),
        info
    );
}

/// Text shaped like IoTDA's compact times, right or wrong.
fn compact_time() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{8}T[0-9]{6}Z",
        "[-+]?[0-9]{4,6}[01][0-9][0-3][0-9]T[0-2][0-9][0-5][0-9][0-6][0-9]Z?",
        "[0-9T Z:-]{0,20}",
        ".{0,20}",
    ]
}

proptest! {
    #![proptest_config(json::config(256))]

    #[test]
    fn list_pages_decode_or_fail_on_any_bytes(
        body in prop::collection::vec(any::<u8>(), 0..512),
        limit in prop_oneof![Just(50_u32), any::<u32>()],
    ) {
        match list_page(&body, limit) {
            Ok(page) => page.items.iter().for_each(check_package),
            Err(error) => check_error(&error),
        }
    }

    #[test]
    fn list_pages_with_any_field_replaced(
        body in json::body(sample(), KEYS),
        limit in prop_oneof![Just(1_u32), Just(50_u32), any::<u32>()],
    ) {
        match list_page(&body, limit) {
            Ok(page) => {
                page.items.iter().for_each(check_package);
                if let Some(pkgmodel::Cursor::Marker { marker, .. }) = &page.next {
                    prop_assert!(!marker.is_empty());
                }
            }
            Err(error) => check_error(&error),
        }
    }

    #[test]
    fn shown_packages_decode_or_fail(body in json::body(show_sample(), KEYS)) {
        match show(&body) {
            Ok(info) => check_package(&info),
            Err(error) => check_error(&error),
        }
    }

    #[test]
    fn error_bodies_always_become_api_errors(
        status in 100_u16..=999,
        body in json::body(error_sample(), KEYS),
        request_id in prop::option::of(prop::collection::vec(any::<u8>(), 0..24)),
    ) {
        let mut headers = HeaderMap::new();
        if let Some(value) = request_id.and_then(|id| HeaderValue::from_bytes(&id).ok()) {
            headers.insert("x-request-id", value);
        }
        let status = StatusCode::from_u16(status).unwrap();
        let error = IotdaErrorDecoder.decode_error(&ApiResponse::new(status, headers, body));
        prop_assert_eq!(error.status, status);
        check_error(&Error::from(error));
    }

    #[test]
    fn deeply_nested_error_bodies_are_bounded(depth in 0_usize..300, width in 1_usize..4) {
        let mut body = r#"{"code":"X","message":"deep"}"#.to_owned();
        for level in 0..depth {
            let siblings: String = (1..width).flat_map(|i| ["\"s", &i.to_string(), "\":{},"].map(str::to_owned)).collect();
            body = format!(r#"{{{siblings}"l{level}":{body}}}"#);
        }
        let response = ApiResponse::new(StatusCode::BAD_REQUEST, HeaderMap::new(), body);
        let error = IotdaErrorDecoder.decode_error(&response);
        check_error(&Error::from(error));
    }

    #[test]
    fn timestamps_parse_or_stay_raw(text in compact_time()) {
        let time = Timestamp::parse(text.clone());
        prop_assert_eq!(time.raw(), text.as_str());
        if let Some(parsed) = time.datetime() {
            prop_assert_eq!(parsed.offset(), pkgmodel::time::UtcOffset::UTC);
        }
        let _ = (time.to_string(), format!("{time:?}"));
        let json = serde_json::to_string(&time).unwrap();
        prop_assert_eq!(serde_json::from_str::<Timestamp>(&json).unwrap(), time);
    }

    #[test]
    fn listing_parameters_are_checked_not_trusted(
        marker in prop::option::of(prop_oneof!["[0-9a-fA-F]{24}", "[0-9a-zA-Z]{0,30}", ".{0,30}"]),
        app_id in prop::option::of(".{0,40}"),
        product_id in prop::option::of("[a-zA-Z0-9_-]{0,40}"),
        version in prop::option::of(".{0,260}"),
        page_size in prop::option::of(any::<u32>()),
        offset in prop::option::of(any::<u64>()),
        package_type in prop_oneof![
            Just(PackageType::SoftwarePackage),
            ".{0,70}".prop_map(|text| PackageType::from(text.as_str())),
        ],
    ) {
        let mut params = ListOtaPackagesParams::new(package_type);
        params.marker.clone_from(&marker);
        params.app_id = app_id;
        params.product_id = product_id;
        params.version = version;
        params.page_size = page_size;
        params.offset = offset;
        match params.validate() {
            Ok(()) => {
                if let Some(marker) = &marker {
                    prop_assert!(marker.len() == 24 && marker.bytes().all(|b| b.is_ascii_hexdigit()));
                }
            }
            Err(error) => {
                prop_assert!(error.invalid_field().is_some(), "{error:?}");
                let _ = error.to_string();
            }
        }
    }

    #[test]
    fn iam_token_responses_give_a_lifetime(
        body in prop_oneof![
            json::body(serde_json::json!({"token": {"expires_at": "2026-11-24T14:00:00.000000Z"}}), KEYS),
            json::text().prop_map(|text| serde_json::to_vec(&serde_json::json!({"token": {"expires_at": text}})).unwrap()),
        ],
        now in prop_oneof![Just(1_795_000_000_i64), any::<i64>()],
    ) {
        let lifetime = iam_token_lifetime(&body, now);
        prop_assert!(lifetime <= Duration::from_secs(10_000 * 366 * 24 * 3600));
    }
}

#[test]
fn the_documented_sample_decodes() {
    let page = list_page(SAMPLE.as_bytes(), 1).unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.total, Some(10));
    assert!(page.next.is_some());
    check_package(&show(&serde_json::to_vec(&show_sample()).unwrap()).unwrap());
}
