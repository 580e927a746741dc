-- Design-time artifacts with their bundles, the index rows of their configurations and
-- resources, deployments, runtime artifacts and their entry points.

CREATE TABLE artifacts (
    subaccount_id TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    id            TEXT    NOT NULL,
    version       TEXT    NOT NULL,
    package_id    TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    description   TEXT    NOT NULL,
    sender        TEXT    NOT NULL,
    receiver      TEXT    NOT NULL,
    created_by    TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    modified_by   TEXT    NOT NULL,
    modified_at   INTEGER NOT NULL,
    -- Goes up by one on every replace (optimistic concurrency of read-modify-write).
    revision      INTEGER NOT NULL,
    PRIMARY KEY (subaccount_id, kind, id),
    FOREIGN KEY (subaccount_id, package_id) REFERENCES packages (subaccount_id, id) ON DELETE CASCADE
);
CREATE INDEX artifacts_by_package ON artifacts (subaccount_id, package_id, kind, id);

-- Bundles apart from the rows that lists read.
CREATE TABLE artifact_bundles (
    subaccount_id TEXT NOT NULL,
    kind          TEXT NOT NULL,
    id            TEXT NOT NULL,
    bundle        BLOB NOT NULL,
    PRIMARY KEY (subaccount_id, kind, id),
    FOREIGN KEY (subaccount_id, kind, id) REFERENCES artifacts (subaccount_id, kind, id) ON DELETE CASCADE
);

CREATE TABLE artifact_configurations (
    subaccount_id TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    artifact_id   TEXT    NOT NULL,
    position      INTEGER NOT NULL,
    key           TEXT    NOT NULL,
    value         TEXT    NOT NULL,
    data_type     TEXT    NOT NULL,
    description   TEXT    NOT NULL,
    PRIMARY KEY (subaccount_id, kind, artifact_id, key),
    FOREIGN KEY (subaccount_id, kind, artifact_id) REFERENCES artifacts (subaccount_id, kind, id) ON DELETE CASCADE
);

CREATE TABLE artifact_resources (
    subaccount_id            TEXT    NOT NULL,
    kind                     TEXT    NOT NULL,
    artifact_id              TEXT    NOT NULL,
    name                     TEXT    NOT NULL,
    resource_type            TEXT    NOT NULL,
    referenced_resource_type TEXT,
    size                     INTEGER NOT NULL,
    PRIMARY KEY (subaccount_id, kind, artifact_id, name, resource_type),
    FOREIGN KEY (subaccount_id, kind, artifact_id) REFERENCES artifacts (subaccount_id, kind, id) ON DELETE CASCADE
);

CREATE TABLE runtime_artifacts (
    subaccount_id TEXT    NOT NULL REFERENCES subaccounts (id) ON DELETE CASCADE,
    id            TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    version       TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    deployed_by   TEXT    NOT NULL,
    deployed_on   INTEGER NOT NULL,
    status        TEXT    NOT NULL CHECK (status IN ('STARTING', 'STARTED', 'ERROR')),
    error         TEXT,
    PRIMARY KEY (subaccount_id, id)
);

-- The bundle a runtime artifact runs: a snapshot taken at deployment.
CREATE TABLE runtime_bundles (
    subaccount_id TEXT NOT NULL,
    id            TEXT NOT NULL,
    bundle        BLOB NOT NULL,
    PRIMARY KEY (subaccount_id, id),
    FOREIGN KEY (subaccount_id, id) REFERENCES runtime_artifacts (subaccount_id, id) ON DELETE CASCADE
);

CREATE TABLE deploy_tasks (
    subaccount_id TEXT    NOT NULL REFERENCES subaccounts (id) ON DELETE CASCADE,
    task_id       TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    artifact_id   TEXT    NOT NULL,
    version       TEXT    NOT NULL,
    status        TEXT    NOT NULL CHECK (status IN ('DEPLOYING', 'SUCCESS', 'FAIL')),
    deployed_by   TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (subaccount_id, task_id)
);
CREATE INDEX deploy_tasks_pending ON deploy_tasks (status, created_at);

CREATE TABLE service_endpoints (
    subaccount_id TEXT    NOT NULL,
    artifact_id   TEXT    NOT NULL,
    address       TEXT    NOT NULL,
    endpoint_id   TEXT    NOT NULL,
    title         TEXT    NOT NULL,
    version       TEXT    NOT NULL,
    protocol      TEXT    NOT NULL,
    url           TEXT    NOT NULL,
    last_updated  INTEGER NOT NULL,
    PRIMARY KEY (subaccount_id, artifact_id, address),
    FOREIGN KEY (subaccount_id, artifact_id) REFERENCES runtime_artifacts (subaccount_id, id) ON DELETE CASCADE
);

-- Custom tag values of packages (`IntegrationPackages('P')/CustomTags`).
CREATE TABLE package_custom_tags (
    subaccount_id TEXT NOT NULL,
    package_id    TEXT NOT NULL,
    name          TEXT NOT NULL,
    value         TEXT NOT NULL,
    PRIMARY KEY (subaccount_id, package_id, name),
    FOREIGN KEY (subaccount_id, package_id) REFERENCES packages (subaccount_id, id) ON DELETE CASCADE
);
