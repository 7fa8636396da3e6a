//! [`Instance`]: one OceanBase Cloud instance (cluster), as `GET /api/v2/instances` lists it.

use super::format;
use pkgmodel::time::OffsetDateTime;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One instance (an OceanBase cluster), as the instance listing returns it.
///
/// The fields the API reference names are typed; the response carries many more (the
/// Terraform provider's schema lists some thirty), all kept verbatim in
/// [`other`](Self::other). The format of `createTime` is not documented, so it is kept as
/// text; [`created`](Self::created) parses it when it is RFC 3339 or `YYYY-MM-DD HH:MM:SS`.
///
/// ```
/// let instance: obcloud_client::Instance = serde_json::from_str(r#"{
///     "instanceId": "ob317v4uif", "instanceName": "prod", "status": "ONLINE",
///     "cloudProvider": "ALIYUN", "region": "cn-hangzhou", "createTime": "2025-01-02T03:04:05Z",
///     "cpu": 8, "availableZones": ["cn-hangzhou-i"]
/// }"#)?;
/// assert_eq!(instance.instance_id.as_deref(), Some("ob317v4uif"));
/// assert_eq!(instance.created().map(|t| t.year()), Some(2025));
/// assert_eq!(instance.other["cpu"], 8);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Instance {
    /// The instance's id: what [`list_backup_sets`](crate::ObCloudClient::list_backup_sets)
    /// takes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    /// The instance's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_name: Option<String>,
    /// Its status (values undocumented, kept as sent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Its state (values undocumented, kept as sent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// The OceanBase version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The exact OceanBase RPM version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ob_rpm_version: Option<String>,
    /// The cloud provider hosting the instance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloud_provider: Option<String>,
    /// The region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// When the instance was created, as sent (format undocumented; see
    /// [`created`](Self::created)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_time: Option<String>,
    /// Every other field, as sent.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl Instance {
    /// An instance with only an id (every other field empty), e.g. to build test data.
    pub fn new(instance_id: impl Into<String>) -> Self {
        Self {
            instance_id: Some(instance_id.into()),
            ..Self::default()
        }
    }

    /// [`create_time`](Self::create_time) as a UTC time, when it is RFC 3339 or
    /// `YYYY-MM-DD HH:MM:SS` (taken as UTC).
    pub fn created(&self) -> Option<OffsetDateTime> {
        self.create_time.as_deref().and_then(format::parse_time)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_fields_are_kept_and_written_back() {
        let json = serde_json::json!({
            "instanceId": "i-1", "tagList": [{"key": "env", "value": "prod"}], "mem": 32,
            "createTime": "not a time"
        });
        let instance: Instance = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(instance.other.len(), 2);
        assert_eq!(instance.created(), None);
        assert_eq!(serde_json::to_value(&instance).unwrap(), json);
    }
}
