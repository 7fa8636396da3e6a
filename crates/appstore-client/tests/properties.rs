//! Property tests: Oracle Marketplace's response decoders never panic.
//!
//! The package-list decoder in every shape Oracle shows (bare object, bare array,
//! `{items:[…]}`, each item wrapped in `{"Package": …}` or not), the one-package decoder, the
//! applications page (wrapped in `listingSummary` or not, `hasMore`, `totalResults`), the
//! token response, the delete response and `AppStoreErrorDecoder` get arbitrary bytes,
//! arbitrary JSON, and Oracle's documented samples with values replaced by JSON of other
//! types. Each returns a value or a typed error; decoded packages also convert, print (with
//! secrets redacted) and serialise without panicking.
//!
//! Case counts are modest so `cargo test` stays fast; `PROPTEST_CASES=20000 cargo test -p
//! appstore-client --test properties` runs a deeper search.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use appstore_client::fuzzing::{applications_page, delete_response, package, package_list, token};
use appstore_client::{
    AppStoreErrorDecoder, LinkRel, ListingStatus, OperationType, PackageVersion,
    is_secret_property_name,
};
use http::{HeaderMap, HeaderValue, StatusCode};
use pkgruntime::{ApiResponse, Error, ErrorDecoder};
use pkgsdk_json_strategies as json;
use proptest::prelude::*;
use serde_json::Value;

const SAMPLE_V1: &str = include_str!("fixtures/package_details.json");
const SAMPLE_V2: &str = include_str!("fixtures/package_v2.json");

const KEYS: &[&str] = &[
    "items",
    "hasMore",
    "totalResults",
    "Package",
    "PackageVersion",
    "listingSummary",
    "ListingSummary",
    "listingId",
    "accessURLs",
    "actionExecutionSequence",
    "actionName",
    "actionTag",
    "actions",
    "authHeader",
    "authentication",
    "code",
    "dependentServiceTag",
    "dependentServices",
    "description",
    "displayName",
    "href",
    "id",
    "isDedicatedToAppFlag",
    "links",
    "listingImageURL",
    "listingVersionId",
    "maxSize",
    "maxVersion",
    "minSize",
    "minVersion",
    "name",
    "namespacePrefix",
    "operations",
    "properties",
    "referredByOtherListings",
    "rel",
    "requestProperties",
    "resources",
    "sequenceNumber",
    "serviceName",
    "serviceType",
    "source",
    "staticURL",
    "status",
    "tag",
    "tncId",
    "type",
    "value",
    "version",
    "access_token",
    "expires_in",
    "token_type",
    "message",
    "detail",
    "title",
    "error",
    "error_description",
    "o:errorCode",
    "entityId",
];

fn v1() -> Value {
    serde_json::from_str(SAMPLE_V1).unwrap()
}

fn v2() -> Value {
    serde_json::from_str(SAMPLE_V2).unwrap()
}

/// The sample package in each documented list shape.
fn list_shapes() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(v1()),
        Just(serde_json::json!([v1(), v2()])),
        Just(serde_json::json!({"items": [v1(), v2()]})),
        Just(serde_json::json!({"items": [{"Package": v1()}, {"PackageVersion": v2()}]})),
        Just(serde_json::json!([{"Package": v2()}])),
        Just(serde_json::json!({"Package": v1()})),
    ]
}

fn applications_sample() -> Value {
    serde_json::json!({
        "items": [
            {"listingSummary": {"listingId": 1, "listingVersionId": "2133526", "name": "x", "status": "PUBLISHED"}},
            {"listingSummary": {"listingId": "3", "listingVersionId": 4, "status": {"code": "NEW", "displayName": "New"}}}
        ],
        "hasMore": true,
        "totalResults": "10"
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

/// A decoded package converts, prints and serialises.
fn check_package(package: &PackageVersion) {
    let _ = package.to_package();
    for operation in [OperationType::Install, OperationType::Uninstall] {
        let _ = package.operation_actions(&operation);
        let _ = package
            .operation(&operation)
            .map(appstore_client::Operation::in_sequence);
    }
    let _ = package.link(&LinkRel::from("self"));
    let _ = format!("{package:?}");
    let json = serde_json::to_string(package).unwrap();
    let _ = serde_json::from_str::<PackageVersion>(&json);
}

proptest! {
    #![proptest_config(json::config(256))]

    #[test]
    fn package_lists_decode_or_fail_on_any_bytes(body in prop::collection::vec(any::<u8>(), 0..512)) {
        match package_list(&body) {
            Ok(packages) => packages.iter().for_each(check_package),
            Err(error) => check_error(&error),
        }
        match package(&body) {
            Ok(one) => check_package(&one),
            Err(error) => check_error(&error),
        }
    }

    #[test]
    fn package_lists_in_every_shape_with_any_field_replaced(
        body in list_shapes().prop_flat_map(|shape| json::body(shape, KEYS)),
    ) {
        match package_list(&body) {
            Ok(packages) => packages.iter().for_each(check_package),
            Err(error) => check_error(&error),
        }
    }

    #[test]
    fn one_package_with_any_field_replaced(
        body in prop_oneof![Just(v1()), Just(v2()), Just(serde_json::json!({"Package": v1()}))]
            .prop_flat_map(|sample| json::body(sample, KEYS)),
    ) {
        match package(&body) {
            Ok(one) => check_package(&one),
            Err(error) => check_error(&error),
        }
    }

    #[test]
    fn applications_pages_decode_or_fail(
        body in json::body(applications_sample(), KEYS),
        offset in prop_oneof![Just(0_u64), any::<u64>()],
        limit in prop_oneof![Just(100_u32), 1_u32..=100, any::<u32>()],
    ) {
        match applications_page(&body, offset, limit) {
            Ok(page) => {
                for application in &page.items {
                    let _ = (application.listing_status(), format!("{application:?}"));
                }
                if let Some(pkgmodel::Cursor::Offset { offset: next, .. }) = page.next {
                    prop_assert!(next > offset);
                }
            }
            Err(error) => check_error(&error),
        }
    }

    #[test]
    fn token_responses_give_a_token_or_an_auth_error(body in json::body(
        serde_json::json!({"access_token": "eyJ.x.y", "expires_in": 604_800, "token_type": "Bearer"}),
        KEYS,
    )) {
        match token(&body) {
            Ok(token) => {
                let _ = (token.expires_at(), format!("{token:?}"));
            }
            Err(error) => {
                prop_assert!(error.is_auth(), "{error:?}");
                // The body holds the token: it is never echoed into the error.
                prop_assert!(!error.to_string().contains("eyJ.x.y"));
            }
        }
    }

    #[test]
    fn delete_responses_decode_or_fail(body in json::body(
        serde_json::json!({"message": "Package deleted", "entityId": "3084832"}),
        KEYS,
    )) {
        match delete_response(&body) {
            Ok(response) => {
                let _ = format!("{response:?}");
            }
            Err(error) => check_error(&error),
        }
    }

    #[test]
    fn error_bodies_always_become_api_errors(
        status in 100_u16..=999,
        body in json::body(
            serde_json::json!({"type": "x", "title": "Not Found", "detail": "Entity Not Found", "o:errorCode": "OCM-404"}),
            KEYS,
        ),
        request_id in prop::option::of(prop::collection::vec(any::<u8>(), 0..24)),
        header in prop::sample::select(&["x-request-id", "opc-request-id", "x-oracle-dms-ecid"][..]),
    ) {
        let mut headers = HeaderMap::new();
        if let Some(value) = request_id.and_then(|id| HeaderValue::from_bytes(&id).ok()) {
            headers.insert(header, value);
        }
        let status = StatusCode::from_u16(status).unwrap();
        let error = AppStoreErrorDecoder.decode_error(&ApiResponse::new(status, headers, body));
        prop_assert_eq!(error.status, status);
        check_error(&Error::from(error));
    }

    #[test]
    fn listing_statuses_in_any_case(text in ".{0,20}") {
        let _ = ListingStatus::from_any_case(&text);
        let _ = is_secret_property_name(&text);
    }
}

#[test]
fn the_documented_samples_decode_in_every_shape() {
    for shape in [
        v1(),
        serde_json::json!([v1(), v2()]),
        serde_json::json!({"items": [{"Package": v1()}, {"PackageVersion": v2()}]}),
    ] {
        let packages = package_list(&serde_json::to_vec(&shape).unwrap()).unwrap();
        assert!(!packages.is_empty());
        packages.iter().for_each(check_package);
    }
    let page =
        applications_page(&serde_json::to_vec(&applications_sample()).unwrap(), 0, 2).unwrap();
    assert_eq!(page.items.len(), 2);
    assert_eq!(page.total, Some(10));
}

#[test]
fn an_expires_in_beyond_the_clock_means_no_known_expiry() {
    // Regression: an `expires_in` of 2^63 seconds or more overflowed `Instant + Duration` in
    // `Token::expires_in` and panicked (found by `token_lifetimes_of_any_length` in
    // pkgruntime's properties).
    for expires_in in [
        "10000000000000000000",
        "18446744073709551615",
        "\"18446744073709551615\"",
    ] {
        let body = format!(r#"{{"access_token":"t","expires_in":{expires_in}}}"#);
        assert_eq!(
            token(body.as_bytes()).unwrap().expires_at(),
            None,
            "{expires_in}"
        );
    }
}
