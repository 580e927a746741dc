-- The Partner Directory: string and binary parameters, alternative partner ids and authorized
-- users. There is no table of partners: a partner exists while an entry names its id.

CREATE TABLE partner_string_parameters (
    subaccount_id      TEXT    NOT NULL REFERENCES subaccounts (id) ON DELETE CASCADE,
    pid                TEXT    NOT NULL,
    id                 TEXT    NOT NULL,
    value              TEXT    NOT NULL,
    created_by         TEXT    NOT NULL,
    created_time       INTEGER NOT NULL,
    last_modified_by   TEXT    NOT NULL,
    last_modified_time INTEGER NOT NULL,
    PRIMARY KEY (subaccount_id, pid, id)
);

-- Values stay in the row: every list of binary parameters carries them (at most 256 KiB each).
CREATE TABLE partner_binary_parameters (
    subaccount_id      TEXT    NOT NULL REFERENCES subaccounts (id) ON DELETE CASCADE,
    pid                TEXT    NOT NULL,
    id                 TEXT    NOT NULL,
    content_type       TEXT    NOT NULL,
    value              BLOB    NOT NULL,
    created_by         TEXT    NOT NULL,
    created_time       INTEGER NOT NULL,
    last_modified_by   TEXT    NOT NULL,
    last_modified_time INTEGER NOT NULL,
    PRIMARY KEY (subaccount_id, pid, id)
);

-- Keyed by the uppercase hex of agency, scheme and id; (agency, scheme, pid) is unique too, so
-- that a partner's id in a scheme can be looked up.
CREATE TABLE partner_alternative_partners (
    subaccount_id      TEXT    NOT NULL REFERENCES subaccounts (id) ON DELETE CASCADE,
    hexagency          TEXT    NOT NULL,
    hexscheme          TEXT    NOT NULL,
    hexid              TEXT    NOT NULL,
    agency             TEXT    NOT NULL,
    scheme             TEXT    NOT NULL,
    id                 TEXT    NOT NULL,
    pid                TEXT    NOT NULL,
    created_by         TEXT    NOT NULL,
    created_time       INTEGER NOT NULL,
    last_modified_by   TEXT    NOT NULL,
    last_modified_time INTEGER NOT NULL,
    PRIMARY KEY (subaccount_id, hexagency, hexscheme, hexid),
    UNIQUE (subaccount_id, agency, scheme, pid)
);
CREATE INDEX partner_alternative_partners_by_pid ON partner_alternative_partners (subaccount_id, pid);

CREATE TABLE partner_authorized_users (
    subaccount_id      TEXT    NOT NULL REFERENCES subaccounts (id) ON DELETE CASCADE,
    user_name          TEXT    NOT NULL,
    pid                TEXT    NOT NULL,
    created_by         TEXT    NOT NULL,
    created_time       INTEGER NOT NULL,
    last_modified_by   TEXT    NOT NULL,
    last_modified_time INTEGER NOT NULL,
    PRIMARY KEY (subaccount_id, user_name)
);
CREATE INDEX partner_authorized_users_by_pid ON partner_authorized_users (subaccount_id, pid);
