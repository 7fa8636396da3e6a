//! Production transport from the command line: a private CA (`--ca-cert`, the profile's
//! `ca_cert`), `--insecure`, and proxies (`--proxy`, and the environment's `HTTPS_PROXY`
//! with `NO_PROXY`), against real local TLS servers and proxies.

// Test code: a panic is a failed assertion.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use pkgsdk::runtime::testing::{ForwardProxy, TestCa, TlsProxy};
use pkgsdk::testing::OcpMock;
use support::{OCP_ENV, pkgctl, with};

/// An OCP mock behind TLS with a certificate from a private CA, whose PEM is in a file.
struct Private {
    mock: OcpMock,
    tls: TlsProxy,
    dir: tempfile::TempDir,
}

impl Private {
    async fn start() -> Self {
        let mock = OcpMock::start().await;
        mock.generate_catalog(3);
        let ca = TestCa::new("internal CA");
        let tls = TlsProxy::start(&mock.uri(), &ca.issue(&["localhost"]), None)
            .await
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("ca.pem"), ca.pem()).unwrap();
        Self { mock, tls, dir }
    }

    fn ca(&self) -> String {
        self.dir.path().join("ca.pem").display().to_string()
    }
}

#[tokio::test]
async fn a_private_ca_is_trusted_with_ca_cert_or_the_profile() {
    let private = Private::start().await;
    let uri = private.tls.uri();
    let ca = private.ca();
    let listed = pkgctl(
        &["--base-url", &uri, "--ca-cert", &ca, "ocp", "list"],
        &OCP_ENV,
    )
    .await;
    assert_eq!(listed.ok().stdout.lines().count(), 4, "{}", listed.stdout);

    let refused = pkgctl(
        &["--retries", "0", "--base-url", &uri, "ocp", "list"],
        &OCP_ENV,
    )
    .await;
    refused.exits(1);
    assert!(refused.stderr.contains("certificate"), "{}", refused.stderr);
    assert!(refused.stderr.contains("--ca-cert"), "{}", refused.stderr);

    let config = private.dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[profiles.default]\nca_cert = \"{ca}\"\n[profiles.default.ocp]\nendpoint = \"{uri}\"\n"
        ),
    )
    .unwrap();
    let config = config.display().to_string();
    pkgctl(&["--config", &config, "ocp", "list"], &OCP_ENV)
        .await
        .ok();
    let shown = pkgctl(&["--config", &config, "config", "show"], &OCP_ENV).await;
    assert!(
        shown
            .ok()
            .stdout
            .contains(&format!("ca_cert = {ca} (profile)")),
        "{}",
        shown.stdout
    );

    let missing = pkgctl(
        &[
            "--base-url",
            &uri,
            "--ca-cert",
            "/nonexistent.pem",
            "ocp",
            "list",
        ],
        &OCP_ENV,
    )
    .await;
    missing.exits(2);
    assert!(
        missing.stderr.contains("/nonexistent.pem"),
        "{}",
        missing.stderr
    );
}

#[tokio::test]
async fn insecure_works_and_says_so_every_time() {
    let private = Private::start().await;
    let uri = private.tls.uri();
    let run = pkgctl(
        &["-q", "--insecure", "--base-url", &uri, "ocp", "list"],
        &OCP_ENV,
    )
    .await;
    run.ok();
    assert!(
        run.stderr.starts_with("warning: --insecure"),
        "{}",
        run.stderr
    );
}

#[tokio::test]
async fn proxies_from_the_flag_or_the_environment() {
    let private = Private::start().await;
    let proxy = ForwardProxy::start().await.unwrap();
    let uri = private.tls.uri();
    let ca = private.ca();
    let tunnel = format!("localhost:{}", private.tls.port());

    let flag = pkgctl(
        &[
            "--base-url",
            &uri,
            "--ca-cert",
            &ca,
            "--proxy",
            &proxy.uri(),
            "ocp",
            "list",
        ],
        &OCP_ENV,
    )
    .await;
    flag.ok();
    assert_eq!(proxy.requests().len(), 1);
    assert_eq!(proxy.requests()[0].method, "CONNECT");
    assert_eq!(proxy.requests()[0].target, tunnel);

    // HTTPS_PROXY is honoured…
    let proxy_uri = proxy.uri();
    let env = with(&OCP_ENV, &[("HTTPS_PROXY", proxy_uri.as_str())]);
    pkgctl(&["--base-url", &uri, "--ca-cert", &ca, "ocp", "list"], &env)
        .await
        .ok();
    assert_eq!(proxy.requests().len(), 2);
    // …and NO_PROXY exempts a host from it.
    let env = with(&env, &[("NO_PROXY", "localhost")]);
    pkgctl(&["--base-url", &uri, "--ca-cert", &ca, "ocp", "list"], &env)
        .await
        .ok();
    assert_eq!(proxy.requests().len(), 2, "not through the proxy");

    // A proxy asking for credentials gets the profile's user and PKGCTL_PROXY_PASSWORD.
    proxy.require_basic("ops", "pr0xy");
    let config = private.dir.path().join("proxy.toml");
    std::fs::write(
        &config,
        format!("[profiles.default]\nproxy = \"{proxy_uri}\"\nproxy_user = \"ops\"\nca_cert = \"{ca}\"\n"),
    )
    .unwrap();
    let config = config.display().to_string();
    let refused = pkgctl(
        &[
            "--retries",
            "0",
            "--config",
            &config,
            "--base-url",
            &uri,
            "ocp",
            "list",
        ],
        &OCP_ENV,
    )
    .await;
    refused.exits(1);
    let env = with(&OCP_ENV, &[("PKGCTL_PROXY_PASSWORD", "pr0xy")]);
    let through = pkgctl(
        &[
            "-vv",
            "--config",
            &config,
            "--base-url",
            &uri,
            "ocp",
            "list",
        ],
        &env,
    )
    .await;
    through.ok();
    assert!(!through.stderr.contains("pr0xy") && !through.stdout.contains("pr0xy"));
    assert!(private.mock.received_requests().await.len() >= 4);
}

#[tokio::test]
async fn ssl_cert_file_is_honoured_as_the_platform_roots() {
    let private = Private::start().await;
    let uri = private.tls.uri();
    let ca = private.ca();
    let env = with(&OCP_ENV, &[("SSL_CERT_FILE", ca.as_str())]);
    let listed = pkgctl(&["--base-url", &uri, "ocp", "list"], &env).await;
    assert_eq!(listed.ok().stdout.lines().count(), 4, "{}", listed.stdout);
}
