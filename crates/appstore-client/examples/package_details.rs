//! Lists the applications of a (mock) Marketplace publisher account and shows the install
//! steps of one package, with its secrets redacted.
//!
//! ```sh
//! cargo run -p appstore-client --example package_details
//! ```
//!
//! It runs against `appstore_client::testing::AppStoreMock` on 127.0.0.1: no credentials,
//! no network. Against Oracle, drop the mock and use your partner email and client
//! credentials with the default endpoint.

#![allow(clippy::print_stdout, reason = "an example prints its results")]

use appstore_client::testing::{AppStoreMock, CLIENT_ID, CLIENT_SECRET, USER_ID};
use appstore_client::{AppStoreClient, OperationType};
use futures::TryStreamExt as _;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), pkgruntime::Error> {
    let mock = AppStoreMock::start().await;
    mock.generate_catalog(7);

    let client = AppStoreClient::builder()
        .endpoint(mock.uri()) // leave out for appstore_client::DEFAULT_ENDPOINT
        .user_id(USER_ID)
        .client_credentials(CLIENT_ID, CLIENT_SECRET)
        .build()?;

    println!("applications:");
    let mut applications = client.list_applications().page_size(3).items();
    let mut first = None;
    while let Some(application) = applications.try_next().await? {
        println!(
            "  {:>6}  {:<28} {:?}",
            application.listing_version_id.unwrap_or_default(),
            application.name.as_deref().unwrap_or("?"),
            application.listing_status(),
        );
        first = first.or(application.listing_version_id);
    }

    let Some(listing) = first else {
        return Ok(());
    };
    for package in client.list_packages(listing).send().await? {
        let neutral = package.to_package();
        println!(
            "\npackage {} {:?} ({})",
            neutral.id,
            neutral.name,
            neutral.vendor_kind.as_deref().unwrap_or("?")
        );
        for service in package.dependent_services.iter().flatten() {
            println!(
                "  service {:?}: versions {}..{}, size {}..{}",
                service.service_name,
                service
                    .min_version
                    .as_ref()
                    .map_or_else(String::new, ToString::to_string),
                service
                    .max_version
                    .as_ref()
                    .map_or_else(String::new, ToString::to_string),
                service
                    .min_size
                    .as_ref()
                    .map_or_else(String::new, ToString::to_string),
                service
                    .max_size
                    .as_ref()
                    .map_or_else(String::new, ToString::to_string),
            );
        }
        for operation in [OperationType::Install, OperationType::Uninstall] {
            println!("  {operation}:");
            for action in package.operation_actions(&operation) {
                println!("    {:?}", action.action_name.as_deref().unwrap_or("?"));
                for property in action.request_properties.iter().flatten() {
                    // Debug hides KEY_PASSWORD and other secret-looking values.
                    println!("      {property:?}");
                }
            }
        }
    }
    Ok(())
}
