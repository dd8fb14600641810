-- The address book (SQLite). Kept in lockstep with
-- migrations/postgres/0006_address_book.sql.
--
-- customer_address existed since 0001 but nothing ever wrote to it; it is
-- rebuilt in its final shape (first and last name instead of one full name,
-- an optional label, the default flags). Rows, if any were added by hand,
-- are carried over with the full name split at its first space.
--
-- Defaults: at most one default shipping and one default billing address
-- per customer, enforced by the two partial unique indexes below. The
-- `default_*_address_id` columns on `customer` (from 0001) are no longer
-- used: PostgreSQL drops them; SQLite cannot drop a column that is part of a
-- foreign key without rebuilding the customer table, so here they stay,
-- always NULL, never read or written.

CREATE TABLE customer_address_book (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    public_id        TEXT NOT NULL UNIQUE CHECK (length(public_id) = 36),
    customer_id      INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    label            TEXT CHECK (length(label) BETWEEN 1 AND 50),
    first_name       TEXT NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
    last_name        TEXT NOT NULL CHECK (length(last_name) BETWEEN 1 AND 100),
    company          TEXT CHECK (length(company) BETWEEN 1 AND 200),
    line1            TEXT NOT NULL CHECK (length(line1) BETWEEN 1 AND 200),
    line2            TEXT CHECK (length(line2) BETWEEN 1 AND 200),
    city             TEXT NOT NULL CHECK (length(city) BETWEEN 1 AND 100),
    province         TEXT CHECK (length(province) BETWEEN 1 AND 100),
    postal_code      TEXT CHECK (length(postal_code) BETWEEN 1 AND 20),
    country_code     TEXT NOT NULL CHECK (length(country_code) = 2 AND country_code = upper(country_code)),
    phone            TEXT CHECK (length(phone) BETWEEN 2 AND 20),
    default_shipping INTEGER NOT NULL DEFAULT 0 CHECK (default_shipping IN (0, 1)),
    default_billing  INTEGER NOT NULL DEFAULT 0 CHECK (default_billing IN (0, 1)),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);

INSERT INTO customer_address_book
    (id, public_id, customer_id, first_name, last_name, company, line1, line2, city,
     province, postal_code, country_code, phone, created_at, updated_at)
SELECT id, public_id, customer_id,
       CASE WHEN instr(full_name, ' ') > 1 THEN substr(full_name, 1, instr(full_name, ' ') - 1) ELSE full_name END,
       CASE WHEN instr(full_name, ' ') > 1 AND length(full_name) > instr(full_name, ' ')
            THEN substr(full_name, instr(full_name, ' ') + 1) ELSE full_name END,
       NULLIF(company, ''), line1, NULLIF(line2, ''), city, NULLIF(province, ''),
       NULLIF(postal_code, ''), country_code, NULLIF(phone, ''), created_at, updated_at
FROM customer_address;

DROP TABLE customer_address;
ALTER TABLE customer_address_book RENAME TO customer_address;

-- The book in insertion order, per customer.
CREATE INDEX customer_address_customer_idx ON customer_address (customer_id, id);
CREATE UNIQUE INDEX customer_address_one_default_shipping
    ON customer_address (customer_id) WHERE default_shipping = 1;
CREATE UNIQUE INDEX customer_address_one_default_billing
    ON customer_address (customer_id) WHERE default_billing = 1;
