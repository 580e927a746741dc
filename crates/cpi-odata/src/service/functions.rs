//! The function imports (all `POST`, parameters as quoted literals in the query string).

use crate::model::{EdmType, FunctionImport, Parameter, ReturnType};

/// A required `Edm.String` parameter.
const fn req(name: &'static str) -> Parameter {
    Parameter { name, edm: EdmType::String, nullable: false }
}

/// An optional `Edm.String` parameter.
const fn opt(name: &'static str) -> Parameter {
    Parameter { name, edm: EdmType::String, nullable: true }
}

/// A required `Edm.Boolean` parameter.
const fn flag(name: &'static str) -> Parameter {
    Parameter { name, edm: EdmType::Boolean, nullable: false }
}

/// A `POST` function import.
const fn post(name: &'static str, returns: ReturnType, parameters: &'static [Parameter]) -> FunctionImport {
    FunctionImport { name, returns, http_method: "POST", parameters }
}

const TEXT: ReturnType = ReturnType::Primitive(EdmType::String);
const ID_VERSION: &[Parameter] = &[req("Id"), req("Version")];
const SAVE_AS: &[Parameter] = &[req("Id"), req("SaveAsVersion")];
const SCHEMA: &[Parameter] =
    &[req("Id"), req("Version"), req("SrcAgency"), req("SrcId"), req("TgtAgency"), req("TgtId")];

/// Function imports, in SAP's `$metadata` order.
pub(super) static FUNCTION_IMPORTS: [FunctionImport; 23] = [
    post("DeployIntegrationDesigntimeArtifact", TEXT, ID_VERSION),
    post("IntegrationDesigntimeArtifactSaveAsVersion", ReturnType::Entity("IntegrationDesigntimeArtifacts"), SAVE_AS),
    post("ExecuteIntegrationDesigntimeArtifactsGuidelines", TEXT, ID_VERSION),
    post(
        "CopyIntegrationPackage",
        ReturnType::Entity("IntegrationPackages"),
        &[req("Id"), opt("ImportMode"), opt("Suffix")],
    ),
    post("DeployValueMappingDesigntimeArtifact", ReturnType::Entity("ValueMappingDesigntimeArtifacts"), ID_VERSION),
    post("ValueMappingDesigntimeArtifactSaveAsVersion", ReturnType::Entity("ValueMappingDesigntimeArtifacts"), SAVE_AS),
    post(
        "UpsertValMaps",
        ReturnType::Entity("ValMaps"),
        &[
            req("Id"),
            req("Version"),
            req("SrcAgency"),
            req("SrcId"),
            req("TgtAgency"),
            req("TgtId"),
            opt("ValMapId"),
            req("SrcValue"),
            req("TgtValue"),
            flag("IsConfigured"),
        ],
    ),
    post("DeleteValMaps", TEXT, SCHEMA),
    post(
        "UpdateDefaultValMap",
        ReturnType::Entity("DefaultValMaps"),
        &[
            req("Id"),
            req("Version"),
            req("SrcAgency"),
            req("SrcId"),
            req("TgtAgency"),
            req("TgtId"),
            req("ValMapId"),
            flag("IsConfigured"),
        ],
    ),
    post("DeployIntegrationAdapterDesigntimeArtifact", TEXT, &[req("Id")]),
    post("DeployMessageMappingDesigntimeArtifact", ReturnType::Entity("MessageMappingDesigntimeArtifacts"), ID_VERSION),
    post(
        "MessageMappingDesigntimeArtifactSaveAsVersion",
        ReturnType::Entity("MessageMappingDesigntimeArtifacts"),
        SAVE_AS,
    ),
    post("DeployScriptCollectionDesigntimeArtifact", TEXT, ID_VERSION),
    post(
        "ScriptCollectionDesigntimeArtifactSaveAsVersion",
        ReturnType::Entity("ScriptCollectionDesigntimeArtifacts"),
        SAVE_AS,
    ),
    post("ExecuteScriptCollectionDesigntimeArtifactsGuidelines", TEXT, ID_VERSION),
    post("ValidateIntegrationDesigntimeArtifact", TEXT, ID_VERSION),
    post("DataTypeDesigntimeArtifactSaveAsVersion", ReturnType::Entity("DataTypeDesigntimeArtifacts"), SAVE_AS),
    post("MessageTypeDesigntimeArtifactSaveAsVersion", ReturnType::Entity("MessageTypeDesigntimeArtifacts"), SAVE_AS),
    post(
        "FaultMessageTypeDesigntimeArtifactSaveAsVersion",
        ReturnType::Entity("FaultMessageTypeDesigntimeArtifacts"),
        SAVE_AS,
    ),
    post(
        "ServiceInterfaceDesigntimeArtifactSaveAsVersion",
        ReturnType::Entity("ServiceInterfaceDesigntimeArtifacts"),
        SAVE_AS,
    ),
    // The MessageProcessingLogs service's functions.
    post("activateArchivingConfiguration", TEXT, &[]),
    post("activateExternalLogging", TEXT, &[]),
    post("deactivateExternalLogging", TEXT, &[]),
];
