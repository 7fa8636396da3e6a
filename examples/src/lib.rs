//! The example programs of pkgsdk.
//!
//! | program | run it with |
//! |---|---|
//! | `demo`: the four vendors' mocks, each client with its real auth flow, one merged view | `cargo run --example demo` |
//! | `mock_servers`: the four mocks on 127.0.0.1 for trying `pkgctl` by hand | `cargo run --example mock_servers` |
//! | `ocp_list`, `iotda_list`, `appstore_show`, `obcloud_backup_sets`: one client each | `cargo run --example ocp_list` |
//!
//! Everything runs against embedded mock servers: no network, no credentials. The demo
//! prints its tables with [`pkgctl::table`], as the `pkgctl` CLI (`crates/pkgctl`) does.
