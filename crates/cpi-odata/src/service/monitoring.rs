//! Monitoring entity types, as SAP's MessageProcessingLogs service publishes them: message
//! processing logs with their attachments, errors, adapter attributes, custom header properties
//! and runs; message store entries; trace messages; the ID mapper, idempotent repositories and
//! archiving.

use super::{many, opt, req};
use crate::model::{EdmType, EntityType, Multiplicity, Navigation, Property};

const fn int64(name: &'static str) -> Property {
    Property::new(name, EdmType::Int64)
}

const fn int32(name: &'static str) -> Property {
    Property::new(name, EdmType::Int32)
}

const fn datetime(name: &'static str) -> Property {
    Property::new(name, EdmType::DateTime)
}

const fn boolean(name: &'static str) -> Property {
    Property::new(name, EdmType::Boolean)
}

/// `MessageStoreEntry`: a message persisted by a flow; the payload is its `$value`.
pub static MESSAGE_STORE_ENTRY: EntityType = EntityType {
    name: "MessageStoreEntry",
    keys: &["Id"],
    properties: &[
        req("Id"),
        opt("MessageGuid"),
        opt("MessageStoreId"),
        datetime("TimeStamp"),
        boolean("HasAttachments"),
    ],
    navigations: &[
        many("Attachments", "MessageStoreEntryAttachments"),
        many("Properties", "MessageStoreEntryProperties"),
    ],
    has_stream: true,
};

/// `TraceMessage`: a message traced at one step; the payload is its `$value`.
pub static TRACE_MESSAGE: EntityType = EntityType {
    name: "TraceMessage",
    keys: &["TraceId"],
    properties: &[
        Property::required("TraceId", EdmType::Int64),
        req("MplId"),
        opt("ModelStepId"),
        int64("PayloadSize"),
        opt("MimeType"),
    ],
    navigations: &[
        many("Properties", "TraceMessageProperties"),
        many("ExchangeProperties", "TraceMessageExchangeProperties"),
    ],
    has_stream: true,
};

/// `MessageProcessingLogRun`: one run of a message through its flow.
pub static MESSAGE_PROCESSING_LOG_RUN: EntityType = EntityType {
    name: "MessageProcessingLogRun",
    keys: &["Id"],
    properties: &[
        req("Id"),
        datetime("RunStart"),
        datetime("RunStop"),
        opt("LogLevel"),
        opt("OverallState"),
        opt("ProcessId"),
    ],
    navigations: &[many("RunSteps", "MessageProcessingLogRunSteps")],
    has_stream: false,
};

/// `MessageProcessingLogRunStep`: one step of a run.
pub static MESSAGE_PROCESSING_LOG_RUN_STEP: EntityType = EntityType {
    name: "MessageProcessingLogRunStep",
    keys: &["RunId", "ChildCount"],
    properties: &[
        req("RunId"),
        Property::required("ChildCount", EdmType::Int32),
        datetime("StepStart"),
        datetime("StepStop"),
        opt("StepId"),
        opt("ModelStepId"),
        opt("BranchId"),
        opt("Status"),
        opt("Error"),
        opt("Activity"),
    ],
    navigations: &[
        many("RunStepProperties", "MessageProcessingLogRunStepProperties"),
        many("TraceMessages", "TraceMessages"),
    ],
    has_stream: false,
};

/// `MessageStoreEntryAttachmentProperty`.
pub static MESSAGE_STORE_ENTRY_ATTACHMENT_PROPERTY: EntityType = EntityType {
    name: "MessageStoreEntryAttachmentProperty",
    keys: &["AttachmentId", "Name"],
    properties: &[req("AttachmentId"), req("Name"), opt("Value")],
    navigations: &[],
    has_stream: false,
};

/// `MessageStoreEntryAttachment`: an attachment of a stored message.
pub static MESSAGE_STORE_ENTRY_ATTACHMENT: EntityType = EntityType {
    name: "MessageStoreEntryAttachment",
    keys: &["Id"],
    properties: &[req("Id"), opt("Name"), opt("ContentType")],
    navigations: &[many("Properties", "MessageStoreEntryAttachmentProperties")],
    has_stream: true,
};

/// `MessageStoreEntryProperty`: a header or property of a stored message.
pub static MESSAGE_STORE_ENTRY_PROPERTY: EntityType = EntityType {
    name: "MessageStoreEntryProperty",
    keys: &["MessageId", "Name"],
    properties: &[req("MessageId"), req("Name"), opt("Value")],
    navigations: &[],
    has_stream: false,
};

/// `MessageProcessingLog`.
pub static MESSAGE_PROCESSING_LOG: EntityType = EntityType {
    name: "MessageProcessingLog",
    keys: &["MessageGuid"],
    properties: &[
        req("MessageGuid"),
        opt("CorrelationId"),
        opt("ApplicationMessageId"),
        opt("PredecessorMessageGuid"),
        opt("ApplicationMessageType"),
        datetime("LogStart"),
        datetime("LogEnd"),
        opt("Sender"),
        opt("Receiver"),
        opt("IntegrationFlowName"),
        opt("Status"),
        opt("AlternateWebLink"),
        Property::required("IntegrationArtifact", EdmType::Complex("IntegrationArtifact")),
        opt("LogLevel"),
        opt("CustomStatus"),
        opt("ArchivingStatus"),
        boolean("ArchivingSenderChannelMessages"),
        boolean("ArchivingReceiverChannelMessages"),
        boolean("ArchivingLogAttachments"),
        boolean("ArchivingPersistedMessages"),
        opt("TransactionId"),
        opt("PreviousComponentName"),
        opt("LocalComponentName"),
        opt("OriginComponentName"),
    ],
    navigations: &[
        many("CustomHeaderProperties", "MessageProcessingLogCustomHeaderProperties"),
        many("MessageStoreEntries", "MessageStoreEntries"),
        Navigation {
            name: "ErrorInformation",
            target_set: "MessageProcessingLogErrorInformations",
            multiplicity: Multiplicity::ZeroOrOne,
        },
        many("AdapterAttributes", "MessageProcessingLogAdapterAttributes"),
        many("Attachments", "MessageProcessingLogAttachments"),
        many("Runs", "MessageProcessingLogRuns"),
    ],
    has_stream: false,
};

/// `MessageProcessingLogAttachment`: an attachment a flow wrote to its log; content is `$value`.
pub static MESSAGE_PROCESSING_LOG_ATTACHMENT: EntityType = EntityType {
    name: "MessageProcessingLogAttachment",
    keys: &["Id"],
    properties: &[
        req("Id"),
        opt("MessageGuid"),
        datetime("TimeStamp"),
        opt("Name"),
        opt("ContentType"),
        int64("PayloadSize"),
    ],
    navigations: &[],
    has_stream: true,
};

/// `TraceMessageProperty`: a header of a traced message.
pub static TRACE_MESSAGE_PROPERTY: EntityType = EntityType {
    name: "TraceMessageProperty",
    keys: &["TraceId", "Name"],
    properties: &[Property::required("TraceId", EdmType::Int64), req("Name"), opt("Value")],
    navigations: &[],
    has_stream: false,
};

/// `TraceMessageExchangeProperty`: an exchange property of a traced message.
pub static TRACE_MESSAGE_EXCHANGE_PROPERTY: EntityType = EntityType {
    name: "TraceMessageExchangeProperty",
    keys: &["TraceId", "Name"],
    properties: &[Property::required("TraceId", EdmType::Int64), req("Name"), opt("Value")],
    navigations: &[],
    has_stream: false,
};

/// `MessageProcessingLogCustomHeaderProperty`: a custom header a flow logged.
pub static MESSAGE_PROCESSING_LOG_CUSTOM_HEADER_PROPERTY: EntityType = EntityType {
    name: "MessageProcessingLogCustomHeaderProperty",
    keys: &["Id"],
    properties: &[req("Id"), opt("Name"), opt("Value")],
    navigations: &[Navigation { name: "Log", target_set: "MessageProcessingLogs", multiplicity: Multiplicity::One }],
    has_stream: false,
};

/// `MessageProcessingLogRunStepProperty`.
pub static MESSAGE_PROCESSING_LOG_RUN_STEP_PROPERTY: EntityType = EntityType {
    name: "MessageProcessingLogRunStepProperty",
    keys: &["RunId", "ChildCount", "Name"],
    properties: &[req("RunId"), Property::required("ChildCount", EdmType::Int32), req("Name"), opt("Value")],
    navigations: &[],
    has_stream: false,
};

/// `MessageProcessingLogErrorInformation`: the error of a failed message; its text is `$value`.
pub static MESSAGE_PROCESSING_LOG_ERROR_INFORMATION: EntityType = EntityType {
    name: "MessageProcessingLogErrorInformation",
    keys: &["MessageGuid"],
    properties: &[req("MessageGuid"), opt("Type"), opt("LastErrorModelStepId")],
    navigations: &[],
    has_stream: true,
};

/// `MessageProcessingLogAdapterAttribute`: an attribute an adapter logged (e.g. a message id).
pub static MESSAGE_PROCESSING_LOG_ADAPTER_ATTRIBUTE: EntityType = EntityType {
    name: "MessageProcessingLogAdapterAttribute",
    keys: &["Id"],
    properties: &[req("Id"), opt("AdapterId"), opt("AdapterMessageId"), opt("Name"), opt("Value")],
    navigations: &[Navigation {
        name: "MessageProcessingLog",
        target_set: "MessageProcessingLogs",
        multiplicity: Multiplicity::One,
    }],
    has_stream: false,
};

/// `IdMapFromId`: a source id of the ID mapper.
pub static ID_MAP_FROM_ID: EntityType = EntityType {
    name: "IdMapFromId",
    keys: &["FromId"],
    properties: &[req("FromId")],
    navigations: &[many("ToIds", "IdMapToIds")],
    has_stream: false,
};

const ID_MAP_DETAILS: [Property; 4] =
    [opt("Mapper"), Property::new("ExpirationTime", EdmType::DateTimeOffset), opt("Qualifier"), opt("Context")];

/// `IdMapFromId2`: a source id with its mapping details.
pub static ID_MAP_FROM_ID2: EntityType = EntityType {
    name: "IdMapFromId2",
    keys: &["FromId"],
    properties: &[
        req("FromId"),
        opt("ToId2"),
        ID_MAP_DETAILS[0],
        ID_MAP_DETAILS[1],
        ID_MAP_DETAILS[2],
        ID_MAP_DETAILS[3],
    ],
    navigations: &[Navigation { name: "ToId", target_set: "IdMapToIds", multiplicity: Multiplicity::One }],
    has_stream: false,
};

/// `IdMapToId`: a target id of the ID mapper.
pub static ID_MAP_TO_ID: EntityType = EntityType {
    name: "IdMapToId",
    keys: &["ToId"],
    properties: &[
        req("ToId"),
        opt("FromId_"),
        ID_MAP_DETAILS[0],
        ID_MAP_DETAILS[1],
        ID_MAP_DETAILS[2],
        ID_MAP_DETAILS[3],
    ],
    navigations: &[
        Navigation { name: "FromId", target_set: "IdMapFromIds", multiplicity: Multiplicity::One },
        many("FromId2s", "IdMapFromId2s"),
    ],
    has_stream: false,
};

/// `IdempotentRepositoryEntry`.
pub static IDEMPOTENT_REPOSITORY_ENTRY: EntityType = EntityType {
    name: "IdempotentRepositoryEntry",
    keys: &["HexSource", "HexEntry"],
    properties: &[
        req("HexSource"),
        req("HexEntry"),
        opt("Source"),
        opt("Entry"),
        opt("Component"),
        int64("CreationTime"),
        int64("ExpirationTime"),
    ],
    navigations: &[],
    has_stream: false,
};

/// `GenericIdempotentRepositoryEntry`.
pub static GENERIC_IDEMPOTENT_REPOSITORY_ENTRY: EntityType = EntityType {
    name: "GenericIdempotentRepositoryEntry",
    keys: &["HexVendor", "HexSource", "HexEntry", "HexComponent"],
    properties: &[
        req("HexVendor"),
        req("HexSource"),
        req("HexEntry"),
        req("HexComponent"),
        opt("Source"),
        opt("Entry"),
        opt("Component"),
        opt("Vendor"),
        int64("CreationTime"),
        int64("ExpirationTime"),
    ],
    navigations: &[],
    has_stream: false,
};

/// `ArchivingKeyPerformanceIndicators`: figures of one archiving run.
pub static ARCHIVING_KEY_PERFORMANCE_INDICATORS_TYPE: EntityType = EntityType {
    name: "ArchivingKeyPerformanceIndicators",
    keys: &["RunStart"],
    properties: &[
        Property::required("RunStart", EdmType::DateTime),
        int32("RunDurationInMinutes"),
        int32("DataCollectionDurationInMinutes"),
        int32("DataCompressionDurationInMinutes"),
        int32("DataUploadDurationInMinutes"),
        int32("MplsToBeArchived"),
        int32("MplsArchived"),
        int32("MplsArchivingFailed"),
        datetime("MplsArchivedUntilDate"),
        datetime("DateOfOldestMplToBeArchivedAfterRun"),
        int32("DataUploadedInMb"),
        opt("RunStatus"),
        opt("RunFailedPhase"),
    ],
    navigations: &[],
    has_stream: false,
};

/// `ArchivingConfiguration`.
pub static ARCHIVING_CONFIGURATION: EntityType = EntityType {
    name: "ArchivingConfiguration",
    keys: &["Id"],
    properties: &[req("Id"), Property::required("Active", EdmType::Boolean)],
    navigations: &[],
    has_stream: false,
};

/// `ExternalLoggingActivationStatus`.
pub static EXTERNAL_LOGGING_ACTIVATION_STATUS_TYPE: EntityType = EntityType {
    name: "ExternalLoggingActivationStatus",
    keys: &["Id"],
    properties: &[req("Id"), boolean("Active")],
    navigations: &[],
    has_stream: false,
};
