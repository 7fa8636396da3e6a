//! Every client's `ErrorDecoder` (OCP, IoTDA, Oracle Marketplace, OceanBase Cloud) and the
//! runtime's `GenericErrorDecoder`: error body → `ApiError` → one-line `Display`. The input
//! is the body; its length and last byte pick the status, and its first bytes (when they
//! make a valid header value) are sent as a request-id header.
#![no_main]

use http::{HeaderMap, HeaderValue, StatusCode};
use libfuzzer_sys::fuzz_target;
use pkgruntime::{ApiResponse, ErrorDecoder, GenericErrorDecoder};

fuzz_target!(|body: &[u8]| {
    let last = usize::from(body.last().copied().unwrap_or(0));
    let status = u16::try_from(100 + (body.len() * 7 + last) % 900).unwrap_or(500);
    let Ok(status) = StatusCode::from_u16(status) else {
        return;
    };
    let mut headers = HeaderMap::new();
    let id = &body[..body.len().min(16)];
    if let Ok(value) = HeaderValue::from_bytes(id) {
        for name in ["x-request-id", "opc-request-id"] {
            headers.insert(name, value.clone());
        }
    }
    let response = ApiResponse::new(status, headers, body.to_vec());
    let decoders: [&dyn ErrorDecoder; 5] = [
        &GenericErrorDecoder,
        &ocp_client::OcpErrorDecoder,
        &iotda_client::IotdaErrorDecoder,
        &appstore_client::AppStoreErrorDecoder,
        &obcloud_client::ObCloudErrorDecoder,
    ];
    for decoder in decoders {
        let error = decoder.decode_error(&response);
        assert_eq!(error.status, status);
        let text = pkgruntime::Error::from(error).to_string();
        assert!(!text.contains('\n'));
    }
});
