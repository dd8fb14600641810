-- Login throttling and the customer's own view of their sessions (SQLite).
-- Kept in lockstep with migrations/postgres/0002_security.sql.
-- Times here are Unix milliseconds: compared in SQL, the same in both backends.

CREATE TABLE login_throttle (
    scope              TEXT NOT NULL CHECK (scope IN ('account', 'ip')),
    key                TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 320),
    failures           INTEGER NOT NULL CHECK (failures >= 0),
    window_start_ms    INTEGER NOT NULL,
    last_failure_ms    INTEGER NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE INDEX login_throttle_last_failure_idx ON login_throttle (last_failure_ms);

CREATE TABLE customer_session (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    public_id        TEXT NOT NULL UNIQUE CHECK (length(public_id) = 36),
    -- SHA-256 of the session cookie's id: the table never holds a usable token.
    session_hash     TEXT NOT NULL UNIQUE CHECK (length(session_hash) = 64),
    customer_id      INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    created_at_ms    INTEGER NOT NULL,
    last_seen_at_ms  INTEGER NOT NULL,
    user_agent       TEXT CHECK (user_agent IS NULL OR length(user_agent) <= 512),
    ip               TEXT CHECK (ip IS NULL OR length(ip) <= 45)
);
CREATE INDEX customer_session_customer_idx ON customer_session (customer_id);
