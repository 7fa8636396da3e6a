//! The fault matrix: every client's list operation (and OCP's download) through the same
//! faults against its test-util mock, each outcome asserted, and a summary table printed
//! (`cargo test -p pkgsdk-tests --test fault_matrix -- --nocapture`) and kept in
//! `docs/reliability.md` (`UPDATE_RELIABILITY=1` rewrites it there).

// Test code: a panic is a failed assertion.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::too_many_lines,
    clippy::print_stdout
)]

mod download;
mod subjects;

use pkgsdk::Error;
use pkgsdk::runtime::testing::wiremock::{Mock, MockServer, ResponseTemplate, matchers};
use pkgsdk::runtime::testing::{CuttingProxy, Fault, Location};
use pkgsdk::runtime::{PORTABLE_HEADERS, PaginationLoopReason};
use serde_json::{Value, json};
use std::collections::HashSet;
use std::fmt::Write as _;
use std::time::{Duration, SystemTime};
use subjects::{Listed, Run, Subject, items_mut};

/// Items in each generated catalogue, and per page: three pages, the last one short.
const ITEMS: usize = 25;
const PAGE_SIZE: u32 = 10;
/// The size of the oversized page.
const BIG_PAGE: usize = 10_000;
/// The most items a capping server serves per page.
const CAP: u32 = 4;
/// The attempt time-out of the time-out scenario, and how late its response comes.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(1);
const LATE: Duration = Duration::from_secs(60);

/// A fault and how it is set up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scenario {
    Unavailable,
    TooManyRequestsSeconds,
    TooManyRequestsDate,
    CutMidBody,
    AttemptTimeout,
    TruncatedJson,
    InvalidUtf8,
    WrongType,
    MissingRequired,
    UnknownEnum,
    ExtraFields,
    EmptyMiddlePage,
    RepeatedPage,
    BigPage,
    CappedPages,
    CrossOriginRedirect,
    TrickledDownload,
    CancelledDownload,
    Unauthorized,
    Forbidden,
    HtmlErrorPage,
    HtmlInsteadOfJson,
}

impl Scenario {
    const ALL: [Self; 22] = [
        Self::Unavailable,
        Self::TooManyRequestsSeconds,
        Self::TooManyRequestsDate,
        Self::CutMidBody,
        Self::AttemptTimeout,
        Self::TruncatedJson,
        Self::InvalidUtf8,
        Self::WrongType,
        Self::MissingRequired,
        Self::UnknownEnum,
        Self::ExtraFields,
        Self::EmptyMiddlePage,
        Self::RepeatedPage,
        Self::BigPage,
        Self::CappedPages,
        Self::CrossOriginRedirect,
        Self::TrickledDownload,
        Self::CancelledDownload,
        Self::Unauthorized,
        Self::Forbidden,
        Self::HtmlErrorPage,
        Self::HtmlInsteadOfJson,
    ];

    fn title(self) -> &'static str {
        match self {
            Self::Unavailable => "503, then success",
            Self::TooManyRequestsSeconds => "429 with `Retry-After: 1`",
            Self::TooManyRequestsDate => "429 with `Retry-After: <HTTP-date>`",
            Self::CutMidBody => "connection cut mid-body",
            Self::AttemptTimeout => "no answer within the attempt time-out",
            Self::TruncatedJson => "truncated JSON",
            Self::InvalidUtf8 => "invalid UTF-8",
            Self::WrongType => "a field of the wrong type",
            Self::MissingRequired => "the item id missing",
            Self::UnknownEnum => "an unknown enum value",
            Self::ExtraFields => "extra unknown fields",
            Self::EmptyMiddlePage => "an empty middle page that still signals more",
            Self::RepeatedPage => "the previous page (or marker) again",
            Self::BigPage => "a page of 10,000 items",
            Self::CappedPages => "pages capped at 4 items (10 asked), prefetching 3",
            Self::CrossOriginRedirect => "302 to another host (127.0.0.2, answering 404)",
            Self::TrickledDownload => {
                "a body trickled a byte every 20 ms (limit 1,000 B/s over 200 ms)"
            }
            Self::CancelledDownload => "a download dropped mid-body (Ctrl-C in pkgctl)",
            Self::Unauthorized => "401 with the vendor's error envelope",
            Self::Forbidden => "403 with the vendor's error envelope",
            Self::HtmlErrorPage => "HTML proxy page with 502",
            Self::HtmlInsteadOfJson => "HTML instead of JSON with 200",
        }
    }
}

/// An HTML page as a proxy sends it.
const HTML: &[u8] = b"<html><head><title>Bad Gateway</title></head><body>proxy error</body></html>";

/// A server on another host (127.0.0.2) that answers 404 to everything: where the
/// cross-origin redirect leads.
async fn trap() -> MockServer {
    let listener = std::net::TcpListener::bind("127.0.0.2:0").unwrap();
    let server = MockServer::builder().listener(listener).start().await;
    Mock::given(matchers::any())
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    server
}

/// What reached the trap: `, no credential sent`, or the headers that should not have.
async fn what_reached(trap: &MockServer) -> String {
    let requests = trap.received_requests().await.unwrap_or_default();
    let mut leaked: Vec<String> = requests
        .iter()
        .flat_map(|request| request.headers.keys())
        .filter(|name| !PORTABLE_HEADERS.contains(name) && name.as_str() != "host")
        .map(|name| name.as_str().to_owned())
        .collect();
    leaked.sort();
    leaked.dedup();
    match (requests.is_empty(), leaked.is_empty()) {
        (true, _) => ", NOT FOLLOWED".to_owned(),
        (false, true) => ", no credential sent".to_owned(),
        (false, false) => format!(", SENT {}", leaked.join(" ")),
    }
}

/// Queues `scenario`'s faults on `subject` (and its proxy).
fn arm(
    scenario: Scenario,
    subject: &dyn Subject,
    proxy: &CuttingProxy,
    big: &[Value],
    trap: &MockServer,
) {
    let faults = subject.faults();
    let items = subject.items_pointer();
    let first_item = |field: &'static str| format!("{items}/0{field}");
    match scenario {
        Scenario::Unavailable => faults.push(Fault::status(503)),
        Scenario::TooManyRequestsSeconds => faults.push(Fault::status(429).retry_after("1")),
        Scenario::TooManyRequestsDate => {
            let date = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(1));
            faults.push(Fault::status(429).retry_after(date));
        }
        Scenario::CutMidBody => proxy.cut_next_responses(1),
        Scenario::AttemptTimeout => faults.push(Fault::Latency(LATE)),
        Scenario::TruncatedJson => faults.push(Fault::TruncatedBody),
        Scenario::InvalidUtf8 => {
            // A well-formed document whose first item's string field holds invalid UTF-8.
            let pointer = first_item(subject.strict_field().0);
            faults.push(Fault::map_body(move |body| {
                let Ok(mut value) = serde_json::from_slice::<Value>(body) else {
                    return body.to_vec();
                };
                if let Some(field) = value.pointer_mut(&pointer) {
                    *field = json!("@@INVALID@@");
                }
                let text = serde_json::to_vec(&value).unwrap();
                replace(&text, b"@@INVALID@@", b"caf\xe9 \xff")
            }));
        }
        Scenario::WrongType => {
            let pointer = first_item(subject.strict_field().0);
            faults.push(Fault::map_json(move |body| {
                if let Some(field) = body.pointer_mut(&pointer) {
                    *field = json!({"unexpected": ["object"]});
                }
            }));
        }
        Scenario::MissingRequired => {
            let (parent, key) = split_pointer(&first_item(subject.required_field()));
            faults.push(Fault::map_json(move |body| {
                if let Some(Value::Object(fields)) = body.pointer_mut(&parent) {
                    fields.remove(&key);
                }
            }));
        }
        Scenario::UnknownEnum => {
            let pointer = first_item(subject.enum_field());
            faults.push(Fault::map_json(move |body| {
                if let Some(field) = body.pointer_mut(&pointer) {
                    *field = json!("SOMETHING_NEW");
                }
            }));
        }
        Scenario::ExtraFields => faults.push(Fault::map_json(move |body| {
            if let Value::Object(root) = body {
                root.insert("addedLater".into(), json!({"nested": [1, 2, 3]}));
            }
            for item in items_mut(body, items).into_iter().flatten() {
                if let Value::Object(fields) = item {
                    fields.insert("brandNewField".into(), json!("x"));
                    fields.insert("another_one".into(), json!([{"a": null}]));
                }
            }
        })),
        Scenario::EmptyMiddlePage => {
            faults.push(Fault::Pass);
            faults.push(Fault::map_json(move |body| {
                if let Some(list) = items_mut(body, items) {
                    list.clear();
                }
            }));
        }
        Scenario::RepeatedPage => {
            faults.push(Fault::Pass);
            faults.push(Fault::RepeatPrevious);
        }
        Scenario::BigPage => {
            let big = big.to_vec();
            faults.push(Fault::map_json(move |body| {
                if let Some(list) = items_mut(body, items) {
                    list.clone_from(&big);
                }
            }));
        }
        Scenario::Unauthorized => {
            faults.push(Fault::status(401).with_body(subject.error_body(401)));
        }
        Scenario::Forbidden => faults.push(Fault::status(403).with_body(subject.error_body(403))),
        Scenario::HtmlErrorPage => faults.push(Fault::status(502).with_body(HTML.to_vec())),
        Scenario::HtmlInsteadOfJson => faults.push(Fault::ReplaceBody(HTML.to_vec())),
        Scenario::CappedPages => subject.cap_pages(Some(CAP)),
        // After the first page, so that every scheme holds its credentials.
        Scenario::CrossOriginRedirect => {
            faults.push(Fault::Pass);
            faults.push(Fault::redirect(302, Location::Origin(trap.uri())));
        }
        // Download-only rows: nothing to arm on a listing.
        Scenario::TrickledDownload | Scenario::CancelledDownload => {}
    }
}

/// `bytes` with the first `from` replaced by `to`.
fn replace(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    match bytes.windows(from.len()).position(|window| window == from) {
        Some(at) => [&bytes[..at], to, &bytes[at + from.len()..]].concat(),
        None => bytes.to_vec(),
    }
}

/// `/a/b/c` → (`/a/b`, `c`).
fn split_pointer(pointer: &str) -> (String, String) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    (parent.to_owned(), key.to_owned())
}

/// One line for an error: its kind and what it names, without ports or request ids.
pub fn describe(error: &Error) -> String {
    match error {
        Error::Api(api) => match &api.code {
            Some(code) => format!("error: HTTP {}, code {code}", api.status.as_u16()),
            None => format!("error: HTTP {}", api.status.as_u16()),
        },
        Error::Auth(auth) => match auth.response.as_ref().and_then(|r| r.code.clone()) {
            Some(code) => format!("auth error (code {code})"),
            None => "auth error".to_owned(),
        },
        Error::Decode(decode) => {
            // serde's "… at line 1 column 345" depends on the generated data.
            let message = decode.message.split(" at line ").next().unwrap_or_default();
            format!("decode error at `{}`: {message}", decode.path)
        }
        Error::PaginationLoop(stuck) => match stuck.reason {
            PaginationLoopReason::RepeatedCursor => "pagination loop: repeated cursor".to_owned(),
            PaginationLoopReason::RepeatedPage => "pagination loop: repeated page".to_owned(),
            other => format!("pagination loop: {other:?}"),
        },
        Error::Timeout(timeout) => format!("time-out ({:?})", timeout.kind),
        Error::Transport(_) => "transport error".to_owned(),
        Error::Integrity(integrity) => format!("integrity error ({:?})", integrity.check),
        other => format!("{other}"),
    }
}

/// The outcome of a listing, compared with the clean listing's items.
fn outcome(result: &Result<Vec<Listed>, Error>, baseline: &[Listed], scenario: Scenario) -> String {
    let items = match result {
        Ok(items) => items,
        Err(error) => return describe(error),
    };
    let ids: Vec<&str> = items.iter().map(|item| item.id.as_str()).collect();
    let unique: HashSet<&str> = ids.iter().copied().collect();
    let expected: HashSet<&str> = baseline.iter().map(|item| item.id.as_str()).collect();
    let without_id = ids.iter().filter(|id| id.is_empty()).count();
    let with_id: HashSet<&str> = unique.iter().copied().filter(|id| !id.is_empty()).collect();
    let mut text = if without_id == 1
        && ids.len() == expected.len()
        && with_id.len() == ids.len() - 1
        && with_id.is_subset(&expected)
    {
        format!(
            "recovered: all {} items once, one without its id",
            ids.len()
        )
    } else if unique.len() != ids.len() {
        format!("DUPLICATES: {} items, {} distinct", ids.len(), unique.len())
    } else if unique == expected {
        format!("recovered: all {} items once", ids.len())
    } else if unique.is_subset(&expected) {
        format!("ends with {} of {} items", ids.len(), expected.len())
    } else {
        format!(
            "{} items, {} not listed before",
            ids.len(),
            unique.difference(&expected).count()
        )
    };
    if scenario == Scenario::UnknownEnum {
        let kept = items
            .iter()
            .any(|item| item.enum_value.as_deref() == Some("SOMETHING_NEW"));
        let _ = write!(
            text,
            "{}",
            if kept { ", value kept" } else { ", value LOST" }
        );
    }
    text
}

/// What each client is expected to do, per scenario (the documented outcome). A trailing
/// `…` matches any rest (a truncated body's decode error names wherever the cut fell).
fn expected(scenario: Scenario, subject: &dyn Subject) -> String {
    let all = format!("recovered: all {ITEMS} items once");
    let strict = subject.strict_field().1;
    let vendor = subject.name();
    match scenario {
        Scenario::Unavailable
        | Scenario::TooManyRequestsSeconds
        | Scenario::TooManyRequestsDate
        | Scenario::CutMidBody
        | Scenario::AttemptTimeout
        | Scenario::ExtraFields
        | Scenario::EmptyMiddlePage
        | Scenario::CappedPages
        | Scenario::HtmlErrorPage => all,
        Scenario::TruncatedJson => "decode error at `…".to_owned(),
        Scenario::InvalidUtf8 => format!("decode error at `{strict}`: invalid unicode code point"),
        Scenario::WrongType => {
            format!("decode error at `{strict}`: invalid type: map, expected a string")
        }
        // OCP's model requires the id (every operation on a package needs it); the others
        // keep every field optional and still list the item.
        Scenario::MissingRequired if vendor == "OCP" => {
            "decode error at `data.contents[0]`: missing field `id`".to_owned()
        }
        Scenario::MissingRequired => format!("{all}, one without its id"),
        Scenario::UnknownEnum => format!("{all}, value kept"),
        // OCP and IoTDA echo the page or marker, so the repeat is a cursor seen before;
        // Oracle and OceanBase Cloud echo nothing, so the body itself is recognised.
        Scenario::RepeatedPage if matches!(vendor, "OCP" | "IoTDA") => {
            "pagination loop: repeated cursor".to_owned()
        }
        Scenario::RepeatedPage => "pagination loop: repeated page".to_owned(),
        Scenario::BigPage => format!("recovered: all {BIG_PAGE} items once"),
        // Signed and Digest requests cannot be answered better: the error names the code.
        // Oracle's bearer token is renewed once after a 401, and the page fetched again.
        Scenario::Unauthorized => match vendor {
            "Oracle" => all,
            _ => format!("auth error (code {})", error_code(subject, 401)),
        },
        Scenario::Forbidden => format!("error: HTTP 403, code {}", error_code(subject, 403)),
        Scenario::HtmlInsteadOfJson => "decode error at `.`: expected value".to_owned(),
        Scenario::CrossOriginRedirect => "error: HTTP 404, no credential sent".to_owned(),
        Scenario::TrickledDownload | Scenario::CancelledDownload => "n/a".to_owned(),
    }
}

/// The code in `subject`'s error envelope for `status`.
fn error_code(subject: &dyn Subject, status: u16) -> String {
    let body: Value = serde_json::from_slice(&subject.error_body(status)).unwrap();
    ["/error/code", "/error_code", "/code", "/errorCode"]
        .iter()
        .find_map(|pointer| body.pointer(pointer))
        .map(|code| {
            code.as_str()
                .map_or_else(|| code.to_string(), str::to_owned)
        })
        .unwrap()
}

/// What OCP's download is expected to do, per scenario.
fn expected_download(scenario: Scenario) -> &'static str {
    match scenario {
        Scenario::Unavailable
        | Scenario::TooManyRequestsSeconds
        | Scenario::TooManyRequestsDate
        | Scenario::CutMidBody
        | Scenario::AttemptTimeout
        | Scenario::HtmlErrorPage => "downloaded, verified",
        // The wrong bytes never reach the file's name.
        Scenario::TruncatedJson | Scenario::InvalidUtf8 | Scenario::HtmlInsteadOfJson => {
            "integrity error (Size), stale copy intact"
        }
        Scenario::Unauthorized => "auth error, stale copy intact",
        Scenario::CrossOriginRedirect => "error: HTTP 404, stale copy intact, no credential sent",
        Scenario::TrickledDownload => {
            "time-out (LowSpeed { bytes_per_second: 1000 }), stale copy intact"
        }
        Scenario::CancelledDownload => "cancelled, stale copy intact",
        Scenario::Forbidden => "error: HTTP 403, stale copy intact",
        Scenario::WrongType
        | Scenario::MissingRequired
        | Scenario::UnknownEnum
        | Scenario::ExtraFields
        | Scenario::EmptyMiddlePage
        | Scenario::RepeatedPage
        | Scenario::BigPage
        | Scenario::CappedPages => "n/a",
    }
}

fn matches(actual: &str, expected: &str) -> bool {
    match expected.strip_suffix('…') {
        Some(prefix) => actual.starts_with(prefix),
        None => actual == expected,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_client_through_every_fault() {
    let subjects = subjects::all().await;
    let mut table = Table::new(subjects.iter().map(|s| s.name()).chain(["OCP download"]));
    let mut failures = Vec::new();
    for scenario in Scenario::ALL {
        let mut row = Vec::new();
        for subject in &subjects {
            let actual = run(scenario, subject.as_ref()).await;
            let expected = expected(scenario, subject.as_ref());
            if !matches(&actual, &expected) {
                failures.push(format!(
                    "{} × {}: expected {expected:?}, got {actual:?}",
                    scenario.title(),
                    subject.name()
                ));
            }
            row.push(actual);
        }
        let actual = download::run(scenario).await;
        let expected = expected_download(scenario);
        if actual != expected {
            failures.push(format!(
                "{} × OCP download: expected {expected:?}, got {actual:?}",
                scenario.title()
            ));
        }
        row.push(actual);
        table.row(scenario.title(), row);
    }
    let rendered = table.render();
    println!("{rendered}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    if std::env::var_os("UPDATE_RELIABILITY").is_some() {
        update_reliability_doc(&rendered);
    }
}

/// Replaces the table between the fault-matrix markers of `docs/reliability.md`.
fn update_reliability_doc(table: &str) {
    const START: &str = "<!-- fault-matrix:start -->\n";
    const END: &str = "<!-- fault-matrix:end -->";
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/reliability.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    let start = doc.find(START).expect("the start marker") + START.len();
    let end = doc.find(END).expect("the end marker");
    let updated = format!("{}{table}{}", &doc[..start], &doc[end..]);
    std::fs::write(&path, updated).unwrap();
}

async fn run(scenario: Scenario, subject: &dyn Subject) -> String {
    if matches!(
        scenario,
        Scenario::TrickledDownload | Scenario::CancelledDownload
    ) {
        return "n/a".to_owned();
    }
    let proxy = CuttingProxy::start(&subject.uri()).await.unwrap();
    let count = if scenario == Scenario::BigPage {
        BIG_PAGE
    } else {
        ITEMS
    };
    subject.generate(count);
    subject.faults().clear();
    let clean = Run::default();
    let baseline = subject
        .list(&clean, subject.max_page_size(), &|| ())
        .await
        .unwrap();
    assert_eq!(
        baseline.len(),
        count,
        "{}: the clean listing",
        subject.name()
    );
    let big = if scenario == Scenario::BigPage {
        subject.raw_items()
    } else {
        Vec::new()
    };
    let run = Run {
        endpoint: (scenario == Scenario::CutMidBody).then(|| proxy.uri()),
        attempt_timeout: (scenario == Scenario::AttemptTimeout).then_some(ATTEMPT_TIMEOUT),
        concurrency: if scenario == Scenario::CappedPages {
            3
        } else {
            1
        },
    };
    let trap = trap().await;
    let result = subject
        .list(&run, PAGE_SIZE, &|| {
            arm(scenario, subject, &proxy, &big, &trap);
        })
        .await;
    subject.faults().clear();
    subject.cap_pages(None);
    let mut outcome = outcome(&result, &baseline, scenario);
    if scenario == Scenario::CrossOriginRedirect {
        outcome.push_str(&what_reached(&trap).await);
    }
    outcome
}

/// A Markdown table: scenarios down, clients across.
struct Table {
    header: Vec<String>,
    rows: Vec<(String, Vec<String>)>,
}

impl Table {
    fn new<'a>(columns: impl IntoIterator<Item = &'a str>) -> Self {
        Self {
            header: columns.into_iter().map(str::to_owned).collect(),
            rows: Vec::new(),
        }
    }

    fn row(&mut self, title: &str, cells: Vec<String>) {
        self.rows.push((title.to_owned(), cells));
    }

    fn render(&self) -> String {
        let mut out = format!("| fault | {} |\n|---|", self.header.join(" | "));
        out.push_str(&"---|".repeat(self.header.len()));
        out.push('\n');
        for (title, cells) in &self.rows {
            let _ = writeln!(out, "| {title} | {} |", cells.join(" | "));
        }
        out
    }
}
