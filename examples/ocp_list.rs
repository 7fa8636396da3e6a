//! `cargo run --example ocp_list`: list OCP software packages, then download one verified.
//!
//! Runs against an embedded OCP mock (no network, no credentials). To use a real server,
//! replace the endpoint and credentials.

// An example program: printing is its job.
#![allow(clippy::print_stdout)]

use futures::TryStreamExt as _;
use pkgsdk::ocp::{OcpClient, SoftwarePackageType, Sort, SortField};
use pkgsdk::testing::OcpMock;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mock = OcpMock::start().await;
    mock.generate_catalog(250);

    let client = OcpClient::builder()
        .endpoint(mock.uri())
        .basic_auth("admin", "ocp-mock-password")
        .build()?;

    // Every OCP agent package for el7, by name, 100 per page, 3 pages in flight.
    let agents: Vec<_> = client
        .list_software_packages()
        .types([SoftwarePackageType::OcpAgentInstallPackage])
        .operating_systems(["el7"])
        .sort(Sort::asc(SortField::Name))
        .page_size(100)
        .concurrency(3)
        .items()
        .try_collect()
        .await?;
    println!("{} agent packages for el7:", agents.len());
    for package in agents.iter().take(5) {
        println!(
            "  {:>4}  {:<10} {:<8} {:>6} bytes  sha1 {}",
            package.id,
            package.name.as_deref().unwrap_or("?"),
            package.version.as_deref().unwrap_or("?"),
            package.size.unwrap_or(0),
            package.sha1.as_deref().unwrap_or("?"),
        );
    }

    // Download the first, checked against its size and SHA-1 as it streams.
    if let Some(package) = agents.first() {
        let dir = std::env::temp_dir().join("pkgsdk-ocp-example");
        std::fs::create_dir_all(&dir)?;
        let report = client.download(package)?.to_dir(&dir).await?;
        println!(
            "downloaded {} ({} bytes, verified)",
            report.path.display(),
            report.bytes
        );
    }
    Ok(())
}
