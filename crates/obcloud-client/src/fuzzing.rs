//! Entry points for property tests and fuzz targets (feature `fuzzing`). Not part of the
//! API: hidden from the docs, and free to change in any release.
//!
//! Each function feeds a response (status and body) or a value from one to the crate's
//! decoders exactly the way the operation does and returns what came out. None of them may
//! panic, whatever the input: `tests/properties.rs` and the fuzz targets in `fuzz/` check
//! that.

use crate::envelope::{decode_listing, decode_one};
use crate::model::format;
use crate::{BackupSet, DEFAULT_ENDPOINT, Instance, ObCloudErrorDecoder};
use http::{HeaderMap, StatusCode};
use pkgmodel::time::OffsetDateTime;
use pkgmodel::{Cursor, Page, Vendor};
use pkgruntime::{ApiResponse, Error, Transport};
use serde::de::DeserializeOwned;
use std::sync::OnceLock;

/// A transport with the client's error decoder, built once (it is never used to send).
fn transport() -> Result<&'static Transport, Error> {
    static TRANSPORT: OnceLock<Option<Transport>> = OnceLock::new();
    TRANSPORT
        .get_or_init(|| {
            Transport::builder(Vendor::ObCloud)
                .endpoint(DEFAULT_ENDPOINT)
                .error_decoder(ObCloudErrorDecoder)
                .build()
                .ok()
        })
        .as_ref()
        .ok_or_else(|| Error::invalid_input("transport", "could not be built"))
}

/// A response with `status` (100 to 999; anything else is refused as input) and `body`.
fn response(status: u16, body: &[u8]) -> Result<ApiResponse, Error> {
    let status = StatusCode::from_u16(status)
        .map_err(|_| Error::invalid_input("status", "must be 100 to 999"))?;
    Ok(ApiResponse::new(status, HeaderMap::new(), body.to_vec()))
}

/// Page `page` (of `size` per page) of a listing, decoded as the listing operations decode
/// it: status and success flags, the envelope, the total and the next cursor.
fn listing_page<T: DeserializeOwned>(
    status: u16,
    body: &[u8],
    page: u64,
    size: u32,
) -> Result<Page<T>, Error> {
    let (page, size) = crate::paging::page_at(Some(&Cursor::PageNumber { page, size }), 1)?;
    let listing = decode_listing::<T>(transport()?, &response(status, body)?)?;
    let next = crate::paging::next_cursor(page, size, listing.items.len(), listing.total)?;
    Ok(Page::new(listing.items, next, listing.total))
}

/// Page `page` of an instance's backup sets (`GET …/backup/data/sets`), from a response
/// with `status` and `body`.
pub fn backup_sets_page(
    status: u16,
    body: &[u8],
    page: u64,
    size: u32,
) -> Result<Page<BackupSet>, Error> {
    listing_page(status, body, page, size)
}

/// Page `page` of the instances (`GET /api/v2/instances`), from a response with `status`
/// and `body`.
pub fn instances_page(
    status: u16,
    body: &[u8],
    page: u64,
    size: u32,
) -> Result<Page<Instance>, Error> {
    listing_page(status, body, page, size)
}

/// One backup set (`GET …/backup/data/sets/{backupTaskId}`), from a response with `status`
/// and `body`.
pub fn backup_set(status: u16, body: &[u8]) -> Result<BackupSet, Error> {
    decode_one(transport()?, &response(status, body)?)
}

/// The cursor after page `page` of `size` that returned `returned` items of `total`.
pub fn next_cursor(
    page: u64,
    size: u32,
    returned: usize,
    total: Option<u64>,
) -> Result<Option<Cursor>, Error> {
    crate::paging::next_cursor(page, size, returned, total)
}

/// A time as OceanBase Cloud sends it, parsed as the models parse it.
pub fn parse_time(text: &str) -> Option<OffsetDateTime> {
    format::parse_time(text)
}

/// `time` as a query value (`YYYY-MM-DDTHH:MM:SSZ`), rounded down and up to whole seconds as
/// a time range is: `(floor, ceil)`, each `None` where the format cannot express it.
pub fn format_time(time: OffsetDateTime) -> (Option<String>, Option<String>) {
    let floor = format::format_utc_seconds(format::floor_to_second(time));
    let ceil = format::ceil_to_second(time).and_then(format::format_utc_seconds);
    (floor, ceil)
}
