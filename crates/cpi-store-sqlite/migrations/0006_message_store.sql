-- What integration flows keep at runtime: persisted messages with their properties and
-- attachments, data store entries, variables, number ranges and the JMS broker's limits.
-- Payloads live in tables of their own, apart from the rows that lists read.

CREATE TABLE message_store_entries (
    subaccount_id    TEXT    NOT NULL REFERENCES subaccounts (id) ON DELETE CASCADE,
    id               TEXT    NOT NULL,
    message_guid     TEXT    NOT NULL,
    message_store_id TEXT    NOT NULL,
    time_stamp       INTEGER NOT NULL,
    has_attachments  INTEGER NOT NULL,
    retain_until     INTEGER NOT NULL,
    PRIMARY KEY (subaccount_id, id)
);
CREATE INDEX message_store_entries_by_message ON message_store_entries (subaccount_id, message_guid, time_stamp);
CREATE INDEX message_store_entries_by_retention ON message_store_entries (retain_until);

CREATE TABLE message_store_payloads (
    subaccount_id TEXT NOT NULL,
    entry_id      TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    payload       BLOB NOT NULL,
    PRIMARY KEY (subaccount_id, entry_id),
    FOREIGN KEY (subaccount_id, entry_id) REFERENCES message_store_entries (subaccount_id, id) ON DELETE CASCADE
);

CREATE TABLE message_store_entry_properties (
    subaccount_id TEXT    NOT NULL,
    entry_id      TEXT    NOT NULL,
    position      INTEGER NOT NULL,
    name          TEXT    NOT NULL,
    value         TEXT    NOT NULL,
    PRIMARY KEY (subaccount_id, entry_id, name),
    FOREIGN KEY (subaccount_id, entry_id) REFERENCES message_store_entries (subaccount_id, id) ON DELETE CASCADE
);

CREATE TABLE message_store_attachments (
    subaccount_id TEXT    NOT NULL,
    id            TEXT    NOT NULL,
    entry_id      TEXT    NOT NULL,
    position      INTEGER NOT NULL,
    name          TEXT    NOT NULL,
    content_type  TEXT    NOT NULL,
    PRIMARY KEY (subaccount_id, id),
    FOREIGN KEY (subaccount_id, entry_id) REFERENCES message_store_entries (subaccount_id, id) ON DELETE CASCADE
);
CREATE INDEX message_store_attachments_by_entry ON message_store_attachments (subaccount_id, entry_id, position);

CREATE TABLE message_store_attachment_contents (
    subaccount_id TEXT NOT NULL,
    attachment_id TEXT NOT NULL,
    content       BLOB NOT NULL,
    PRIMARY KEY (subaccount_id, attachment_id),
    FOREIGN KEY (subaccount_id, attachment_id) REFERENCES message_store_attachments (subaccount_id, id) ON DELETE CASCADE
);

CREATE TABLE message_store_attachment_properties (
    subaccount_id TEXT    NOT NULL,
    attachment_id TEXT    NOT NULL,
    position      INTEGER NOT NULL,
    name          TEXT    NOT NULL,
    value         TEXT    NOT NULL,
    PRIMARY KEY (subaccount_id, attachment_id, name),
    FOREIGN KEY (subaccount_id, attachment_id) REFERENCES message_store_attachments (subaccount_id, id) ON DELETE CASCADE
);

-- A data store exists while it holds entries; `DataStores` is grouped from this table.
CREATE TABLE data_store_entries (
    subaccount_id    TEXT    NOT NULL REFERENCES subaccounts (id) ON DELETE CASCADE,
    data_store_name  TEXT    NOT NULL,
    integration_flow TEXT    NOT NULL,
    store_type       TEXT    NOT NULL,
    id               TEXT    NOT NULL,
    visibility       TEXT    NOT NULL CHECK (visibility IN ('Global', 'Integration Flow')),
    status           TEXT    NOT NULL CHECK (status IN ('Waiting', 'Overdue')),
    message_id       TEXT,
    created_at       INTEGER NOT NULL,
    due_at           INTEGER,
    retain_until     INTEGER,
    PRIMARY KEY (subaccount_id, data_store_name, integration_flow, store_type, id)
);
CREATE INDEX data_store_entries_by_message ON data_store_entries (subaccount_id, message_id);
CREATE INDEX data_store_entries_by_retention ON data_store_entries (retain_until);
CREATE INDEX data_store_entries_by_due ON data_store_entries (status, due_at);

-- The message of an entry: its body and its headers (a JSON array of [name, value] pairs).
CREATE TABLE data_store_messages (
    subaccount_id    TEXT NOT NULL,
    data_store_name  TEXT NOT NULL,
    integration_flow TEXT NOT NULL,
    store_type       TEXT NOT NULL,
    id               TEXT NOT NULL,
    body             BLOB NOT NULL,
    headers          TEXT NOT NULL,
    PRIMARY KEY (subaccount_id, data_store_name, integration_flow, store_type, id),
    FOREIGN KEY (subaccount_id, data_store_name, integration_flow, store_type, id)
        REFERENCES data_store_entries (subaccount_id, data_store_name, integration_flow, store_type, id)
        ON DELETE CASCADE
);

CREATE TABLE variables (
    subaccount_id    TEXT    NOT NULL REFERENCES subaccounts (id) ON DELETE CASCADE,
    variable_name    TEXT    NOT NULL,
    integration_flow TEXT    NOT NULL,
    visibility       TEXT    NOT NULL CHECK (visibility IN ('Global', 'Integration Flow')),
    updated_at       INTEGER NOT NULL,
    retain_until     INTEGER,
    PRIMARY KEY (subaccount_id, variable_name, integration_flow)
);
CREATE INDEX variables_by_retention ON variables (retain_until);

CREATE TABLE variable_values (
    subaccount_id    TEXT NOT NULL,
    variable_name    TEXT NOT NULL,
    integration_flow TEXT NOT NULL,
    value            TEXT NOT NULL,
    PRIMARY KEY (subaccount_id, variable_name, integration_flow),
    FOREIGN KEY (subaccount_id, variable_name, integration_flow)
        REFERENCES variables (subaccount_id, variable_name, integration_flow) ON DELETE CASCADE
);

CREATE TABLE number_ranges (
    subaccount_id TEXT    NOT NULL REFERENCES subaccounts (id) ON DELETE CASCADE,
    name          TEXT    NOT NULL,
    description   TEXT    NOT NULL,
    min_value     INTEGER NOT NULL,
    max_value     INTEGER NOT NULL,
    current_value INTEGER NOT NULL,
    rotate        INTEGER NOT NULL,
    field_length  INTEGER NOT NULL,
    deployed_by   TEXT    NOT NULL,
    deployed_on   INTEGER NOT NULL,
    PRIMARY KEY (subaccount_id, name)
);

-- Limits set for a tenant's JMS broker; without a row, a tenant has SAP's example limits
-- (`JmsBrokerLimits::default()`: 9751756800 bytes, 30 queues).
CREATE TABLE jms_broker_limits (
    subaccount_id TEXT    NOT NULL PRIMARY KEY REFERENCES subaccounts (id) ON DELETE CASCADE,
    max_capacity  INTEGER NOT NULL,
    max_queues    INTEGER NOT NULL
);

-- Every tenant's one broker (`JmsBrokers('Broker1')`) with its limits.
CREATE VIEW jms_brokers AS
SELECT s.id                                   AS subaccount_id,
       'Broker1'                              AS broker_key,
       COALESCE(l.max_capacity, 9751756800)   AS max_capacity,
       COALESCE(l.max_queues, 30)             AS max_queues
FROM subaccounts s
LEFT JOIN jms_broker_limits l ON l.subaccount_id = s.id;
