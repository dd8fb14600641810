#!/usr/bin/env bash
# Runs every test: formatting and lints, unit and service tests, the store
# story and the API black-box tests on SQLite and PostgreSQL, the OpenAPI
# document checked by openapi-spec-validator, then the release build and
# Playwright in Chromium against it on both databases.
#
#   TEST_DATABASE_URL  admin URL of a PostgreSQL server
#                      (default postgres://postgres@127.0.0.1:5432/postgres)
#   SKIP_LINT=1        skip cargo fmt --check and clippy
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "tools"
scripts/setup.sh --test

step "PostgreSQL"
export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
pg_up() { psql "$TEST_DATABASE_URL" -Atqc 'select 1' >/dev/null 2>&1; }
if ! pg_up; then
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    echo "PostgreSQL is not answering at $TEST_DATABASE_URL: starting the local cluster"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
    for _ in $(seq 1 30); do pg_up && break; sleep 1; done
  fi
fi
if ! pg_up; then
  echo "PostgreSQL is not reachable at $TEST_DATABASE_URL and could not be started here." >&2
  echo "Start it (or point TEST_DATABASE_URL at one) and run again." >&2
  exit 1
fi
drop_test_databases() {
  psql "$TEST_DATABASE_URL" -Atqc "select datname from pg_database where datname like 'test\_%' or datname like 'e2e\_%'" 2>/dev/null |
    while read -r db; do [ -n "$db" ] && psql "$TEST_DATABASE_URL" -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true; done
}
drop_test_databases
trap drop_test_databases EXIT

if [ "${SKIP_LINT:-0}" != 1 ]; then
  step "cargo fmt --check"
  cargo fmt --all -- --check
  step "cargo clippy -D warnings"
  cargo clippy -p customer-core -p server -p app --all-targets --features customer-core/test-support,app/ssr -- -D warnings
  cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings
fi

step "unit, service, store and API tests (SQLite and PostgreSQL)"
# The build is not timed; the run of the tests is (a hang must fail, not stall CI).
test_args=(-p customer-core -p server -p app --features customer-core/test-support,app/ssr)
cargo test "${test_args[@]}" --no-run
# The API tests write the OpenAPI document here (validated below).
openapi_json="$TARGET_DIR/tmp/openapi.json"
rm -f "$openapi_json"
# Quiet server logs in the test output (RUST_LOG=info to see them).
RUST_LOG="${RUST_LOG:-warn}" timeout 900 cargo test "${test_args[@]}" 2>&1 | tee "$TARGET_DIR/cargo-test.log"

step "OpenAPI document is valid OpenAPI 3.1 (openapi-spec-validator)"
if ! python3 -c 'import openapi_spec_validator' 2>/dev/null; then
  python3 -m pip install -q openapi-spec-validator
fi
python3 -m openapi_spec_validator --schema 3.1 "$openapi_json"

step "release build (cargo leptos build --release --split)"
build_release
# The storefront's WASM and the chunks split from it (the admin area's).
[ -f target/site/pkg/__wasm_split_manifest.json ] || { echo "no split manifest: was the build split?" >&2; exit 1; }
for wasm in target/site/pkg/*.wasm; do
  printf 'release wasm %s: %s bytes raw, %s bytes gzip\n' "${wasm##*/}" "$(stat -c %s "$wasm")" "$(gzip -9c "$wasm" | wc -c)"
done

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
e2e_results=()
for backend in sqlite postgres; do
  step "Playwright in Chromium on $backend"
  if [ "$backend" = sqlite ]; then
    dir="$(mktemp -d)"; db_url="sqlite:$dir/e2e.db"
  else
    name="e2e_$(date +%s)_$$"
    psql "$TEST_DATABASE_URL" -qc "CREATE DATABASE \"$name\"" >/dev/null
    db_url="${TEST_DATABASE_URL%/*}/$name"
  fi
  # Playwright's config starts the server and the mail sink (MailDev) on these ports.
  (cd end2end && SERVER_BIN="$SERVER_BIN" E2E_PORT="$(free_port)" E2E_DATABASE_URL="$db_url" \
     E2E_SMTP_PORT="$(free_port)" E2E_MAILDEV_PORT="$(free_port)" \
     LEPTOS_SITE_ROOT="$REPO_ROOT/target/site" npx playwright test) 2>&1 | tee "$TARGET_DIR/e2e-$backend.log"
done

step "summary"
passed=0; failed=0
while read -r p f; do passed=$((passed + p)); failed=$((failed + f)); done < <(
  grep -E '^test result:' "$TARGET_DIR/cargo-test.log" | sed -E 's/.* ([0-9]+) passed; ([0-9]+) failed.*/\1 \2/')
for backend in sqlite postgres; do
  p=$(grep -Eo '^ *[0-9]+ passed' "$TARGET_DIR/e2e-$backend.log" | grep -Eo '[0-9]+' | tail -n1 || true)
  f=$(grep -Eo '^ *[0-9]+ failed' "$TARGET_DIR/e2e-$backend.log" | grep -Eo '[0-9]+' | tail -n1 || true)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
echo "all tests: $passed passed, $failed failed"
[ "$failed" = 0 ]
