//! `list_backup_sets` against the mock: the documented sample field for field, big
//! catalogues with prefetch, every parameter on every page, totals in either place or none,
//! both envelope variants, the `-1` sentinel, a server capping the page size, validation
//! before sending, resuming and limits.

// Test code: a panic is a failed assertion.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use futures::{StreamExt as _, TryStreamExt as _};
use obcloud_client::testing::{
    INSTANCE_ID, ObCloudMock, PROJECT_ID, SAMPLE_RESPONSE, SuccessField, TotalField,
};
use obcloud_client::{
    BackupMode, BackupObjectType, BackupSet, BackupSetStatus, DataBackupMode, StorageClass,
    TenantBackupSet, TriggerMode, Validity,
};
use pkgmodel::time::macros::datetime;
use pkgmodel::{Cursor, PackageKind, Vendor};
use pkgruntime::testing::{Fault, query_param};
use std::collections::HashSet;

fn ids(sets: &[BackupSet]) -> Vec<String> {
    sets.iter()
        .map(|set| set.backup_set_id.clone().unwrap())
        .collect()
}

fn generated_ids(range: std::ops::Range<usize>) -> Vec<String> {
    range.map(|index| format!("bak-mock{index:06}")).collect()
}

/// A client whose Digest challenge has been answered, so a queued fault hits the next call
/// rather than the challenge.
async fn warmed_up(mock: &ObCloudMock) -> obcloud_client::ObCloudClient {
    let client = mock.client();
    client.list_instances().send().await.unwrap();
    client
}

/// The requests that reached the handler (the Digest challenges filtered out).
async fn answered(mock: &ObCloudMock) -> Vec<wiremock::Request> {
    mock.received_requests()
        .await
        .into_iter()
        .filter(|request| request.headers.contains_key("authorization"))
        .collect()
}

#[tokio::test]
async fn the_documented_sample_decodes_field_for_field() {
    let mock = ObCloudMock::start().await;
    mock.set_backup_sets(INSTANCE_ID, Vec::new());
    let client = warmed_up(&mock).await;
    // The sample response, byte for byte, through the client.
    mock.faults()
        .push(Fault::ReplaceBody(SAMPLE_RESPONSE.as_bytes().to_vec()));
    let page = client
        .list_backup_sets(INSTANCE_ID)
        .check_download_enabled(true)
        .send()
        .await
        .unwrap();
    assert_eq!(page.total, Some(1));
    assert_eq!(page.next, None);
    let [cluster] = page.items.as_slice() else {
        panic!("one backup set: {:?}", page.items)
    };

    assert_eq!(cluster.backup_set_id.as_deref(), Some("bak-7aqvtc4ugvuo"));
    assert_eq!(cluster.backup_mode, Some(BackupMode::PhysicalBackup));
    assert_eq!(cluster.backup_object_type, Some(BackupObjectType::Cluster));
    assert_eq!(cluster.checkpoint, Some(datetime!(2025-12-03 12:57:32 UTC)));
    assert_eq!(cluster.data_backup_mode, Some(DataBackupMode::FullBackup));
    assert_eq!(cluster.data_backup_size_gib, Some(0.04));
    assert_eq!(cluster.bytes(), Some(42_949_673));
    assert_eq!(cluster.data_version, Some(1));
    assert_eq!(cluster.download_enabled, Some(true));
    assert_eq!(cluster.download_task_id, None, "-1 means no download task");
    assert_eq!(cluster.end_time, Some(datetime!(2025-12-03 12:58:07 UTC)));
    assert_eq!(cluster.start_time, Some(datetime!(2025-12-03 12:55:35 UTC)));
    assert_eq!(cluster.status, Some(BackupSetStatus::Done));
    assert_eq!(cluster.storage_class, Some(StorageClass::Standard));
    assert_eq!(cluster.tenant_id.as_deref(), Some("sys"));
    assert_eq!(cluster.tenant_name.as_deref(), Some("*"));
    assert!(cluster.has_placeholder_tenant());
    assert!(cluster.is_cluster_level());
    assert_eq!(cluster.real_tenant_name(), None);
    assert_eq!(cluster.trigger_mode, Some(TriggerMode::BackupNow));
    assert_eq!(cluster.validity, Some(Validity::Valid));

    let [tenant] = cluster.tenant_backup_sets.as_slice() else {
        panic!("one tenant set")
    };
    assert_eq!(
        tenant.backup_set_id.as_deref(),
        Some("bak-7aqvtc4ugvuo-1002")
    );
    assert_eq!(tenant.backup_mode, Some(BackupMode::PhysicalBackup));
    assert_eq!(tenant.backup_object_type, Some(BackupObjectType::Tenant));
    assert_eq!(tenant.checkpoint, Some(datetime!(2025-12-03 12:57:32 UTC)));
    assert_eq!(tenant.data_backup_mode, Some(DataBackupMode::FullBackup));
    assert_eq!(tenant.data_backup_size_gib, Some(0.04));
    assert_eq!(tenant.bytes(), Some(42_949_673));
    assert_eq!(tenant.data_version, Some(123_000_325));
    assert_eq!(tenant.download_enabled, Some(true));
    assert_eq!(tenant.download_task_id, None);
    assert_eq!(tenant.end_time, Some(datetime!(2025-12-03 12:57:42 UTC)));
    assert_eq!(tenant.start_time, Some(datetime!(2025-12-03 12:55:47 UTC)));
    assert_eq!(tenant.status, Some(BackupSetStatus::Done));
    assert_eq!(tenant.storage_class, Some(StorageClass::Standard));
    assert_eq!(tenant.tenant_id.as_deref(), Some("t7amdemq4iu9s"));
    assert_eq!(tenant.tenant_name.as_deref(), Some("gyh"));
    assert!(!tenant.has_placeholder_tenant());
    assert_eq!(tenant.trigger_mode, Some(TriggerMode::BackupNow));
    assert_eq!(tenant.validity, Some(Validity::Valid));

    // The mock's own copy of the sample (re-serialised) decodes to the same values, and so
    // does the fixture decoded directly.
    mock.set_backup_sets(INSTANCE_ID, ObCloudMock::sample());
    let from_mock = mock
        .client()
        .list_backup_sets(INSTANCE_ID)
        .send()
        .await
        .unwrap();
    assert_eq!(from_mock.items, page.items);
    assert_eq!(ObCloudMock::sample(), page.items);

    // As vendor-neutral packages: the cluster row and its tenant's.
    let packages = cluster.to_packages();
    assert_eq!(packages.len(), 2);
    let (cluster_package, tenant_package) = (&packages[0], &packages[1]);
    assert_eq!(cluster_package.vendor, Vendor::ObCloud);
    assert_eq!(cluster_package.kind, PackageKind::BackupSet);
    assert_eq!(cluster_package.id, "bak-7aqvtc4ugvuo");
    assert_eq!(
        cluster_package.name, "bak-7aqvtc4ugvuo",
        "not the placeholder"
    );
    assert_eq!(cluster_package.vendor_kind.as_deref(), Some("CLUSTER"));
    assert_eq!(cluster_package.size, Some(42_949_673));
    assert_eq!(
        cluster_package.created,
        Some(datetime!(2025-12-03 12:58:07 UTC))
    );
    assert_eq!(tenant_package.id, "bak-7aqvtc4ugvuo-1002");
    assert_eq!(tenant_package.name, "gyh");
    assert_eq!(tenant_package.vendor_kind.as_deref(), Some("TENANT"));
    assert_eq!(tenant_package.size, Some(42_949_673));
    assert_eq!(pkgmodel::Package::from(tenant), *tenant_package);
}

#[tokio::test]
async fn big_catalogues_come_back_complete_and_in_order_with_and_without_prefetch() {
    let mock = ObCloudMock::start().await;
    mock.generate_catalog(1_234);
    for concurrency in [1, 4] {
        let before = mock.received_requests().await.len();
        let client = mock.client();
        let sets: Vec<BackupSet> = client
            .list_backup_sets(INSTANCE_ID)
            .page_size(100)
            .concurrency(concurrency)
            .items()
            .try_collect()
            .await
            .unwrap();
        assert_eq!(
            ids(&sets),
            generated_ids(0..1_234),
            "concurrency {concurrency}"
        );
        assert_eq!(
            ids(&sets).iter().collect::<HashSet<_>>().len(),
            1_234,
            "no duplicates"
        );
        assert_eq!(
            mock.received_requests().await.len() - before,
            13 + 1,
            "ceil(1234 / 100) pages and one challenge"
        );
        assert_eq!(client.digest_auth().challenges_answered(), 1);
    }
}

#[tokio::test]
async fn every_parameter_is_on_every_page_with_a_fresh_request_id() {
    let mock = ObCloudMock::start().await;
    mock.generate_catalog(40);
    let client = mock
        .client_builder()
        .project_id(PROJECT_ID)
        .build()
        .unwrap();
    let sets: Vec<BackupSet> = client
        .list_backup_sets(INSTANCE_ID)
        .time_range(
            datetime!(2025-01-03 08:00:00.250 +08:00),
            datetime!(2025-01-20 0:00:00.5 UTC),
        )
        .check_download_enabled(true)
        .page_size(4)
        .items()
        .try_collect()
        .await
        .unwrap();
    // Days 2 (the start rounds down to 2025-01-03T00:00:00Z) to 19 (the end rounds up to
    // 2025-01-20T00:00:01Z, so day 19 at midnight is in).
    assert_eq!(ids(&sets), generated_ids(2..20));
    let requests = answered(&mock).await;
    assert_eq!(requests.len(), 5, "18 sets, 4 per page");
    let mut request_ids = HashSet::new();
    for (index, request) in requests.iter().enumerate() {
        let query = |name| query_param(request, name);
        assert_eq!(
            request.url.path(),
            format!("/api/v2/instances/{INSTANCE_ID}/backup/data/sets")
        );
        assert_eq!(query("startTime").as_deref(), Some("2025-01-03T00:00:00Z"));
        assert_eq!(query("endTime").as_deref(), Some("2025-01-20T00:00:01Z"));
        assert_eq!(
            query("checkBackupSetDownloadEnable").as_deref(),
            Some("true")
        );
        assert_eq!(query("pageSize").as_deref(), Some("4"));
        assert_eq!(query("pageNumber"), Some((index + 1).to_string()));
        let request_id = query("requestId").unwrap();
        let uuid = uuid::Uuid::parse_str(&request_id).unwrap();
        assert_eq!(uuid.get_version_num(), 4);
        assert!(request_ids.insert(request_id), "a fresh id per request");
        assert_eq!(request.headers["x-ob-project-id"], PROJECT_ID);
        let keys: Vec<String> = request
            .url
            .query_pairs()
            .map(|(key, _)| key.into_owned())
            .collect();
        assert_eq!(
            keys,
            [
                "requestId",
                "startTime",
                "endTime",
                "pageNumber",
                "pageSize",
                "checkBackupSetDownloadEnable"
            ]
        );
    }
}

#[tokio::test]
async fn a_request_id_set_by_the_caller_is_sent_on_every_page() {
    let mock = ObCloudMock::start().await;
    mock.generate_catalog(25);
    let count = mock
        .client()
        .list_backup_sets(INSTANCE_ID)
        .request_id("trace-2025-12-03")
        .items()
        .try_fold(0, |count, _| async move { Ok(count + 1) })
        .await
        .unwrap();
    assert_eq!(count, 25);
    let requests = mock.received_requests().await;
    assert_eq!(requests.len(), 4, "a challenge and three pages");
    for request in requests {
        assert_eq!(
            query_param(&request, "requestId").as_deref(),
            Some("trace-2025-12-03")
        );
    }
}

#[tokio::test]
async fn the_default_page_size_is_the_apis_and_always_sent() {
    let mock = ObCloudMock::start().await;
    mock.generate_catalog(11);
    let pages: Vec<_> = mock
        .client()
        .list_backup_sets(INSTANCE_ID)
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        pages
            .iter()
            .map(|page| page.items.len())
            .collect::<Vec<_>>(),
        [10, 1]
    );
    for request in answered(&mock).await {
        assert_eq!(query_param(&request, "pageSize").as_deref(), Some("10"));
    }
}

#[tokio::test]
async fn totals_in_data_total_or_total_count_and_both_envelope_variants() {
    let mock = ObCloudMock::start().await;
    mock.generate_catalog(23);
    for total_field in [TotalField::DataTotal, TotalField::TotalCount] {
        for success_field in [SuccessField::Success, SuccessField::Successful] {
            mock.set_total_field(total_field);
            mock.set_success_field(success_field);
            let mut pages = mock
                .client()
                .list_backup_sets(INSTANCE_ID)
                .page_size(10)
                .concurrency(2)
                .pages();
            let mut sizes = Vec::new();
            while let Some(page) = pages.try_next().await.unwrap() {
                assert_eq!(page.total, Some(23), "{total_field:?} {success_field:?}");
                sizes.push(page.items.len());
            }
            assert_eq!(sizes, [10, 10, 3], "{total_field:?} {success_field:?}");
            assert_eq!(pages.total(), Some(23));
        }
    }
}

#[tokio::test]
async fn without_a_total_a_short_or_empty_page_ends_the_listing() {
    let mock = ObCloudMock::start().await;
    mock.set_total_field(TotalField::Absent);
    for (count, requests) in [(23, 3), (20, 3), (0, 1)] {
        mock.generate_catalog(count);
        let before = answered(&mock).await.len();
        let pages: Vec<_> = mock
            .client()
            .list_backup_sets(INSTANCE_ID)
            .page_size(10)
            .concurrency(4)
            .pages()
            .try_collect()
            .await
            .unwrap();
        assert!(pages.iter().all(|page| page.total.is_none()));
        let items: usize = pages.iter().map(|page| page.items.len()).sum();
        assert_eq!(items, count);
        assert_eq!(
            answered(&mock).await.len() - before,
            requests,
            "{count} sets: the empty page after a full one ends it"
        );
    }
}

#[tokio::test]
async fn the_download_task_sentinel_on_both_levels() {
    let mock = ObCloudMock::start().await;
    let client = warmed_up(&mock).await;
    let body = r#"{"success":true,"requestId":"r","data":{"total":2,"dataList":[
        {"backupSetId":"bak-a","downloadTaskId":-1,"tenantBackupSetList":[
            {"backupSetId":"bak-a-1","downloadTaskId":-1},{"backupSetId":"bak-a-2","downloadTaskId":77}]},
        {"backupSetId":"bak-b","downloadTaskId":"12345","dataBackupSize":"1.5","tenantBackupSetList":[]}]}}"#;
    mock.faults()
        .push(Fault::ReplaceBody(body.as_bytes().to_vec()));
    let page = client.list_backup_sets(INSTANCE_ID).send().await.unwrap();
    let (a, b) = (&page.items[0], &page.items[1]);
    assert_eq!(a.download_task_id, None);
    assert_eq!(a.tenant_backup_sets[0].download_task_id, None);
    assert_eq!(a.tenant_backup_sets[1].download_task_id, Some(77));
    assert_eq!(b.download_task_id, Some(12_345));
    assert_eq!(b.bytes(), Some(1_610_612_736));
    assert!(b.tenant_backup_sets.is_empty());
    // Written back the way the API sends it.
    assert_eq!(serde_json::to_value(a).unwrap()["downloadTaskId"], -1);
}

#[tokio::test]
async fn unknown_values_and_fields_are_kept_or_ignored() {
    let mock = ObCloudMock::start().await;
    let client = warmed_up(&mock).await;
    let body = r#"{"success":true,"cost":3,"server":"x","extra":{"a":{}},"data":{"total":1,"hasMore":false,"dataList":[
        {"backupSetId":"bak-n","backupMode":"LOGICAL_BACKUP","status":"RUNNING","storageClass":"archive",
         "validity":"EXPIRED","newField":[1,2],"startTime":"2025-12-03 12:55:35","endTime":null}]}}"#;
    mock.faults()
        .push(Fault::ReplaceBody(body.as_bytes().to_vec()));
    let page = client.list_backup_sets(INSTANCE_ID).send().await.unwrap();
    let set = &page.items[0];
    assert_eq!(
        set.backup_mode,
        Some(BackupMode::Unknown("LOGICAL_BACKUP".into()))
    );
    assert_eq!(set.status, Some(BackupSetStatus::Unknown("RUNNING".into())));
    assert_eq!(
        set.storage_class,
        Some(StorageClass::Unknown("archive".into()))
    );
    assert_eq!(set.validity, Some(Validity::Unknown("EXPIRED".into())));
    assert_eq!(set.start_time, Some(datetime!(2025-12-03 12:55:35 UTC)));
    assert_eq!(set.end_time, None);
}

#[tokio::test]
async fn a_server_serving_fewer_items_per_page_than_asked_is_followed() {
    let mock = ObCloudMock::start().await;
    mock.generate_catalog(250);
    mock.set_max_page_size(Some(30));
    for concurrency in [1, 3] {
        let before = answered(&mock).await.len();
        let mut pages = mock
            .client()
            .list_backup_sets(INSTANCE_ID)
            .page_size(100)
            .concurrency(concurrency)
            .pages();
        let mut sets = Vec::new();
        let mut cursors = Vec::new();
        while let Some(page) = pages.try_next().await.unwrap() {
            cursors.push(page.next.clone());
            sets.extend(page.items);
        }
        assert_eq!(
            ids(&sets),
            generated_ids(0..250),
            "concurrency {concurrency}"
        );
        assert_eq!(
            cursors.first().cloned().flatten(),
            Some(Cursor::PageNumber { page: 2, size: 30 })
        );
        let requests = answered(&mock).await;
        let sizes: Vec<String> = requests[before..]
            .iter()
            .map(|request| query_param(request, "pageSize").unwrap())
            .collect();
        assert_eq!(sizes.len(), 9, "ceil(250 / 30) pages");
        assert_eq!(sizes[0], "100");
        assert!(sizes[1..].iter().all(|size| size == "30"), "{sizes:?}");
    }
}

#[tokio::test]
async fn invalid_input_is_rejected_before_any_request() {
    let mock = ObCloudMock::start().await;
    let client = mock.client();
    let start = datetime!(2025-12-03 12:00:00 UTC);
    let cases = [
        (client.list_backup_sets(""), "instance_id"),
        (client.list_backup_sets("../instances"), "instance_id"),
        (client.list_backup_sets("ob 1"), "instance_id"),
        (
            client
                .list_backup_sets(INSTANCE_ID)
                .time_range(start, start - pkgmodel::time::Duration::SECOND),
            "time_range",
        ),
        (
            client.list_backup_sets(INSTANCE_ID).page_size(0),
            "page_size",
        ),
        (
            client.list_backup_sets(INSTANCE_ID).request_id("a\nb"),
            "request_id",
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
    let error = client.list_backup_sets("").send().await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid input: `instance_id` must be 1 to 128 characters of letters, digits, hyphens (-) \
         and underscores (_) (got \"\")"
    );
    assert!(
        mock.received_requests().await.is_empty(),
        "zero requests sent"
    );
}

#[tokio::test]
async fn a_listing_resumes_from_a_saved_cursor_and_a_limit_stops_fetching() {
    let mock = ObCloudMock::start().await;
    mock.generate_catalog(95);
    let client = mock.client();
    let mut pages = client.list_backup_sets(INSTANCE_ID).page_size(10).pages();
    let first = pages.try_next().await.unwrap().unwrap();
    let saved = serde_json::to_string(&first.next).unwrap();
    drop(pages);

    let cursor: Cursor = serde_json::from_str::<Option<Cursor>>(&saved)
        .unwrap()
        .unwrap();
    let single = client
        .list_backup_sets(INSTANCE_ID)
        .resume_from(cursor.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(ids(&single.items), generated_ids(10..20));
    let rest: Vec<BackupSet> = client
        .list_backup_sets(INSTANCE_ID)
        .resume_from(cursor)
        .concurrency(3)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&rest), generated_ids(10..95));

    let foreign = client
        .list_backup_sets(INSTANCE_ID)
        .resume_from(Cursor::Token { token: "x".into() })
        .send()
        .await
        .unwrap_err();
    assert_eq!(foreign.invalid_field().unwrap().field, "resume_from");

    let before = answered(&mock).await.len();
    let limited: Vec<BackupSet> = client
        .list_backup_sets(INSTANCE_ID)
        .page_size(10)
        .limit(25)
        .concurrency(8)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&limited), generated_ids(0..25));
    assert_eq!(answered(&mock).await.len() - before, 3);
}

#[tokio::test]
async fn an_empty_catalogue_is_one_empty_page() {
    let mock = ObCloudMock::start().await;
    mock.generate_catalog(0);
    let pages: Vec<_> = mock
        .client()
        .list_backup_sets(INSTANCE_ID)
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 1);
    assert!(pages[0].items.is_empty());
    assert_eq!(pages[0].total, Some(0));
}

#[tokio::test]
async fn raw_items_keep_the_servers_json() {
    let mock = ObCloudMock::start().await;
    let mut set = BackupSet::new("bak-raw");
    set.tenant_backup_sets
        .push(TenantBackupSet::new("bak-raw-1"));
    mock.set_backup_sets(INSTANCE_ID, vec![set]);
    let raw: Vec<serde_json::Value> = mock
        .client()
        .list_backup_sets(INSTANCE_ID)
        .items_as()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        raw,
        [serde_json::json!({
            "backupSetId": "bak-raw", "downloadTaskId": -1,
            "tenantBackupSetList": [{"backupSetId": "bak-raw-1", "downloadTaskId": -1}]
        })]
    );
}
