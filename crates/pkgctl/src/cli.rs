//! The command line, as clap parses it.

// Doc comments here are the help texts users read verbatim, not rustdoc.
#![allow(clippy::doc_markdown)]

use clap::{Args, Parser, Subcommand, ValueEnum};
use pkgsdk::Cursor;
use pkgsdk::model::time::format_description::well_known::Rfc3339;
use pkgsdk::model::time::{OffsetDateTime, UtcOffset};
use std::path::PathBuf;

/// List, inspect, download, upload and delete packages in OCP, Huawei IoTDA, Oracle
/// Marketplace and OceanBase Cloud.
#[derive(Debug, Parser)]
#[command(
    name = "pkgctl",
    version,
    max_term_width = 100,
    after_help = "Settings come from the command line, then the environment, then the profile \
                  (--profile, PKGCTL_PROFILE or `default` in ~/.config/pkgctl/config.toml). \
                  Credentials come from the environment: OCP_USERNAME and OCP_PASSWORD (or \
                  OCP_AK and OCP_SK); IOTDA_TOKEN, IOTDA_AK and IOTDA_SK, or IOTDA_IAM_USER, \
                  IOTDA_IAM_PASSWORD and IOTDA_IAM_DOMAIN; APPSTORE_USER_ID with APPSTORE_TOKEN \
                  or APPSTORE_CLIENT_ID and APPSTORE_CLIENT_SECRET; OBCLOUD_AK and OBCLOUD_SK — \
                  or from the profile's credentials file.\nExit status: 0 success, 2 bad usage \
                  or input rejected before any request, 1 anything else."
)]
pub struct Cli {
    /// Options that apply to every command (accepted before or after the subcommand).
    #[command(flatten)]
    pub global: Global,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options accepted anywhere on the command line.
#[derive(Clone, Debug, Args)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "command-line switches are booleans"
)]
pub struct Global {
    /// The API's base URL, a prefix the API paths are appended to (default: the profile's,
    /// else the vendor's public endpoint; OCP is self-hosted and needs one).
    #[arg(long, global = true, value_name = "URL")]
    pub base_url: Option<String>,
    /// `table` for people, `json` for JSON Lines with the vendor's own field names.
    #[arg(long, global = true, value_enum, default_value_t = Output::Table)]
    pub output: Output,
    /// Items per page for list commands (checked against the vendor's range before sending).
    #[arg(long, global = true, value_name = "N")]
    pub page_size: Option<u32>,
    /// Stop list commands after N items.
    #[arg(long, global = true, value_name = "N")]
    pub limit: Option<u64>,
    /// Fetch up to N pages at once for page-number listings (output order never changes;
    /// marker-paged IoTDA listings stay sequential).
    #[arg(long, global = true, value_name = "N")]
    pub concurrency: Option<usize>,
    /// Start a list command at this cursor (the JSON printed by --print-cursor).
    #[arg(long, global = true, value_name = "CURSOR_JSON", value_parser = cursor)]
    pub resume: Option<Cursor>,
    /// After a list command stops at --limit or fails, print on stderr the cursor to
    /// resume from (with --resume). --limit then rounds up to whole pages.
    #[arg(long, global = true)]
    pub print_cursor: bool,
    /// Give up on one call (all its attempts and waits) after SECS seconds (default 120).
    #[arg(long, global = true, value_name = "SECS")]
    pub timeout: Option<u64>,
    /// Give up connecting after SECS seconds (default 10).
    #[arg(long, global = true, value_name = "SECS")]
    pub connect_timeout: Option<u64>,
    /// Retry a failed idempotent request up to N times (default 2; 0 turns retries off).
    #[arg(long, global = true, value_name = "N")]
    pub retries: Option<u32>,
    /// Allow credentials over plain http:// to a host other than loopback.
    #[arg(long, global = true)]
    pub allow_insecure_http: bool,
    /// Also trust the CA certificate(s) in this PEM file — for a self-hosted server behind
    /// an internal CA or with a self-signed certificate (else the profile's `ca_cert`).
    #[arg(long, global = true, value_name = "FILE")]
    pub ca_cert: Option<PathBuf>,
    /// Do not verify TLS certificates at all: anyone on the path can impersonate the server
    /// and read the credentials. For a lab only; a warning is printed.
    #[arg(long, global = true)]
    pub insecure: bool,
    /// Send requests through this proxy, e.g. http://proxy.example.com:3128 (default: the
    /// profile's, else HTTPS_PROXY / HTTP_PROXY / ALL_PROXY, minus NO_PROXY). Its password
    /// comes from PKGCTL_PROXY_PASSWORD, never the command line.
    #[arg(long, global = true, value_name = "URL")]
    pub proxy: Option<String>,
    /// The configuration file (default: $XDG_CONFIG_HOME/pkgctl/config.toml, else
    /// ~/.config/pkgctl/config.toml, if it exists).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The profile of the configuration file to use (default: PKGCTL_PROFILE, else
    /// `default`).
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
    /// Print only results and errors: no notes or progress (the warning that a download
    /// could not be verified stays).
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Log what pkgsdk does on stderr: -v for each request, -vv for each attempt and page
    /// (secrets are never logged).
    #[arg(long, short, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

/// How results are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Output {
    /// Aligned columns of the most useful fields, never truncated.
    Table,
    /// One JSON object per line, exactly as the vendor sent it.
    Json,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// OceanBase Cloud Platform (OCP) software packages.
    Ocp {
        /// What to do.
        #[command(subcommand)]
        command: OcpCommand,
    },
    /// Huawei Cloud IoTDA OTA upgrade packages.
    Iotda {
        /// The project, region and instance (else the profile's).
        #[command(flatten)]
        target: IotdaTarget,
        /// What to do.
        #[command(subcommand)]
        command: IotdaCommand,
    },
    /// Oracle Cloud Marketplace applications and their packages.
    Appstore {
        /// What to do.
        #[command(subcommand)]
        command: AppstoreCommand,
    },
    /// OceanBase Cloud backup sets and instances.
    Obcloud {
        /// The project and instance (else the profile's).
        #[command(flatten)]
        target: ObcloudTarget,
        /// What to do.
        #[command(subcommand)]
        command: ObcloudCommand,
    },
    /// List packages from every source the profile configures, merged into one listing.
    Catalog(CatalogArgs),
    /// The configuration.
    Config {
        /// What to do.
        #[command(subcommand)]
        command: ConfigCommand,
    },
    /// Print a shell completion script (e.g. `pkgctl completions bash > /etc/bash_completion.d/pkgctl`).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page in roff (e.g. `pkgctl man | man -l -`).
    Man,
}

/// OCP commands.
#[derive(Debug, Subcommand)]
pub enum OcpCommand {
    /// List software packages.
    List {
        /// Only packages whose name contains this text.
        #[arg(long, value_name = "K")]
        keyword: Option<String>,
        /// Only this type, e.g. OCP_AGENT_INSTALL_PACKAGE (repeatable).
        #[arg(long = "type", value_name = "T")]
        types: Vec<String>,
        /// Only this version (repeatable).
        #[arg(long = "version", value_name = "V")]
        versions: Vec<String>,
        /// Only this operating system, e.g. el7 (repeatable).
        #[arg(long = "os", value_name = "OS")]
        operating_systems: Vec<String>,
        /// Only this architecture, e.g. x86_64 (repeatable).
        #[arg(long = "arch", value_name = "A")]
        architectures: Vec<String>,
        /// The order: `<field>,asc` or `<field>,desc`, e.g. name,asc.
        #[arg(long, value_name = "FIELD,DIR")]
        sort: Option<String>,
    },
    /// Show one software package.
    Show {
        /// The package id.
        #[arg(value_name = "ID")]
        id: u64,
    },
    /// Download a package's file, verified against its size and SHA-1.
    Download {
        /// The package id.
        #[arg(value_name = "ID")]
        id: u64,
        /// The directory to write `<fileName>` into (created if missing).
        #[arg(long, value_name = "DIR")]
        dest: PathBuf,
    },
    /// Upload a package file (OCP reads its name, version, type and platform from it).
    Upload {
        /// The file.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The file name sent to OCP (default: the file's own).
        #[arg(long, value_name = "NAME")]
        file_name: Option<String>,
        /// Print the request that would be sent, and send nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Delete a software package.
    Delete {
        /// The package id.
        #[arg(value_name = "ID")]
        id: u64,
        /// Delete without asking (required when stdin is not a terminal).
        #[arg(long, short)]
        yes: bool,
        /// Print the request that would be sent, and send nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

/// Which IoTDA project a command is for.
#[derive(Clone, Debug, Default, Args)]
pub struct IotdaTarget {
    /// The project id (required here or in the profile).
    #[arg(long, global = true, value_name = "P")]
    pub project_id: Option<String>,
    /// The instance id, sent as Instance-Id.
    #[arg(long, global = true, value_name = "I")]
    pub instance_id: Option<String>,
    /// The region: the default endpoint's, and the scope of derived (V11) signatures
    /// (default: the profile's, else cn-north-4).
    #[arg(long, global = true, value_name = "R")]
    pub region: Option<String>,
}

/// IoTDA package types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum IotdaPackageType {
    /// Software packages.
    #[value(name = "softwarePackage")]
    Software,
    /// Firmware packages.
    #[value(name = "firmwarePackage")]
    Firmware,
}

/// IoTDA commands.
#[derive(Debug, Subcommand)]
pub enum IotdaCommand {
    /// List OTA upgrade packages, newest first.
    List {
        /// Software or firmware packages.
        #[arg(long, value_enum, value_name = "TYPE")]
        package_type: IotdaPackageType,
        /// Only this resource space.
        #[arg(long, value_name = "A")]
        app_id: Option<String>,
        /// Only this product.
        #[arg(long, value_name = "P")]
        product_id: Option<String>,
        /// Only this version.
        #[arg(long, value_name = "V")]
        version: Option<String>,
    },
    /// Show one OTA upgrade package, with its file's location.
    Show {
        /// The package id.
        #[arg(value_name = "PACKAGE_ID")]
        package_id: String,
    },
    /// Create an OTA upgrade package from a file already in OBS.
    Create(Box<IotdaCreate>),
    /// Delete an OTA upgrade package.
    Delete {
        /// The package id.
        #[arg(value_name = "PACKAGE_ID")]
        package_id: String,
        /// Delete without asking (required when stdin is not a terminal).
        #[arg(long, short)]
        yes: bool,
        /// Print the request that would be sent, and send nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

/// `pkgctl iotda create`.
#[derive(Debug, Args)]
pub struct IotdaCreate {
    /// The resource space.
    #[arg(long, value_name = "A")]
    pub app_id: String,
    /// Software or firmware.
    #[arg(long, value_enum, value_name = "TYPE")]
    pub package_type: IotdaPackageType,
    /// The product.
    #[arg(long, value_name = "P")]
    pub product_id: String,
    /// The package's version.
    #[arg(long, value_name = "V")]
    pub version: String,
    /// The OBS region of the file.
    #[arg(long, value_name = "R")]
    pub obs_region: String,
    /// The OBS bucket.
    #[arg(long, value_name = "B")]
    pub bucket: String,
    /// The OBS object key, e.g. firmware/v2.bin.
    #[arg(long, value_name = "KEY")]
    pub object_key: String,
    /// A device version that may upgrade to this one (repeatable).
    #[arg(long = "source-version", value_name = "V")]
    pub source_versions: Vec<String>,
    /// What the package does.
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
    /// Information pushed to devices with the upgrade.
    #[arg(long, value_name = "TEXT")]
    pub custom_info: Option<String>,
    /// The OTA module, for module packages.
    #[arg(long, value_name = "M")]
    pub module_name: Option<String>,
    /// The file's SHA-256 (64 hex digits), sent to devices.
    #[arg(long, value_name = "SHA256")]
    pub sign: Option<String>,
    /// Print the request that would be sent, and send nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Oracle Marketplace API versions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ApiVersion {
    /// `/appstore/publisher/v1`.
    V1,
    /// `/appstore/publisher/v2`.
    V2,
}

/// Oracle Marketplace commands.
#[derive(Debug, Subcommand)]
pub enum AppstoreCommand {
    /// List the partner's applications.
    Applications {
        /// Only listings in this status, e.g. PUBLISHED (repeatable).
        #[arg(long = "status", value_name = "S")]
        statuses: Vec<String>,
    },
    /// List the packages of an application version.
    Packages {
        /// The application version (listing version) id.
        #[arg(long, visible_alias = "listing-id", value_name = "L")]
        listing_version_id: String,
        /// The API version.
        #[arg(long, value_enum, default_value_t = ApiVersion::V1)]
        api_version: ApiVersion,
    },
    /// Show one package of an application version.
    Show {
        /// The application version (listing version) id.
        #[arg(long, visible_alias = "listing-id", value_name = "L")]
        listing_version_id: String,
        /// The package version id.
        #[arg(long, value_name = "P")]
        package_version_id: String,
        /// The API version.
        #[arg(long, value_enum, default_value_t = ApiVersion::V1)]
        api_version: ApiVersion,
    },
    /// Delete a package of an application version.
    Delete {
        /// The application version (listing version) id.
        #[arg(long, visible_alias = "listing-id", value_name = "L")]
        listing_version_id: String,
        /// The package version id.
        #[arg(long, value_name = "P")]
        package_version_id: String,
        /// Delete without asking (required when stdin is not a terminal).
        #[arg(long, short)]
        yes: bool,
        /// Print the request that would be sent, and send nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

/// Which OceanBase Cloud project and instance a command is for.
#[derive(Clone, Debug, Args)]
pub struct ObcloudTarget {
    /// The instance (cluster) id, for backup-sets and backup-set (else the profile's).
    #[arg(long, global = true, value_name = "I")]
    pub instance_id: Option<String>,
    /// The project, sent as X-Ob-Project-Id (else the profile's).
    #[arg(long, global = true, value_name = "P")]
    pub project_id: Option<String>,
}

/// OceanBase Cloud commands.
#[derive(Debug, Subcommand)]
pub enum ObcloudCommand {
    /// List an instance's data backup sets.
    BackupSets {
        /// Only sets from this time on: an RFC 3339 date-time such as 2025-12-03T12:57:32Z
        /// (an offset is converted to UTC).
        #[arg(long, value_name = "T", value_parser = rfc3339)]
        start_time: Option<OffsetDateTime>,
        /// Only sets up to this time (RFC 3339, like --start-time).
        #[arg(long, value_name = "T", value_parser = rfc3339)]
        end_time: Option<OffsetDateTime>,
        /// Ask the server whether each set can be downloaded (the DOWNLOAD column).
        #[arg(long)]
        download_enabled: bool,
    },
    /// Show one backup set of an instance, with its tenants' sets.
    BackupSet {
        /// The backup set id, e.g. bak-7aqvtc4ugvuo.
        #[arg(value_name = "ID")]
        id: String,
        /// Ask the server whether the set can be downloaded.
        #[arg(long)]
        download_enabled: bool,
    },
    /// List the instances the AccessKey can see.
    Instances {
        /// Only instances with this name.
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
    },
}

/// `pkgctl catalog`.
#[derive(Debug, Args)]
pub struct CatalogArgs {
    /// Only this vendor's source: ocp, iotda, appstore or obcloud (repeatable; default:
    /// every vendor the profile or the environment configures).
    #[arg(long = "vendor", value_name = "V")]
    pub vendors: Vec<String>,
    /// Only packages whose name contains this text (ignoring case).
    #[arg(long, value_name = "TEXT")]
    pub name_contains: Option<String>,
    /// Only packages of this kind: software, firmware, application or backup_set (repeatable).
    #[arg(long = "kind", value_name = "K")]
    pub kinds: Vec<String>,
}

/// `pkgctl config` commands.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the effective settings, where each comes from, and which credentials are set
    /// (secrets shown as [redacted]).
    Show,
}

/// Parses an RFC 3339 date-time with a real calendar date, converted to UTC.
fn rfc3339(value: &str) -> Result<OffsetDateTime, String> {
    OffsetDateTime::parse(value, &Rfc3339)
        .map(|time| time.to_offset(UtcOffset::UTC))
        .map_err(|error| {
            format!("must be an RFC 3339 date-time such as 2025-12-03T12:57:32Z ({error})")
        })
}

/// Parses a cursor as `--print-cursor` prints it.
fn cursor(value: &str) -> Result<Cursor, String> {
    serde_json::from_str(value).map_err(|error| {
        format!(
            "must be a cursor as --print-cursor prints it, e.g. \
             {{\"style\":\"page_number\",\"page\":3,\"size\":500}} ({error})"
        )
    })
}
