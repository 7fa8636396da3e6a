//! `DigestAuth` against real servers: Apache httpd (`mod_auth_digest`, MD5) and lighttpd
//! (`mod_auth`, SHA-256, and MD5 + SHA-256 offered together).
//!
//! Ignored by default: they need the servers that `.ci/digest-peers.sh` starts on 127.0.0.1.
//!
//! ```sh
//! bash .ci/digest-peers.sh start
//! eval "$(bash .ci/digest-peers.sh env)"
//! cargo test -p pkgruntime --test digest_peers -- --ignored
//! bash .ci/digest-peers.sh stop
//! ```
//!
//! Every request carries a `trace=<marker>` query parameter unique to its test, so each test
//! finds its own requests in the servers' access logs and checks the number of `401`
//! challenges the *server* sent against [`DigestAuth::challenges_answered`].

// Test code: a panic is a failed assertion.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use futures::TryStreamExt as _;
use pkgmodel::{Cursor, Page, Vendor};
use pkgruntime::{
    ApiRequest, BoxFuture, DigestAlgorithm, DigestAuth, Error, PageOptions, PageReport, PageSource,
    Pages, RetryPolicy, SecretString, Transport, next_page_number,
};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Items per page in the servers' static pages.
const PER_PAGE: u32 = 2;
/// Apache's nonce lifetime on `/api/v2/` (`AuthDigestNonceLifetime 300`).
const APACHE_LIFETIME: Duration = Duration::from_secs(300);
/// lighttpd's nonce lifetime (fixed at 600 s in `mod_auth`).
const LIGHTTPD_LIFETIME: Duration = Duration::from_secs(600);
/// A query value that needs encoding, to check the digest `uri` against real servers.
const AWKWARD_QUERY: &str = "ob prod/1 ü&x=\"y\"";

/// The servers, from the variables `digest-peers.sh env` prints.
struct Peers {
    run: PathBuf,
    user: String,
    password: String,
    pages: u64,
    items: usize,
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
        pages: var("PKGSDK_DIGEST_PAGES").parse().unwrap(),
        items: var("PKGSDK_DIGEST_ITEMS").parse().unwrap(),
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
    fn auth(&self) -> DigestAuth {
        DigestAuth::new(&self.user, SecretString::from(self.password.clone()))
    }

    fn apache_log(&self) -> PathBuf {
        self.run.join("apache/access.log")
    }

    fn lighttpd_log(&self) -> PathBuf {
        self.run.join("lighttpd/access.log")
    }
}

/// A transport to `endpoint` without retries, so every request is one the test made.
fn transport(endpoint: &str, auth: &DigestAuth) -> Transport {
    Transport::builder(Vendor::ObCloud)
        .endpoint(endpoint)
        .auth(auth.clone())
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap()
}

/// A marker unique to one test run, for finding its requests in the access logs.
fn marker(test: &str) -> String {
    format!("{test}-{:016x}", fastrand::u64(..))
}

fn page_request(page: u64, marker: &str) -> ApiRequest {
    ApiRequest::get("list_packages")
        .path(["api", "v2", "packages"])
        .path([format!("page-{page}.json")])
        .query("pageNumber", page)
        .query("pageSize", PER_PAGE)
        .query("q", AWKWARD_QUERY)
        .query("trace", marker)
}

#[derive(Deserialize)]
struct PageBody {
    items: Vec<String>,
    number: u64,
    #[serde(rename = "totalPages")]
    total_pages: u64,
    total: u64,
}

/// The servers' static listing, paged by number like a vendor client pages.
struct ListPackages {
    transport: Transport,
    marker: String,
}

impl PageSource for ListPackages {
    type Item = String;

    fn first_cursor(&self) -> Option<Cursor> {
        Some(Cursor::PageNumber {
            page: 1,
            size: PER_PAGE,
        })
    }

    fn fetch(&self, cursor: Option<&Cursor>) -> BoxFuture<'static, Result<Page<String>, Error>> {
        let transport = self.transport.clone();
        let (page, size) = match cursor {
            Some(Cursor::PageNumber { page, size }) => (*page, *size),
            _ => (1, PER_PAGE),
        };
        let request = page_request(page, &self.marker);
        Box::pin(async move {
            let body: PageBody = transport.send_json(request).await?;
            let report = PageReport {
                number: Some(body.number),
                size: None,
                total_pages: Some(body.total_pages),
                total_items: Some(body.total),
            };
            let next = next_page_number(page, size, body.items.len(), &report)?;
            Ok(Page::new(body.items, next, Some(body.total)))
        })
    }
}

async fn list(transport: &Transport, marker: &str, concurrency: usize) -> Vec<String> {
    let source = ListPackages {
        transport: transport.clone(),
        marker: marker.to_owned(),
    };
    Pages::new(source, PageOptions::default().concurrency(concurrency))
        .items()
        .try_collect()
        .await
        .unwrap()
}

/// The statuses the server logged for requests carrying `marker`, once `expected` of them
/// are in its access log (lighttpd flushes its log about once a second).
async fn logged_statuses(log: &Path, marker: &str, expected: usize) -> Vec<u16> {
    let needle = format!("trace={marker} HTTP/");
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
        "requests marked {marker} in {}: {statuses:?}",
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

/// A sequential listing, a prefetching listing and 16 concurrent page fetches through one
/// `DigestAuth`: one challenge in total (barring nonces that outlive their lifetime).
async fn one_challenge_for_everything(
    endpoint: &str,
    log: &Path,
    lifetime: Duration,
    test: &str,
) -> DigestAuth {
    let peers = peers();
    let auth = peers.auth();
    let transport = transport(endpoint, &auth);
    let marker = marker(test);
    let started = Instant::now();

    let items = list(&transport, &marker, 1).await;
    assert_eq!(items.len(), peers.items);
    assert_eq!(
        items[peers.items - 1],
        format!("pkg-{:03}", peers.items - 1)
    );
    assert_eq!(list(&transport, &marker, 3).await, items);
    let fetches = (0..16).map(|i| {
        let transport = transport.clone();
        let request = page_request(1 + i % peers.pages, &marker);
        tokio::spawn(async move { transport.send(request).await })
    });
    for fetch in futures::future::join_all(fetches).await {
        fetch.unwrap().unwrap();
    }

    let elapsed = started.elapsed();
    let challenges = auth.challenges_answered();
    assert!(
        (1..=most_challenges(elapsed, lifetime)).contains(&challenges),
        "{challenges} challenges in {elapsed:?}"
    );
    // The server's own count: one 401 per challenge answered, every other request a 200.
    let requests = usize::try_from(2 * peers.pages + 16 + challenges).unwrap();
    let statuses = logged_statuses(log, &marker, requests).await;
    assert_eq!(count(&statuses, 401), challenges, "{statuses:?}");
    assert_eq!(count(&statuses, 200), 2 * peers.pages + 16);
    auth
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the servers of .ci/digest-peers.sh"]
async fn apache_md5_listings_cost_one_challenge() {
    let peers = peers();
    let auth = one_challenge_for_everything(
        &peers.apache,
        &peers.apache_log(),
        APACHE_LIFETIME,
        "apache-listing",
    )
    .await;
    assert_eq!(auth.algorithm(), Some(DigestAlgorithm::Md5));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the servers of .ci/digest-peers.sh"]
async fn lighttpd_sha256_listings_cost_one_challenge() {
    let peers = peers();
    let auth = one_challenge_for_everything(
        &peers.lighttpd,
        &peers.lighttpd_log(),
        LIGHTTPD_LIFETIME,
        "lighttpd-listing",
    )
    .await;
    assert_eq!(auth.algorithm(), Some(DigestAlgorithm::Sha256));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the servers of .ci/digest-peers.sh"]
async fn lighttpd_offering_md5_and_sha256_is_answered_with_sha256() {
    let peers = peers();
    let auth = one_challenge_for_everything(
        &peers.lighttpd_multi,
        &peers.lighttpd_log(),
        LIGHTTPD_LIFETIME,
        "lighttpd-multi",
    )
    .await;
    assert_eq!(auth.algorithm(), Some(DigestAlgorithm::Sha256));
}

#[tokio::test]
#[ignore = "needs the servers of .ci/digest-peers.sh"]
async fn apache_stale_nonces_are_renewed_silently() {
    let peers = peers();
    let auth = peers.auth();
    let transport = transport(&peers.apache_stale, &auth);
    let marker = marker("apache-stale");
    let started = Instant::now();

    for page in 1..=2 {
        transport.send(page_request(page, &marker)).await.unwrap();
    }
    assert_eq!(auth.challenges_answered(), 1);
    // Outlive the nonce: Apache now answers 401 with stale=true. Had it not said stale,
    // the hook would have given up and the next call would fail with Error::Auth.
    tokio::time::sleep(peers.short_lifetime + Duration::from_millis(1500)).await;
    for page in 3..=peers.pages {
        transport.send(page_request(page, &marker)).await.unwrap();
    }

    let elapsed = started.elapsed();
    let challenges = auth.challenges_answered();
    assert!(
        (2..=most_challenges(elapsed, peers.short_lifetime)).contains(&challenges),
        "{challenges} challenges in {elapsed:?}"
    );
    let requests = usize::try_from(peers.pages + challenges).unwrap();
    let statuses = logged_statuses(&peers.apache_log(), &marker, requests).await;
    assert_eq!(count(&statuses, 401), challenges, "{statuses:?}");
    assert_eq!(count(&statuses, 200), peers.pages);
}

#[tokio::test]
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
        let auth = DigestAuth::new(
            &peers.user,
            SecretString::from(format!("{}-rotated", peers.password)),
        );
        let transport = transport(endpoint, &auth);
        let marker = marker(name);
        // The challenge, then the refusal of the answer.
        let error = transport.send(page_request(1, &marker)).await.unwrap_err();
        assert!(matches!(error, Error::Auth(_)), "{name}: {error:?}");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(401), "{name}");
        assert!(!error.to_string().contains(&peers.password), "{name}");
        // The next call answers with the nonce it has, is refused, and gives up at once.
        let error = transport.send(page_request(2, &marker)).await.unwrap_err();
        assert!(error.is_auth(), "{name}: {error}");
        let statuses = logged_statuses(&log, &marker, 3).await;
        assert_eq!(statuses, [401, 401, 401], "{name}");
        assert_eq!(auth.challenges_answered(), 1, "{name}");
    }
}
