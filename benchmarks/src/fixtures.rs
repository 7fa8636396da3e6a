//! The catalogues the benchmarks list, built deterministically and serialised once: OCP
//! software packages (page-number paging), IoTDA OTA packages (marker paging), and
//! OceanBase Cloud backup sets (page-number paging behind Digest).
//!
//! A [`Catalogue`] holds a pool of pre-serialised item arrays, one page each. A page body is
//! that array between a small per-page prefix and suffix (page number, totals, the next
//! marker), so the page server does no JSON work per request. A catalogue larger than its
//! pool (the million-item streaming run) serves the pool's pages again with the right page
//! numbers and markers: the items repeat, the paging does not.
//!
//! Items look like the vendor mocks' generated ones (`ocp_client::testing`,
//! `iotda_client::testing`): every field filled, as real catalogues have them.

use crate::Result;
use pkgmodel::time::{Duration as TimeDuration, OffsetDateTime};
use pkgsdk::iotda::{OtaPackageInfo, PackageType, Timestamp};
use pkgsdk::ocp::{SoftwarePackageMeta, SoftwarePackageType};
use serde_json::{Value, json};

/// The path of OCP's software-package listing.
pub const OCP_PATH: &str = "/api/v2/software-packages";

/// The IoTDA project the benchmarks list.
pub const IOTDA_PROJECT: &str = "f7c6d2b1a0e94c8f9b3a2d1c0e9f8a7b";

/// The marker of the newest IoTDA record; record `i` (newest first) has marker
/// `IOTDA_BASE_MARKER - i`, printed as 24 hex digits.
const IOTDA_BASE_MARKER: u128 = 0x5c90_fa7d_3c4e_4405_e852_5079;

/// Which API a catalogue is served as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Api {
    /// OCP: `GET /api/v2/software-packages?page=…&size=…`, nested page info.
    Ocp,
    /// IoTDA: `GET /v5/iot/{project}/ota-upgrades/packages?limit=…&marker=…`.
    Iotda,
}

impl Api {
    /// The name used on the page server's command line.
    pub fn name(self) -> &'static str {
        match self {
            Self::Ocp => "ocp",
            Self::Iotda => "iotda",
        }
    }

    /// The API named `name`.
    pub fn from_name(name: &str) -> Result<Self> {
        match name {
            "ocp" => Ok(Self::Ocp),
            "iotda" => Ok(Self::Iotda),
            other => Err(format!("unknown API {other:?} (ocp or iotda)").into()),
        }
    }
}

/// A response body: a per-page prefix and suffix around a pre-serialised item array.
#[derive(Debug)]
pub struct PageBody<'a> {
    /// Everything before the items.
    pub prefix: String,
    /// The JSON array of the page's items.
    pub items: &'a [u8],
    /// Everything after the items.
    pub suffix: String,
}

impl PageBody<'_> {
    /// The body's length in bytes.
    pub fn len(&self) -> usize {
        self.prefix.len() + self.items.len() + self.suffix.len()
    }
}

/// A catalogue of `total` items in pages of `page_size`, served as `api`.
#[derive(Debug)]
pub struct Catalogue {
    api: Api,
    total: u64,
    page_size: u32,
    /// The serialised item arrays of the first `pool.len()` pages.
    pool: Vec<Vec<u8>>,
}

impl Catalogue {
    /// Builds the catalogue, serialising up to `pool_pages` distinct pages. `total` must be
    /// a multiple of `page_size`.
    pub fn build(api: Api, total: u64, page_size: u32, pool_pages: u64) -> Result<Self> {
        let size = u64::from(page_size);
        if size == 0 || !total.is_multiple_of(size) {
            return Err(format!("{total} items do not fill pages of {page_size}").into());
        }
        let pages = (total / size).min(pool_pages.max(1));
        let pool = (0..pages)
            .map(|page| {
                let indexes = page * size..(page + 1) * size;
                match api {
                    Api::Ocp => serde_json::to_vec(&indexes.map(ocp_package).collect::<Vec<_>>()),
                    Api::Iotda => {
                        serde_json::to_vec(&indexes.map(iotda_package).collect::<Vec<_>>())
                    }
                }
            })
            .collect::<Result<_, _>>()?;
        Ok(Self {
            api,
            total,
            page_size,
            pool,
        })
    }

    /// How many pages the catalogue has.
    pub fn pages(&self) -> u64 {
        self.total / u64::from(self.page_size)
    }

    /// The body answering request-target `target` (path and query), or `None` for a path
    /// this API does not serve.
    pub fn respond(&self, target: &str) -> Option<PageBody<'_>> {
        let (path, _) = target.split_once('?').unwrap_or((target, ""));
        match self.api {
            Api::Ocp if path == OCP_PATH => {
                let page = query_param(target, "page")
                    .and_then(|page| page.parse().ok())
                    .unwrap_or(1_u64);
                Some(self.ocp_page(page))
            }
            Api::Iotda if path.ends_with("/ota-upgrades/packages") => {
                Some(self.iotda_page(query_param(target, "marker")))
            }
            _ => None,
        }
    }

    /// The item array of page `index` (0-based), or an empty one past the end.
    fn items(&self, index: u64) -> &[u8] {
        if index >= self.pages() {
            return b"[]";
        }
        let slot = usize::try_from(index % self.pool.len().max(1) as u64).unwrap_or(0);
        self.pool.get(slot).map_or(b"[]", Vec::as_slice)
    }

    /// OCP's envelope for page `page` (1-based), page info nested as in OCP's sample.
    fn ocp_page(&self, page: u64) -> PageBody<'_> {
        let page = page.max(1);
        let (total, size, pages) = (self.total, self.page_size, self.pages());
        PageBody {
            prefix: r#"{"data":{"contents":"#.to_owned(),
            items: self.items(page - 1),
            suffix: format!(
                r#","page":{{"number":{page},"size":{size},"totalElements":{total},"totalPages":{pages}}}}},"duration":1,"server":"bench","status":200,"successful":true,"timestamp":"2021-08-24T21:15:45.533+08:00","traceId":"{page:016x}"}}"#
            ),
        }
    }

    /// IoTDA's body for the page after `marker` (the first page without one).
    fn iotda_page(&self, marker: Option<&str>) -> PageBody<'_> {
        let size = u64::from(self.page_size);
        let index = match marker.and_then(|marker| u128::from_str_radix(marker, 16).ok()) {
            // The marker of record `last`: the page starts after it.
            Some(marker) if marker <= IOTDA_BASE_MARKER => {
                let last = u64::try_from(IOTDA_BASE_MARKER - marker).unwrap_or(u64::MAX);
                last.saturating_add(1) / size
            }
            _ => 0,
        };
        let items = self.items(index);
        let count = self.total;
        let suffix = if index < self.pages() {
            let last = u128::from((index + 1) * size - 1);
            let marker = IOTDA_BASE_MARKER - last;
            format!(r#","page":{{"count":{count},"marker":"{marker:024x}"}}}}"#)
        } else {
            format!(r#","page":{{"count":{count}}}}}"#)
        };
        PageBody {
            prefix: r#"{"packages":"#.to_owned(),
            items,
            suffix,
        }
    }
}

/// The value of query parameter `name` in request-target `target` (not percent-decoded:
/// the benchmarks' parameters are numbers and hex markers).
pub fn query_param<'a>(target: &'a str, name: &str) -> Option<&'a str> {
    let (_, query) = target.split_once('?')?;
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        (key == name).then_some(value)
    })
}

/// A deterministic pseudo-random number for `seed` (xorshift).
fn scramble(seed: u64) -> u64 {
    let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    state
}

/// OCP package `index` (0-based; its id is `index + 1`).
pub fn ocp_package(index: u64) -> SoftwarePackageMeta {
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
    let pick = |len: usize| usize::try_from(index % len as u64).unwrap_or(0);
    let (product, package_type) = PRODUCTS
        .get(pick(PRODUCTS.len()))
        .cloned()
        .unwrap_or(("oceanbase", SoftwarePackageType::ObServerInstallPackage));
    let system = SYSTEMS.get(pick(SYSTEMS.len())).copied().unwrap_or("el7");
    let architecture = ARCHITECTURES
        .get(pick(ARCHITECTURES.len()))
        .copied()
        .unwrap_or("x86_64");
    let id = index + 1;
    let version = format!("4.{}.{}", index / 100 % 100, index % 100);
    let build = 1_000_000 + id;
    let file_name = format!("{product}-{version}-{build}.{system}.{architecture}.rpm");
    let mut meta = SoftwarePackageMeta::new(id);
    meta.name = Some(product.to_owned());
    meta.download_url = Some(format!(
        "https://ocp.example.com:8080/api/v2/files/sys-package/{file_name}"
    ));
    meta.file_name = Some(file_name);
    meta.extension = Some("rpm".to_owned());
    meta.size = Some(64 + id.wrapping_mul(37) % 4096 * 1024);
    meta.sha1 = Some(format!(
        "{:016x}{:016x}{:08x}",
        scramble(id),
        scramble(id ^ 0x5555),
        scramble(id ^ 0xaaaa) & 0xffff_ffff
    ));
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
    meta
}

/// IoTDA package `index` (0-based, newest first).
pub fn iotda_package(index: u64) -> OtaPackageInfo {
    let created = OffsetDateTime::UNIX_EPOCH
        + TimeDuration::days(19_000)
        + TimeDuration::minutes(i64::try_from(index).unwrap_or(0));
    let mut info = OtaPackageInfo::default();
    info.package_id = Some(format!(
        "{:032x}",
        0xa11c_e000_0000_0000_0000_0000_0000_0000_u128 + u128::from(index)
    ));
    info.app_id = Some(format!("app-{}", index % 2));
    info.package_type = Some(if index.is_multiple_of(2) {
        PackageType::SoftwarePackage
    } else {
        PackageType::FirmwarePackage
    });
    info.product_id = Some(format!("product-{}", index % 5));
    info.product_name = Some(format!("Product {}", index % 5));
    info.version = Some(format!("V{}.{}", 1 + index / 100, index % 100));
    info.support_source_versions = Some(vec![format!("V{}.0", index / 100)]);
    info.description = Some(format!("package {index}"));
    info.custom_info = Some("Updated the XX function and fixed the XXXX issue.".to_owned());
    // IoTDA's compact form, `yyyyMMdd'T'HHmmss'Z'`.
    info.create_time = Some(Timestamp::parse(format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        created.year(),
        u8::from(created.month()),
        created.day(),
        created.hour(),
        created.minute(),
        created.second()
    )));
    info
}

/// Page `page` (1-based) of an OceanBase Cloud backup-set listing of `total` items, in
/// OceanBase Cloud's envelope.
pub fn obcloud_page(page: u64, size: u64, total: u64) -> Value {
    let first = (page.max(1) - 1).saturating_mul(size);
    let items: Vec<Value> = (first..total.min(first.saturating_add(size)))
        .map(|index| {
            json!({
                "backupMode": "PHYSICAL_BACKUP",
                "backupObjectType": "CLUSTER",
                "backupSetId": format!("bak-{index:012x}"),
                "checkpoint": "2025-12-03T12:57:32Z",
                "dataBackupMode": "FULL_BACKUP",
                "dataBackupSize": 0.04,
                "endTime": "2025-12-03T12:58:07Z",
                "startTime": "2025-12-03T12:55:35Z",
                "status": "DONE",
                "tenantId": "sys",
                "validity": "VALID",
            })
        })
        .collect();
    json!({
        "data": {"dataList": items, "total": total},
        "requestId": format!("{page:032x}"),
        "success": true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ocp_pages_decode_and_page_on() {
        let catalogue = Catalogue::build(Api::Ocp, 40, 10, 2).unwrap();
        assert_eq!(catalogue.pages(), 4);
        for page in 1..=5 {
            let body = catalogue
                .respond(&format!("{OCP_PATH}?page={page}&size=10"))
                .unwrap();
            let bytes = [body.prefix.as_bytes(), body.items, body.suffix.as_bytes()].concat();
            assert_eq!(bytes.len(), body.len());
            let value: Value = serde_json::from_slice(&bytes).unwrap();
            let contents = value["data"]["contents"].as_array().unwrap();
            assert_eq!(contents.len(), if page <= 4 { 10 } else { 0 });
            assert_eq!(value["data"]["page"]["totalElements"], 40);
            let _: Vec<SoftwarePackageMeta> =
                serde_json::from_value(Value::Array(contents.clone())).unwrap();
        }
        assert!(catalogue.respond("/other").is_none());
    }

    #[test]
    fn iotda_markers_lead_to_the_next_page() {
        let catalogue = Catalogue::build(Api::Iotda, 150, 50, 10).unwrap();
        let path = format!("/v5/iot/{IOTDA_PROJECT}/ota-upgrades/packages");
        let mut target = format!("{path}?package_type=softwarePackage&limit=50");
        let mut seen = Vec::new();
        for _ in 0..4 {
            let body = catalogue.respond(&target).unwrap();
            let bytes = [body.prefix.as_bytes(), body.items, body.suffix.as_bytes()].concat();
            let value: Value = serde_json::from_slice(&bytes).unwrap();
            let packages: Vec<OtaPackageInfo> =
                serde_json::from_value(value["packages"].clone()).unwrap();
            seen.extend(packages.into_iter().map(|p| p.package_id.unwrap()));
            assert_eq!(value["page"]["count"], 150);
            match value["page"]["marker"].as_str() {
                Some(marker) => target = format!("{path}?limit=50&marker={marker}"),
                None => break,
            }
        }
        assert_eq!(seen.len(), 150);
        assert_eq!(
            seen.iter().collect::<std::collections::HashSet<_>>().len(),
            150
        );
    }

    #[test]
    fn catalogues_fill_whole_pages() {
        assert!(Catalogue::build(Api::Ocp, 45, 10, 1).is_err());
        assert_eq!(query_param("/p?a=1&b=&c", "b"), Some(""));
        assert_eq!(query_param("/p?a=1", "z"), None);
    }
}
