//! Runtime and operations entity types: deployed artifacts and their errors, build status,
//! service endpoints, data stores, variables, locks and the MDI delta token.

use super::{many, opt, req};
use crate::model::{EdmType, EntityType, Multiplicity, Navigation, Property};

/// `RuntimeArtifactErrorInformation`: a deployment error; the text is its `$value`.
pub static RUNTIME_ARTIFACT_ERROR_INFORMATION: EntityType = EntityType {
    name: "RuntimeArtifactErrorInformation",
    keys: &["Id"],
    properties: &[req("Id")],
    navigations: &[],
    has_stream: true,
};

/// `IntegrationRuntimeArtifact`: a deployed artifact.
pub static INTEGRATION_RUNTIME_ARTIFACT: EntityType = EntityType {
    name: "IntegrationRuntimeArtifact",
    keys: &["Id"],
    properties: &[
        req("Id"),
        opt("Version"),
        opt("Name"),
        opt("Type"),
        opt("DeployedBy"),
        Property::new("DeployedOn", EdmType::DateTime),
        opt("Status"),
    ],
    navigations: &[Navigation {
        name: "ErrorInformation",
        target_set: "RuntimeArtifactErrorInformations",
        multiplicity: Multiplicity::ZeroOrOne,
    }],
    has_stream: true,
};

/// `ServiceEndpoint`: an endpoint exposed by a deployed integration flow.
pub static SERVICE_ENDPOINT: EntityType = EntityType {
    name: "ServiceEndpoint",
    keys: &["Id"],
    properties: &[
        opt("Name"),
        req("Id"),
        req("Title"),
        req("Version"),
        req("Summary"),
        req("Description"),
        Property::new("LastUpdated", EdmType::DateTime),
        opt("Protocol"),
    ],
    navigations: &[many("EntryPoints", "EntryPoints"), many("ApiDefinitions", "APIDefinitions")],
    has_stream: false,
};

/// `EntryPoint`: a URL of a service endpoint.
pub static ENTRY_POINT: EntityType = EntityType {
    name: "EntryPoint",
    keys: &["Url"],
    properties: &[req("Name"), req("Url"), opt("Type"), opt("AdditionalInformation")],
    navigations: &[],
    has_stream: false,
};

/// `Definition`: an API definition (WSDL, OpenAPI) of a service endpoint.
pub static DEFINITION: EntityType = EntityType {
    name: "Definition",
    keys: &["Url"],
    properties: &[req("Url"), req("Name")],
    navigations: &[],
    has_stream: false,
};

/// `DataStore`.
pub static DATA_STORE: EntityType = EntityType {
    name: "DataStore",
    keys: &["DataStoreName", "IntegrationFlow", "Type"],
    properties: &[
        req("DataStoreName"),
        req("IntegrationFlow"),
        req("Type"),
        opt("Visibility"),
        Property::new("NumberOfMessages", EdmType::Int64),
        Property::new("NumberOfOverdueMessages", EdmType::Int64),
    ],
    navigations: &[many("Entries", "DataStoreEntries")],
    has_stream: false,
};

/// `DataStoreEntry`: one message in a data store; the payload is its `$value`.
pub static DATA_STORE_ENTRY: EntityType = EntityType {
    name: "DataStoreEntry",
    keys: &["Id", "DataStoreName", "IntegrationFlow", "Type"],
    properties: &[
        req("Id"),
        req("DataStoreName"),
        req("IntegrationFlow"),
        req("Type"),
        opt("Status"),
        opt("MessageId"),
        Property::new("DueAt", EdmType::DateTime),
        Property::new("CreatedAt", EdmType::DateTime),
        Property::new("RetainUntil", EdmType::DateTime),
    ],
    navigations: &[],
    has_stream: true,
};

/// `Variable`: a global or flow-local variable; the value is its `$value`.
pub static VARIABLE: EntityType = EntityType {
    name: "Variable",
    keys: &["VariableName", "IntegrationFlow"],
    properties: &[
        req("VariableName"),
        req("IntegrationFlow"),
        opt("Visibility"),
        Property::new("UpdatedAt", EdmType::DateTime),
        Property::new("RetainUntil", EdmType::DateTime),
    ],
    navigations: &[],
    has_stream: true,
};

/// `IntegrationDesigntimeLock`: an edit lock on an artifact.
pub static INTEGRATION_DESIGNTIME_LOCK: EntityType = EntityType {
    name: "IntegrationDesigntimeLock",
    keys: &["ResourceId"],
    properties: &[
        req("ResourceId"),
        req("ArtifactId"),
        opt("ArtifactName"),
        opt("ArtifactType"),
        opt("PackageId"),
        opt("PackageName"),
        Property::new("CreatedAt", EdmType::DateTime),
        opt("CreatedBy"),
    ],
    navigations: &[],
    has_stream: false,
};

/// `BuildAndDeployStatus`: the state of a deployment task.
pub static BUILD_AND_DEPLOY_STATUS_TYPE: EntityType = EntityType {
    name: "BuildAndDeployStatus",
    keys: &["TaskId"],
    properties: &[req("TaskId"), opt("Status")],
    navigations: &[],
    has_stream: false,
};

/// `MDIDeltaToken`.
pub static MDI_DELTA_TOKEN_TYPE: EntityType = EntityType {
    name: "MDIDeltaToken",
    keys: &["Operation", "Entity", "Version"],
    properties: &[req("Operation"), req("Entity"), req("Version"), opt("DeltaToken"), opt("LastUpdateTimestamp")],
    navigations: &[],
    has_stream: false,
};

/// `RuntimeArtifact`: declared by SAP without an entity set (lower-case property names).
pub static RUNTIME_ARTIFACT: EntityType = EntityType {
    name: "RuntimeArtifact",
    keys: &["id"],
    properties: &[
        req("id"),
        opt("name"),
        opt("symbolicName"),
        opt("type"),
        opt("version"),
        opt("nodeType"),
        opt("deployedBy"),
        Property::new("deployedOn", EdmType::DateTime),
        opt("deployState"),
    ],
    navigations: &[],
    has_stream: false,
};
