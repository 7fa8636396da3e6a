//! Secrets: held as [`SecretString`], never shown.
//!
//! Credentials live in `secrecy`'s [`SecretString`], which zeroes its memory on drop and has
//! no `Display`. Types that hold one implement `Debug` by hand and print [`Redacted`] in its
//! place. Header values built from secrets are marked sensitive.
//!
//! ```
//! use pkgruntime::{ExposeSecret, Redacted, SecretString};
//!
//! struct Credentials { user: String, password: SecretString }
//! impl std::fmt::Debug for Credentials {
//!     fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
//!         f.debug_struct("Credentials").field("user", &self.user).field("password", &Redacted).finish()
//!     }
//! }
//! let credentials = Credentials { user: "admin".into(), password: SecretString::from("hunter2") };
//! assert_eq!(format!("{credentials:?}"), r#"Credentials { user: "admin", password: [redacted] }"#);
//! assert_eq!(credentials.password.expose_secret(), "hunter2");
//! ```

use http::header::{HeaderValue, InvalidHeaderValue};
use std::fmt;

pub use secrecy::{ExposeSecret, SecretString};

/// Prints `[redacted]` in place of a secret in `Debug` output.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl fmt::Display for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// A header value built from a secret, marked sensitive so HTTP/2 never indexes it and
/// `Debug` hides it.
pub fn sensitive_header_value(secret: &str) -> Result<HeaderValue, InvalidHeaderValue> {
    let mut value = HeaderValue::from_str(secret)?;
    value.set_sensitive(true);
    Ok(value)
}
