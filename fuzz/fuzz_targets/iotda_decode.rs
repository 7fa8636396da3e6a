//! IoTDA's response decoders: a list page (packages, `page.count`, next marker), one
//! package (show, create), the IAM token response, and — for text input — `Timestamp::parse`
//! and the listing parameters' marker check. The input is the response body; its last byte
//! picks the `limit` asked for.
#![no_main]

use iotda_client::{ListOtaPackagesParams, PackageType, Timestamp};
use libfuzzer_sys::fuzz_target;

const LIMITS: [u32; 5] = [1, 10, 50, 0, u32::MAX];

fuzz_target!(|body: &[u8]| {
    let limit = LIMITS[usize::from(body.last().copied().unwrap_or(0)) % LIMITS.len()];
    match iotda_client::fuzzing::list_page(body, limit) {
        Ok(page) => {
            for info in &page.items {
                let _ = (info.to_package(), format!("{info:?}"));
            }
        }
        Err(error) => {
            let _ = error.to_string();
        }
    }
    match iotda_client::fuzzing::show(body) {
        Ok(info) => {
            let _ = info.to_package();
        }
        Err(error) => {
            let _ = error.to_string();
        }
    }
    let _ = iotda_client::fuzzing::iam_token_lifetime(body, 1_795_000_000);
    if let Ok(text) = std::str::from_utf8(body) {
        let time = Timestamp::parse(text);
        let _ = (time.datetime(), format!("{time:?}"));
        let mut params = ListOtaPackagesParams::new(PackageType::FirmwarePackage);
        params.marker = Some(text.to_owned());
        params.version = Some(text.to_owned());
        if let Err(error) = params.validate() {
            let _ = error.to_string();
        }
    }
});
