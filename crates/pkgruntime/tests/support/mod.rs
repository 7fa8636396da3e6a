//! A toy catalogue API over wiremock, in every paging style, and a toy client for it built
//! on the runtime — the same shape a vendor client has.

#![allow(dead_code)] // each test binary uses a different part
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use pkgmodel::{Cursor, Page, Vendor};
use pkgruntime::testing::{FaultInjector, FaultQueue, MockResponse, query_param};
use pkgruntime::{
    ApiRequest, BoxFuture, Error, ExponentialBackoff, Jitter, PageReport, PageSource, QueryList,
    RetryPolicy, Transport, TransportBuilder, next_marker, next_offset, next_page_number,
    next_token,
};
use serde::Deserialize;
use serde_json::json;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use wiremock::{Mock, MockServer, Request, matchers};

/// The paging styles the toy API offers, one route each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    PageNumber,
    Offset,
    Marker,
    Token,
}

impl Style {
    pub const ALL: [Style; 4] = [
        Style::PageNumber,
        Style::Offset,
        Style::Marker,
        Style::Token,
    ];

    pub fn route(self) -> &'static str {
        match self {
            Style::PageNumber => "paged",
            Style::Offset => "offset",
            Style::Marker => "marker",
            Style::Token => "token",
        }
    }
}

/// How the toy server misbehaves.
#[derive(Clone, Debug, Default)]
pub struct Quirks {
    /// Leave totals out of responses.
    pub hide_total: bool,
    /// Keep sending a next marker/token/page after the last item.
    pub stray_next: bool,
    /// Serve page `n` (0-based request index) empty while still signalling more.
    pub empty_page_at: Vec<usize>,
    /// From request `n` on, send back the marker/token/page number that came in.
    pub repeat_from: Option<usize>,
}

/// The toy catalogue: `count` items named `item-00000`…, served in all four styles.
pub struct Catalog {
    pub server: MockServer,
    pub faults: FaultQueue,
    pub arrivals: Arc<Mutex<Vec<(String, Instant)>>>,
}

fn marker_of(index: usize) -> String {
    format!("{index:024x}")
}

fn index_after(marker: &str) -> usize {
    usize::from_str_radix(marker, 16).map_or(0, |index| index + 1)
}

impl Catalog {
    pub async fn start(count: usize, quirks: Quirks) -> Catalog {
        let server = MockServer::start().await;
        let faults = FaultQueue::new();
        let arrivals = Arc::new(Mutex::new(Vec::new()));
        for style in Style::ALL {
            let quirks = quirks.clone();
            let arrivals = Arc::clone(&arrivals);
            let requests = Arc::new(Mutex::new(0_usize));
            let handler = move |request: &Request| {
                let index = {
                    let mut requests = requests.lock().unwrap();
                    *requests += 1;
                    *requests - 1
                };
                arrivals
                    .lock()
                    .unwrap()
                    .push((request.url.to_string(), Instant::now()));
                serve(style, count, &quirks, index, request)
            };
            Mock::given(matchers::method("GET"))
                .and(matchers::path(format!("/{}", style.route())))
                .respond_with(FaultInjector::new(handler, faults.clone()))
                .mount(&server)
                .await;
        }
        Catalog {
            server,
            faults,
            arrivals,
        }
    }

    pub fn transport(&self) -> TransportBuilder {
        Transport::builder(Vendor::Unknown("toy".into()))
            .endpoint(self.server.uri())
            .retry(fast_retries())
    }

    pub fn client(&self) -> ToyClient {
        ToyClient {
            transport: self.transport().build().unwrap(),
        }
    }

    pub async fn requests(&self) -> Vec<Request> {
        self.server.received_requests().await.unwrap_or_default()
    }
}

/// Retries fast and without jitter, so tests do not wait.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default().backoff(
        ExponentialBackoff::default()
            .base(Duration::from_millis(1))
            .cap(Duration::from_millis(20))
            .jitter(Jitter::off()),
    )
}

fn serve(
    style: Style,
    count: usize,
    quirks: &Quirks,
    index: usize,
    request: &Request,
) -> MockResponse {
    if query_param(request, "filter").as_deref() != Some("blue") {
        return MockResponse::json(400, &json!({"message": "filter missing"}));
    }
    let all: Vec<String> = (0..count).map(|i| format!("item-{i:05}")).collect();
    let repeat = quirks.repeat_from.is_some_and(|from| index >= from);
    let empty = quirks.empty_page_at.contains(&index);
    let number = |name: &str, default: usize| {
        query_param(request, name)
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(default)
    };
    let (start, size) = match style {
        Style::PageNumber => {
            let size = number("size", 10);
            ((number("page", 1).max(1) - 1) * size, size)
        }
        Style::Offset => (number("offset", 0), number("limit", 10)),
        Style::Marker => (
            query_param(request, "marker").map_or(0, |m| index_after(&m)),
            number("limit", 10),
        ),
        Style::Token => (
            query_param(request, "token").map_or(0, |t| index_after(&t)),
            number("limit", 10),
        ),
    };
    let items: Vec<&String> = if empty {
        Vec::new()
    } else {
        all.iter().skip(start).take(size).collect()
    };
    let end = start + size;
    let more = end < count || quirks.stray_next;
    let mut body = json!({ "items": items });
    let total = (!quirks.hide_total).then_some(count);
    match style {
        Style::PageNumber => {
            let page = if repeat { 1 } else { number("page", 1) };
            body["number"] = json!(page);
            if let Some(total) = total {
                body["totalElements"] = json!(total);
                body["totalPages"] = json!(total.div_ceil(size));
            }
        }
        Style::Offset => {
            if let Some(total) = total {
                body["total"] = json!(total);
            }
        }
        Style::Marker | Style::Token => {
            let key = if style == Style::Marker {
                "marker"
            } else {
                "next"
            };
            let incoming = query_param(
                request,
                if style == Style::Marker {
                    "marker"
                } else {
                    "token"
                },
            );
            let next = if repeat {
                incoming
            } else if more {
                // The marker of the last slot of this page: the next page starts after it.
                Some(marker_of(end - 1))
            } else {
                None
            };
            if let Some(next) = next {
                body[key] = json!(next);
            }
            if let Some(total) = total {
                body["count"] = json!(total);
            }
        }
    }
    MockResponse::json(200, &body)
}

/// The toy client: one list operation per paging style.
#[derive(Clone, Debug)]
pub struct ToyClient {
    pub transport: Transport,
}

#[derive(Debug, Deserialize)]
struct Listing {
    items: Vec<String>,
    number: Option<u64>,
    #[serde(rename = "totalPages")]
    total_pages: Option<u64>,
    #[serde(rename = "totalElements")]
    total_elements: Option<u64>,
    total: Option<u64>,
    count: Option<u64>,
    marker: Option<String>,
    next: Option<String>,
}

/// A list operation of the toy client, carrying its filters on every page.
pub struct ListItems {
    pub client: ToyClient,
    pub style: Style,
    pub size: u32,
}

impl PageSource for ListItems {
    type Item = String;

    fn first_cursor(&self) -> Option<Cursor> {
        match self.style {
            Style::PageNumber => Some(Cursor::PageNumber {
                page: 1,
                size: self.size,
            }),
            Style::Offset => Some(Cursor::Offset {
                offset: 0,
                limit: self.size,
            }),
            Style::Marker | Style::Token => None,
        }
    }

    fn fetch(&self, cursor: Option<&Cursor>) -> BoxFuture<'static, Result<Page<String>, Error>> {
        let transport = self.client.transport.clone();
        let style = self.style;
        let size = self.size;
        let cursor = cursor.cloned();
        Box::pin(async move {
            let mut request = ApiRequest::get("list_items")
                .path([style.route()])
                .query("filter", "blue")
                .query_list("tag", ["a", "b"], QueryList::Repeated);
            request = match &cursor {
                Some(Cursor::PageNumber { page, size }) => {
                    request.query("page", page).query("size", size)
                }
                Some(Cursor::Offset { offset, limit }) => {
                    request.query("offset", offset).query("limit", limit)
                }
                Some(Cursor::Marker { marker, .. }) => {
                    request.query("marker", marker).query("limit", size)
                }
                Some(Cursor::Token { token }) => request.query("token", token).query("limit", size),
                None => request.query("limit", size),
                Some(_) => unreachable!("no other styles"),
            };
            let listing: Listing = transport.send_json(request).await?;
            let returned = listing.items.len();
            let (next, total) = match (style, &cursor) {
                (Style::PageNumber, Some(Cursor::PageNumber { page, size })) => {
                    let report = PageReport {
                        number: listing.number,
                        size: None,
                        total_pages: listing.total_pages,
                        total_items: listing.total_elements,
                    };
                    (
                        next_page_number(*page, *size, returned, &report)?,
                        listing.total_elements,
                    )
                }
                (Style::Offset, Some(Cursor::Offset { offset, limit })) => (
                    next_offset(*offset, *limit, returned, listing.total),
                    listing.total,
                ),
                (Style::Marker, _) => (
                    next_marker(listing.marker.as_deref(), returned, size, None),
                    listing.count,
                ),
                (Style::Token, _) => (next_token(listing.next.as_deref()), listing.count),
                _ => unreachable!("cursor matches style"),
            };
            Ok(Page::new(listing.items, next, total))
        })
    }
}

impl ToyClient {
    pub fn list(&self, style: Style, size: u32) -> ListItems {
        ListItems {
            client: self.clone(),
            style,
            size,
        }
    }
}

/// The names `item-00000`… for `range`.
pub fn names(range: std::ops::Range<usize>) -> Vec<String> {
    range.map(|i| format!("item-{i:05}")).collect()
}
