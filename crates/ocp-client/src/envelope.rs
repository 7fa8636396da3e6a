//! OCP's response envelope: `{data, successful, status, timestamp, duration, traceId,
//! server}` on success, plus `error{code, message, …, subErrors}` on failure.
//!
//! Pages come in two documented shapes, both accepted: the sample's nested
//! `data.page{number,size,totalElements,totalPages}` and the field table's flat
//! `totalElements/totalPage/number/size` beside `data.contents` (either spelling of the page
//! total, in either position). An empty result may report every field as 0.
//!
//! A list response must carry `data.contents`: a success without it (`{}`, say) is a
//! decode error naming the missing field, never an empty catalogue.

use pkgmodel::{Page, lenient};
use pkgruntime::{
    ApiError, ApiResponse, DecodeError, Error, ErrorDecoder, GenericErrorDecoder, PageReport,
    decode_json, next_page_number,
};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::fmt::Write as _;

/// The envelope around every OCP response.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Envelope<D> {
    /// The payload; absent on failures and on deletes.
    #[serde(default = "Option::default")]
    pub(crate) data: Option<D>,
    /// `false` on failures (the HTTP status may still be 2xx behind some proxies).
    #[serde(default)]
    pub(crate) successful: Option<bool>,
}

/// `data` of a list response, in either documented shape.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PageData<T> {
    pub(crate) contents: Vec<T>,
    #[serde(default)]
    page: Option<PageInfo>,
    #[serde(flatten)]
    flat: PageInfo,
}

/// Paging fields, nested under `page` or flat under `data`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PageInfo {
    #[serde(
        default,
        deserialize_with = "lenient::option_u64_from_number_or_string"
    )]
    number: Option<u64>,
    #[serde(
        default,
        deserialize_with = "lenient::option_u64_from_number_or_string"
    )]
    size: Option<u64>,
    #[serde(
        default,
        deserialize_with = "lenient::option_u64_from_number_or_string"
    )]
    total_elements: Option<u64>,
    #[serde(
        default,
        alias = "totalPage",
        deserialize_with = "lenient::option_u64_from_number_or_string"
    )]
    total_pages: Option<u64>,
}

impl<T> PageData<T> {
    /// What the page reported about paging, nested fields first.
    pub(crate) fn report(&self) -> PageReport {
        let nested = self.page.as_ref();
        PageReport {
            number: nested.and_then(|page| page.number).or(self.flat.number),
            size: nested.and_then(|page| page.size).or(self.flat.size),
            total_pages: nested
                .and_then(|page| page.total_pages)
                .or(self.flat.total_pages),
            total_items: nested
                .and_then(|page| page.total_elements)
                .or(self.flat.total_elements),
        }
    }
}

/// Decodes page `page` (asked at `size` items) of a list response: the envelope, its
/// success flag (`false` becomes the error `failure` makes of the response), the required
/// `data.contents`, and the next cursor from what the page reported.
pub(crate) fn decode_page<T: DeserializeOwned>(
    body: &[u8],
    page: u64,
    size: u32,
    failure: impl FnOnce() -> Error,
) -> Result<Page<T>, Error> {
    let envelope: Envelope<PageData<T>> = decode_json(body)?;
    if envelope.successful == Some(false) {
        return Err(failure());
    }
    let Some(data) = envelope.data else {
        return Err(DecodeError::new("data", "missing field `data`", body).into());
    };
    let report = data.report();
    let next = next_page_number(page, size, data.contents.len(), &report)?;
    Ok(Page::new(data.contents, next, report.total_items))
}

/// Decodes OCP's error envelope into an [`ApiError`]: `error.code` (0 means "no code"),
/// `error.message` with the `subErrors` appended, and `traceId` as the request id. Bodies
/// that are not OCP's envelope (a proxy's HTML page) keep their raw text.
#[derive(Clone, Copy, Debug, Default)]
pub struct OcpErrorDecoder;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ErrorEnvelope {
    #[serde(default)]
    trace_id: Option<String>,
    #[serde(default)]
    error: Option<ErrorBody>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ErrorBody {
    #[serde(default)]
    code: Option<Value>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    sub_errors: Vec<Value>,
}

impl ErrorDecoder for OcpErrorDecoder {
    fn decode_error(&self, response: &ApiResponse) -> ApiError {
        let Ok(envelope) = serde_json::from_slice::<ErrorEnvelope>(response.body()) else {
            return GenericErrorDecoder.decode_error(response);
        };
        let Some(error) = envelope.error else {
            let mut fallback = GenericErrorDecoder.decode_error(response);
            fallback.request_id = envelope.trace_id.or(fallback.request_id);
            return fallback;
        };
        let mut decoded = ApiError::new(response.status(), response.body());
        decoded.code = match error.code {
            Some(Value::Number(code)) if code.as_u64() != Some(0) => Some(code.to_string()),
            Some(Value::String(code)) if !code.is_empty() && code != "0" => Some(code),
            _ => None,
        };
        decoded.message = describe(error.message, &error.sub_errors);
        decoded.request_id = envelope.trace_id.filter(|id| !id.is_empty());
        decoded
    }
}

/// The message followed by each sub-error, e.g. `Invalid argument (size: must be at least 1)`.
fn describe(message: Option<String>, sub_errors: &[Value]) -> Option<String> {
    let details: Vec<String> = sub_errors
        .iter()
        .filter_map(|sub| {
            let text = |key: &str| {
                sub.get(key)
                    .and_then(Value::as_str)
                    .filter(|s| !s.is_empty())
            };
            let message = text("message")?;
            Some(match text("field").or_else(|| text("SQLState")) {
                Some(field) => format!("{field}: {message}"),
                None => message.to_owned(),
            })
        })
        .collect();
    match (message.filter(|m| !m.is_empty()), details.is_empty()) {
        (Some(message), true) => Some(message),
        (Some(mut message), false) => {
            let _ = write!(message, " ({})", details.join("; "));
            Some(message)
        }
        (None, false) => Some(details.join("; ")),
        (None, true) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::{HeaderMap, StatusCode};

    fn decode(status: u16, body: &str) -> ApiError {
        OcpErrorDecoder.decode_error(&ApiResponse::new(
            StatusCode::from_u16(status).unwrap(),
            HeaderMap::new(),
            body.to_owned(),
        ))
    }

    #[test]
    fn the_documented_error_envelope() {
        let error = decode(
            400,
            r#"{"successful":false,"status":400,"timestamp":"2021-08-24T21:15:45.533+08:00","duration":3,
               "traceId":"b31aec4d58104ecd","server":"a83ad33525",
               "error":{"code":10001,"message":"Invalid argument","debugMessage":"x","target":{},
                        "subErrors":[{"object":"page","field":"size","rejectedValue":0,"message":"must be at least 1"},
                                     {"SQLState":"42000","code":1064,"message":"syntax error"}]}}"#,
        );
        assert_eq!(error.code.as_deref(), Some("10001"));
        assert_eq!(
            error.message.as_deref(),
            Some("Invalid argument (size: must be at least 1; 42000: syntax error)")
        );
        assert_eq!(error.request_id.as_deref(), Some("b31aec4d58104ecd"));
        assert_eq!(
            pkgruntime::Error::from(error).to_string(),
            "HTTP 400 Bad Request, code 10001: Invalid argument (size: must be at least 1; 42000: syntax error) \
             (request id b31aec4d58104ecd)"
        );
    }

    #[test]
    fn code_zero_means_no_code() {
        let error = decode(
            400,
            r#"{"successful":false,"error":{"code":0,"message":"bad"}}"#,
        );
        assert_eq!(error.code, None);
        assert_eq!(error.message.as_deref(), Some("bad"));
    }

    #[test]
    fn non_envelope_bodies_fall_back_to_the_raw_text() {
        let error = decode(502, "<html>Bad Gateway</html>");
        assert_eq!(error.code, None);
        assert_eq!(error.body, "<html>Bad Gateway</html>");
    }

    #[test]
    fn both_page_shapes_and_spellings() {
        let nested: PageData<u8> = serde_json::from_str(
            r#"{"contents":[1],"page":{"number":1,"size":10,"totalElements":2,"totalPages":1}}"#,
        )
        .unwrap();
        let flat: PageData<u8> = serde_json::from_str(
            r#"{"contents":[1],"totalElements":"2","totalPage":1,"number":1,"size":10}"#,
        )
        .unwrap();
        let expected = PageReport {
            number: Some(1),
            size: Some(10),
            total_pages: Some(1),
            total_items: Some(2),
        };
        assert_eq!(nested.report(), expected);
        assert_eq!(flat.report(), expected);
        let empty: PageData<u8> = serde_json::from_str(
            r#"{"contents":[],"page":{"number":0,"size":0,"totalElements":0,"totalPages":0}}"#,
        )
        .unwrap();
        assert_eq!(empty.report().total_items, Some(0));
        let bare: PageData<u8> = serde_json::from_str(r#"{"contents":[]}"#).unwrap();
        assert!(bare.contents.is_empty());
        assert_eq!(bare.report(), PageReport::default());
    }

    #[test]
    fn a_list_response_without_its_data_is_an_error_naming_the_field() {
        let failure = || Error::invalid_input("unused", "unused");
        for (body, path) in [("{}", "data"), (r#"{"successful":true,"data":{}}"#, "data")] {
            let error = decode_page::<u8>(body.as_bytes(), 1, 10, failure).unwrap_err();
            let Error::Decode(decode) = &error else {
                panic!("{body}: {error}")
            };
            assert_eq!(decode.path, path, "{body}");
            assert!(
                error.to_string().contains("data") || error.to_string().contains("contents"),
                "{error}"
            );
        }
    }
}
