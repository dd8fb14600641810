# Sourced by the scripts: where builds go and which tools come first.
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$REPO_ROOT/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
TARGET_DIR="${CARGO_TARGET_DIR:-$REPO_ROOT/target}"
SERVER_BIN="$TARGET_DIR/release/server"
# The release build. `--split`: the admin area is a WASM chunk of its own,
# loaded by admin pages only (`#[lazy_route]`, app/src/pages/admin); a build
# without it cannot load that chunk.
build_release() { cargo leptos build --release --split "$@"; }
