-- Throttling hardening (PostgreSQL). Kept in lockstep with
-- migrations/sqlite/0004_throttle.sql.
--
-- 1. The shared throttle table gets two more scopes: 'register' (accounts
--    created per client IP) and 'device' (failed logins per remembered-device
--    token).
-- 2. app_secret keeps secrets every instance must share, such as the key that
--    signs device cookies (inserted if absent at start-up).

ALTER TABLE login_throttle
    DROP CONSTRAINT login_throttle_scope_check,
    ADD CONSTRAINT login_throttle_scope_check
        CHECK (scope IN ('account', 'ip', 'register', 'device'));

CREATE TABLE app_secret (
    name           TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 64),
    value          TEXT NOT NULL CHECK (length(value) >= 32),
    created_at_ms  BIGINT NOT NULL
);
