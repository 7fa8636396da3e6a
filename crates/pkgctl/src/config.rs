//! Profiles: the configuration file, the chosen profile, and where each credential comes from.
//!
//! ```toml
//! [profiles.prod]
//! credentials_file = "~/.config/pkgctl/prod.credentials"   # TOML, mode 0600
//!
//! [profiles.prod.env]            # a credential read from another variable
//! OCP_PASSWORD = "PROD_OCP_PASSWORD"
//!
//! [profiles.prod.ocp]
//! endpoint = "https://ocp.example.com:8080"
//!
//! [profiles.prod.iotda]
//! region = "cn-north-4"
//! project_id = "77b6a44cba5143ab91d13ab9a8ff44fd"
//! ```
//!
//! A setting comes from the command line, else the profile. A credential comes from its own
//! environment variable (`OCP_PASSWORD`), else the variable the profile's `env` table names
//! for it, else the profile's credentials file — which must not be readable by other users.

use crate::Failure;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Every credential pkgctl reads, by the name of its environment variable.
pub const CREDENTIALS: &[&str] = &[
    "OCP_USERNAME",
    "OCP_PASSWORD",
    "OCP_AK",
    "OCP_SK",
    "IOTDA_TOKEN",
    "IOTDA_AK",
    "IOTDA_SK",
    "IOTDA_IAM_USER",
    "IOTDA_IAM_PASSWORD",
    "IOTDA_IAM_DOMAIN",
    "APPSTORE_USER_ID",
    "APPSTORE_TOKEN",
    "APPSTORE_CLIENT_ID",
    "APPSTORE_CLIENT_SECRET",
    "OBCLOUD_AK",
    "OBCLOUD_SK",
    "PKGCTL_PROXY_PASSWORD",
];

/// Whether the credential `name` is a secret (never printed) rather than an identifier.
pub fn is_secret(name: &str) -> bool {
    ["PASSWORD", "_SK", "TOKEN", "SECRET"]
        .iter()
        .any(|marker| name.ends_with(marker))
}

/// The configuration file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    profiles: BTreeMap<String, Profile>,
}

/// One profile: endpoints, regions, ids, and where credentials are.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// A TOML file of credentials by variable name (`OCP_PASSWORD = "…"`), mode 0600.
    pub credentials_file: Option<PathBuf>,
    /// Credential name → the environment variable holding it.
    #[serde(default)]
    pub env: BTreeMap<String, String>,
    /// Allow credentials over plain http:// to a host other than loopback.
    #[serde(default)]
    pub allow_insecure_http: bool,
    /// A PEM file of CA certificates to trust too.
    pub ca_cert: Option<PathBuf>,
    /// Do not verify TLS certificates (for a lab only).
    #[serde(default)]
    pub insecure: bool,
    /// The proxy to send requests through.
    pub proxy: Option<String>,
    /// The proxy's user (its password: `PKGCTL_PROXY_PASSWORD`).
    pub proxy_user: Option<String>,
    /// OCP settings.
    pub ocp: Option<OcpProfile>,
    /// IoTDA settings.
    pub iotda: Option<IotdaProfile>,
    /// Oracle Marketplace settings.
    pub appstore: Option<AppstoreProfile>,
    /// OceanBase Cloud settings.
    pub obcloud: Option<ObcloudProfile>,
}

/// OCP settings of a profile.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OcpProfile {
    /// The OCP server's base URL.
    pub endpoint: Option<String>,
}

/// IoTDA settings of a profile.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IotdaProfile {
    /// An explicit endpoint (default: the region's).
    pub endpoint: Option<String>,
    /// The region.
    pub region: Option<String>,
    /// The project id.
    pub project_id: Option<String>,
    /// The instance id.
    pub instance_id: Option<String>,
    /// A private IAM endpoint for IAM password tokens.
    pub iam_endpoint: Option<String>,
}

/// Oracle Marketplace settings of a profile.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppstoreProfile {
    /// The API's base URL.
    pub endpoint: Option<String>,
}

/// OceanBase Cloud settings of a profile.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObcloudProfile {
    /// The API's base URL.
    pub endpoint: Option<String>,
    /// The project id.
    pub project_id: Option<String>,
    /// The instance whose backup sets are listed.
    pub instance_id: Option<String>,
}

/// Where a setting or credential came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// An environment variable.
    Env(String),
    /// The profile's credentials file.
    File(PathBuf),
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Env(name) => write!(f, "environment variable {name}"),
            Self::File(path) => write!(f, "credentials file {}", path.display()),
        }
    }
}

/// The configuration in effect: the file, the profile, and the credentials file's values.
#[derive(Debug, Default)]
pub struct Settings {
    /// The configuration file read, if any.
    pub config_file: Option<PathBuf>,
    /// The profile chosen and why, if any.
    pub profile_name: Option<(String, &'static str)>,
    /// The profile (empty without one).
    pub profile: Profile,
    /// The credentials file read, if any.
    pub credentials_file: Option<PathBuf>,
    credentials: BTreeMap<String, String>,
}

impl Settings {
    /// Reads the configuration `--config` names (or the default file, if it exists) and the
    /// profile `--profile` or `PKGCTL_PROFILE` names (or `default`, if the file has it).
    pub fn load(config: Option<&Path>, profile: Option<&str>) -> Result<Self, Failure> {
        let (path, explicit_file) = match config {
            Some(path) => (Some(path.to_path_buf()), true),
            None => (default_config_path(), false),
        };
        let (requested, why) = match (profile, std::env::var("PKGCTL_PROFILE")) {
            (Some(name), _) => (Some(name.to_owned()), "--profile"),
            (None, Ok(name)) if !name.is_empty() => (Some(name), "PKGCTL_PROFILE"),
            _ => (None, "default"),
        };
        let file = match &path {
            Some(path) if explicit_file || path.exists() => {
                let text = std::fs::read_to_string(path).map_err(|error| {
                    Failure::Usage(format!(
                        "could not read the configuration file {}: {error}",
                        path.display()
                    ))
                })?;
                let file: ConfigFile = toml::from_str(&text).map_err(|error| {
                    Failure::Usage(format!(
                        "configuration file {}: {}",
                        path.display(),
                        error.message()
                    ))
                })?;
                Some((path.clone(), file))
            }
            _ => None,
        };
        let mut settings = Self::default();
        let Some((path, mut file)) = file else {
            if let Some(name) = requested {
                return Err(Failure::Usage(format!(
                    "profile `{name}` ({why}) needs a configuration file, and there is none \
                     (looked for {}; pass --config FILE)",
                    display_path(path.as_deref())
                )));
            }
            return Ok(settings);
        };
        let name = requested.clone().unwrap_or_else(|| "default".to_owned());
        match file.profiles.remove(&name) {
            Some(profile) => {
                settings.profile = profile;
                settings.profile_name = Some((name, why));
            }
            None if requested.is_some() => {
                let known: Vec<&str> = file.profiles.keys().map(String::as_str).collect();
                return Err(Failure::Usage(format!(
                    "profile `{name}` ({why}) is not in {} (it has: {})",
                    path.display(),
                    if known.is_empty() {
                        "none".to_owned()
                    } else {
                        known.join(", ")
                    }
                )));
            }
            None => {}
        }
        if let Some(credentials) = settings.profile.credentials_file.clone() {
            let credentials = resolve(&credentials, &path);
            settings.credentials = read_credentials(&credentials)?;
            settings.credentials_file = Some(credentials);
        }
        settings.config_file = Some(path);
        Ok(settings)
    }

    /// The credential `name` and where it came from: its own environment variable, the
    /// variable the profile names for it, or the credentials file.
    pub fn credential(&self, name: &str) -> Option<(String, Source)> {
        let from_env = |variable: &str| {
            std::env::var(variable)
                .ok()
                .filter(|value| !value.is_empty())
                .map(|value| (value, Source::Env(variable.to_owned())))
        };
        from_env(name)
            .or_else(|| self.profile.env.get(name).and_then(|other| from_env(other)))
            .or_else(|| {
                let file = self.credentials_file.as_ref()?;
                let value = self.credentials.get(name)?;
                Some((value.clone(), Source::File(file.clone())))
            })
    }

    /// The credential `name`, which must be set; `together_with` names the set it belongs to.
    pub fn required(&self, name: &str, together_with: &str) -> Result<String, Failure> {
        self.credential(name)
            .map(|(value, _)| value)
            .ok_or_else(|| {
                Failure::Usage(format!(
                    "environment variable `{name}` must be set ({together_with}), or the profile's \
                 credentials file must hold it"
                ))
            })
    }

    /// Whether the credential `name` is set anywhere.
    pub fn has(&self, name: &str) -> bool {
        self.credential(name).is_some()
    }
}

/// `$XDG_CONFIG_HOME/pkgctl/config.toml`, else `~/.config/pkgctl/config.toml`.
fn default_config_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".config")))?;
    Some(base.join("pkgctl").join("config.toml"))
}

fn display_path(path: Option<&Path>) -> String {
    path.map_or_else(
        || "no home directory".to_owned(),
        |path| path.display().to_string(),
    )
}

/// `~/…` under the home directory; a relative path beside the configuration file.
fn resolve(path: &Path, config_file: &Path) -> PathBuf {
    if let Ok(rest) = path.strip_prefix("~")
        && let Some(home) = std::env::var_os("HOME")
    {
        return PathBuf::from(home).join(rest);
    }
    if path.is_relative()
        && let Some(dir) = config_file.parent()
    {
        return dir.join(path);
    }
    path.to_path_buf()
}

/// Reads a credentials file: TOML string values by variable name, readable by its owner only.
fn read_credentials(path: &Path) -> Result<BTreeMap<String, String>, Failure> {
    let failure =
        |what: String| Failure::Usage(format!("credentials file {}: {what}", path.display()));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(path)
            .map_err(|error| failure(format!("could not read it: {error}")))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            return Err(failure(format!(
                "other users can read it (mode {:o}); restrict it with `chmod 600 {}`",
                mode & 0o777,
                path.display()
            )));
        }
    }
    let text = std::fs::read_to_string(path)
        .map_err(|error| failure(format!("could not read it: {error}")))?;
    // Values are never echoed: a parse error names the line, not the text.
    let values: BTreeMap<String, toml::Value> = toml::from_str(&text)
        .map_err(|error| failure(format!("is not valid TOML ({})", error.message())))?;
    values
        .into_iter()
        .map(|(name, value)| match value {
            toml::Value::String(text) if CREDENTIALS.contains(&name.as_str()) => Ok((name, text)),
            toml::Value::String(_) => Err(failure(format!(
                "`{name}` is not a credential pkgctl reads (known: {})",
                CREDENTIALS.join(", ")
            ))),
            _ => Err(failure(format!("`{name}` must be a string"))),
        })
        .collect()
}
