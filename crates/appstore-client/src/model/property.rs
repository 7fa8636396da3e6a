//! Name/value properties: [`ActionProperty`], [`PackageParam`], [`AccessUrlParam`], and the
//! rule that keeps secret-looking values out of `Debug` output.
//!
//! Package blueprints carry credentials in plain sight — Oracle's own sample has a request
//! property `KEY_PASSWORD` with value `Welcome1`. A property whose name contains `PASSWORD`,
//! `SECRET`, `TOKEN` or `KEY` (any case) prints `[redacted]` in place of its value in `Debug`;
//! serialising keeps the value intact, so a package read and written back is unchanged.

use super::number::option_text;
use pkgruntime::Redacted;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The name fragments that mark a property's value as secret.
const SECRET_MARKERS: [&str; 4] = ["PASSWORD", "SECRET", "TOKEN", "KEY"];

/// Whether a property named `name` holds a secret: the name contains `PASSWORD`, `SECRET`,
/// `TOKEN` or `KEY`, in any case. Such values print `[redacted]` in `Debug`.
///
/// ```
/// use appstore_client::is_secret_property_name;
/// assert!(is_secret_property_name("KEY_PASSWORD"));
/// assert!(is_secret_property_name("api_token"));
/// assert!(is_secret_property_name("KEY"));
/// assert!(!is_secret_property_name("CREDENTIAL_MAP_NAME"));
/// ```
pub fn is_secret_property_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    SECRET_MARKERS.iter().any(|marker| upper.contains(marker))
}

/// Whether `name` is present and secret-looking.
fn secret(name: Option<&str>) -> bool {
    name.is_some_and(is_secret_property_name)
}

/// `value` for `Debug`: the value itself, or `[redacted]` when it is secret.
#[allow(
    clippy::ref_option,
    reason = "prints the Option itself, like the derived Debug of the other fields"
)]
fn shown<T: fmt::Debug>(value: &Option<T>, hide: bool) -> &dyn fmt::Debug {
    match value {
        Some(_) if hide => &Redacted,
        _ => value,
    }
}

pkgmodel::open_enum! {
    /// Where a request property's value comes from. Only `BLUEPRINT_STATIC` appears in
    /// Oracle's examples; other values are kept as `Unknown`.
    pub enum PropertySource {
        /// `BLUEPRINT_STATIC`: a fixed value written in the package.
        BlueprintStatic = "BLUEPRINT_STATIC",
    }
}

/// A property passed to an action (`actions[].requestProperties[]`), e.g.
/// `{"name":"KEY_PASSWORD","source":"BLUEPRINT_STATIC","value":"Welcome1"}`.
///
/// `Debug` hides the value (and `values`) of secret-looking names; see
/// [`is_secret_property_name`].
///
/// ```
/// use appstore_client::ActionProperty;
/// let property: ActionProperty = serde_json::from_str(
///     r#"{"name":"KEY_PASSWORD","source":"BLUEPRINT_STATIC","value":"Welcome1"}"#,
/// )?;
/// assert_eq!(property.value.as_deref(), Some("Welcome1"));
/// assert!(!format!("{property:?}").contains("Welcome1"));
/// assert!(serde_json::to_string(&property)?.contains("Welcome1"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ActionProperty {
    /// The property's name, e.g. `CREDENTIAL_MAP_NAME`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Where the value comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<PropertySource>,
    /// The value (numbers and booleans are kept as their text).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "option_text"
    )]
    pub value: Option<String>,
    /// Parameters of the property (in the schema; absent from the samples).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<Vec<PackageParam>>,
    /// Several values (in the schema, item shape undocumented: kept as raw JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<serde_json::Value>>,
}

impl ActionProperty {
    /// A property with a name and a value.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: Some(name.into()),
            value: Some(value.into()),
            ..Self::default()
        }
    }

    /// Whether the name marks the value as secret (see [`is_secret_property_name`]).
    pub fn is_secret(&self) -> bool {
        secret(self.name.as_deref())
    }
}

impl fmt::Debug for ActionProperty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hide = self.is_secret();
        f.debug_struct("ActionProperty")
            .field("name", &self.name)
            .field("source", &self.source)
            .field("value", shown(&self.value, hide))
            .field("parameters", &self.parameters)
            .field("values", shown(&self.values, hide))
            .finish()
    }
}

/// Declares a `{name, value}` parameter type with a redacting `Debug`.
macro_rules! name_value {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(rename_all = "camelCase")]
        #[non_exhaustive]
        pub struct $name {
            /// The parameter's name.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub name: Option<String>,
            /// Its value (numbers and booleans are kept as their text).
            #[serde(
                default,
                skip_serializing_if = "Option::is_none",
                deserialize_with = "option_text"
            )]
            pub value: Option<String>,
        }

        impl $name {
            /// A parameter with a name and a value.
            pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
                Self {
                    name: Some(name.into()),
                    value: Some(value.into()),
                }
            }

            /// Whether the name marks the value as secret (see [`is_secret_property_name`]).
            pub fn is_secret(&self) -> bool {
                secret(self.name.as_deref())
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($name))
                    .field("name", &self.name)
                    .field("value", shown(&self.value, self.is_secret()))
                    .finish()
            }
        }
    };
}

name_value! {
    /// A `{name, value}` parameter: the custom and standard properties of a
    /// [`Service`](crate::Service), the parameters of an [`ActionProperty`], and the
    /// properties of a [`ResourceMap`](crate::ResourceMap) (v2's `ResourceProperty`, e.g.
    /// `{"name":"ALIAS_NAME","value":"productionDS"}`). The schema is collapsed in Oracle's
    /// pages; `name` and `value` are the fields its examples show. `Debug` hides
    /// secret-looking values.
    PackageParam
}

name_value! {
    /// A parameter of an [`AccessUrl`](crate::AccessUrl) (`AccessURLParam`). Its schema is
    /// collapsed in Oracle's pages and no example has one; `name` and `value` are assumed.
    /// `Debug` hides secret-looking values.
    AccessUrlParam
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names_are_redacted_everywhere() {
        let mut property = ActionProperty::new("db_Secret", "hunter2");
        property.values = Some(vec![serde_json::json!("hunter3")]);
        property.parameters = Some(vec![PackageParam::new("TOKEN", "hunter4")]);
        let debug = format!("{property:?}");
        for secret in ["hunter2", "hunter3", "hunter4"] {
            assert!(!debug.contains(secret), "{debug}");
        }
        assert!(debug.contains("[redacted]"));
        let plain = AccessUrlParam::new("region", "us-ashburn-1");
        assert!(format!("{plain:?}").contains("us-ashburn-1"));
        let none = PackageParam {
            name: Some("PASSWORD".into()),
            value: None,
        };
        assert!(format!("{none:?}").contains("value: None"));
    }
}
