//! [`ApiResponse`]: a response read in full, and JSON decoding that names the bad field.
//!
//! Decoding takes `serde_json`'s fast path first; only when that fails is the body decoded a
//! second time with `serde_path_to_error`, so a [`DecodeError`](crate::DecodeError) names
//! the JSON path of the offending value without slowing down the common case.
//!
//! ```
//! use pkgruntime::decode_json;
//!
//! #[derive(Debug, serde::Deserialize)]
//! struct Package { size: u64 }
//! #[derive(Debug, serde::Deserialize)]
//! struct Data { contents: Vec<Package> }
//! #[derive(Debug, serde::Deserialize)]
//! struct Envelope { data: Data }
//!
//! let body = br#"{"data":{"contents":[{"size":1},{"size":"big"}]}}"#;
//! let error = decode_json::<Envelope>(body).unwrap_err();
//! assert!(error.to_string().starts_with("invalid response body at `data.contents[1].size`"));
//! ```

use crate::{DecodeError, Error};
use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;
use std::fmt;

/// A response whose body has been read in full.
#[derive(Clone)]
pub struct ApiResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl ApiResponse {
    /// A response from its parts (the transport builds these; tests and decoders may too).
    pub fn new(status: StatusCode, headers: HeaderMap, body: impl Into<Bytes>) -> Self {
        Self {
            status,
            headers,
            body: body.into(),
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// A header's value as text, if present and valid visible ASCII.
    pub fn header_str(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// The body bytes.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    pub(crate) fn into_parts(self) -> (StatusCode, HeaderMap, Bytes) {
        (self.status, self.headers, self.body)
    }

    /// Decodes the body as JSON into `T`, naming the path of the bad value on failure.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        decode_json(&self.body)
    }
}

impl fmt::Debug for ApiResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiResponse")
            .field("status", &self.status)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// Decodes `body` as JSON into `T`; on failure the error names the JSON path of the bad value.
///
/// The body is checked as UTF-8 once, up front, and then parsed as text: decoding from
/// bytes would validate every string on its own, which costs more than the whole check for
/// listings of many short strings. A body that is not UTF-8 is parsed as bytes, as before.
pub fn decode_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, Error> {
    let fast = match std::str::from_utf8(body) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(body),
    };
    match fast {
        Ok(value) => Ok(value),
        Err(fast_error) => {
            let mut deserializer = serde_json::Deserializer::from_slice(body);
            match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
                Err(error) => {
                    let path = error.path().to_string();
                    let inner = error.into_inner();
                    let mut decode = DecodeError::new(path, inner.to_string(), body);
                    decode.source = Some(Box::new(inner));
                    Err(decode.into())
                }
                // Unreachable in practice (both passes parse the same bytes); report the first.
                Ok(_) => Err(DecodeError::new(".", fast_error.to_string(), body).into()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Item {
        id: u64,
        name: String,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Envelope {
        items: Vec<Item>,
    }

    fn decode_error(body: &[u8]) -> DecodeError {
        match decode_json::<Envelope>(body).unwrap_err() {
            Error::Decode(decode) => *decode,
            other => panic!("not a decode error: {other}"),
        }
    }

    #[test]
    fn truncated_json_names_the_path_reached() {
        let error = decode_error(br#"{"items":[{"id":1,"name":"a"},{"id":2,"name":"b"#);
        assert_eq!(error.path, "items[1].name");
        assert!(error.message.contains("EOF"), "{}", error.message);
    }

    #[test]
    fn wrong_type_names_the_field() {
        let error = decode_error(br#"{"items":[{"id":"one","name":"a"}]}"#);
        assert_eq!(error.path, "items[0].id");
    }

    #[test]
    fn missing_field_names_its_parent() {
        let error = decode_error(br#"{"items":[{"id":1}]}"#);
        assert_eq!(error.path, "items[0]");
        assert!(
            error.message.contains("missing field `name`"),
            "{}",
            error.message
        );
    }

    #[test]
    fn html_and_invalid_utf8_are_decode_errors_at_the_root() {
        assert_eq!(decode_error(b"<html>502 Bad Gateway</html>").path, ".");
        let error = decode_error(b"{\"items\":[{\"id\":1,\"name\":\"\xff\xfe\"}]}");
        assert_eq!(error.path, "items[0].name");
        assert!(std::error::Error::source(&error).is_some());
    }

    #[test]
    fn invalid_utf8_in_an_ignored_field_decodes_as_before() {
        // Not UTF-8 as a whole, so parsed as bytes, which skip unknown strings unchecked.
        let envelope: Envelope =
            decode_json(b"{\"skipped\":\"\xff\",\"items\":[{\"id\":1,\"name\":\"\xc3\xa9\"}]}")
                .unwrap();
        assert_eq!(envelope.items[0].name, "\u{e9}");
    }

    #[test]
    fn valid_json_decodes() {
        let envelope: Envelope =
            decode_json(br#"{"items":[{"id":1,"name":"a","extra":true}]}"#).unwrap();
        assert_eq!(envelope.items.len(), 1);
    }
}
