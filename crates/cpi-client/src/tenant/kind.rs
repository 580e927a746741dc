//! [`ArtifactKind`]: the kinds of design-time artifacts that can be deployed, with the names the
//! API gives their entity sets and functions, and the words the CLI accepts for them.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A kind of design-time artifact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ArtifactKind {
    /// An integration flow (`IntegrationDesigntimeArtifacts`).
    IntegrationFlow,
    /// A value mapping (`ValueMappingDesigntimeArtifacts`).
    ValueMapping,
    /// A message mapping (`MessageMappingDesigntimeArtifacts`).
    MessageMapping,
    /// A script collection (`ScriptCollectionDesigntimeArtifacts`).
    ScriptCollection,
}

/// A word that names no [`ArtifactKind`].
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error(
    "unknown artifact kind '{0}': use iflow (flow, integration-flow), value-mapping, message-mapping or \
     script-collection"
)]
pub struct UnknownArtifactKind(pub String);

impl ArtifactKind {
    /// Every kind.
    pub const ALL: [ArtifactKind; 4] = [
        ArtifactKind::IntegrationFlow,
        ArtifactKind::ValueMapping,
        ArtifactKind::MessageMapping,
        ArtifactKind::ScriptCollection,
    ];

    /// The design-time entity set, e.g. `IntegrationDesigntimeArtifacts`.
    pub fn entity_set(self) -> &'static str {
        match self {
            ArtifactKind::IntegrationFlow => "IntegrationDesigntimeArtifacts",
            ArtifactKind::ValueMapping => "ValueMappingDesigntimeArtifacts",
            ArtifactKind::MessageMapping => "MessageMappingDesigntimeArtifacts",
            ArtifactKind::ScriptCollection => "ScriptCollectionDesigntimeArtifacts",
        }
    }

    /// The function that deploys it, e.g. `DeployIntegrationDesigntimeArtifact`.
    pub fn deploy_function(self) -> &'static str {
        match self {
            ArtifactKind::IntegrationFlow => "DeployIntegrationDesigntimeArtifact",
            ArtifactKind::ValueMapping => "DeployValueMappingDesigntimeArtifact",
            ArtifactKind::MessageMapping => "DeployMessageMappingDesigntimeArtifact",
            ArtifactKind::ScriptCollection => "DeployScriptCollectionDesigntimeArtifact",
        }
    }

    /// The function that saves it as a version, e.g. `IntegrationDesigntimeArtifactSaveAsVersion`.
    pub fn save_as_version_function(self) -> &'static str {
        match self {
            ArtifactKind::IntegrationFlow => "IntegrationDesigntimeArtifactSaveAsVersion",
            ArtifactKind::ValueMapping => "ValueMappingDesigntimeArtifactSaveAsVersion",
            ArtifactKind::MessageMapping => "MessageMappingDesigntimeArtifactSaveAsVersion",
            ArtifactKind::ScriptCollection => "ScriptCollectionDesigntimeArtifactSaveAsVersion",
        }
    }

    /// The `Type` of its runtime artifact (`IntegrationRuntimeArtifacts`), e.g. `INTEGRATION_FLOW`.
    pub fn runtime_type(self) -> &'static str {
        match self {
            ArtifactKind::IntegrationFlow => "INTEGRATION_FLOW",
            ArtifactKind::ValueMapping => "VALUE_MAPPING",
            ArtifactKind::MessageMapping => "MESSAGE_MAPPING",
            ArtifactKind::ScriptCollection => "SCRIPT_COLLECTION",
        }
    }

    /// The kind of a runtime artifact's `Type`, if it is one of these.
    pub fn from_runtime_type(runtime_type: &str) -> Option<ArtifactKind> {
        ArtifactKind::ALL.into_iter().find(|kind| kind.runtime_type().eq_ignore_ascii_case(runtime_type))
    }

    /// The CLI word, e.g. `integration-flow`.
    pub fn cli_word(self) -> &'static str {
        match self {
            ArtifactKind::IntegrationFlow => "integration-flow",
            ArtifactKind::ValueMapping => "value-mapping",
            ArtifactKind::MessageMapping => "message-mapping",
            ArtifactKind::ScriptCollection => "script-collection",
        }
    }
}

impl fmt::Display for ArtifactKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.cli_word())
    }
}

impl FromStr for ArtifactKind {
    type Err = UnknownArtifactKind;

    /// Reads `iflow`, `flow`, `integration-flow`, `value-mapping`, `message-mapping`,
    /// `script-collection` (any case, `_` or no separator for `-`), the entity set names and
    /// the runtime types (`INTEGRATION_FLOW`, ...).
    fn from_str(word: &str) -> Result<ArtifactKind, UnknownArtifactKind> {
        let folded: String =
            word.trim().chars().filter(|c| !matches!(c, '-' | '_' | ' ')).map(|c| c.to_ascii_lowercase()).collect();
        let kind = match folded.as_str() {
            "iflow" | "flow" | "integrationflow" | "integrationdesigntimeartifacts" => ArtifactKind::IntegrationFlow,
            "valuemapping" | "valuemappingdesigntimeartifacts" => ArtifactKind::ValueMapping,
            "messagemapping" | "messagemappingdesigntimeartifacts" => ArtifactKind::MessageMapping,
            "scriptcollection" | "scriptcollectiondesigntimeartifacts" => ArtifactKind::ScriptCollection,
            _ => return Err(UnknownArtifactKind(word.to_owned())),
        };
        Ok(kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_cli_words() {
        for (word, kind) in [
            ("iflow", ArtifactKind::IntegrationFlow),
            ("flow", ArtifactKind::IntegrationFlow),
            ("integration-flow", ArtifactKind::IntegrationFlow),
            ("IFlow", ArtifactKind::IntegrationFlow),
            ("value-mapping", ArtifactKind::ValueMapping),
            ("value_mapping", ArtifactKind::ValueMapping),
            ("message-mapping", ArtifactKind::MessageMapping),
            ("script-collection", ArtifactKind::ScriptCollection),
            ("ScriptCollectionDesigntimeArtifacts", ArtifactKind::ScriptCollection),
            ("INTEGRATION_FLOW", ArtifactKind::IntegrationFlow),
        ] {
            assert_eq!(word.parse::<ArtifactKind>(), Ok(kind), "{word}");
        }
        let err = "mapping".parse::<ArtifactKind>().unwrap_err();
        assert_eq!(err, UnknownArtifactKind("mapping".into()));
        assert!(err.to_string().contains("value-mapping"));
    }

    #[test]
    fn display_reads_back() {
        for kind in ArtifactKind::ALL {
            assert_eq!(kind.to_string().parse::<ArtifactKind>(), Ok(kind));
            assert_eq!(ArtifactKind::from_runtime_type(kind.runtime_type()), Some(kind));
        }
    }

    #[test]
    fn names_follow_the_api() {
        for kind in ArtifactKind::ALL {
            let set = kind.entity_set();
            let singular = set.strip_suffix('s').unwrap();
            assert_eq!(kind.save_as_version_function(), format!("{singular}SaveAsVersion"));
            assert!(kind.deploy_function().starts_with("Deploy"));
            assert!(singular.ends_with(kind.deploy_function().strip_prefix("Deploy").unwrap()));
        }
        assert_eq!(ArtifactKind::IntegrationFlow.deploy_function(), "DeployIntegrationDesigntimeArtifact");
    }
}
