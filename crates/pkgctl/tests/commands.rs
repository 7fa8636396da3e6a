//! Every command of `pkgctl`, driven as a built binary against the mocks: success, the
//! vendor's error (exit 1), bad input (exit 2 with no request sent), destructive commands'
//! confirmation and dry run, and no secret printed under `-vv`.

// Test code: a panic is a failed assertion.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::too_many_lines
)]

mod support;

use pkgsdk::iotda::OtaPackageInfo;
use pkgsdk::ocp::SoftwarePackageMeta;
use pkgsdk::testing::{
    AppStoreMock, Fault, IotdaMock, MockServers, ObCloudMock, OcpMock, appstore, iotda, obcloud,
};
use support::{APPSTORE_ENV, IOTDA_ENV, OBCLOUD_ENV, OCP_ENV, Run, pkgctl, with};

const IOTDA_SAMPLE_ID: &str = "28f61af50fc9452aa0ed5ea25c3cc3d3";
const OBCLOUD_SAMPLE_SET: &str = "bak-7aqvtc4ugvuo";

/// Runs `pkgctl --base-url <uri> <prefix…> <args…>` with `env`.
async fn at(uri: &str, prefix: &[&str], args: &[&str], env: &[(&str, &str)]) -> Run {
    let all: Vec<&str> = ["--base-url", uri]
        .iter()
        .chain(prefix)
        .chain(args)
        .copied()
        .collect();
    pkgctl(&all, env).await
}

async fn ocp(mock: &OcpMock, args: &[&str]) -> Run {
    at(&mock.uri(), &[], args, &OCP_ENV).await
}

async fn iotda(mock: &IotdaMock, args: &[&str]) -> Run {
    let prefix = ["iotda", "--project-id", iotda::PROJECT_ID];
    at(&mock.uri(), &prefix, args, &IOTDA_ENV).await
}

async fn appstore(mock: &AppStoreMock, args: &[&str]) -> Run {
    at(&mock.uri(), &["appstore"], args, &APPSTORE_ENV).await
}

async fn obcloud(mock: &ObCloudMock, args: &[&str]) -> Run {
    let prefix = ["obcloud", "--instance-id", obcloud::INSTANCE_ID];
    at(&mock.uri(), &prefix, args, &OBCLOUD_ENV).await
}

#[tokio::test]
async fn help_lists_every_command() {
    let help = pkgctl(&["--help"], &[]).await;
    help.ok();
    for command in [
        "ocp",
        "iotda",
        "appstore",
        "obcloud",
        "catalog",
        "config",
        "completions",
        "man",
    ] {
        assert!(help.stdout.contains(command), "{command}: {}", help.stdout);
    }
    for (vendor, commands) in [
        ("ocp", &["list", "show", "download", "upload", "delete"][..]),
        ("iotda", &["list", "show", "create", "delete"]),
        ("appstore", &["applications", "packages", "show", "delete"]),
        ("obcloud", &["backup-sets", "backup-set", "instances"]),
        ("config", &["show"]),
    ] {
        let help = pkgctl(&[vendor, "--help"], &[]).await;
        help.ok();
        for command in commands {
            assert!(
                help.stdout
                    .lines()
                    .any(|line| line.trim_start().starts_with(command)),
                "{vendor} {command}: {}",
                help.stdout
            );
        }
    }
}

#[tokio::test]
async fn ocp_show_upload_and_delete() {
    let mock = OcpMock::start().await;
    mock.generate_catalog(5);
    let id = mock.catalog()[2].id.to_string();

    // show: a table row, or the vendor's JSON that parses back into the model.
    let shown = ocp(&mock, &["ocp", "show", &id]).await;
    shown.ok();
    assert!(shown.stdout.starts_with("ID "), "{}", shown.stdout);
    assert!(shown.first_row().starts_with(&id));
    let json = ocp(&mock, &["--output", "json", "ocp", "show", &id]).await;
    let parsed: SoftwarePackageMeta = serde_json::from_str(json.ok().stdout.trim()).unwrap();
    assert_eq!(parsed.id.to_string(), id);
    let missing = ocp(&mock, &["ocp", "show", "999999"]).await;
    missing.exits(1);
    assert!(
        missing.stderr.contains("no software package has id 999999"),
        "{}",
        missing.stderr
    );

    // upload: the created package, and the server has the exact bytes.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("obproxy-4.3.0-1.el7.x86_64.rpm");
    std::fs::write(&file, b"an obproxy rpm").unwrap();
    let file = file.to_str().unwrap();
    let before = mock.received_requests().await.len();
    let dry = ocp(&mock, &["ocp", "upload", file, "--dry-run"]).await;
    dry.ok().shows_no_secret();
    assert!(
        dry.stdout.starts_with("POST http://127.0.0.1:"),
        "{}",
        dry.stdout
    );
    assert!(
        dry.stdout.contains("body: streamed from the file"),
        "{}",
        dry.stdout
    );
    assert!(dry.stdout.contains("dry run: nothing was sent"));
    assert_eq!(
        mock.received_requests().await.len(),
        before,
        "a dry run sends nothing"
    );
    let uploaded = ocp(&mock, &["--output", "json", "ocp", "upload", file]).await;
    let created: SoftwarePackageMeta = serde_json::from_str(uploaded.ok().stdout.trim()).unwrap();
    assert_eq!(mock.file(created.id).unwrap(), b"an obproxy rpm");
    let not_a_file = ocp(&mock, &["ocp", "upload", dir.path().to_str().unwrap()]).await;
    not_a_file.exits(2);

    // delete: refused without --yes when stdin is not a terminal, dry run, then done.
    let count = mock.catalog().len();
    let before = mock.received_requests().await.len();
    let refused = ocp(&mock, &["ocp", "delete", &id]).await;
    refused.exits(2);
    assert!(refused.stderr.contains("--yes"), "{}", refused.stderr);
    let dry = ocp(&mock, &["ocp", "delete", &id, "--dry-run"]).await;
    dry.ok().shows_no_secret();
    let expected = format!("DELETE {}/api/v2/software-packages/{id}\n", mock.uri());
    assert!(dry.stdout.starts_with(&expected), "{}", dry.stdout);
    assert!(dry.stdout.contains("credentials: "), "{}", dry.stdout);
    assert!(
        dry.stdout.contains("[redacted]"),
        "the password is described, not shown"
    );
    assert_eq!(
        mock.received_requests().await.len(),
        before,
        "nothing was sent"
    );
    assert_eq!(mock.catalog().len(), count);
    let deleted = ocp(&mock, &["ocp", "delete", &id, "--yes"]).await;
    deleted.ok();
    assert_eq!(deleted.stdout, format!("deleted software package {id}\n"));
    assert_eq!(mock.catalog().len(), count - 1);
    assert!(
        mock.catalog()
            .iter()
            .all(|package| package.id.to_string() != id)
    );
}

#[tokio::test]
async fn iotda_show_create_and_delete() {
    let mock = IotdaMock::start().await;
    let shown = iotda(&mock, &["show", IOTDA_SAMPLE_ID]).await;
    shown.ok();
    assert!(shown.first_row().starts_with(IOTDA_SAMPLE_ID));
    let json = iotda(&mock, &["--output", "json", "show", IOTDA_SAMPLE_ID]).await;
    let parsed: OtaPackageInfo = serde_json::from_str(json.ok().stdout.trim()).unwrap();
    assert_eq!(parsed.package_id.as_deref(), Some(IOTDA_SAMPLE_ID));

    let create = [
        "create",
        "--app-id",
        "app-0",
        "--package-type",
        "firmwarePackage",
        "--product-id",
        "product-1",
        "--version",
        "V3.0",
        "--obs-region",
        "cn-north-4",
        "--bucket",
        "firmware",
        "--object-key",
        "v3/fw.bin",
        "--source-version",
        "V2.0",
        "--description",
        "security fixes",
    ];
    let before = mock.received_requests().await.len();
    let dry = iotda(&mock, &[&create[..], &["--dry-run"]].concat()).await;
    dry.ok();
    assert!(dry.stdout.starts_with("POST "), "{}", dry.stdout);
    assert!(dry.stdout.contains("x-project-id: "), "{}", dry.stdout);
    assert_eq!(mock.received_requests().await.len(), before);
    let created = iotda(&mock, &[&["--output", "json"][..], &create].concat()).await;
    let created: OtaPackageInfo = serde_json::from_str(created.ok().stdout.trim()).unwrap();
    assert_eq!(created.version.as_deref(), Some("V3.0"));
    let id = created.package_id.unwrap();
    assert!(
        mock.catalog()
            .iter()
            .any(|p| p.package_id.as_deref() == Some(&id))
    );

    let refused = iotda(&mock, &["delete", &id]).await;
    refused.exits(2);
    let dry = iotda(&mock, &["--output", "json", "delete", &id, "--dry-run"]).await;
    let request: serde_json::Value = serde_json::from_str(dry.ok().stdout.trim()).unwrap();
    assert_eq!(request["dry_run"], true);
    assert_eq!(request["method"], "DELETE");
    assert!(
        request["url"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/ota-upgrades/packages/{id}"))
    );
    assert!(
        mock.catalog()
            .iter()
            .any(|p| p.package_id.as_deref() == Some(&id))
    );
    iotda(&mock, &["delete", &id, "--yes"]).await.ok();
    assert!(
        mock.catalog()
            .iter()
            .all(|p| p.package_id.as_deref() != Some(&id))
    );
}

#[tokio::test]
async fn appstore_applications_packages_and_delete() {
    let mock = AppStoreMock::start().await;
    mock.generate_catalog(7);
    let listed = appstore(&mock, &["applications", "--page-size", "3"]).await;
    listed.ok();
    assert_eq!(listed.stdout.lines().count(), 1 + 7, "{}", listed.stdout);
    let json = appstore(&mock, &["--output", "json", "applications", "--limit", "2"]).await;
    assert_eq!(json.ok().stdout.lines().count(), 2);

    let listing = (appstore::GENERATED_LISTING_VERSION_BASE + 3).to_string();
    let package = (appstore::GENERATED_PACKAGE_VERSION_BASE + 3).to_string();
    let packages = appstore(&mock, &["packages", "--listing-id", &listing]).await;
    packages.ok();
    assert!(
        packages.first_row().starts_with(&package),
        "{}",
        packages.stdout
    );
    let json = appstore(
        &mock,
        &[
            "--output",
            "json",
            "packages",
            "--listing-version-id",
            &listing,
        ],
    )
    .await;
    let raw: serde_json::Value = serde_json::from_str(json.ok().stdout.trim()).unwrap();
    assert_eq!(raw["id"].to_string(), package);

    let refused = appstore(
        &mock,
        &[
            "delete",
            "--listing-id",
            &listing,
            "--package-version-id",
            &package,
        ],
    )
    .await;
    refused.exits(2);
    assert_eq!(mock.packages(listing.parse().unwrap()).len(), 1);
    let deleted = appstore(
        &mock,
        &[
            "delete",
            "--listing-id",
            &listing,
            "--package-version-id",
            &package,
            "-y",
        ],
    )
    .await;
    deleted.ok();
    assert!(
        deleted
            .stdout
            .starts_with(&format!("deleted package {package}")),
        "{}",
        deleted.stdout
    );
    assert!(mock.packages(listing.parse().unwrap()).is_empty());
}

#[tokio::test]
async fn obcloud_backup_set_and_instances() {
    let mock = ObCloudMock::start().await;
    let shown = obcloud(
        &mock,
        &["backup-set", OBCLOUD_SAMPLE_SET, "--download-enabled"],
    )
    .await;
    shown.ok();
    assert!(
        shown.first_row().starts_with(OBCLOUD_SAMPLE_SET),
        "{}",
        shown.stdout
    );
    let json = obcloud(
        &mock,
        &["--output", "json", "backup-set", OBCLOUD_SAMPLE_SET],
    )
    .await;
    let raw: serde_json::Value = serde_json::from_str(json.ok().stdout.trim()).unwrap();
    assert_eq!(raw["backupSetId"], OBCLOUD_SAMPLE_SET);

    mock.generate_instances(12);
    let instances = obcloud(&mock, &["instances", "--page-size", "5"]).await;
    instances.ok();
    assert_eq!(
        instances.stdout.lines().count(),
        1 + mock.instances().len(),
        "{}",
        instances.stdout
    );
    let ids: Vec<String> = mock
        .instances()
        .into_iter()
        .filter_map(|i| i.instance_id)
        .collect();
    for id in &ids {
        assert!(instances.stdout.contains(id.as_str()));
    }
}

#[tokio::test]
async fn bad_input_exits_2_and_sends_nothing() {
    let mocks = MockServers::start().await;
    let (ocp_mock, iotda_mock, appstore_mock, obcloud_mock) =
        (&mocks.ocp, &mocks.iotda, &mocks.appstore, &mocks.obcloud);
    for run in [
        ocp(ocp_mock, &["ocp", "list", "--page-size", "0"]).await,
        ocp(ocp_mock, &["ocp", "show", "not-a-number"]).await,
        ocp(
            ocp_mock,
            &["ocp", "list", "--resume", "{\"style\":\"nope\"}"],
        )
        .await,
        iotda(iotda_mock, &["show", "not an id!"]).await,
        iotda(iotda_mock, &["delete", "bad/id", "--yes"]).await,
        appstore(appstore_mock, &["packages", "--listing-id", "x y"]).await,
        appstore(appstore_mock, &["applications", "--page-size", "101"]).await,
        obcloud(obcloud_mock, &["backup-set", "bad set id"]).await,
        obcloud(obcloud_mock, &["instances", "--page-size", "0"]).await,
    ] {
        run.exits(2);
        assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    }
    assert!(ocp_mock.received_requests().await.is_empty());
    assert!(iotda_mock.received_requests().await.is_empty());
    assert!(appstore_mock.received_requests().await.is_empty());
    assert!(obcloud_mock.received_requests().await.is_empty());
}

#[tokio::test]
async fn vendor_errors_exit_1_on_one_line() {
    let mocks = MockServers::start().await;
    let (ocp_mock, iotda_mock, appstore_mock, obcloud_mock) =
        (&mocks.ocp, &mocks.iotda, &mocks.appstore, &mocks.obcloud);
    ocp_mock.faults().push(Fault::status(403));
    iotda_mock.faults().push(Fault::status(403));
    appstore_mock.faults().push(Fault::status(403));
    obcloud_mock.faults().push(Fault::status(403));
    for run in [
        ocp(ocp_mock, &["ocp", "delete", "1", "--yes"]).await,
        iotda(iotda_mock, &["show", IOTDA_SAMPLE_ID]).await,
        appstore(appstore_mock, &["applications"]).await,
        obcloud(obcloud_mock, &["backup-set", OBCLOUD_SAMPLE_SET]).await,
    ] {
        run.exits(1);
        assert!(run.stderr.starts_with("error: HTTP 403"), "{}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    }
}

#[tokio::test]
async fn verbose_logs_requests_but_never_a_secret() {
    let mocks = MockServers::start().await;
    let (ocp_mock, iotda_mock, appstore_mock, obcloud_mock) =
        (&mocks.ocp, &mocks.iotda, &mocks.appstore, &mocks.obcloud);
    ocp_mock.faults().push(Fault::status(503)); // a retried attempt is logged too
    let iam = [
        ("IOTDA_IAM_USER", iotda::IAM_USER),
        ("IOTDA_IAM_PASSWORD", iotda::IAM_PASSWORD),
        ("IOTDA_IAM_DOMAIN", iotda::IAM_DOMAIN),
    ];
    let iotda_uri = iotda_mock.uri();
    let config_dir = tempfile::tempdir().unwrap();
    let config = config_dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!("[profiles.default.iotda]\niam_endpoint = \"{iotda_uri}\"\n"),
    )
    .unwrap();
    let runs = [
        ocp(ocp_mock, &["-vv", "ocp", "list"]).await,
        pkgctl(
            &[
                "-vv",
                "--config",
                config.to_str().unwrap(),
                "--base-url",
                &iotda_uri,
                "iotda",
                "--project-id",
                iotda::PROJECT_ID,
                "show",
                IOTDA_SAMPLE_ID,
            ],
            &iam,
        )
        .await,
        appstore(appstore_mock, &["-vv", "applications"]).await,
        obcloud(obcloud_mock, &["-vv", "backup-sets"]).await,
        ocp(ocp_mock, &["-vv", "ocp", "delete", "1", "--dry-run"]).await,
    ];
    for run in &runs {
        run.ok().shows_no_secret();
    }
    for run in &runs[..4] {
        assert!(
            run.stderr.contains("DEBUG"),
            "-vv logs at DEBUG: {}",
            run.stderr
        );
    }
    assert!(
        runs[4].stderr.contains("dry run: not sent"),
        "{}",
        runs[4].stderr
    );
    assert!(runs[0].stderr.contains("attempt"), "{}", runs[0].stderr);
    assert_eq!(iotda_mock.tokens_issued(), 1, "the IAM password was used");
    let info = ocp(ocp_mock, &["-v", "ocp", "list"]).await;
    assert!(
        info.ok().stderr.contains("INFO") && !info.stderr.contains("DEBUG"),
        "{}",
        info.stderr
    );
}

#[tokio::test]
async fn print_cursor_and_resume_continue_exactly_after_the_last_item_printed() {
    let mock = OcpMock::start().await;
    mock.generate_catalog(11);
    let all: Vec<String> = mock.catalog().iter().map(|p| p.id.to_string()).collect();
    let ids = |run: &Run| -> Vec<String> {
        run.stdout
            .lines()
            .skip(1)
            .map(|line| line.split_whitespace().next().unwrap().to_owned())
            .collect()
    };
    // --limit 5 with pages of 3: whole pages (6 items), then the cursor of the next.
    let first = ocp(
        &mock,
        &[
            "ocp",
            "list",
            "--page-size",
            "3",
            "--limit",
            "5",
            "--print-cursor",
        ],
    )
    .await;
    first.ok();
    assert_eq!(ids(&first), all[..6]);
    let cursor = first
        .stderr
        .lines()
        .find_map(|line| line.strip_prefix("cursor: "))
        .unwrap();
    assert_eq!(cursor, r#"{"style":"page_number","page":3,"size":3}"#);
    let rest = ocp(
        &mock,
        &[
            "ocp",
            "list",
            "--page-size",
            "3",
            "--resume",
            cursor,
            "--print-cursor",
        ],
    )
    .await;
    rest.ok();
    assert_eq!(ids(&rest), all[6..]);
    assert!(
        !rest.stderr.contains("cursor:"),
        "a listing that ended has no cursor"
    );

    // After a failure, the cursor points at the page that failed.
    mock.faults().push(Fault::Pass);
    mock.faults().push(Fault::status(500));
    let failed = ocp(
        &mock,
        &[
            "--retries",
            "0",
            "ocp",
            "list",
            "--page-size",
            "4",
            "--print-cursor",
        ],
    )
    .await;
    failed.exits(1);
    assert_eq!(ids(&failed), all[..4], "the first page stays printed");
    assert!(
        failed
            .stderr
            .contains(r#"cursor: {"style":"page_number","page":2,"size":4}"#),
        "{}",
        failed.stderr
    );
    // Without --print-cursor, --limit is exact.
    let exact = ocp(&mock, &["ocp", "list", "--page-size", "3", "--limit", "5"]).await;
    assert_eq!(ids(exact.ok()), all[..5]);
}

#[tokio::test]
async fn retries_and_timeouts_come_from_the_command_line() {
    let mock = OcpMock::start().await;
    mock.faults().push(Fault::status(503));
    let once = ocp(&mock, &["--retries", "0", "ocp", "list"]).await;
    once.exits(1);
    assert_eq!(mock.received_requests().await.len(), 1, "no retry");
    mock.faults().push(Fault::status(503));
    ocp(
        &mock,
        &[
            "--retries",
            "1",
            "--timeout",
            "60",
            "--connect-timeout",
            "5",
            "ocp",
            "list",
        ],
    )
    .await
    .ok();
    assert_eq!(mock.received_requests().await.len(), 3, "one retry");
}

#[tokio::test]
async fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish"] {
        let script = pkgctl(&["completions", shell], &[]).await;
        script.ok();
        assert!(script.stdout.contains("pkgctl"), "{shell}");
        assert!(
            script.stdout.contains("backup-sets"),
            "{shell}: every command completes"
        );
    }
    let unknown = pkgctl(&["completions", "cmd.exe"], &[]).await;
    unknown.exits(2);
    let man = pkgctl(&["man"], &[]).await;
    man.ok();
    assert!(
        man.stdout.starts_with(".ie") || man.stdout.contains(".TH pkgctl"),
        "{}",
        &man.stdout[..200.min(man.stdout.len())]
    );
    assert!(man.stdout.contains("catalog"));
}

#[tokio::test]
async fn quiet_drops_notes_but_not_errors() {
    let mock = OcpMock::start().await;
    let empty = ocp(&mock, &["ocp", "list", "--keyword", "nothing-matches-this"]).await;
    assert_eq!(empty.ok().stderr, "no software packages\n");
    let quiet = ocp(
        &mock,
        &["-q", "ocp", "list", "--keyword", "nothing-matches-this"],
    )
    .await;
    assert_eq!(quiet.ok().stderr, "");
    let env = with(&OCP_ENV, &[]);
    let failed = pkgctl(&["-q", "ocp", "list"], &env).await;
    failed.exits(2);
    assert!(failed.stderr.contains("--base-url"), "{}", failed.stderr);
}
