-- Throttling hardening (SQLite). Kept in lockstep with
-- migrations/postgres/0004_throttle.sql.
--
-- 1. The shared throttle table gets two more scopes: 'register' (accounts
--    created per client IP) and 'device' (failed logins per remembered-device
--    token). SQLite cannot change a CHECK in place, so the table is rebuilt.
-- 2. app_secret keeps secrets every instance must share, such as the key that
--    signs device cookies (inserted if absent at start-up).

CREATE TABLE login_throttle_new (
    scope              TEXT NOT NULL CHECK (scope IN ('account', 'ip', 'register', 'device')),
    key                TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 320),
    failures           INTEGER NOT NULL CHECK (failures >= 0),
    window_start_ms    INTEGER NOT NULL,
    last_failure_ms    INTEGER NOT NULL,
    PRIMARY KEY (scope, key)
);
INSERT INTO login_throttle_new (scope, key, failures, window_start_ms, last_failure_ms)
    SELECT scope, key, failures, window_start_ms, last_failure_ms FROM login_throttle;
DROP TABLE login_throttle;
ALTER TABLE login_throttle_new RENAME TO login_throttle;
CREATE INDEX login_throttle_last_failure_idx ON login_throttle (last_failure_ms);

CREATE TABLE app_secret (
    name           TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 64),
    value          TEXT NOT NULL CHECK (length(value) >= 32),
    created_at_ms  INTEGER NOT NULL
);
