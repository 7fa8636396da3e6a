//! `digest-round-trips`: HTTP round trips per page of a 50-page OceanBase Cloud listing
//! behind HTTP Digest (RFC 7616).
//!
//! The server is a wiremock mock guarded by `pkgruntime::testing::DigestVerifier` — an
//! independent server-side Digest implementation that checks every answer (response hash,
//! nonce, a never-reused `nc`, the request-target) — serving OceanBase Cloud's envelope
//! (`{"success":true,"data":{"dataList":[…],"total":…}}`) in pages of 10 by `pageNumber`.
//! Round trips are the requests the mock received, divided by the 50 pages.
//!
//! - **pkgsdk**: `pkgruntime::Transport` with `DigestAuth` and a page-number `PageSource`
//!   (what `obcloud-client` is built from), listed sequentially and with `concurrency(4)`:
//!   the first request is challenged once, then the nonce is reused with an increasing
//!   `nc`, so 51 requests for 50 pages. The result is the worse of the two listings.
//! - **naive**: plain `reqwest`, each request sent without credentials, the `401` answered
//!   with a fresh answer to its challenge and resent — 2 round trips per page.
//!
//! Target: at most 1.05 round trips per page.

use super::runtime;
use crate::fixtures::obcloud_page;
use crate::report::{self, Outcome};
use crate::{Mode, Result};
use futures::TryStreamExt as _;
use pkgmodel::{Cursor, Page, Vendor};
use pkgruntime::http::{HeaderMap, Method, StatusCode};
use pkgruntime::testing::wiremock::{Mock, MockServer, Request, matchers};
use pkgruntime::testing::{DigestVerifier, MockResponse, query_param};
use pkgruntime::{
    ApiRequest, ApiResponse, AuthHook as _, BoxFuture, DigestAlgorithm, DigestAuth, Error,
    PageOptions, PageReport, PageSource, Pages, PreparedRequest, SecretString, Transport,
    next_page_number,
};
use serde::Deserialize;

/// The scenario's name.
pub const NAME: &str = "digest-round-trips";

/// Pages in the listing.
const PAGES: u64 = 50;

/// Items per page (OceanBase Cloud's default page size).
const PAGE_SIZE: u32 = 10;

/// The listing's path.
const PATH: [&str; 3] = ["api", "v2", "backupSets"];

/// The AccessKey pair (Digest username and password).
const ACCESS_KEY_ID: &str = "benchmark-access-key";
const ACCESS_KEY_SECRET: &str = "benchmark-access-key-secret";

/// The largest acceptable number of round trips per page.
const TARGET: f64 = 1.05;

/// Runs the scenario. The counts are deterministic: one round in either mode.
pub fn run(_mode: Mode) -> Result<Outcome> {
    let runtime = runtime()?;
    runtime.block_on(async {
        let sequential = round_trips(Lister::Pkgsdk { concurrency: 1 }).await?;
        let prefetched = round_trips(Lister::Pkgsdk { concurrency: 4 }).await?;
        let naive = round_trips(Lister::Naive).await?;
        report::note(format_args!(
            "{NAME}: pkgsdk sequential {sequential:.3}/page, pkgsdk concurrency 4 \
             {prefetched:.3}/page, naive 401-then-retry {naive:.3}/page"
        ));
        let worst = sequential.max(prefetched);
        Ok(Outcome::new(
            NAME,
            format!("{worst:.3}/page(naive:{naive:.3}/page)"),
            format!("<={TARGET:.2}/page"),
            worst <= TARGET,
        ))
    })
}

/// Who lists.
#[derive(Clone, Copy, Debug)]
enum Lister {
    /// pkgsdk's paginator over a Digest transport.
    Pkgsdk { concurrency: usize },
    /// A naive client answering a fresh challenge for every request.
    Naive,
}

/// Lists every page with `lister` from a fresh mock; returns requests received per page.
async fn round_trips(lister: Lister) -> Result<f64> {
    let server = MockServer::start().await;
    let verifier = DigestVerifier::new(ACCESS_KEY_ID, SecretString::from(ACCESS_KEY_SECRET))
        .algorithm(DigestAlgorithm::Sha256);
    let total = PAGES * u64::from(PAGE_SIZE);
    let handler = move |request: &Request| {
        let page = query_param(request, "pageNumber")
            .and_then(|page| page.parse().ok())
            .unwrap_or(1);
        let size = query_param(request, "pageSize")
            .and_then(|size| size.parse().ok())
            .unwrap_or(u64::from(PAGE_SIZE));
        MockResponse::json(200, &obcloud_page(page, size, total))
    };
    Mock::given(matchers::path(format!("/{}", PATH.join("/"))))
        .respond_with(verifier.protect(handler))
        .mount(&server)
        .await;
    let items_listed = match lister {
        Lister::Pkgsdk { concurrency } => list_with_pkgsdk(&server.uri(), concurrency).await?,
        Lister::Naive => list_naively(&server.uri()).await?,
    };
    if items_listed != total || verifier.accepted() != PAGES {
        return Err(format!(
            "{lister:?} listed {items_listed} of {total} items; the server accepted {} requests for {PAGES} pages ({:?})",
            verifier.accepted(),
            verifier.rejections()
        )
        .into());
    }
    let received = server
        .received_requests()
        .await
        .ok_or("the mock did not record requests")?
        .len();
    #[allow(clippy::cast_precision_loss)] // a few hundred requests
    let per_page = received as f64 / PAGES as f64;
    Ok(per_page)
}

/// OceanBase Cloud's envelope around a listing.
#[derive(Deserialize)]
struct Envelope {
    data: ListData,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ListData {
    data_list: Vec<BackupSet>,
    total: u64,
}

/// The fields of a backup set this benchmark reads.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct BackupSet {
    #[allow(dead_code)] // decoded as a client would, never read
    backup_set_id: String,
}

/// An OceanBase Cloud-style page-number listing on the runtime.
struct BackupSets {
    transport: Transport,
}

impl PageSource for BackupSets {
    type Item = BackupSet;

    fn first_cursor(&self) -> Option<Cursor> {
        Some(Cursor::PageNumber {
            page: 1,
            size: PAGE_SIZE,
        })
    }

    fn fetch(&self, cursor: Option<&Cursor>) -> BoxFuture<'static, Result<Page<BackupSet>, Error>> {
        let (page, size) = match cursor {
            Some(Cursor::PageNumber { page, size }) => (*page, *size),
            _ => (1, PAGE_SIZE),
        };
        let transport = self.transport.clone();
        Box::pin(async move {
            let request = ApiRequest::get("list_backup_sets")
                .path(PATH)
                .query("pageNumber", page)
                .query("pageSize", size);
            let envelope: Envelope = transport.send_json(request).await?;
            let data = envelope.data;
            let report = PageReport {
                total_items: Some(data.total),
                ..PageReport::default()
            };
            let next = next_page_number(page, size, data.data_list.len(), &report)?;
            Ok(Page::new(data.data_list, next, Some(data.total)))
        })
    }
}

async fn list_with_pkgsdk(endpoint: &str, concurrency: usize) -> Result<u64> {
    let transport = Transport::builder(Vendor::ObCloud)
        .endpoint(endpoint)
        .auth(DigestAuth::new(
            ACCESS_KEY_ID,
            SecretString::from(ACCESS_KEY_SECRET),
        ))
        .build()?;
    let options = PageOptions::default().concurrency(concurrency);
    let mut items = Pages::new(BackupSets { transport }, options).items();
    let mut listed = 0;
    while let Some(item) = items.try_next().await? {
        std::hint::black_box(item);
        listed += 1;
    }
    Ok(listed)
}

/// Sends each page request without credentials, then answers the `401`'s challenge with a
/// fresh `DigestAuth` (so no nonce is ever reused) and resends.
async fn list_naively(endpoint: &str) -> Result<u64> {
    let client = super::hand_client()?;
    let mut listed = 0;
    for page in 1..=PAGES {
        let url = reqwest::Url::parse(&format!(
            "{endpoint}/{}?pageNumber={page}&pageSize={PAGE_SIZE}",
            PATH.join("/")
        ))?;
        let mut response = client.get(url.clone()).send().await?;
        if response.status() == reqwest::StatusCode::UNAUTHORIZED {
            let challenge = ApiResponse::new(
                StatusCode::UNAUTHORIZED,
                response.headers().clone(),
                response.bytes().await?,
            );
            let auth = DigestAuth::new(ACCESS_KEY_ID, SecretString::from(ACCESS_KEY_SECRET));
            let mut request = PreparedRequest::new(Method::GET, url.clone(), HeaderMap::new(), "");
            auth.on_unauthorized(&request, &challenge).await?;
            auth.authorize(&mut request).await?;
            response = client
                .get(url)
                .headers(request.headers().clone())
                .send()
                .await?;
        }
        let body = response.error_for_status()?.bytes().await?;
        let envelope: Envelope = serde_json::from_slice(&body)?;
        listed += envelope.data.data_list.len() as u64;
    }
    Ok(listed)
}
