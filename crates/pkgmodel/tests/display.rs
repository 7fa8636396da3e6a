//! `Display` of the model's value types honours width, fill and alignment, so tables line up.

#![allow(clippy::unwrap_used, reason = "a test fails by panicking")]

use pkgmodel::{Checksum, PackageKind, Platform, Vendor};

#[test]
fn open_enums_pad_to_the_width_asked_for() {
    assert_eq!(format!("{:<9}|", Vendor::Ocp), "ocp      |");
    assert_eq!(format!("{:>9}|", Vendor::Iotda), "    iotda|");
    assert_eq!(format!("{:^7}|", Vendor::Ocp), "  ocp  |");
    assert_eq!(format!("{:-<12}|", PackageKind::Firmware), "firmware----|");
    assert_eq!(
        format!("{:<10}|", PackageKind::Unknown("x".into())),
        "x         |"
    );
    // Precision truncates like it does for `str`.
    assert_eq!(format!("{:.3}", Vendor::AppStore), "app");
}

#[test]
fn platforms_and_checksums_pad_too() {
    let platform = Platform::new(Some("el7"), Some("x86_64"));
    assert_eq!(format!("{platform:<12}|"), "el7/x86_64  |");
    let checksum: Checksum = "md5:d41d8cd98f00b204e9800998ecf8427e".parse().unwrap();
    assert_eq!(
        format!("{checksum:>40}|"),
        "    md5:d41d8cd98f00b204e9800998ecf8427e|"
    );
}
