//! `cargo run --example appstore_show`: show an Oracle Marketplace package, fully typed.
//!
//! Runs against an embedded Marketplace mock (no network, no credentials): the client gets
//! a token with its client id and secret, then fetches Oracle's documented sample package.

// An example program: printing is its job.
#![allow(clippy::print_stdout)]

use pkgsdk::appstore::testing::{
    CLIENT_ID, CLIENT_SECRET, SAMPLE_LISTING_VERSION_ID, SAMPLE_PACKAGE_VERSION_ID, USER_ID,
};
use pkgsdk::appstore::{AppStoreClient, LenientU64, OperationType};
use pkgsdk::testing::AppStoreMock;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mock = AppStoreMock::start().await;

    let client = AppStoreClient::builder()
        .endpoint(mock.uri()) // default: https://ocm-apis-cloud.oracle.com
        .user_id(USER_ID)
        .client_credentials(CLIENT_ID, CLIENT_SECRET)
        .build()?;

    let package = client
        .package(SAMPLE_LISTING_VERSION_ID, SAMPLE_PACKAGE_VERSION_ID)
        .send()
        .await?;
    println!(
        "{} (version {})",
        package.name.as_deref().unwrap_or("?"),
        package.version.as_deref().unwrap_or("?")
    );
    println!(
        "status: {:?}",
        package.status.as_ref().and_then(|status| status.code())
    );
    for service in package.dependent_services.iter().flatten() {
        println!(
            "  needs {:?} (versions {:?}..{:?})",
            service.service_name,
            service.min_version.as_ref().and_then(LenientU64::value),
            service.max_version.as_ref().and_then(LenientU64::value)
        );
    }
    for action in package.operation_actions(&OperationType::Install) {
        println!(
            "  on install: {}",
            action.action_name.as_deref().unwrap_or("?")
        );
    }
    // Secret-looking request properties (KEY_PASSWORD…) print as [redacted] in Debug and
    // logs, but serialise intact.
    for action in package.actions.iter().flatten() {
        for property in action.request_properties.iter().flatten() {
            println!(
                "  {} property {property:?}",
                action.action_name.as_deref().unwrap_or("?")
            );
        }
    }
    println!("as a package: {:?}", package.to_package());
    Ok(())
}
