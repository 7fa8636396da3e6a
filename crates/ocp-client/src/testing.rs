//! A wiremock mock of OCP's software-package API, for your own tests (feature `test-util`).
//!
//! [`OcpMock::start`] serves, on 127.0.0.1:
//!
//! - `GET /api/v2/software-packages` with every filter, `sort`, `page`/`size` paging (a
//!   `size` above 2000 is lowered to 2000, as Spring does) in either documented page shape;
//! - `POST /api/v2/software-packages` (multipart upload) and `DELETE …/{id}`;
//! - `GET /api/v2/files/sys-package/{fileName}`: the files of generated packages;
//! - `GET /api/v2/software-packages/{id}` only once [`serve_get_one`](OcpMock::serve_get_one)
//!   is on (OCP documents no such endpoint);
//! - anything else: 400 with code 10001, as OCP answers unknown URLs.
//!
//! It starts with OCP's documented sample (the fixture `tests/fixtures/list_software_packages.json`)
//! and can [generate](OcpMock::generate_catalog) a catalogue of any size whose files really
//! match their `size` and `sha1`. Every request must carry valid credentials — HTTP Basic
//! [`USERNAME`]/[`PASSWORD`] or the AccessKey pair [`ACCESS_KEY_ID`]/[`ACCESS_KEY_SECRET`]
//! with a correct `OCP-ACCESS-KEY-HMACSHA1` signature and a `Date` within 15 minutes —
//! otherwise it answers 401 with OCP's error envelope and no challenge. Faults (an error
//! status, `Retry-After`, a truncated body, latency…) are queued on [`OcpMock::faults`].
//!
//! ```
//! use futures::TryStreamExt as _;
//! use ocp_client::testing::{OcpMock, PageShape};
//! use pkgruntime::testing::Fault;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), pkgruntime::Error> {
//! let mock = OcpMock::start().await;
//! mock.generate_catalog(1_000);
//! mock.set_page_shape(PageShape::Flat);
//! mock.faults().push(Fault::status(503).retry_after("0"));
//!
//! let all: Vec<_> = mock.client().list_software_packages().page_size(300).items().try_collect().await?;
//! assert_eq!(all.len(), 1_000);
//! # Ok(()) }
//! ```

use crate::auth::payload_md5;
use crate::{
    AccessKeySigner, OcpClient, OcpClientBuilder, SoftwarePackageMeta, SoftwarePackageType,
};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use pkgmodel::time::{Duration as TimeDuration, OffsetDateTime};
use pkgmodel::{Checksum, ChecksumAlgorithm};
use pkgruntime::SecretString;
use pkgruntime::testing::{FaultInjector, FaultQueue, MockResponse, query_param, quick_retries};
use serde_json::{Value, json};
use sha1::Digest as _;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};
use wiremock::{Mock, MockServer, Request, matchers};

/// The Basic-auth user the mock accepts.
pub const USERNAME: &str = "admin";
/// The Basic-auth password the mock accepts.
pub const PASSWORD: &str = "ocp-mock-password";
/// The AccessKey id the mock accepts.
pub const ACCESS_KEY_ID: &str = "mock-access-key";
/// The AccessKey secret the mock accepts.
pub const ACCESS_KEY_SECRET: &str = "mock-access-key-secret";

/// OCP's documented sample response, verbatim.
pub const SAMPLE_RESPONSE: &str = include_str!("../tests/fixtures/list_software_packages.json");

/// How list responses lay out their paging fields.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum PageShape {
    /// `data.page{number,size,totalElements,totalPages}` (OCP's sample).
    #[default]
    Nested,
    /// `data.{totalElements,totalPage,number,size}` beside `contents` (OCP's field table).
    Flat,
}

/// A package in the mock's catalogue, with the file it serves (if any).
#[derive(Clone, Debug)]
struct Entry {
    meta: SoftwarePackageMeta,
    file: Option<Vec<u8>>,
}

#[derive(Debug, Default)]
struct State {
    entries: Vec<Entry>,
    page_shape: PageShape,
    next_id: u64,
    get_one: bool,
    /// The largest page served (Spring Data's `max-page-size`, 2000 by default).
    max_page_size: u64,
    /// Whether pages report their `size` (every documented shape does).
    report_page_size: bool,
}

/// A running OCP mock; see the [module docs](self).
pub struct OcpMock {
    server: MockServer,
    state: Arc<Mutex<State>>,
    faults: FaultQueue,
}

impl OcpMock {
    /// Starts a mock holding OCP's documented sample (two packages).
    pub async fn start() -> Self {
        let server = MockServer::start().await;
        let state = Arc::new(Mutex::new(State {
            entries: Self::sample()
                .into_iter()
                .map(|meta| Entry { meta, file: None })
                .collect(),
            page_shape: PageShape::Nested,
            next_id: 1_000,
            get_one: false,
            max_page_size: u64::from(crate::MAX_PAGE_SIZE),
            report_page_size: true,
        }));
        let faults = FaultQueue::new();
        let handler_state = Arc::clone(&state);
        let base = server.uri();
        let handler = move |request: &Request| handle(&handler_state, &base, request);
        Mock::given(matchers::any())
            .respond_with(FaultInjector::new(handler, faults.clone()))
            .mount(&server)
            .await;
        Self {
            server,
            state,
            faults,
        }
    }

    /// The packages of OCP's documented sample response.
    pub fn sample() -> Vec<SoftwarePackageMeta> {
        let envelope: Value = serde_json::from_str(SAMPLE_RESPONSE).unwrap_or(Value::Null);
        let contents = envelope
            .pointer("/data/contents")
            .cloned()
            .unwrap_or(Value::Null);
        serde_json::from_value(contents).unwrap_or_default()
    }

    /// The mock's base URL (`http://127.0.0.1:<port>`).
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// A client builder for this mock with Basic credentials and quick retries (1–20 ms),
    /// ready for further settings.
    pub fn client_builder(&self) -> OcpClientBuilder {
        OcpClient::builder()
            .endpoint(self.uri())
            .basic_auth(USERNAME, PASSWORD)
            .retry(quick_retries())
    }

    /// A client for this mock with Basic credentials and quick retries.
    pub fn client(&self) -> OcpClient {
        self.client_builder()
            .build()
            .unwrap_or_else(|error| unreachable!("the mock's own settings are valid: {error}"))
    }

    /// A client for this mock signing with the mock's AccessKey pair.
    pub fn access_key_client(&self) -> OcpClient {
        OcpClient::builder()
            .endpoint(self.uri())
            .access_key(ACCESS_KEY_ID, SecretString::from(ACCESS_KEY_SECRET))
            .retry(quick_retries())
            .build()
            .unwrap_or_else(|error| unreachable!("the mock's own settings are valid: {error}"))
    }

    /// The fault queue: each queued fault applies to one later request.
    pub fn faults(&self) -> &FaultQueue {
        &self.faults
    }

    /// Replaces the catalogue with `packages` (their files cannot be downloaded).
    pub fn set_catalog(&self, packages: Vec<SoftwarePackageMeta>) {
        self.lock().entries = packages
            .into_iter()
            .map(|meta| Entry { meta, file: None })
            .collect();
    }

    /// Replaces the catalogue with `count` generated packages (ids 1…count, four products on
    /// three operating systems and two architectures) whose files are served and match their
    /// `size` and `sha1`.
    pub fn generate_catalog(&self, count: usize) {
        let base = self.uri();
        let entries = (0..count).map(|index| generated(&base, index)).collect();
        self.lock().entries = entries;
    }

    /// Serves `GET /api/v2/software-packages/{id}` (off by default, as OCP documents no
    /// get-one endpoint; unknown routes answer 400, code 10001).
    pub fn serve_get_one(&self, serve: bool) {
        self.lock().get_one = serve;
    }

    /// How list responses lay out their paging fields.
    pub fn set_page_shape(&self, shape: PageShape) {
        self.lock().page_shape = shape;
    }

    /// Serves at most `size` items per page (at least 1), lowering a larger `size` as Spring
    /// does with a deployment's `max-page-size` — default 2000. Pages report the size served.
    pub fn set_max_page_size(&self, size: u32) {
        self.lock().max_page_size = u64::from(size.max(1));
    }

    /// Whether pages report their `size` (default `true`, as every documented shape does);
    /// `false` leaves it out, so a client must measure a capped size itself.
    pub fn set_report_page_size(&self, report: bool) {
        self.lock().report_page_size = report;
    }

    /// The catalogue as the mock holds it.
    pub fn catalog(&self) -> Vec<SoftwarePackageMeta> {
        self.lock()
            .entries
            .iter()
            .map(|entry| entry.meta.clone())
            .collect()
    }

    /// The bytes served for package `id`, if it has a file.
    pub fn file(&self, id: u64) -> Option<Vec<u8>> {
        self.lock()
            .entries
            .iter()
            .find(|entry| entry.meta.id == id)
            .and_then(|entry| entry.file.clone())
    }

    /// Flips one byte of package `id`'s file, so it no longer matches its `sha1`; returns
    /// whether the package has a file.
    pub fn corrupt_file(&self, id: u64) -> bool {
        let mut state = self.lock();
        let file = state
            .entries
            .iter_mut()
            .find(|entry| entry.meta.id == id)
            .and_then(|entry| entry.file.as_mut());
        match file.and_then(|bytes| bytes.first_mut()) {
            Some(byte) => {
                *byte ^= 0xff;
                true
            }
            None => false,
        }
    }

    /// Every request the mock has received.
    pub async fn received_requests(&self) -> Vec<Request> {
        self.server.received_requests().await.unwrap_or_default()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Package `index` of a generated catalogue.
fn generated(base: &str, index: usize) -> Entry {
    const PRODUCTS: [(&str, SoftwarePackageType); 4] = [
        ("oceanbase", SoftwarePackageType::ObServerInstallPackage),
        ("obproxy", SoftwarePackageType::ObproxyInstallPackage),
        ("ocp-agent", SoftwarePackageType::OcpAgentInstallPackage),
        (
            "ob-backup-agent",
            SoftwarePackageType::ObBackupAgentInstallPackage,
        ),
    ];
    const SYSTEMS: [&str; 3] = ["el7", "el8", "alios7"];
    const ARCHITECTURES: [&str; 2] = ["x86_64", "aarch64"];
    let (product, package_type) = PRODUCTS
        .get(index % PRODUCTS.len())
        .cloned()
        .unwrap_or(("oceanbase", SoftwarePackageType::ObServerInstallPackage));
    let system = SYSTEMS.get(index % SYSTEMS.len()).copied().unwrap_or("el7");
    let architecture = ARCHITECTURES
        .get(index % ARCHITECTURES.len())
        .copied()
        .unwrap_or("x86_64");
    let id = index as u64 + 1;
    let version = format!("4.{}.{}", index / 100, index % 100);
    let build = 1_000_000 + id;
    let file_name = format!("{product}-{version}-{build}.{system}.{architecture}.rpm");
    let file = file_bytes(id);
    let mut meta = SoftwarePackageMeta::new(id);
    meta.name = Some(product.to_owned());
    meta.download_url = Some(format!("{base}/api/v2/files/sys-package/{file_name}"));
    meta.file_name = Some(file_name);
    meta.extension = Some("rpm".to_owned());
    meta.size = Some(file.len() as u64);
    meta.sha1 = Some(sha1_hex(&file));
    meta.package_type = Some(package_type);
    meta.version = Some(version);
    meta.build_number = Some(build.to_string());
    meta.operating_system = Some(system.to_owned());
    meta.architecture = Some(architecture.to_owned());
    meta.deletable = Some(true);
    meta.create_time = Some(
        OffsetDateTime::UNIX_EPOCH
            + TimeDuration::days(18_500)
            + TimeDuration::minutes(i64::try_from(id).unwrap_or(0)),
    );
    meta.installation_data_list = Some(Vec::new());
    Entry {
        meta,
        file: Some(file),
    }
}

/// Deterministic file contents for package `id` (64 bytes to about 4 KiB).
fn file_bytes(id: u64) -> Vec<u8> {
    let length = 64 + usize::try_from(id.wrapping_mul(37) % 4096).unwrap_or(0);
    let mut state = id.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    (0..length)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state.to_le_bytes().first().copied().unwrap_or(0)
        })
        .collect()
}

fn sha1_hex(bytes: &[u8]) -> String {
    Checksum::from_digest(ChecksumAlgorithm::Sha1, &sha1::Sha1::digest(bytes))
        .map(|sum| sum.hex().to_owned())
        .unwrap_or_default()
}

/// Routes one request.
fn handle(state: &Mutex<State>, base: &str, request: &Request) -> MockResponse {
    if let Err(message) = authenticate(request) {
        return error(401, 30000, message);
    }
    let path = request.url.path().to_owned();
    let method = request.method.as_str();
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    match (method, segments.as_slice()) {
        ("GET", ["api", "v2", "software-packages"]) => list(state, request),
        ("POST", ["api", "v2", "software-packages"]) => upload(state, base, request),
        ("DELETE", ["api", "v2", "software-packages", id]) => delete(state, id),
        ("GET", ["api", "v2", "software-packages", id]) if lock(state).get_one => {
            get_one(state, id)
        }
        ("GET", ["api", "v2", "files", "sys-package", name]) => file(state, name),
        _ => error(400, 10001, &format!("Unknown URL: {method} {path}")),
    }
}

/// Checks Basic or AccessKey credentials.
fn authenticate(request: &Request) -> Result<(), &'static str> {
    let header = |name: &str| {
        request
            .headers
            .get(name)
            .and_then(|value| value.to_str().ok())
    };
    let Some(authorization) = header("authorization") else {
        return Err("Full authentication is required to access this resource");
    };
    if let Some(encoded) = authorization.strip_prefix("Basic ") {
        let expected = STANDARD.encode(format!("{USERNAME}:{PASSWORD}"));
        return if encoded == expected {
            Ok(())
        } else {
            Err("Bad credentials")
        };
    }
    let Some(credential) = authorization.strip_prefix("OCP-ACCESS-KEY-HMACSHA1 ") else {
        return Err("Unsupported authentication scheme");
    };
    let (access_key_id, signature) = credential.split_once(':').ok_or("Malformed signature")?;
    if access_key_id != ACCESS_KEY_ID {
        return Err("Unknown AccessKey");
    }
    let date = header("date").ok_or("Missing Date header")?;
    let sent = httpdate::parse_http_date(date).map_err(|_| "Malformed Date header")?;
    let now = SystemTime::now();
    let skew = now
        .duration_since(sent)
        .or_else(|_| sent.duration_since(now))
        .unwrap_or_default();
    if skew > Duration::from_secs(15 * 60) {
        return Err("Request time too skewed");
    }
    let signer = AccessKeySigner::new(ACCESS_KEY_ID, SecretString::from(ACCESS_KEY_SECRET));
    let ocp_headers: Vec<(&str, &str)> = request
        .headers
        .iter()
        .filter(|(name, _)| name.as_str().starts_with("x-ocp-"))
        .filter_map(|(name, value)| Some((name.as_str(), value.to_str().ok()?)))
        .collect();
    let md5 = if request.body.is_empty() {
        String::new()
    } else {
        payload_md5(&request.body)
    };
    let mut pairs: Vec<(String, String)> = request
        .url
        .query_pairs()
        .map(|(key, value)| {
            (
                pkgruntime::percent_encode(&key).into_owned(),
                pkgruntime::percent_encode(&value).into_owned(),
            )
        })
        .collect();
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    let query: Vec<String> = pairs
        .iter()
        .map(|(key, value)| format!("{key}={value}"))
        .collect();
    let mut path_and_query = request.url.path().to_owned();
    if !query.is_empty() {
        path_and_query.push('?');
        path_and_query.push_str(&query.join("&"));
    }
    let expected = signer.signature(&signer.string_to_sign(
        request.method.as_str(),
        &md5,
        header("content-type").unwrap_or_default(),
        date,
        header("host").unwrap_or_default(),
        &ocp_headers,
        &path_and_query,
    ));
    if signature == expected {
        Ok(())
    } else {
        Err("Signature mismatch")
    }
}

/// OCP's envelope around `data`.
fn success(data: &Value) -> MockResponse {
    MockResponse::json(
        200,
        &json!({
            "data": data,
            "duration": 1,
            "server": "ocp-mock",
            "status": 200,
            "successful": true,
            "timestamp": "2021-08-24T21:15:45.533+08:00",
            "traceId": trace_id(),
        }),
    )
}

/// OCP's error envelope.
fn error(status: u16, code: u32, message: &str) -> MockResponse {
    MockResponse::json(
        status,
        &json!({
            "successful": false,
            "status": status,
            "timestamp": "2021-08-24T21:15:45.533+08:00",
            "duration": 1,
            "traceId": trace_id(),
            "server": "ocp-mock",
            "error": {"code": code, "message": message, "debugMessage": null, "target": {}, "subErrors": []},
        }),
    )
}

fn trace_id() -> String {
    format!("{:016x}", fastrand::u64(..))
}

fn list(state: &Mutex<State>, request: &Request) -> MockResponse {
    let param = |name: &str| query_param(request, name);
    let list_param = |name: &str| -> Vec<String> {
        param(name)
            .map(|value| value.split(',').map(str::to_owned).collect())
            .unwrap_or_default()
    };
    let number = |name: &str, default: u64| -> Result<u64, MockResponse> {
        match param(name) {
            None => Ok(default),
            Some(text) => text.parse().map_err(|_| {
                error(
                    400,
                    10001,
                    &format!("Failed to convert value of type 'String' to 'int': {name}={text}"),
                )
            }),
        }
    };
    let (page, asked) = match (number("page", 1), number("size", 20)) {
        (Ok(page), Ok(size)) => (page.max(1), size.max(1)),
        (Err(response), _) | (_, Err(response)) => return response,
    };
    let keyword = param("keyword");
    let (types, versions, systems, architectures) = (
        list_param("type"),
        list_param("version"),
        list_param("operatingSystem"),
        list_param("architecture"),
    );
    let matches = |values: &[String], actual: Option<&str>| {
        values.is_empty() || actual.is_some_and(|actual| values.iter().any(|value| value == actual))
    };
    let state = lock(state);
    let size = asked.min(state.max_page_size);
    let mut selected: Vec<&SoftwarePackageMeta> = state
        .entries
        .iter()
        .map(|entry| &entry.meta)
        .filter(|meta| {
            keyword.as_deref().is_none_or(|keyword| {
                meta.name
                    .as_deref()
                    .unwrap_or_default()
                    .to_lowercase()
                    .contains(&keyword.to_lowercase())
            }) && matches(
                &types,
                meta.package_type.as_ref().map(SoftwarePackageType::as_str),
            ) && matches(&versions, meta.version.as_deref())
                && matches(&systems, meta.operating_system.as_deref())
                && matches(&architectures, meta.architecture.as_deref())
        })
        .collect();
    if let Some(sort) = param("sort") {
        let (field, direction) = sort.split_once(',').unwrap_or((sort.as_str(), "asc"));
        let key = |meta: &SoftwarePackageMeta| -> Value {
            match field {
                "id" => json!(meta.id),
                "size" => json!(meta.size),
                "version" => json!(meta.version),
                "type" => json!(meta.package_type),
                "createTime" => json!(meta.create_time.map(OffsetDateTime::unix_timestamp)),
                _ => json!(meta.name),
            }
        };
        selected.sort_by(|a, b| compare(&key(a), &key(b)).then(a.id.cmp(&b.id)));
        if direction.eq_ignore_ascii_case("desc") {
            selected.reverse();
        }
    }
    let total = selected.len() as u64;
    let skip = usize::try_from((page - 1).saturating_mul(size)).unwrap_or(usize::MAX);
    let contents: Vec<&SoftwarePackageMeta> = selected
        .into_iter()
        .skip(skip)
        .take(usize::try_from(size).unwrap_or(0))
        .collect();
    success(&page_data(&state, &contents, page, size, total))
}

/// `data` of page `page` (of `size`) holding `contents`, in the configured shape.
fn page_data(
    state: &State,
    contents: &[&SoftwarePackageMeta],
    page: u64,
    size: u64,
    total: u64,
) -> Value {
    let total_pages = total.div_ceil(size);
    let (number, size) = if total == 0 { (0, 0) } else { (page, size) };
    let mut data = match state.page_shape {
        PageShape::Nested => json!({
            "contents": contents,
            "page": {"number": number, "size": size, "totalElements": total, "totalPages": total_pages},
        }),
        PageShape::Flat => json!({
            "contents": contents,
            "totalElements": total,
            "totalPage": total_pages,
            "number": number,
            "size": size,
        }),
    };
    if !state.report_page_size
        && let Some(fields) = data.as_object_mut()
    {
        fields.remove("size");
        if let Some(Value::Object(page)) = fields.get_mut("page") {
            page.remove("size");
        }
    }
    data
}

/// Orders JSON numbers numerically and everything else as text.
fn compare(a: &Value, b: &Value) -> std::cmp::Ordering {
    match (a.as_f64(), b.as_f64()) {
        (Some(a), Some(b)) => a.total_cmp(&b),
        _ => a.to_string().cmp(&b.to_string()),
    }
}

fn get_one(state: &Mutex<State>, id: &str) -> MockResponse {
    let state = lock(state);
    match state
        .entries
        .iter()
        .find(|entry| entry.meta.id.to_string() == id)
    {
        Some(entry) => MockResponse::json(
            200,
            &json!({"data": entry.meta, "duration": 1, "server": "ocp-mock", "status": 200,
                    "successful": true, "timestamp": "2021-08-24T21:15:45.533+08:00",
                    "traceId": trace_id()}),
        ),
        None => error(404, 10002, &format!("Software package not found: {id}")),
    }
}

fn delete(state: &Mutex<State>, id: &str) -> MockResponse {
    let mut state = lock(state);
    let before = state.entries.len();
    state
        .entries
        .retain(|entry| entry.meta.id.to_string() != id);
    if state.entries.len() == before {
        return error(404, 10002, &format!("Software package not found: {id}"));
    }
    MockResponse::json(
        200,
        &json!({"duration": 1, "server": "ocp-mock", "status": 200, "successful": true,
                "timestamp": "2021-08-24T21:15:45.533+08:00", "traceId": trace_id()}),
    )
}

fn file(state: &Mutex<State>, name: &str) -> MockResponse {
    let state = lock(state);
    let found = state
        .entries
        .iter()
        .find(|entry| entry.meta.file_name.as_deref() == Some(name))
        .and_then(|entry| entry.file.clone());
    match found {
        Some(bytes) => MockResponse::empty(200)
            .header("content-type", "application/octet-stream")
            .body(bytes),
        None => error(404, 10002, &format!("File not found: {name}")),
    }
}

/// Accepts a `multipart/form-data` body with a `file` part.
fn upload(state: &Mutex<State>, base: &str, request: &Request) -> MockResponse {
    let content_type = request
        .headers
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let Some(boundary) = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .filter(|boundary| !boundary.is_empty())
    else {
        return error(415, 10001, "Content type must be multipart/form-data");
    };
    let Some((file_name, content)) = file_part(&request.body, boundary) else {
        return error(400, 10001, "Required request part 'file' is not present");
    };
    let mut state = lock(state);
    state.next_id += 1;
    let id = state.next_id;
    let mut meta = SoftwarePackageMeta::new(id);
    let stem = file_name.split('.').next().unwrap_or(&file_name).to_owned();
    meta.package_type = Some(if stem.contains("obproxy") {
        SoftwarePackageType::ObproxyInstallPackage
    } else if stem.contains("agent") {
        SoftwarePackageType::OcpAgentInstallPackage
    } else {
        SoftwarePackageType::ObServerInstallPackage
    });
    meta.name = Some(stem);
    meta.extension = file_name
        .rsplit_once('.')
        .map(|(_, extension)| extension.to_owned());
    meta.download_url = Some(format!("{base}/api/v2/files/sys-package/{file_name}"));
    meta.file_name = Some(file_name);
    meta.size = Some(content.len() as u64);
    meta.sha1 = Some(sha1_hex(&content));
    meta.deletable = Some(true);
    let data = serde_json::to_value(&meta).unwrap_or(Value::Null);
    state.entries.push(Entry {
        meta,
        file: Some(content),
    });
    success(&data)
}

/// The file name and bytes of the `file` part of a multipart body.
fn file_part(body: &[u8], boundary: &str) -> Option<(String, Vec<u8>)> {
    let delimiter = format!("--{boundary}");
    let start = find(body, delimiter.as_bytes())? + delimiter.len();
    let rest = body.get(start..)?;
    let header_end = find(rest, b"\r\n\r\n")?;
    let headers = String::from_utf8_lossy(rest.get(..header_end)?).into_owned();
    if !headers.contains("name=\"file\"") {
        return None;
    }
    let file_name = headers
        .split("filename=\"")
        .nth(1)?
        .split('"')
        .next()?
        .to_owned();
    let content = rest.get(header_end + 4..)?;
    let end = find(content, format!("\r\n{delimiter}").as_bytes())?;
    Some((file_name, content.get(..end)?.to_vec()))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}
