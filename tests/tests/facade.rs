//! The facade re-exports the member crates' own types, so values pass between them freely.

// Test code: a panic is a failed assertion.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use pkgsdk::{Cursor, Package, PackageKind, Page, Vendor};

fn takes_model_page(page: &pkgmodel::Page<pkgmodel::Package>) -> usize {
    page.len()
}

fn takes_runtime_error(error: &pkgruntime::Error) -> Option<&str> {
    error.invalid_field().map(|input| input.field.as_str())
}

#[test]
fn facade_types_are_the_member_crates_types() {
    let package = Package::new(Vendor::Ocp, "1", "agent", PackageKind::Software);
    let page: Page<Package> = Page::new(
        vec![package],
        Some(Cursor::PageNumber { page: 2, size: 1 }),
        Some(2),
    );
    assert_eq!(takes_model_page(&page), 1);

    let error: pkgsdk::Error = pkgsdk::Error::invalid_input("page_size", "must be at least 1");
    assert_eq!(takes_runtime_error(&error), Some("page_size"));
}

#[test]
fn pages_of_packages_round_trip_through_json() {
    let mut package = Package::new(
        Vendor::ObCloud,
        "bak-7aqvtc4ugvuo",
        "gyh",
        PackageKind::BackupSet,
    );
    package.size = Some(42_949_673);
    let page = Page::new(
        vec![package],
        Some(Cursor::PageNumber { page: 2, size: 10 }),
        Some(11),
    );
    let json = serde_json::to_string(&page).unwrap();
    let back: pkgmodel::Page<pkgmodel::Package> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, page);
}
