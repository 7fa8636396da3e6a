//! `cargo run --example demo`: lists a software catalogue served by an embedded mock server.
//!
//! No network and no credentials are needed: the mock binds to 127.0.0.1 and checks the
//! demo's own HTTP Basic credentials. The demo shows what every pkgsdk client does the same
//! way: authenticated requests, a 503 retried with back-off, page-number paging with ordered
//! prefetch, a limit, and resuming a listing from a saved cursor.

// A command-line program: printing is its job.
#![allow(clippy::print_stdout)]

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use futures::TryStreamExt as _;
use pkgsdk::runtime::testing::{Fault, FaultInjector, FaultQueue, MockResponse, query_param};
use pkgsdk::runtime::{
    ApiRequest, BoxFuture, ExponentialBackoff, HeaderAuth, PageReport, PageSource, RetryPolicy,
    SecretString, Transport, next_page_number,
};
use pkgsdk::{
    Checksum, ChecksumAlgorithm, Cursor, Package, PackageKind, Page, PageOptions, Pages, Platform,
    Vendor,
};
use serde::Deserialize;
use serde_json::json;
use std::time::Duration;
use wiremock::{Mock, MockServer, Request, matchers};

const USER: &str = "demo";
const PASSWORD: &str = "demo-password";
const PAGE_SIZE: u32 = 5;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let catalogue = catalogue();
    let (server, faults) = start_mock(catalogue.clone()).await;
    println!(
        "pkgsdk demo: a mock catalogue of {} packages at {}",
        catalogue.len(),
        server.uri()
    );
    println!("(embedded mock server on 127.0.0.1; no network, no credentials needed)\n");

    let transport = Transport::builder(Vendor::Ocp)
        .endpoint(&server.uri())
        .auth(HeaderAuth::basic(USER, SecretString::from(PASSWORD)))
        .retry(
            RetryPolicy::default()
                .backoff(ExponentialBackoff::default().base(Duration::from_millis(100))),
        )
        .build()?;
    let list = || ListPackages {
        transport: transport.clone(),
    };

    // 1. The first 15 packages, 3 pages in flight at a time; the server fails once.
    faults.push(Fault::status(503));
    let mut pages = Pages::new(list(), PageOptions::default().concurrency(3).limit(15));
    let mut shown = Vec::new();
    while let Some(page) = pages.try_next().await? {
        shown.extend(page.items);
    }
    println!(
        "First {} packages ({PAGE_SIZE} per page, 3 pages prefetched, one 503 retried):",
        shown.len()
    );
    print_table(&shown);

    // 2. Save where the listing stopped, and resume from it later.
    let saved = serde_json::to_string(&pages.next_cursor())?;
    println!("\nSaved cursor: {saved}");
    let cursor: Option<Cursor> = serde_json::from_str(&saved)?;
    let mut options = PageOptions::default();
    if let Some(cursor) = cursor {
        options = options.resume_from(cursor);
    }
    let rest: Vec<Package> = Pages::new(list(), options).items().try_collect().await?;
    println!("Resumed from it: {} more packages", rest.len());
    print_table(&rest);

    let requests = server.received_requests().await.unwrap_or_default().len();
    let total = shown.len() + rest.len();
    println!(
        "\n{total} of {} packages listed in {requests} HTTP requests.",
        catalogue.len()
    );
    if total != catalogue.len() {
        return Err(format!("listed {total} packages, expected {}", catalogue.len()).into());
    }
    Ok(())
}

/// The demo's API: `GET /v1/packages?page=&size=` answering
/// `{"items":[Package…],"page":{"number","size","totalElements","totalPages"}}`.
struct ListPackages {
    transport: Transport,
}

#[derive(Deserialize)]
struct Listing {
    items: Vec<Package>,
    page: PageInfo,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PageInfo {
    number: u64,
    total_elements: u64,
    total_pages: u64,
}

impl PageSource for ListPackages {
    type Item = Package;

    fn first_cursor(&self) -> Option<Cursor> {
        Some(Cursor::PageNumber {
            page: 1,
            size: PAGE_SIZE,
        })
    }

    fn fetch(
        &self,
        cursor: Option<&Cursor>,
    ) -> BoxFuture<'static, Result<Page<Package>, pkgsdk::Error>> {
        let transport = self.transport.clone();
        let (page, size) = match cursor {
            Some(Cursor::PageNumber { page, size }) => (*page, *size),
            _ => (1, PAGE_SIZE),
        };
        Box::pin(async move {
            let request = ApiRequest::get("list_packages")
                .path(["v1", "packages"])
                .query("page", page)
                .query("size", size);
            let listing: Listing = transport.send_json(request).await?;
            let report = PageReport {
                number: Some(listing.page.number),
                total_pages: Some(listing.page.total_pages),
                total_items: Some(listing.page.total_elements),
            };
            let next = next_page_number(page, size, listing.items.len(), &report);
            Ok(Page::new(
                listing.items,
                next,
                Some(listing.page.total_elements),
            ))
        })
    }
}

/// 23 packages of three products, two platforms each.
fn catalogue() -> Vec<Package> {
    let products = [
        ("oceanbase-ce", "4.2."),
        ("obproxy-ce", "4.3."),
        ("ocp-agent", "2.4."),
    ];
    (0..23_u32)
        .zip(products.iter().cycle())
        .map(|(n, &(name, series))| {
            let mut package = Package::new(
                Vendor::Ocp,
                (100 + n).to_string(),
                name,
                PackageKind::Software,
            );
            package.version = Some(format!("{series}{}", n / 3));
            let arch = if n % 2 == 0 { "x86_64" } else { "aarch64" };
            package.platform = Some(Platform::new(Some("el7"), Some(arch)));
            package.size = Some(u64::from(20_000_000 + n * 1_337_331));
            let digest = u128::from(n + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c835);
            package.checksum = Checksum::new(
                ChecksumAlgorithm::Sha1,
                format!("{digest:032x}{:08x}", n * 0x045d_9f3b),
            )
            .ok();
            package
        })
        .collect()
}

/// Serves the catalogue behind HTTP Basic, with fault injection.
async fn start_mock(catalogue: Vec<Package>) -> (MockServer, FaultQueue) {
    let server = MockServer::start().await;
    let faults = FaultQueue::new();
    let authorization = format!("Basic {}", STANDARD.encode(format!("{USER}:{PASSWORD}")));
    let handler = move |request: &Request| {
        let given = request
            .headers
            .get("authorization")
            .and_then(|value| value.to_str().ok());
        if given != Some(authorization.as_str()) {
            return MockResponse::json(401, &json!({"message": "bad credentials"}));
        }
        let number = |name: &str, default: usize| {
            query_param(request, name)
                .and_then(|v| v.parse().ok())
                .unwrap_or(default)
        };
        let size = number("size", 10).max(1);
        let page = number("page", 1).max(1);
        let items: Vec<&Package> = catalogue
            .iter()
            .skip((page - 1) * size)
            .take(size)
            .collect();
        MockResponse::json(
            200,
            &json!({
                "items": items,
                "page": {
                    "number": page,
                    "size": size,
                    "totalElements": catalogue.len(),
                    "totalPages": catalogue.len().div_ceil(size),
                }
            }),
        )
    };
    Mock::given(matchers::method("GET"))
        .and(matchers::path("/v1/packages"))
        .respond_with(FaultInjector::new(handler, faults.clone()))
        .mount(&server)
        .await;
    (server, faults)
}

fn print_table(packages: &[Package]) {
    let rows: Vec<[String; 6]> = packages
        .iter()
        .map(|p| {
            [
                p.id.clone(),
                p.name.clone(),
                p.version.clone().unwrap_or_default(),
                p.platform
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                p.size
                    .map(|s| format!("{}.{} MB", s / 1_000_000, s % 1_000_000 / 100_000))
                    .unwrap_or_default(),
                p.checksum
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
            ]
        })
        .collect();
    let header = ["ID", "NAME", "VERSION", "PLATFORM", "SIZE", "CHECKSUM"].map(String::from);
    let mut widths = header.clone().map(|h| h.len());
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    for row in std::iter::once(&header).chain(&rows) {
        let line: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        println!("  {}", line.join("  ").trim_end());
    }
}
