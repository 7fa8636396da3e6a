//! OceanBase Cloud's response envelope, in both documented variants:
//!
//! ```json
//! {"success": true,  "data": {"dataList": […], "total": 1}, "requestId": "…"}
//! {"success": false, "errorCode": "E001R000", "errorMessage": "Unknown Error", "requestId": "…"}
//! {"successful": false, "message": "…", "requestId": "…"}
//! ```
//!
//! A call fails when the status is not `200` **or** the envelope says `success: false` (or
//! `successful: false`): either way it becomes [`Error::Api`] with the `errorCode`, the
//! `errorMessage` (or `message`) and the `requestId`. The total of a listing is `data.total`
//! or, in another version of the envelope, the top-level `totalCount`. Other envelope fields
//! (`cost`, `server`, `extra`, …) are ignored.

use pkgmodel::lenient;
use pkgruntime::{ApiError, ApiResponse, DecodeError, Error, ErrorDecoder, Transport};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The envelope around every response's payload.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Envelope<D> {
    /// The payload; absent on failures.
    #[serde(default = "Option::default")]
    pub(crate) data: Option<D>,
    /// The total of a listing, in the envelope version that puts it at the top level.
    #[serde(
        default,
        deserialize_with = "lenient::option_u64_from_number_or_string"
    )]
    pub(crate) total_count: Option<u64>,
}

/// Just the success flags, read before the payload so a failure never turns into a
/// decode error of a payload that is not there.
#[derive(Debug, Deserialize)]
struct Outcome {
    #[serde(default)]
    success: Option<Value>,
    #[serde(default)]
    successful: Option<Value>,
}

impl Outcome {
    /// Whether either flag says the call failed (`false`, or the string `"false"`).
    fn failed(&self) -> bool {
        [&self.success, &self.successful].into_iter().any(|flag| {
            matches!(flag, Some(Value::Bool(false)))
                || matches!(flag, Some(Value::String(text)) if text.eq_ignore_ascii_case("false"))
        })
    }
}

/// `data` of a listing: `{dataList, total}`; `dataList` is required.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ListData<T> {
    pub(crate) data_list: Vec<T>,
    #[serde(
        default,
        deserialize_with = "lenient::option_u64_from_number_or_string"
    )]
    pub(crate) total: Option<u64>,
}

/// The items of a listing and its total, from `data.total` or the top-level `totalCount`.
pub(crate) struct Listing<T> {
    pub(crate) items: Vec<T>,
    pub(crate) total: Option<u64>,
}

/// Checks a 2xx response for success and decodes its envelope.
pub(crate) fn decode<D: DeserializeOwned>(
    transport: &Transport,
    response: &ApiResponse,
) -> Result<Envelope<D>, Error> {
    // The transport passes every 2xx; OceanBase Cloud succeeds with 200 only.
    if response.status() != http::StatusCode::OK {
        return Err(transport.api_error(response).into());
    }
    if serde_json::from_slice::<Outcome>(response.body()).is_ok_and(|outcome| outcome.failed()) {
        return Err(transport.api_error(response).into());
    }
    response.json()
}

/// Decodes a listing response. A success without `data.dataList` is a decode error naming
/// the missing field, never an empty page.
pub(crate) fn decode_listing<T: DeserializeOwned>(
    transport: &Transport,
    response: &ApiResponse,
) -> Result<Listing<T>, Error> {
    let envelope: Envelope<ListData<T>> = decode(transport, response)?;
    let data = envelope
        .data
        .ok_or_else(|| DecodeError::new("data", "missing field `data`", response.body()))?;
    Ok(Listing {
        total: data.total.or(envelope.total_count),
        items: data.data_list,
    })
}

/// Decodes a get-one response, whose `data` is the object itself.
pub(crate) fn decode_one<T: DeserializeOwned>(
    transport: &Transport,
    response: &ApiResponse,
) -> Result<T, Error> {
    let envelope: Envelope<T> = decode(transport, response)?;
    envelope.data.ok_or_else(|| {
        DecodeError::new(
            "data",
            "a successful response carries no `data`",
            response.body(),
        )
        .into()
    })
}

/// Decodes OceanBase Cloud's error envelope into an [`ApiError`]: `errorCode` (or `code`),
/// `errorMessage` (or `message`, or `msg`), and the `requestId` of the body (or the
/// `X-Request-Id` header). Bodies that are not JSON keep their raw text.
///
/// ```
/// use obcloud_client::ObCloudErrorDecoder;
/// use pkgruntime::{ApiResponse, ErrorDecoder};
/// use http::{HeaderMap, StatusCode};
///
/// let body = r#"{"success":false,"errorCode":"E001R000","errorMessage":"Unknown Error","requestId":"df209ed9"}"#;
/// let error = ObCloudErrorDecoder.decode_error(&ApiResponse::new(StatusCode::INTERNAL_SERVER_ERROR, HeaderMap::new(), body));
/// assert_eq!(
///     pkgruntime::Error::from(error).to_string(),
///     "HTTP 500 Internal Server Error, code E001R000: Unknown Error (request id df209ed9)"
/// );
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct ObCloudErrorDecoder;

impl ErrorDecoder for ObCloudErrorDecoder {
    fn decode_error(&self, response: &ApiResponse) -> ApiError {
        let mut error = ApiError::new(response.status(), response.body());
        let header_id = response
            .header_str("x-request-id")
            .filter(|id| !id.is_empty())
            .map(str::to_owned);
        let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(response.body()) else {
            error.request_id = header_id;
            return error;
        };
        let text = |keys: &[&str]| {
            keys.iter().find_map(|key| match body.get(*key) {
                Some(Value::String(text)) if !text.is_empty() => Some(text.clone()),
                Some(Value::Number(number)) => Some(number.to_string()),
                _ => None,
            })
        };
        error.code = text(&["errorCode", "code"]);
        error.message = text(&["errorMessage", "message", "msg"]);
        error.request_id = text(&["requestId"]).or(header_id);
        error
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::{HeaderMap, HeaderValue, StatusCode};

    fn response(status: u16, body: &str) -> ApiResponse {
        ApiResponse::new(
            StatusCode::from_u16(status).unwrap(),
            HeaderMap::new(),
            body.to_owned(),
        )
    }

    fn transport() -> Transport {
        Transport::builder(pkgmodel::Vendor::ObCloud)
            .endpoint("https://api-cloud.oceanbase.com")
            .error_decoder(ObCloudErrorDecoder)
            .build()
            .unwrap()
    }

    #[test]
    fn both_error_variants_decode() {
        let error = ObCloudErrorDecoder.decode_error(&response(
            400,
            r#"{"success":false,"errorCode":"E001R000","errorMessage":"Unknown Error","requestId":"r-1","cost":3}"#,
        ));
        assert_eq!(error.code.as_deref(), Some("E001R000"));
        assert_eq!(error.message.as_deref(), Some("Unknown Error"));
        assert_eq!(error.request_id.as_deref(), Some("r-1"));
        let error = ObCloudErrorDecoder.decode_error(&response(
            403,
            r#"{"successful":false,"code":403001,"message":"Forbidden","requestId":""}"#,
        ));
        assert_eq!(error.code.as_deref(), Some("403001"));
        assert_eq!(error.message.as_deref(), Some("Forbidden"));
        assert_eq!(error.request_id, None);
    }

    #[test]
    fn the_header_request_id_is_a_fallback_and_html_keeps_its_text() {
        let mut headers = HeaderMap::new();
        headers.insert("x-request-id", HeaderValue::from_static("h-1"));
        let html = ApiResponse::new(StatusCode::BAD_GATEWAY, headers.clone(), "<html>502</html>");
        let error = ObCloudErrorDecoder.decode_error(&html);
        assert_eq!(error.request_id.as_deref(), Some("h-1"));
        assert_eq!(error.body, "<html>502</html>");
        let json = ApiResponse::new(StatusCode::BAD_REQUEST, headers, r#"{"errorCode":"X"}"#);
        assert_eq!(
            ObCloudErrorDecoder
                .decode_error(&json)
                .request_id
                .as_deref(),
            Some("h-1")
        );
    }

    #[test]
    fn success_flags_and_statuses() {
        let transport = transport();
        let ok = response(
            200,
            r#"{"success":true,"data":{"dataList":[1,2],"total":"7"}}"#,
        );
        let listing = decode_listing::<u8>(&transport, &ok).unwrap();
        assert_eq!((listing.items, listing.total), (vec![1, 2], Some(7)));

        let top = response(
            200,
            r#"{"successful":true,"data":{"dataList":[1]},"totalCount":9}"#,
        );
        assert_eq!(
            decode_listing::<u8>(&transport, &top).unwrap().total,
            Some(9)
        );

        for (bare, path) in [
            (r#"{"success":true}"#, "data"),
            ("{}", "data"),
            (r#"{"success":true,"data":{"total":3}}"#, "data"),
        ] {
            let error = decode_listing::<u8>(&transport, &response(200, bare))
                .err()
                .unwrap();
            let Error::Decode(decode) = &error else {
                panic!("{bare}: {error:?}")
            };
            assert_eq!(decode.path, path, "{bare}");
        }

        for failed in [
            r#"{"success":false,"errorCode":"E1","data":"not an object"}"#,
            r#"{"successful":false,"message":"no"}"#,
            r#"{"success":"false"}"#,
        ] {
            let error = decode_listing::<u8>(&transport, &response(200, failed))
                .err()
                .unwrap();
            assert!(matches!(error, Error::Api(_)), "{failed}: {error:?}");
        }
        let accepted = response(202, r#"{"success":true,"data":{"dataList":[]}}"#);
        let error = decode_listing::<u8>(&transport, &accepted).err().unwrap();
        assert_eq!(error.status(), Some(StatusCode::ACCEPTED));
    }

    #[test]
    fn a_get_without_data_is_a_decode_error() {
        let error = decode_one::<u8>(&transport(), &response(200, r#"{"success":true}"#))
            .err()
            .unwrap();
        match error {
            Error::Decode(decode) => assert_eq!(decode.path, "data"),
            other => panic!("{other:?}"),
        }
    }
}
