-- The admin customer grid over many customers (PostgreSQL): substring
-- search, filters and sorts that stay fast at a million rows. Kept in
-- lockstep with migrations/sqlite/0009_customer_search.sql. Read by
-- src/customers/search/postgres.rs.
--
-- Plain CREATE INDEX (sqlx runs a migration in a transaction, where
-- CONCURRENTLY is not allowed): on a big live table, build these by hand
-- with CREATE INDEX CONCURRENTLY under the same names first, and this step
-- then skips them (IF NOT EXISTS).

-- Trigram indexes for substring search (LIKE '%term%'); ships with the
-- server (contrib), trusted since PostgreSQL 13.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Search q (3+ characters): one trigram index over the email and the names
-- as one lower-cased text, so "ann smi" finds Ann Smith and a part of an
-- email finds its owner. The query must use exactly this expression
-- (SEARCH_TEXT in src/customers/search/postgres.rs) for the planner to use
-- the index.
CREATE INDEX IF NOT EXISTS customer_search_trgm ON customer
    USING gin (lower(email || ' ' || first_name || ' ' || last_name) gin_trgm_ops);

-- One btree per sort of the grid, with the id as tie-breaker, so that a page
-- is read in index order (no sort of the whole table) and paging is stable.
-- Text sorts use the "C" collation (byte order, as SQLite's BINARY), so the
-- order is the same on both backends and whatever the database's locale.
CREATE INDEX IF NOT EXISTS customer_created_at_sort ON customer (created_at, id);
CREATE INDEX IF NOT EXISTS customer_email_sort ON customer (email COLLATE "C", id);
CREATE INDEX IF NOT EXISTS customer_first_name_sort ON customer (first_name COLLATE "C", id);
CREATE INDEX IF NOT EXISTS customer_last_name_sort ON customer (last_name COLLATE "C", id);
-- Also serves the status filter (few customers are disabled).
CREATE INDEX IF NOT EXISTS customer_status_sort ON customer (status, id);
-- The group filter uses customer_group_id_idx (0001); the created_at range
-- uses customer_created_at_sort; "verified" is too broad to index alone.
