-- The initial schema of cpi's SQLite store.
-- Ids are lowercase hyphenated UUID text; times are INTEGER unix milliseconds (UTC).

CREATE TABLE subaccounts (
    id                 TEXT    NOT NULL PRIMARY KEY,
    subdomain          TEXT    NOT NULL UNIQUE,
    api_app_number     INTEGER NOT NULL,
    runtime_app_number INTEGER NOT NULL,
    created_at         INTEGER NOT NULL
);
CREATE INDEX subaccounts_by_age ON subaccounts (created_at);

CREATE TABLE instances (
    id            TEXT    NOT NULL PRIMARY KEY,
    subaccount_id TEXT    NOT NULL REFERENCES subaccounts (id) ON DELETE CASCADE,
    name          TEXT    NOT NULL,
    plan          TEXT    NOT NULL CHECK (plan IN ('api', 'integration-flow')),
    -- InstanceParameters as SAP's kebab-case JSON object.
    parameters    TEXT    NOT NULL,
    client_id     TEXT    NOT NULL UNIQUE,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    UNIQUE (subaccount_id, name),
    UNIQUE (subaccount_id, id)
);
CREATE INDEX instances_by_age ON instances (subaccount_id, created_at);

CREATE TABLE service_keys (
    id            TEXT    NOT NULL PRIMARY KEY,
    instance_id   TEXT    NOT NULL,
    subaccount_id TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    secret_salt   BLOB    NOT NULL,
    created_at    INTEGER NOT NULL,
    UNIQUE (instance_id, name),
    FOREIGN KEY (subaccount_id, instance_id)
        REFERENCES instances (subaccount_id, id) ON DELETE CASCADE
);
CREATE INDEX service_keys_by_age ON service_keys (subaccount_id, created_at);
CREATE INDEX service_keys_by_instance ON service_keys (subaccount_id, instance_id, created_at);

CREATE TABLE users (
    id               TEXT    NOT NULL PRIMARY KEY,
    subaccount_id    TEXT    NOT NULL REFERENCES subaccounts (id) ON DELETE CASCADE,
    username         TEXT    NOT NULL,
    email            TEXT    NOT NULL,
    password_hash    TEXT    NOT NULL,
    -- Role collection names, comma-separated, in the order given.
    role_collections TEXT    NOT NULL,
    created_at       INTEGER NOT NULL,
    UNIQUE (subaccount_id, username),
    UNIQUE (subaccount_id, id)
);

CREATE TABLE signing_keys (
    kid               TEXT    NOT NULL PRIMARY KEY,
    subaccount_id     TEXT    NOT NULL REFERENCES subaccounts (id) ON DELETE CASCADE,
    private_key_pkcs8 BLOB    NOT NULL,
    created_at        INTEGER NOT NULL,
    retired_at        INTEGER
);
CREATE INDEX signing_keys_by_age ON signing_keys (subaccount_id, created_at);

CREATE TABLE control_clients (
    client_id     TEXT    NOT NULL PRIMARY KEY,
    subaccount_id TEXT    NOT NULL REFERENCES subaccounts (id) ON DELETE CASCADE,
    secret_salt   BLOB    NOT NULL,
    created_at    INTEGER NOT NULL
);
CREATE INDEX control_clients_by_subaccount ON control_clients (subaccount_id);

-- Refresh tokens die with their client (instance) and their user.
CREATE TABLE refresh_tokens (
    token_hash    TEXT    NOT NULL PRIMARY KEY,
    subaccount_id TEXT    NOT NULL,
    instance_id   TEXT    NOT NULL,
    user_id       TEXT    NOT NULL,
    expires_at    INTEGER NOT NULL,
    FOREIGN KEY (subaccount_id, instance_id)
        REFERENCES instances (subaccount_id, id) ON DELETE CASCADE,
    FOREIGN KEY (subaccount_id, user_id)
        REFERENCES users (subaccount_id, id) ON DELETE CASCADE
);
CREATE INDEX refresh_tokens_by_expiry ON refresh_tokens (expires_at);
CREATE INDEX refresh_tokens_by_instance ON refresh_tokens (subaccount_id, instance_id);
CREATE INDEX refresh_tokens_by_user ON refresh_tokens (subaccount_id, user_id);

CREATE TABLE packages (
    subaccount_id      TEXT    NOT NULL REFERENCES subaccounts (id) ON DELETE CASCADE,
    id                 TEXT    NOT NULL,
    name               TEXT    NOT NULL,
    resource_id        TEXT    NOT NULL,
    description        TEXT    NOT NULL,
    short_text         TEXT    NOT NULL,
    version            TEXT    NOT NULL,
    vendor             TEXT    NOT NULL,
    partner_content    INTEGER NOT NULL CHECK (partner_content IN (0, 1)),
    update_available   INTEGER NOT NULL CHECK (update_available IN (0, 1)),
    mode               TEXT    NOT NULL,
    supported_platform TEXT    NOT NULL,
    created_by         TEXT    NOT NULL,
    modified_by        TEXT    NOT NULL,
    creation_date      INTEGER NOT NULL,
    modified_date      INTEGER NOT NULL,
    products           TEXT    NOT NULL,
    keywords           TEXT    NOT NULL,
    countries          TEXT    NOT NULL,
    industries         TEXT    NOT NULL,
    line_of_business   TEXT    NOT NULL,
    PRIMARY KEY (subaccount_id, id)
);
