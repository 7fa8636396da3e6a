//! Paging as a property, for every lister of the four clients: against mock servers that
//! serve fewer items per page than asked (a deployment's page-size cap) and report what they
//! report in real life, a listing yields exactly the server's items, in order — none
//! skipped, none repeated — whatever the catalogue size, requested page size, cap,
//! prefetch concurrency, item limit and resume point.
//!
//! For each random case the lister is run twice: once with the case's limit (the items must
//! be the catalogue's first `limit`), and once split at the resume point (a listing limited
//! to that many items, drained page by page, then a second listing resumed from the first's
//! `next_cursor`): the two parts together must be the whole catalogue.
//!
//! `PROPTEST_CASES=500 cargo test -p pkgsdk-tests --test capped_paging` searches deeper.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use futures::{StreamExt as _, TryStreamExt as _};
use pkgmodel::Cursor;
use pkgsdk::Pages;
use pkgsdk::appstore::testing::AppStoreMock;
use pkgsdk::iotda::PackageType;
use pkgsdk::iotda::testing::IotdaMock;
use pkgsdk::obcloud::testing::{INSTANCE_ID, ObCloudMock};
use pkgsdk::ocp::testing::{OcpMock, PageShape};
use pkgsdk_json_strategies as json;
use proptest::prelude::*;
use std::fmt::Debug;
use tokio::runtime::Runtime;

/// One random listing.
#[derive(Clone, Debug)]
struct Case {
    /// Items in the catalogue.
    count: usize,
    /// The page size asked for.
    size: u32,
    /// The most items the server serves per page.
    cap: u32,
    /// Pages fetched at once.
    concurrency: usize,
    /// Items to stop after, in the first run.
    limit: Option<u64>,
    /// Items after which the second run stops and resumes.
    resume_after: u64,
}

fn case(max_size: u32) -> impl Strategy<Value = Case> {
    (
        0_usize..=120,
        1..=max_size,
        1..=max_size,
        1_usize..=4,
        prop::option::of(0_u64..=130),
        0_u64..=130,
    )
        .prop_map(
            |(count, size, cap, concurrency, limit, resume_after)| Case {
                count,
                size,
                cap,
                concurrency,
                limit,
                resume_after,
            },
        )
}

/// The pages of a list builder at the case's page size and concurrency, from `resume`
/// (if any), stopping after `limit` items (if any). A macro: the four clients' builders
/// share these methods, not a trait.
macro_rules! pages {
    ($builder:expr, $case:expr, $resume:expr, $limit:expr) => {{
        let mut list = $builder
            .page_size($case.size)
            .concurrency($case.concurrency);
        if let Some(cursor) = $resume {
            list = list.resume_from(cursor);
        }
        if let Some(limit) = $limit {
            list = list.limit(limit);
        }
        list.pages()
    }};
}

fn runtime() -> Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// Lists with `list(resume, limit)` as the case says and compares the keys of what
/// arrived with the catalogue's `expected` keys, in order.
async fn check<T, K>(
    case: &Case,
    expected: &[K],
    key: impl Fn(&T) -> K,
    list: impl Fn(Option<Cursor>, Option<u64>) -> Pages<T>,
) -> Result<(), TestCaseError>
where
    T: Send + 'static,
    K: PartialEq + Debug,
{
    let fail = |what: &str, error: pkgsdk::Error| TestCaseError::fail(format!("{what}: {error}"));

    // With the case's limit.
    let items: Vec<T> = list(None, case.limit)
        .items()
        .try_collect()
        .await
        .map_err(|error| fail("listing", error))?;
    let wanted = case.limit.map_or(expected.len(), |limit| {
        expected.len().min(usize::try_from(limit).unwrap())
    });
    let got: Vec<K> = items.iter().map(&key).collect();
    prop_assert_eq!(
        &got[..],
        &expected[..wanted],
        "listing with limit {:?}",
        case.limit
    );

    // Split at the resume point: whole pages up to the limit, then resume from the cursor.
    let mut first = list(None, Some(case.resume_after));
    let mut got = Vec::new();
    while let Some(page) = first.next().await {
        let page = page.map_err(|error| fail("first part", error))?;
        got.extend(page.items.iter().map(&key));
    }
    if let Some(cursor) = first.next_cursor().cloned() {
        let rest: Vec<T> = list(Some(cursor.clone()), None)
            .items()
            .try_collect()
            .await
            .map_err(|error| fail(&format!("resumed from {cursor:?}"), error))?;
        got.extend(rest.iter().map(&key));
    }
    prop_assert_eq!(
        &got[..],
        expected,
        "split after {} items",
        case.resume_after
    );
    Ok(())
}

proptest! {
    #![proptest_config(json::config(24))]

    /// OCP caps `size` as Spring does and reports the size it served — or, as some
    /// deployments behind a gateway might, only the totals.
    #[test]
    fn ocp_software_packages(case in case(40), report_size in any::<bool>(), flat in any::<bool>()) {
        let runtime = runtime();
        runtime.block_on(async {
            let mock = OcpMock::start().await;
            mock.generate_catalog(case.count);
            mock.set_max_page_size(case.cap);
            mock.set_report_page_size(report_size);
            mock.set_page_shape(if flat { PageShape::Flat } else { PageShape::Nested });
            let expected: Vec<_> = mock.catalog().into_iter().map(|meta| meta.id).collect();
            let client = mock.client();
            check(&case, &expected, |meta: &pkgsdk::ocp::SoftwarePackageMeta| meta.id, |resume, limit| {
                pages!(client.list_software_packages(), case, resume, limit)
            }).await
        })?;
    }

    /// OceanBase Cloud caps `pageSize` silently: responses echo neither page nor size.
    #[test]
    fn obcloud_backup_sets(case in case(40)) {
        let runtime = runtime();
        runtime.block_on(async {
            let mock = ObCloudMock::start().await;
            mock.generate_catalog(case.count);
            mock.set_max_page_size(Some(case.cap));
            let expected: Vec<_> = mock.backup_sets(INSTANCE_ID).into_iter().map(|set| set.backup_set_id).collect();
            let client = mock.client();
            check(&case, &expected, |set: &pkgsdk::obcloud::BackupSet| set.backup_set_id.clone(), |resume, limit| {
                pages!(client.list_backup_sets(INSTANCE_ID), case, resume, limit)
            }).await
        })?;
    }

    #[test]
    fn obcloud_instances(case in case(40)) {
        let runtime = runtime();
        runtime.block_on(async {
            let mock = ObCloudMock::start().await;
            mock.generate_instances(case.count);
            mock.set_max_page_size(Some(case.cap));
            let expected: Vec<_> = mock.instances().into_iter().map(|instance| instance.instance_id).collect();
            let client = mock.client();
            check(&case, &expected, |instance: &pkgsdk::obcloud::Instance| instance.instance_id.clone(), |resume, limit| {
                pages!(client.list_instances(), case, resume, limit)
            }).await
        })?;
    }

    /// Oracle's publisher API pages by offset; with totals reported, prefetch plans ahead.
    #[test]
    fn appstore_applications(case in case(40)) {
        let runtime = runtime();
        runtime.block_on(async {
            let mock = AppStoreMock::start().await;
            mock.generate_catalog(case.count);
            mock.set_report_totals(true);
            mock.set_max_page_size(Some(case.cap));
            let expected: Vec<_> = mock.applications().into_iter().map(|app| app.listing_version_id).collect();
            let client = mock.client();
            check(&case, &expected, |app: &pkgsdk::appstore::ApplicationSummary| app.listing_version_id, |resume, limit| {
                pages!(client.list_applications(), case, resume, limit)
            }).await
        })?;
    }

    /// IoTDA pages by marker; a server serving fewer than `limit` still reports the total.
    #[test]
    fn iotda_ota_packages(case in case(50)) {
        let runtime = runtime();
        runtime.block_on(async {
            let mock = IotdaMock::start().await;
            mock.generate_catalog(case.count * 2);
            mock.set_max_page_size(Some(case.cap as usize));
            let expected: Vec<_> = mock
                .catalog()
                .into_iter()
                .filter(|info| info.package_type == Some(PackageType::SoftwarePackage))
                .map(|info| info.package_id)
                .collect();
            let client = mock.client();
            check(&case, &expected, |info: &pkgsdk::iotda::OtaPackageInfo| info.package_id.clone(), |resume, limit| {
                pages!(client.list_ota_packages(PackageType::SoftwarePackage), case, resume, limit)
            }).await
        })?;
    }
}
