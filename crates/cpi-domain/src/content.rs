//! Tenant content of a subaccount. This slice holds integration packages; the OData issue adds
//! the rest of the content model.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// An integration package (entity type `IntegrationPackage`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntegrationPackage {
    /// Technical id (key), e.g. `MyPackage`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Resource id (generated; SAP shows a 32-hex id).
    pub resource_id: String,
    /// Long description.
    pub description: String,
    /// Short text.
    pub short_text: String,
    /// Version, e.g. `1.0.0`.
    pub version: String,
    /// Vendor.
    pub vendor: String,
    /// Partner content flag.
    pub partner_content: bool,
    /// Whether an update is available.
    pub update_available: bool,
    /// `EDIT_ALLOWED`, `READ_ONLY`, ...
    pub mode: String,
    /// `SAP Cloud Integration`, ...
    pub supported_platform: String,
    /// Who created it.
    pub created_by: String,
    /// Who changed it last.
    pub modified_by: String,
    /// Creation time.
    pub creation_date: OffsetDateTime,
    /// Last change.
    pub modified_date: OffsetDateTime,
    /// Comma-separated products.
    pub products: String,
    /// Comma-separated keywords.
    pub keywords: String,
    /// Comma-separated countries.
    pub countries: String,
    /// Comma-separated industries.
    pub industries: String,
    /// Comma-separated lines of business.
    pub line_of_business: String,
}

/// Whether a package id is acceptable: 1–255 of `[A-Za-z0-9_.-]`, starting with a letter,
/// digit or `_`.
pub fn is_valid_package_id(id: &str) -> bool {
    let bytes = id.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 255
        && (bytes[0].is_ascii_alphanumeric() || bytes[0] == b'_')
        && bytes.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
}

/// The kinds of design-time artifact the API serves, each with its own entity set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

impl ArtifactKind {
    /// Every kind.
    pub const ALL: [ArtifactKind; 4] = [
        ArtifactKind::IntegrationFlow,
        ArtifactKind::ValueMapping,
        ArtifactKind::MessageMapping,
        ArtifactKind::ScriptCollection,
    ];

    /// The stored code, which is also the `Type` of its runtime artifact
    /// (`IntegrationRuntimeArtifacts`), e.g. `INTEGRATION_FLOW`.
    pub fn code(self) -> &'static str {
        match self {
            ArtifactKind::IntegrationFlow => "INTEGRATION_FLOW",
            ArtifactKind::ValueMapping => "VALUE_MAPPING",
            ArtifactKind::MessageMapping => "MESSAGE_MAPPING",
            ArtifactKind::ScriptCollection => "SCRIPT_COLLECTION",
        }
    }

    /// Parses a stored code.
    pub fn from_code(code: &str) -> Option<ArtifactKind> {
        ArtifactKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The word SAP uses in names like `Deploy<Word>DesigntimeArtifact`.
    pub fn api_word(self) -> &'static str {
        match self {
            ArtifactKind::IntegrationFlow => "Integration",
            ArtifactKind::ValueMapping => "ValueMapping",
            ArtifactKind::MessageMapping => "MessageMapping",
            ArtifactKind::ScriptCollection => "ScriptCollection",
        }
    }

    /// The design-time entity set, e.g. `IntegrationDesigntimeArtifacts`.
    pub fn entity_set(self) -> &'static str {
        match self {
            ArtifactKind::IntegrationFlow => "IntegrationDesigntimeArtifacts",
            ArtifactKind::ValueMapping => "ValueMappingDesigntimeArtifacts",
            ArtifactKind::MessageMapping => "MessageMappingDesigntimeArtifacts",
            ArtifactKind::ScriptCollection => "ScriptCollectionDesigntimeArtifacts",
        }
    }

    /// The kind whose design-time entity set this is.
    pub fn from_entity_set(set: &str) -> Option<ArtifactKind> {
        ArtifactKind::ALL.into_iter().find(|k| k.entity_set() == set)
    }

    /// The kind deployed by `Deploy<Word>DesigntimeArtifact`.
    pub fn from_deploy_function(name: &str) -> Option<ArtifactKind> {
        let word = name.strip_prefix("Deploy")?.strip_suffix("DesigntimeArtifact")?;
        ArtifactKind::ALL.into_iter().find(|k| k.api_word() == word)
    }

    /// The kind saved by `<Type>DesigntimeArtifactSaveAsVersion`.
    pub fn from_save_as_version_function(name: &str) -> Option<ArtifactKind> {
        let set = name.strip_suffix("SaveAsVersion")?;
        ArtifactKind::ALL.into_iter().find(|k| k.entity_set().strip_suffix('s') == Some(set))
    }
}

/// A design-time artifact's descriptive fields (its bundle is stored beside it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DesigntimeArtifact {
    /// Kind.
    pub kind: ArtifactKind,
    /// Id (the bundle's symbolic name), unique per kind in a tenant.
    pub id: String,
    /// Current version (the bundle's `Bundle-Version`).
    pub version: String,
    /// The package it belongs to.
    pub package_id: String,
    /// Display name.
    pub name: String,
    /// Description (from `metainfo.prop`).
    pub description: String,
    /// Sender system (from `metainfo.prop` `source`).
    pub sender: String,
    /// Receiver system (from `metainfo.prop` `target`).
    pub receiver: String,
    /// Who created it.
    pub created_by: String,
    /// Created.
    pub created_at: OffsetDateTime,
    /// Who changed it last.
    pub modified_by: String,
    /// Last change.
    pub modified_at: OffsetDateTime,
}

/// An externalized parameter of an artifact (entity type `Configuration`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigurationEntry {
    /// `ParameterKey`.
    pub key: String,
    /// `ParameterValue`.
    pub value: String,
    /// `DataType`, e.g. `xsd:string`.
    pub data_type: String,
    /// `Description`.
    pub description: String,
}

/// A resource file of an artifact (entity type `Resource`); the bytes live in the bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceEntry {
    /// `Name`, e.g. `script1.groovy`.
    pub name: String,
    /// `ResourceType`, e.g. `groovy`.
    pub resource_type: String,
    /// `ReferencedResourceType`.
    pub referenced_resource_type: Option<String>,
    /// Size in bytes.
    pub size: i64,
}

/// Status of a deployment task (`BuildAndDeployStatus.Status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeployStatus {
    /// In progress.
    Deploying,
    /// Deployed (the runtime artifact started or failed to start on its own terms).
    Success,
    /// Could not be built or deployed.
    Fail,
}

impl DeployStatus {
    /// The API text.
    pub fn as_str(self) -> &'static str {
        match self {
            DeployStatus::Deploying => "DEPLOYING",
            DeployStatus::Success => "SUCCESS",
            DeployStatus::Fail => "FAIL",
        }
    }

    /// Parses the API text.
    pub fn parse(text: &str) -> Option<DeployStatus> {
        [DeployStatus::Deploying, DeployStatus::Success, DeployStatus::Fail].into_iter().find(|s| s.as_str() == text)
    }
}

/// Status of a runtime artifact (`IntegrationRuntimeArtifacts.Status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuntimeStatus {
    /// Being started.
    Starting,
    /// Running.
    Started,
    /// Could not start; see its error information.
    Error,
}

impl RuntimeStatus {
    /// The API text.
    pub fn as_str(self) -> &'static str {
        match self {
            RuntimeStatus::Starting => "STARTING",
            RuntimeStatus::Started => "STARTED",
            RuntimeStatus::Error => "ERROR",
        }
    }

    /// Parses the API text.
    pub fn parse(text: &str) -> Option<RuntimeStatus> {
        [RuntimeStatus::Starting, RuntimeStatus::Started, RuntimeStatus::Error].into_iter().find(|s| s.as_str() == text)
    }
}

/// A deployment task (`BuildAndDeployStatus`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeployTask {
    /// Task id (the bare body of the deploy call's 202).
    pub task_id: String,
    /// What is deployed.
    pub kind: ArtifactKind,
    /// Artifact id.
    pub artifact_id: String,
    /// Artifact version deployed.
    pub version: String,
    /// Status.
    pub status: DeployStatus,
    /// Who deployed.
    pub deployed_by: String,
    /// Created.
    pub created_at: OffsetDateTime,
}

/// A deployed artifact (`IntegrationRuntimeArtifacts`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuntimeArtifact {
    /// Id (the design-time id).
    pub id: String,
    /// Kind.
    pub kind: ArtifactKind,
    /// Deployed version.
    pub version: String,
    /// Display name.
    pub name: String,
    /// Who deployed.
    pub deployed_by: String,
    /// When.
    pub deployed_on: OffsetDateTime,
    /// Status.
    pub status: RuntimeStatus,
    /// Error information (a JSON document) when the status is `ERROR`.
    pub error: Option<String>,
}

/// An HTTPS entry point of a deployed flow (`ServiceEndpoints` with its `EntryPoints`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceEndpoint {
    /// The flow's id.
    pub artifact_id: String,
    /// The sender address, e.g. `/hello`.
    pub address: String,
    /// Display name of the flow.
    pub title: String,
    /// Deployed version.
    pub version: String,
    /// Protocol, e.g. `REST`.
    pub protocol: String,
    /// The runtime URL, `<runtime base>/http/<address>`.
    pub url: String,
    /// Deployed at.
    pub last_updated: OffsetDateTime,
}
