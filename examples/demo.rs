//! `cargo run --example demo`: the four vendor catalogues, each listed through its client
//! with its vendor's real authentication, then merged into one cross-vendor view.
//!
//! No network and no credentials: the four mock servers run in-process on 127.0.0.1, each
//! serving its vendor's documented samples plus a generated catalogue, and each checking
//! the demo's keys the way its vendor does (HTTP Basic, Huawei AK/SK signatures, OAuth2
//! bearer tokens, HTTP Digest).

// A command-line program: printing is its job.
#![allow(clippy::print_stdout)]

use futures::TryStreamExt as _;
use pkgctl::table::{Table, bytes, rfc3339};
use pkgsdk::appstore::AppStoreClient;
use pkgsdk::iotda::{IotdaClient, PackageType};
use pkgsdk::obcloud::ObCloudClient;
use pkgsdk::ocp::OcpClient;
use pkgsdk::testing::{Fault, MockServers};
use pkgsdk::{Catalog, Cursor, Package, Vendor};
use std::collections::BTreeMap;

use pkgsdk::appstore::testing as appstore_keys;
use pkgsdk::iotda::testing as iotda_keys;
use pkgsdk::obcloud::testing as obcloud_keys;
use pkgsdk::ocp::testing as ocp_keys;

/// Rows shown per vendor; the counts cover everything listed.
const SHOWN: usize = 5;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mocks = MockServers::start().await;
    mocks.ocp.generate_catalog(23);
    mocks.iotda.generate_catalog(18);
    mocks.appstore.generate_catalog(4);
    mocks.obcloud.generate_catalog(12);
    println!("pkgsdk demo: four vendor catalogues on embedded mock servers (127.0.0.1)");
    println!("no network, no credentials: each mock checks the demo's keys as its vendor does");

    let ocp = ocp(&mocks).await?;
    let iotda = iotda(&mocks).await?;
    let appstore = appstore(&mocks).await?;
    let obcloud = obcloud(&mocks).await?;

    heading(
        5,
        "One cross-vendor view: a Catalog of the four clients, merged",
    );
    let listing = Catalog::new()
        .with(ocp)
        .with(iotda)
        .with(appstore)
        .with(obcloud)
        .collect()
        .await;
    if let Some(error) = listing.errors.first() {
        return Err(error.to_string().into());
    }
    let mut by_vendor: BTreeMap<String, Vec<&Package>> = BTreeMap::new();
    for package in &listing.packages {
        by_vendor
            .entry(package.vendor.to_string())
            .or_default()
            .push(package);
    }
    let mut table = Table::new(&[
        "VENDOR", "KIND", "ID", "NAME", "VERSION", "SIZE", "CHECKSUM",
    ]);
    for packages in by_vendor.values() {
        for package in packages.iter().take(2) {
            table.push(vec![
                package.vendor.to_string(),
                package.kind.to_string(),
                package.id.clone(),
                package.name.clone(),
                package.version.clone().unwrap_or_default(),
                bytes(package.size),
                package
                    .checksum
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
            ]);
        }
    }
    table.print()?;
    let counts: Vec<String> = by_vendor
        .iter()
        .map(|(vendor, packages)| format!("{vendor} {}", packages.len()))
        .collect();
    println!(
        "{} packages in one stream (two of each vendor shown): {}",
        listing.packages.len(),
        counts.join(", ")
    );
    for vendor in [
        Vendor::Ocp,
        Vendor::Iotda,
        Vendor::AppStore,
        Vendor::ObCloud,
    ] {
        if !by_vendor.contains_key(&vendor.to_string()) {
            return Err(format!("the merged view lacks {vendor}").into());
        }
    }
    Ok(())
}

/// OCP over HTTP Basic: ordered prefetch, a 503 retried, a saved cursor resumed.
async fn ocp(mocks: &MockServers) -> Result<OcpClient, Box<dyn std::error::Error>> {
    heading(1, "OceanBase Cloud Platform: software packages, HTTP Basic");
    let client = OcpClient::builder()
        .endpoint(mocks.ocp.uri())
        .basic_auth(ocp_keys::USERNAME, ocp_keys::PASSWORD)
        .build()?;
    mocks.ocp.faults().push(Fault::status(503).retry_after("0"));
    let mut pages = client
        .list_software_packages()
        .page_size(4)
        .concurrency(3)
        .limit(8)
        .pages();
    let mut first = Vec::new();
    while let Some(page) = pages.try_next().await? {
        first.extend(page.items);
    }
    let mut table = Table::new(&["ID", "NAME", "VERSION", "TYPE", "PLATFORM", "SIZE"]);
    for package in &first {
        table.push(vec![
            package.id.to_string(),
            package.name.clone().unwrap_or_default(),
            package.version.clone().unwrap_or_default(),
            package
                .package_type
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            format!(
                "{}/{}",
                package.operating_system.as_deref().unwrap_or("?"),
                package.architecture.as_deref().unwrap_or("?")
            ),
            bytes(package.size),
        ]);
    }
    table.print()?;
    let cursor: Option<&Cursor> = pages.next_cursor();
    let saved = serde_json::to_string(&cursor)?;
    let mut rest = client.list_software_packages().page_size(4);
    if let Some(cursor) = serde_json::from_str::<Option<Cursor>>(&saved)? {
        rest = rest.resume_from(cursor);
    }
    let rest: Vec<_> = rest.items().try_collect().await?;
    println!(
        "first {} of {} (4 per page, up to 3 pages in flight, in order; one 503 retried); \
         the saved cursor {saved} resumed the rest: {} more",
        first.len(),
        mocks.ocp.catalog().len(),
        rest.len()
    );
    Ok(client)
}

/// IoTDA with AK/SK signatures: marker paging, newest first.
async fn iotda(mocks: &MockServers) -> Result<IotdaClient, Box<dyn std::error::Error>> {
    heading(
        2,
        "Huawei Cloud IoTDA: OTA upgrade packages, AK/SK-signed requests",
    );
    let client = IotdaClient::builder()
        .endpoint(mocks.iotda.uri())
        .region("cn-north-4")
        .project_id(iotda_keys::PROJECT_ID)
        .access_key(iotda_keys::ACCESS_KEY_ID, iotda_keys::ACCESS_KEY_SECRET)
        .build()?;
    let firmware: Vec<_> = client
        .list_ota_packages(PackageType::FirmwarePackage)
        .page_size(4)
        .items()
        .try_collect()
        .await?;
    let mut table = Table::new(&["ID", "PRODUCT", "VERSION", "TYPE", "CREATED"]);
    for package in firmware.iter().take(SHOWN) {
        table.push(vec![
            package.package_id.clone().unwrap_or_default(),
            package
                .product_name
                .clone()
                .or_else(|| package.product_id.clone())
                .unwrap_or_default(),
            package.version.clone().unwrap_or_default(),
            package
                .package_type
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            rfc3339(
                package
                    .create_time
                    .as_ref()
                    .and_then(pkgsdk::iotda::Timestamp::datetime),
            ),
        ]);
    }
    table.print()?;
    let requests = mocks.iotda.received_requests().await;
    let scheme = requests
        .last()
        .and_then(|request| request.headers.get("authorization"))
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(' ').next())
        .unwrap_or("?")
        .to_owned();
    println!(
        "{} firmware packages, newest first, 4 per page by marker, in {} requests signed \
         {scheme} (a non-Huawei host gets the derived-key scheme, as Huawei's SDK does)",
        firmware.len(),
        requests.len()
    );
    Ok(client)
}

/// Oracle Marketplace with OAuth2 client credentials: one token, bearer on every call.
async fn appstore(mocks: &MockServers) -> Result<AppStoreClient, Box<dyn std::error::Error>> {
    heading(
        3,
        "Oracle Cloud Marketplace: application packages, OAuth2 bearer tokens",
    );
    let client = AppStoreClient::builder()
        .endpoint(mocks.appstore.uri())
        .user_id(appstore_keys::USER_ID)
        .client_credentials(appstore_keys::CLIENT_ID, appstore_keys::CLIENT_SECRET)
        .build()?;
    let applications: Vec<_> = client.list_applications().items().try_collect().await?;
    let mut table = Table::new(&[
        "LISTING VERSION",
        "APPLICATION",
        "PACKAGE",
        "VERSION",
        "TYPE",
    ]);
    for application in applications.iter().take(SHOWN) {
        let Some(listing_version_id) = application.listing_version_id else {
            continue;
        };
        for package in client.list_packages(listing_version_id).send().await? {
            table.push(vec![
                listing_version_id.to_string(),
                application.name.clone().unwrap_or_default(),
                package.name.clone().unwrap_or_default(),
                package.version.clone().unwrap_or_default(),
                package
                    .package_type
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
            ]);
        }
    }
    table.print()?;
    println!(
        "{} applications; {} token request for {} API calls",
        applications.len(),
        mocks.appstore.tokens_issued(),
        mocks.appstore.api_requests().await.len()
    );
    Ok(client)
}

/// OceanBase Cloud over HTTP Digest: one challenge answered, the nonce reused.
async fn obcloud(mocks: &MockServers) -> Result<ObCloudClient, Box<dyn std::error::Error>> {
    heading(
        4,
        "OceanBase Cloud: backup sets of an instance, HTTP Digest",
    );
    let client = ObCloudClient::builder()
        .endpoint(mocks.obcloud.uri())
        .access_key(obcloud_keys::ACCESS_KEY_ID, obcloud_keys::ACCESS_KEY_SECRET)
        .build()?;
    let sets: Vec<_> = client
        .list_backup_sets(obcloud_keys::INSTANCE_ID)
        .page_size(5)
        .check_download_enabled(true)
        .items()
        .try_collect()
        .await?;
    let mut table = Table::new(&["ID", "TYPE", "STATUS", "SIZE", "FINISHED", "TENANTS"]);
    for set in sets.iter().take(SHOWN) {
        table.push(vec![
            set.backup_set_id.clone().unwrap_or_default(),
            set.backup_object_type
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            set.status
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            bytes(set.bytes()),
            rfc3339(set.end_time),
            set.tenant_backup_sets.len().to_string(),
        ]);
    }
    table.print()?;
    println!(
        "{} backup sets in {} requests: {} Digest challenge answered ({}), then its nonce reused",
        sets.len(),
        mocks.obcloud.received_requests().await.len(),
        client.digest_auth().challenges_answered(),
        client
            .digest_auth()
            .algorithm()
            .map(|algorithm| algorithm.to_string())
            .unwrap_or_default(),
    );
    Ok(client)
}

fn heading(number: u32, title: &str) {
    println!("\n{number}. {title}");
}
