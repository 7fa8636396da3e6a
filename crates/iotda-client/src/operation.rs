//! One module per IoTDA OTA-package operation.

pub(crate) mod create_ota_package;
pub(crate) mod delete_ota_package;
pub(crate) mod list_ota_packages;
pub(crate) mod show_ota_package;
