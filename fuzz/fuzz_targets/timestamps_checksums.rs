//! Value parsers: IoTDA's `Timestamp`, OceanBase Cloud's time formats (and their query
//! form), `Checksum` (`FromStr`, `new` for every algorithm, deserialisation), the `lenient`
//! number decoders, and `Cursor`, `Package` and `Page` deserialisation.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pkgmodel::{Checksum, ChecksumAlgorithm, Cursor, Package, Page, lenient};
use serde::Deserialize;

#[derive(Deserialize)]
#[allow(dead_code)]
struct Numbers {
    #[serde(default, deserialize_with = "lenient::option_u64_from_number_or_string")]
    unsigned: Option<u64>,
    #[serde(default, deserialize_with = "lenient::option_i64_from_number_or_string")]
    signed: Option<i64>,
    #[serde(default, deserialize_with = "lenient::option_f64_from_number_or_string")]
    float: Option<f64>,
}

fuzz_target!(|data: &[u8]| {
    let _ = serde_json::from_slice::<Numbers>(data);
    let _ = serde_json::from_slice::<Checksum>(data);
    if let Ok(cursor) = serde_json::from_slice::<Cursor>(data) {
        let _ = (cursor.position(), cursor.advanced_by(u64::MAX));
    }
    let _ = serde_json::from_slice::<Page<Package>>(data);
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let time = iotda_client::Timestamp::parse(text);
    let _ = (time.datetime(), format!("{time:?}"));
    if let Some(time) = obcloud_client::fuzzing::parse_time(text) {
        let _ = obcloud_client::fuzzing::format_time(time);
    }
    let _ = text.parse::<Checksum>();
    for algorithm in [
        ChecksumAlgorithm::Md5,
        ChecksumAlgorithm::Sha1,
        ChecksumAlgorithm::Sha256,
        ChecksumAlgorithm::Sha512,
        ChecksumAlgorithm::from("crc32"),
    ] {
        if let Ok(checksum) = Checksum::new(algorithm, text) {
            let _ = checksum.matches_bytes(data);
        }
    }
    let _ = lenient::parse_u64(text);
});
