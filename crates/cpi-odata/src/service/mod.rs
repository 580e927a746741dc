//! SAP's IntegrationContent service as published in its `$metadata`: every entity type with
//! its properties, keys, media flag and navigations, the complex types, the entity sets with
//! the query options each accepts, and the function imports. Everything else (`$metadata`,
//! the service document, path and option validation) is derived from [`MODEL`].

mod content;
mod functions;
mod operations;
mod sets;

pub use sets::*;

use crate::model::{ComplexType, EdmType, EntityType, Multiplicity, Navigation, Property, ServiceModel};

/// The IntegrationContent service model.
pub static MODEL: ServiceModel = ServiceModel {
    complex_types: &COMPLEX_TYPES,
    entity_types: &ENTITY_TYPES,
    entity_sets: &sets::ENTITY_SETS,
    function_imports: &functions::FUNCTION_IMPORTS,
};

/// The IntegrationContent service model ([`MODEL`]).
pub fn model() -> &'static ServiceModel {
    &MODEL
}

/// Entity types, in SAP's `$metadata` order.
static ENTITY_TYPES: [&EntityType; 31] = [
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
];

/// Complex types, in SAP's order.
static COMPLEX_TYPES: [ComplexType; 3] = [
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
