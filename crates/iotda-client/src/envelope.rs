//! IoTDA's responses: the list body `{packages, page{count, marker}}`, and error bodies.
//!
//! Errors come as `{"error_code","error_msg"}` (IoTDA), `{"code","message"}`, or nested in an
//! object (API Gateway and IAM send `{"error":{…}}`); the request id is the `X-Request-Id`
//! response header. Like Huawei's Go SDK, the decoder searches nested objects for the first
//! that carries a code and keeps `encoded_authorization_message` in the message.

use pkgmodel::lenient;
use pkgruntime::{ApiError, ApiResponse, ErrorDecoder};
use serde::Deserialize;
use serde_json::{Map, Value};

/// The body of `ListOtaPackageInfo`.
#[derive(Debug, Deserialize)]
pub(crate) struct ListBody<T> {
    /// Required: a body without it (`{}`) is a decode error, never an empty listing.
    pub(crate) packages: Vec<T>,
    #[serde(default)]
    pub(crate) page: Option<PageInfo>,
}

/// `page{count, marker}`: `count` is the total number of matches, not the page size.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct PageInfo {
    #[serde(
        default,
        deserialize_with = "lenient::option_u64_from_number_or_string"
    )]
    pub(crate) count: Option<u64>,
    #[serde(default)]
    pub(crate) marker: Option<String>,
}

/// Decodes IoTDA, API Gateway and IAM error bodies into an [`ApiError`].
#[derive(Clone, Copy, Debug, Default)]
pub struct IotdaErrorDecoder;

impl ErrorDecoder for IotdaErrorDecoder {
    fn decode_error(&self, response: &ApiResponse) -> ApiError {
        let mut error = ApiError::new(response.status(), response.body());
        error.request_id = response
            .header_str("x-request-id")
            .filter(|id| !id.is_empty())
            .map(str::to_owned);
        let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(response.body()) else {
            return error;
        };
        if let Some(found) = find_error(&body, 0) {
            error.code = found.code;
            error.message = found.message;
            if let Some(encoded) = found.encoded_authorization_message {
                let message = error.message.take().unwrap_or_default();
                error.message = Some(
                    format!("{message} (encoded authorization message: {encoded})")
                        .trim()
                        .to_owned(),
                );
            }
        }
        error
    }
}

struct Found {
    code: Option<String>,
    message: Option<String>,
    encoded_authorization_message: Option<String>,
}

/// Nesting deeper than this is not searched (bodies are small; this bounds hostile ones).
const MAX_DEPTH: usize = 8;

/// The first object, breadth first, carrying `error_code`/`error_msg` or `code`/`message`.
fn find_error(object: &Map<String, Value>, depth: usize) -> Option<Found> {
    let text = |key: &str| match object.get(key) {
        Some(Value::String(text)) if !text.is_empty() => Some(text.clone()),
        Some(Value::Number(number)) => Some(number.to_string()),
        _ => None,
    };
    let code = text("error_code").or_else(|| text("code"));
    let message = text("error_msg").or_else(|| text("message"));
    if code.is_some() || message.is_some() {
        return Some(Found {
            code,
            message,
            encoded_authorization_message: text("encoded_authorization_message"),
        });
    }
    if depth >= MAX_DEPTH {
        return None;
    }
    object.values().find_map(|value| match value {
        Value::Object(inner) => find_error(inner, depth + 1),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::{HeaderMap, HeaderValue, StatusCode};

    fn decode(status: u16, body: &str, request_id: Option<&str>) -> ApiError {
        let mut headers = HeaderMap::new();
        if let Some(id) = request_id {
            headers.insert("x-request-id", HeaderValue::from_str(id).unwrap());
        }
        IotdaErrorDecoder.decode_error(&ApiResponse::new(
            StatusCode::from_u16(status).unwrap(),
            headers,
            body.to_owned(),
        ))
    }

    #[test]
    fn iotda_error_body_and_request_id() {
        let error = decode(
            400,
            r#"{"error_code":"IOTDA.000006","error_msg":"Invalid input data."}"#,
            Some("6a1b5c0e-req"),
        );
        assert_eq!(error.code.as_deref(), Some("IOTDA.000006"));
        assert_eq!(error.message.as_deref(), Some("Invalid input data."));
        assert_eq!(error.request_id.as_deref(), Some("6a1b5c0e-req"));
        assert_eq!(
            pkgruntime::Error::from(error).to_string(),
            "HTTP 400 Bad Request, code IOTDA.000006: Invalid input data. (request id 6a1b5c0e-req)"
        );
    }

    #[test]
    fn gateway_and_iam_shapes() {
        let gateway = decode(
            429,
            r#"{"error_code":"APIG.0308","error_msg":"The throttling threshold has been reached"}"#,
            None,
        );
        assert_eq!(gateway.code.as_deref(), Some("APIG.0308"));
        let nested = decode(
            401,
            r#"{"error":{"code":"401","message":"The request you have made requires authentication.","title":"Unauthorized"}}"#,
            None,
        );
        assert_eq!(nested.code.as_deref(), Some("401"));
        assert_eq!(
            nested.message.as_deref(),
            Some("The request you have made requires authentication.")
        );
        let encoded = decode(
            403,
            r#"{"error":{"code":"403","message":"forbidden","encoded_authorization_message":"abc123"}}"#,
            None,
        );
        assert_eq!(
            encoded.message.as_deref(),
            Some("forbidden (encoded authorization message: abc123)")
        );
    }

    #[test]
    fn other_bodies_keep_the_raw_text() {
        let error = decode(502, "<html>bad gateway</html>", None);
        assert_eq!(error.code, None);
        assert_eq!(error.body, "<html>bad gateway</html>");
        let deep = format!(
            r#"{}{{"code":"X"}}{}"#,
            r#"{"a":"#.repeat(20),
            "}".repeat(20)
        );
        assert_eq!(
            decode(500, &deep, None).code,
            None,
            "nesting beyond the limit is not searched"
        );
    }
}
