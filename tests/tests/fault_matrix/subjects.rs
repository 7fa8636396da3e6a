//! The clients under test: each vendor's list operation against its test-util mock, behind
//! one interface, so every fault runs through every client the same way.

use async_trait::async_trait;
use futures::TryStreamExt as _;
use pkgsdk::testing::{AppStoreMock, FaultQueue, IotdaMock, ObCloudMock, OcpMock};
use pkgsdk::{Error, Timeouts};
use serde_json::{Value, json};
use std::time::Duration;

/// How one listing is run.
#[derive(Default)]
pub struct Run {
    /// Another endpoint than the mock's (the cutting proxy).
    pub endpoint: Option<String>,
    /// A shorter attempt time-out than the default.
    pub attempt_timeout: Option<Duration>,
    /// Pages fetched at once (0 or 1: sequential).
    pub concurrency: usize,
}

/// One listed item: its id and the value of the enum field the matrix rewrites.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Listed {
    pub id: String,
    pub enum_value: Option<String>,
}

/// A client and its mock.
#[async_trait]
pub trait Subject: Send + Sync {
    /// The column name.
    fn name(&self) -> &'static str;
    /// The mock's base URL.
    fn uri(&self) -> String;
    /// The mock's fault queue.
    fn faults(&self) -> &FaultQueue;
    /// Replaces the mock's data with `count` generated items.
    fn generate(&self, count: usize);
    /// Serves at most `size` items per page whatever is asked, as the vendor's server
    /// reports it (`None`: the mock's default).
    fn cap_pages(&self, size: Option<u32>);
    /// JSON pointer to the items array in a list response.
    fn items_pointer(&self) -> &'static str;
    /// JSON pointer, inside one item, to a field whose type the decoder checks strictly,
    /// and the path a decode error names for it on the first item.
    fn strict_field(&self) -> (&'static str, &'static str);
    /// JSON pointer, inside one item, to the field a listing cannot do without.
    fn required_field(&self) -> &'static str;
    /// JSON pointer, inside one item, to an enum field.
    fn enum_field(&self) -> &'static str;
    /// The vendor's error envelope for `status`.
    fn error_body(&self, status: u16) -> Vec<u8>;
    /// The largest page size the client accepts (for the clean listing).
    fn max_page_size(&self) -> u32;
    /// Every item as the mock serves it in a list response (for the oversized page).
    fn raw_items(&self) -> Vec<Value>;
    /// Lists every item: builds a client for `run`, makes any warm-up call (so that the
    /// faults hit the listing), calls `arm`, then lists with `page_size` items per page.
    async fn list(
        &self,
        run: &Run,
        page_size: u32,
        arm: &(dyn Fn() + Sync),
    ) -> Result<Vec<Listed>, Error>;
}

fn timeouts(run: &Run) -> Timeouts {
    match run.attempt_timeout {
        Some(attempt) => Timeouts::default().attempt(attempt),
        None => Timeouts::default(),
    }
}

fn display(value: Option<impl ToString>) -> Option<String> {
    value.map(|value| value.to_string())
}

// --- OCP ---------------------------------------------------------------------------------

pub struct Ocp(pub OcpMock);

#[async_trait]
impl Subject for Ocp {
    fn max_page_size(&self) -> u32 {
        2_000
    }
    fn raw_items(&self) -> Vec<Value> {
        self.0
            .catalog()
            .iter()
            .map(|item| serde_json::to_value(item).unwrap())
            .collect()
    }
    fn name(&self) -> &'static str {
        "OCP"
    }
    fn uri(&self) -> String {
        self.0.uri()
    }
    fn faults(&self) -> &FaultQueue {
        self.0.faults()
    }
    fn generate(&self, count: usize) {
        self.0.generate_catalog(count);
    }
    fn cap_pages(&self, size: Option<u32>) {
        self.0
            .set_max_page_size(size.unwrap_or(pkgsdk::ocp::MAX_PAGE_SIZE));
    }
    fn items_pointer(&self) -> &'static str {
        "/data/contents"
    }
    fn strict_field(&self) -> (&'static str, &'static str) {
        ("/name", "data.contents[0].name")
    }
    fn required_field(&self) -> &'static str {
        "/id"
    }
    fn enum_field(&self) -> &'static str {
        "/type"
    }
    fn error_body(&self, status: u16) -> Vec<u8> {
        let code = if status == 401 { 30000 } else { 30014 };
        json!({"successful": false, "status": status, "traceId": "trace-1",
               "error": {"code": code, "message": "Access denied by the fault matrix"}})
        .to_string()
        .into_bytes()
    }
    async fn list(
        &self,
        run: &Run,
        page_size: u32,
        arm: &(dyn Fn() + Sync),
    ) -> Result<Vec<Listed>, Error> {
        let mut builder = self.0.client_builder().timeouts(timeouts(run));
        if let Some(endpoint) = &run.endpoint {
            builder = builder.endpoint(endpoint);
        }
        let client = builder.build()?;
        arm();
        client
            .list_software_packages()
            .page_size(page_size)
            .concurrency(run.concurrency)
            .items()
            .map_ok(|package| Listed {
                id: package.id.to_string(),
                enum_value: display(package.package_type),
            })
            .try_collect()
            .await
    }
}

// --- IoTDA -------------------------------------------------------------------------------

pub struct Iotda(pub IotdaMock);

#[async_trait]
impl Subject for Iotda {
    fn max_page_size(&self) -> u32 {
        50
    }
    fn raw_items(&self) -> Vec<Value> {
        self.0
            .catalog()
            .iter()
            .filter(|item| item.package_type == Some(pkgsdk::iotda::PackageType::FirmwarePackage))
            .map(|item| serde_json::to_value(item).unwrap())
            .collect()
    }
    fn name(&self) -> &'static str {
        "IoTDA"
    }
    fn uri(&self) -> String {
        self.0.uri()
    }
    fn faults(&self) -> &FaultQueue {
        self.0.faults()
    }
    fn generate(&self, count: usize) {
        // The mock splits its catalogue between software and firmware; the matrix lists
        // firmware, so it generates twice as many.
        self.0.generate_catalog(count * 2);
    }
    fn cap_pages(&self, size: Option<u32>) {
        self.0.set_max_page_size(size.map(|size| size as usize));
    }
    fn items_pointer(&self) -> &'static str {
        "/packages"
    }
    fn strict_field(&self) -> (&'static str, &'static str) {
        ("/version", "packages[0].version")
    }
    fn required_field(&self) -> &'static str {
        "/package_id"
    }
    fn enum_field(&self) -> &'static str {
        "/package_type"
    }
    fn error_body(&self, status: u16) -> Vec<u8> {
        let code = if status == 401 {
            "IOTDA.000002"
        } else {
            "IOTDA.000004"
        };
        json!({"error_code": code, "error_msg": "Access denied by the fault matrix"})
            .to_string()
            .into_bytes()
    }
    async fn list(
        &self,
        run: &Run,
        page_size: u32,
        arm: &(dyn Fn() + Sync),
    ) -> Result<Vec<Listed>, Error> {
        use pkgsdk::iotda::testing::{ACCESS_KEY_ID, ACCESS_KEY_SECRET};
        let mut builder = self
            .0
            .client_builder()
            .access_key(ACCESS_KEY_ID, ACCESS_KEY_SECRET)
            .timeouts(timeouts(run));
        if let Some(endpoint) = &run.endpoint {
            builder = builder.endpoint(endpoint.clone());
        }
        let client = builder.build()?;
        arm();
        client
            .list_ota_packages(pkgsdk::iotda::PackageType::FirmwarePackage)
            .page_size(page_size)
            .concurrency(run.concurrency)
            .items()
            .map_ok(|package| Listed {
                id: package.package_id.unwrap_or_default(),
                enum_value: display(package.package_type),
            })
            .try_collect()
            .await
    }
}

// --- Oracle Marketplace ------------------------------------------------------------------

pub struct AppStore(pub AppStoreMock);

#[async_trait]
impl Subject for AppStore {
    fn max_page_size(&self) -> u32 {
        100
    }
    fn raw_items(&self) -> Vec<Value> {
        self.0
            .applications()
            .iter()
            .map(|item| json!({ "listingSummary": item }))
            .collect()
    }
    fn name(&self) -> &'static str {
        "Oracle"
    }
    fn uri(&self) -> String {
        self.0.uri()
    }
    fn faults(&self) -> &FaultQueue {
        self.0.faults()
    }
    fn generate(&self, count: usize) {
        self.0.generate_catalog(count);
        // `hasMore` and `totalResults`, so that an empty page can still signal more.
        self.0.set_report_totals(true);
    }
    fn cap_pages(&self, size: Option<u32>) {
        self.0.set_max_page_size(size);
    }
    fn items_pointer(&self) -> &'static str {
        "/items"
    }
    fn strict_field(&self) -> (&'static str, &'static str) {
        ("/listingSummary/name", "items[0].listingSummary.name")
    }
    fn required_field(&self) -> &'static str {
        "/listingSummary/listingVersionId"
    }
    fn enum_field(&self) -> &'static str {
        "/listingSummary/status"
    }
    fn error_body(&self, _status: u16) -> Vec<u8> {
        json!({"code": "NotAuthorized", "message": "Access denied by the fault matrix"})
            .to_string()
            .into_bytes()
    }
    async fn list(
        &self,
        run: &Run,
        page_size: u32,
        arm: &(dyn Fn() + Sync),
    ) -> Result<Vec<Listed>, Error> {
        let mut builder = self.0.client_builder().timeouts(timeouts(run));
        if let Some(endpoint) = &run.endpoint {
            builder = builder.endpoint(endpoint);
        }
        let client = builder.build()?;
        // The token call goes first, so that the faults hit the listing.
        client.token_cache().token().await?;
        arm();
        client
            .list_applications()
            .page_size(page_size)
            .concurrency(run.concurrency)
            .items()
            .map_ok(|application| Listed {
                id: display(application.listing_version_id).unwrap_or_default(),
                enum_value: application
                    .listing_status()
                    .map(|status| status.to_string()),
            })
            .try_collect()
            .await
    }
}

// --- OceanBase Cloud ---------------------------------------------------------------------

pub struct ObCloud(pub ObCloudMock);

#[async_trait]
impl Subject for ObCloud {
    fn max_page_size(&self) -> u32 {
        1_000
    }
    fn raw_items(&self) -> Vec<Value> {
        self.0
            .backup_sets(pkgsdk::obcloud::testing::INSTANCE_ID)
            .iter()
            .map(|item| serde_json::to_value(item).unwrap())
            .collect()
    }
    fn name(&self) -> &'static str {
        "OceanBase Cloud"
    }
    fn uri(&self) -> String {
        self.0.uri()
    }
    fn faults(&self) -> &FaultQueue {
        self.0.faults()
    }
    fn generate(&self, count: usize) {
        self.0.generate_catalog(count);
    }
    fn cap_pages(&self, size: Option<u32>) {
        self.0.set_max_page_size(size);
    }
    fn items_pointer(&self) -> &'static str {
        "/data/dataList"
    }
    fn strict_field(&self) -> (&'static str, &'static str) {
        ("/tenantName", "data.dataList[0].tenantName")
    }
    fn required_field(&self) -> &'static str {
        "/backupSetId"
    }
    fn enum_field(&self) -> &'static str {
        "/status"
    }
    fn error_body(&self, status: u16) -> Vec<u8> {
        let code = if status == 401 {
            "Unauthorized"
        } else {
            "Forbidden"
        };
        json!({"success": false, "errorCode": code,
               "errorMessage": "Access denied by the fault matrix", "requestId": "r-1"})
        .to_string()
        .into_bytes()
    }
    async fn list(
        &self,
        run: &Run,
        page_size: u32,
        arm: &(dyn Fn() + Sync),
    ) -> Result<Vec<Listed>, Error> {
        use pkgsdk::obcloud::testing::INSTANCE_ID;
        let mut builder = self.0.client_builder().timeouts(timeouts(run));
        if let Some(endpoint) = &run.endpoint {
            builder = builder.endpoint(endpoint);
        }
        let client = builder.build()?;
        // One call answers the Digest challenge, so that the faults hit the listing.
        client.list_instances().page_size(1).send().await?;
        arm();
        client
            .list_backup_sets(INSTANCE_ID)
            .page_size(page_size)
            .concurrency(run.concurrency)
            .items()
            .map_ok(|set| Listed {
                id: set.backup_set_id.unwrap_or_default(),
                enum_value: display(set.status),
            })
            .try_collect()
            .await
    }
}

/// Every subject, each with a fresh mock.
pub async fn all() -> Vec<Box<dyn Subject>> {
    vec![
        Box::new(Ocp(OcpMock::start().await)),
        Box::new(Iotda(IotdaMock::start().await)),
        Box::new(AppStore(AppStoreMock::start().await)),
        Box::new(ObCloud(ObCloudMock::start().await)),
    ]
}

/// The items array of a list response at `pointer`, for rewriting.
pub fn items_mut<'a>(body: &'a mut Value, pointer: &str) -> Option<&'a mut Vec<Value>> {
    body.pointer_mut(pointer).and_then(Value::as_array_mut)
}
