-- The admin customer grid over many customers (SQLite): substring search,
-- filters and sorts. Kept in lockstep with
-- migrations/postgres/0009_customer_search.sql. Read by
-- src/customers/search/sqlite.rs.

-- Search q (3+ characters): an FTS5 table with the trigram tokenizer (every
-- run of three characters is a token, case folded), so a quoted phrase
-- query is a case-insensitive substring match that uses the index. One
-- document per customer, rowid = customer.id: the email and the names as
-- one text, so "ann smi" finds Ann Smith. The table keeps its own copy of
-- the text (about 45 bytes a customer): an external-content table cannot
-- index "first last" as one text, and a contentless one with deletes needs
-- SQLite 3.43, which the sqlite3 tool of Debian 12 (3.40) could not open,
-- making every write to `customer` through it fail in the triggers.
CREATE VIRTUAL TABLE customer_search USING fts5(doc, tokenize = 'trigram');

INSERT INTO customer_search (rowid, doc)
SELECT id, email || ' ' || first_name || ' ' || last_name FROM customer;

-- Kept in sync with customer by triggers, in the writer's transaction.
CREATE TRIGGER customer_search_insert AFTER INSERT ON customer
BEGIN
    INSERT INTO customer_search (rowid, doc)
    VALUES (new.id, new.email || ' ' || new.first_name || ' ' || new.last_name);
END;

CREATE TRIGGER customer_search_update AFTER UPDATE OF email, first_name, last_name ON customer
BEGIN
    UPDATE customer_search
    SET doc = new.email || ' ' || new.first_name || ' ' || new.last_name
    WHERE rowid = old.id;
END;

CREATE TRIGGER customer_search_delete AFTER DELETE ON customer
BEGIN
    DELETE FROM customer_search WHERE rowid = old.id;
END;

-- One index per sort of the grid. SQLite ends every index with the rowid
-- (customer.id), so (created_at) already orders by (created_at, id) and the
-- grid's tie-breaker comes free; the email sort uses the UNIQUE index on
-- email (0001). Text compares in byte order (BINARY), as PostgreSQL's "C".
CREATE INDEX customer_created_at_sort ON customer (created_at);
CREATE INDEX customer_first_name_sort ON customer (first_name);
CREATE INDEX customer_last_name_sort ON customer (last_name);
-- Also serves the status filter (few customers are disabled).
CREATE INDEX customer_status_sort ON customer (status);
-- The group filter uses customer_group_id_idx (0001); "verified" is too
-- broad to index alone.
