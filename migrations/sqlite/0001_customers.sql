-- Customers, their groups and addresses (SQLite).
-- Kept in lockstep with migrations/postgres/0001_customers.sql.

CREATE TABLE customer_group (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 100),
    is_default  INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE UNIQUE INDEX customer_group_name_key ON customer_group (lower(name));
-- At most one default group.
CREATE UNIQUE INDEX customer_group_one_default ON customer_group (is_default) WHERE is_default = 1;

INSERT INTO customer_group (id, name, is_default) VALUES (1, 'General', 1), (2, 'Wholesale', 0), (3, 'VIP', 0);

CREATE TABLE customer (
    id                          INTEGER PRIMARY KEY AUTOINCREMENT,
    public_id                   TEXT NOT NULL UNIQUE CHECK (length(public_id) = 36),
    -- Stored normalised (trimmed, lower-cased), so UNIQUE covers every spelling.
    email                       TEXT NOT NULL UNIQUE CHECK (email = lower(trim(email)) AND length(email) BETWEEN 3 AND 254),
    password_hash               TEXT NOT NULL,
    first_name                  TEXT NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
    last_name                   TEXT NOT NULL CHECK (length(last_name) BETWEEN 1 AND 100),
    phone                       TEXT,
    group_id                    INTEGER NOT NULL REFERENCES customer_group (id),
    status                      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    email_verified_at           TEXT,
    default_shipping_address_id INTEGER REFERENCES customer_address (id) ON DELETE SET NULL,
    default_billing_address_id  INTEGER REFERENCES customer_address (id) ON DELETE SET NULL,
    created_at                  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at                  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX customer_group_id_idx ON customer (group_id);

CREATE TABLE customer_address (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    public_id    TEXT NOT NULL UNIQUE CHECK (length(public_id) = 36),
    customer_id  INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    full_name    TEXT NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
    company      TEXT,
    line1        TEXT NOT NULL CHECK (length(line1) BETWEEN 1 AND 200),
    line2        TEXT,
    city         TEXT NOT NULL CHECK (length(city) BETWEEN 1 AND 100),
    province     TEXT,
    postal_code  TEXT,
    country_code TEXT NOT NULL CHECK (length(country_code) = 2 AND country_code = upper(country_code)),
    phone        TEXT,
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX customer_address_customer_idx ON customer_address (customer_id);
