//! A wiremock mock of the Marketplace publisher API, for your own tests (feature
//! `test-util`).
//!
//! [`AppStoreMock::start`] serves, on 127.0.0.1:
//!
//! - the token calls: `GET /appstore/publisher/v1/authenticate` and
//!   `POST /oam/oauth2/tokens?grant_type=client_credentials` (with
//!   `X-USER-IDENTITY-DOMAIN-NAME:` [`DEFAULT_IDENTITY_DOMAIN`]),
//!   both with HTTP Basic [`CLIENT_ID`]/[`CLIENT_SECRET`], issuing a new token each time;
//! - `GET /appstore/publisher/{v1,v2}/applications` with `limit` (1 to 100, default 30),
//!   `offset` and a comma-separated `status` filter, as `{items:[{listingSummary:{…}}]}`;
//! - `GET …/applications/{lv}/packages` in a chosen [`PackageListShape`], and
//!   `GET …/applications/{lv}/packages/{pv}` (v1 sends `status` as a string, v2 as an
//!   object);
//! - `DELETE /appstore/publisher/v1/applications/{lv}/packages/{pv}`.
//!
//! Every API call must carry `Authorization: Bearer <token>` — a token the mock issued and
//! has not [revoked](AppStoreMock::revoke_tokens), or [`TOKEN`] — and
//! `X-Oracle-UserId:` [`USER_ID`]; otherwise it answers 401. Ids that are not numbers get
//! 400, unknown ones 404, each with a `{"message": …}` body (Oracle's error body is not
//! documented; this is the form the client reads).
//!
//! It starts with Oracle's documented samples — package 3084832 of application version
//! 2133526 (the fixture `tests/fixtures/package_details.json`, [`SAMPLE_PACKAGE`]) and the v2
//! package of application version 148637011 ([`SAMPLE_PACKAGE_V2`]) — and can
//! [generate](AppStoreMock::generate_catalog) a catalogue of any size. Faults (an error
//! status, `Retry-After`, a truncated body, latency…) are queued on
//! [`AppStoreMock::faults`] for API calls and on [`AppStoreMock::token_faults`] for token
//! calls.
//!
//! ```
//! use futures::TryStreamExt as _;
//! use appstore_client::testing::AppStoreMock;
//! use pkgruntime::testing::Fault;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), pkgruntime::Error> {
//! let mock = AppStoreMock::start().await;
//! mock.generate_catalog(120);
//! mock.faults().push(Fault::status(503).retry_after("0"));
//!
//! let client = mock.client();
//! let apps: Vec<_> = client.list_applications().page_size(50).items().try_collect().await?;
//! assert_eq!(apps.len(), 120);
//! assert_eq!(mock.tokens_issued(), 1);
//! # Ok(()) }
//! ```

use crate::{
    AppStoreClient, AppStoreClientBuilder, ApplicationSummary, ClientCredentials,
    DEFAULT_IDENTITY_DOMAIN, PackageVersion,
};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use pkgruntime::testing::{FaultInjector, FaultQueue, MockResponse, query_param, quick_retries};
use serde_json::{Value, json};
use std::collections::HashSet;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use wiremock::{Mock, MockServer, Request, matchers};

/// The partner user's email the mock expects in `X-Oracle-UserId`.
pub const USER_ID: &str = "partner.user@example.com";
/// The client id the token calls accept.
pub const CLIENT_ID: &str = "mock-client-id";
/// The client secret the token calls accept.
pub const CLIENT_SECRET: &str = "mock-client-secret";
/// A token the mock always accepts (for [`StaticToken`](crate::StaticToken) clients).
pub const TOKEN: &str = "mock-static-access-token";
/// The token lifetime the mock reports by default (seven days, as Oracle's example).
pub const DEFAULT_TOKEN_LIFETIME: u64 = 604_800;

/// Oracle's documented package-details sample, verbatim.
pub const SAMPLE_PACKAGE: &str = include_str!("../tests/fixtures/package_details.json");
/// Oracle's documented v2 package sample (see the fixture's README for what is verbatim).
pub const SAMPLE_PACKAGE_V2: &str = include_str!("../tests/fixtures/package_v2.json");
/// The application version of [`SAMPLE_PACKAGE`].
pub const SAMPLE_LISTING_VERSION_ID: u64 = 2_133_526;
/// The package version id of [`SAMPLE_PACKAGE`].
pub const SAMPLE_PACKAGE_VERSION_ID: u64 = 3_084_832;
/// The application version of [`SAMPLE_PACKAGE_V2`].
pub const SAMPLE_V2_LISTING_VERSION_ID: u64 = 148_637_011;

/// The first listing version id of a generated catalogue (the `n`-th is this plus `n`).
pub const GENERATED_LISTING_VERSION_BASE: u64 = 10_000;
/// The first package version id of a generated catalogue (the `n`-th is this plus `n`).
pub const GENERATED_PACKAGE_VERSION_BASE: u64 = 1_000_000;

const AUTHENTICATE_PATH: &str = "/appstore/publisher/v1/authenticate";
const OAUTH2_PATH: &str = "/oam/oauth2/tokens";

/// How `GET …/applications/{lv}/packages` lays out its answer (all documented somewhere).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum PackageListShape {
    /// A bare object when there is one package (Oracle's example), a bare array otherwise.
    #[default]
    Auto,
    /// Always a bare array.
    Array,
    /// `{"items": [ {…}, … ]}`.
    Items,
    /// `{"items": [ {"Package": {…}}, … ]}` (as a public client reads it).
    WrappedItems,
}

/// An application listing version and its packages, as JSON.
#[derive(Clone, Debug)]
struct Application {
    summary: Value,
    packages: Vec<Value>,
}

impl Application {
    fn listing_version_id(&self) -> Option<u64> {
        self.summary.get("listingVersionId").and_then(json_id)
    }
}

/// An id sent as a number or as a string of digits.
fn json_id(value: &Value) -> Option<u64> {
    value
        .as_u64()
        .or_else(|| value.as_str().and_then(pkgmodel::lenient::parse_u64))
}

#[derive(Debug)]
struct State {
    applications: Vec<Application>,
    shape: PackageListShape,
    report_totals: bool,
    max_page_size: Option<u64>,
    valid_tokens: HashSet<String>,
    tokens_issued: u64,
    token_lifetime: Option<u64>,
}

/// A running Marketplace publisher API mock; see the [module docs](self).
pub struct AppStoreMock {
    server: MockServer,
    state: Arc<Mutex<State>>,
    faults: FaultQueue,
    token_faults: FaultQueue,
}

impl AppStoreMock {
    /// Starts a mock holding Oracle's two documented package samples.
    pub async fn start() -> Self {
        let server = MockServer::start().await;
        let state = Arc::new(Mutex::new(State {
            applications: sample_applications(),
            shape: PackageListShape::Auto,
            report_totals: false,
            max_page_size: None,
            valid_tokens: HashSet::new(),
            tokens_issued: 0,
            token_lifetime: Some(DEFAULT_TOKEN_LIFETIME),
        }));
        let faults = FaultQueue::new();
        let token_faults = FaultQueue::new();
        for path in [AUTHENTICATE_PATH, OAUTH2_PATH] {
            let handler_state = Arc::clone(&state);
            let handler = move |request: &Request| token(&handler_state, request);
            Mock::given(matchers::path(path))
                .respond_with(FaultInjector::new(handler, token_faults.clone()))
                .with_priority(1)
                .mount(&server)
                .await;
        }
        let handler_state = Arc::clone(&state);
        let handler = move |request: &Request| handle(&handler_state, request);
        Mock::given(matchers::any())
            .respond_with(FaultInjector::new(handler, faults.clone()))
            .mount(&server)
            .await;
        Self {
            server,
            state,
            faults,
            token_faults,
        }
    }

    /// The mock's base URL (`http://127.0.0.1:<port>`).
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// A client builder for this mock — [`USER_ID`], client credentials
    /// [`CLIENT_ID`]/[`CLIENT_SECRET`] (tokens from `…/v1/authenticate`), quick retries
    /// (1–20 ms) — ready for further settings.
    pub fn client_builder(&self) -> AppStoreClientBuilder {
        AppStoreClient::builder()
            .endpoint(self.uri())
            .user_id(USER_ID)
            .client_credentials(CLIENT_ID, CLIENT_SECRET)
            .retry(quick_retries())
    }

    /// A client for this mock (see [`client_builder`](Self::client_builder)).
    pub fn client(&self) -> AppStoreClient {
        self.client_builder()
            .build()
            .unwrap_or_else(|error| unreachable!("the mock's own settings are valid: {error}"))
    }

    /// A client for this mock using the fixed [`TOKEN`].
    pub fn static_token_client(&self) -> AppStoreClient {
        self.client_builder()
            .token(TOKEN)
            .build()
            .unwrap_or_else(|error| unreachable!("the mock's own settings are valid: {error}"))
    }

    /// Client credentials obtaining tokens from this mock's OAuth 2.0 call
    /// (`POST /oam/oauth2/tokens`), with quick retries.
    pub fn oauth2_credentials(&self) -> ClientCredentials {
        ClientCredentials::builder(CLIENT_ID, CLIENT_SECRET)
            .oauth2(format!("{}{OAUTH2_PATH}", self.uri()))
            .retry(quick_retries())
            .build()
            .unwrap_or_else(|error| unreachable!("the mock's own settings are valid: {error}"))
    }

    /// The fault queue of API calls: each queued fault applies to one later API request.
    pub fn faults(&self) -> &FaultQueue {
        &self.faults
    }

    /// The fault queue of the token calls.
    pub fn token_faults(&self) -> &FaultQueue {
        &self.token_faults
    }

    /// Replaces the catalogue with `count` generated applications (listing version ids
    /// [`GENERATED_LISTING_VERSION_BASE`]` + 1 …`, statuses cycling through every
    /// [`ListingStatus`](crate::ListingStatus)), each with one package shaped like Oracle's
    /// sample (package version id [`GENERATED_PACKAGE_VERSION_BASE`]` + n`).
    pub fn generate_catalog(&self, count: usize) {
        let applications = (1..=count as u64).map(generated).collect();
        self.lock().applications = applications;
    }

    /// Removes every application.
    pub fn clear(&self) {
        self.lock().applications.clear();
    }

    /// Adds an application from raw JSON: its `listingSummary` (which must hold a numeric
    /// `listingVersionId` to be found) and its packages, served as given — for testing how
    /// odd data is handled.
    pub fn insert_application(&self, summary: Value, packages: Vec<Value>) {
        self.lock()
            .applications
            .push(Application { summary, packages });
    }

    /// How package lists are laid out.
    pub fn set_package_list_shape(&self, shape: PackageListShape) {
        self.lock().shape = shape;
    }

    /// Whether application pages also carry `hasMore` and `totalResults` (Oracle REST's
    /// usual paging fields; not documented for this API, so off by default).
    pub fn set_report_totals(&self, report: bool) {
        self.lock().report_totals = report;
    }

    /// Serves at most `size` application summaries per page, whatever `limit` asks for,
    /// without saying so — as a server with a lower maximum than documented may (default:
    /// none beyond the documented 100).
    pub fn set_max_page_size(&self, size: Option<u32>) {
        self.lock().max_page_size = size.map(|size| u64::from(size.max(1)));
    }

    /// The `expires_in` the token calls report (`None`: left out). The mock does not expire
    /// tokens by time; use [`revoke_tokens`](Self::revoke_tokens) to refuse them.
    pub fn set_token_lifetime(&self, seconds: Option<u64>) {
        self.lock().token_lifetime = seconds;
    }

    /// Refuses every token issued so far (not [`TOKEN`]), as after a revocation.
    pub fn revoke_tokens(&self) {
        self.lock().valid_tokens.clear();
    }

    /// How many tokens the token calls have issued.
    pub fn tokens_issued(&self) -> u64 {
        self.lock().tokens_issued
    }

    /// The applications as the mock holds them.
    pub fn applications(&self) -> Vec<ApplicationSummary> {
        self.lock()
            .applications
            .iter()
            .filter_map(|application| serde_json::from_value(application.summary.clone()).ok())
            .collect()
    }

    /// The packages of application version `listing_version_id`, as the mock holds them.
    pub fn packages(&self, listing_version_id: u64) -> Vec<PackageVersion> {
        self.lock()
            .applications
            .iter()
            .filter(|application| application.listing_version_id() == Some(listing_version_id))
            .flat_map(|application| application.packages.iter())
            .filter_map(|package| serde_json::from_value(package.clone()).ok())
            .collect()
    }

    /// Every request the mock has received, token calls included.
    pub async fn received_requests(&self) -> Vec<Request> {
        self.server.received_requests().await.unwrap_or_default()
    }

    /// The API requests the mock has received (token calls left out).
    pub async fn api_requests(&self) -> Vec<Request> {
        self.received_requests()
            .await
            .into_iter()
            .filter(|request| !is_token_path(request.url.path()))
            .collect()
    }

    /// The token calls the mock has received.
    pub async fn token_requests(&self) -> Vec<Request> {
        self.received_requests()
            .await
            .into_iter()
            .filter(|request| is_token_path(request.url.path()))
            .collect()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }
}

impl fmt::Debug for AppStoreMock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppStoreMock")
            .field("uri", &self.uri())
            .field("faults", &self.faults)
            .field("token_faults", &self.token_faults)
            .finish_non_exhaustive()
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

fn is_token_path(path: &str) -> bool {
    path == AUTHENTICATE_PATH || path == OAUTH2_PATH
}

/// The two documented samples as applications.
fn sample_applications() -> Vec<Application> {
    let parse = |text: &str| serde_json::from_str::<Value>(text).unwrap_or(Value::Null);
    vec![
        Application {
            summary: json!({
                "listingId": 2_133_525,
                "listingVersionId": SAMPLE_LISTING_VERSION_ID,
                "name": "Rest Package Snippet",
                "status": "PUBLISHED",
            }),
            packages: vec![parse(SAMPLE_PACKAGE)],
        },
        Application {
            summary: json!({
                "listingId": 148_637_010,
                "listingVersionId": SAMPLE_V2_LISTING_VERSION_ID,
                "name": "JCS - Self Service Portal",
                "status": "NEW",
            }),
            packages: vec![parse(SAMPLE_PACKAGE_V2)],
        },
    ]
}

/// Application `n` of a generated catalogue.
fn generated(n: u64) -> Application {
    const STATUSES: [&str; 6] = [
        "PUBLISHED",
        "NEW",
        "PENDING_REVIEW",
        "REVIEWING",
        "APPROVED",
        "UNPUBLISHED",
    ];
    let listing_version_id = GENERATED_LISTING_VERSION_BASE + n;
    let package_version_id = GENERATED_PACKAGE_VERSION_BASE + n;
    let status = usize::try_from(n)
        .ok()
        .and_then(|n| STATUSES.get(n % STATUSES.len()))
        .copied()
        .unwrap_or("PUBLISHED");
    let mut package = serde_json::from_str::<Value>(SAMPLE_PACKAGE).unwrap_or(Value::Null);
    if let Value::Object(fields) = &mut package {
        fields.insert("id".into(), json!(package_version_id));
        fields.insert("listingVersionId".into(), json!(listing_version_id));
        fields.insert("name".into(), json!(format!("Generated package {n}")));
        fields.insert("version".into(), json!(format!("1.{n}")));
        fields.insert(
            "links".into(),
            json!([{"rel": "CANONICAL", "href": format!(
                "https://ocm-apis-cloud.oracle.com/appstore/publisher/v1/applications/{listing_version_id}/packages/{package_version_id}"
            )}]),
        );
    }
    Application {
        summary: json!({
            "listingId": 20_000 + n,
            "listingVersionId": listing_version_id,
            "name": format!("Generated application {n:05}"),
            "status": status,
        }),
        packages: vec![package],
    }
}

/// A `{"message": …}` error.
fn error(status: u16, message: &str) -> MockResponse {
    MockResponse::json(status, &json!({ "message": message }))
}

/// The value of request header `name`, as text.
fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request
        .headers
        .get(name)
        .and_then(|value| value.to_str().ok())
}

/// Answers a token call.
fn token(state: &Mutex<State>, request: &Request) -> MockResponse {
    let path = request.url.path();
    let expected = format!(
        "Basic {}",
        STANDARD.encode(format!("{CLIENT_ID}:{CLIENT_SECRET}"))
    );
    let oauth2 = path == OAUTH2_PATH;
    match (request.method.as_str(), oauth2) {
        ("GET", false) | ("POST", true) => {}
        _ => return error(405, "Method Not Allowed"),
    }
    if header(request, "authorization") != Some(expected.as_str()) {
        return if oauth2 {
            MockResponse::json(
                401,
                &json!({"error": "invalid_client", "error_description": "Client authentication failed"}),
            )
        } else {
            error(401, "Not Authorized")
        };
    }
    if oauth2 {
        if header(request, "x-user-identity-domain-name") != Some(DEFAULT_IDENTITY_DOMAIN) {
            return MockResponse::json(
                400,
                &json!({"error": "invalid_request", "error_description": "Unknown identity domain"}),
            );
        }
        let body = String::from_utf8_lossy(&request.body);
        let grant = query_param(request, "grant_type").or_else(|| {
            body.split('&')
                .find_map(|pair| pair.strip_prefix("grant_type=").map(str::to_owned))
        });
        if grant.as_deref() != Some("client_credentials") {
            return MockResponse::json(
                400,
                &json!({"error": "unsupported_grant_type", "error_description": "grant_type must be client_credentials"}),
            );
        }
    }
    let mut state = lock(state);
    state.tokens_issued += 1;
    let access_token = format!("mock-access-token-{}", state.tokens_issued);
    state.valid_tokens.insert(access_token.clone());
    let mut body = json!({ "access_token": access_token });
    if let Value::Object(fields) = &mut body {
        if let Some(lifetime) = state.token_lifetime {
            fields.insert("expires_in".into(), json!(lifetime));
        }
        if oauth2 {
            fields.insert("token_type".into(), json!("Bearer"));
        } else {
            fields.insert(
                "oracle_client_assertion_type".into(),
                json!("urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
            );
            fields.insert("oracle_tk_context".into(), json!("client_assertion"));
        }
    }
    MockResponse::json(200, &body)
}

/// Checks the bearer token and the user id.
fn authenticate(state: &Mutex<State>, request: &Request) -> Result<(), MockResponse> {
    let token = header(request, "authorization")
        .and_then(|value| value.strip_prefix("Bearer "))
        .ok_or_else(|| error(401, "Not Authorized"))?;
    if token != TOKEN && !lock(state).valid_tokens.contains(token) {
        return Err(error(401, "Not Authorized"));
    }
    if header(request, "x-oracle-userid") != Some(USER_ID) {
        return Err(error(401, "Not Authorized: unknown partner user"));
    }
    Ok(())
}

/// Routes one API call.
fn handle(state: &Mutex<State>, request: &Request) -> MockResponse {
    if let Err(response) = authenticate(state, request) {
        return response;
    }
    let path = request.url.path().to_owned();
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    match (request.method.as_str(), segments.as_slice()) {
        ("GET", ["appstore", "publisher", "v1" | "v2", "applications"]) => {
            list_applications(state, request)
        }
        (
            "GET",
            [
                "appstore",
                "publisher",
                version @ ("v1" | "v2"),
                "applications",
                lv,
                "packages",
            ],
        ) => list_packages(state, version, lv),
        (
            "GET",
            [
                "appstore",
                "publisher",
                version @ ("v1" | "v2"),
                "applications",
                lv,
                "packages",
                pv,
            ],
        ) => get_package(state, version, lv, pv),
        (
            "DELETE",
            [
                "appstore",
                "publisher",
                "v1",
                "applications",
                lv,
                "packages",
                pv,
            ],
        ) => delete_package(state, lv, pv),
        _ => error(404, &format!("Not Found: {} {path}", request.method)),
    }
}

/// Parses a path id, or answers 400 naming it.
fn id(text: &str, name: &str) -> Result<u64, MockResponse> {
    text.parse()
        .map_err(|_| error(400, &format!("Invalid Parameter Value: {name}")))
}

fn list_applications(state: &Mutex<State>, request: &Request) -> MockResponse {
    let number = |name: &str, default: u64| -> Result<u64, MockResponse> {
        match query_param(request, name) {
            None => Ok(default),
            Some(text) => id(&text, name),
        }
    };
    let (limit, offset) = match (number("limit", 30), number("offset", 0)) {
        (Ok(limit), Ok(offset)) => (limit, offset),
        (Err(response), _) | (_, Err(response)) => return response,
    };
    if !(1..=100).contains(&limit) {
        return error(400, "Invalid Parameter Value: limit");
    }
    let statuses: Vec<String> = query_param(request, "status")
        .map(|value| value.split(',').map(str::to_ascii_uppercase).collect())
        .unwrap_or_default();
    let state = lock(state);
    let limit = state.max_page_size.map_or(limit, |max| limit.min(max));
    let selected: Vec<&Value> = state
        .applications
        .iter()
        .map(|application| &application.summary)
        .filter(|summary| {
            statuses.is_empty()
                || summary
                    .get("status")
                    .and_then(|status| status.as_str().or_else(|| status.get("code")?.as_str()))
                    .is_some_and(|status| statuses.contains(&status.to_ascii_uppercase()))
        })
        .collect();
    let total = selected.len() as u64;
    let items: Vec<Value> = selected
        .into_iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(limit).unwrap_or(0))
        .map(|summary| json!({ "listingSummary": summary }))
        .collect();
    let mut body = json!({ "items": items });
    if state.report_totals
        && let Value::Object(fields) = &mut body
    {
        fields.insert(
            "hasMore".into(),
            json!(offset.saturating_add(limit) < total),
        );
        fields.insert("totalResults".into(), json!(total));
    }
    MockResponse::json(200, &body)
}

/// The packages of listing `lv`, or a 400/404 answer.
fn packages_of(state: &State, lv: &str) -> Result<Vec<Value>, MockResponse> {
    let lv = id(lv, "listingVersionId")?;
    state
        .applications
        .iter()
        .find(|application| application.listing_version_id() == Some(lv))
        .map(|application| application.packages.clone())
        .ok_or_else(|| error(404, &format!("Entity Not Found: listingVersionId {lv}")))
}

fn list_packages(state: &Mutex<State>, version: &str, lv: &str) -> MockResponse {
    let state = lock(state);
    let packages = match packages_of(&state, lv) {
        Ok(packages) => packages,
        Err(response) => return response,
    };
    let packages: Vec<Value> = packages
        .into_iter()
        .map(|package| for_version(package, version))
        .collect();
    let body = match (state.shape, packages.as_slice()) {
        (PackageListShape::Auto, [one]) => one.clone(),
        (PackageListShape::Auto | PackageListShape::Array, _) => Value::Array(packages),
        (PackageListShape::Items, _) => json!({ "items": packages }),
        (PackageListShape::WrappedItems, _) => json!({
            "items": packages.into_iter().map(|package| json!({ "Package": package })).collect::<Vec<_>>()
        }),
    };
    MockResponse::json(200, &body)
}

fn get_package(state: &Mutex<State>, version: &str, lv: &str, pv: &str) -> MockResponse {
    let state = lock(state);
    let packages = match packages_of(&state, lv) {
        Ok(packages) => packages,
        Err(response) => return response,
    };
    let pv = match id(pv, "packageVersionId") {
        Ok(pv) => pv,
        Err(response) => return response,
    };
    match packages
        .into_iter()
        .find(|package| package.get("id").and_then(json_id) == Some(pv))
    {
        Some(package) => MockResponse::json(200, &for_version(package, version)),
        None => error(404, &format!("Entity Not Found: packageVersionId {pv}")),
    }
}

fn delete_package(state: &Mutex<State>, lv: &str, pv: &str) -> MockResponse {
    let (lv, pv) = match (id(lv, "listingVersionId"), id(pv, "packageVersionId")) {
        (Ok(lv), Ok(pv)) => (lv, pv),
        (Err(response), _) | (_, Err(response)) => return response,
    };
    let mut state = lock(state);
    let Some(application) = state
        .applications
        .iter_mut()
        .find(|application| application.listing_version_id() == Some(lv))
    else {
        return error(404, &format!("Entity Not Found: listingVersionId {lv}"));
    };
    let before = application.packages.len();
    application
        .packages
        .retain(|package| package.get("id").and_then(json_id) != Some(pv));
    if application.packages.len() == before {
        return error(404, &format!("Entity Not Found: packageVersionId {pv}"));
    }
    MockResponse::json(
        200,
        &json!({
            "message": format!("Listing Package for ListingVersionId = {lv} was deleted."),
            "entityId": lv.to_string(),
        }),
    )
}

/// A package as API `version` sends it: v1's `status` is the code, v2's an object.
fn for_version(mut package: Value, version: &str) -> Value {
    if let Some(status) = package.get_mut("status") {
        match (version, &*status) {
            ("v2", Value::String(code)) => {
                *status = json!({ "code": code, "displayName": display_name(code) });
            }
            ("v1", Value::Object(fields)) => {
                if let Some(code) = fields.get("code").cloned() {
                    *status = code;
                }
            }
            _ => {}
        }
    }
    package
}

/// `VALIDATION_SUCCEEDED` → `Validation Succeeded`.
fn display_name(code: &str) -> String {
    code.split('_')
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first
                    .to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}
