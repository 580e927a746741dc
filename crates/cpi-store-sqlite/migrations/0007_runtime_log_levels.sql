-- The log level set per runtime artifact (`NONE`, `INFO`, `DEBUG`, `TRACE`). A table of its own so
-- that redeploying an artifact (an upsert of `runtime_artifacts`) keeps it; it goes with the
-- runtime artifact on undeploy.
CREATE TABLE runtime_log_levels (
    subaccount_id TEXT    NOT NULL,
    id            TEXT    NOT NULL,
    level         TEXT    NOT NULL CHECK (level IN ('NONE', 'INFO', 'DEBUG', 'TRACE')),
    expires_at    INTEGER,
    PRIMARY KEY (subaccount_id, id),
    FOREIGN KEY (subaccount_id, id) REFERENCES runtime_artifacts (subaccount_id, id) ON DELETE CASCADE
);
