//! OCP's response decoders: a list page (envelope, both page shapes, success flag, paging
//! report, next cursor), one package, a delete's response, and `Sort` parsing. The input is
//! the response body; its last byte picks the page and page size asked for.
#![no_main]

use libfuzzer_sys::fuzz_target;

const SIZES: [u32; 6] = [1, 10, 500, 2000, 0, u32::MAX];

fuzz_target!(|body: &[u8]| {
    let last = body.last().copied().unwrap_or(0);
    let page = [1, 2, 0, u64::MAX][usize::from(last >> 6)];
    let size = SIZES[usize::from(last) % SIZES.len()];
    match ocp_client::fuzzing::list_page(body, page, size) {
        Ok(page) => {
            for meta in &page.items {
                let _ = (meta.to_package(), meta.checksum(), format!("{meta:?}"));
            }
        }
        Err(error) => {
            let _ = error.to_string();
        }
    }
    match ocp_client::fuzzing::one_package(body) {
        Ok(meta) => {
            let _ = meta.map(|meta| meta.to_package());
        }
        Err(error) => {
            let _ = error.to_string();
        }
    }
    if let Err(error) = ocp_client::fuzzing::delete_response(body) {
        let _ = error.to_string();
    }
    if let Ok(text) = std::str::from_utf8(body) {
        let _ = text.parse::<ocp_client::Sort>().map(|sort| sort.to_string());
    }
});
