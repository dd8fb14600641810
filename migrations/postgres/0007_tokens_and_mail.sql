-- Emailed tokens and the mail outbox (PostgreSQL). Kept in lockstep with
-- migrations/sqlite/0007_tokens_and_mail.sql, which explains each table.

CREATE TABLE customer_token (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id    BIGINT NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    purpose        TEXT NOT NULL CHECK (purpose IN ('reset_password', 'verify_email', 'change_email')),
    token_hash     TEXT NOT NULL CHECK (length(token_hash) = 64),
    email          TEXT NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    created_at_ms  BIGINT NOT NULL,
    expires_at_ms  BIGINT NOT NULL,
    used_at_ms     BIGINT,
    CONSTRAINT customer_token_hash_unique UNIQUE (token_hash)
);
CREATE INDEX customer_token_customer_purpose ON customer_token (customer_id, purpose);
CREATE INDEX customer_token_expires ON customer_token (expires_at_ms);

CREATE TABLE mail_outbox (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind           TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 40),
    recipient      TEXT NOT NULL CHECK (length(recipient) BETWEEN 3 AND 254),
    subject        TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
    body_text      TEXT NOT NULL,
    body_html      TEXT NOT NULL,
    link           TEXT,
    state          TEXT NOT NULL DEFAULT 'ready' CHECK (state IN ('ready', 'sending', 'sent', 'logged', 'failed')),
    attempts       INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    run_at_ms      BIGINT NOT NULL,
    locked_at_ms   BIGINT,
    locked_by      TEXT,
    last_error     TEXT,
    created_at_ms  BIGINT NOT NULL,
    sent_at_ms     BIGINT
);
CREATE INDEX mail_outbox_due ON mail_outbox (state, run_at_ms);
CREATE INDEX mail_outbox_recipient ON mail_outbox (recipient);

ALTER TABLE login_throttle
    DROP CONSTRAINT login_throttle_scope_check,
    ADD CONSTRAINT login_throttle_scope_check
        CHECK (scope IN ('account', 'ip', 'register', 'device', 'mail_account', 'mail_ip'));
