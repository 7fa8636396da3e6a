//! Cross-crate integration tests for pkgsdk live in this package's `tests/` directory.
//!
//! The library holds one more kind of test: the documentation that lives outside the
//! crates' source — the workspace README, every crate README and every page of `docs/` —
//! is included below as doc comments, so `cargo test --workspace` compiles every Rust code
//! block in it and runs each one not marked `no_run`. A snippet that no longer matches the
//! API fails the build like any other test; a block in another language must say which
//! (` ```sh `, ` ```toml `, ` ```json `, ` ```text `), or it is compiled as Rust.

/// The documentation pages, one module each (only built by `rustdoc --test`).
#[cfg(doctest)]
mod docs {
    #[doc = include_str!("../../README.md")]
    mod readme {}

    #[doc = include_str!("../../docs/guide.md")]
    mod guide {}

    #[doc = include_str!("../../docs/cli.md")]
    mod cli {}

    #[doc = include_str!("../../docs/reliability.md")]
    mod reliability {}

    #[doc = include_str!("../../docs/benchmarks.md")]
    mod benchmarks {}

    #[doc = include_str!("../../crates/pkgsdk/README.md")]
    mod pkgsdk_readme {}

    #[doc = include_str!("../../crates/pkgmodel/README.md")]
    mod pkgmodel_readme {}

    #[doc = include_str!("../../crates/pkgruntime/README.md")]
    mod pkgruntime_readme {}

    #[doc = include_str!("../../crates/ocp-client/README.md")]
    mod ocp_client_readme {}

    #[doc = include_str!("../../crates/iotda-client/README.md")]
    mod iotda_client_readme {}

    #[doc = include_str!("../../crates/appstore-client/README.md")]
    mod appstore_client_readme {}

    #[doc = include_str!("../../crates/obcloud-client/README.md")]
    mod obcloud_client_readme {}

    #[doc = include_str!("../../crates/pkgctl/README.md")]
    mod pkgctl_readme {}
}
