//! CLI-friendly resource names (instances, keys): at most 32 characters of `[A-Za-z0-9._-]`.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::NameError;

/// A validated instance or key name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ResourceName(String);

/// The longest name SAP accepts.
pub const MAX_NAME_LEN: usize = 32;

impl ResourceName {
    /// Validates a name.
    pub fn parse(name: &str) -> Result<Self, NameError> {
        if name.is_empty() {
            return Err(NameError::Empty);
        }
        if name.chars().count() > MAX_NAME_LEN {
            return Err(NameError::TooLong(name.to_owned()));
        }
        if !name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-')) {
            return Err(NameError::InvalidCharacter(name.to_owned()));
        }
        Ok(ResourceName(name.to_owned()))
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ResourceName {
    type Error = NameError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        ResourceName::parse(&value)
    }
}

impl From<ResourceName> for String {
    fn from(value: ResourceName) -> Self {
        value.0
    }
}

impl fmt::Display for ResourceName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_cli_friendly_names_and_rejects_others() {
        assert!(ResourceName::parse("my-api_1.0").is_ok());
        assert_eq!(ResourceName::parse(""), Err(NameError::Empty));
        assert!(matches!(ResourceName::parse(&"a".repeat(33)), Err(NameError::TooLong(_))));
        assert!(ResourceName::parse(&"a".repeat(32)).is_ok());
        assert!(matches!(ResourceName::parse("has space"), Err(NameError::InvalidCharacter(_))));
    }

    proptest! {
        #[test]
        fn valid_names_round_trip(name in "[A-Za-z0-9._-]{1,32}") {
            let parsed = ResourceName::parse(&name).unwrap();
            prop_assert_eq!(parsed.as_str(), name.as_str());
        }

        #[test]
        fn names_with_other_characters_are_rejected(prefix in "[a-z]{0,5}", bad in "[^A-Za-z0-9._-]", suffix in "[a-z]{0,5}") {
            let name = format!("{prefix}{bad}{suffix}");
            prop_assert!(ResourceName::parse(&name).is_err());
        }
    }
}
