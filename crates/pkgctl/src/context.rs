//! What every command starts from: the global options and the profile, turned into clients
//! and paging options the same way for every vendor.

use crate::Failure;
use crate::cli::{Global, IotdaTarget, Output};
use crate::config::Settings;
use pkgsdk::appstore::AppStoreClient;
use pkgsdk::iotda::IotdaClient;
use pkgsdk::obcloud::ObCloudClient;
use pkgsdk::ocp::OcpClient;
use pkgsdk::{PageOptions, RetryPolicy, Timeouts};
use std::io::IsTerminal as _;
use std::time::Duration;

/// The global options and the profile in effect.
#[derive(Debug)]
pub struct Context {
    /// The command line's global options.
    pub global: Global,
    /// The configuration file and profile.
    pub settings: Settings,
}

/// The options every client builder shares (`pkgruntime::transport_options!`), set from the
/// command line and the profile.
macro_rules! apply_transport_settings {
    ($builder:expr, $context:expr, $dry_run:expr) => {{
        let context: &Context = $context;
        let mut builder = $builder
            .timeouts(context.timeouts())
            .allow_insecure_http(context.allow_insecure_http())
            .dry_run($dry_run)
            .user_agent(concat!("pkgctl/", env!("CARGO_PKG_VERSION")));
        if let Some(retry) = context.retry() {
            builder = builder.retry(retry);
        }
        if let Some(ca_cert) = context.ca_cert() {
            builder = builder.root_certificates_pem_file(ca_cert);
        }
        if context.insecure() {
            builder = builder.danger_accept_invalid_certs(true);
        }
        if let Some(proxy) = context.proxy() {
            builder = builder.proxy(proxy);
            if let Some((user, password)) = context.proxy_credentials() {
                builder = builder.proxy_credentials(user, password);
            }
        }
        builder
    }};
}

impl Context {
    /// Whether notes, warnings and progress go to stderr.
    pub fn chatty(&self) -> bool {
        !self.global.quiet
    }

    /// Whether progress is drawn: on a terminal, for people, unless `--quiet`.
    pub fn shows_progress(&self) -> bool {
        self.chatty() && self.global.output == Output::Table && std::io::stderr().is_terminal()
    }

    /// The time-outs: the defaults, with `--timeout` and `--connect-timeout`.
    pub fn timeouts(&self) -> Timeouts {
        let mut timeouts = Timeouts::default();
        if let Some(secs) = self.global.timeout {
            timeouts = timeouts.operation(Duration::from_secs(secs));
        }
        if let Some(secs) = self.global.connect_timeout {
            timeouts = timeouts.connect(Duration::from_secs(secs));
        }
        timeouts
    }

    /// The retry policy `--retries` asks for, if it does.
    pub fn retry(&self) -> Option<RetryPolicy> {
        self.global.retries.map(|retries| match retries {
            0 => RetryPolicy::disabled(),
            n => RetryPolicy::default().max_attempts(n.saturating_add(1)),
        })
    }

    /// Whether plain http:// may carry credentials to a remote host.
    pub fn allow_insecure_http(&self) -> bool {
        self.global.allow_insecure_http || self.settings.profile.allow_insecure_http
    }

    /// `--ca-cert`, else the profile's `ca_cert`.
    pub fn ca_cert(&self) -> Option<std::path::PathBuf> {
        self.global
            .ca_cert
            .clone()
            .or_else(|| self.settings.profile.ca_cert.clone())
    }

    /// Whether certificates go unverified (`--insecure`, or the profile's `insecure`).
    pub fn insecure(&self) -> bool {
        self.global.insecure || self.settings.profile.insecure
    }

    /// `--proxy`, else the profile's `proxy` (else the environment's, which the HTTP client
    /// reads itself).
    pub fn proxy(&self) -> Option<String> {
        self.global
            .proxy
            .clone()
            .or_else(|| self.settings.profile.proxy.clone())
    }

    /// The profile's `proxy_user` with `PKGCTL_PROXY_PASSWORD`.
    pub fn proxy_credentials(&self) -> Option<(String, String)> {
        let user = self.settings.profile.proxy_user.clone()?;
        let (password, _) = self.settings.credential("PKGCTL_PROXY_PASSWORD")?;
        Some((user, password))
    }

    /// The paging options of a list command: `--limit`, `--concurrency`, `--resume`.
    pub fn page_options(&self) -> PageOptions {
        let mut options = PageOptions::default();
        if let Some(limit) = self.global.limit {
            options = options.limit(limit);
        }
        if let Some(concurrency) = self.global.concurrency {
            options = options.concurrency(concurrency);
        }
        if let Some(cursor) = &self.global.resume {
            options = options.resume_from(cursor.clone());
        }
        options
    }

    /// `--base-url`, else the profile's endpoint for the vendor.
    fn endpoint(&self, from_profile: Option<&String>) -> Option<String> {
        self.global
            .base_url
            .clone()
            .or_else(|| from_profile.cloned())
    }

    /// The OCP client: Basic with `OCP_USERNAME`/`OCP_PASSWORD`, or AccessKey signatures with
    /// `OCP_AK`/`OCP_SK`.
    pub fn ocp_client(&self, dry_run: bool) -> Result<OcpClient, Failure> {
        let profile = self.settings.profile.ocp.as_ref();
        let endpoint = self
            .endpoint(profile.and_then(|ocp| ocp.endpoint.as_ref()))
            .ok_or_else(|| {
                Failure::Usage(
                    "`--base-url` is required for OCP, which is self-hosted (e.g. \
                     https://ocp.example.com:8080), unless the profile sets ocp.endpoint"
                        .into(),
                )
            })?;
        let settings = &self.settings;
        let builder = OcpClient::builder().endpoint(endpoint);
        let builder = if settings.has("OCP_AK") {
            let together = "OCP_AK and OCP_SK";
            builder.access_key(
                settings.required("OCP_AK", together)?,
                settings.required("OCP_SK", together)?,
            )
        } else {
            let together = "OCP_USERNAME and OCP_PASSWORD, or OCP_AK and OCP_SK";
            builder.basic_auth(
                settings.required("OCP_USERNAME", together)?,
                settings.required("OCP_PASSWORD", together)?,
            )
        };
        apply_transport_settings!(builder, self, dry_run)
            .build()
            .map_err(Failure::usage)
    }

    /// The IoTDA client for `target` (else the profile's project, region and instance): a
    /// token (`IOTDA_TOKEN`), AK/SK signatures (`IOTDA_AK`/`IOTDA_SK`) or IAM password tokens
    /// (`IOTDA_IAM_USER`/`IOTDA_IAM_PASSWORD`/`IOTDA_IAM_DOMAIN`), in that order.
    pub fn iotda_client(
        &self,
        target: &IotdaTarget,
        dry_run: bool,
    ) -> Result<IotdaClient, Failure> {
        let profile = self.settings.profile.iotda.clone().unwrap_or_default();
        let project_id = target
            .project_id
            .clone()
            .or(profile.project_id)
            .ok_or_else(|| {
                Failure::Usage(
                "`--project-id` is required for IoTDA, unless the profile sets iotda.project_id"
                    .into(),
            )
            })?;
        let region = target
            .region
            .clone()
            .or(profile.region)
            .unwrap_or_else(|| pkgsdk::iotda::DEFAULT_REGION.to_owned());
        let mut builder = IotdaClient::builder().region(region).project_id(project_id);
        if let Some(endpoint) = self.endpoint(profile.endpoint.as_ref()) {
            builder = builder.endpoint(endpoint);
        }
        if let Some(instance_id) = target.instance_id.clone().or(profile.instance_id) {
            builder = builder.instance_id(instance_id);
        }
        if let Some(iam_endpoint) = profile.iam_endpoint {
            builder = builder.iam_endpoint(iam_endpoint);
        }
        let settings = &self.settings;
        let together = "IOTDA_TOKEN; or IOTDA_AK and IOTDA_SK; or IOTDA_IAM_USER, \
                        IOTDA_IAM_PASSWORD and IOTDA_IAM_DOMAIN";
        builder = if let Some((token, _)) = settings.credential("IOTDA_TOKEN") {
            builder.token(token)
        } else if settings.has("IOTDA_IAM_USER") && !settings.has("IOTDA_AK") {
            builder.iam_password(
                settings.required("IOTDA_IAM_USER", together)?,
                settings.required("IOTDA_IAM_PASSWORD", together)?,
                settings.required("IOTDA_IAM_DOMAIN", together)?,
            )
        } else {
            builder.access_key(
                settings.required("IOTDA_AK", together)?,
                settings.required("IOTDA_SK", together)?,
            )
        };
        apply_transport_settings!(builder, self, dry_run)
            .build()
            .map_err(Failure::usage)
    }

    /// The Oracle Marketplace client: `APPSTORE_USER_ID`, with a bearer token
    /// (`APPSTORE_TOKEN`) or client credentials (`APPSTORE_CLIENT_ID`/`_SECRET`).
    pub fn appstore_client(&self, dry_run: bool) -> Result<AppStoreClient, Failure> {
        let profile = self.settings.profile.appstore.clone().unwrap_or_default();
        let settings = &self.settings;
        let together = "APPSTORE_USER_ID with APPSTORE_TOKEN, or with APPSTORE_CLIENT_ID and \
                        APPSTORE_CLIENT_SECRET";
        let mut builder =
            AppStoreClient::builder().user_id(settings.required("APPSTORE_USER_ID", together)?);
        if let Some(endpoint) = self.endpoint(profile.endpoint.as_ref()) {
            builder = builder.endpoint(endpoint);
        }
        builder = if settings.has("APPSTORE_CLIENT_ID") && !settings.has("APPSTORE_TOKEN") {
            builder.client_credentials(
                settings.required("APPSTORE_CLIENT_ID", together)?,
                settings.required("APPSTORE_CLIENT_SECRET", together)?,
            )
        } else {
            builder.token(settings.required("APPSTORE_TOKEN", together)?)
        };
        apply_transport_settings!(builder, self, dry_run)
            .build()
            .map_err(Failure::usage)
    }

    /// The OceanBase Cloud client (HTTP Digest with `OBCLOUD_AK`/`OBCLOUD_SK`), for
    /// `project_id`, else the profile's.
    pub fn obcloud_client(&self, project_id: Option<&String>) -> Result<ObCloudClient, Failure> {
        let profile = self.settings.profile.obcloud.clone().unwrap_or_default();
        let together = "OBCLOUD_AK and OBCLOUD_SK";
        let mut builder = ObCloudClient::builder().access_key(
            self.settings.required("OBCLOUD_AK", together)?,
            self.settings.required("OBCLOUD_SK", together)?,
        );
        if let Some(endpoint) = self.endpoint(profile.endpoint.as_ref()) {
            builder = builder.endpoint(endpoint);
        }
        if let Some(project_id) = project_id.cloned().or(profile.project_id) {
            builder = builder.project_id(project_id);
        }
        apply_transport_settings!(builder, self, false)
            .build()
            .map_err(Failure::usage)
    }

    /// The OceanBase Cloud instance: `--instance-id`, else the profile's.
    pub fn obcloud_instance(&self, instance_id: Option<&String>) -> Result<String, Failure> {
        instance_id
            .cloned()
            .or_else(|| {
                self.settings
                    .profile
                    .obcloud
                    .as_ref()
                    .and_then(|obcloud| obcloud.instance_id.clone())
            })
            .ok_or_else(|| {
                Failure::Usage(
                    "`--instance-id` is required, unless the profile sets obcloud.instance_id"
                        .into(),
                )
            })
    }
}
