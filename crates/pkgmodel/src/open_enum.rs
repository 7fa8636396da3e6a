//! [`open_enum!`](crate::open_enum): string enums that stay forward compatible.
//!
//! Vendors add enum values without notice. An enum declared with this macro decodes any
//! value it does not know into `Unknown(String)`, keeps it verbatim, and serialises it back
//! unchanged, so a new value never turns into a decode error.
//!
//! ```
//! pkgmodel::open_enum! {
//!     /// The state of a backup set.
//!     pub enum BackupStatus {
//!         /// Finished.
//!         Done = "DONE",
//!         /// Still running.
//!         Running = "RUNNING",
//!     }
//! }
//!
//! let status: BackupStatus = serde_json::from_str("\"DONE\"")?;
//! assert_eq!(status, BackupStatus::Done);
//! let newer: BackupStatus = serde_json::from_str("\"ARCHIVED\"")?;
//! assert_eq!(newer, BackupStatus::Unknown("ARCHIVED".into()));
//! assert_eq!(serde_json::to_string(&newer)?, "\"ARCHIVED\"");
//! assert_eq!(BackupStatus::from("RUNNING").as_str(), "RUNNING");
//! # Ok::<(), serde_json::Error>(())
//! ```

/// Declares a `#[non_exhaustive]` string enum with an `Unknown(String)` fallback.
///
/// Each variant names the exact wire string it stands for. The expansion derives
/// `Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord` and implements `as_str`,
/// `is_unknown`, `KNOWN` (every known variant), `Display` (the wire string, padded to any
/// width asked for), `FromStr` (infallible),
/// `From<&str>`, `From<String>`, `Serialize` and `Deserialize`. Matching is exact
/// (case-sensitive); anything else becomes `Unknown` with the original text.
///
/// See the [module example](crate#example) and the `open_enum` module docs.
#[macro_export]
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version of the SDK does not know, kept verbatim.
            Unknown(::std::string::String),
        }

        impl $name {
            /// Every value this version knows, in declaration order.
            pub const KNOWN: &'static [$name] = &[$( $name::$variant ),+];

            /// The wire string of this value.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $value, )+
                    Self::Unknown(other) => other.as_str(),
                }
            }

            /// Whether this value is one this version of the SDK does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, Self::Unknown(_))
            }

            fn from_known(value: &str) -> ::std::option::Option<Self> {
                match value {
                    $( $value => ::std::option::Option::Some(Self::$variant), )+
                    _ => ::std::option::Option::None,
                }
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::from_known(value).unwrap_or_else(|| Self::Unknown(value.to_owned()))
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                Self::from_known(&value).unwrap_or(Self::Unknown(value))
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for $name {
            /// The wire string; width, fill and alignment apply (`{:<9}`).
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.pad(self.as_str())
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error>
            where
                S: $crate::__private::serde::Serializer,
            {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D>(deserializer: D) -> ::std::result::Result<Self, D::Error>
            where
                D: $crate::__private::serde::Deserializer<'de>,
            {
                struct Visitor;
                impl $crate::__private::serde::de::Visitor<'_> for Visitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str("a string")
                    }
                    fn visit_str<E>(self, value: &str) -> ::std::result::Result<$name, E> {
                        ::std::result::Result::Ok($name::from(value))
                    }
                    fn visit_string<E>(
                        self,
                        value: ::std::string::String,
                    ) -> ::std::result::Result<$name, E> {
                        ::std::result::Result::Ok($name::from(value))
                    }
                }
                deserializer.deserialize_str(Visitor)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    crate::open_enum! {
        /// Test enum.
        pub enum Colour {
            /// Red.
            Red = "RED",
            /// Lower-case value.
            Green = "green",
        }
    }

    #[test]
    fn known_values_round_trip() {
        for value in Colour::KNOWN {
            let json = serde_json::to_string(value).unwrap();
            assert_eq!(serde_json::from_str::<Colour>(&json).unwrap(), *value);
        }
        assert_eq!(Colour::KNOWN.len(), 2);
    }

    #[test]
    fn unknown_values_are_kept_verbatim() {
        let colour: Colour = serde_json::from_str("\"red\"").unwrap();
        assert_eq!(colour, Colour::Unknown("red".into()));
        assert!(colour.is_unknown());
        assert_eq!(colour.to_string(), "red");
        assert_eq!(serde_json::to_string(&colour).unwrap(), "\"red\"");
        assert_eq!(Colour::from(String::from("green")), Colour::Green);
        assert_eq!("RED".parse::<Colour>(), Ok(Colour::Red));
    }

    #[test]
    fn non_strings_are_decode_errors() {
        assert!(serde_json::from_str::<Colour>("3").is_err());
        assert!(serde_json::from_str::<Colour>("null").is_err());
    }
}
