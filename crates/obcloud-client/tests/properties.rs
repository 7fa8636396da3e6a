//! Property tests: OceanBase Cloud's response decoders and value formats never panic.
//!
//! The listing decoder (status, both success flags, the envelope, `data.total` or
//! `totalCount`, the next cursor including the served-size rule) for backup sets and
//! instances, the one-set decoder, `ObCloudErrorDecoder`, the time formats (RFC 3339 with any
//! offset, `YYYY-MM-DD HH:MM:SS`, and their query form), GiB sizes and the conversion to
//! `pkgmodel::Package` get arbitrary bytes, arbitrary JSON, and the documented sample with
//! values replaced by JSON of other types. Each returns a value or a typed error.
//!
//! Case counts are modest so `cargo test` stays fast; `PROPTEST_CASES=20000 cargo test -p
//! obcloud-client --test properties` runs a deeper search.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use http::{HeaderMap, HeaderValue, StatusCode};
use obcloud_client::fuzzing::{
    backup_set, backup_sets_page, format_time, instances_page, next_cursor, parse_time,
};
use obcloud_client::{BackupSet, ObCloudErrorDecoder, TenantBackupSet};
use pkgmodel::time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};
use pkgruntime::{ApiResponse, Error, ErrorDecoder};
use pkgsdk_json_strategies as json;
use proptest::prelude::*;
use serde_json::Value;

const SAMPLE: &str = include_str!("fixtures/list_backup_sets.json");

const KEYS: &[&str] = &[
    "data",
    "dataList",
    "total",
    "totalCount",
    "success",
    "successful",
    "errorCode",
    "errorMessage",
    "message",
    "msg",
    "code",
    "requestId",
    "backupMode",
    "backupObjectType",
    "backupSetId",
    "checkpoint",
    "dataBackupMode",
    "dataBackupSize",
    "dataVersion",
    "downloadEnabled",
    "downloadTaskId",
    "endTime",
    "startTime",
    "status",
    "storageClass",
    "tenantBackupSetList",
    "tenantId",
    "tenantName",
    "triggerMode",
    "validity",
    "instanceId",
    "instanceName",
    "state",
    "version",
    "obRpmVersion",
    "cloudProvider",
    "region",
    "createTime",
];

fn sample() -> Value {
    serde_json::from_str(SAMPLE).unwrap()
}

fn one_sample() -> Value {
    let mut value = sample();
    let first = value["data"]["dataList"][0].take();
    value["data"] = first;
    value
}

fn instances_sample() -> Value {
    serde_json::json!({
        "success": true,
        "data": {"dataList": [
            {"instanceId": "ob317v4uif", "instanceName": "prod", "status": "ONLINE",
             "cloudProvider": "ALIYUN", "region": "cn-hangzhou", "createTime": "2025-01-02T03:04:05Z",
             "cpu": 8, "availableZones": ["cn-hangzhou-i"]}
        ]},
        "totalCount": 1,
        "requestId": "r-1"
    })
}

fn error_sample() -> Value {
    serde_json::json!({
        "success": false, "errorCode": "E001R000", "errorMessage": "Unknown Error",
        "requestId": "df209ed9", "successful": false, "message": "no", "code": 403_001
    })
}

/// Mostly 200, the only success status; sometimes anything.
fn status() -> impl Strategy<Value = u16> {
    prop_oneof![4 => Just(200_u16), 1 => 100_u16..=999, 1 => any::<u16>()]
}

fn page_args() -> impl Strategy<Value = (u64, u32)> {
    (
        prop_oneof![Just(1_u64), 1_u64..100, any::<u64>()],
        prop_oneof![Just(10_u32), 1_u32..=100, any::<u32>()],
    )
}

fn check_error(error: &Error) {
    assert!(
        matches!(
            error,
            Error::Decode(_) | Error::Api(_) | Error::InvalidInput(_)
        ),
        "{error:?}"
    );
    let text = error.to_string();
    assert!(!text.contains('\n'), "{text:?}");
}

/// A decoded set converts, prints and serialises (and reads back) without panicking.
fn check_set(set: &BackupSet) {
    let packages = set.to_packages();
    assert_eq!(packages.len(), 1 + set.tenant_backup_sets.len());
    let _ = (
        set.bytes(),
        set.is_cluster_level(),
        set.real_tenant_name(),
        format!("{set:?}"),
    );
    for tenant in &set.tenant_backup_sets {
        let _ = (tenant.bytes(), tenant.real_tenant_id(), tenant.to_package());
    }
    let json = serde_json::to_string(set).unwrap();
    let again: BackupSet = serde_json::from_str(&json).unwrap();
    assert_eq!(again.start_time, set.start_time);
}

/// Any date-time the `time` crate holds, at any offset it holds.
fn datetime() -> impl Strategy<Value = OffsetDateTime> {
    (
        prop_oneof![-9999_i32..=9999, Just(9999), Just(-9999), 1970_i32..=2100],
        1_u8..=12,
        1_u8..=31,
        0_u8..24,
        0_u8..60,
        0_u8..60,
        prop_oneof![Just(0_u32), 0_u32..1_000_000_000],
        prop_oneof![Just(0_i32), -93_599_i32..=93_599],
    )
        .prop_filter_map(
            "a valid date",
            |(year, month, day, h, m, s, nanos, offset)| {
                let date =
                    Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()?;
                let time = Time::from_hms_nano(h, m, s, nanos).ok()?;
                let offset = UtcOffset::from_whole_seconds(offset).ok()?;
                Some(PrimitiveDateTime::new(date, time).assume_offset(offset))
            },
        )
}

proptest! {
    #![proptest_config(json::config(256))]

    #[test]
    fn listings_decode_or_fail_on_any_bytes(
        status in status(),
        body in prop::collection::vec(any::<u8>(), 0..512),
        (page, size) in page_args(),
    ) {
        match backup_sets_page(status, &body, page, size) {
            Ok(decoded) => decoded.items.iter().for_each(check_set),
            Err(error) => check_error(&error),
        }
        if let Err(error) = instances_page(status, &body, page, size) {
            check_error(&error);
        }
        match backup_set(status, &body) {
            Ok(set) => check_set(&set),
            Err(error) => check_error(&error),
        }
    }

    #[test]
    fn backup_set_listings_with_any_field_replaced(
        status in status(),
        body in json::body(sample(), KEYS),
        (page, size) in page_args(),
    ) {
        match backup_sets_page(status, &body, page, size) {
            Ok(decoded) => {
                prop_assert_eq!(status, 200);
                decoded.items.iter().for_each(check_set);
            }
            Err(error) => check_error(&error),
        }
    }

    #[test]
    fn instance_listings_with_any_field_replaced(
        body in json::body(instances_sample(), KEYS),
        (page, size) in page_args(),
    ) {
        match instances_page(200, &body, page, size) {
            Ok(decoded) => {
                for instance in &decoded.items {
                    let _ = (instance.created(), format!("{instance:?}"));
                    let _ = serde_json::to_string(instance).unwrap();
                }
            }
            Err(error) => check_error(&error),
        }
    }

    #[test]
    fn one_backup_set_with_any_field_replaced(status in status(), body in json::body(one_sample(), KEYS)) {
        match backup_set(status, &body) {
            Ok(set) => check_set(&set),
            Err(error) => check_error(&error),
        }
    }

    #[test]
    fn error_envelopes_always_become_api_errors(
        status in 100_u16..=999,
        body in json::body(error_sample(), KEYS),
        request_id in prop::option::of(prop::collection::vec(any::<u8>(), 0..24)),
    ) {
        let mut headers = HeaderMap::new();
        if let Some(value) = request_id.and_then(|id| HeaderValue::from_bytes(&id).ok()) {
            headers.insert("x-request-id", value);
        }
        let status = StatusCode::from_u16(status).unwrap();
        let error = ObCloudErrorDecoder.decode_error(&ApiResponse::new(status, headers, body));
        prop_assert_eq!(error.status, status);
        check_error(&Error::from(error));
    }

    #[test]
    fn times_parse_or_are_refused(text in json::text()) {
        if let Some(time) = parse_time(&text) {
            prop_assert_eq!(time.offset(), UtcOffset::UTC);
            let _ = format_time(time);
        }
    }

    #[test]
    fn any_time_formats_or_is_refused(time in datetime()) {
        let (floor, ceil) = format_time(time);
        for text in [floor, ceil].into_iter().flatten() {
            prop_assert_eq!(text.len(), 20, "{}", text);
            prop_assert!(parse_time(&text).is_some(), "{}", text);
        }
        // Serialising a set holding any time gives JSON or an error (years the RFC 3339
        // format cannot express), never a panic.
        let mut set = BackupSet::new("bak-1");
        set.start_time = Some(time);
        if let Ok(json) = serde_json::to_string(&set) {
            prop_assert_eq!(serde_json::from_str::<BackupSet>(&json).unwrap().start_time, Some(time));
        }
    }

    #[test]
    fn the_paging_rule_never_panics(
        page in any::<u64>(),
        size in any::<u32>(),
        returned in prop_oneof![0_usize..1000, any::<usize>()],
        total in any::<Option<u64>>(),
    ) {
        if let Ok(Some(pkgmodel::Cursor::PageNumber { page: next, size: next_size })) =
            next_cursor(page, size, returned, total)
        {
            prop_assert!(next >= 1 && next_size >= 1);
        }
    }

    #[test]
    fn sizes_in_gib_of_any_magnitude(gib in any::<f64>()) {
        let mut set = BackupSet::new("bak-1");
        set.data_backup_size_gib = Some(gib);
        let mut tenant = TenantBackupSet::new("bak-1-1");
        tenant.data_backup_size_gib = Some(gib);
        let _ = (set.bytes(), tenant.bytes(), set.to_package(), tenant.to_package());
    }
}

#[test]
fn the_documented_sample_decodes() {
    let page = backup_sets_page(200, SAMPLE.as_bytes(), 1, 10).unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.total, Some(1));
    check_set(&page.items[0]);
    let one = serde_json::to_vec(&one_sample()).unwrap();
    check_set(&backup_set(200, &one).unwrap());
    let instances = serde_json::to_vec(&instances_sample()).unwrap();
    assert_eq!(
        instances_page(200, &instances, 1, 10).unwrap().total,
        Some(1)
    );
}
