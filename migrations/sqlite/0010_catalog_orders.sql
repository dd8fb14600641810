-- The demo catalogue and orders. Kept in lockstep with
-- migrations/postgres/0010_catalog_orders.sql.

-- 1. Products: what checkout sells. Prices in minor units of `currency`;
--    stock never goes below zero (checkout decrements it conditionally).
CREATE TABLE product (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    sku          TEXT NOT NULL CONSTRAINT product_sku_key UNIQUE CHECK (length(sku) BETWEEN 1 AND 40),
    name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    currency     TEXT NOT NULL CHECK (length(currency) = 3),
    price_minor  INTEGER NOT NULL CHECK (price_minor >= 0),
    stock        INTEGER NOT NULL CONSTRAINT product_stock_check CHECK (stock >= 0),
    position     INTEGER NOT NULL
);
INSERT INTO product (sku, name, currency, price_minor, stock, position) VALUES
    ('LK-TEA-001', 'Larkspur breakfast tea, 500 g', 'USD', 1800, 500, 1),
    ('LK-TEA-002', 'Earl grey loose leaf, 500 g', 'USD', 2000, 400, 2),
    ('LK-CUP-010', 'Stoneware mug, speckled', 'USD', 2400, 250, 3),
    ('LK-POT-020', 'Cast iron teapot, 1 l', 'USD', 6500, 60, 4),
    ('LK-HNY-030', 'Wildflower honey, 340 g', 'USD', 1200, 300, 5),
    ('LK-GFT-040', 'Gift box, tea and honey', 'USD', 4500, 80, 6),
    ('LK-INF-050', 'Stainless tea infuser', 'USD', 900, 350, 7),
    ('LK-TIN-060', 'Airtight tea tin, 250 g', 'USD', 1500, 0, 8);

-- 2. Orders. `number` is public (what the customer quotes), the id never
--    leaves the server. `customer_id` is null for a guest order until the
--    owner of `email` verifies it. Addresses are JSON snapshots: changing
--    the address book later does not change a past order.
CREATE TABLE customer_order (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    number            TEXT NOT NULL CONSTRAINT customer_order_number_key UNIQUE CHECK (length(number) BETWEEN 4 AND 20),
    customer_id       INTEGER REFERENCES customer (id) ON DELETE SET NULL,
    email             TEXT NOT NULL CHECK (email = lower(trim(email)) AND length(email) BETWEEN 3 AND 254),
    status            TEXT NOT NULL CHECK (status IN ('pending', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded')),
    currency          TEXT NOT NULL CHECK (length(currency) = 3),
    subtotal_minor    INTEGER NOT NULL CHECK (subtotal_minor >= 0),
    shipping_minor    INTEGER NOT NULL CHECK (shipping_minor >= 0),
    tax_minor         INTEGER NOT NULL CHECK (tax_minor >= 0),
    total_minor       INTEGER NOT NULL CHECK (total_minor = subtotal_minor + shipping_minor + tax_minor),
    item_count        INTEGER NOT NULL CHECK (item_count >= 1),
    shipping_address  TEXT NOT NULL CHECK (length(shipping_address) <= 4000),
    billing_address   TEXT NOT NULL CHECK (length(billing_address) <= 4000),
    placed_at_ms      INTEGER NOT NULL,
    updated_at_ms     INTEGER NOT NULL
);
CREATE INDEX customer_order_customer_idx ON customer_order (customer_id, placed_at_ms DESC, id DESC);
CREATE INDEX customer_order_guest_email_idx ON customer_order (email) WHERE customer_id IS NULL;

CREATE TABLE order_item (
    order_id          INTEGER NOT NULL REFERENCES customer_order (id) ON DELETE CASCADE,
    position          INTEGER NOT NULL,
    sku               TEXT NOT NULL CHECK (length(sku) BETWEEN 1 AND 40),
    name              TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    unit_price_minor  INTEGER NOT NULL CHECK (unit_price_minor >= 0),
    quantity          INTEGER NOT NULL CHECK (quantity >= 1),
    line_total_minor  INTEGER NOT NULL CHECK (line_total_minor = unit_price_minor * quantity),
    PRIMARY KEY (order_id, position)
);

-- Every status the order has had, the first being `pending` at placing.
CREATE TABLE order_status_change (
    order_id    INTEGER NOT NULL REFERENCES customer_order (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('pending', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded')),
    at_ms       INTEGER NOT NULL,
    actor_name  TEXT CHECK (actor_name IS NULL OR length(actor_name) <= 200),
    PRIMARY KEY (order_id, position)
);
