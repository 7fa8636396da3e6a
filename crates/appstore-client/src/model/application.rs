//! [`ApplicationSummary`] (one entry of the applications listing) and [`EntityResponse`]
//! (what changes answer).

use super::number::option_text;
use super::{ListingStatus, Status};
use pkgmodel::lenient;
use serde::{Deserialize, Serialize};

/// One application listing version, as `GET /appstore/publisher/v1/applications` returns it
/// (inside `items[].listingSummary`).
///
/// Oracle documents `name`, `listingVersionId` and `status` (and more, unnamed); `listingId`
/// is what the listings endpoint calls the listing. Read the full JSON with
/// [`ListApplications::items_as`](crate::ListApplications::items_as) if you need the rest.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ApplicationSummary {
    /// The listing's id (stays the same across versions).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_u64_from_number_or_string"
    )]
    pub listing_id: Option<u64>,
    /// The listing version's id: the `listingVersionId` of the package operations.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_u64_from_number_or_string"
    )]
    pub listing_version_id: Option<u64>,
    /// The application's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The listing's status: a string, or a `{code, displayName}` object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status<ListingStatus>>,
}

impl ApplicationSummary {
    /// The listing status, matched regardless of case (`unpublished` is
    /// [`ListingStatus::Unpublished`]).
    ///
    /// ```
    /// use appstore_client::{ApplicationSummary, ListingStatus};
    /// let summary: ApplicationSummary = serde_json::from_str(r#"{"name":"a","status":"unpublished"}"#)?;
    /// assert_eq!(summary.listing_status(), Some(ListingStatus::Unpublished));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn listing_status(&self) -> Option<ListingStatus> {
        self.status
            .as_ref()
            .and_then(Status::code)
            .map(|code| ListingStatus::from_any_case(code.as_str()))
    }
}

/// What Oracle answers to a change (create, validate, delete): a message and the id of the
/// entity concerned, e.g. `{"message":"Listing Package for ListingVersionId = 3037612 was
/// deleted.","entityId":"3037612"}`. `entityId` is a string (a number is accepted too).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EntityResponse {
    /// What happened, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The id of the entity concerned.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "option_text"
    )]
    pub entity_id: Option<String>,
}
