-- Signed-in sessions of the cockpit web UI, by SHA-256 of the cookie's token (the token itself
-- is never stored). A session ends with its user.
CREATE TABLE cockpit_sessions (
    token_hash    TEXT    NOT NULL PRIMARY KEY,
    subaccount_id TEXT    NOT NULL,
    user_id       TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    FOREIGN KEY (subaccount_id, user_id)
        REFERENCES users (subaccount_id, id) ON DELETE CASCADE
);
CREATE INDEX cockpit_sessions_by_expiry ON cockpit_sessions (expires_at);
CREATE INDEX cockpit_sessions_by_user ON cockpit_sessions (subaccount_id, user_id);
