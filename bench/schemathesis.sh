#!/usr/bin/env bash
# Fuzzes the REST API from its own OpenAPI document with schemathesis (PyPI)
# against the RELEASE server on a throwaway SQLite database, and reports how
# many answers were server errors (5xx). The goal is zero. Not run in CI: a
# measurement, recorded in docs/SECURITY.md.
#
#   bench/schemathesis.sh [--max-examples N]     (default 100 per operation)
#
# Needs python3 with pip (installs schemathesis 4.32.5 if missing), curl, and
# a release build (cargo leptos build --release --split). Sends traffic to 127.0.0.1
# only, to a server this script starts and stops.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

MAX_EXAMPLES=100
[[ ${1:-} == --max-examples ]] && MAX_EXAMPLES=${2:?}
python3 -c 'import schemathesis' 2>/dev/null || pip install -q schemathesis==4.32.5
[[ -x $SERVER_BIN ]] || build_release

WORK=$(mktemp -d)
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_ADDR="127.0.0.1:$PORT" DATABASE_URL="sqlite:$WORK/st.db" \
  APP_BASE_URL="$BASE" BCRYPT_COST=4 REGISTRATION_MAX_PER_IP=100000 LOGIN_MAX_FAILURES_PER_IP=1000000 \
  RUST_LOG=warn "$SERVER_BIN" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
trap 'kill $SERVER_PID 2>/dev/null || true; wait $SERVER_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 150); do
  curl -fs -o /dev/null "$BASE/health" && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
  sleep 0.2
done

# Two passes. (1) Every operation as an anonymous client. (2) The
# operations that need a login, with a logged-in customer's cookie; the
# POSTs (register, login, logout) are left out of it, because each of them
# rotates or ends that very session and every later request would be 401.
# The check `positive_data_acceptance` is skipped: the password policy
# (zxcvbn) and a deliverable email's dotted domain cannot be written in a
# JSON schema, so a schema-valid body may rightly be a 422.
curl -fs -c "$WORK/jar" -o /dev/null -H 'content-type: application/json' \
  -d '{"email":"fuzz@example.com","password":"velvet trombone midnight 42","first_name":"Fuzz","last_name":"Er"}' \
  "$BASE/api/customer/register"
COOKIE=$(awk '$6 == "shop_session" { print $7 }' "$WORK/jar")

run_pass() { # NAME ARGS...
  local name=$1; shift
  set +e
  schemathesis run "$BASE/api/openapi.json" --checks all --exclude-checks positive_data_acceptance \
    --max-examples "$MAX_EXAMPLES" --report junit --report-dir "$WORK/$name" "$@" >"$WORK/$name.txt" 2>&1
  local status=$?
  set -e
  echo "== pass $name: schemathesis exit status $status"
  sed -n '/SUMMARY/,$p' "$WORK/$name.txt"
}
run_pass anonymous
run_pass logged-in --header "Cookie: shop_session=$COOKIE" --exclude-method POST

# Server errors: schemathesis's own check (not_a_server_error) fails on any
# 5xx; the server log has a line for every 5xx it sent.
server_5xx=$(grep -c 'Status code: 5[0-9][0-9]' "$WORK/server.log" || true)
failing=$(cat "$WORK"/anonymous.txt "$WORK"/logged-in.txt | grep -c 'Server error' || true)
echo "5xx answers in the server log: $server_5xx; schemathesis 'Server error' findings: $failing"
echo "work folder: $WORK (schemathesis.txt, server.log, junit report)"
