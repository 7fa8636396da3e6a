//! [`PackageVersion`] and everything nested in it.

use super::number::option_text;
use super::{AccessUrlParam, ActionProperty, LenientU64, PackageParam, PackageStatusCode, Status};
use pkgmodel::lenient;
use pkgruntime::Redacted;
use serde::{Deserialize, Serialize};
use std::fmt;

pkgmodel::open_enum! {
    /// The type of a package. Only `UNMANAGED` appears in Oracle's examples.
    pub enum PackageType {
        /// `UNMANAGED`.
        Unmanaged = "UNMANAGED",
    }
}

pkgmodel::open_enum! {
    /// The type of a cloud service a package deploys to (`serviceName`/`serviceType`).
    pub enum ServiceType {
        /// `JAVA`: Java Cloud Service.
        Java = "JAVA",
        /// `OCI`: Oracle Cloud Infrastructure.
        Oci = "OCI",
        /// `OCIOrchestration`: OCI orchestration.
        OciOrchestration = "OCIOrchestration",
    }
}

pkgmodel::open_enum! {
    /// The type of an action. Only `OUT_OF_THE_BOX_ACTION` appears in Oracle's examples.
    pub enum ActionType {
        /// `OUT_OF_THE_BOX_ACTION`: an action the service provides.
        OutOfTheBoxAction = "OUT_OF_THE_BOX_ACTION",
    }
}

pkgmodel::open_enum! {
    /// The lifecycle step an [`Operation`] describes. Install and uninstall are mandatory in
    /// a package; upgrade is optional.
    pub enum OperationType {
        /// `INSTALL`.
        Install = "INSTALL",
        /// `UNINSTALL`.
        Uninstall = "UNINSTALL",
        /// `UPGRADE` (named in Oracle's description of packages; not in an example).
        Upgrade = "UPGRADE",
    }
}

pkgmodel::open_enum! {
    /// The type of an artifact a package resource refers to.
    pub enum ArtifactType {
        /// `OCI_COMPUTE_IMAGE`.
        OciComputeImage = "OCI_COMPUTE_IMAGE",
        /// `TERRAFORM_TEMPLATE`.
        TerraformTemplate = "TERRAFORM_TEMPLATE",
    }
}

pkgmodel::open_enum! {
    /// What a [`Link`] points to: the values of the `Link` schema.
    pub enum LinkRel {
        /// `SELF`.
        SelfLink = "SELF",
        /// `CANONICAL`: the package's own URL.
        Canonical = "CANONICAL",
        /// `NEXT`.
        Next = "NEXT",
        /// `TEMPLATE`.
        Template = "TEMPLATE",
        /// `PREV`.
        Prev = "PREV",
    }
}

/// A package of an application listing: its services, actions, install/uninstall
/// operations, access URLs and resources (`PackageVersion`; v2's `Package` fields are here
/// too).
///
/// Every field is an `Option` — Oracle marks them all optional — and unknown fields are
/// ignored. Numbers that Oracle sends as strings keep their form ([`LenientU64`]); `status`
/// is v1's string or v2's object ([`Status`]).
///
/// ```
/// use appstore_client::{OperationType, PackageVersion, ServiceType};
///
/// let package: PackageVersion = serde_json::from_str(appstore_client::testing::SAMPLE_PACKAGE)?;
/// assert_eq!(package.id, Some(3084832));
/// let service = &package.dependent_services.as_ref().unwrap()[0];
/// assert_eq!(service.service_name, Some(ServiceType::Java));
/// assert_eq!(service.min_size.as_ref().and_then(|size| size.value()), Some(1311));
/// let install: Vec<_> = package.operation_actions(&OperationType::Install).iter().map(|a| a.tag.clone()).collect();
/// assert_eq!(install, [Some("Add credential".to_string())]);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PackageVersion {
    /// The package version id (`packageVersionId`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_u64_from_number_or_string"
    )]
    pub id: Option<u64>,
    /// The application version the package belongs to.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_u64_from_number_or_string"
    )]
    pub listing_version_id: Option<u64>,
    /// The package's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The package's version, e.g. `1.0`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The package type, e.g. `UNMANAGED`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub package_type: Option<PackageType>,
    /// The namespace prefix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace_prefix: Option<String>,
    /// The name for display (often empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// The listing's image.
    #[serde(
        default,
        rename = "listingImageURL",
        skip_serializing_if = "Option::is_none"
    )]
    pub listing_image_url: Option<String>,
    /// The status: v1's string or v2's `{code, displayName}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status<PackageStatusCode>>,
    /// A code (in the schema; absent from the samples).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The deployment mode (in the schema; absent from the samples).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment_mode: Option<String>,
    /// The owner (in the schema; absent from the samples).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The partner's name (in the schema; absent from the samples).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_name: Option<String>,
    /// The service the package deploys to (v2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_type: Option<ServiceType>,
    /// The terms and conditions id (v2).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_u64_from_number_or_string"
    )]
    pub tnc_id: Option<u64>,
    /// Whether other listings use this package (v2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referred_by_other_listings: Option<bool>,
    /// The services the application is deployed to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dependent_services: Option<Vec<Service>>,
    /// The actions the operations run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actions: Option<Vec<Action>>,
    /// Install, uninstall and upgrade, each a sequence of actions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operations: Option<Vec<Operation>>,
    /// Where the installed application can be reached.
    #[serde(
        default,
        rename = "accessURLs",
        skip_serializing_if = "Option::is_none"
    )]
    pub access_urls: Option<Vec<AccessUrl>>,
    /// The resources the deployment uses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Vec<ResourceMap>>,
    /// A downloadable resource of the package (in the schema; absent from the samples).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub downloadable_package_resource: Option<Resource>,
    /// Links (undocumented in the field list, present in the sample).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<Vec<Link>>,
}

impl PackageVersion {
    /// The action with this `tag`, if any.
    pub fn action(&self, tag: &str) -> Option<&Action> {
        self.actions
            .iter()
            .flatten()
            .find(|action| action.tag.as_deref() == Some(tag))
    }

    /// The operation of this type, if the package has one.
    pub fn operation(&self, operation_type: &OperationType) -> Option<&Operation> {
        self.operations
            .iter()
            .flatten()
            .find(|operation| operation.operation_type.as_ref() == Some(operation_type))
    }

    /// The actions an operation runs, in sequence order (steps whose `actionTag` names no
    /// action are skipped).
    pub fn operation_actions(&self, operation_type: &OperationType) -> Vec<&Action> {
        self.operation(operation_type)
            .map(|operation| {
                operation
                    .in_sequence()
                    .into_iter()
                    .filter_map(|step| self.action(step.action_tag.as_deref()?))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The link with this `rel`, e.g. [`LinkRel::Canonical`].
    pub fn link(&self, rel: &LinkRel) -> Option<&Link> {
        self.links
            .iter()
            .flatten()
            .find(|link| link.rel.as_ref() == Some(rel))
    }
}

/// A cloud service the application is deployed to (`dependentServices[]`), with its sizing
/// and its custom and standard properties.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Service {
    /// The tag actions refer to the service by (`dependentServiceTag`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// The service, e.g. `JAVA`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_name: Option<ServiceType>,
    /// The service type, where sent apart from the name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_type: Option<ServiceType>,
    /// The lowest supported service version (sent as a string, e.g. `"1"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_version: Option<LenientU64>,
    /// The highest supported service version (e.g. `"10"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_version: Option<LenientU64>,
    /// Whether the service instance is dedicated to the application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_dedicated_to_app_flag: Option<bool>,
    /// The smallest supported size (e.g. `"1311"`; the unit is not documented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_size: Option<LenientU64>,
    /// The largest supported size (`""` when there is no limit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_size: Option<LenientU64>,
    /// Custom properties of the service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_properties: Option<Vec<PackageParam>>,
    /// Standard properties of the service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standard_properties: Option<Vec<PackageParam>>,
}

/// An action an operation runs on a service (`actions[]`), e.g. `addcredential` with its
/// request properties.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Action {
    /// The tag operations refer to the action by (`actionTag`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// The [`Service::tag`] of the service the action runs on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dependent_service_tag: Option<String>,
    /// The service's name for the action, e.g. `addcredential`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_name: Option<String>,
    /// The action type.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub action_type: Option<ActionType>,
    /// The properties passed to the action (secret-looking values hidden in `Debug`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_properties: Option<Vec<ActionProperty>>,
    /// How the action authenticates to the service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authentication: Option<Authentication>,
}

impl Action {
    /// The request property with this name, if any.
    pub fn request_property(&self, name: &str) -> Option<&ActionProperty> {
        self.request_properties
            .iter()
            .flatten()
            .find(|property| property.name.as_deref() == Some(name))
    }
}

/// How an [`Action`] authenticates (both fields are empty strings in the sample). `Debug`
/// hides a non-empty `authHeader`, which may carry a credential.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Authentication {
    /// The authentication type (free text; empty in the sample).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub auth_type: Option<String>,
    /// The header value to send (hidden in `Debug` unless empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_header: Option<String>,
}

impl fmt::Debug for Authentication {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let header: &dyn fmt::Debug = match &self.auth_header {
            Some(header) if !header.is_empty() => &Redacted,
            other => other,
        };
        f.debug_struct("Authentication")
            .field("auth_type", &self.auth_type)
            .field("auth_header", header)
            .finish()
    }
}

/// A lifecycle step (`operations[]`): install, uninstall or upgrade, as a sequence of
/// actions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Operation {
    /// Which step.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub operation_type: Option<OperationType>,
    /// The actions to run, as sent (see [`in_sequence`](Self::in_sequence)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_execution_sequence: Option<Vec<OperationAction>>,
}

impl Operation {
    /// The steps ordered by `sequenceNumber` (steps without one last; ties keep the order
    /// sent).
    pub fn in_sequence(&self) -> Vec<&OperationAction> {
        let mut steps: Vec<&OperationAction> =
            self.action_execution_sequence.iter().flatten().collect();
        steps.sort_by_key(|step| step.sequence_number.unwrap_or(u64::MAX));
        steps
    }
}

/// One step of an [`Operation`]: the action with tag `actionTag`, run at position
/// `sequenceNumber`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct OperationAction {
    /// The position in the sequence (1 first).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_u64_from_number_or_string"
    )]
    pub sequence_number: Option<u64>,
    /// The [`Action::tag`] of the action to run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_tag: Option<String>,
}

/// Where the installed application can be reached (`accessURLs[]`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AccessUrl {
    /// A name, e.g. `static`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// A fixed URL.
    #[serde(default, rename = "staticURL", skip_serializing_if = "Option::is_none")]
    pub static_url: Option<String>,
    /// Parameters of the URL (in the schema; absent from the samples).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<Vec<AccessUrlParam>>,
}

/// A resource the deployment uses (`resources[]`: v1's `ResourceMap`, v2's
/// `PackageResource`), e.g. `{"id":148637037,"type":"datasourcealias","serviceType":"JAVA",
/// "properties":[{"name":"ALIAS_NAME","value":"productionDS"}]}`.
///
/// v1's schema is collapsed in Oracle's pages; the fields are v2's example plus `name` and
/// `artifactType` (the artifact types Oracle names elsewhere).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ResourceMap {
    /// The resource's id.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_u64_from_number_or_string"
    )]
    pub id: Option<u64>,
    /// A name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The resource type, e.g. `datasourcealias` (free text).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<String>,
    /// The service the resource belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_type: Option<ServiceType>,
    /// The artifact type, for resources that are artifacts (assumed position).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artifact_type: Option<ArtifactType>,
    /// The resource's properties (secret-looking values hidden in `Debug`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<Vec<PackageParam>>,
}

/// The package's downloadable resource (`downloadablePackageResource`, schema `Resource`).
/// Its fields are collapsed in Oracle's pages and no example has one: these are the likely
/// ones; read the raw JSON with `send_as::<serde_json::Value>()` for anything else.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Resource {
    /// A name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The resource type (free text).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<String>,
    /// The file name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    /// Where the resource can be fetched.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "option_text"
    )]
    pub url: Option<String>,
}

/// A link (`links[]`), e.g. `{"rel":"CANONICAL","href":"https://…/packages/3084832"}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Link {
    /// What the link points to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rel: Option<LinkRel>,
    /// The URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_are_ordered_by_sequence_number() {
        let package: PackageVersion = serde_json::from_value(serde_json::json!({
            "actions": [{"tag": "a"}, {"tag": "b"}, {"tag": "c"}],
            "operations": [{"type": "UPGRADE", "actionExecutionSequence": [
                {"sequenceNumber": "3", "actionTag": "c"},
                {"actionTag": "b"},
                {"sequenceNumber": 1, "actionTag": "a"},
                {"sequenceNumber": 2, "actionTag": "missing"}
            ]}]
        }))
        .unwrap();
        let tags: Vec<&str> = package
            .operation_actions(&OperationType::Upgrade)
            .iter()
            .filter_map(|action| action.tag.as_deref())
            .collect();
        assert_eq!(tags, ["a", "c", "b"]);
        assert!(
            package
                .operation_actions(&OperationType::Install)
                .is_empty()
        );
    }

    #[test]
    fn an_auth_header_is_hidden_unless_empty() {
        let auth = Authentication {
            auth_type: Some("BASIC".into()),
            auth_header: Some("Basic dXNlcjpwdw==".into()),
        };
        assert!(!format!("{auth:?}").contains("dXNlcjpwdw"));
        let empty = Authentication {
            auth_type: Some(String::new()),
            auth_header: Some(String::new()),
        };
        assert!(format!("{empty:?}").contains(r#"auth_header: Some("")"#));
    }
}
