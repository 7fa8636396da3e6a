//! `cargo run --example mock_servers`: the four vendor mocks on 127.0.0.1, for trying
//! `pkgctl` (or your own code) by hand, until Ctrl-C.
//!
//! It prints the credentials to export, a `pkgctl` profile pointing at the mocks, and a few
//! `pkgctl` commands to try. The mocks hold
//! their vendors' documented samples plus generated catalogues, and enforce each vendor's
//! authentication exactly as the tests do.

// An example program: printing is its job.
#![allow(clippy::print_stdout)]

use pkgsdk::appstore::testing as appstore;
use pkgsdk::iotda::testing as iotda;
use pkgsdk::obcloud::testing as obcloud;
use pkgsdk::ocp::testing as ocp;
use pkgsdk::testing::MockServers;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mocks = MockServers::start().await;
    mocks.ocp.generate_catalog(25);
    mocks.iotda.generate_catalog(12);
    mocks.obcloud.generate_catalog(40);

    println!("# The four mocks are running; paste these into another shell:");
    println!(
        "export OCP_USERNAME={} OCP_PASSWORD={}",
        ocp::USERNAME,
        ocp::PASSWORD
    );
    println!(
        "export IOTDA_AK={} IOTDA_SK={}",
        iotda::ACCESS_KEY_ID,
        iotda::ACCESS_KEY_SECRET
    );
    println!(
        "export APPSTORE_USER_ID={} APPSTORE_TOKEN={}",
        appstore::USER_ID,
        appstore::TOKEN
    );
    println!(
        "export OBCLOUD_AK={} OBCLOUD_SK={}",
        obcloud::ACCESS_KEY_ID,
        obcloud::ACCESS_KEY_SECRET
    );
    println!("# A profile pointing at the mocks (endpoints, project and instance ids):");
    println!("cat > /tmp/pkgctl-mocks.toml <<'EOF'");
    println!("[profiles.mocks.ocp]\nendpoint = \"{}\"", mocks.ocp.uri());
    println!(
        "[profiles.mocks.iotda]\nendpoint = \"{}\"\nproject_id = \"{}\"",
        mocks.iotda.uri(),
        iotda::PROJECT_ID
    );
    println!(
        "[profiles.mocks.appstore]\nendpoint = \"{}\"",
        mocks.appstore.uri()
    );
    println!(
        "[profiles.mocks.obcloud]\nendpoint = \"{}\"\ninstance_id = \"{}\"",
        mocks.obcloud.uri(),
        obcloud::INSTANCE_ID
    );
    println!("EOF");
    println!(
        "alias pkgctl='cargo run -q --bin pkgctl -- --config /tmp/pkgctl-mocks.toml --profile mocks'"
    );
    println!();
    println!("pkgctl ocp list --os el8");
    println!("pkgctl ocp download 3 --dest /tmp/pkgs");
    println!("pkgctl iotda list --package-type softwarePackage");
    println!(
        "pkgctl appstore show --listing-version-id {} --package-version-id {}",
        appstore::SAMPLE_LISTING_VERSION_ID,
        appstore::SAMPLE_PACKAGE_VERSION_ID
    );
    println!("pkgctl obcloud backup-sets --start-time 2025-01-10T00:00:00Z --limit 5");
    println!("pkgctl catalog --name-contains agent");
    println!();
    println!("# Ctrl-C stops the mocks.");
    tokio::signal::ctrl_c().await?;
    Ok(())
}
