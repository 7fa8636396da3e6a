//! The API operations, one file each, and what they share: the API version and the checks on
//! ids.
//!
//! Ids are taken as text (anything `Display`: `2133526` or `"2133526"`), because Oracle
//! documents them as integers yet answers changes with a string `entityId`. They are checked
//! before anything is sent — not empty, no whitespace or control characters — and
//! percent-encoded into the path.

pub(crate) mod delete_package;
pub(crate) mod get_package;
pub(crate) mod list_applications;
pub(crate) mod list_packages;

use pkgruntime::Error;
use serde::{Deserialize, Serialize};
use std::fmt::Display;

/// Which version of the publisher API an operation calls.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum ApiVersion {
    /// `/appstore/publisher/v1/…` (the default): packages with services, actions and
    /// operations; `status` a string.
    #[default]
    V1,
    /// `/appstore/publisher/v2/…`: packages with resources; `status` an object.
    V2,
}

impl ApiVersion {
    /// The path segment, `v1` or `v2`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::V1 => "v1",
            Self::V2 => "v2",
        }
    }
}

/// An id as text.
pub(crate) fn id_text(id: impl Display) -> String {
    id.to_string()
}

/// Checks an id: Oracle's listing and package version ids are numbers (`2133526`), so 1 to
/// 20 decimal digits.
pub(crate) fn validate_id(field: &str, id: &str) -> Result<(), Error> {
    if id.is_empty() || id.len() > 20 || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::invalid_input(
            field,
            format!("must be a number of 1 to 20 digits (got {id:?})"),
        ));
    }
    Ok(())
}

/// `appstore/publisher/<version>/applications` and then `rest`.
pub(crate) fn applications_path(version: ApiVersion, rest: &[&str]) -> Vec<String> {
    ["appstore", "publisher", version.as_str(), "applications"]
        .iter()
        .chain(rest)
        .map(|segment| (*segment).to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_checked() {
        assert!(validate_id("listing_version_id", "2133526").is_ok());
        for bad in ["", " 1", "1\n", "a b"] {
            let error = validate_id("listing_version_id", bad).unwrap_err();
            assert_eq!(error.invalid_field().unwrap().field, "listing_version_id");
        }
        assert_eq!(
            applications_path(ApiVersion::V2, &["7", "packages"]),
            [
                "appstore",
                "publisher",
                "v2",
                "applications",
                "7",
                "packages"
            ]
        );
    }
}
