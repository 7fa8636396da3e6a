//! A wiremock mock of IoTDA's OTA-package API and of IAM's token call, for your own tests
//! (feature `test-util`).
//!
//! [`IotdaMock::start`] serves, on 127.0.0.1, for project [`PROJECT_ID`]:
//!
//! - `GET /v5/iot/{project_id}/ota-upgrades/packages`: marker paging newest first, exactly as
//!   documented (`limit` 1–50, `offset` 0–500, `marker` 24 hex digits defaulting to
//!   `ffffffffffffffffffffffff`, `page.count` = the total number of matches, `page.marker` =
//!   the marker of the last record returned), filtered by `package_type`, `app_id`,
//!   `product_id` and `version`;
//! - `GET …/packages/{package_id}`, `POST …/packages` (201) and `DELETE …/packages/{id}` (204);
//! - `POST /v3/auth/tokens`: IAM password tokens in `X-Subject-Token` for [`IAM_USER`] /
//!   [`IAM_PASSWORD`] of domain [`IAM_DOMAIN`].
//!
//! It starts with IoTDA's documented sample package and can
//! [generate](IotdaMock::generate_catalog) any number more. Every IoTDA request must carry
//! `X-Auth-Token` ([`TOKEN`] or a token the mock's IAM issued and not
//! [revoked](IotdaMock::revoke_tokens)) or a valid AK/SK signature with [`ACCESS_KEY_ID`] /
//! [`ACCESS_KEY_SECRET`] (either algorithm, `X-Sdk-Date` within 15 minutes); otherwise it answers
//! 401 with API Gateway's `APIG.1002` body. Errors carry an `X-Request-Id` header. IoTDA
//! documents no error code for an unknown package id: the mock's 404 says `IOTDA.MOCK.404`.
//!
//! ```
//! use futures::TryStreamExt as _;
//! use iotda_client::PackageType;
//! use iotda_client::testing::IotdaMock;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), pkgruntime::Error> {
//! let mock = IotdaMock::start().await;
//! mock.generate_catalog(120);
//! let client = mock.access_key_client();
//! let all: Vec<_> = client.list_ota_packages(PackageType::SoftwarePackage).items().try_collect().await?;
//! assert_eq!(all.len(), 60);
//! # Ok(()) }
//! ```

use crate::{
    AkSkSigner, IotdaClient, IotdaClientBuilder, OtaPackageInfo, PackageType, SigningAlgorithm,
    Timestamp,
};
use http::{HeaderMap, HeaderName, HeaderValue};
use pkgmodel::time::{
    Duration as TimeDuration, OffsetDateTime, PrimitiveDateTime, macros::format_description,
};
use pkgruntime::SecretString;
use pkgruntime::testing::{FaultInjector, FaultQueue, MockResponse, query_param, quick_retries};
use serde_json::{Value, json};
use std::collections::HashSet;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;
use wiremock::{Mock, MockServer, Request, matchers};

/// The project the mock serves.
pub const PROJECT_ID: &str = "f7c6d2b1a0e94c8f9b3a2d1c0e9f8a7b";
/// A fixed token the mock accepts in `X-Auth-Token`.
pub const TOKEN: &str = "mock-iotda-token";
/// The access key the mock accepts.
pub const ACCESS_KEY_ID: &str = "MOCKACCESSKEY0000001";
/// The secret key of [`ACCESS_KEY_ID`].
pub const ACCESS_KEY_SECRET: &str = "mock-secret-key-0000000000000000000000001";
/// The IAM user whose password the mock's IAM accepts.
pub const IAM_USER: &str = "mock-user";
/// The IAM user's password.
pub const IAM_PASSWORD: &str = "mock-password";
/// The IAM user's account (domain).
pub const IAM_DOMAIN: &str = "mock-domain";

/// IoTDA's documented sample response, verbatim.
pub const SAMPLE_RESPONSE: &str = include_str!("../tests/fixtures/list_ota_packages.json");

/// The marker of the sample package (from the sample response).
const SAMPLE_MARKER: u128 = 0x5c90_fa7d_3c4e_4405_e852_5079;

/// A record: its marker (24 hex digits when printed) and the package.
#[derive(Clone, Debug)]
struct Record {
    marker: u128,
    info: OtaPackageInfo,
}

#[derive(Debug, Default)]
struct State {
    /// Newest (largest marker) first.
    records: Vec<Record>,
    tokens: HashSet<String>,
    issued: u64,
    next_marker: u128,
    /// How long issued IAM tokens live (`None`: 24 hours).
    token_lifetime: Option<Duration>,
    /// The most packages a page holds, whatever `limit` asks for.
    max_page_size: Option<usize>,
}

/// A running IoTDA mock; see the [module docs](self).
pub struct IotdaMock {
    server: MockServer,
    state: Arc<Mutex<State>>,
    faults: FaultQueue,
}

impl IotdaMock {
    /// Starts a mock holding IoTDA's documented sample package.
    pub async fn start() -> Self {
        let server = MockServer::start().await;
        let state = Arc::new(Mutex::new(State {
            records: vec![Record {
                marker: SAMPLE_MARKER,
                info: Self::sample(),
            }],
            tokens: HashSet::from([TOKEN.to_owned()]),
            issued: 0,
            next_marker: SAMPLE_MARKER + 1,
            token_lifetime: None,
            max_page_size: None,
        }));
        let faults = FaultQueue::new();
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
        }
    }

    /// The package of IoTDA's documented sample response.
    pub fn sample() -> OtaPackageInfo {
        let sample: Value = serde_json::from_str(SAMPLE_RESPONSE).unwrap_or(Value::Null);
        let package = sample
            .pointer("/packages/0")
            .cloned()
            .unwrap_or(Value::Null);
        serde_json::from_value(package).unwrap_or_default()
    }

    /// The mock's base URL (`http://127.0.0.1:<port>`), serving both IoTDA and IAM.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// The builder of [`client`](Self::client): this mock's endpoint and project, the fixed
    /// [`TOKEN`] and quick retries (1–20 ms), ready for further settings (other credentials
    /// replace the token).
    pub fn client_builder(&self) -> IotdaClientBuilder {
        IotdaClient::builder()
            .endpoint(self.uri())
            .project_id(PROJECT_ID)
            .token(TOKEN)
            .retry(quick_retries())
    }

    /// A client sending the fixed [`TOKEN`].
    pub fn client(&self) -> IotdaClient {
        build(self.client_builder())
    }

    /// A client signing with [`ACCESS_KEY_ID`]: `V11-HMAC-SHA256`, as Huawei's SDK chooses for a
    /// host that is not a regional endpoint.
    pub fn access_key_client(&self) -> IotdaClient {
        build(
            self.client_builder()
                .access_key(ACCESS_KEY_ID, ACCESS_KEY_SECRET),
        )
    }

    /// A client signing with [`ACCESS_KEY_ID`] and `SDK-HMAC-SHA256`, as against a regional
    /// endpoint.
    pub fn regional_access_key_client(&self) -> IotdaClient {
        build(
            self.client_builder()
                .access_key(ACCESS_KEY_ID, ACCESS_KEY_SECRET)
                .signing_algorithm(SigningAlgorithm::SdkHmacSha256),
        )
    }

    /// A client using IAM password tokens ([`IAM_USER`]) from this mock's IAM, configured as
    /// an application would: `iam_endpoint(mock.uri())` and `iam_password(..)`.
    pub fn iam_client(&self) -> IotdaClient {
        build(self.client_builder().iam_endpoint(self.uri()).iam_password(
            IAM_USER,
            IAM_PASSWORD,
            IAM_DOMAIN,
        ))
    }

    /// The fault queue: each queued fault applies to one later request.
    pub fn faults(&self) -> &FaultQueue {
        &self.faults
    }

    /// Replaces the catalogue with `count` generated packages, alternately software and
    /// firmware, newest first, for products `product-0` … `product-4` in resource space
    /// `app-0` or `app-1`.
    pub fn generate_catalog(&self, count: usize) {
        let records = (0..count).rev().map(generated).collect();
        let mut state = self.lock();
        state.records = records;
        state.next_marker = BASE_MARKER + count as u128;
    }

    /// Replaces the catalogue with `packages`, the first the newest.
    pub fn set_catalog(&self, packages: Vec<OtaPackageInfo>) {
        let count = packages.len() as u128;
        let mut state = self.lock();
        state.records = packages
            .into_iter()
            .enumerate()
            .map(|(index, info)| Record {
                marker: BASE_MARKER + count - index as u128,
                info,
            })
            .collect();
        state.next_marker = BASE_MARKER + count + 1;
    }

    /// The catalogue, newest first.
    pub fn catalog(&self) -> Vec<OtaPackageInfo> {
        self.lock()
            .records
            .iter()
            .map(|record| record.info.clone())
            .collect()
    }

    /// Invalidates every token the mock's IAM issued (the fixed [`TOKEN`] stays valid), as
    /// when a token expires server-side.
    pub fn revoke_tokens(&self) {
        let mut state = self.lock();
        state.tokens.retain(|token| token == TOKEN);
    }

    /// How long the IAM tokens the mock issues from now on live, as their `expires_at` says
    /// (default 24 hours).
    pub fn set_token_lifetime(&self, lifetime: Duration) {
        self.lock().token_lifetime = Some(lifetime);
    }

    /// Serves at most `size` packages per page, whatever `limit` asks for, without saying so
    /// (default: the documented `limit` up to 50).
    pub fn set_max_page_size(&self, size: Option<usize>) {
        self.lock().max_page_size = size.map(|size| size.max(1));
    }

    /// How many tokens the mock's IAM has issued.
    pub fn tokens_issued(&self) -> u64 {
        self.lock().issued
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

fn build(builder: IotdaClientBuilder) -> IotdaClient {
    builder
        .build()
        .unwrap_or_else(|error| unreachable!("the mock's own settings are valid: {error}"))
}

/// Generated records' markers start here (below the sample's).
const BASE_MARKER: u128 = 0x1000_0000_0000_0000_0000;

fn generated(index: usize) -> Record {
    let n = index as u128;
    let created = OffsetDateTime::UNIX_EPOCH
        + TimeDuration::days(19_000)
        + TimeDuration::minutes(i64::try_from(index).unwrap_or(0));
    let compact = format_description!("[year][month][day]T[hour][minute][second]Z");
    let info = OtaPackageInfo {
        package_id: Some(format!(
            "{:032x}",
            0xa11c_e000_0000_0000_0000_0000_0000_0000_u128 + n
        )),
        app_id: Some(format!("app-{}", index % 2)),
        package_type: Some(if index.is_multiple_of(2) {
            PackageType::SoftwarePackage
        } else {
            PackageType::FirmwarePackage
        }),
        product_id: Some(format!("product-{}", index % 5)),
        product_name: Some(format!("Product {}", index % 5)),
        version: Some(format!("V{}.{}", 1 + index / 100, index % 100)),
        support_source_versions: Some(vec![format!("V{}.0", index / 100)]),
        description: Some(format!("package {index}")),
        create_time: created.format(&compact).ok().map(Timestamp::parse),
        ..OtaPackageInfo::default()
    };
    Record {
        marker: BASE_MARKER + n,
        info,
    }
}

fn request_id() -> String {
    format!("{:032x}", fastrand::u128(..))
}

fn error(status: u16, code: &str, message: &str) -> MockResponse {
    MockResponse::json(status, &json!({"error_code": code, "error_msg": message}))
        .header("x-request-id", request_id())
}

fn handle(state: &Mutex<State>, request: &Request) -> MockResponse {
    let path = request.url.path().to_owned();
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let method = request.method.as_str();
    if let ("POST", ["v3", "auth", "tokens"]) = (method, segments.as_slice()) {
        return issue_token(state, request);
    }
    if let Err(message) = authenticate(state, request) {
        return error(
            401,
            "APIG.1002",
            &format!("Incorrect IAM authentication information: {message}"),
        );
    }
    match (method, segments.as_slice()) {
        (_, ["v5", "iot", project, "ota-upgrades", "packages", ..]) if *project != PROJECT_ID => {
            error(403, "IOTDA.000004", "Invalid access token.")
        }
        ("GET", ["v5", "iot", _, "ota-upgrades", "packages"]) => list(state, request),
        ("POST", ["v5", "iot", _, "ota-upgrades", "packages"]) => create(state, request),
        ("GET", ["v5", "iot", _, "ota-upgrades", "packages", id]) => show(state, id),
        ("DELETE", ["v5", "iot", _, "ota-upgrades", "packages", id]) => delete(state, id),
        _ => error(
            404,
            "APIG.0101",
            "The API does not exist or has not been published in the environment",
        ),
    }
}

fn issue_token(state: &Mutex<State>, request: &Request) -> MockResponse {
    let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
    let user = body.pointer("/auth/identity/password/user");
    let field = |pointer: &str| {
        user.and_then(|user| user.pointer(pointer))
            .and_then(Value::as_str)
    };
    if field("/name") != Some(IAM_USER)
        || field("/password") != Some(IAM_PASSWORD)
        || field("/domain/name") != Some(IAM_DOMAIN)
    {
        return MockResponse::json(
            401,
            &json!({"error": {"code": "401", "message": "The username or password is wrong.", "title": "Unauthorized"}}),
        );
    }
    let mut state = lock(state);
    state.issued += 1;
    let token = format!("mock-iam-token-{}", state.issued);
    state.tokens.insert(token.clone());
    let lifetime = state
        .token_lifetime
        .unwrap_or(Duration::from_secs(24 * 3600));
    let expires = OffsetDateTime::now_utc() + lifetime;
    let expires_at = expires
        .format(&pkgmodel::time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    MockResponse::json(
        201,
        &json!({"token": {"expires_at": expires_at, "methods": ["password"]}}),
    )
    .header("x-subject-token", token)
}

/// Checks `X-Auth-Token` or an AK/SK signature.
fn authenticate(state: &Mutex<State>, request: &Request) -> Result<(), String> {
    let header = |name: &str| {
        request
            .headers
            .get(name)
            .and_then(|value| value.to_str().ok())
    };
    if let Some(token) = header("x-auth-token") {
        return if lock(state).tokens.contains(token) {
            Ok(())
        } else {
            Err("the token is invalid or has expired".to_owned())
        };
    }
    let authorization = header("authorization").ok_or("no credentials")?;
    let (algorithm, parameters) = authorization
        .split_once(' ')
        .ok_or("malformed Authorization")?;
    let parameter = |name: &str| {
        parameters
            .split(", ")
            .find_map(|part| part.strip_prefix(name)?.strip_prefix('='))
            .map(str::to_owned)
    };
    let signed_headers = parameter("SignedHeaders").ok_or("no SignedHeaders")?;
    let signature = parameter("Signature").ok_or("no Signature")?;
    let signing = match algorithm {
        "SDK-HMAC-SHA256" => {
            if parameter("Access").as_deref() != Some(ACCESS_KEY_ID) {
                return Err("unknown access key".to_owned());
            }
            SigningAlgorithm::SdkHmacSha256
        }
        "V11-HMAC-SHA256" => {
            let credential = parameter("Credential").ok_or("no Credential")?;
            let scope: Vec<&str> = credential.split('/').collect();
            let [access_key, _date, region, service] = scope.as_slice() else {
                return Err("malformed Credential".to_owned());
            };
            if *access_key != ACCESS_KEY_ID {
                return Err("unknown access key".to_owned());
            }
            SigningAlgorithm::DerivedHmacSha256 {
                region: (*region).to_owned(),
                service: (*service).to_owned(),
            }
        }
        _ => return Err(format!("unsupported algorithm {algorithm}")),
    };
    let date = header("x-sdk-date").ok_or("no X-Sdk-Date")?;
    let format = format_description!("[year][month][day]T[hour][minute][second]Z");
    let sent = PrimitiveDateTime::parse(date, &format)
        .map_err(|_| "malformed X-Sdk-Date")?
        .assume_utc();
    if (OffsetDateTime::now_utc() - sent).abs() > TimeDuration::minutes(15) {
        return Err("X-Sdk-Date is too far from the server's time".to_owned());
    }
    let mut headers = HeaderMap::new();
    for name in signed_headers.split(';') {
        let name =
            HeaderName::from_bytes(name.as_bytes()).map_err(|_| "malformed SignedHeaders")?;
        let value = request
            .headers
            .get(&name)
            .cloned()
            .unwrap_or(HeaderValue::from_static(""));
        headers.insert(name, value);
    }
    let signer = AkSkSigner::new(
        ACCESS_KEY_ID,
        SecretString::from(ACCESS_KEY_SECRET),
        signing,
    );
    let expected = signer
        .signature(&request.method, &request.url, &headers, &request.body, sent)
        .map_err(|error| format!("cannot verify: {error}"))?;
    if expected.signature() == signature {
        Ok(())
    } else {
        Err("the signature does not match".to_owned())
    }
}

fn list(state: &Mutex<State>, request: &Request) -> MockResponse {
    let param = |name: &str| query_param(request, name);
    let Some(package_type) = param("package_type") else {
        return error(
            400,
            "IOTDA.000006",
            "Invalid input data. package_type is required.",
        );
    };
    let limit = match param("limit").map(|text| text.parse::<usize>()) {
        None => 10,
        Some(Ok(limit)) if (1..=50).contains(&limit) => limit,
        Some(_) => {
            return error(
                400,
                "IOTDA.000017",
                "Invalid input. The specified parameter 'limit' is out of range.",
            );
        }
    };
    let offset = match param("offset").map(|text| text.parse::<usize>()) {
        None => 0,
        Some(Ok(offset)) if offset <= 500 => offset,
        Some(_) => {
            return error(
                400,
                "IOTDA.000006",
                "Invalid input data. offset is out of range.",
            );
        }
    };
    let marker = match param("marker") {
        None => u128::MAX,
        Some(text) if text.len() == 24 => match u128::from_str_radix(&text, 16) {
            Ok(marker) => marker,
            Err(_) => {
                return error(
                    400,
                    "IOTDA.000006",
                    "Invalid input data. marker is invalid.",
                );
            }
        },
        Some(_) => {
            return error(
                400,
                "IOTDA.000006",
                "Invalid input data. marker is invalid.",
            );
        }
    };
    let (app_id, product_id, version) = (param("app_id"), param("product_id"), param("version"));
    let state = lock(state);
    let limit = state.max_page_size.map_or(limit, |max| limit.min(max));
    let matching: Vec<&Record> = state
        .records
        .iter()
        .filter(|record| {
            let info = &record.info;
            info.package_type.as_ref().map(PackageType::as_str) == Some(package_type.as_str())
                && app_id
                    .as_ref()
                    .is_none_or(|id| info.app_id.as_ref() == Some(id))
                && product_id
                    .as_ref()
                    .is_none_or(|id| info.product_id.as_ref() == Some(id))
                && version
                    .as_ref()
                    .is_none_or(|v| info.version.as_ref() == Some(v))
        })
        .collect();
    let page: Vec<&Record> = matching
        .iter()
        .filter(|record| record.marker < marker)
        .skip(offset)
        .take(limit)
        .copied()
        .collect();
    let mut page_info = serde_json::Map::new();
    page_info.insert("count".to_owned(), json!(matching.len()));
    if let Some(last) = page.last() {
        page_info.insert("marker".to_owned(), json!(format!("{:024x}", last.marker)));
    }
    let packages: Vec<&OtaPackageInfo> = page.iter().map(|record| &record.info).collect();
    MockResponse::json(200, &json!({"packages": packages, "page": page_info}))
}

fn show(state: &Mutex<State>, id: &str) -> MockResponse {
    let state = lock(state);
    match state
        .records
        .iter()
        .find(|record| record.info.package_id.as_deref() == Some(id))
    {
        Some(record) => {
            let mut info = record.info.clone();
            info.file_location.get_or_insert_with(|| {
                crate::FileLocation::obs(crate::ObsLocation::new(
                    "cn-north-4",
                    "mock-bucket",
                    format!("packages/{id}.bin"),
                ))
            });
            MockResponse::json(200, &serde_json::to_value(&info).unwrap_or(Value::Null))
        }
        None => not_found(id),
    }
}

fn not_found(id: &str) -> MockResponse {
    error(
        404,
        "IOTDA.MOCK.404",
        &format!("The OTA package {id} does not exist."),
    )
}

fn create(state: &Mutex<State>, request: &Request) -> MockResponse {
    let Ok(mut info) = serde_json::from_slice::<OtaPackageInfo>(&request.body) else {
        return error(
            400,
            "IOTDA.000008",
            "Invalid input. Bad request, for more detail, refer to the error message.",
        );
    };
    let required = [&info.app_id, &info.product_id, &info.version];
    if required.iter().any(|field| field.is_none())
        || info.package_type.is_none()
        || info.file_location.is_none()
    {
        return error(
            400,
            "IOTDA.000006",
            "Invalid input data. A required field is missing.",
        );
    }
    let mut state = lock(state);
    let marker = state.next_marker;
    state.next_marker += 1;
    info.package_id = Some(format!(
        "{:032x}",
        0xc4ea_7e00_0000_0000_0000_0000_0000_0000_u128 + marker
    ));
    info.create_time = OffsetDateTime::now_utc()
        .format(&format_description!(
            "[year][month][day]T[hour][minute][second]Z"
        ))
        .ok()
        .map(Timestamp::parse);
    let body = serde_json::to_value(&info).unwrap_or(Value::Null);
    state.records.insert(0, Record { marker, info });
    MockResponse::json(201, &body)
}

fn delete(state: &Mutex<State>, id: &str) -> MockResponse {
    let mut state = lock(state);
    let before = state.records.len();
    state
        .records
        .retain(|record| record.info.package_id.as_deref() != Some(id));
    if state.records.len() == before {
        return not_found(id);
    }
    MockResponse::empty(204)
}
