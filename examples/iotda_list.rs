//! `cargo run --example iotda_list`: list IoTDA OTA packages with AK/SK-signed requests.
//!
//! Runs against an embedded IoTDA mock (no network, no credentials). For a real project,
//! use `.region("cn-north-4")` (or your instance endpoint), your project id and keys.

// An example program: printing is its job.
#![allow(clippy::print_stdout)]

use futures::TryStreamExt as _;
use pkgsdk::iotda::testing::{ACCESS_KEY_ID, ACCESS_KEY_SECRET, PROJECT_ID};
use pkgsdk::iotda::{IotdaClient, PackageType};
use pkgsdk::testing::IotdaMock;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mock = IotdaMock::start().await;
    mock.generate_catalog(137);

    let client = IotdaClient::builder()
        .endpoint(mock.uri())
        .project_id(PROJECT_ID)
        .access_key(ACCESS_KEY_ID, ACCESS_KEY_SECRET)
        .build()?;

    // Newest first, following the server's page markers, 50 per page.
    let mut pages = client
        .list_ota_packages(PackageType::FirmwarePackage)
        .page_size(50)
        .pages();
    while let Some(page) = pages.try_next().await? {
        println!(
            "page of {} (of {} in total); next marker {:?}",
            page.items.len(),
            page.total.unwrap_or(0),
            page.next
        );
    }
    let newest = client
        .list_ota_packages(PackageType::FirmwarePackage)
        .limit(3)
        .items()
        .try_collect::<Vec<_>>()
        .await?;
    for package in newest {
        println!(
            "  {}  {:<6} {}",
            package.package_id.unwrap_or_default(),
            package.version.unwrap_or_default(),
            package
                .create_time
                .map(|t| t.to_string())
                .unwrap_or_default()
        );
    }
    Ok(())
}
