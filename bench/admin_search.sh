#!/usr/bin/env bash
# The admin customer grid at scale (issue 11): seeds COUNT demo customers
# with `server seed` into a scratch PostgreSQL database (bench_admin_<pid>,
# dropped at the end) and SQLITE_COUNT into a scratch SQLite file, times the
# seeding, then times the grid's store calls (examples/admin_search_bench.rs:
# one warm-up, RUNS timed runs, median and slowest) and prints the plans the
# databases choose for the main statements.
#
#   bench/admin_search.sh
#
# Environment: COUNT (default 1000000), SQLITE_COUNT (default 1000000; 0
# skips SQLite), ORDERS (orders per customer on average, default 0: the
# customers with their addresses only), SEED (1), RUNS (5), TEST_DATABASE_URL
# (admin URL, default postgres://postgres@127.0.0.1:5432/postgres),
# CARGO_TARGET_DIR. SERVER_BIN and BENCH_BIN name prebuilt binaries (the
# release `server` and `admin_search_bench`) and skip the build.
#
# It builds the two programs with the dev profile, except the bundled SQLite,
# compiled with -O3 as a release build would (a dev build compiles SQLite's C
# unoptimised, two to three times slower); the time goes to the databases,
# not to Rust. The binaries are copied out of the shared target folder first.
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${COUNT:-1000000}
SQLITE_COUNT=${SQLITE_COUNT:-1000000}
ORDERS=${ORDERS:-0}
export SEED=${SEED:-1} RUNS=${RUNS:-5}
ADMIN=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
export RUST_LOG=${RUST_LOG:-error}
DB="bench_admin_$$"
URL="${ADMIN%/*}/$DB"
WORK=$(mktemp -d /tmp/bench_admin.XXXXXX)
cleanup() {
  psql "$ADMIN" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

if [[ -n ${SERVER_BIN:-} && -n ${BENCH_BIN:-} ]]; then
  cp "$SERVER_BIN" "$WORK/server"
  cp "$BENCH_BIN" "$WORK/bench"
else
  SQLITE_O3=(--config 'profile.dev.package.libsqlite3-sys.opt-level=3')
  echo "== building (dev profile, SQLite at -O3)" >&2
  cargo build -q -p server --bin server "${SQLITE_O3[@]}"
  cp "$CARGO_TARGET_DIR/debug/server" "$WORK/server"
  cargo build -q -p customer-core --features server --example admin_search_bench "${SQLITE_O3[@]}"
  cp "$CARGO_TARGET_DIR/debug/examples/admin_search_bench" "$WORK/bench"
fi

echo "# admin grid benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# commit $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (with uncommitted changes)')"

seed() { # URL COUNT
  local started ended
  echo "load before seeding: $(uptime)"
  started=$(date +%s.%N)
  DATABASE_URL=$1 "$WORK/server" seed --customers "$2" --orders-per-customer "$ORDERS" \
    --seed "$SEED"
  ended=$(date +%s.%N)
  awk -v s="$started" -v e="$ended" 'BEGIN { printf "seeding wall time: %.1f s\n", e - s }'
  echo "load after seeding: $(uptime)"
}

# The store's statements (src/customers/search/query.rs) with the values
# written in, for the plans.
COLS="c.id, c.public_id, c.email, c.password_hash, c.first_name, c.last_name, c.phone, c.group_id, g.public_id AS group_public_id, g.name AS group_name, c.status, c.email_verified_at, c.created_at, c.updated_at"
page() { # WHERE ORDER OFFSET
  echo "SELECT $COLS FROM customer c JOIN customer_group g ON g.id = c.group_id WHERE c.id IN (SELECT c.id FROM customer c WHERE 1 = 1$1 ORDER BY $2 LIMIT 50 OFFSET $3) ORDER BY $2"
}
count() { # WHERE
  echo "SELECT count(*) FROM (SELECT 1 FROM customer c WHERE 1 = 1$1 LIMIT 10001) AS matching"
}

echo
echo "## PostgreSQL: $COUNT customers, $ORDERS orders each on average"
psql "$ADMIN" -qc "CREATE DATABASE $DB" >/dev/null
seed "$URL" "$COUNT"
psql "$URL" -XAtc "SELECT 'table ' || pg_size_pretty(pg_relation_size('customer')) || ', with indexes ' || pg_size_pretty(pg_total_relation_size('customer')) || ', trigram index ' || pg_size_pretty(pg_relation_size('customer_search_trgm'))"
psql "$URL" -XAtc "SELECT t || ': ' || n || ' rows, ' || pg_size_pretty(pg_total_relation_size(t::regclass)) || ' with indexes' FROM (VALUES ('customer_address', (SELECT count(*) FROM customer_address)), ('customer_order', (SELECT count(*) FROM customer_order)), ('order_item', (SELECT count(*) FROM order_item)), ('order_status_change', (SELECT count(*) FROM order_status_change))) AS v(t, n)"
psql "$URL" -XAtc "SELECT 'database ' || pg_size_pretty(pg_database_size(current_database()))"
DATABASE_URL=$URL "$WORK/bench"
TEXT="lower(c.email || ' ' || c.first_name || ' ' || c.last_name)"
NEWEST="c.created_at DESC, c.id DESC"
echo
echo "### PostgreSQL plans"
DATABASE_URL=$URL "$WORK/bench" plans <<SQL
$(page " AND $TEXT LIKE '%42424%' ESCAPE '\\'" "$NEWEST" 0)
$(page " AND $TEXT LIKE '%son%' ESCAPE '\\'" "$NEWEST" 0)
$(count " AND $TEXT LIKE '%son%' ESCAPE '\\'")
$(count " AND $TEXT LIKE '%xq%' ESCAPE '\\'")
$(page "" "c.last_name COLLATE \"C\" ASC, c.id ASC" 99950)
$(count "")
SELECT group_id, count(*) FROM customer GROUP BY group_id ORDER BY group_id
SQL

if [[ $SQLITE_COUNT -gt 0 ]]; then
  echo
  echo "## SQLite: $SQLITE_COUNT customers, $ORDERS orders each on average"
  SQLITE_URL="sqlite:$WORK/grid.db"
  seed "$SQLITE_URL" "$SQLITE_COUNT"
  echo "file $(du -h "$WORK/grid.db" | cut -f1)"
  DATABASE_URL=$SQLITE_URL "$WORK/bench"
  MATCH="c.id IN (SELECT rowid FROM customer_search WHERE customer_search MATCH '\"son\"')"
  echo
  echo "### SQLite plans (the store walks the sort index, with +, when many match)"
  DATABASE_URL=$SQLITE_URL "$WORK/bench" plans <<SQL
$(count " AND c.group_id = 3")
$(page " AND c.group_id = 3" "$NEWEST" 0)
$(page " AND +c.group_id = 3" "$NEWEST" 0)
$(count " AND $MATCH")
$(page " AND +$MATCH" "$NEWEST" 0)
$(page "" "c.last_name ASC, c.id ASC" 99950)
SQL
fi
