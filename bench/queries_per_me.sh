#!/usr/bin/env bash
# Counts the database statements one `GET /api/customer/me` costs, on
# PostgreSQL: a logged-in customer's cookie, N requests, and the database's
# own count of committed transactions (every statement outside a transaction
# commits on its own) before and after. Deterministic, unlike req/s: it does
# not depend on what else the machine is doing.
#
#   bench/queries_per_me.sh [SERVER_BIN] [N]
#
# SERVER_BIN defaults to the release build; N to 1000. Needs psql, curl and
# python3, and a local PostgreSQL (TEST_DATABASE_URL, default
# postgres://postgres@127.0.0.1:5432/postgres). Only 127.0.0.1 gets traffic.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
BIN=${1:-$SERVER_BIN}
N=${2:-1000}
ADMIN=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
DB="bench_q_$(date +%s)_$$"
psql "$ADMIN" -qc "CREATE DATABASE $DB" >/dev/null
URL="${ADMIN%/*}/$DB"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
LOG=$(mktemp)
LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_ADDR="127.0.0.1:$PORT" DATABASE_URL="$URL" APP_BASE_URL="$BASE" \
  BCRYPT_COST=4 RUST_LOG=warn "$BIN" >"$LOG" 2>&1 &
PID=$!
cleanup() {
  kill "$PID" 2>/dev/null || true
  wait "$PID" 2>/dev/null || true
  psql "$ADMIN" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -f "$LOG"
}
trap cleanup EXIT
for _ in $(seq 1 150); do curl -fs -o /dev/null "$BASE/health" && break; sleep 0.2; done
COOKIE=$(curl -fs -D - -o /dev/null -H 'content-type: application/json' \
  -d '{"email":"q@example.com","password":"velvet trombone midnight 42","first_name":"Q","last_name":"Count"}' \
  "$BASE/api/customer/register" | sed -n 's/^[Ss]et-[Cc]ookie: shop_session=\([^;]*\).*/\1/p' | tr -d '\r')
[[ -n $COOKIE ]] || { echo "no session cookie" >&2; exit 1; }
count() {
  sleep 11 # an idle backend reports its statistics within 10 s
  psql "$ADMIN" -Atc "SELECT xact_commit FROM pg_stat_database WHERE datname = '$DB'"
}
python3 - "$PORT" "$COOKIE" 5 <<'PY'
import http.client, sys
port, cookie, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
c = http.client.HTTPConnection("127.0.0.1", port)
for _ in range(n):
    c.request("GET", "/api/customer/me", headers={"Cookie": f"shop_session={cookie}"})
    r = c.getresponse(); r.read(); assert r.status == 200, r.status
PY
before=$(count)
python3 - "$PORT" "$COOKIE" "$N" <<'PY'
import http.client, sys
port, cookie, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
c = http.client.HTTPConnection("127.0.0.1", port)
for _ in range(n):
    c.request("GET", "/api/customer/me", headers={"Cookie": f"shop_session={cookie}"})
    r = c.getresponse(); r.read(); assert r.status == 200, r.status
PY
after=$(count)
python3 -c "import sys; b, a, n = map(int, sys.argv[1:]); print(f'{n} x GET /api/customer/me: {a - b} transactions committed, {(a - b) / n:.2f} per request')" "$before" "$after" "$N"
