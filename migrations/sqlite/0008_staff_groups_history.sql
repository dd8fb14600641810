-- Staff accounts, customer groups that control access, and the customer's
-- history (the audit trail). Kept in lockstep with
-- migrations/postgres/0008_staff_groups_history.sql.

-- 1. Groups get a public id (what clients see), a description, and a mark
--    for the three built-in groups, which cannot be deleted.
ALTER TABLE customer_group ADD COLUMN public_id TEXT NOT NULL DEFAULT '';
ALTER TABLE customer_group ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE customer_group ADD COLUMN is_system INTEGER NOT NULL DEFAULT 0;
UPDATE customer_group SET public_id = '00000000-0000-4000-8000-000000000001', is_system = 1,
    description = 'Every new customer starts here.' WHERE id = 1;
UPDATE customer_group SET public_id = '00000000-0000-4000-8000-000000000002', is_system = 1,
    description = 'Trade customers buying in quantity.' WHERE id = 2;
UPDATE customer_group SET public_id = '00000000-0000-4000-8000-000000000003', is_system = 1,
    description = 'Our best customers.' WHERE id = 3;
CREATE UNIQUE INDEX customer_group_public_id ON customer_group (public_id);

-- 2. Staff: not customers. Their own table, sessions and cookie.
CREATE TABLE staff (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    public_id      TEXT NOT NULL UNIQUE CHECK (length(public_id) = 36),
    email          TEXT NOT NULL CHECK (email = lower(trim(email)) AND length(email) BETWEEN 3 AND 254),
    password_hash  TEXT NOT NULL,
    name           TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    role           TEXT NOT NULL CHECK (role IN ('admin', 'support')),
    status         TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    created_at_ms  INTEGER NOT NULL,
    updated_at_ms  INTEGER NOT NULL
);
CREATE UNIQUE INDEX staff_email_unique ON staff (email);

-- Only the SHA-256 of the cookie's token is stored.
CREATE TABLE staff_session (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    public_id        TEXT NOT NULL UNIQUE CHECK (length(public_id) = 36),
    token_hash       TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    staff_id         INTEGER NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    created_at_ms    INTEGER NOT NULL,
    last_seen_at_ms  INTEGER NOT NULL,
    user_agent       TEXT CHECK (user_agent IS NULL OR length(user_agent) <= 512),
    ip               TEXT CHECK (ip IS NULL OR length(ip) <= 45)
);
CREATE INDEX staff_session_staff_idx ON staff_session (staff_id);
CREATE INDEX staff_session_last_seen_idx ON staff_session (last_seen_at_ms);

-- 3. The customer's history: who changed what, written in the same
--    transaction as the change. `changes` is a JSON object of
--    {field: {"old": .., "new": ..}} (never a password, token or hash).
CREATE TABLE customer_history (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id  INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    at_ms        INTEGER NOT NULL,
    actor_type   TEXT NOT NULL CHECK (actor_type IN ('customer', 'staff', 'system')),
    actor_id     TEXT CHECK (actor_id IS NULL OR length(actor_id) <= 36),
    actor_name   TEXT CHECK (actor_name IS NULL OR length(actor_name) <= 200),
    action       TEXT NOT NULL CHECK (length(action) BETWEEN 1 AND 60),
    changes      TEXT NOT NULL DEFAULT '{}' CHECK (length(changes) <= 20000)
);
CREATE INDEX customer_history_customer_idx ON customer_history (customer_id, id);

-- 4. Storefront pages restricted to groups: a page with rows here is open
--    only to customers of those groups.
CREATE TABLE page_access (
    page      TEXT NOT NULL CHECK (length(page) BETWEEN 1 AND 60),
    group_id  INTEGER NOT NULL REFERENCES customer_group (id) ON DELETE CASCADE,
    PRIMARY KEY (page, group_id)
);
INSERT INTO page_access (page, group_id) VALUES ('wholesale', 2), ('wholesale', 3);

-- 5. The wholesale price list that page shows.
CREATE TABLE wholesale_price (
    sku           TEXT PRIMARY KEY CHECK (length(sku) BETWEEN 1 AND 40),
    name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    currency      TEXT NOT NULL CHECK (length(currency) = 3),
    retail_minor  INTEGER NOT NULL CHECK (retail_minor >= 0),
    price_minor   INTEGER NOT NULL CHECK (price_minor >= 0),
    min_quantity  INTEGER NOT NULL CHECK (min_quantity >= 1),
    position      INTEGER NOT NULL
);
INSERT INTO wholesale_price (sku, name, currency, retail_minor, price_minor, min_quantity, position) VALUES
    ('LK-TEA-001', 'Larkspur breakfast tea, 500 g', 'USD', 1800, 1150, 12, 1),
    ('LK-TEA-002', 'Earl grey loose leaf, 500 g', 'USD', 2000, 1290, 12, 2),
    ('LK-CUP-010', 'Stoneware mug, speckled', 'USD', 2400, 1400, 24, 3),
    ('LK-POT-020', 'Cast iron teapot, 1 l', 'USD', 6500, 3900, 6, 4),
    ('LK-HNY-030', 'Wildflower honey, 340 g', 'USD', 1200, 720, 24, 5),
    ('LK-GFT-040', 'Gift box, tea and honey', 'USD', 4500, 2750, 10, 6);
