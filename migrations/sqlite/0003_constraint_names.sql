-- Kept in lockstep with migrations/postgres/0003_constraint_names.sql, which
-- names the constraints the services react to. SQLite does not report a
-- constraint's name for a UNIQUE violation (it names the columns), so the
-- SQLite store translates the exact message instead (src/db/sqlite.rs) and
-- nothing changes in the schema here.
SELECT 1;
