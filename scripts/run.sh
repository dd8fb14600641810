#!/usr/bin/env bash
# Builds the shop (release) and runs it at http://127.0.0.1:3000 on an SQLite
# file under ./data/ (created on first run). Every variable in the README
# can be set to override its default.
#
# SEED=demo fills the database with demo data before starting, the first
# time only (`server seed --once`: nothing is added while it has demo
# customers): SEED_CUSTOMERS customers (default 200) with SEED_ORDERS
# orders each on average (default 3), addresses and order histories
# included, all with the password "demo shop sunflower".
#
#   SEED=demo scripts/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/setup.sh
build_release
case "${SEED:-}" in
  "") ;;
  demo)
    "$SERVER_BIN" seed --once --customers "${SEED_CUSTOMERS:-200}" \
      --orders-per-customer "${SEED_ORDERS:-3}"
    ;;
  *)
    echo "SEED=${SEED}: the only value is SEED=demo (or leave it unset)" >&2
    exit 2
    ;;
esac
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-target/site}"
export LEPTOS_SITE_ADDR="${LEPTOS_SITE_ADDR:-127.0.0.1:3000}"
exec "$SERVER_BIN"
