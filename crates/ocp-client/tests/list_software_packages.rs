//! `list_software_packages` against the mock: the documented sample, big catalogues in both
//! page shapes, filters on every page, validation before sending, resuming, raw items.

// Test code: a panic is a failed assertion.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use futures::{StreamExt as _, TryStreamExt as _};
use ocp_client::testing::{OcpMock, PageShape, SAMPLE_RESPONSE};
use ocp_client::{SoftwarePackageMeta, SoftwarePackageType, Sort, SortField};
use pkgmodel::time::macros::datetime;
use pkgmodel::{Cursor, PackageKind, Vendor};
use pkgruntime::testing::query_param;
use std::collections::HashSet;

#[tokio::test]
async fn the_documented_sample_decodes_field_for_field() {
    let mock = OcpMock::start().await;
    let page = mock
        .client()
        .list_software_packages()
        .page_size(10)
        .send()
        .await
        .unwrap();
    assert_eq!(page.total, Some(2));
    assert_eq!(page.next, None);
    let [first, second] = page.items.as_slice() else {
        panic!("two packages")
    };

    assert_eq!(first.id, 12);
    assert_eq!(first.name.as_deref(), Some("t-oceanbase-ocp-agent"));
    assert_eq!(
        first.file_name.as_deref(),
        Some("t-oceanbase-ocp-agent-2.4.2-1898294.alios7.x86_64.rpm")
    );
    assert_eq!(first.extension.as_deref(), Some("rpm"));
    assert_eq!(first.size, Some(31_017_340));
    assert_eq!(
        first.sha1.as_deref(),
        Some("e3277366579eac7ecf7a5b6313f2807229567a12")
    );
    assert_eq!(
        first.download_url.as_deref(),
        Some(
            "http://xxx.xxx.xxx.xxx:8080/api/v2/files/sys-package/t-oceanbase-ocp-agent-2.4.2-1898294.alios7.x86_64.rpm"
        )
    );
    assert_eq!(
        first.package_type,
        Some(SoftwarePackageType::OcpAgentInstallPackage)
    );
    assert_eq!(first.version.as_deref(), Some("2.4.2"));
    assert_eq!(first.build_number.as_deref(), Some("1898294"));
    assert_eq!(first.operating_system.as_deref(), Some("alios7"));
    assert_eq!(first.architecture.as_deref(), Some("x86_64"));
    assert_eq!(first.deletable, Some(true));
    assert_eq!(
        first.create_time,
        Some(datetime!(2020-08-10 15:16:50 +08:00))
    );
    assert_eq!(first.installation_data_list, Some(Vec::new()));

    assert_eq!(second.id, 10);
    assert_eq!(second.version.as_deref(), Some("2.4.0"));
    assert_eq!(second.size, Some(29_867_460));
    assert_eq!(
        second.sha1.as_deref(),
        Some("4a6c96b46268121b32a0590729bf44ad9068b6b9")
    );
    assert_eq!(
        second.create_time,
        Some(datetime!(2020-05-25 16:32:51 +08:00))
    );

    // The same when decoding the fixture file directly, and as vendor-neutral packages.
    let envelope: serde_json::Value = serde_json::from_str(SAMPLE_RESPONSE).unwrap();
    let direct: Vec<SoftwarePackageMeta> =
        serde_json::from_value(envelope["data"]["contents"].clone()).unwrap();
    assert_eq!(direct, page.items);
    let package = first.to_package();
    assert_eq!(package.vendor, Vendor::Ocp);
    assert_eq!(package.kind, PackageKind::Software);
    assert_eq!(
        package.vendor_kind.as_deref(),
        Some("OCP_AGENT_INSTALL_PACKAGE")
    );
    assert_eq!(
        package.checksum.unwrap().to_string(),
        "sha1:e3277366579eac7ecf7a5b6313f2807229567a12"
    );
    assert_eq!(package.platform.unwrap().to_string(), "alios7/x86_64");
}

#[tokio::test]
async fn thousands_of_packages_come_back_complete_in_order_in_both_page_shapes() {
    let mock = OcpMock::start().await;
    mock.generate_catalog(4_321);
    for shape in [PageShape::Nested, PageShape::Flat] {
        mock.set_page_shape(shape);
        for concurrency in [1, 4] {
            let before = mock.received_requests().await.len();
            let ids: Vec<u64> = mock
                .client()
                .list_software_packages()
                .page_size(700)
                .concurrency(concurrency)
                .items()
                .map_ok(|package| package.id)
                .try_collect()
                .await
                .unwrap();
            assert_eq!(
                ids,
                (1..=4_321).collect::<Vec<_>>(),
                "{shape:?}, concurrency {concurrency}"
            );
            assert_eq!(
                ids.iter().collect::<HashSet<_>>().len(),
                4_321,
                "no duplicates"
            );
            assert_eq!(
                mock.received_requests().await.len() - before,
                7,
                "ceil(4321 / 700) pages"
            );
        }
    }
}

#[tokio::test]
async fn every_filter_is_on_every_page_request() {
    let mock = OcpMock::start().await;
    mock.generate_catalog(600);
    let packages: Vec<SoftwarePackageMeta> = mock
        .client()
        .list_software_packages()
        .keyword("ocean")
        .types([SoftwarePackageType::ObServerInstallPackage])
        .versions((0..100).map(|minor| format!("4.{}.{}", minor / 25, minor)))
        .operating_systems(["el7", "el8", "alios7"])
        .architectures(["x86_64"])
        .sort(Sort::desc(SortField::Id))
        .page_size(3)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert!(!packages.is_empty());
    assert!(
        packages.windows(2).all(|pair| pair[0].id > pair[1].id),
        "sorted by id, descending"
    );
    let requests = mock.received_requests().await;
    assert!(requests.len() > 1, "several pages");
    for (index, request) in requests.iter().enumerate() {
        let query = |name| query_param(request, name);
        assert_eq!(query("keyword").as_deref(), Some("ocean"));
        assert_eq!(query("type").as_deref(), Some("OB_SERVER_INSTALL_PACKAGE"));
        assert!(query("version").unwrap().starts_with("4.0.0,4.0.1,"));
        assert_eq!(query("operatingSystem").as_deref(), Some("el7,el8,alios7"));
        assert_eq!(query("architecture").as_deref(), Some("x86_64"));
        assert_eq!(query("sort").as_deref(), Some("id,desc"));
        assert_eq!(query("size").as_deref(), Some("3"));
        assert_eq!(query("page"), Some((index + 1).to_string()));
        // Keys in order, so a signature covers exactly what is sent.
        let keys: Vec<String> = request
            .url
            .query_pairs()
            .map(|(key, _)| key.into_owned())
            .collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
    }
}

#[tokio::test]
async fn size_is_always_sent_with_a_documented_default() {
    let mock = OcpMock::start().await;
    mock.client().list_software_packages().send().await.unwrap();
    let request = &mock.received_requests().await[0];
    assert_eq!(
        query_param(request, "size"),
        Some(ocp_client::DEFAULT_PAGE_SIZE.to_string())
    );
    assert_eq!(query_param(request, "page").as_deref(), Some("1"));
}

#[tokio::test]
async fn invalid_input_is_rejected_before_any_request() {
    let mock = OcpMock::start().await;
    let client = mock.client();
    let cases = [
        (client.list_software_packages().page_size(0), "page_size"),
        (client.list_software_packages().page_size(2001), "page_size"),
        (
            client.list_software_packages().versions(["1.0,2.0"]),
            "versions",
        ),
        (
            client.list_software_packages().operating_systems([""]),
            "operating_systems",
        ),
        (
            client.list_software_packages().architectures(["x86\n64"]),
            "architectures",
        ),
        (client.list_software_packages().types(["A,B"]), "types"),
        (
            client.list_software_packages().keyword("a\u{7}b"),
            "keyword",
        ),
    ];
    for (listing, field) in cases {
        let error = listing.clone().send().await.unwrap_err();
        assert_eq!(error.invalid_field().unwrap().field, field);
        let mut items = listing.items();
        let error = items.next().await.unwrap().unwrap_err();
        assert_eq!(error.invalid_field().unwrap().field, field);
        assert!(items.next().await.is_none());
    }
    let error = client
        .list_software_packages()
        .page_size(0)
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid input: `page_size` must be between 1 and 2000 (got 0)"
    );
    assert!(
        mock.received_requests().await.is_empty(),
        "zero requests sent"
    );
}

#[tokio::test]
async fn an_empty_catalogue_reporting_zeros_is_one_empty_page() {
    let mock = OcpMock::start().await;
    mock.set_catalog(Vec::new());
    for shape in [PageShape::Nested, PageShape::Flat] {
        mock.set_page_shape(shape);
        let pages: Vec<_> = mock
            .client()
            .list_software_packages()
            .pages()
            .try_collect()
            .await
            .unwrap();
        assert_eq!(pages.len(), 1);
        assert!(pages[0].items.is_empty());
        assert_eq!(pages[0].total, Some(0));
    }
}

#[tokio::test]
async fn a_listing_resumes_from_a_saved_cursor_and_send_fetches_that_page() {
    let mock = OcpMock::start().await;
    mock.generate_catalog(95);
    let client = mock.client();
    let mut pages = client.list_software_packages().page_size(10).pages();
    let first = pages.try_next().await.unwrap().unwrap();
    let saved = serde_json::to_string(&first.next).unwrap();
    drop(pages);

    let cursor: Cursor = serde_json::from_str::<Option<Cursor>>(&saved)
        .unwrap()
        .unwrap();
    let single = client
        .list_software_packages()
        .resume_from(cursor.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(single.items.first().map(|p| p.id), Some(11));
    let rest: Vec<u64> = client
        .list_software_packages()
        .resume_from(cursor)
        .items()
        .map_ok(|p| p.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rest, (11..=95).collect::<Vec<_>>());

    let foreign = client
        .list_software_packages()
        .resume_from(Cursor::Token { token: "x".into() })
        .send()
        .await
        .unwrap_err();
    assert_eq!(foreign.invalid_field().unwrap().field, "resume_from");
}

#[tokio::test]
async fn a_limit_stops_fetching() {
    let mock = OcpMock::start().await;
    mock.generate_catalog(95);
    let ids: Vec<u64> = mock
        .client()
        .list_software_packages()
        .page_size(10)
        .limit(25)
        .concurrency(8)
        .items()
        .map_ok(|p| p.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, (1..=25).collect::<Vec<_>>());
    assert_eq!(mock.received_requests().await.len(), 3);
}

#[tokio::test]
async fn raw_items_keep_the_servers_json_exactly() {
    let mock = OcpMock::start().await;
    let mut meta = SoftwarePackageMeta::new(7);
    meta.name = Some("big".into());
    meta.size = Some(1);
    mock.set_catalog(vec![meta]);
    let raw: Vec<Box<serde_json::value::RawValue>> = mock
        .client()
        .list_software_packages()
        .items_as()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(raw.len(), 1);
    assert_eq!(raw[0].get(), r#"{"id":7,"name":"big","size":1}"#);
    // A value with fields this version does not know parses too.
    let values: Vec<serde_json::Value> = mock
        .client()
        .list_software_packages()
        .items_as()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(values[0]["name"], "big");
}

#[tokio::test]
async fn numbers_sent_as_strings_decode() {
    let mock = OcpMock::start().await;
    mock.set_catalog(Vec::new());
    let body = r#"{"data":{"contents":[{"id":"9007199254740993","size":"4294967296","type":"NEW_KIND"}],
                   "totalElements":"1","totalPage":"1","number":1,"size":500},"successful":true}"#;
    mock.faults().push(pkgruntime::testing::Fault::ReplaceBody(
        body.as_bytes().to_vec(),
    ));
    let page = mock.client().list_software_packages().send().await.unwrap();
    let meta = &page.items[0];
    assert_eq!(meta.id, 9_007_199_254_740_993);
    assert_eq!(meta.size, Some(4_294_967_296));
    assert_eq!(
        meta.package_type,
        Some(SoftwarePackageType::Unknown("NEW_KIND".into()))
    );
    assert_eq!(page.total, Some(1));
}
