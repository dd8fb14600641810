-- Emailed tokens and the mail outbox (SQLite). Kept in lockstep with
-- migrations/postgres/0007_tokens_and_mail.sql.
--
-- 1. customer_token: every token mailed to a customer (password reset, email
--    verification, email change). Only the SHA-256 of the token is stored
--    (hex); the token itself exists only in the mail. `email` is the address
--    the token was sent to (for an email change: the new address).
-- 2. mail_outbox: mails written in the same transaction as the change that
--    causes them, sent by the background worker. The bodies (which carry a
--    token link) are cleared once the mail has been handed to SMTP.
-- 3. login_throttle gets the scopes for mails asked for per address and per
--    client IP ('mail_account', 'mail_ip'); SQLite cannot change a CHECK in
--    place, so the table is rebuilt.

CREATE TABLE customer_token (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id    INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    purpose        TEXT NOT NULL CHECK (purpose IN ('reset_password', 'verify_email', 'change_email')),
    token_hash     TEXT NOT NULL CHECK (length(token_hash) = 64),
    email          TEXT NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    created_at_ms  INTEGER NOT NULL,
    expires_at_ms  INTEGER NOT NULL,
    used_at_ms     INTEGER,
    CONSTRAINT customer_token_hash_unique UNIQUE (token_hash)
);
CREATE INDEX customer_token_customer_purpose ON customer_token (customer_id, purpose);
CREATE INDEX customer_token_expires ON customer_token (expires_at_ms);

CREATE TABLE mail_outbox (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    kind           TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 40),
    recipient      TEXT NOT NULL CHECK (length(recipient) BETWEEN 3 AND 254),
    subject        TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
    body_text      TEXT NOT NULL,
    body_html      TEXT NOT NULL,
    link           TEXT,
    state          TEXT NOT NULL DEFAULT 'ready' CHECK (state IN ('ready', 'sending', 'sent', 'logged', 'failed')),
    attempts       INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    run_at_ms      INTEGER NOT NULL,
    locked_at_ms   INTEGER,
    locked_by      TEXT,
    last_error     TEXT,
    created_at_ms  INTEGER NOT NULL,
    sent_at_ms     INTEGER
);
CREATE INDEX mail_outbox_due ON mail_outbox (state, run_at_ms);
CREATE INDEX mail_outbox_recipient ON mail_outbox (recipient);

CREATE TABLE login_throttle_new (
    scope              TEXT NOT NULL CHECK (scope IN ('account', 'ip', 'register', 'device', 'mail_account', 'mail_ip')),
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
