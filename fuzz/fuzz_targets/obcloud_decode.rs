//! OceanBase Cloud's response decoders: a backup-set listing page and an instance listing
//! page (status, both success flags, the envelope, `data.total` or `totalCount`, the next
//! cursor), one backup set, and — for text input — the time formats. The input is the
//! response body; its last byte picks the status, page and page size.
#![no_main]

use libfuzzer_sys::fuzz_target;

const SIZES: [u32; 5] = [1, 10, 100, 0, u32::MAX];

fn check(set: &obcloud_client::BackupSet) {
    let _ = (set.to_packages(), set.bytes(), format!("{set:?}"));
    let _ = serde_json::to_string(set);
}

fuzz_target!(|body: &[u8]| {
    let last = body.last().copied().unwrap_or(0);
    let status = if last & 0x80 == 0 { 200 } else { [202, 400, 500, 99][usize::from(last) % 4] };
    let page = [1, 2, 7, u64::MAX][usize::from(last >> 5) % 4];
    let size = SIZES[usize::from(last) % SIZES.len()];
    match obcloud_client::fuzzing::backup_sets_page(status, body, page, size) {
        Ok(page) => page.items.iter().for_each(check),
        Err(error) => {
            let _ = error.to_string();
        }
    }
    match obcloud_client::fuzzing::instances_page(status, body, page, size) {
        Ok(page) => {
            for instance in &page.items {
                let _ = (instance.created(), format!("{instance:?}"));
            }
        }
        Err(error) => {
            let _ = error.to_string();
        }
    }
    match obcloud_client::fuzzing::backup_set(status, body) {
        Ok(set) => check(&set),
        Err(error) => {
            let _ = error.to_string();
        }
    }
    if let Ok(text) = std::str::from_utf8(body) {
        if let Some(time) = obcloud_client::fuzzing::parse_time(text) {
            let _ = obcloud_client::fuzzing::format_time(time);
        }
    }
});
