//! `cargo run --example obcloud_backup_sets`: list an OceanBase Cloud instance's backup sets
//! over HTTP Digest, then read one set with its tenants' sets.
//!
//! Runs against an embedded OceanBase Cloud mock (no network, no credentials). For a real
//! account, drop `.endpoint(..)` (the default is `https://api-cloud.oceanbase.com`) and use
//! your AccessKey pair and instance id.

// An example program: printing is its job.
#![allow(clippy::print_stdout)]

use futures::TryStreamExt as _;
use pkgsdk::model::time::{Date, Month, OffsetDateTime, Time};
use pkgsdk::obcloud::ObCloudClient;
use pkgsdk::obcloud::testing::{ACCESS_KEY_ID, ACCESS_KEY_SECRET, INSTANCE_ID};
use pkgsdk::testing::ObCloudMock;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mock = ObCloudMock::start().await;
    mock.generate_catalog(90);

    let client = ObCloudClient::builder()
        .endpoint(mock.uri())
        .access_key(ACCESS_KEY_ID, ACCESS_KEY_SECRET)
        .build()?;

    // February's sets, asking the server whether each can be downloaded.
    let february = |day: u8| -> Result<OffsetDateTime, pkgsdk::model::time::error::ComponentRange> {
        Ok(Date::from_calendar_date(2025, Month::February, day)?
            .with_time(Time::MIDNIGHT)
            .assume_utc())
    };
    let sets: Vec<_> = client
        .list_backup_sets(INSTANCE_ID)
        .time_range(february(1)?, february(28)?)
        .check_download_enabled(true)
        .page_size(10)
        .items()
        .try_collect()
        .await?;
    println!("{} backup sets started in February 2025:", sets.len());
    for set in sets.iter().take(5) {
        println!(
            "  {}  {:<8} {:>10} bytes  downloadable: {}",
            set.backup_set_id.as_deref().unwrap_or_default(),
            set.status
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            set.bytes().unwrap_or(0),
            set.download_enabled.unwrap_or(false),
        );
    }
    // One Digest challenge for the whole listing: the nonce is reused with counted answers.
    println!(
        "Digest challenges answered: {}",
        client.digest_auth().challenges_answered()
    );

    // One set with its tenants' sets, as vendor-neutral packages (sizes: GiB → bytes).
    let sample = client
        .get_backup_set(INSTANCE_ID, "bak-mock000000")
        .send()
        .await?;
    for package in sample.to_packages() {
        println!(
            "  {:<20} {:<15} {:>10} bytes",
            package.id,
            package.name,
            package.size.unwrap_or(0)
        );
    }
    Ok(())
}
