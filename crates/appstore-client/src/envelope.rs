//! Response shapes: lists in every form Oracle documents, and error bodies.
//!
//! **Lists.** The packages of an application are "a list", yet Oracle's example is one bare
//! object, and a public client reads `{items:[{Package:{…}}]}`. Every shape is accepted: a
//! bare object (one item), a bare array, and `{items:[…]}`, with or without a one-key
//! wrapper around each item (`Package`/`PackageVersion` for packages, `listingSummary` for
//! applications). The shape is recognised first, then the body is decoded once more as that
//! shape, so a bad field is still reported by its JSON path (`items[3].Package.id`).
//!
//! **Errors.** Oracle documents the statuses (400 Bad Request / Invalid Parameter Value,
//! 401 Not Authorized, 404 Entity Not Found, 500 System Error) but not the body. The
//! [`AppStoreErrorDecoder`] keeps the raw body (truncated) and reads `message` (and the
//! usual alternatives) when the body is JSON.

use pkgmodel::lenient;
use pkgruntime::{ApiError, ApiResponse, Error, ErrorDecoder, GenericErrorDecoder, decode_json};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Decodes the publisher API's error bodies: `message`/`code`/request id as
/// [`GenericErrorDecoder`] reads them, then Oracle's REST conventions (`detail` or `title`
/// as the message, `o:errorCode` as the code, the `opc-request-id` or
/// `X-ORACLE-DMS-ECID` header as the request id). Any other body keeps its raw text only.
///
/// ```
/// use appstore_client::AppStoreErrorDecoder;
/// use pkgruntime::{ApiResponse, ErrorDecoder};
/// use http::{HeaderMap, StatusCode};
///
/// let body = r#"{"message":"Entity Not Found: package 7"}"#;
/// let error = AppStoreErrorDecoder.decode_error(&ApiResponse::new(StatusCode::NOT_FOUND, HeaderMap::new(), body));
/// assert_eq!(error.message.as_deref(), Some("Entity Not Found: package 7"));
/// assert_eq!(error.body, body);
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct AppStoreErrorDecoder;

const MESSAGE_FALLBACKS: &[&str] = &["detail", "title", "error_description", "error"];
const CODE_FALLBACKS: &[&str] = &["o:errorCode"];
const REQUEST_ID_HEADERS: &[&str] = &["opc-request-id", "x-oracle-dms-ecid"];

impl ErrorDecoder for AppStoreErrorDecoder {
    fn decode_error(&self, response: &ApiResponse) -> ApiError {
        let mut error = GenericErrorDecoder.decode_error(response);
        if error.request_id.is_none() {
            error.request_id = REQUEST_ID_HEADERS
                .iter()
                .find_map(|name| response.header_str(name))
                .filter(|id| !id.is_empty())
                .map(str::to_owned);
        }
        let Ok(Value::Object(json)) = serde_json::from_slice::<Value>(response.body()) else {
            return error;
        };
        let text = |keys: &[&str]| {
            keys.iter().find_map(|key| match json.get(*key) {
                Some(Value::String(text)) if !text.is_empty() => Some(text.clone()),
                _ => None,
            })
        };
        if error.message.is_none() {
            error.message = text(MESSAGE_FALLBACKS);
        }
        if error.code.is_none() {
            error.code = text(CODE_FALLBACKS);
        }
        error
    }
}

/// A one-key wrapper around each item of a list (`{"Package": {…}}`).
pub(crate) trait Wrapper: DeserializeOwned {
    /// The item inside.
    type Inner;
    /// The keys the wrapper may use.
    const KEYS: &'static [&'static str];
    /// Unwraps the item.
    fn into_inner(self) -> Self::Inner;
}

/// `{"Package": …}` or `{"PackageVersion": …}`.
#[derive(Deserialize)]
pub(crate) struct PackageWrapper<T> {
    #[serde(rename = "Package", alias = "PackageVersion")]
    inner: T,
}

impl<T: DeserializeOwned> Wrapper for PackageWrapper<T> {
    type Inner = T;
    const KEYS: &'static [&'static str] = &["Package", "PackageVersion"];
    fn into_inner(self) -> T {
        self.inner
    }
}

/// `{"listingSummary": …}`.
#[derive(Deserialize)]
pub(crate) struct SummaryWrapper<T> {
    #[serde(rename = "listingSummary", alias = "ListingSummary")]
    inner: T,
}

impl<T: DeserializeOwned> Wrapper for SummaryWrapper<T> {
    type Inner = T;
    const KEYS: &'static [&'static str] = &["listingSummary", "ListingSummary"];
    fn into_inner(self) -> T {
        self.inner
    }
}

/// `{items:[…]}` and the paging fields Oracle REST APIs commonly add (none documented
/// here, all optional).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ItemsEnvelope<T> {
    #[serde(default = "Vec::new")]
    items: Vec<T>,
    #[serde(default)]
    has_more: Option<bool>,
    #[serde(
        default,
        deserialize_with = "lenient::option_u64_from_number_or_string"
    )]
    total_results: Option<u64>,
}

/// A decoded list and what it said about paging.
#[derive(Debug)]
pub(crate) struct ListBody<T> {
    pub(crate) items: Vec<T>,
    /// `hasMore`, when the server sent it.
    pub(crate) has_more: Option<bool>,
    /// `totalResults`, when the server sent it.
    pub(crate) total: Option<u64>,
}

impl<T> ListBody<T> {
    fn items(items: Vec<T>) -> Self {
        Self {
            items,
            has_more: None,
            total: None,
        }
    }
}

/// Whether a bare object (no `items`) is one item of the list (packages) or an envelope
/// missing its required `items` (applications): a decode error naming it, never an empty
/// listing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BareObject {
    IsItem,
    IsEnvelope,
}

/// Decodes a list body in any accepted shape (see the module docs). An empty body or
/// `null` is an empty list.
pub(crate) fn decode_list<W: Wrapper>(
    body: &[u8],
    bare_object: BareObject,
) -> Result<ListBody<W::Inner>, Error>
where
    W::Inner: DeserializeOwned,
{
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(ListBody::items(Vec::new()));
    }
    let value: Value = decode_json(body)?;
    match &value {
        Value::Null => Ok(ListBody::items(Vec::new())),
        Value::Array(items) if is_wrapped::<W>(items.first()) => {
            let items: Vec<W> = decode_json(body)?;
            Ok(ListBody::items(
                items.into_iter().map(W::into_inner).collect(),
            ))
        }
        Value::Array(_) => Ok(ListBody::items(decode_json(body)?)),
        Value::Object(object) if object.contains_key("items") => {
            let first = object
                .get("items")
                .and_then(Value::as_array)
                .and_then(|items| items.first());
            if is_wrapped::<W>(first) {
                let envelope: ItemsEnvelope<W> = decode_json(body)?;
                Ok(ListBody {
                    items: envelope.items.into_iter().map(W::into_inner).collect(),
                    has_more: envelope.has_more,
                    total: envelope.total_results,
                })
            } else {
                let envelope: ItemsEnvelope<W::Inner> = decode_json(body)?;
                Ok(ListBody {
                    items: envelope.items,
                    has_more: envelope.has_more,
                    total: envelope.total_results,
                })
            }
        }
        Value::Object(_) if is_wrapped::<W>(Some(&value)) => {
            let item: W = decode_json(body)?;
            Ok(ListBody::items(vec![item.into_inner()]))
        }
        Value::Object(_) => match bare_object {
            BareObject::IsItem => Ok(ListBody::items(vec![decode_json(body)?])),
            BareObject::IsEnvelope => {
                Err(pkgruntime::DecodeError::new(".", "missing field `items`", body).into())
            }
        },
        _ => {
            Err(
                pkgruntime::DecodeError::new(".", "expected a JSON object or array of items", body)
                    .into(),
            )
        }
    }
}

/// Decodes one object, unwrapping `{"Package": {…}}` if the body is wrapped.
pub(crate) fn decode_one<W: Wrapper>(body: &[u8]) -> Result<W::Inner, Error>
where
    W::Inner: DeserializeOwned,
{
    let value: Value = decode_json(body)?;
    if is_wrapped::<W>(Some(&value)) {
        let item: W = decode_json(body)?;
        Ok(item.into_inner())
    } else {
        decode_json(body)
    }
}

/// Whether `item` is `{"<wrapper key>": {…}}` and nothing else.
/// Whether `item` is a wrapper object (`{"listingSummary": {…}}`), whatever other fields a
/// newer API version adds beside the wrapped item.
fn is_wrapped<W: Wrapper>(item: Option<&Value>) -> bool {
    let Some(Value::Object(object)) = item else {
        return false;
    };
    W::KEYS
        .iter()
        .any(|key| object.get(*key).is_some_and(Value::is_object))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::{HeaderMap, StatusCode};

    #[derive(Debug, Deserialize, PartialEq)]
    struct Item {
        id: u64,
    }

    fn packages(body: &str) -> Result<Vec<u64>, Error> {
        decode_list::<PackageWrapper<Item>>(body.as_bytes(), BareObject::IsItem)
            .map(|list| list.items.into_iter().map(|item| item.id).collect())
    }

    #[test]
    fn every_list_shape_is_accepted() {
        assert_eq!(packages(r#"{"id":1}"#).unwrap(), [1]);
        assert_eq!(packages(r#"[{"id":1},{"id":2}]"#).unwrap(), [1, 2]);
        assert_eq!(
            packages(r#"{"items":[{"id":1},{"id":2}]}"#).unwrap(),
            [1, 2]
        );
        assert_eq!(
            packages(r#"{"items":[{"Package":{"id":1}},{"Package":{"id":2}}]}"#).unwrap(),
            [1, 2]
        );
        assert_eq!(packages(r#"[{"PackageVersion":{"id":3}}]"#).unwrap(), [3]);
        assert_eq!(packages(r#"{"Package":{"id":4}}"#).unwrap(), [4]);
        assert_eq!(packages(r#"{"items":[]}"#).unwrap(), Vec::<u64>::new());
        assert_eq!(packages("[]").unwrap(), Vec::<u64>::new());
        assert_eq!(packages("  ").unwrap(), Vec::<u64>::new());
        assert_eq!(packages("null").unwrap(), Vec::<u64>::new());
        assert!(packages(r#""text""#).is_err());
    }

    #[test]
    fn decode_errors_name_the_path_in_the_shape_sent() {
        let error =
            packages(r#"{"items":[{"Package":{"id":1}},{"Package":{"id":"x"}}]}"#).unwrap_err();
        match error {
            Error::Decode(decode) => assert_eq!(decode.path, "items[1].Package.id"),
            other => panic!("{other:?}"),
        }
        match packages(r#"[{"id":1},{"id":true}]"#).unwrap_err() {
            Error::Decode(decode) => assert_eq!(decode.path, "[1].id"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn envelopes_report_paging_fields_and_must_hold_their_items() {
        let list = decode_list::<SummaryWrapper<Item>>(
            br#"{"items":[{"listingSummary":{"id":1}}],"hasMore":false,"totalResults":"1"}"#,
            BareObject::IsEnvelope,
        )
        .unwrap();
        assert_eq!(list.items, [Item { id: 1 }]);
        assert_eq!(list.has_more, Some(false));
        assert_eq!(list.total, Some(1));
        for body in [&br#"{"count":0}"#[..], b"{}"] {
            let error = decode_list::<SummaryWrapper<Item>>(body, BareObject::IsEnvelope)
                .err()
                .unwrap();
            assert!(
                error.to_string().contains("missing field `items`"),
                "{error}"
            );
        }
        let empty = decode_list::<SummaryWrapper<Item>>(br#"{"items":[]}"#, BareObject::IsEnvelope)
            .unwrap();
        assert!(empty.items.is_empty());
    }

    #[test]
    fn one_object_wrapped_or_not() {
        assert_eq!(
            decode_one::<PackageWrapper<Item>>(br#"{"Package":{"id":5}}"#).unwrap(),
            Item { id: 5 }
        );
        assert_eq!(
            decode_one::<PackageWrapper<Item>>(br#"{"id":6,"extra":{}}"#).unwrap(),
            Item { id: 6 }
        );
    }

    fn decode_error(status: u16, headers: &[(&'static str, &'static str)], body: &str) -> ApiError {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.insert(*name, http::HeaderValue::from_static(value));
        }
        AppStoreErrorDecoder.decode_error(&ApiResponse::new(
            StatusCode::from_u16(status).unwrap(),
            map,
            body.to_owned(),
        ))
    }

    #[test]
    fn error_bodies_in_any_form_keep_the_raw_text() {
        let error = decode_error(400, &[], r#"{"message":"Invalid Parameter Value"}"#);
        assert_eq!(error.message.as_deref(), Some("Invalid Parameter Value"));
        let error = decode_error(
            404,
            &[("opc-request-id", "req-9")],
            r#"{"type":"x","title":"Not Found","detail":"Entity Not Found","o:errorCode":"OCM-404"}"#,
        );
        assert_eq!(error.message.as_deref(), Some("Entity Not Found"));
        assert_eq!(error.code.as_deref(), Some("OCM-404"));
        assert_eq!(error.request_id.as_deref(), Some("req-9"));
        let error = decode_error(500, &[], "<html>System Error</html>");
        assert_eq!(error.message, None);
        assert_eq!(error.body, "<html>System Error</html>");
        assert_eq!(
            pkgruntime::Error::from(error).to_string(),
            "HTTP 500 Internal Server Error: <html>System Error</html>"
        );
    }
}
