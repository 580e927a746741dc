//! SAP's services under `/api/v1` as published in their `$metadata` (or, where SAP publishes
//! none, their API specifications): every entity type with
//! its properties, keys, media flag and navigations, the complex types, the entity sets with
//! the query options each accepts, and the function imports. Everything else (`$metadata`,
//! the service document, path and option validation) is derived from [`MODEL`].

mod content;
mod functions;
mod message_store;
mod monitoring;
mod operations;
mod partners;
mod security;
mod sets;

pub use sets::*;

use crate::model::{ComplexType, EdmType, EntityType, Multiplicity, Navigation, Property, ServiceModel};

/// The model of every service under `/api/v1`: IntegrationContent, MessageProcessingLogs,
/// MessageStore, LogFiles, SecurityContent and PartnerDirectory, all in SAP's namespace.
pub static MODEL: ServiceModel = ServiceModel {
    complex_types: &COMPLEX_TYPES,
    entity_types: &ENTITY_TYPES,
    entity_sets: &sets::ENTITY_SETS,
    function_imports: &functions::FUNCTION_IMPORTS,
};

/// The service model ([`MODEL`]).
pub fn model() -> &'static ServiceModel {
    &MODEL
}

/// Entity types, in SAP's `$metadata` order.
static ENTITY_TYPES: [&EntityType; 79] = [
    &content::INTEGRATION_DESIGNTIME_ARTIFACT,
    &operations::RUNTIME_ARTIFACT_ERROR_INFORMATION,
    &operations::INTEGRATION_RUNTIME_ARTIFACT,
    &content::CONFIGURATION,
    &content::RESOURCE,
    &content::INTEGRATION_PACKAGE,
    &operations::SERVICE_ENDPOINT,
    &operations::ENTRY_POINT,
    &operations::DEFINITION,
    &content::VALUE_MAPPING_DESIGNTIME_ARTIFACT,
    &content::VAL_MAP,
    &content::DEFAULT_VAL_MAP,
    &content::VAL_MAP_SCHEMA_TYPE,
    &content::INTEGRATION_ADAPTER_DESIGNTIME_ARTIFACT,
    &content::CUSTOM_TAG,
    &content::CUSTOM_TAG_CONFIGURATION,
    &operations::DATA_STORE,
    &operations::DATA_STORE_ENTRY,
    &operations::VARIABLE,
    &content::MESSAGE_MAPPING_DESIGNTIME_ARTIFACT,
    &operations::INTEGRATION_DESIGNTIME_LOCK,
    &operations::BUILD_AND_DEPLOY_STATUS_TYPE,
    &operations::MDI_DELTA_TOKEN_TYPE,
    &content::SCRIPT_COLLECTION_DESIGNTIME_ARTIFACT,
    &operations::RUNTIME_ARTIFACT,
    &content::DESIGN_GUIDELINE,
    &content::DESIGN_GUIDELINE_EXECUTION_RESULT,
    &content::DATA_TYPE_DESIGNTIME_ARTIFACT,
    &content::MESSAGE_TYPE_DESIGNTIME_ARTIFACT,
    &content::FAULT_MESSAGE_TYPE_DESIGNTIME_ARTIFACT,
    &content::SERVICE_INTERFACE_DESIGNTIME_ARTIFACT,
    &monitoring::MESSAGE_STORE_ENTRY,
    &monitoring::TRACE_MESSAGE,
    &monitoring::MESSAGE_PROCESSING_LOG_RUN,
    &monitoring::MESSAGE_PROCESSING_LOG_RUN_STEP,
    &monitoring::MESSAGE_STORE_ENTRY_ATTACHMENT_PROPERTY,
    &monitoring::MESSAGE_STORE_ENTRY_ATTACHMENT,
    &monitoring::MESSAGE_STORE_ENTRY_PROPERTY,
    &monitoring::MESSAGE_PROCESSING_LOG,
    &monitoring::MESSAGE_PROCESSING_LOG_ATTACHMENT,
    &monitoring::TRACE_MESSAGE_PROPERTY,
    &monitoring::TRACE_MESSAGE_EXCHANGE_PROPERTY,
    &monitoring::MESSAGE_PROCESSING_LOG_CUSTOM_HEADER_PROPERTY,
    &monitoring::MESSAGE_PROCESSING_LOG_RUN_STEP_PROPERTY,
    &monitoring::MESSAGE_PROCESSING_LOG_ERROR_INFORMATION,
    &monitoring::MESSAGE_PROCESSING_LOG_ADAPTER_ATTRIBUTE,
    &monitoring::ID_MAP_FROM_ID,
    &monitoring::ID_MAP_FROM_ID2,
    &monitoring::ID_MAP_TO_ID,
    &monitoring::IDEMPOTENT_REPOSITORY_ENTRY,
    &monitoring::GENERIC_IDEMPOTENT_REPOSITORY_ENTRY,
    &monitoring::ARCHIVING_KEY_PERFORMANCE_INDICATORS_TYPE,
    &monitoring::ARCHIVING_CONFIGURATION,
    &monitoring::EXTERNAL_LOGGING_ACTIVATION_STATUS_TYPE,
    &message_store::LOG_FILE_ARCHIVE,
    &message_store::LOG_FILE,
    &message_store::JMS_BROKER,
    &message_store::NUMBER_RANGE,
    &security::USER_CREDENTIAL,
    &security::SECURE_PARAMETER,
    &security::OAUTH2_CLIENT_CREDENTIAL,
    &security::KEYSTORE_ENTRY,
    &security::HISTORY_KEYSTORE_ENTRY,
    &security::CHAIN_CERTIFICATE,
    &security::CERTIFICATE_RESOURCE,
    &security::CERTIFICATE_CHAIN_RESOURCE,
    &security::SSH_KEY_RESOURCE,
    &security::CERTIFICATE_SIGNING_REQUEST,
    &security::KEYSTORE,
    &security::KEYSTORE_RESOURCE,
    &security::CERTIFICATE_USER_MAPPING,
    &security::ACCESS_POLICY,
    &security::ARTIFACT_REFERENCE,
    &partners::PARTNER,
    &partners::STRING_PARAMETER,
    &partners::BINARY_PARAMETER,
    &partners::USER_CREDENTIAL_PARAMETER,
    &partners::ALTERNATIVE_PARTNER,
    &partners::AUTHORIZED_USER,
];

/// Complex types, in SAP's order.
static COMPLEX_TYPES: [ComplexType; 4] = [
    ComplexType {
        name: "IntegrationArtifact",
        properties: &[opt("Id"), opt("Name"), opt("Type"), opt("PackageId"), opt("PackageName")],
    },
    ComplexType {
        name: "Scheduler",
        properties: &[
            opt("TriggerType"),
            opt("DateType"),
            opt("TimeType"),
            opt("Date"),
            opt("Time"),
            opt("DayOfMonth"),
            Property::new("Monday", EdmType::Boolean),
            Property::new("Tuesday", EdmType::Boolean),
            Property::new("Wednesday", EdmType::Boolean),
            Property::new("Thursday", EdmType::Boolean),
            Property::new("Friday", EdmType::Boolean),
            Property::new("Saturday", EdmType::Boolean),
            Property::new("Sunday", EdmType::Boolean),
            Property::new("OnEveryDuration", EdmType::Int32),
            opt("FromInterval"),
            opt("ToInterval"),
            opt("TimeZone"),
        ],
    },
    ComplexType { name: "Value", properties: &[opt("SrcValue"), opt("TgtValue")] },
    ComplexType {
        name: "SecurityArtifactDescriptor",
        properties: &[opt("Type"), opt("DeployedBy"), Property::new("DeployedOn", EdmType::DateTime), opt("Status")],
    },
];

/// A nullable `Edm.String` property.
const fn opt(name: &'static str) -> Property {
    Property::new(name, EdmType::String)
}

/// A non-nullable `Edm.String` property.
const fn req(name: &'static str) -> Property {
    Property::required(name, EdmType::String)
}

/// A navigation to many entities of `target_set`.
const fn many(name: &'static str, target_set: &'static str) -> Navigation {
    Navigation { name, target_set, multiplicity: Multiplicity::Many }
}

#[cfg(test)]
mod tests;
