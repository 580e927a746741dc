-- Message processing logs (MPLs), built for volume: millions of rows, written in batches,
-- listed newest first, filtered by status, artifact, time and ids, purged by age.
--
-- * Logs carry a small subaccount number instead of the 36-character id, so rows and every index
--   entry stay short.
-- * Children are keyed by the log's INTEGER rowid and go with it (ON DELETE CASCADE).
-- * Attachment payloads live in their own table: listing attachments never reads blobs.
-- * Times are unix milliseconds.
--
-- Query plans (checked by `monitoring::plans` tests in cpi-store-sqlite; `?1` is the subaccount
-- number subquery):
--   WHERE subaccount = ?1 AND status = 'FAILED' AND log_end > X ORDER BY log_end DESC, id DESC LIMIT 101
--     SEARCH m USING INDEX mpl_by_status (subaccount=? AND status=? AND log_end>?)
--   … AND artifact_id = 'Y' (same filter and order)
--     SEARCH m USING INDEX mpl_by_artifact_status (subaccount=? AND artifact_id=? AND status=? AND log_end>?)
--   SELECT COUNT(*) of both: the same searches, USING COVERING INDEX
--   WHERE subaccount = ?1 ORDER BY log_end DESC, id DESC LIMIT 101 OFFSET 49000
--     SEARCH m USING INDEX mpl_by_end (subaccount=?)
-- none of them with a temporary b-tree for ORDER BY.

CREATE TABLE mpl_subaccounts (
    number        INTEGER PRIMARY KEY,
    subaccount_id TEXT    NOT NULL UNIQUE REFERENCES subaccounts (id) ON DELETE CASCADE
);

CREATE TABLE message_processing_logs (
    id                       INTEGER PRIMARY KEY,
    subaccount               INTEGER NOT NULL REFERENCES mpl_subaccounts (number) ON DELETE CASCADE,
    message_guid             TEXT    NOT NULL,
    correlation_id           TEXT,
    application_message_id   TEXT,
    predecessor_message_guid TEXT,
    application_message_type TEXT,
    log_start                INTEGER NOT NULL,
    log_end                  INTEGER,
    sender                   TEXT,
    receiver                 TEXT,
    status                   TEXT    NOT NULL,
    alternate_web_link       TEXT,
    log_level                TEXT,
    custom_status            TEXT,
    archiving_status         TEXT,
    transaction_id           TEXT,
    previous_component_name  TEXT,
    local_component_name     TEXT,
    origin_component_name    TEXT,
    artifact_id              TEXT    NOT NULL,
    artifact_name            TEXT    NOT NULL,
    artifact_type            TEXT    NOT NULL,
    package_id               TEXT,
    package_name             TEXT
);
-- The key, and the guid lookups of children (`MessageProcessingLogs('G')/Attachments`).
CREATE UNIQUE INDEX mpl_by_guid ON message_processing_logs (subaccount, message_guid);
-- Newest first (the default order), time ranges, and the age purge per subaccount. Every
-- index ends with the rowid implicitly, which is the order's tie-breaker.
CREATE INDEX mpl_by_end ON message_processing_logs (subaccount, log_end);
CREATE INDEX mpl_by_status ON message_processing_logs (subaccount, status, log_end);
CREATE INDEX mpl_by_artifact ON message_processing_logs (subaccount, artifact_id, log_end);
CREATE INDEX mpl_by_artifact_status ON message_processing_logs (subaccount, artifact_id, status, log_end);
CREATE INDEX mpl_by_correlation ON message_processing_logs (subaccount, correlation_id)
    WHERE correlation_id IS NOT NULL;
CREATE INDEX mpl_by_application_id ON message_processing_logs (subaccount, application_message_id)
    WHERE application_message_id IS NOT NULL;

CREATE TABLE mpl_attachments (
    id            INTEGER PRIMARY KEY,
    mpl           INTEGER NOT NULL REFERENCES message_processing_logs (id) ON DELETE CASCADE,
    subaccount    INTEGER NOT NULL,
    attachment_id TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    content_type  TEXT    NOT NULL,
    time_stamp    INTEGER NOT NULL,
    payload_size  INTEGER NOT NULL
);
CREATE UNIQUE INDEX mpl_attachments_by_id ON mpl_attachments (subaccount, attachment_id);
CREATE INDEX mpl_attachments_of_log ON mpl_attachments (mpl);

CREATE TABLE mpl_attachment_payloads (
    attachment INTEGER PRIMARY KEY REFERENCES mpl_attachments (id) ON DELETE CASCADE,
    payload    BLOB    NOT NULL
);

-- The `Id` SAP shows for a custom header property or adapter attribute is the rowid.
CREATE TABLE mpl_custom_headers (
    id    INTEGER PRIMARY KEY,
    mpl   INTEGER NOT NULL REFERENCES message_processing_logs (id) ON DELETE CASCADE,
    name  TEXT    NOT NULL,
    value TEXT    NOT NULL
);
-- The children of a log, and `filterCustomHeaderProperties` (an EXISTS per pair) without
-- touching the table.
CREATE INDEX mpl_custom_headers_of_log ON mpl_custom_headers (mpl, name, value);

CREATE TABLE mpl_adapter_attributes (
    id                 INTEGER PRIMARY KEY,
    mpl                INTEGER NOT NULL REFERENCES message_processing_logs (id) ON DELETE CASCADE,
    adapter_id         TEXT    NOT NULL,
    adapter_message_id TEXT,
    name               TEXT    NOT NULL,
    value              TEXT    NOT NULL
);
CREATE INDEX mpl_adapter_attributes_of_log ON mpl_adapter_attributes (mpl);

-- At most one error per log.
CREATE TABLE mpl_errors (
    mpl                      INTEGER PRIMARY KEY REFERENCES message_processing_logs (id) ON DELETE CASCADE,
    type                     TEXT    NOT NULL,
    last_error_model_step_id TEXT,
    text                     TEXT    NOT NULL
);

CREATE TABLE mpl_runs (
    id            INTEGER PRIMARY KEY,
    mpl           INTEGER NOT NULL REFERENCES message_processing_logs (id) ON DELETE CASCADE,
    run_id        TEXT    NOT NULL,
    run_start     INTEGER NOT NULL,
    run_stop      INTEGER,
    log_level     TEXT,
    overall_state TEXT,
    process_id    TEXT
);
CREATE INDEX mpl_runs_of_log ON mpl_runs (mpl);
