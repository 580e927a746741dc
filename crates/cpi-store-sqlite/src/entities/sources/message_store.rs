//! The Message Stores API's sources: persisted messages with their properties and attachments,
//! data stores (grouped from their entries), data store entries, variables, number ranges and
//! the JMS broker.

use cpi_domain::message_store::DataStoreKey;

use super::super::filter::Bind;
use super::SourceSql;

/// A table whose rows may be narrowed to one parent (an entry's properties, a message's entries).
pub(super) struct Narrowable {
    from: &'static str,
    /// The column naming the parent.
    parent: &'static str,
    columns: &'static [(&'static str, &'static str)],
    order: &'static str,
}

pub(super) const ENTRIES: &Narrowable = &Narrowable {
    from: "message_store_entries",
    parent: "message_guid",
    columns: &[
        ("Id", "id"),
        ("MessageGuid", "message_guid"),
        ("MessageStoreId", "message_store_id"),
        ("TimeStamp", "time_stamp"),
        ("HasAttachments", "has_attachments"),
    ],
    order: "time_stamp, id",
};

pub(super) const ENTRY_PROPERTIES: &Narrowable = &Narrowable {
    from: "message_store_entry_properties",
    parent: "entry_id",
    columns: &[("MessageId", "entry_id"), ("Name", "name"), ("Value", "value")],
    order: "entry_id, position",
};

pub(super) const ATTACHMENTS: &Narrowable = &Narrowable {
    from: "message_store_attachments",
    parent: "entry_id",
    columns: &[("Id", "id"), ("Name", "name"), ("ContentType", "content_type")],
    order: "entry_id, position",
};

pub(super) const ATTACHMENT_PROPERTIES: &Narrowable = &Narrowable {
    from: "message_store_attachment_properties",
    parent: "attachment_id",
    columns: &[("AttachmentId", "attachment_id"), ("Name", "name"), ("Value", "value")],
    order: "attachment_id, position",
};

/// The rows of a subaccount, of one parent if given.
pub(super) fn narrowed(sub: Bind, parent: Option<&str>, table: &Narrowable) -> SourceSql {
    let mut scope = "subaccount_id = ?".to_owned();
    let mut scope_binds = vec![sub];
    if let Some(parent) = parent {
        scope.push_str(&format!(" AND {} = ?", table.parent));
        scope_binds.push(Bind::Text(parent.to_owned()));
    }
    SourceSql { from: table.from, scope, scope_binds, columns: table.columns, default_order: table.order }
}

/// One row per data store that holds entries, with its counts.
const DATA_STORES_FROM: &str = "(SELECT subaccount_id, data_store_name, integration_flow, store_type, \
     MIN(visibility) AS visibility, COUNT(*) AS number_of_messages, \
     SUM(status = 'Overdue') AS number_of_overdue_messages \
     FROM data_store_entries GROUP BY subaccount_id, data_store_name, integration_flow, store_type)";

const DATA_STORE: &[(&str, &str)] = &[
    ("DataStoreName", "data_store_name"),
    ("IntegrationFlow", "integration_flow"),
    ("Type", "store_type"),
    ("Visibility", "visibility"),
    ("NumberOfMessages", "number_of_messages"),
    ("NumberOfOverdueMessages", "number_of_overdue_messages"),
];

const DATA_STORE_ORDER: &str = "data_store_name, integration_flow, store_type";

/// `DataStores`, only those with overdue entries if asked.
pub(super) fn data_stores(sub: Bind, overdue_only: bool) -> SourceSql {
    let scope = if overdue_only { "subaccount_id = ? AND number_of_overdue_messages > 0" } else { "subaccount_id = ?" };
    SourceSql {
        from: DATA_STORES_FROM,
        scope: scope.to_owned(),
        scope_binds: vec![sub],
        columns: DATA_STORE,
        default_order: DATA_STORE_ORDER,
    }
}

const DATA_STORE_ENTRY: &[(&str, &str)] = &[
    ("Id", "id"),
    ("DataStoreName", "data_store_name"),
    ("IntegrationFlow", "integration_flow"),
    ("Type", "store_type"),
    ("Status", "status"),
    ("MessageId", "message_id"),
    ("DueAt", "due_at"),
    ("CreatedAt", "created_at"),
    ("RetainUntil", "retain_until"),
];

/// `DataStoreEntries`: of one store, of one message, only overdue ones, as asked.
pub(super) fn data_store_entries(
    sub: Bind,
    store: Option<&DataStoreKey>,
    message: Option<&str>,
    overdue_only: bool,
) -> SourceSql {
    let mut scope = "subaccount_id = ?".to_owned();
    let mut scope_binds = vec![sub];
    if let Some(store) = store {
        scope.push_str(" AND data_store_name = ? AND integration_flow = ? AND store_type = ?");
        for part in [&store.name, &store.integration_flow, &store.store_type] {
            scope_binds.push(Bind::Text(part.clone()));
        }
    }
    if let Some(message) = message {
        scope.push_str(" AND message_id = ?");
        scope_binds.push(Bind::Text(message.to_owned()));
    }
    if overdue_only {
        scope.push_str(" AND status = 'Overdue'");
    }
    SourceSql {
        from: "data_store_entries",
        scope,
        scope_binds,
        columns: DATA_STORE_ENTRY,
        default_order: "data_store_name, integration_flow, store_type, created_at, id",
    }
}

pub(super) const VARIABLE: &[(&str, &str)] = &[
    ("VariableName", "variable_name"),
    ("IntegrationFlow", "integration_flow"),
    ("Visibility", "visibility"),
    ("UpdatedAt", "updated_at"),
    ("RetainUntil", "retain_until"),
];

/// SAP shows number range figures as text padded with zeros to the field length.
pub(super) const NUMBER_RANGE: &[(&str, &str)] = &[
    ("Name", "name"),
    ("Description", "description"),
    ("MaxValue", "printf('%0*d', field_length, max_value)"),
    ("MinValue", "printf('%0*d', field_length, min_value)"),
    ("Rotate", "CASE WHEN rotate THEN 'true' ELSE 'false' END"),
    ("CurrentValue", "printf('%0*d', field_length, current_value)"),
    ("FieldLength", "CAST(field_length AS TEXT)"),
    ("DeployedBy", "deployed_by"),
    ("DeployedOn", "deployed_on"),
];

/// No JMS queues are stored yet: the broker holds nothing, and only its limits are figures.
pub(super) const JMS_BROKER: &[(&str, &str)] = &[
    ("Key", "broker_key"),
    ("Capacity", "0"),
    ("MaxCapacity", "max_capacity"),
    ("IsTransactedSessionsHigh", "0"),
    ("IsConsumersHigh", "0"),
    ("IsProducersHigh", "0"),
    ("MaxQueueNumber", "max_queues"),
    ("QueueNumber", "0"),
    ("CapacityOk", "0"),
    ("CapacityWarning", "0"),
    ("CapacityError", "0"),
];
