//! Entry points for property tests and fuzz targets (feature `fuzzing`). Not part of the
//! API: hidden from the docs, and free to change in any release.
//!
//! Each function feeds a response body to the crate's decoders exactly the way the
//! operation does and returns what came out. None of them may panic, whatever the input:
//! `tests/properties.rs` and the fuzz targets in `fuzz/` check that.

use crate::OtaPackageInfo;
use crate::envelope::ListBody;
use pkgmodel::Page;
use pkgmodel::time::OffsetDateTime;
use pkgruntime::{Error, decode_json, next_marker};
use std::time::Duration;

/// One page of `ListOtaPackageInfo` asked with `limit`, decoded from `body` as
/// `list_ota_packages` decodes it: packages, `page.count` and the next marker.
pub fn list_page(body: &[u8], limit: u32) -> Result<Page<OtaPackageInfo>, Error> {
    let body: ListBody<OtaPackageInfo> = decode_json(body)?;
    let page = body.page.unwrap_or_default();
    let next = next_marker(
        page.marker.as_deref(),
        body.packages.len(),
        limit,
        page.count,
    );
    Ok(Page::new(body.packages, next, page.count))
}

/// One package (`ShowOtaPackage`'s and `CreateOtaPackage`'s response), decoded from `body`.
pub fn show(body: &[u8]) -> Result<OtaPackageInfo, Error> {
    decode_json(body)
}

/// The lifetime of the token in an IAM `POST /v3/auth/tokens` response `body`, from
/// `now_unix` (seconds since the epoch; clamped to the years 1970 to 9999).
pub fn iam_token_lifetime(body: &[u8], now_unix: i64) -> Duration {
    let now = OffsetDateTime::from_unix_timestamp(now_unix.clamp(0, 253_402_300_799))
        .unwrap_or(OffsetDateTime::UNIX_EPOCH);
    crate::iam::token_lifetime(body, now)
}
