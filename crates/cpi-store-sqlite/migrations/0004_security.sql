-- Security content: credentials, keystore entries, certificate-to-user mappings, access
-- policies with their artifact references, and the partner directory's user credentials.
-- Secret values (passwords, secure parameters, client secrets) are stored only as `*_ciphertext`
-- blobs sealed by the server (AES-256-GCM, bound to subaccount, entity set and name).

CREATE TABLE user_credentials (
    subaccount_id       TEXT    NOT NULL REFERENCES subaccounts (id) ON DELETE CASCADE,
    name                TEXT    NOT NULL,
    kind                TEXT    NOT NULL CHECK (kind IN ('default', 'successfactors', 'openconnectors')),
    description         TEXT,
    user_name           TEXT,
    password_ciphertext BLOB,
    company_id          TEXT,
    deployed_by         TEXT    NOT NULL,
    deployed_on         INTEGER NOT NULL,
    PRIMARY KEY (subaccount_id, name)
);

CREATE TABLE secure_parameters (
    subaccount_id    TEXT    NOT NULL REFERENCES subaccounts (id) ON DELETE CASCADE,
    name             TEXT    NOT NULL,
    description      TEXT,
    value_ciphertext BLOB    NOT NULL,
    deployed_by      TEXT    NOT NULL,
    deployed_on      INTEGER NOT NULL,
    PRIMARY KEY (subaccount_id, name)
);

CREATE TABLE oauth2_client_credentials (
    subaccount_id            TEXT    NOT NULL REFERENCES subaccounts (id) ON DELETE CASCADE,
    name                     TEXT    NOT NULL,
    description              TEXT,
    token_service_url        TEXT,
    client_id                TEXT,
    client_secret_ciphertext BLOB,
    client_authentication    TEXT,
    scope                    TEXT,
    scope_content_type       TEXT,
    resource                 TEXT,
    audience                 TEXT,
    -- CustomParameters of the create request, a JSON array (not part of the entity type).
    custom_parameters        TEXT,
    deployed_by              TEXT    NOT NULL,
    deployed_on              INTEGER NOT NULL,
    PRIMARY KEY (subaccount_id, name)
);

-- Entries of the tenant's keystores; certificates are public (DER, not encrypted).
CREATE TABLE keystore_entries (
    subaccount_id       TEXT    NOT NULL REFERENCES subaccounts (id) ON DELETE CASCADE,
    keystore            TEXT    NOT NULL,
    hexalias            TEXT    NOT NULL,
    alias               TEXT    NOT NULL,
    entry_type          TEXT    NOT NULL,
    owner               TEXT    NOT NULL,
    certificate         BLOB    NOT NULL,
    key_type            TEXT    NOT NULL,
    key_size            INTEGER,
    elliptic_curve      TEXT,
    valid_not_before    INTEGER NOT NULL,
    valid_not_after     INTEGER NOT NULL,
    serial_number       TEXT    NOT NULL,
    signature_algorithm TEXT    NOT NULL,
    validity            TEXT,
    subject_dn          TEXT    NOT NULL,
    issuer_dn           TEXT    NOT NULL,
    version             INTEGER NOT NULL,
    fingerprint_sha1    TEXT    NOT NULL,
    fingerprint_sha256  TEXT    NOT NULL,
    fingerprint_sha512  TEXT    NOT NULL,
    status              TEXT    NOT NULL,
    created_by          TEXT    NOT NULL,
    created_time        INTEGER NOT NULL,
    last_modified_by    TEXT    NOT NULL,
    last_modified_time  INTEGER NOT NULL,
    PRIMARY KEY (subaccount_id, keystore, hexalias)
);

-- The keystores every tenant has: the tenant keystore, its backup and the key renewal keystore.
CREATE VIEW keystores AS
    SELECT s.id AS subaccount_id, n.name AS name
    FROM subaccounts s
    CROSS JOIN (SELECT 'system' AS name UNION ALL SELECT 'backup_admin_system' UNION ALL SELECT 'KeyRenewal') n;

CREATE TABLE certificate_user_mappings (
    subaccount_id      TEXT    NOT NULL REFERENCES subaccounts (id) ON DELETE CASCADE,
    id                 TEXT    NOT NULL,
    user_name          TEXT    NOT NULL,
    certificate        BLOB    NOT NULL,
    fingerprint        TEXT    NOT NULL,
    valid_until        INTEGER NOT NULL,
    created_by         TEXT    NOT NULL,
    created_time       INTEGER NOT NULL,
    last_modified_by   TEXT    NOT NULL,
    last_modified_time INTEGER NOT NULL,
    PRIMARY KEY (subaccount_id, id),
    UNIQUE (subaccount_id, fingerprint)
);

-- Numeric ids assigned here (SAP's keys are unquoted numbers: `AccessPolicies(101)`).
CREATE TABLE access_policies (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    subaccount_id TEXT    NOT NULL REFERENCES subaccounts (id) ON DELETE CASCADE,
    role_name     TEXT    NOT NULL,
    description   TEXT,
    UNIQUE (subaccount_id, role_name)
);

CREATE TABLE artifact_references (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    subaccount_id       TEXT    NOT NULL,
    policy_id           INTEGER NOT NULL REFERENCES access_policies (id) ON DELETE CASCADE,
    name                TEXT,
    description         TEXT,
    artifact_type       TEXT,
    condition_attribute TEXT,
    condition_value     TEXT,
    condition_type      TEXT
);
CREATE INDEX artifact_references_by_policy ON artifact_references (subaccount_id, policy_id, id);

-- The partner directory's UserCredentialParameters (the Partners listing reads `pid` too).
CREATE TABLE partner_user_credentials (
    subaccount_id       TEXT    NOT NULL REFERENCES subaccounts (id) ON DELETE CASCADE,
    pid                 TEXT    NOT NULL,
    id                  TEXT    NOT NULL,
    user_name           TEXT,
    password_ciphertext BLOB    NOT NULL,
    created_by          TEXT    NOT NULL,
    created_at          INTEGER NOT NULL,
    modified_by         TEXT    NOT NULL,
    modified_at         INTEGER NOT NULL,
    PRIMARY KEY (subaccount_id, pid, id)
);
