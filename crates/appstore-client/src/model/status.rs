//! [`Status`]: a string in API v1, an object in v2; and the status codes seen so far.

use serde::{Deserialize, Serialize};

/// A status as Oracle sends it: a bare string in API v1 (`"VALIDATION_SUCCEEDED"`), an object
/// in v2 (`{"code": "NEW", "displayName": "New"}`). Both decode, and each serialises back in
/// the form it came in.
///
/// ```
/// use appstore_client::{PackageStatusCode, Status};
///
/// let v1: Status<PackageStatusCode> = serde_json::from_str(r#""VALIDATION_SUCCEEDED""#)?;
/// let v2: Status<PackageStatusCode> = serde_json::from_str(r#"{"code":"NEW","displayName":"New"}"#)?;
/// assert_eq!(v1.code(), Some(&PackageStatusCode::ValidationSucceeded));
/// assert_eq!(v2.code(), Some(&PackageStatusCode::New));
/// assert_eq!(v2.display_name(), Some("New"));
/// assert_eq!(serde_json::to_string(&v1)?, r#""VALIDATION_SUCCEEDED""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum Status<C> {
    /// The v1 form: the code alone.
    Text(C),
    /// The v2 form: a code and a name for display.
    Object {
        /// The status code.
        #[serde(default = "Option::default", skip_serializing_if = "Option::is_none")]
        code: Option<C>,
        /// The status for display, e.g. `New`.
        #[serde(
            default,
            rename = "displayName",
            skip_serializing_if = "Option::is_none"
        )]
        display_name: Option<String>,
    },
}

impl<C> Status<C> {
    /// The status code, in either form.
    pub fn code(&self) -> Option<&C> {
        match self {
            Self::Text(code) => Some(code),
            Self::Object { code, .. } => code.as_ref(),
        }
    }

    /// The name for display (v2 only).
    pub fn display_name(&self) -> Option<&str> {
        match self {
            Self::Text(_) => None,
            Self::Object { display_name, .. } => display_name.as_deref(),
        }
    }
}

impl<C> From<C> for Status<C> {
    fn from(code: C) -> Self {
        Self::Text(code)
    }
}

pkgmodel::open_enum! {
    /// The status of a package. Only the values in Oracle's examples are known; the full set
    /// is not documented, so anything else is kept as `Unknown`.
    pub enum PackageStatusCode {
        /// `VALIDATION_SUCCEEDED` (the v1 sample).
        ValidationSucceeded = "VALIDATION_SUCCEEDED",
        /// `NEW` (the v2 sample).
        New = "NEW",
    }
}

pkgmodel::open_enum! {
    /// The status of an application listing. Oracle's documented values are upper case; one
    /// public client compares against lower-case `unpublished`, so use
    /// [`ListingStatus::from_any_case`] (or [`ApplicationSummary::listing_status`](crate::ApplicationSummary::listing_status))
    /// to match regardless of case.
    pub enum ListingStatus {
        /// `NEW`: being drafted.
        New = "NEW",
        /// `PENDING_REVIEW`: submitted for approval.
        PendingReview = "PENDING_REVIEW",
        /// `REVIEWING`: under review by Oracle.
        Reviewing = "REVIEWING",
        /// `APPROVED`: approved, not yet published.
        Approved = "APPROVED",
        /// `PUBLISHED`: live on the Marketplace.
        Published = "PUBLISHED",
        /// `UNPUBLISHED`: withdrawn from the Marketplace.
        Unpublished = "UNPUBLISHED",
    }
}

impl ListingStatus {
    /// The status for `text` compared without regard to case (`unpublished` is
    /// [`Unpublished`](Self::Unpublished)); unknown text is kept as sent.
    ///
    /// ```
    /// use appstore_client::ListingStatus;
    /// assert_eq!(ListingStatus::from_any_case("unpublished"), ListingStatus::Unpublished);
    /// assert_eq!(ListingStatus::from_any_case("Archived"), ListingStatus::Unknown("Archived".into()));
    /// ```
    pub fn from_any_case(text: &str) -> Self {
        Self::KNOWN
            .iter()
            .find(|known| known.as_str().eq_ignore_ascii_case(text))
            .cloned()
            .unwrap_or_else(|| Self::Unknown(text.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_forms_round_trip() {
        for json in [
            r#""VALIDATION_SUCCEEDED""#,
            r#"{"code":"NEW","displayName":"New"}"#,
            r#"{"code":"SOMETHING_ELSE"}"#,
            "{}",
        ] {
            let status: Status<PackageStatusCode> = serde_json::from_str(json).unwrap();
            assert_eq!(serde_json::to_string(&status).unwrap(), json);
        }
        let status: Status<PackageStatusCode> =
            serde_json::from_str(r#"{"code":"X","extra":1}"#).unwrap();
        assert_eq!(status.code(), Some(&PackageStatusCode::Unknown("X".into())));
        assert!(serde_json::from_str::<Status<PackageStatusCode>>("3").is_err());
    }
}
