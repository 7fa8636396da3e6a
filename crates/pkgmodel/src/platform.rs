//! [`Platform`]: the operating system and architecture a package is built for.

use serde::{Deserialize, Serialize};

/// The operating system and CPU architecture a package targets, as the vendor names them
/// (`alios7`, `el7`, `x86_64`, `aarch64`, …). Either part may be unknown.
///
/// ```
/// use pkgmodel::Platform;
/// let platform = Platform::new(Some("alios7"), Some("x86_64"));
/// assert_eq!(platform.to_string(), "alios7/x86_64");
/// assert_eq!(Platform::new(None::<&str>, Some("arm")).to_string(), "?/arm");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Platform {
    /// Operating system, e.g. `alios7`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os: Option<String>,
    /// CPU architecture, e.g. `x86_64`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arch: Option<String>,
}

impl Platform {
    /// A platform from an optional OS and an optional architecture.
    pub fn new(os: Option<impl Into<String>>, arch: Option<impl Into<String>>) -> Self {
        Self {
            os: os.map(Into::into),
            arch: arch.map(Into::into),
        }
    }

    /// Whether neither the OS nor the architecture is known.
    pub fn is_empty(&self) -> bool {
        self.os.is_none() && self.arch.is_none()
    }
}

impl std::fmt::Display for Platform {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let os = self.os.as_deref().unwrap_or("?");
        let arch = self.arch.as_deref().unwrap_or("?");
        // `pad` so that `{:<16}` lines up tables.
        f.pad(&format!("{os}/{arch}"))
    }
}
