//! [`ErrorDecoder`]: how a vendor's error responses become an [`ApiError`].
//!
//! Each vendor has its own error envelope (`{error:{code,message},traceId}`,
//! `{error_code,error_msg}` plus an `X-Request-Id` header, `{errorCode,errorMessage,requestId}`
//! …). A client gives the transport its decoder; the transport calls it for every non-2xx
//! response and adds the `Retry-After` delay itself.
//!
//! [`GenericErrorDecoder`] reads the common spellings and is the default.
//!
//! ```
//! use pkgruntime::{ApiResponse, ErrorDecoder, GenericErrorDecoder};
//! use http::{HeaderMap, StatusCode};
//!
//! let body = r#"{"error_code":"IOTDA.000006","error_msg":"Invalid input data."}"#;
//! let mut headers = HeaderMap::new();
//! headers.insert("x-request-id", "req-1".parse().unwrap());
//! let response = ApiResponse::new(StatusCode::BAD_REQUEST, headers, body);
//! let error = GenericErrorDecoder.decode_error(&response);
//! assert_eq!(error.code.as_deref(), Some("IOTDA.000006"));
//! assert_eq!(error.message.as_deref(), Some("Invalid input data."));
//! assert_eq!(error.request_id.as_deref(), Some("req-1"));
//! ```

use crate::{ApiError, ApiResponse};
use serde_json::Value;
use std::fmt;

/// Turns an error response into an [`ApiError`]. Must not fail: whatever the body, the
/// result keeps at least the status and the start of the body.
pub trait ErrorDecoder: Send + Sync + fmt::Debug + 'static {
    /// Decodes `response` (a non-2xx status, or a 2xx whose envelope reports failure).
    fn decode_error(&self, response: &ApiResponse) -> ApiError;
}

/// Reads `code`/`error_code`/`errorCode`, `message`/`error_msg`/`errorMessage`/`msg` and
/// `requestId`/`request_id`/`traceId` at the top level or under `error`, and the
/// `X-Request-Id` header; anything else keeps the raw body only.
#[derive(Clone, Copy, Debug, Default)]
pub struct GenericErrorDecoder;

const CODE_KEYS: &[&str] = &["error_code", "errorCode", "code"];
const MESSAGE_KEYS: &[&str] = &["error_msg", "errorMessage", "message", "msg"];
const REQUEST_ID_KEYS: &[&str] = &["request_id", "requestId", "traceId"];

impl ErrorDecoder for GenericErrorDecoder {
    fn decode_error(&self, response: &ApiResponse) -> ApiError {
        let mut error = ApiError::new(response.status(), response.body());
        error.request_id = response.header_str("x-request-id").map(str::to_owned);
        let Ok(json) = serde_json::from_slice::<Value>(response.body()) else {
            return error;
        };
        let nested = json.get("error").filter(|value| value.is_object());
        let lookup = |keys: &[&str]| {
            [Some(&json), nested]
                .into_iter()
                .flatten()
                .find_map(|object| keys.iter().find_map(|key| scalar_text(object.get(*key)?)))
        };
        error.code = lookup(CODE_KEYS);
        error.message = lookup(MESSAGE_KEYS);
        if error.request_id.is_none() {
            error.request_id = lookup(REQUEST_ID_KEYS);
        }
        error
    }
}

/// A JSON string or number as text; `None` for anything else or an empty string.
pub(crate) fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) if !text.is_empty() => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::{HeaderMap, StatusCode};

    fn decode(status: StatusCode, body: &str) -> ApiError {
        GenericErrorDecoder.decode_error(&ApiResponse::new(
            status,
            HeaderMap::new(),
            body.to_owned(),
        ))
    }

    #[test]
    fn nested_error_objects_and_numeric_codes() {
        let error = decode(
            StatusCode::NOT_FOUND,
            r#"{"successful":false,"traceId":"t1","error":{"code":10002,"message":"not found"}}"#,
        );
        assert_eq!(error.code.as_deref(), Some("10002"));
        assert_eq!(error.message.as_deref(), Some("not found"));
        assert_eq!(error.request_id.as_deref(), Some("t1"));
    }

    #[test]
    fn non_json_bodies_keep_the_raw_text() {
        let error = decode(StatusCode::BAD_GATEWAY, "<html>proxy error</html>");
        assert_eq!(error.code, None);
        assert_eq!(error.message, None);
        assert_eq!(error.body, "<html>proxy error</html>");
    }

    #[test]
    fn non_scalar_fields_are_ignored() {
        let error = decode(
            StatusCode::BAD_REQUEST,
            r#"{"code":{"x":1},"message":["a"]}"#,
        );
        assert_eq!(error.code, None);
        assert_eq!(error.message, None);
    }
}
