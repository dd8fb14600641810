#!/usr/bin/env bash
# Builds the shop (release) and runs it at http://127.0.0.1:3000 on an SQLite
# file under ./data/ (created on first run). Every variable in the README
# can be set to override its default.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/setup.sh
build_release
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-target/site}"
export LEPTOS_SITE_ADDR="${LEPTOS_SITE_ADDR:-127.0.0.1:3000}"
exec "$SERVER_BIN"
