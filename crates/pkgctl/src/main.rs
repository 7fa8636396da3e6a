//! The `pkgctl` binary: see the crate documentation.

fn main() -> std::process::ExitCode {
    pkgctl::main()
}
