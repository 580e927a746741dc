//! The entity sets of the service, with a name constant and an accessor for each.

use super::content::*;
use super::message_store::*;
use super::monitoring::*;
use super::operations::*;
use super::partners::*;
use super::security::*;
use crate::model::{DEFAULT_PAGE_SIZE, EntitySet, SupportedOptions};

const ALL: SupportedOptions = SupportedOptions::ALL;
const NONE: SupportedOptions = SupportedOptions::NONE;
/// SecureParameters answer `$select` with 501 (SAP's API specification).
const NO_SELECT: SupportedOptions = SupportedOptions { select: false, ..SupportedOptions::ALL };
/// UserCredentialParameters take only `$filter` (by `Pid`) and `$select`.
const FILTER_SELECT: SupportedOptions = SupportedOptions { filter: true, select: true, ..SupportedOptions::NONE };

/// Declares [`ENTITY_SETS`] and, per set, a name constant and an accessor.
macro_rules! entity_sets {
    ($($index:literal => $constant:ident, $accessor:ident, $name:literal, $entity_type:ident, $options:ident
        $(, page = $page:expr)?;)*) => {
        /// Entity sets, in SAP's `$metadata` order (also the service document's).
        pub(super) static ENTITY_SETS: [EntitySet; 78] = [
            $(EntitySet {
                name: $name,
                entity_type: &$entity_type,
                options: $options,
                page_size: entity_sets!(@page $($page)?),
            }),*
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
    (@page) => { DEFAULT_PAGE_SIZE };
    (@page $page:expr) => { $page };
}

/// BinaryParameters come 30 to a page whatever `$top` asks for, as their values travel with
/// them. SAP does not document this; clients that page the real API do (FlashPipe and cpicli
/// page binary parameters by 30 "as they carry their content"; FIGAF follows `__next`).
const BINARY_PARAMETER_PAGE_SIZE: u64 = 30;

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
    30 => MESSAGE_STORE_ENTRIES, message_store_entries,
        "MessageStoreEntries", MESSAGE_STORE_ENTRY, ALL;
    31 => TRACE_MESSAGES, trace_messages,
        "TraceMessages", TRACE_MESSAGE, ALL;
    32 => MESSAGE_PROCESSING_LOG_RUNS, message_processing_log_runs,
        "MessageProcessingLogRuns", MESSAGE_PROCESSING_LOG_RUN, ALL;
    33 => MESSAGE_PROCESSING_LOG_RUN_STEPS, message_processing_log_run_steps,
        "MessageProcessingLogRunSteps", MESSAGE_PROCESSING_LOG_RUN_STEP, ALL;
    34 => MESSAGE_STORE_ENTRY_ATTACHMENT_PROPERTIES, message_store_entry_attachment_properties,
        "MessageStoreEntryAttachmentProperties", MESSAGE_STORE_ENTRY_ATTACHMENT_PROPERTY, ALL;
    35 => MESSAGE_STORE_ENTRY_ATTACHMENTS, message_store_entry_attachments,
        "MessageStoreEntryAttachments", MESSAGE_STORE_ENTRY_ATTACHMENT, ALL;
    36 => MESSAGE_STORE_ENTRY_PROPERTIES, message_store_entry_properties,
        "MessageStoreEntryProperties", MESSAGE_STORE_ENTRY_PROPERTY, ALL;
    37 => MESSAGE_PROCESSING_LOGS, message_processing_logs,
        "MessageProcessingLogs", MESSAGE_PROCESSING_LOG, ALL;
    38 => MESSAGE_PROCESSING_LOG_ATTACHMENTS, message_processing_log_attachments,
        "MessageProcessingLogAttachments", MESSAGE_PROCESSING_LOG_ATTACHMENT, ALL;
    39 => TRACE_MESSAGE_PROPERTIES, trace_message_properties,
        "TraceMessageProperties", TRACE_MESSAGE_PROPERTY, ALL;
    40 => TRACE_MESSAGE_EXCHANGE_PROPERTIES, trace_message_exchange_properties,
        "TraceMessageExchangeProperties", TRACE_MESSAGE_EXCHANGE_PROPERTY, ALL;
    41 => MESSAGE_PROCESSING_LOG_CUSTOM_HEADER_PROPERTIES, message_processing_log_custom_header_properties,
        "MessageProcessingLogCustomHeaderProperties", MESSAGE_PROCESSING_LOG_CUSTOM_HEADER_PROPERTY, ALL;
    42 => MESSAGE_PROCESSING_LOG_RUN_STEP_PROPERTIES, message_processing_log_run_step_properties,
        "MessageProcessingLogRunStepProperties", MESSAGE_PROCESSING_LOG_RUN_STEP_PROPERTY, ALL;
    43 => MESSAGE_PROCESSING_LOG_ERROR_INFORMATIONS, message_processing_log_error_informations,
        "MessageProcessingLogErrorInformations", MESSAGE_PROCESSING_LOG_ERROR_INFORMATION, ALL;
    44 => MESSAGE_PROCESSING_LOG_ADAPTER_ATTRIBUTES, message_processing_log_adapter_attributes,
        "MessageProcessingLogAdapterAttributes", MESSAGE_PROCESSING_LOG_ADAPTER_ATTRIBUTE, ALL;
    45 => ID_MAP_FROM_ID2S, id_map_from_id2s,
        "IdMapFromId2s", ID_MAP_FROM_ID2, ALL;
    46 => ID_MAP_FROM_IDS, id_map_from_ids,
        "IdMapFromIds", ID_MAP_FROM_ID, ALL;
    47 => ID_MAP_TO_IDS, id_map_to_ids,
        "IdMapToIds", ID_MAP_TO_ID, ALL;
    48 => IDEMPOTENT_REPOSITORY_ENTRIES, idempotent_repository_entries,
        "IdempotentRepositoryEntries", IDEMPOTENT_REPOSITORY_ENTRY, ALL;
    49 => GENERIC_IDEMPOTENT_REPOSITORY_ENTRIES, generic_idempotent_repository_entries,
        "GenericIdempotentRepositoryEntries", GENERIC_IDEMPOTENT_REPOSITORY_ENTRY, ALL;
    50 => ARCHIVING_KEY_PERFORMANCE_INDICATORS, archiving_key_performance_indicators,
        "ArchivingKeyPerformanceIndicators", ARCHIVING_KEY_PERFORMANCE_INDICATORS_TYPE, ALL;
    51 => ARCHIVING_CONFIGURATIONS, archiving_configurations,
        "ArchivingConfigurations", ARCHIVING_CONFIGURATION, ALL;
    52 => EXTERNAL_LOGGING_ACTIVATION_STATUS, external_logging_activation_status,
        "ExternalLoggingActivationStatus", EXTERNAL_LOGGING_ACTIVATION_STATUS_TYPE, ALL;
    53 => LOG_FILE_ARCHIVES, log_file_archives,
        "LogFileArchives", LOG_FILE_ARCHIVE, ALL;
    54 => LOG_FILES, log_files,
        "LogFiles", LOG_FILE, ALL;
    55 => JMS_BROKERS, jms_brokers,
        "JmsBrokers", JMS_BROKER, ALL;
    56 => NUMBER_RANGES, number_ranges,
        "NumberRanges", NUMBER_RANGE, ALL;
    57 => USER_CREDENTIALS, user_credentials,
        "UserCredentials", USER_CREDENTIAL, ALL;
    58 => SECURE_PARAMETERS, secure_parameters,
        "SecureParameters", SECURE_PARAMETER, NO_SELECT;
    59 => OAUTH2_CLIENT_CREDENTIALS, oauth2_client_credentials,
        "OAuth2ClientCredentials", OAUTH2_CLIENT_CREDENTIAL, ALL;
    60 => KEYSTORE_ENTRIES, keystore_entries,
        "KeystoreEntries", KEYSTORE_ENTRY, ALL;
    61 => HISTORY_KEYSTORE_ENTRIES, history_keystore_entries,
        "HistoryKeystoreEntries", HISTORY_KEYSTORE_ENTRY, ALL;
    62 => CHAIN_CERTIFICATES, chain_certificates,
        "ChainCertificates", CHAIN_CERTIFICATE, ALL;
    63 => CERTIFICATE_RESOURCES, certificate_resources,
        "CertificateResources", CERTIFICATE_RESOURCE, ALL;
    64 => CERTIFICATE_CHAIN_RESOURCES, certificate_chain_resources,
        "CertificateChainResources", CERTIFICATE_CHAIN_RESOURCE, ALL;
    65 => SSH_KEY_RESOURCES, ssh_key_resources,
        "SSHKeyResources", SSH_KEY_RESOURCE, ALL;
    66 => CERTIFICATE_SIGNING_REQUESTS, certificate_signing_requests,
        "CertificateSigningRequests", CERTIFICATE_SIGNING_REQUEST, ALL;
    67 => KEYSTORES, keystores,
        "Keystores", KEYSTORE, ALL;
    68 => KEYSTORE_RESOURCES, keystore_resources,
        "KeystoreResources", KEYSTORE_RESOURCE, ALL;
    69 => CERTIFICATE_USER_MAPPINGS, certificate_user_mappings,
        "CertificateUserMappings", CERTIFICATE_USER_MAPPING, ALL;
    70 => ACCESS_POLICIES, access_policies,
        "AccessPolicies", ACCESS_POLICY, ALL;
    71 => ARTIFACT_REFERENCES, artifact_references,
        "ArtifactReferences", ARTIFACT_REFERENCE, ALL;
    72 => PARTNERS, partners,
        "Partners", PARTNER, ALL;
    73 => STRING_PARAMETERS, string_parameters,
        "StringParameters", STRING_PARAMETER, ALL;
    74 => BINARY_PARAMETERS, binary_parameters,
        "BinaryParameters", BINARY_PARAMETER, ALL, page = BINARY_PARAMETER_PAGE_SIZE;
    75 => USER_CREDENTIAL_PARAMETERS, user_credential_parameters,
        "UserCredentialParameters", USER_CREDENTIAL_PARAMETER, FILTER_SELECT;
    76 => ALTERNATIVE_PARTNERS, alternative_partners,
        "AlternativePartners", ALTERNATIVE_PARTNER, ALL;
    77 => AUTHORIZED_USERS, authorized_users,
        "AuthorizedUsers", AUTHORIZED_USER, ALL;
}
