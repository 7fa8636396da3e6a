//! One module per OceanBase Cloud API operation, and the `requestId` every one of them sends.

pub(crate) mod get_backup_set;
pub(crate) mod list_backup_sets;
pub(crate) mod list_instances;

/// The `requestId` of one request: the caller's, or a fresh UUID v4. The documentation
/// requires it; a request and its retries (and its Digest resend) share it.
pub(crate) fn request_id(custom: Option<&str>) -> String {
    custom.map_or_else(|| uuid::Uuid::new_v4().to_string(), str::to_owned)
}
