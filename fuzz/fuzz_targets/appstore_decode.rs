//! Oracle Marketplace's response decoders: the package list in every shape (bare object,
//! bare array, `{items:[…]}`, wrapped in `{"Package": …}` or not), one package, an
//! applications page, the token response and a delete's response. The input is the
//! response body; its last byte picks the offset and limit asked for.
#![no_main]

use appstore_client::OperationType;
use libfuzzer_sys::fuzz_target;

const LIMITS: [u32; 5] = [1, 10, 100, 0, u32::MAX];

fn check(package: &appstore_client::PackageVersion) {
    let _ = package.to_package();
    let _ = package.operation_actions(&OperationType::Install);
    let _ = format!("{package:?}");
}

fuzz_target!(|body: &[u8]| {
    let last = body.last().copied().unwrap_or(0);
    let offset = [0, 100, u64::MAX - 1, u64::MAX][usize::from(last >> 6)];
    let limit = LIMITS[usize::from(last) % LIMITS.len()];
    match appstore_client::fuzzing::package_list(body) {
        Ok(packages) => packages.iter().for_each(check),
        Err(error) => {
            let _ = error.to_string();
        }
    }
    match appstore_client::fuzzing::package(body) {
        Ok(package) => check(&package),
        Err(error) => {
            let _ = error.to_string();
        }
    }
    match appstore_client::fuzzing::applications_page(body, offset, limit) {
        Ok(page) => {
            for application in &page.items {
                let _ = (application.listing_status(), format!("{application:?}"));
            }
        }
        Err(error) => {
            let _ = error.to_string();
        }
    }
    match appstore_client::fuzzing::token(body) {
        Ok(token) => {
            let _ = token.expires_at();
        }
        Err(error) => {
            let _ = error.to_string();
        }
    }
    if let Err(error) = appstore_client::fuzzing::delete_response(body) {
        let _ = error.to_string();
    }
});
