//! The entity sets of the service, with a name constant and an accessor for each.

use super::content::*;
use super::operations::*;
use crate::model::{EntitySet, SupportedOptions};

const ALL: SupportedOptions = SupportedOptions::ALL;
const NONE: SupportedOptions = SupportedOptions::NONE;

/// Declares [`ENTITY_SETS`] and, per set, a name constant and an accessor.
macro_rules! entity_sets {
    ($($index:literal => $constant:ident, $accessor:ident, $name:literal, $entity_type:ident, $options:ident;)*) => {
        /// Entity sets, in SAP's `$metadata` order (also the service document's).
        pub(super) static ENTITY_SETS: [EntitySet; 30] = [
            $(EntitySet { name: $name, entity_type: &$entity_type, options: $options }),*
        ];
        $(
            #[doc = concat!("The name of the `", $name, "` entity set.")]
            pub const $constant: &str = $name;

            #[doc = concat!("The `", $name, "` entity set.")]
            pub fn $accessor() -> &'static EntitySet {
                &ENTITY_SETS[$index]
            }
        )*
        /// Every accessor with the name it must return (checked by the tests).
        #[cfg(test)]
        pub(super) const ACCESSORS: &[(&str, fn() -> &'static EntitySet)] = &[$(($name, $accessor)),*];
    };
}

// DataStores, DataStoreEntries and Variables accept no system query options (SAP docs; the
// Message Store spec lists none for them either).
entity_sets! {
    0 => INTEGRATION_DESIGNTIME_ARTIFACTS, integration_designtime_artifacts,
        "IntegrationDesigntimeArtifacts", INTEGRATION_DESIGNTIME_ARTIFACT, ALL;
    1 => RUNTIME_ARTIFACT_ERROR_INFORMATIONS, runtime_artifact_error_informations,
        "RuntimeArtifactErrorInformations", RUNTIME_ARTIFACT_ERROR_INFORMATION, ALL;
    2 => CONFIGURATIONS, configurations,
        "Configurations", CONFIGURATION, ALL;
    3 => RESOURCES, resources,
        "Resources", RESOURCE, ALL;
    4 => INTEGRATION_RUNTIME_ARTIFACTS, integration_runtime_artifacts,
        "IntegrationRuntimeArtifacts", INTEGRATION_RUNTIME_ARTIFACT, ALL;
    5 => INTEGRATION_PACKAGES, integration_packages,
        "IntegrationPackages", INTEGRATION_PACKAGE, ALL;
    6 => SERVICE_ENDPOINTS, service_endpoints,
        "ServiceEndpoints", SERVICE_ENDPOINT, ALL;
    7 => ENTRY_POINTS, entry_points,
        "EntryPoints", ENTRY_POINT, ALL;
    8 => API_DEFINITIONS, api_definitions,
        "APIDefinitions", DEFINITION, ALL;
    9 => VALUE_MAPPING_DESIGNTIME_ARTIFACTS, value_mapping_designtime_artifacts,
        "ValueMappingDesigntimeArtifacts", VALUE_MAPPING_DESIGNTIME_ARTIFACT, ALL;
    10 => VAL_MAP_SCHEMA, val_map_schema,
        "ValMapSchema", VAL_MAP_SCHEMA_TYPE, ALL;
    11 => VAL_MAPS, val_maps,
        "ValMaps", VAL_MAP, ALL;
    12 => INTEGRATION_ADAPTER_DESIGNTIME_ARTIFACTS, integration_adapter_designtime_artifacts,
        "IntegrationAdapterDesigntimeArtifacts", INTEGRATION_ADAPTER_DESIGNTIME_ARTIFACT, ALL;
    13 => CUSTOM_TAGS, custom_tags,
        "CustomTags", CUSTOM_TAG, ALL;
    14 => CUSTOM_TAG_CONFIGURATIONS, custom_tag_configurations,
        "CustomTagConfigurations", CUSTOM_TAG_CONFIGURATION, ALL;
    15 => DATA_STORES, data_stores,
        "DataStores", DATA_STORE, NONE;
    16 => DATA_STORE_ENTRIES, data_store_entries,
        "DataStoreEntries", DATA_STORE_ENTRY, NONE;
    17 => VARIABLES, variables,
        "Variables", VARIABLE, NONE;
    18 => MESSAGE_MAPPING_DESIGNTIME_ARTIFACTS, message_mapping_designtime_artifacts,
        "MessageMappingDesigntimeArtifacts", MESSAGE_MAPPING_DESIGNTIME_ARTIFACT, ALL;
    19 => INTEGRATION_DESIGNTIME_LOCKS, integration_designtime_locks,
        "IntegrationDesigntimeLocks", INTEGRATION_DESIGNTIME_LOCK, ALL;
    20 => BUILD_AND_DEPLOY_STATUS, build_and_deploy_status,
        "BuildAndDeployStatus", BUILD_AND_DEPLOY_STATUS_TYPE, ALL;
    21 => MDI_DELTA_TOKEN, mdi_delta_token,
        "MDIDeltaToken", MDI_DELTA_TOKEN_TYPE, ALL;
    22 => SCRIPT_COLLECTION_DESIGNTIME_ARTIFACTS, script_collection_designtime_artifacts,
        "ScriptCollectionDesigntimeArtifacts", SCRIPT_COLLECTION_DESIGNTIME_ARTIFACT, ALL;
    23 => DEFAULT_VAL_MAPS, default_val_maps,
        "DefaultValMaps", DEFAULT_VAL_MAP, ALL;
    24 => DESIGN_GUIDELINE_EXECUTION_RESULTS, design_guideline_execution_results,
        "DesignGuidelineExecutionResults", DESIGN_GUIDELINE_EXECUTION_RESULT, ALL;
    25 => DESIGN_GUIDELINES, design_guidelines,
        "DesignGuidelines", DESIGN_GUIDELINE, ALL;
    26 => DATA_TYPE_DESIGNTIME_ARTIFACTS, data_type_designtime_artifacts,
        "DataTypeDesigntimeArtifacts", DATA_TYPE_DESIGNTIME_ARTIFACT, ALL;
    27 => MESSAGE_TYPE_DESIGNTIME_ARTIFACTS, message_type_designtime_artifacts,
        "MessageTypeDesigntimeArtifacts", MESSAGE_TYPE_DESIGNTIME_ARTIFACT, ALL;
    28 => FAULT_MESSAGE_TYPE_DESIGNTIME_ARTIFACTS, fault_message_type_designtime_artifacts,
        "FaultMessageTypeDesigntimeArtifacts", FAULT_MESSAGE_TYPE_DESIGNTIME_ARTIFACT, ALL;
    29 => SERVICE_INTERFACE_DESIGNTIME_ARTIFACTS, service_interface_designtime_artifacts,
        "ServiceInterfaceDesigntimeArtifacts", SERVICE_INTERFACE_DESIGNTIME_ARTIFACT, ALL;
}
