#!/usr/bin/env bash
# Fuzzes the parsers of client input with cargo-fuzz (libFuzzer): the
# X-Forwarded-For walk and the email parser (fuzz/fuzz_targets/). Not run in
# CI: it runs until told to stop, or SECS seconds per target.
#
#   scripts/fuzz.sh [TARGET...]     default: every target, SECS=60 each
#
# cargo-fuzz wants nightly rustc; RUSTC_BOOTSTRAP=1 lets the stable
# toolchain here accept its flags. Crashes land in fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "[fuzz] installing cargo-fuzz from crates.io (a few minutes)"
  cargo install cargo-fuzz --locked
fi

export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR="${FUZZ_TARGET_DIR:-$HOME/.cache/customer-platform/fuzz-target}"
SECS="${SECS:-60}"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(forwarded_for email)
for target in "${targets[@]}"; do
  echo "[fuzz] $target for ${SECS}s"
  cargo fuzz run --fuzz-dir fuzz "$target" -- -max_total_time="$SECS"
done
