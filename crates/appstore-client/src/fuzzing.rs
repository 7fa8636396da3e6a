//! Entry points for property tests and fuzz targets (feature `fuzzing`). Not part of the
//! API: hidden from the docs, and free to change in any release.
//!
//! Each function feeds a response body to the crate's decoders exactly the way the
//! operation does (every accepted list shape, wrapped or not) and returns what came out.
//! None of them may panic, whatever the input: `tests/properties.rs` and the fuzz targets in
//! `fuzz/` check that.

use crate::envelope::{BareObject, PackageWrapper, SummaryWrapper, decode_list, decode_one};
use crate::{ApplicationSummary, EntityResponse, PackageVersion};
use pkgmodel::Page;
use pkgruntime::{Error, Token, decode_json, next_offset};

/// The packages of an application version, decoded from `body` as `list_packages` decodes
/// them: a bare object, a bare array, or `{items:[…]}`, each item wrapped or not.
pub fn package_list(body: &[u8]) -> Result<Vec<PackageVersion>, Error> {
    decode_list::<PackageWrapper<PackageVersion>>(body, BareObject::IsItem).map(|list| list.items)
}

/// One package, decoded from `body` as `package(…).send()` decodes it (`{"Package": …}`
/// unwrapped).
pub fn package(body: &[u8]) -> Result<PackageVersion, Error> {
    decode_one::<PackageWrapper<PackageVersion>>(body)
}

/// The page of applications at `offset` (`limit` per page), decoded from `body` as
/// `list_applications` decodes it: every list shape, `hasMore`, `totalResults` and the next
/// cursor.
pub fn applications_page(
    body: &[u8],
    offset: u64,
    limit: u32,
) -> Result<Page<ApplicationSummary>, Error> {
    let list = decode_list::<SummaryWrapper<ApplicationSummary>>(body, BareObject::IsEnvelope)?;
    let next = match list.has_more {
        Some(false) => None,
        _ => next_offset(offset, limit, list.items.len(), list.total),
    };
    Ok(Page::new(list.items, next, list.total))
}

/// The token of a token response (`GET …/v1/authenticate` or `POST …/oam/oauth2/tokens`).
pub fn token(body: &[u8]) -> Result<Token, Error> {
    crate::auth::token_from_body(body)
}

/// A delete's response, decoded from `body` as `delete_package` decodes it.
pub fn delete_response(body: &[u8]) -> Result<EntityResponse, Error> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(EntityResponse::default());
    }
    decode_json(body)
}
