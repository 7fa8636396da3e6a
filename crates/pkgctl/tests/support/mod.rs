//! Running the built `pkgctl` as a user would, with a controlled environment.

// Each test file uses part of this.
#![allow(dead_code)]

use std::process::Command;

/// What a run of `pkgctl` produced.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `pkgctl args…` with exactly `env` as its vendor environment.
pub async fn pkgctl(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pkgctl"));
    command.args(args);
    let others = [
        "RUST_LOG",
        "PKGCTL_PROFILE",
        "HTTPS_PROXY",
        "HTTP_PROXY",
        "ALL_PROXY",
    ];
    for name in pkgctl::CREDENTIAL_VARIABLES.iter().chain(&others) {
        command.env_remove(name);
    }
    // Never the developer's own configuration.
    command.env("XDG_CONFIG_HOME", "/nonexistent/pkgctl-tests");
    command.envs(env.iter().copied());
    let output = tokio::task::spawn_blocking(move || command.output())
        .await
        .unwrap()
        .unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

use pkgsdk::testing::{appstore, iotda, obcloud, ocp};

/// Each mock's credentials, as the environment variables pkgctl reads.
pub const OCP_ENV: [(&str, &str); 2] = [
    ("OCP_USERNAME", ocp::USERNAME),
    ("OCP_PASSWORD", ocp::PASSWORD),
];
/// IoTDA's fixed token.
pub const IOTDA_ENV: [(&str, &str); 1] = [("IOTDA_TOKEN", iotda::TOKEN)];
/// Oracle's user and fixed token.
pub const APPSTORE_ENV: [(&str, &str); 2] = [
    ("APPSTORE_USER_ID", appstore::USER_ID),
    ("APPSTORE_TOKEN", appstore::TOKEN),
];
/// OceanBase Cloud's AccessKey pair.
pub const OBCLOUD_ENV: [(&str, &str); 2] = [
    ("OBCLOUD_AK", obcloud::ACCESS_KEY_ID),
    ("OBCLOUD_SK", obcloud::ACCESS_KEY_SECRET),
];

/// Every secret the mocks accept: none may ever be printed.
pub const SECRETS: [&str; 7] = [
    ocp::PASSWORD,
    ocp::ACCESS_KEY_SECRET,
    iotda::TOKEN,
    iotda::ACCESS_KEY_SECRET,
    iotda::IAM_PASSWORD,
    appstore::TOKEN,
    obcloud::ACCESS_KEY_SECRET,
];

impl Run {
    /// Asserts success, showing stderr otherwise.
    pub fn ok(&self) -> &Self {
        assert_eq!(self.code, 0, "stderr: {}", self.stderr);
        self
    }

    /// Asserts exit status `code`.
    pub fn exits(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "stdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        self
    }

    /// The first row of a table on stdout (the line after the header).
    pub fn first_row(&self) -> &str {
        self.stdout.lines().nth(1).unwrap_or_default()
    }

    /// Asserts that no secret appears in stdout or stderr.
    pub fn shows_no_secret(&self) -> &Self {
        for secret in SECRETS {
            assert!(!self.stdout.contains(secret), "stdout shows {secret}");
            assert!(!self.stderr.contains(secret), "stderr shows {secret}");
        }
        self
    }
}

/// `env`, plus one more variable.
pub fn with<'a>(
    env: &[(&'a str, &'a str)],
    more: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    env.iter().chain(more).copied().collect()
}
