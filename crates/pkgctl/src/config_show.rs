//! `pkgctl config show`: the effective settings and where each comes from, secrets redacted.

use crate::Failure;
use crate::cli::Output;
use crate::config::{CREDENTIALS, is_secret};
use crate::context::Context;
use crate::output::{json_line, say};
use serde_json::{Map, Value, json};

/// One setting or credential: its value (a secret's redacted) and where it came from.
struct Entry {
    name: String,
    value: Option<String>,
    source: String,
}

impl Entry {
    fn line(&self) -> String {
        match &self.value {
            Some(value) => format!("{} = {value} ({})", self.name, self.source),
            None => format!("{}: not set", self.name),
        }
    }

    fn json(&self) -> Value {
        match &self.value {
            Some(value) => json!({"value": value, "source": self.source}),
            None => Value::Null,
        }
    }
}

/// Runs `pkgctl config show`.
pub fn run(context: &Context) -> Result<(), Failure> {
    let entries: Vec<Entry> = settings(context)
        .into_iter()
        .chain(credentials(context))
        .collect();
    let settings = &context.settings;
    let file = |path: Option<&std::path::PathBuf>| path.map(|path| path.display().to_string());
    let config_file = file(settings.config_file.as_ref());
    let credentials_file = file(settings.credentials_file.as_ref());
    let allow_insecure_http = context.allow_insecure_http();
    match context.global.output {
        Output::Json => {
            let entries: Map<String, Value> = entries
                .iter()
                .map(|entry| (entry.name.clone(), entry.json()))
                .collect();
            let profile = settings.profile_name.as_ref().map_or(
                Value::Null,
                |(name, why)| json!({"name": name, "chosen_by": why}),
            );
            let document = json!({
                "config_file": config_file,
                "profile": profile,
                "credentials_file": credentials_file,
                "allow_insecure_http": allow_insecure_http,
                "insecure": context.insecure(),
                "settings": entries,
            });
            json_line(&document.to_string()).map_err(Failure::failed)
        }
        Output::Table => {
            let profile = settings
                .profile_name
                .as_ref()
                .map(|(name, why)| format!("{name} ({why})"));
            say(&format!(
                "config file: {}",
                config_file.as_deref().unwrap_or("none")
            ))?;
            say(&format!(
                "profile: {}",
                profile.as_deref().unwrap_or("none")
            ))?;
            say(&format!(
                "credentials file: {}",
                credentials_file.as_deref().unwrap_or("none")
            ))?;
            say(&format!("allow_insecure_http: {allow_insecure_http}"))?;
            say(&format!("insecure: {}", context.insecure()))?;
            entries.iter().try_for_each(|entry| say(&entry.line()))
        }
    }
}

/// The endpoints and ids, from the command line or the profile.
fn settings(context: &Context) -> Vec<Entry> {
    let profile = &context.settings.profile;
    let base_url = context.global.base_url.as_ref();
    let entry = |name: &str, from_profile: Option<&String>, from_flag: Option<&String>| {
        let (value, source) = match (from_flag, from_profile) {
            (Some(flag), _) => (Some(flag.clone()), "command line"),
            (None, Some(value)) => (Some(value.clone()), "profile"),
            (None, None) => (None, ""),
        };
        Entry {
            name: name.to_owned(),
            value,
            source: source.to_owned(),
        }
    };
    let ocp = profile.ocp.clone().unwrap_or_default();
    let iotda = profile.iotda.clone().unwrap_or_default();
    let appstore = profile.appstore.clone().unwrap_or_default();
    let obcloud = profile.obcloud.clone().unwrap_or_default();
    let ca_cert = profile
        .ca_cert
        .as_ref()
        .map(|path| path.display().to_string());
    let ca_cert_flag = context
        .global
        .ca_cert
        .as_ref()
        .map(|path| path.display().to_string());
    vec![
        entry("ca_cert", ca_cert.as_ref(), ca_cert_flag.as_ref()),
        entry(
            "proxy",
            profile.proxy.as_ref(),
            context.global.proxy.as_ref(),
        ),
        entry("proxy_user", profile.proxy_user.as_ref(), None),
        entry("ocp.endpoint", ocp.endpoint.as_ref(), base_url),
        entry("iotda.endpoint", iotda.endpoint.as_ref(), base_url),
        entry("iotda.region", iotda.region.as_ref(), None),
        entry("iotda.project_id", iotda.project_id.as_ref(), None),
        entry("iotda.instance_id", iotda.instance_id.as_ref(), None),
        entry("iotda.iam_endpoint", iotda.iam_endpoint.as_ref(), None),
        entry("appstore.endpoint", appstore.endpoint.as_ref(), base_url),
        entry("obcloud.endpoint", obcloud.endpoint.as_ref(), base_url),
        entry("obcloud.project_id", obcloud.project_id.as_ref(), None),
        entry("obcloud.instance_id", obcloud.instance_id.as_ref(), None),
    ]
}

/// Every credential pkgctl reads: set or not, from where, secrets redacted.
fn credentials(context: &Context) -> Vec<Entry> {
    CREDENTIALS
        .iter()
        .map(|name| {
            let found = context.settings.credential(name);
            Entry {
                name: (*name).to_owned(),
                source: found
                    .as_ref()
                    .map(|(_, source)| source.to_string())
                    .unwrap_or_default(),
                value: found.map(|(value, _)| {
                    if is_secret(name) {
                        "[redacted]".to_owned()
                    } else {
                        value
                    }
                }),
            }
        })
        .collect()
}
