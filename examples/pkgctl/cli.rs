//! The command line, as clap parses it.

// Doc comments here are the help texts users read verbatim, not rustdoc.
#![allow(clippy::doc_markdown)]

use clap::{Args, Parser, Subcommand, ValueEnum};
use pkgsdk::model::time::format_description::well_known::Rfc3339;
use pkgsdk::model::time::{OffsetDateTime, UtcOffset};
use std::path::PathBuf;

/// List, inspect and download packages from OCP, Huawei IoTDA, Oracle Marketplace and
/// OceanBase Cloud.
#[derive(Debug, Parser)]
#[command(
    name = "pkgctl",
    version,
    max_term_width = 100,
    after_help = "Credentials come from the environment: OCP_USERNAME and OCP_PASSWORD; \
                  IOTDA_TOKEN, or IOTDA_AK and IOTDA_SK; APPSTORE_USER_ID and APPSTORE_TOKEN; \
                  OBCLOUD_AK and OBCLOUD_SK.\nExit status: 0 success, 2 bad usage or input \
                  rejected before any request, 1 anything else."
)]
pub struct Cli {
    /// Options that apply to every command (accepted before or after the subcommand).
    #[command(flatten)]
    pub global: Global,
    /// The vendor.
    #[command(subcommand)]
    pub vendor: Vendor,
}

/// Options accepted anywhere on the command line.
#[derive(Debug, Args)]
pub struct Global {
    /// The API's base URL, a prefix the API paths are appended to (default: the vendor's
    /// public endpoint; OCP is self-hosted and needs one).
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
    /// Allow credentials over plain http:// to a host other than loopback.
    #[arg(long, global = true)]
    pub allow_insecure_http: bool,
}

/// How results are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Output {
    /// Aligned columns of the most useful fields, never truncated.
    Table,
    /// One JSON object per line, exactly as the vendor sent it.
    Json,
}

/// The vendors.
#[derive(Debug, Subcommand)]
pub enum Vendor {
    /// OceanBase Cloud Platform (OCP) software packages.
    Ocp {
        /// What to do.
        #[command(subcommand)]
        command: OcpCommand,
    },
    /// Huawei Cloud IoTDA OTA upgrade packages.
    Iotda {
        /// What to do.
        #[command(subcommand)]
        command: IotdaCommand,
    },
    /// Oracle Cloud Marketplace application packages.
    Appstore {
        /// What to do.
        #[command(subcommand)]
        command: AppstoreCommand,
    },
    /// OceanBase Cloud backup sets.
    Obcloud {
        /// What to do.
        #[command(subcommand)]
        command: ObcloudCommand,
    },
}

/// OceanBase Cloud commands.
#[derive(Debug, Subcommand)]
pub enum ObcloudCommand {
    /// List an instance's data backup sets.
    BackupSets {
        /// The instance (cluster) id.
        #[arg(long, value_name = "I")]
        instance_id: String,
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
        /// The project, sent as X-Ob-Project-Id.
        #[arg(long, value_name = "P")]
        project_id: Option<String>,
    },
}

/// Parses an RFC 3339 date-time with a real calendar date, converted to UTC.
fn rfc3339(value: &str) -> Result<OffsetDateTime, String> {
    OffsetDateTime::parse(value, &Rfc3339)
        .map(|time| time.to_offset(UtcOffset::UTC))
        .map_err(|error| {
            format!("must be an RFC 3339 date-time such as 2025-12-03T12:57:32Z ({error})")
        })
}

/// Oracle Marketplace commands.
#[derive(Debug, Subcommand)]
pub enum AppstoreCommand {
    /// Show one package of an application version.
    Show {
        /// The application version (listing version) id.
        #[arg(long, value_name = "L")]
        listing_version_id: String,
        /// The package version id.
        #[arg(long, value_name = "P")]
        package_version_id: String,
    },
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
    /// Download a package's file, verified against its size and SHA-1.
    Download {
        /// The package id.
        #[arg(value_name = "ID")]
        id: u64,
        /// The directory to write `<fileName>` into (created if missing).
        #[arg(long, value_name = "DIR")]
        dest: PathBuf,
    },
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
        /// The project id.
        #[arg(long, value_name = "P")]
        project_id: String,
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
        /// The instance id, sent as Instance-Id.
        #[arg(long, value_name = "I")]
        instance_id: Option<String>,
        /// The region: the default endpoint's, and the scope of derived (V11) signatures.
        #[arg(long, value_name = "R", default_value = "cn-north-4")]
        region: String,
    },
}
