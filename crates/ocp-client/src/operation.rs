//! One module per OCP API operation.

pub(crate) mod delete_software_package;
pub(crate) mod download;
pub(crate) mod list_software_packages;
pub(crate) mod upload_software_package;
