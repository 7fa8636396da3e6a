//! `pkgctl catalog`: every configured vendor at once, merged; one failing source reported
//! while the others complete; the cross-vendor filters.

// Test code: a panic is a failed assertion.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use pkgsdk::testing::{Fault, MockServers, iotda, obcloud};
use support::{APPSTORE_ENV, IOTDA_ENV, OBCLOUD_ENV, OCP_ENV, Run, pkgctl};

/// A profile pointing every vendor at its mock, and the credentials for all four.
struct Setup {
    mocks: MockServers,
    home: tempfile::TempDir,
}

impl Setup {
    async fn start() -> Self {
        let mocks = MockServers::start().await;
        mocks.ocp.generate_catalog(6);
        mocks.iotda.generate_catalog(4);
        let home = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(home.path().join("pkgctl")).unwrap();
        std::fs::write(
            home.path().join("pkgctl/config.toml"),
            format!(
                "[profiles.default.ocp]\nendpoint = \"{}\"\n\
                 [profiles.default.iotda]\nendpoint = \"{}\"\nproject_id = \"{}\"\n\
                 [profiles.default.appstore]\nendpoint = \"{}\"\n\
                 [profiles.default.obcloud]\nendpoint = \"{}\"\ninstance_id = \"{}\"\n",
                mocks.ocp.uri(),
                mocks.iotda.uri(),
                iotda::PROJECT_ID,
                mocks.appstore.uri(),
                mocks.obcloud.uri(),
                obcloud::INSTANCE_ID,
            ),
        )
        .unwrap();
        Self { mocks, home }
    }

    async fn run(&self, args: &[&str]) -> Run {
        let env: Vec<(&str, &str)> = OCP_ENV
            .iter()
            .chain(&IOTDA_ENV)
            .chain(&APPSTORE_ENV)
            .chain(&OBCLOUD_ENV)
            .copied()
            .chain([("XDG_CONFIG_HOME", self.home.path().to_str().unwrap())])
            .collect();
        let all: Vec<&str> = ["--retries", "0"].iter().chain(args).copied().collect();
        pkgctl(&all, &env).await
    }
}

/// The VENDOR column of a catalog table.
fn vendors(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .skip(1)
        .map(|line| line.split_whitespace().next().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn every_configured_vendor_is_listed_and_merged() {
    let setup = Setup::start().await;
    let listed = setup.run(&["catalog"]).await;
    listed.ok().shows_no_secret();
    let vendors = vendors(&listed.stdout);
    for vendor in ["ocp", "iotda", "appstore", "obcloud"] {
        assert!(
            vendors.iter().any(|v| v == vendor),
            "{vendor}: {}",
            listed.stdout
        );
    }
    assert_eq!(vendors.iter().filter(|v| *v == "ocp").count(), 6);
    assert_eq!(vendors.iter().filter(|v| *v == "iotda").count(), 4);

    let json = setup.run(&["--output", "json", "catalog"]).await;
    let packages: Vec<pkgsdk::Package> = json
        .ok()
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(packages.len(), vendors.len());
}

#[tokio::test]
async fn a_failing_source_is_reported_while_the_others_complete() {
    let setup = Setup::start().await;
    setup.mocks.obcloud.faults().push(Fault::status(403));
    let listed = setup.run(&["catalog"]).await;
    listed.exits(1);
    let errors: Vec<&str> = listed
        .stderr
        .lines()
        .filter(|line| line.starts_with("error: "))
        .collect();
    assert_eq!(errors.len(), 2, "{}", listed.stderr);
    assert!(
        errors[0].starts_with("error: obcloud: HTTP 403"),
        "{}",
        listed.stderr
    );
    assert_eq!(errors[1], "error: 1 of 4 sources failed");
    let vendors = vendors(&listed.stdout);
    assert!(!vendors.iter().any(|v| v == "obcloud"));
    assert_eq!(
        vendors.iter().filter(|v| *v == "ocp").count(),
        6,
        "{}",
        listed.stdout
    );
    assert_eq!(vendors.iter().filter(|v| *v == "iotda").count(), 4);
    assert!(vendors.iter().any(|v| v == "appstore"));
}

#[tokio::test]
async fn cross_vendor_filters() {
    let setup = Setup::start().await;
    let ocp_only = setup.run(&["catalog", "--vendor", "ocp"]).await;
    assert_eq!(vendors(&ocp_only.ok().stdout), vec!["ocp"; 6]);
    assert!(
        setup.mocks.iotda.received_requests().await.is_empty(),
        "only the vendors asked for"
    );

    let firmware = setup.run(&["catalog", "--kind", "firmware"]).await;
    let rows: Vec<&str> = firmware.ok().stdout.lines().skip(1).collect();
    assert!(!rows.is_empty());
    for row in rows {
        assert!(
            row.split_whitespace().any(|word| word == "firmware"),
            "{row}"
        );
    }

    let names = setup
        .run(&["--output", "json", "catalog", "--name-contains", "OBPROXY"])
        .await;
    let packages: Vec<pkgsdk::Package> = names
        .ok()
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert!(!packages.is_empty());
    assert!(
        packages
            .iter()
            .all(|p| p.name.to_lowercase().contains("obproxy")),
        "{packages:?}"
    );

    for bad in [
        &["catalog", "--vendor", "aws"][..],
        &["catalog", "--kind", "container"],
        &["--base-url", "http://127.0.0.1:9", "catalog"],
    ] {
        let refused = setup.run(bad).await;
        refused.exits(2);
    }
}
