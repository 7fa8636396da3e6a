//! Profiles: which file and profile are read, what wins over what, credentials files and
//! their permissions, and `config show`.

// Test code: a panic is a failed assertion.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use pkgsdk::testing::{OcpMock, iotda, ocp};
use std::path::{Path, PathBuf};
use support::{OCP_ENV, pkgctl};

/// A directory holding `pkgctl/config.toml` (as `XDG_CONFIG_HOME`) and other files.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new(config: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("pkgctl")).unwrap();
        std::fs::write(dir.path().join("pkgctl/config.toml"), config).unwrap();
        Self { dir }
    }

    fn path(&self) -> &str {
        self.dir.path().to_str().unwrap()
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("pkgctl/config.toml")
    }

    /// Writes a credentials file with `mode`.
    fn credentials(&self, name: &str, text: &str, mode: u32) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        set_mode(&path, mode);
        path
    }
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(not(unix))]
fn set_mode(_: &Path, _: u32) {}

fn ids(stdout: &str) -> usize {
    stdout.lines().skip(1).count()
}

#[tokio::test]
async fn the_default_profile_supplies_the_endpoint_and_the_flag_wins() {
    let mock = OcpMock::start().await;
    mock.generate_catalog(4);
    let home = Home::new(&format!(
        "[profiles.default.ocp]\nendpoint = \"{}\"\n\n[profiles.dead.ocp]\nendpoint = \"http://127.0.0.1:9\"\n",
        mock.uri()
    ));
    let env = [OCP_ENV[0], OCP_ENV[1], ("XDG_CONFIG_HOME", home.path())];
    let listed = pkgctl(&["ocp", "list"], &env).await;
    assert_eq!(ids(&listed.ok().stdout), 4);

    // PKGCTL_PROFILE picks a profile; --profile wins over it; --base-url wins over both.
    let with_env = [env[0], env[1], env[2], ("PKGCTL_PROFILE", "dead")];
    let dead = pkgctl(&["--retries", "0", "ocp", "list"], &with_env).await;
    dead.exits(1);
    let flag = pkgctl(&["--profile", "default", "ocp", "list"], &with_env).await;
    assert_eq!(ids(&flag.ok().stdout), 4);
    let uri = mock.uri();
    let base_url = pkgctl(&["--base-url", &uri, "ocp", "list"], &with_env).await;
    assert_eq!(ids(&base_url.ok().stdout), 4);

    // An unknown profile is a usage error naming the ones there are.
    let unknown = pkgctl(&["--profile", "staging", "ocp", "list"], &env).await;
    unknown.exits(2);
    assert!(unknown.stderr.contains("`staging`"), "{}", unknown.stderr);
    assert!(
        unknown.stderr.contains("dead, default"),
        "{}",
        unknown.stderr
    );
    assert!(
        mock.received_requests().await.len() == 3,
        "only the three lists that ran"
    );
}

#[tokio::test]
async fn credentials_come_from_env_then_the_named_variable_then_the_file() {
    let mock = OcpMock::start().await;
    let home = Home::new("");
    let file = home.credentials(
        "ocp.credentials",
        &format!(
            "OCP_USERNAME = \"{}\"\nOCP_PASSWORD = \"{}\"\n",
            ocp::USERNAME,
            ocp::PASSWORD
        ),
        0o600,
    );
    std::fs::write(
        home.config(),
        format!(
            "[profiles.prod]\ncredentials_file = \"{}\"\n[profiles.prod.env]\nOCP_PASSWORD = \"PROD_OCP_PASSWORD\"\n[profiles.prod.ocp]\nendpoint = \"{}\"\n",
            file.display(),
            mock.uri()
        ),
    )
    .unwrap();
    let base = [("XDG_CONFIG_HOME", home.path()), ("PKGCTL_PROFILE", "prod")];

    // The file alone works.
    pkgctl(&["ocp", "list"], &base).await.ok();
    // The variable the profile names wins over the file…
    let named_wrong = [base[0], base[1], ("PROD_OCP_PASSWORD", "wrong-password")];
    let refused = pkgctl(&["ocp", "list"], &named_wrong).await;
    refused.exits(1);
    assert!(refused.stderr.contains("401"), "{}", refused.stderr);
    // …and the credential's own variable wins over both.
    let own = [
        named_wrong[0],
        named_wrong[1],
        named_wrong[2],
        ("OCP_PASSWORD", ocp::PASSWORD),
    ];
    pkgctl(&["ocp", "list"], &own).await.ok();

    // config show says where each came from, secrets redacted.
    let shown = pkgctl(&["config", "show"], &named_wrong).await;
    shown.ok().shows_no_secret();
    assert!(
        shown.stdout.contains("profile: prod (PKGCTL_PROFILE)"),
        "{}",
        shown.stdout
    );
    assert!(
        shown
            .stdout
            .contains(&format!("ocp.endpoint = {} (profile)", mock.uri())),
        "{}",
        shown.stdout
    );
    assert!(
        shown.stdout.contains(&format!(
            "OCP_USERNAME = {} (credentials file {})",
            ocp::USERNAME,
            file.display()
        )),
        "{}",
        shown.stdout
    );
    assert!(
        shown
            .stdout
            .contains("OCP_PASSWORD = [redacted] (environment variable PROD_OCP_PASSWORD)"),
        "{}",
        shown.stdout
    );
    assert!(!shown.stdout.contains("wrong-password"));
    assert!(
        shown.stdout.contains("IOTDA_TOKEN: not set"),
        "{}",
        shown.stdout
    );
    let json = pkgctl(&["--output", "json", "config", "show"], &own).await;
    let document: serde_json::Value = serde_json::from_str(json.ok().stdout.trim()).unwrap();
    assert_eq!(document["settings"]["OCP_PASSWORD"]["value"], "[redacted]");
    assert_eq!(
        document["settings"]["OCP_PASSWORD"]["source"],
        "environment variable OCP_PASSWORD"
    );
    json.shows_no_secret();
}

#[cfg(unix)]
#[tokio::test]
async fn a_credentials_file_others_can_read_is_refused() {
    let mock = OcpMock::start().await;
    let home = Home::new("");
    let file = home.credentials(
        "open.credentials",
        &format!(
            "OCP_USERNAME = \"{}\"\nOCP_PASSWORD = \"{}\"\n",
            ocp::USERNAME,
            ocp::PASSWORD
        ),
        0o644,
    );
    std::fs::write(
        home.config(),
        format!(
            "[profiles.default]\ncredentials_file = \"{}\"\n[profiles.default.ocp]\nendpoint = \"{}\"\n",
            file.display(),
            mock.uri()
        ),
    )
    .unwrap();
    let env = [("XDG_CONFIG_HOME", home.path())];
    let refused = pkgctl(&["ocp", "list"], &env).await;
    refused.exits(2).shows_no_secret();
    assert!(refused.stderr.contains("mode 644"), "{}", refused.stderr);
    assert!(
        refused
            .stderr
            .contains(&format!("chmod 600 {}", file.display())),
        "{}",
        refused.stderr
    );
    assert!(
        mock.received_requests().await.is_empty(),
        "nothing was sent"
    );
    set_mode(&file, 0o600);
    pkgctl(&["ocp", "list"], &env).await.ok();
}

#[tokio::test]
async fn a_bad_configuration_is_a_usage_error_naming_the_problem() {
    let home = Home::new("[profiles.default.ocp]\nendpiont = \"https://typo\"\n");
    let env = [OCP_ENV[0], OCP_ENV[1], ("XDG_CONFIG_HOME", home.path())];
    let typo = pkgctl(&["ocp", "list"], &env).await;
    typo.exits(2);
    assert!(typo.stderr.contains("endpiont"), "{}", typo.stderr);

    let missing = pkgctl(
        &["--config", "/nonexistent/pkgctl.toml", "ocp", "list"],
        &env,
    )
    .await;
    missing.exits(2);
    assert!(
        missing.stderr.contains("/nonexistent/pkgctl.toml"),
        "{}",
        missing.stderr
    );

    let home = Home::new("");
    let file = home.credentials("bad.credentials", "IOTDA_TOKNE = \"x\"\n", 0o600);
    std::fs::write(
        home.config(),
        format!(
            "[profiles.default]\ncredentials_file = \"{}\"\n",
            file.display()
        ),
    )
    .unwrap();
    let unknown = pkgctl(&["config", "show"], &[("XDG_CONFIG_HOME", home.path())]).await;
    unknown.exits(2);
    assert!(unknown.stderr.contains("IOTDA_TOKNE"), "{}", unknown.stderr);
}

#[tokio::test]
async fn iotda_settings_come_from_the_profile() {
    let mock = pkgsdk::testing::IotdaMock::start().await;
    let home = Home::new(&format!(
        "[profiles.default.iotda]\nendpoint = \"{}\"\nproject_id = \"{}\"\n",
        mock.uri(),
        iotda::PROJECT_ID
    ));
    let env = [
        ("XDG_CONFIG_HOME", home.path()),
        ("IOTDA_TOKEN", iotda::TOKEN),
    ];
    let listed = pkgctl(
        &["iotda", "list", "--package-type", "firmwarePackage"],
        &env,
    )
    .await;
    listed.ok();
    assert!(listed.stdout.lines().count() > 1, "{}", listed.stdout);
    let requests = mock.received_requests().await;
    assert!(requests[0].url.path().contains(iotda::PROJECT_ID));
}
