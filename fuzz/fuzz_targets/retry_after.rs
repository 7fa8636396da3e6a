//! `pkgruntime::parse_retry_after`: delay-seconds or an HTTP-date (all three RFC 9110 date
//! forms), measured from the epoch, from now, and from the far future.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

fuzz_target!(|data: &[u8]| {
    let Ok(value) = std::str::from_utf8(data) else {
        return;
    };
    let far = UNIX_EPOCH.checked_add(Duration::from_secs(253_402_300_799)).unwrap_or(UNIX_EPOCH);
    for now in [UNIX_EPOCH, SystemTime::now(), far] {
        let _ = pkgruntime::parse_retry_after(value, now);
    }
});
