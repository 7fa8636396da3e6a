//! `ObCloudClient` against real HTTP Digest servers serving OceanBase-Cloud-shaped responses
//! at the client's real paths: Apache httpd (`mod_auth_digest`, MD5) and lighttpd
//! (`mod_auth`, SHA-256; and MD5 + SHA-256 offered together).
//!
//! Ignored by default: they need the servers that `.ci/digest-peers.sh` starts on 127.0.0.1.
//!
//! ```sh
//! bash .ci/digest-peers.sh start
//! eval "$(bash .ci/digest-peers.sh env)"
//! cargo test -p obcloud-client --test real_digest_servers -- --ignored
//! bash .ci/digest-peers.sh stop
//! ```
//!
//! The servers answer `/api/v2/instances/<any id>/backup/data/sets…` with static pages, so
//! each listing uses an instance id of its own: its requests are then the access-log lines
//! naming that id, and the `401` challenges the *server* sent are counted there and checked
//! against [`DigestAuth::challenges_answered`](pkgruntime::DigestAuth::challenges_answered).

// Test code: a panic is a failed assertion.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use futures::TryStreamExt as _;
use obcloud_client::{BackupObjectType, BackupSet, ObCloudClient};
use pkgruntime::{DigestAlgorithm, Error, RetryPolicy};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Apache's nonce lifetime on `/api/v2/` (`AuthDigestNonceLifetime 300`).
const APACHE_LIFETIME: Duration = Duration::from_secs(300);
/// lighttpd's nonce lifetime (fixed at 600 s in `mod_auth`).
const LIGHTTPD_LIFETIME: Duration = Duration::from_secs(600);

/// The servers, from the variables `digest-peers.sh env` prints.
struct Peers {
    run: PathBuf,
    user: String,
    password: String,
    items: usize,
    page_size: u32,
    apache: String,
    apache_stale: String,
    short_lifetime: Duration,
    lighttpd: String,
    lighttpd_multi: String,
}

fn var(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!(
            "{name} is not set: run `bash .ci/digest-peers.sh start` and \
             `eval \"$(bash .ci/digest-peers.sh env)\"` first"
        )
    })
}

fn peers() -> Peers {
    Peers {
        run: PathBuf::from(var("PKGSDK_DIGEST_RUN")),
        user: var("PKGSDK_DIGEST_USER"),
        password: var("PKGSDK_DIGEST_PASSWORD"),
        items: var("PKGSDK_DIGEST_OBCLOUD_ITEMS").parse().unwrap(),
        page_size: var("PKGSDK_DIGEST_OBCLOUD_PAGE_SIZE").parse().unwrap(),
        apache: var("PKGSDK_DIGEST_APACHE_URL"),
        apache_stale: var("PKGSDK_DIGEST_APACHE_STALE_URL"),
        short_lifetime: Duration::from_secs(
            var("PKGSDK_DIGEST_APACHE_SHORT_LIFETIME").parse().unwrap(),
        ),
        lighttpd: var("PKGSDK_DIGEST_LIGHTTPD_URL"),
        lighttpd_multi: var("PKGSDK_DIGEST_LIGHTTPD_MULTI_URL"),
    }
}

impl Peers {
    /// A client for `endpoint` with the servers' credentials (or `secret`), without
    /// retries, so every request is one the test made.
    fn client(&self, endpoint: &str, secret: Option<&str>) -> ObCloudClient {
        ObCloudClient::builder()
            .endpoint(endpoint)
            .access_key(&self.user, secret.unwrap_or(&self.password))
            .retry(RetryPolicy::disabled())
            .build()
            .unwrap()
    }

    fn apache_log(&self) -> PathBuf {
        self.run.join("apache/access.log")
    }

    fn lighttpd_log(&self) -> PathBuf {
        self.run.join("lighttpd/access.log")
    }

    fn pages(&self) -> usize {
        self.items.div_ceil(self.page_size as usize)
    }

    /// The ids of the servers' backup sets, in order.
    fn set_ids(&self) -> Vec<String> {
        (0..self.items).map(|k| format!("bak-peer{k:04}")).collect()
    }
}

/// An instance id unique to one listing, to find its requests in the access logs.
fn instance(test: &str) -> String {
    format!("{test}-{}", uuid::Uuid::new_v4().simple())
}

fn ids(sets: &[BackupSet]) -> Vec<String> {
    sets.iter()
        .map(|set| set.backup_set_id.clone().unwrap())
        .collect()
}

async fn list(
    client: &ObCloudClient,
    instance: &str,
    page_size: u32,
    concurrency: usize,
) -> Vec<BackupSet> {
    client
        .list_backup_sets(instance)
        .page_size(page_size)
        .concurrency(concurrency)
        .items()
        .try_collect()
        .await
        .unwrap()
}

/// The statuses the server logged for requests naming `instance`, once `expected` of them
/// are in its access log (lighttpd flushes its log about once a second).
async fn logged_statuses(log: &Path, instance: &str, expected: usize) -> Vec<u16> {
    let needle = format!("/instances/{instance}/");
    let mut statuses = Vec::new();
    for _ in 0..200 {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        statuses = text
            .lines()
            .filter(|line| line.contains(&needle))
            .filter_map(|line| {
                let (_, rest) = line.rsplit_once("\" ")?;
                rest.split_whitespace().next()?.parse().ok()
            })
            .collect();
        if statuses.len() >= expected {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        statuses.len(),
        expected,
        "requests for {instance} in {}: {statuses:?}",
        log.display()
    );
    statuses
}

fn count(statuses: &[u16], status: u16) -> u64 {
    u64::try_from(statuses.iter().filter(|&&s| s == status).count()).unwrap()
}

/// The most challenges a session of `elapsed` can need: the first, plus one per stale
/// nonce — and a nonce goes stale only `lifetime` after the challenge that issued it.
fn most_challenges(elapsed: Duration, lifetime: Duration) -> u64 {
    1 + u64::try_from(elapsed.as_millis() / lifetime.as_millis()).unwrap()
}

/// Checks one client's session against the server's log: `challenges` 401s (within the
/// bound for its duration) and `requests` 200s.
async fn check_session(
    client: &ObCloudClient,
    log: &Path,
    instance: &str,
    requests: u64,
    started: Instant,
    lifetime: Duration,
) {
    let elapsed = started.elapsed();
    let challenges = client.digest_auth().challenges_answered();
    assert!(
        (1..=most_challenges(elapsed, lifetime)).contains(&challenges),
        "{challenges} challenges in {elapsed:?}"
    );
    let statuses = logged_statuses(
        log,
        instance,
        usize::try_from(requests + challenges).unwrap(),
    )
    .await;
    assert_eq!(count(&statuses, 401), challenges, "{statuses:?}");
    assert_eq!(count(&statuses, 200), requests, "{statuses:?}");
}

/// A sequential listing on one client, then a prefetching listing, a page-by-page listing
/// and every set fetched concurrently on another: one challenge per client.
async fn listings_cost_one_challenge(
    endpoint: &str,
    log: &Path,
    lifetime: Duration,
    test: &str,
    algorithm: DigestAlgorithm,
) {
    let peers = peers();
    let pages = u64::try_from(peers.pages()).unwrap();

    // Sequential.
    let started = Instant::now();
    let client = peers.client(endpoint, None);
    let sequential_instance = instance(&format!("{test}-seq"));
    let sets = list(&client, &sequential_instance, peers.page_size, 1).await;
    assert_eq!(ids(&sets), peers.set_ids());
    let first = &sets[0];
    assert_eq!(first.backup_object_type, Some(BackupObjectType::Cluster));
    assert!(first.has_placeholder_tenant());
    assert_eq!(first.download_task_id, None, "-1: no download task");
    assert_eq!(sets[1].download_task_id, Some(501));
    assert_eq!(sets[1].bytes(), Some(1_610_612_736), "1.5 GiB");
    assert_eq!(
        first.tenant_backup_sets[0].tenant_name.as_deref(),
        Some("gyh")
    );
    assert_eq!(client.digest_auth().algorithm(), Some(algorithm));
    check_session(&client, log, &sequential_instance, pages, started, lifetime).await;

    // Prefetching, then page by page, then every set at once: the nonce is reused throughout.
    let started = Instant::now();
    let client = peers.client(endpoint, None);
    let instance = instance(&format!("{test}-prefetch"));
    let sets = list(&client, &instance, peers.page_size, 3).await;
    assert_eq!(ids(&sets), peers.set_ids());
    let mut stream = client
        .list_backup_sets(&instance)
        .page_size(peers.page_size)
        .pages();
    while let Some(page) = stream.try_next().await.unwrap() {
        // Page 2 reports its total as a top-level totalCount, the others as data.total.
        assert_eq!(page.total, Some(peers.items as u64));
    }
    let fetches = peers.set_ids().into_iter().map(|id| {
        let (client, instance) = (client.clone(), instance.clone());
        tokio::spawn(async move {
            client
                .get_backup_set(&instance, &id)
                .check_download_enabled(true)
                .send()
                .await
        })
    });
    for (fetch, id) in futures::future::join_all(fetches)
        .await
        .into_iter()
        .zip(peers.set_ids())
    {
        let set = fetch.unwrap().unwrap();
        assert_eq!(set.backup_set_id.as_deref(), Some(id.as_str()));
        assert_eq!(set.tenant_backup_sets.len(), 1);
    }
    assert_eq!(client.digest_auth().algorithm(), Some(algorithm));
    let requests = 2 * pages + u64::try_from(peers.items).unwrap();
    check_session(&client, log, &instance, requests, started, lifetime).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the servers of .ci/digest-peers.sh"]
async fn apache_md5_listings_cost_one_challenge() {
    let peers = peers();
    listings_cost_one_challenge(
        &peers.apache,
        &peers.apache_log(),
        APACHE_LIFETIME,
        "apache",
        DigestAlgorithm::Md5,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the servers of .ci/digest-peers.sh"]
async fn lighttpd_sha256_listings_cost_one_challenge() {
    let peers = peers();
    listings_cost_one_challenge(
        &peers.lighttpd,
        &peers.lighttpd_log(),
        LIGHTTPD_LIFETIME,
        "lighttpd",
        DigestAlgorithm::Sha256,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the servers of .ci/digest-peers.sh"]
async fn lighttpd_offering_md5_and_sha256_is_answered_with_sha256() {
    let peers = peers();
    listings_cost_one_challenge(
        &peers.lighttpd_multi,
        &peers.lighttpd_log(),
        LIGHTTPD_LIFETIME,
        "lighttpd-multi",
        DigestAlgorithm::Sha256,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the servers of .ci/digest-peers.sh"]
async fn apache_stale_nonces_are_renewed_silently() {
    let peers = peers();
    let client = peers.client(&peers.apache_stale, None);
    let instance = instance("apache-stale");
    let pages = u64::try_from(peers.pages()).unwrap();
    let started = Instant::now();

    assert_eq!(
        ids(&list(&client, &instance, peers.page_size, 1).await),
        peers.set_ids()
    );
    assert_eq!(client.digest_auth().challenges_answered(), 1);
    // Outlive the nonce twice: Apache answers the next request 401 with stale=true, the
    // client takes the new nonce and resends, and the listing goes on (once sequential, once
    // prefetching: its first page goes alone, so only it meets the stale nonce). Had Apache
    // not said stale, the hook would have given up with Error::Auth.
    for concurrency in [1, 3] {
        tokio::time::sleep(peers.short_lifetime + Duration::from_millis(1500)).await;
        let sets = list(&client, &instance, peers.page_size, concurrency).await;
        assert_eq!(ids(&sets), peers.set_ids());
    }

    let elapsed = started.elapsed();
    let challenges = client.digest_auth().challenges_answered();
    assert!(
        (3..=most_challenges(elapsed, peers.short_lifetime)).contains(&challenges),
        "{challenges} challenges in {elapsed:?}: the first and one per stale nonce"
    );
    let statuses = logged_statuses(
        &peers.apache_log(),
        &instance,
        usize::try_from(3 * pages + challenges).unwrap(),
    )
    .await;
    assert_eq!(count(&statuses, 401), challenges, "{statuses:?}");
    assert_eq!(count(&statuses, 200), 3 * pages);
    assert_eq!(statuses[0], 401, "the first request is challenged");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the servers of .ci/digest-peers.sh"]
async fn a_wrong_secret_fails_with_an_auth_error_and_never_loops() {
    let peers = peers();
    for (endpoint, log, name) in [
        (&peers.apache, peers.apache_log(), "apache-wrong"),
        (&peers.lighttpd, peers.lighttpd_log(), "lighttpd-wrong"),
        (
            &peers.lighttpd_multi,
            peers.lighttpd_log(),
            "lighttpd-multi-wrong",
        ),
    ] {
        let wrong = format!("{}-rotated", peers.password);
        let client = peers.client(endpoint, Some(&wrong));
        let instance = instance(name);
        // The challenge, then the refusal of the answer.
        let error = client
            .list_backup_sets(&instance)
            .page_size(peers.page_size)
            .send()
            .await
            .unwrap_err();
        assert!(matches!(error, Error::Auth(_)), "{name}: {error:?}");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(401), "{name}");
        assert!(!error.to_string().contains(&peers.password), "{name}");
        // The next call answers with the nonce it has, is refused, and gives up at once.
        let error = client
            .get_backup_set(&instance, "bak-peer0000")
            .send()
            .await
            .unwrap_err();
        assert!(error.is_auth(), "{name}: {error}");
        let statuses = logged_statuses(&log, &instance, 3).await;
        assert_eq!(statuses, [401, 401, 401], "{name}");
        assert_eq!(client.digest_auth().challenges_answered(), 1, "{name}");
    }
}
