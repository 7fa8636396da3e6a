//! `pkgctl` driven as a user would: the built binary, against the mock servers.

// Test code: a panic is a failed assertion.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::too_many_lines
)]

use pkgsdk::iotda::OtaPackageInfo;
use pkgsdk::ocp::SoftwarePackageMeta;
use pkgsdk::testing::{Fault, IotdaMock, OcpMock};
use std::path::Path;
use std::process::Command;
use support::{Run, pkgctl};

mod support;

const OCP_ENV: [(&str, &str); 2] = [
    ("OCP_USERNAME", "admin"),
    ("OCP_PASSWORD", "ocp-mock-password"),
];

async fn ocp(mock: &OcpMock, args: &[&str]) -> Run {
    let uri = mock.uri();
    let mut all = vec!["--base-url", uri.as_str()];
    all.extend_from_slice(args);
    pkgctl(&all, &OCP_ENV).await
}

/// A fresh, empty directory for one test, removed when dropped.
fn scratch(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("pkgctl-{name}-"))
        .tempdir()
        .unwrap()
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn version_and_help() {
    let run = pkgctl(&["--version"], &[]).await;
    assert_eq!(
        (run.code, run.stdout.trim()),
        (0, concat!("pkgctl ", env!("CARGO_PKG_VERSION")))
    );
    let run = pkgctl(&["ocp", "list", "--help"], &[]).await;
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.contains("--version <V>"),
        "the --version filter belongs to the subcommand"
    );
}

#[tokio::test]
async fn ocp_list_prints_an_aligned_table() {
    let mock = OcpMock::start().await;
    let run = ocp(&mock, &["ocp", "list"]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].starts_with("ID  NAME"), "{}", lines[0]);
    assert!(
        lines[1].starts_with("12  t-oceanbase-ocp-agent  2.4.2"),
        "{}",
        lines[1]
    );
    assert!(
        lines[1].ends_with("t-oceanbase-ocp-agent-2.4.2-1898294.alios7.x86_64.rpm"),
        "never truncated"
    );
    let column = |line: &str, text: &str| line.find(text).unwrap();
    assert_eq!(
        column(lines[0], "VERSION"),
        column(lines[1], "2.4.2"),
        "aligned"
    );
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

#[tokio::test]
async fn ocp_list_json_lines_keep_the_vendors_fields_and_types() {
    let mock = OcpMock::start().await;
    let run = ocp(&mock, &["ocp", "list", "--output", "json"]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2);
    let sample: serde_json::Value = serde_json::from_str(ocp_sample()).unwrap();
    for (line, expected) in lines
        .iter()
        .zip(sample["data"]["contents"].as_array().unwrap())
    {
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(&value, expected, "exactly what OCP sent");
        let meta: SoftwarePackageMeta = serde_json::from_str(line).unwrap();
        assert!(meta.id == 12 || meta.id == 10);
    }
    // A number the vendor sends as a string stays a string.
    mock.set_catalog(Vec::new());
    let body = r#"{"data":{"contents":[{"id":"9007199254740993","size":"4294967296"}],"page":{"number":1,"totalPages":1}},"successful":true}"#;
    mock.faults()
        .push(Fault::ReplaceBody(body.as_bytes().to_vec()));
    let run = ocp(&mock, &["ocp", "list", "--output", "json"]).await;
    assert_eq!(
        run.stdout.trim(),
        r#"{"id":"9007199254740993","size":"4294967296"}"#
    );
}

fn ocp_sample() -> &'static str {
    pkgsdk::ocp::testing::SAMPLE_RESPONSE
}

#[tokio::test]
async fn ocp_filters_and_global_options_in_any_position() {
    let mock = OcpMock::start().await;
    mock.generate_catalog(500);
    let run = ocp(
        &mock,
        &[
            "ocp",
            "list",
            "--type",
            "OCP_AGENT_INSTALL_PACKAGE",
            "--os",
            "el7",
            "--os",
            "alios7",
            "--arch",
            "x86_64",
            "--keyword",
            "agent",
            "--version",
            "4.0.2",
            "--version",
            "4.1.2",
            "--sort",
            "name,desc",
            "--page-size",
            "50",
            "--output",
            "json",
        ],
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let request = mock.received_requests().await.pop().unwrap();
    let query: std::collections::HashMap<String, String> =
        request.url.query_pairs().into_owned().collect();
    assert_eq!(query["type"], "OCP_AGENT_INSTALL_PACKAGE");
    assert_eq!(query["operatingSystem"], "el7,alios7");
    assert_eq!(query["architecture"], "x86_64");
    assert_eq!(query["keyword"], "agent");
    assert_eq!(query["version"], "4.0.2,4.1.2");
    assert_eq!(query["sort"], "name,desc");
    assert_eq!(query["size"], "50");
}

#[tokio::test]
async fn limit_and_concurrency_never_change_the_order() {
    let mock = OcpMock::start().await;
    mock.generate_catalog(100);
    let run = ocp(
        &mock,
        &[
            "--limit",
            "23",
            "ocp",
            "list",
            "--page-size",
            "5",
            "--concurrency",
            "4",
            "--output",
            "json",
        ],
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let ids: Vec<u64> = run
        .stdout
        .lines()
        .map(|line| {
            serde_json::from_str::<SoftwarePackageMeta>(line)
                .unwrap()
                .id
        })
        .collect();
    assert_eq!(ids, (1..=23).collect::<Vec<_>>());
    let requests = mock.received_requests().await.len();
    assert!(
        requests <= 5 + 4,
        "at most N extra requests past --limit: {requests}"
    );
}

#[tokio::test]
async fn bad_input_exits_2_with_zero_requests() {
    let mock = OcpMock::start().await;
    for (args, fragment) in [
        (
            vec!["ocp", "list", "--page-size", "0"],
            "`page_size` must be between 1 and 2000 (got 0)",
        ),
        (
            vec!["ocp", "list", "--page-size", "2001"],
            "`page_size` must be between 1 and 2000 (got 2001)",
        ),
        (
            vec!["ocp", "list", "--sort", "name,sideways"],
            "`sort` direction must be `asc` or `desc`",
        ),
        (
            vec!["ocp", "list", "--version", "1.0,2.0"],
            "`versions` values must not contain a comma",
        ),
        (
            vec!["ocp", "list", "--page-size", "-3"],
            "unexpected argument",
        ),
        (
            vec!["ocp", "download", "x", "--dest", "/tmp"],
            "invalid value 'x'",
        ),
    ] {
        let run = ocp(&mock, &args).await;
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
        assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
        assert!(run.stderr.contains(fragment), "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty());
    }
    let run = pkgctl(
        &["--base-url", &mock.uri(), "ocp", "list"],
        &[("OCP_USERNAME", "admin")],
    )
    .await;
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("`OCP_PASSWORD` must be set"),
        "{}",
        run.stderr
    );
    assert!(
        mock.received_requests().await.is_empty(),
        "zero requests sent"
    );
}

#[tokio::test]
async fn server_errors_exit_1_with_status_code_and_message_on_one_line() {
    let mock = OcpMock::start().await;
    let body = r#"{"successful":false,"status":403,"traceId":"t-1","error":{"code":30014,"message":"No permission"}}"#;
    mock.faults()
        .push(Fault::status(403).with_body(body.as_bytes().to_vec()));
    let run = ocp(&mock, &["ocp", "list"]).await;
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: HTTP 403 Forbidden, code 30014: No permission (request id t-1)\n"
    );
    let wrong = pkgctl(
        &["--base-url", &mock.uri(), "ocp", "list"],
        &[("OCP_USERNAME", "admin"), ("OCP_PASSWORD", "x")],
    )
    .await;
    assert_eq!(wrong.code, 1);
    assert!(
        wrong.stderr.starts_with(
            "error: authentication failed: the server refused the credentials: HTTP 401"
        )
    );
}

#[tokio::test]
async fn items_printed_before_a_failure_stay_printed() {
    let mock = OcpMock::start().await;
    mock.generate_catalog(30);
    mock.faults()
        .push(Fault::Latency(std::time::Duration::ZERO));
    mock.faults().push(Fault::status(400));
    let run = ocp(
        &mock,
        &["ocp", "list", "--page-size", "10", "--output", "json"],
    )
    .await;
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout.lines().count(), 10);
    assert!(
        run.stderr.starts_with("error: HTTP 400 Bad Request"),
        "{}",
        run.stderr
    );
    let run = ocp(&mock, &["ocp", "list", "--page-size", "10"]).await;
    assert_eq!(run.code, 0);
}

#[tokio::test]
async fn an_empty_result_prints_nothing_on_stdout() {
    let mock = OcpMock::start().await;
    mock.set_catalog(Vec::new());
    for output in ["json", "table"] {
        let run = ocp(&mock, &["ocp", "list", "--output", output]).await;
        assert_eq!(run.code, 0);
        assert!(run.stdout.is_empty(), "{output}: {}", run.stdout);
        assert_eq!(run.stderr.trim(), "no software packages");
    }
}

#[tokio::test]
async fn ocp_download_verifies_keeps_and_never_clobbers() {
    let mock = OcpMock::start().await;
    mock.generate_catalog(5);
    let dir = scratch("download");
    let dest = dir.path().to_str().unwrap();
    let run = ocp(&mock, &["ocp", "download", "3", "--dest", dest]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let name = mock.catalog()[2].file_name.clone().unwrap();
    assert_eq!(entries(dir.path()), std::slice::from_ref(&name));
    assert_eq!(
        std::fs::read(dir.path().join(&name)).unwrap(),
        mock.file(3).unwrap()
    );
    assert!(run.stdout.starts_with("downloaded "), "{}", run.stdout);

    // Already there and valid: kept, nothing downloaded.
    let before = mock.received_requests().await.len();
    let run = ocp(
        &mock,
        &["ocp", "download", "3", "--dest", dest, "--output", "json"],
    )
    .await;
    assert_eq!(run.code, 0);
    let report: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
    assert_eq!(report["kept_existing"], true);
    let after = mock.received_requests().await;
    assert!(
        after[before..]
            .iter()
            .all(|r| !r.url.path().contains("/files/")),
        "no file download"
    );

    // A stale file is replaced only by a verified download; a corrupted one leaves it intact.
    std::fs::write(dir.path().join(&name), b"stale").unwrap();
    assert!(mock.corrupt_file(3));
    let run = ocp(&mock, &["ocp", "download", "3", "--dest", dest]).await;
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .starts_with("error: download failed verification: the checksum is"),
        "{}",
        run.stderr
    );
    assert_eq!(
        entries(dir.path()),
        std::slice::from_ref(&name),
        "no partial file"
    );
    assert_eq!(
        std::fs::read(dir.path().join(&name)).unwrap(),
        b"stale",
        "byte-identical"
    );

    let run = ocp(&mock, &["ocp", "download", "999", "--dest", dest]).await;
    assert_eq!(run.code, 1);
    assert_eq!(run.stderr.trim(), "error: no software package has id 999");
}

#[tokio::test]
async fn no_secret_appears_in_any_output_even_at_trace() {
    let mock = OcpMock::start().await;
    mock.generate_catalog(12);
    mock.faults().push(Fault::status(503));
    let uri = mock.uri();
    let mut env = OCP_ENV.to_vec();
    env.push(("RUST_LOG", "trace"));
    let runs = [
        pkgctl(
            &["--base-url", &uri, "ocp", "list", "--page-size", "5"],
            &env,
        )
        .await,
        pkgctl(
            &["--base-url", &uri, "ocp", "list", "--output", "json"],
            &env,
        )
        .await,
        pkgctl(
            &[
                "--base-url",
                &uri,
                "ocp",
                "download",
                "2",
                "--dest",
                scratch("trace").path().to_str().unwrap(),
            ],
            &env,
        )
        .await,
        pkgctl(
            &["--base-url", &uri, "ocp", "list"],
            &[
                ("OCP_USERNAME", "admin"),
                ("OCP_PASSWORD", "not-the-password"),
                ("RUST_LOG", "trace"),
            ],
        )
        .await,
    ];
    assert!(
        runs[0].stderr.contains("pkgsdk.request"),
        "trace logs were written"
    );
    for run in &runs {
        for secret in [
            "ocp-mock-password",
            "YWRtaW46b2NwLW1vY2stcGFzc3dvcmQ=",
            "not-the-password",
            "YWRtaW46bm90LXRoZS1wYXNzd29yZA==",
        ] {
            assert!(
                !run.stdout.contains(secret) && !run.stderr.contains(secret),
                "{secret} leaked"
            );
        }
    }
}

#[tokio::test]
async fn iotda_list_with_keys_or_token() {
    let mock = IotdaMock::start().await;
    mock.generate_catalog(60);
    let uri = mock.uri();
    let base = [
        "--base-url",
        uri.as_str(),
        "iotda",
        "list",
        "--project-id",
        pkgsdk::iotda::testing::PROJECT_ID,
    ];
    let keys = [
        ("IOTDA_AK", pkgsdk::iotda::testing::ACCESS_KEY_ID),
        ("IOTDA_SK", pkgsdk::iotda::testing::ACCESS_KEY_SECRET),
    ];
    let mut args = base.to_vec();
    args.extend([
        "--package-type",
        "firmwarePackage",
        "--output",
        "json",
        "--page-size",
        "7",
    ]);
    let run = pkgctl(&args, &keys).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let packages: Vec<OtaPackageInfo> = run
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(packages.len(), 30);
    // Not a regional Huawei host: derived V11 signing scoped to the default region.
    let request = mock.received_requests().await.pop().unwrap();
    let authorization = request.headers["authorization"].to_str().unwrap();
    assert!(
        authorization.starts_with("V11-HMAC-SHA256 Credential="),
        "{authorization}"
    );
    assert!(
        authorization.contains("/cn-north-4/iotdm,"),
        "{authorization}"
    );

    let mut args = base.to_vec();
    args.extend([
        "--package-type",
        "softwarePackage",
        "--product-id",
        "product-2",
        "--region",
        "ap-southeast-1",
    ]);
    let run = pkgctl(&args, &[("IOTDA_TOKEN", pkgsdk::iotda::testing::TOKEN)]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.lines().next().unwrap().starts_with("ID "));
    assert_eq!(run.stdout.lines().count(), 1 + 6);

    let mut args = base.to_vec();
    args.extend(["--package-type", "softwarePackage", "--page-size", "51"]);
    let run = pkgctl(&args, &keys).await;
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("`page_size` must be between 1 and 50 (got 51)"),
        "{}",
        run.stderr
    );
    let mut args = base.to_vec();
    args.extend(["--package-type", "bundle"]);
    assert_eq!(pkgctl(&args, &keys).await.code, 2);
}

#[tokio::test]
async fn appstore_show_in_both_formats() {
    use pkgsdk::appstore::testing::{
        SAMPLE_LISTING_VERSION_ID, SAMPLE_PACKAGE, SAMPLE_PACKAGE_VERSION_ID, TOKEN, USER_ID,
    };
    let mock = pkgsdk::testing::AppStoreMock::start().await;
    let uri = mock.uri();
    let (lv, pv) = (
        SAMPLE_LISTING_VERSION_ID.to_string(),
        SAMPLE_PACKAGE_VERSION_ID.to_string(),
    );
    let env = [("APPSTORE_USER_ID", USER_ID), ("APPSTORE_TOKEN", TOKEN)];
    let show = [
        "--base-url",
        uri.as_str(),
        "appstore",
        "show",
        "--listing-version-id",
        lv.as_str(),
        "--package-version-id",
        pv.as_str(),
    ];

    let run = pkgctl(&show, &env).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2);
    let cells: Vec<&str> = lines[1]
        .split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(
        cells,
        [
            "3084832",
            "Add credential package : soude - 2016-01-29 [try #1]_3084831",
            "1.0",
            "UNMANAGED",
            "VALIDATION_SUCCEEDED",
            "2133526"
        ]
    );

    let mut json = show.to_vec();
    json.extend(["--output", "json"]);
    let run = pkgctl(&json, &env).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let printed: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
    let sample: serde_json::Value = serde_json::from_str(SAMPLE_PACKAGE).unwrap();
    assert_eq!(printed, sample, "exactly as Oracle sent it");
    let _: pkgsdk::appstore::PackageVersion = serde_json::from_str(run.stdout.trim()).unwrap();

    let missing = [
        "--base-url",
        uri.as_str(),
        "appstore",
        "show",
        "--listing-version-id",
        lv.as_str(),
        "--package-version-id",
        "1",
    ];
    let run = pkgctl(&missing, &env).await;
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with("error: HTTP 404 Not Found"),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains(TOKEN) && !run.stderr.contains(TOKEN));

    let bad = [
        "--base-url",
        uri.as_str(),
        "appstore",
        "show",
        "--listing-version-id",
        "",
        "--package-version-id",
        "1",
    ];
    let run = pkgctl(&bad, &env).await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("`listing_version_id`"),
        "{}",
        run.stderr
    );
    let run = pkgctl(&show, &[("APPSTORE_USER_ID", USER_ID)]).await;
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("`APPSTORE_TOKEN` must be set"),
        "{}",
        run.stderr
    );
}

const OBCLOUD_ENV: [(&str, &str); 2] = [
    ("OBCLOUD_AK", pkgsdk::obcloud::testing::ACCESS_KEY_ID),
    ("OBCLOUD_SK", pkgsdk::obcloud::testing::ACCESS_KEY_SECRET),
];

async fn obcloud(mock: &pkgsdk::testing::ObCloudMock, args: &[&str]) -> Run {
    let uri = mock.uri();
    let mut all = vec![
        "--base-url",
        uri.as_str(),
        "obcloud",
        "backup-sets",
        "--instance-id",
        pkgsdk::obcloud::testing::INSTANCE_ID,
    ];
    all.extend_from_slice(args);
    pkgctl(&all, &OBCLOUD_ENV).await
}

#[tokio::test]
async fn obcloud_backup_sets_in_both_formats_through_digest() {
    use pkgsdk::obcloud::BackupSet;
    let mock = pkgsdk::testing::ObCloudMock::start().await;

    // The documented sample, as a table.
    let run = obcloud(&mock, &[]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    assert!(lines[0].starts_with("ID "), "{}", lines[0]);
    for column in ["NAME", "TYPE", "STATUS", "SIZE", "END", "TENANTS"] {
        assert!(lines[0].contains(column), "{column}");
    }
    assert!(lines[1].starts_with("bak-7aqvtc4ugvuo "), "{}", lines[1]);
    assert!(lines[1].contains("CLUSTER"), "{}", lines[1]);
    assert!(mock.verifier().accepted() > 0, "answered with Digest");

    // JSON Lines parse back into the vendor model.
    let run = obcloud(&mock, &["--output", "json"]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sets: Vec<BackupSet> = run
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(sets, pkgsdk::testing::ObCloudMock::sample());

    // Paging, limit and prefetch keep the order; the time range is sent in UTC.
    mock.generate_catalog(75);
    let run = obcloud(
        &mock,
        &[
            "--output",
            "json",
            "--page-size",
            "7",
            "--concurrency",
            "3",
            "--limit",
            "40",
            "--start-time",
            "2025-01-02T02:00:00+02:00",
            "--end-time",
            "2025-03-31T23:59:59Z",
            "--download-enabled",
            "--project-id",
            pkgsdk::obcloud::testing::PROJECT_ID,
        ],
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let ids: Vec<String> = run
        .stdout
        .lines()
        .map(|line| {
            serde_json::from_str::<BackupSet>(line)
                .unwrap()
                .backup_set_id
                .unwrap()
        })
        .collect();
    let expected: Vec<String> = (1..41).map(|n| format!("bak-mock{n:06}")).collect();
    assert_eq!(ids, expected, "from 2025-01-02 on, in order, 40 of them");
    let requests = mock.received_requests().await;
    let last = requests.last().unwrap();
    let query: std::collections::HashMap<_, _> = last.url.query_pairs().into_owned().collect();
    assert_eq!(
        query["startTime"], "2025-01-02T00:00:00Z",
        "offset converted to UTC"
    );
    assert_eq!(query["endTime"], "2025-03-31T23:59:59Z");
    assert_eq!(query["checkBackupSetDownloadEnable"], "true");
    assert_eq!(query["pageSize"], "7");
    assert_eq!(
        last.headers["x-ob-project-id"].to_str().unwrap(),
        pkgsdk::obcloud::testing::PROJECT_ID
    );
}

#[tokio::test]
async fn obcloud_bad_input_exits_2_with_zero_requests_and_server_errors_exit_1() {
    let mock = pkgsdk::testing::ObCloudMock::start().await;
    for (args, fragment) in [
        (
            vec!["--page-size", "0"],
            "`page_size` must be at least 1 (got 0",
        ),
        (
            vec!["--start-time", "2025-02-30T00:00:00Z"],
            "invalid value '2025-02-30T00:00:00Z' for '--start-time <T>'",
        ),
        (
            vec!["--end-time", "2025-12-03 12:57:32"],
            "must be an RFC 3339 date-time",
        ),
        (
            vec![
                "--start-time",
                "2025-12-04T00:00:00Z",
                "--end-time",
                "2025-12-03T00:00:00Z",
            ],
            "`time_range` start must not be after end",
        ),
        (vec!["--project-id", "a/b"], "`project_id` must be 1 to 128"),
    ] {
        let run = obcloud(&mock, &args).await;
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
        assert!(run.stderr.contains(fragment), "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty());
    }
    let run = pkgctl(
        &[
            "--base-url",
            &mock.uri(),
            "obcloud",
            "backup-sets",
            "--instance-id",
            "x/y",
        ],
        &OBCLOUD_ENV,
    )
    .await;
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("`instance_id`"), "{}", run.stderr);
    assert!(
        mock.received_requests().await.is_empty(),
        "zero requests sent"
    );

    // A wrong secret: refused after the challenge, named as an authentication failure.
    let run = pkgctl(
        &[
            "--base-url",
            &mock.uri(),
            "obcloud",
            "backup-sets",
            "--instance-id",
            "x",
        ],
        &[
            ("OBCLOUD_AK", pkgsdk::obcloud::testing::ACCESS_KEY_ID),
            ("OBCLOUD_SK", "wrong-secret"),
        ],
    )
    .await;
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("error: authentication failed"),
        "{}",
        run.stderr
    );
    // An unknown instance: the vendor's code and message.
    let run = obcloud(&mock, &[]).await;
    assert_eq!(run.code, 0);
    let run = pkgctl(
        &[
            "--base-url",
            &mock.uri(),
            "obcloud",
            "backup-sets",
            "--instance-id",
            "ob-missing",
        ],
        &OBCLOUD_ENV,
    )
    .await;
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .starts_with("error: HTTP 404 Not Found, code MOCK."),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.lines().count(), 1);
}

#[tokio::test]
async fn no_vendor_secret_appears_even_at_trace() {
    let ocp = OcpMock::start().await;
    let iotda = IotdaMock::start().await;
    let appstore = pkgsdk::testing::AppStoreMock::start().await;
    let obcloud_mock = pkgsdk::testing::ObCloudMock::start().await;
    let (ocp_uri, iotda_uri, appstore_uri, obcloud_uri) =
        (ocp.uri(), iotda.uri(), appstore.uri(), obcloud_mock.uri());
    let lv = pkgsdk::appstore::testing::SAMPLE_LISTING_VERSION_ID.to_string();
    let pv = pkgsdk::appstore::testing::SAMPLE_PACKAGE_VERSION_ID.to_string();
    let iotda_list = [
        "--base-url",
        iotda_uri.as_str(),
        "iotda",
        "list",
        "--project-id",
        pkgsdk::iotda::testing::PROJECT_ID,
        "--package-type",
        "firmwarePackage",
    ];
    let runs = [
        pkgctl(
            &iotda_list,
            &[
                ("IOTDA_AK", pkgsdk::iotda::testing::ACCESS_KEY_ID),
                ("IOTDA_SK", pkgsdk::iotda::testing::ACCESS_KEY_SECRET),
                ("RUST_LOG", "trace"),
            ],
        )
        .await,
        pkgctl(
            &iotda_list,
            &[
                ("IOTDA_TOKEN", pkgsdk::iotda::testing::TOKEN),
                ("RUST_LOG", "trace"),
            ],
        )
        .await,
        pkgctl(
            &iotda_list,
            &[("IOTDA_TOKEN", "not-the-token"), ("RUST_LOG", "trace")],
        )
        .await,
        pkgctl(
            &[
                "--base-url",
                &appstore_uri,
                "appstore",
                "show",
                "--listing-version-id",
                &lv,
                "--package-version-id",
                &pv,
            ],
            &[
                ("APPSTORE_USER_ID", pkgsdk::appstore::testing::USER_ID),
                ("APPSTORE_TOKEN", pkgsdk::appstore::testing::TOKEN),
                ("RUST_LOG", "trace"),
            ],
        )
        .await,
        pkgctl(
            &[
                "--base-url",
                &obcloud_uri,
                "obcloud",
                "backup-sets",
                "--instance-id",
                pkgsdk::obcloud::testing::INSTANCE_ID,
            ],
            &[
                ("OBCLOUD_AK", pkgsdk::obcloud::testing::ACCESS_KEY_ID),
                ("OBCLOUD_SK", pkgsdk::obcloud::testing::ACCESS_KEY_SECRET),
                ("RUST_LOG", "trace"),
            ],
        )
        .await,
        pkgctl(
            &["--base-url", &ocp_uri, "ocp", "list"],
            &[
                ("OCP_USERNAME", "admin"),
                ("OCP_PASSWORD", "ocp-mock-password"),
                ("RUST_LOG", "trace"),
            ],
        )
        .await,
    ];
    for (index, run) in runs.iter().enumerate() {
        if index != 2 {
            assert_eq!(run.code, 0, "run {index}: {}", run.stderr);
        }
        assert!(
            run.stderr.contains("pkgsdk.request"),
            "run {index}: trace logs written"
        );
        for secret in [
            pkgsdk::iotda::testing::ACCESS_KEY_SECRET,
            pkgsdk::iotda::testing::TOKEN,
            "not-the-token",
            pkgsdk::appstore::testing::TOKEN,
            pkgsdk::obcloud::testing::ACCESS_KEY_SECRET,
            "ocp-mock-password",
        ] {
            assert!(
                !run.stdout.contains(secret) && !run.stderr.contains(secret),
                "run {index}: {secret} leaked"
            );
        }
    }
}

#[tokio::test]
async fn ctrl_c_or_sigterm_during_a_download_leaves_no_temporary_file() {
    // The file server accepts the connection and never answers: the download waits.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let file_url = format!("http://{}/files/big.rpm", listener.local_addr().unwrap());
    let mock = OcpMock::start().await;
    let mut package = SoftwarePackageMeta::new(7);
    package.file_name = Some("big.rpm".into());
    package.download_url = Some(file_url);
    mock.set_catalog(vec![package]);
    for (signal, status) in [("TERM", 143), ("INT", 130)] {
        let dir = scratch("signal");
        let child = Command::new(env!("CARGO_BIN_EXE_pkgctl"))
            .args(["--base-url", &mock.uri(), "ocp", "download", "7", "--dest"])
            .arg(dir.path())
            .envs(OCP_ENV)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Wait (bounded) for the temporary file, then send the signal.
        let mut waited = 0;
        while entries(dir.path()).is_empty() {
            assert!(waited < 2_000, "no temporary file appeared");
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            waited += 1;
        }
        let temporary = entries(dir.path()).remove(0);
        assert!(
            Path::new(&temporary)
                .extension()
                .is_some_and(|extension| extension == "part"),
            "{temporary}"
        );
        // The shell's own `kill`: no separate binary needed.
        let killed = Command::new("sh")
            .args(["-c", &format!("kill -{signal} {}", child.id())])
            .status()
            .unwrap();
        assert!(killed.success());
        let output = tokio::task::spawn_blocking(move || child.wait_with_output())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(output.status.code(), Some(status), "SIG{signal}");
        assert_eq!(
            String::from_utf8(output.stderr).unwrap().trim(),
            format!("error: interrupted by SIG{signal}")
        );
        assert!(entries(dir.path()).is_empty(), "{:?}", entries(dir.path()));
    }
    drop(listener);
}

#[tokio::test]
async fn a_download_without_published_size_or_sha1_says_it_is_not_verified() {
    let files = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::path("/files/bare.rpm"))
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_bytes(b"some bytes".to_vec()))
        .mount(&files)
        .await;
    let mock = OcpMock::start().await;
    let mut package = SoftwarePackageMeta::new(8);
    package.file_name = Some("bare.rpm".into());
    package.download_url = Some(format!("{}/files/bare.rpm", files.uri()));
    mock.set_catalog(vec![package]);
    let dir = scratch("unverified");
    let dest = dir.path().to_str().unwrap();
    let run = ocp(&mock, &["ocp", "download", "8", "--dest", dest]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("NOT VERIFIED"), "{}", run.stdout);
    assert!(
        run.stderr
            .starts_with("warning: package 8 has no published size or SHA-1"),
        "{}",
        run.stderr
    );
    let run = ocp(
        &mock,
        &["ocp", "download", "8", "--dest", dest, "--output", "json"],
    )
    .await;
    let report: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
    assert_eq!(report["verified"], false);
}

#[tokio::test]
async fn server_text_cannot_drive_the_terminal_or_forge_rows() {
    let mock = OcpMock::start().await;
    let mut package = SoftwarePackageMeta::new(9);
    package.name = Some("evil\u{1b}]0;pwned\u{7}\u{1b}[2J\nforged\u{202e}row".into());
    mock.set_catalog(vec![package]);
    let run = ocp(&mock, &["ocp", "list"]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !run.stdout
            .chars()
            .any(|c| c.is_control() && c != '\n' || c == '\u{202e}'),
        "{:?}",
        run.stdout
    );
    assert_eq!(
        run.stdout.lines().count(),
        2,
        "a header and one row: {}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains(r"evil\u{1b}]0;pwned\u{7}\u{1b}[2J\nforged\u{202e}row"),
        "{}",
        run.stdout
    );

    // An error message from the server is escaped on stderr too.
    mock.faults().push(
        Fault::status(400).with_body(
            serde_json::json!({"successful": false, "error": {"code": 10001, "message": "bad\u{1b}[31m \u{7}"}})
                .to_string(),
        ),
    );
    let run = ocp(&mock, &["ocp", "list"]).await;
    assert_eq!(run.code, 1);
    assert!(
        !run.stderr.contains('\u{1b}') && !run.stderr.contains('\u{7}'),
        "{:?}",
        run.stderr
    );
}

#[tokio::test]
async fn json_and_table_output_agree_on_records_the_model_rejects() {
    let mock = OcpMock::start().await;
    mock.generate_catalog(3);
    for format in ["table", "json"] {
        // An id no integer type holds.
        mock.faults().push(Fault::map_body(|body| {
            String::from_utf8_lossy(body)
                .replacen("\"id\":1,", "\"id\":1e400,", 1)
                .into_bytes()
        }));
        let run = ocp(&mock, &["ocp", "list", "--output", format]).await;
        assert_eq!(run.code, 1, "{format}: {}", run.stdout);
        assert!(
            run.stderr.contains("data.contents[0]"),
            "{format}: {}",
            run.stderr
        );
    }
}

#[tokio::test]
async fn a_success_without_the_envelopes_data_is_an_error_naming_it() {
    let mock = OcpMock::start().await;
    mock.generate_catalog(3);
    for format in ["table", "json"] {
        mock.faults().push(Fault::ReplaceBody(b"{}".to_vec()));
        let run = ocp(&mock, &["ocp", "list", "--output", format]).await;
        assert_eq!(run.code, 1, "{format}: {}", run.stdout);
        assert!(run.stderr.contains("`data`"), "{format}: {}", run.stderr);
    }
}
