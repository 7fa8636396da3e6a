//! `get_backup_set` and `list_instances` against the mock: paths, parameters, identifiers
//! checked before sending, paging and filters.

// Test code: a panic is a failed assertion.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use futures::TryStreamExt as _;
use obcloud_client::testing::{INSTANCE_ID, ObCloudMock, SAMPLE_RESPONSE, TotalField};
use obcloud_client::{Instance, ListInstancesParams};
use pkgruntime::testing::query_param;

#[tokio::test]
async fn one_backup_set_by_id() {
    let mock = ObCloudMock::start().await;
    let client = mock.client();
    let set = client
        .get_backup_set(INSTANCE_ID, "bak-7aqvtc4ugvuo")
        .check_download_enabled(true)
        .request_id("get-1")
        .send()
        .await
        .unwrap();
    assert_eq!(set, ObCloudMock::sample()[0]);
    assert_eq!(set.tenant_backup_sets.len(), 1);

    let request = mock.received_requests().await.pop().unwrap();
    assert_eq!(
        request.url.path(),
        format!("/api/v2/instances/{INSTANCE_ID}/backup/data/sets/bak-7aqvtc4ugvuo")
    );
    assert_eq!(query_param(&request, "requestId").as_deref(), Some("get-1"));
    assert_eq!(
        query_param(&request, "checkBackupSetDownloadEnable").as_deref(),
        Some("true")
    );
    assert!(
        request.body.is_empty(),
        "the check goes in the query, not a body"
    );

    // Awaited directly, with a fresh request id.
    let again = client
        .get_backup_set(INSTANCE_ID, "bak-7aqvtc4ugvuo")
        .send()
        .await
        .unwrap();
    assert_eq!(again, set);
    let request = mock.received_requests().await.pop().unwrap();
    let id = query_param(&request, "requestId").unwrap();
    assert_eq!(uuid::Uuid::parse_str(&id).unwrap().get_version_num(), 4);
    assert_eq!(query_param(&request, "checkBackupSetDownloadEnable"), None);
}

#[tokio::test]
async fn an_unknown_backup_set_is_a_404() {
    let mock = ObCloudMock::start().await;
    let error = mock
        .client()
        .get_backup_set(INSTANCE_ID, "bak-nope")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(error.code(), Some("MOCK.BackupSetNotFound"));
}

#[tokio::test]
async fn identifiers_are_checked_before_sending() {
    let mock = ObCloudMock::start().await;
    let client = mock.client();
    for (instance, id, field) in [
        (INSTANCE_ID, "", "backup_set_id"),
        (INSTANCE_ID, "..", "backup_set_id"),
        (INSTANCE_ID, "bak/../../x", "backup_set_id"),
        (INSTANCE_ID, "bak 1", "backup_set_id"),
        ("", "bak-1", "instance_id"),
        ("ob?x=1", "bak-1", "instance_id"),
    ] {
        let error = client
            .get_backup_set(instance, id)
            .send()
            .await
            .unwrap_err();
        let input = error.invalid_field().unwrap();
        assert_eq!(input.field, field, "{instance:?} {id:?}");
        assert!(
            input
                .rule
                .contains("letters, digits, hyphens (-) and underscores (_)")
        );
    }
    let error = client
        .get_backup_set(INSTANCE_ID, "bak-1")
        .request_id("two words")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.invalid_field().unwrap().field, "request_id");
    assert!(
        mock.received_requests().await.is_empty(),
        "nothing was sent"
    );
}

#[tokio::test]
async fn the_get_response_is_the_listings_item_shape() {
    // `data` of the detail call is one object shaped like a list item: the sample's.
    let mock = ObCloudMock::start().await;
    let sample: serde_json::Value = serde_json::from_str(SAMPLE_RESPONSE).unwrap();
    let body = serde_json::json!({
        "success": true, "requestId": "r", "data": sample["data"]["dataList"][0]
    });
    let client = mock.client();
    client.list_instances().send().await.unwrap(); // the Digest challenge, answered
    mock.faults().push(pkgruntime::testing::Fault::ReplaceBody(
        body.to_string().into_bytes(),
    ));
    let set = client
        .get_backup_set(INSTANCE_ID, "bak-7aqvtc4ugvuo")
        .send()
        .await
        .unwrap();
    assert_eq!(set, ObCloudMock::sample()[0]);
    assert_eq!(
        set.tenant_backup_sets[0].tenant_name.as_deref(),
        Some("gyh")
    );
}

#[tokio::test]
async fn instances_are_listed_in_pages_with_filters() {
    let mock = ObCloudMock::start().await;
    mock.generate_instances(34);
    let client = mock.client();
    let all: Vec<Instance> = client
        .list_instances()
        .page_size(10)
        .concurrency(2)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 35);
    assert_eq!(all[0].instance_id.as_deref(), Some(INSTANCE_ID));
    assert_eq!(all[34].instance_id.as_deref(), Some("ob-mock-0033"));
    assert_eq!(all, mock.instances());

    let named: Vec<Instance> = client
        .list_instances()
        .instance_name("cluster-7")
        .tag_list("env:prod")
        .organization_id("org-1")
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(named.len(), 1);
    assert_eq!(named[0].instance_id.as_deref(), Some("ob-mock-0007"));
    let request = mock.received_requests().await.pop().unwrap();
    assert_eq!(request.url.path(), "/api/v2/instances");
    for (key, value) in [
        ("instanceName", "cluster-7"),
        ("tagList", "env:prod"),
        ("organizationId", "org-1"),
        ("pageNumber", "1"),
        ("pageSize", "10"),
    ] {
        assert_eq!(query_param(&request, key).as_deref(), Some(value), "{key}");
    }

    mock.set_total_field(TotalField::TotalCount);
    let mut params = ListInstancesParams::default();
    params.instance_id = Some("ob-mock-0001".into());
    let page = client.list_instances_with(params).send().await.unwrap();
    assert_eq!(page.total, Some(1));
    assert_eq!(page.items[0].instance_name.as_deref(), Some("cluster-1"));
}

#[tokio::test]
async fn instance_filters_are_checked_before_sending() {
    let mock = ObCloudMock::start().await;
    let client = mock.client();
    for (listing, field) in [
        (client.list_instances().instance_id("a/b"), "instance_id"),
        (
            client.list_instances().organization_id(""),
            "organization_id",
        ),
        (
            client.list_instances().instance_name("x\u{0}"),
            "instance_name",
        ),
        (client.list_instances().page_size(0), "page_size"),
    ] {
        let error = listing.send().await.unwrap_err();
        assert_eq!(error.invalid_field().unwrap().field, field);
    }
    assert!(mock.received_requests().await.is_empty());
}
