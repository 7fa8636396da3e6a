//! Entry points for property tests and fuzz targets (feature `fuzzing`). Not part of the
//! API: hidden from the docs, and free to change in any release.
//!
//! Each function feeds a response body to the crate's decoders exactly the way the
//! operation does (envelope, success flag, paging report, next cursor) and returns what
//! came out. None of them may panic, whatever the input: `tests/properties.rs` and the fuzz
//! targets in `fuzz/` check that.

use crate::envelope::{Envelope, decode_page};
use crate::{OcpErrorDecoder, SoftwarePackageMeta};
use http::{HeaderMap, StatusCode};
use pkgmodel::Page;
use pkgruntime::{ApiResponse, Error, ErrorDecoder, decode_json};
use serde::de::IgnoredAny;

/// A 2xx response with `body`, as the transport hands it to an operation.
fn ok_response(body: &[u8]) -> ApiResponse {
    ApiResponse::new(StatusCode::OK, HeaderMap::new(), body.to_vec())
}

/// The failure a 2xx envelope with `successful: false` becomes.
fn envelope_failure(body: &[u8]) -> Error {
    OcpErrorDecoder.decode_error(&ok_response(body)).into()
}

/// Page `page` (of `size` items per page) of `GET /api/v2/software-packages`, decoded from
/// `body` as `list_software_packages` decodes it: the envelope in either page shape, the
/// success flag, the paging report and the next cursor.
pub fn list_page(body: &[u8], page: u64, size: u32) -> Result<Page<SoftwarePackageMeta>, Error> {
    decode_page(body, page, size, || envelope_failure(body))
}

/// One package (the get-one endpoint's and the upload's response), decoded from `body` as
/// those operations decode it; `None` when a success carries no `data`.
pub fn one_package(body: &[u8]) -> Result<Option<SoftwarePackageMeta>, Error> {
    let envelope: Envelope<SoftwarePackageMeta> = decode_json(body)?;
    if envelope.successful == Some(false) {
        return Err(envelope_failure(body));
    }
    Ok(envelope.data)
}

/// A delete's response, checked as `delete_software_package` checks it.
pub fn delete_response(body: &[u8]) -> Result<(), Error> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(());
    }
    let envelope: Envelope<IgnoredAny> = decode_json(body)?;
    if envelope.successful == Some(false) {
        return Err(envelope_failure(body));
    }
    Ok(())
}
