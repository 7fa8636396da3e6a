//! A wiremock mock of the OceanBase Cloud API's backup-set and instance calls, for your own
//! tests (feature `test-util`).
//!
//! [`ObCloudMock::start`] serves, on 127.0.0.1:
//!
//! - `GET /api/v2/instances/{instanceId}/backup/data/sets`: the instance's backup sets,
//!   filtered by `startTime`/`endTime` (a set is in range when it *started* within it; the
//!   real filter's semantics are undocumented), paged by `pageNumber` (from 1, default 1) and
//!   `pageSize` (default 10), with the total in `data.total` (or elsewhere, see
//!   [`set_total_field`](ObCloudMock::set_total_field));
//! - `GET …/backup/data/sets/{backupSetId}`: one cluster-level set;
//! - `GET /api/v2/instances`: the instances, filtered by `instanceName` and `instanceId`
//!   (`tagList` and `organizationId` are accepted and ignored).
//!
//! It starts with OceanBase Cloud's documented sample (the fixture
//! `tests/fixtures/list_backup_sets.json`) as the backup sets of instance [`INSTANCE_ID`], and
//! can [generate](ObCloudMock::generate_catalog) any number of sets.
//!
//! Like the real API it checks what it can:
//!
//! - **HTTP Digest**: every request passes a [`DigestVerifier`] for
//!   [`ACCESS_KEY_ID`]/[`ACCESS_KEY_SECRET`] offering MD5 and SHA-256 (qop `auth`), which
//!   challenges, verifies answers, tracks nonce counts and can make nonces stale
//!   ([`verifier`](ObCloudMock::verifier));
//! - `requestId` must be present (400 otherwise) and is echoed in the response's `requestId`;
//! - `startTime`/`endTime` must be in the documented form `2025-12-03T12:57:32Z`,
//!   `pageNumber`/`pageSize` positive integers, `checkBackupSetDownloadEnable` `true` or
//!   `false` (400 otherwise);
//! - an `X-Ob-Project-Id` other than [`PROJECT_ID`] is refused (403); none is accepted.
//!
//! Errors use the documented envelope `{"success":false,"errorCode","errorMessage","requestId"}`
//! (or the `successful`/`message` variant, see [`set_success_field`](ObCloudMock::set_success_field)).
//! OceanBase Cloud documents no codes for these cases: the mock's codes start with `MOCK.`.
//! Faults (an error status, `Retry-After`, a truncated or replaced body, latency) are queued
//! on [`faults`](ObCloudMock::faults), each for one later request — the Digest challenge
//! included: make one call first (which answers the challenge) when a fault should hit the
//! call under test.
//!
//! ```
//! use futures::TryStreamExt as _;
//! use obcloud_client::testing::{INSTANCE_ID, ObCloudMock, TotalField};
//! use pkgruntime::testing::Fault;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), pkgruntime::Error> {
//! let mock = ObCloudMock::start().await;
//! mock.generate_catalog(95);
//! mock.set_total_field(TotalField::TotalCount);
//! mock.faults().push(Fault::status(503).retry_after("0"));
//!
//! let client = mock.client();
//! let all: Vec<_> = client.list_backup_sets(INSTANCE_ID).page_size(20).items().try_collect().await?;
//! assert_eq!(all.len(), 95);
//! assert_eq!(mock.verifier().challenges_sent(), 1);
//! # Ok(()) }
//! ```

use crate::{
    BackupMode, BackupObjectType, BackupSet, BackupSetStatus, DataBackupMode, Instance,
    ObCloudClient, ObCloudClientBuilder, StorageClass, TenantBackupSet, TriggerMode, Validity,
};
use pkgmodel::time::macros::{datetime, format_description};
use pkgmodel::time::{Duration as TimeDuration, OffsetDateTime, PrimitiveDateTime};
use pkgruntime::testing::{
    DigestVerifier, FaultInjector, FaultQueue, MockResponse, query_param, quick_retries,
};
use pkgruntime::{DigestAlgorithm, SecretString};
use serde_json::{Map, Value, json};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use wiremock::{Mock, MockServer, Request, matchers};

/// The AccessKey id the mock accepts (the Digest username).
pub const ACCESS_KEY_ID: &str = "mock-access-key-id";
/// The AccessKey secret the mock accepts (the Digest password).
pub const ACCESS_KEY_SECRET: &str = "mock-access-key-secret";
/// The only project the mock accepts in `X-Ob-Project-Id` (the header may also be absent).
pub const PROJECT_ID: &str = "mock-project";
/// The instance holding the documented sample's backup set.
pub const INSTANCE_ID: &str = "ob7aqvtc4ugv";

/// OceanBase Cloud's documented sample response, verbatim.
pub const SAMPLE_RESPONSE: &str = include_str!("../tests/fixtures/list_backup_sets.json");

/// Which success flag the mock's envelopes carry (both appear in OceanBase's documentation).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum SuccessField {
    /// `success` (and `errorMessage` on errors), as in the documented sample.
    #[default]
    Success,
    /// `successful` (and `message` on errors).
    Successful,
}

/// Where the mock's listings report their total.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum TotalField {
    /// `data.total`, as in the documented sample.
    #[default]
    DataTotal,
    /// The top-level `totalCount` (the Terraform provider's envelope).
    TotalCount,
    /// No total: a client must stop on a short or empty page.
    Absent,
}

/// An instance and its backup sets.
#[derive(Clone, Debug)]
struct MockInstance {
    info: Instance,
    backup_sets: Vec<BackupSet>,
}

#[derive(Debug)]
struct State {
    instances: Vec<MockInstance>,
    success_field: SuccessField,
    total_field: TotalField,
    max_page_size: Option<u32>,
}

/// A running OceanBase Cloud mock; see the [module docs](self).
pub struct ObCloudMock {
    server: MockServer,
    state: Arc<Mutex<State>>,
    faults: FaultQueue,
    verifier: DigestVerifier,
}

impl ObCloudMock {
    /// Starts a mock holding the documented sample, behind [`default_verifier`](Self::default_verifier).
    pub async fn start() -> Self {
        Self::start_with(Self::default_verifier()).await
    }

    /// Starts a mock behind `verifier` — e.g. one offering other algorithms, or nonces that go
    /// stale after a number of uses. It must know [`ACCESS_KEY_ID`]/[`ACCESS_KEY_SECRET`] for
    /// [`client`](Self::client) to get in.
    pub async fn start_with(verifier: DigestVerifier) -> Self {
        let server = MockServer::start().await;
        let state = Arc::new(Mutex::new(State {
            instances: vec![MockInstance {
                info: sample_instance(),
                backup_sets: Self::sample(),
            }],
            success_field: SuccessField::default(),
            total_field: TotalField::default(),
            max_page_size: None,
        }));
        let faults = FaultQueue::new();
        let handler_state = Arc::clone(&state);
        let handler = move |request: &Request| handle(&handler_state, request);
        Mock::given(matchers::any())
            .respond_with(FaultInjector::new(
                verifier.protect(handler),
                faults.clone(),
            ))
            .mount(&server)
            .await;
        Self {
            server,
            state,
            faults,
            verifier,
        }
    }

    /// The verifier [`start`](Self::start) uses: [`ACCESS_KEY_ID`]/[`ACCESS_KEY_SECRET`],
    /// realm `api`, MD5 and SHA-256 offered in separate headers, nonces that never expire.
    pub fn default_verifier() -> DigestVerifier {
        DigestVerifier::new(ACCESS_KEY_ID, SecretString::from(ACCESS_KEY_SECRET))
            .algorithms([DigestAlgorithm::Md5, DigestAlgorithm::Sha256])
    }

    /// The backup sets of the documented sample response (one cluster-level set with one
    /// tenant set).
    pub fn sample() -> Vec<BackupSet> {
        let envelope: Value = serde_json::from_str(SAMPLE_RESPONSE).unwrap_or(Value::Null);
        let list = envelope
            .pointer("/data/dataList")
            .cloned()
            .unwrap_or(Value::Null);
        serde_json::from_value(list).unwrap_or_default()
    }

    /// The mock's base URL (`http://127.0.0.1:<port>`).
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// A client builder for this mock with its AccessKey pair and quick retries (1–20 ms),
    /// ready for further settings.
    pub fn client_builder(&self) -> ObCloudClientBuilder {
        ObCloudClient::builder()
            .endpoint(self.uri())
            .access_key(ACCESS_KEY_ID, ACCESS_KEY_SECRET)
            .retry(quick_retries())
    }

    /// A client for this mock (see [`client_builder`](Self::client_builder)).
    pub fn client(&self) -> ObCloudClient {
        self.client_builder()
            .build()
            .unwrap_or_else(|error| unreachable!("the mock's own settings are valid: {error}"))
    }

    /// The Digest verifier guarding the mock: its counters (`challenges_sent`,
    /// `stale_challenges_sent`, `accepted`, `rejections`) and `make_stale`.
    pub fn verifier(&self) -> &DigestVerifier {
        &self.verifier
    }

    /// The fault queue: each queued fault applies to one later request.
    pub fn faults(&self) -> &FaultQueue {
        &self.faults
    }

    /// Replaces [`INSTANCE_ID`]'s backup sets with `count` generated ones: `bak-mock000000`,
    /// `bak-mock000001`, …, one a day from 2025-01-01T00:00:00Z, each with one or two tenant
    /// sets, a size of 0.25 to 2 GiB, and a download task on every third.
    pub fn generate_catalog(&self, count: usize) {
        self.set_backup_sets(INSTANCE_ID, (0..count).map(generated).collect());
    }

    /// Replaces `instance_id`'s backup sets (adding the instance if the mock lacks it).
    pub fn set_backup_sets(&self, instance_id: &str, backup_sets: Vec<BackupSet>) {
        let mut state = self.lock();
        match state
            .instances
            .iter_mut()
            .find(|instance| instance.info.instance_id.as_deref() == Some(instance_id))
        {
            Some(instance) => instance.backup_sets = backup_sets,
            None => state.instances.push(MockInstance {
                info: Instance::new(instance_id),
                backup_sets,
            }),
        }
    }

    /// `instance_id`'s backup sets, as the mock holds them.
    pub fn backup_sets(&self, instance_id: &str) -> Vec<BackupSet> {
        self.lock()
            .instances
            .iter()
            .find(|instance| instance.info.instance_id.as_deref() == Some(instance_id))
            .map(|instance| instance.backup_sets.clone())
            .unwrap_or_default()
    }

    /// Keeps [`INSTANCE_ID`] and replaces every other instance with `count` generated ones
    /// (`ob-mock-0000`, …, named `cluster-0`, …), without backup sets.
    pub fn generate_instances(&self, count: usize) {
        let mut state = self.lock();
        state
            .instances
            .retain(|instance| instance.info.instance_id.as_deref() == Some(INSTANCE_ID));
        state.instances.extend((0..count).map(|index| MockInstance {
            info: generated_instance(index),
            backup_sets: Vec::new(),
        }));
    }

    /// The instances, as the mock holds them.
    pub fn instances(&self) -> Vec<Instance> {
        self.lock()
            .instances
            .iter()
            .map(|instance| instance.info.clone())
            .collect()
    }

    /// Which success flag the envelopes carry from now on (default `success`).
    pub fn set_success_field(&self, field: SuccessField) {
        self.lock().success_field = field;
    }

    /// Where listings report their total from now on (default `data.total`).
    pub fn set_total_field(&self, field: TotalField) {
        self.lock().total_field = field;
    }

    /// Serves at most `size` items per page, whatever `pageSize` asks for, without saying so
    /// — as a server with an undocumented maximum page size may (default: no limit).
    pub fn set_max_page_size(&self, size: Option<u32>) {
        self.lock().max_page_size = size;
    }

    /// Every request the mock has received (the challenged ones included).
    pub async fn received_requests(&self) -> Vec<Request> {
        self.server.received_requests().await.unwrap_or_default()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }
}

impl std::fmt::Debug for ObCloudMock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ObCloudMock")
            .field("uri", &self.uri())
            .field("verifier", &self.verifier)
            .field("faults", &self.faults)
            .finish_non_exhaustive()
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The instance holding the sample (its fields are the mock's own, not documented values).
fn sample_instance() -> Instance {
    let mut instance = Instance::new(INSTANCE_ID);
    instance.instance_name = Some("sample-cluster".to_owned());
    instance.status = Some("ONLINE".to_owned());
    instance.version = Some("4.2.1".to_owned());
    instance.cloud_provider = Some("ALIYUN".to_owned());
    instance.region = Some("cn-hangzhou".to_owned());
    instance.create_time = Some("2025-11-01T08:00:00Z".to_owned());
    instance
}

fn generated_instance(index: usize) -> Instance {
    let mut instance = Instance::new(format!("ob-mock-{index:04}"));
    instance.instance_name = Some(format!("cluster-{index}"));
    instance.status = Some("ONLINE".to_owned());
    instance.version = Some("4.2.1".to_owned());
    let providers = ["ALIYUN", "AWS", "HUAWEI"];
    let provider = providers.get(index % providers.len()).copied();
    instance.cloud_provider = provider.map(str::to_owned);
    instance.region = Some("ap-southeast-1".to_owned());
    instance
}

/// Backup set `index` of a generated catalogue.
fn generated(index: usize) -> BackupSet {
    let day = i64::try_from(index).unwrap_or(i64::MAX);
    let start = datetime!(2025-01-01 0:00 UTC).saturating_add(TimeDuration::days(day));
    let minutes = i64::try_from(index % 5).unwrap_or(0);
    let end = start + TimeDuration::minutes(3 + minutes);
    let id = format!("bak-mock{index:06}");
    #[allow(clippy::cast_precision_loss)] // small numbers
    let gib = (index % 8 + 1) as f64 * 0.25;
    let mut set = BackupSet::new(&id);
    set.backup_mode = Some(BackupMode::PhysicalBackup);
    set.backup_object_type = Some(BackupObjectType::Cluster);
    set.checkpoint = Some(start + TimeDuration::minutes(2));
    set.data_backup_mode = Some(DataBackupMode::FullBackup);
    set.data_backup_size_gib = Some(gib);
    set.data_version = Some(1);
    set.download_enabled = Some(index.is_multiple_of(2));
    set.download_task_id = index.is_multiple_of(3).then(|| 1_000 + day);
    set.status = Some(BackupSetStatus::Done);
    set.start_time = Some(start);
    set.end_time = Some(end);
    set.storage_class = Some(StorageClass::Standard);
    set.tenant_id = Some(crate::PLACEHOLDER_TENANT_ID.to_owned());
    set.tenant_name = Some(crate::PLACEHOLDER_TENANT_NAME.to_owned());
    set.trigger_mode = Some(TriggerMode::BackupNow);
    set.validity = Some(Validity::Valid);
    set.tenant_backup_sets = (0..=index % 2)
        .map(|tenant| {
            let mut tenant_set = TenantBackupSet::new(format!("{id}-{}", 1002 + tenant));
            tenant_set.backup_mode.clone_from(&set.backup_mode);
            tenant_set.backup_object_type = Some(BackupObjectType::Tenant);
            tenant_set.checkpoint = set.checkpoint;
            tenant_set
                .data_backup_mode
                .clone_from(&set.data_backup_mode);
            tenant_set.data_backup_size_gib = Some(gib / 2.0);
            tenant_set.data_version = Some(123_000_325);
            tenant_set.download_enabled = set.download_enabled;
            tenant_set.download_task_id = set.download_task_id;
            tenant_set.status.clone_from(&set.status);
            tenant_set.start_time = Some(start + TimeDuration::seconds(12));
            tenant_set.end_time = Some(end - TimeDuration::seconds(25));
            tenant_set.storage_class.clone_from(&set.storage_class);
            tenant_set.tenant_id = Some(format!("t-mock-tenant-{tenant}"));
            tenant_set.tenant_name = Some(format!("tenant_{tenant}"));
            tenant_set.trigger_mode.clone_from(&set.trigger_mode);
            tenant_set.validity.clone_from(&set.validity);
            tenant_set
        })
        .collect();
    set
}

/// What every response of one request shares: the echoed request id and the envelope style.
struct Reply {
    request_id: String,
    success_field: SuccessField,
    total_field: TotalField,
}

impl Reply {
    fn success(&self, data: Value, total: Option<u64>) -> MockResponse {
        let mut body = Map::new();
        let mut data = data;
        match (self.total_field, total, &mut data) {
            (TotalField::DataTotal, Some(total), Value::Object(object)) => {
                object.insert("total".to_owned(), json!(total));
            }
            (TotalField::TotalCount, Some(total), _) => {
                body.insert("totalCount".to_owned(), json!(total));
            }
            _ => {}
        }
        body.insert("data".to_owned(), data);
        body.insert("requestId".to_owned(), json!(self.request_id));
        body.insert(self.flag().to_owned(), json!(true));
        body.insert("cost".to_owned(), json!(1));
        body.insert("server".to_owned(), json!("obcloud-mock"));
        MockResponse::json(200, &Value::Object(body))
    }

    fn error(&self, status: u16, code: &str, message: &str) -> MockResponse {
        let message_key = match self.success_field {
            SuccessField::Success => "errorMessage",
            SuccessField::Successful => "message",
        };
        let mut body = Map::new();
        body.insert(self.flag().to_owned(), json!(false));
        body.insert("errorCode".to_owned(), json!(code));
        body.insert(message_key.to_owned(), json!(message));
        body.insert("requestId".to_owned(), json!(self.request_id));
        body.insert("cost".to_owned(), json!(1));
        MockResponse::json(status, &Value::Object(body))
    }

    fn flag(&self) -> &'static str {
        match self.success_field {
            SuccessField::Success => "success",
            SuccessField::Successful => "successful",
        }
    }
}

/// Routes one authenticated request.
fn handle(state: &Mutex<State>, request: &Request) -> MockResponse {
    let sent_id = query_param(request, "requestId");
    let reply = {
        let state = lock(state);
        Reply {
            request_id: sent_id
                .clone()
                .filter(|id| !id.is_empty())
                .unwrap_or_else(|| uuid::Uuid::new_v4().to_string()),
            success_field: state.success_field,
            total_field: state.total_field,
        }
    };
    let project = request
        .headers
        .get("x-ob-project-id")
        .map(|value| value.to_str().unwrap_or_default().to_owned());
    if project
        .as_deref()
        .is_some_and(|project| project != PROJECT_ID)
    {
        return reply.error(
            403,
            "MOCK.ProjectNotFound",
            "The project does not exist or is not yours.",
        );
    }
    let path = request.url.path().to_owned();
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let known = matches!(
        (request.method.as_str(), segments.as_slice()),
        (
            "GET",
            ["api", "v2", "instances"]
                | ["api", "v2", "instances", _, "backup", "data", "sets", ..]
        )
    );
    if !known {
        return reply.error(
            404,
            "MOCK.NotFound",
            &format!("No such API: {} {path}", request.method),
        );
    }
    if sent_id.is_none() {
        return reply.error(
            400,
            "MOCK.MissingParameter",
            "Required parameter requestId is missing.",
        );
    }
    match segments.as_slice() {
        ["api", "v2", "instances"] => list_instances(state, request, &reply),
        ["api", "v2", "instances", instance, "backup", "data", "sets"] => {
            list_backup_sets(state, request, &reply, instance)
        }
        [
            "api",
            "v2",
            "instances",
            instance,
            "backup",
            "data",
            "sets",
            id,
        ] => get_backup_set(state, request, &reply, instance, id),
        _ => reply.error(404, "MOCK.NotFound", &format!("No such API: GET {path}")),
    }
}

/// `pageNumber` and `pageSize`, checked, the size capped at the configured maximum.
fn paging(state: &State, request: &Request, reply: &Reply) -> Result<(usize, usize), MockResponse> {
    let number = |name: &str, default: usize| match query_param(request, name) {
        None => Ok(default),
        Some(text) => text
            .parse::<usize>()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| {
                reply.error(
                    400,
                    "MOCK.InvalidParameter",
                    &format!("{name} must be a positive integer (got {text:?})."),
                )
            }),
    };
    let page = number("pageNumber", 1)?;
    let mut size = number("pageSize", 10)?;
    if let Some(max) = state.max_page_size {
        size = size.min(usize::try_from(max).unwrap_or(usize::MAX).max(1));
    }
    Ok((page, size))
}

/// One page of `items`.
fn page_of<T: Clone>(items: &[T], page: usize, size: usize) -> Vec<T> {
    items
        .iter()
        .skip(page.saturating_sub(1).saturating_mul(size))
        .take(size)
        .cloned()
        .collect()
}

/// A documented-form time parameter, if present.
fn time_param(
    request: &Request,
    name: &str,
    reply: &Reply,
) -> Result<Option<OffsetDateTime>, MockResponse> {
    let Some(text) = query_param(request, name) else {
        return Ok(None);
    };
    PrimitiveDateTime::parse(
        &text,
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z"),
    )
    .map(|time| Some(time.assume_utc()))
    .map_err(|_| {
        reply.error(
            400,
            "MOCK.InvalidParameter",
            &format!("{name} must look like 2025-12-03T12:57:32Z (got {text:?})."),
        )
    })
}

fn list_backup_sets(
    state: &Mutex<State>,
    request: &Request,
    reply: &Reply,
    instance_id: &str,
) -> MockResponse {
    let (start, end) = match (
        time_param(request, "startTime", reply),
        time_param(request, "endTime", reply),
    ) {
        (Ok(start), Ok(end)) => (start, end),
        (Err(response), _) | (_, Err(response)) => return response,
    };
    if let Some(check) = query_param(request, "checkBackupSetDownloadEnable")
        && check != "true"
        && check != "false"
    {
        return reply.error(
            400,
            "MOCK.InvalidParameter",
            "checkBackupSetDownloadEnable must be true or false.",
        );
    }
    let state = lock(state);
    let (page, size) = match paging(&state, request, reply) {
        Ok(paging) => paging,
        Err(response) => return response,
    };
    let Some(instance) = find_instance(&state, instance_id) else {
        return instance_not_found(reply, instance_id);
    };
    let selected: Vec<&BackupSet> = instance
        .backup_sets
        .iter()
        .filter(|set| {
            let started = set.start_time;
            start.is_none_or(|start| started.is_some_and(|time| time >= start))
                && end.is_none_or(|end| started.is_some_and(|time| time <= end))
        })
        .collect();
    let rows = page_of(&selected, page, size);
    let data = json!({ "dataList": rows });
    reply.success(data, Some(selected.len() as u64))
}

fn get_backup_set(
    state: &Mutex<State>,
    request: &Request,
    reply: &Reply,
    instance_id: &str,
    id: &str,
) -> MockResponse {
    if let Some(check) = query_param(request, "checkBackupSetDownloadEnable")
        && check != "true"
        && check != "false"
    {
        return reply.error(
            400,
            "MOCK.InvalidParameter",
            "checkBackupSetDownloadEnable must be true or false.",
        );
    }
    let state = lock(state);
    let Some(instance) = find_instance(&state, instance_id) else {
        return instance_not_found(reply, instance_id);
    };
    match instance
        .backup_sets
        .iter()
        .find(|set| set.backup_set_id.as_deref() == Some(id))
    {
        Some(set) => reply.success(serde_json::to_value(set).unwrap_or(Value::Null), None),
        None => reply.error(
            404,
            "MOCK.BackupSetNotFound",
            &format!("The backup set {id} does not exist."),
        ),
    }
}

fn list_instances(state: &Mutex<State>, request: &Request, reply: &Reply) -> MockResponse {
    let state = lock(state);
    let (page, size) = match paging(&state, request, reply) {
        Ok(paging) => paging,
        Err(response) => return response,
    };
    let (name, id) = (
        query_param(request, "instanceName"),
        query_param(request, "instanceId"),
    );
    let selected: Vec<&Instance> = state
        .instances
        .iter()
        .map(|instance| &instance.info)
        .filter(|info| {
            name.as_ref()
                .is_none_or(|name| info.instance_name.as_ref() == Some(name))
                && id
                    .as_ref()
                    .is_none_or(|id| info.instance_id.as_ref() == Some(id))
        })
        .collect();
    let rows = page_of(&selected, page, size);
    reply.success(json!({ "dataList": rows }), Some(selected.len() as u64))
}

fn find_instance<'a>(state: &'a State, instance_id: &str) -> Option<&'a MockInstance> {
    state
        .instances
        .iter()
        .find(|instance| instance.info.instance_id.as_deref() == Some(instance_id))
}

fn instance_not_found(reply: &Reply, instance_id: &str) -> MockResponse {
    reply.error(
        404,
        "MOCK.InstanceNotFound",
        &format!("The instance {instance_id} does not exist."),
    )
}
