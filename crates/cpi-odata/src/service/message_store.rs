//! Runtime resources of the MessageStore service beyond message store entries: the JMS broker,
//! number ranges; and the LogFiles service. Neither has a published `$metadata`, except
//! LogFiles; the others follow SAP's API specification.

use super::{opt, req};
use crate::model::{EdmType, EntityType, Property};

const fn int64(name: &'static str) -> Property {
    Property::new(name, EdmType::Int64)
}

const fn int32(name: &'static str) -> Property {
    Property::new(name, EdmType::Int32)
}

/// `JmsBroker`: capacity figures of the tenant's message broker (`JmsBrokers('Broker1')`).
pub static JMS_BROKER: EntityType = EntityType {
    name: "JmsBroker",
    keys: &["Key"],
    properties: &[
        req("Key"),
        int64("Capacity"),
        int64("MaxCapacity"),
        int32("IsTransactedSessionsHigh"),
        int32("IsConsumersHigh"),
        int32("IsProducersHigh"),
        int64("MaxQueueNumber"),
        int64("QueueNumber"),
        int64("CapacityOk"),
        int64("CapacityWarning"),
        int64("CapacityError"),
    ],
    navigations: &[],
    has_stream: false,
};

/// `NumberRanges`: a number range object flows draw numbers from.
pub static NUMBER_RANGE: EntityType = EntityType {
    name: "NumberRanges",
    keys: &["Name"],
    properties: &[
        req("Name"),
        opt("Description"),
        opt("MaxValue"),
        opt("MinValue"),
        opt("Rotate"),
        opt("CurrentValue"),
        opt("FieldLength"),
        opt("DeployedBy"),
        Property::new("DeployedOn", EdmType::DateTime),
    ],
    navigations: &[],
    has_stream: false,
};

/// `LogFileArchive`: a zip of the log files of one type (`$value`).
pub static LOG_FILE_ARCHIVE: EntityType = EntityType {
    name: "LogFileArchive",
    keys: &["Scope", "LogFileType", "NodeScope"],
    properties: &[req("Scope"), req("LogFileType"), req("NodeScope"), opt("ContentType")],
    navigations: &[],
    has_stream: true,
};

/// `LogFile`: one log file of the server (`$value`).
pub static LOG_FILE: EntityType = EntityType {
    name: "LogFile",
    keys: &["Name", "Application"],
    properties: &[
        req("Name"),
        req("Application"),
        Property::new("LastModified", EdmType::DateTimeOffset),
        opt("ContentType"),
        opt("LogFileType"),
        opt("NodeScope"),
        int64("Size"),
    ],
    navigations: &[],
    has_stream: true,
};
