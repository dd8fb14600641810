#!/usr/bin/env bash
# Benchmark of the RELEASE server: GET /api/customer/me with a valid session
# cookie, (a) alone and (b) while a flood of correct logins keeps the bcrypt
# hasher (one hash at a time per core) saturated; and (c) the login flood
# alone, for the logins/s the cores allow. Prints requests/s, p50 and
# p99 latency and the non-2xx count of each, plus the machine and what else
# used its CPU during each measurement. A benchmark: it asserts nothing about
# timing. See docs/BENCHMARKS.md for how to read the output.
#
#   bench/run.sh [--build] [--quick] [--postgres URL] [--keep]
#
#   --build          run `cargo leptos build --release --split` first (it is also run
#                    when the server binary or target/site is missing)
#   --quick          5 s of reads instead of 20 s, 5 s of logins alone
#                    instead of 10 s (to try the script out)
#   --postgres URL   run against PostgreSQL instead of SQLite: a throwaway
#                    database bench_<timestamp> is created on that server and
#                    dropped afterwards (URL e.g. postgres://postgres@127.0.0.1:5432/postgres)
#   --keep           keep the work folder (server log, wrk output) afterwards
#
# Tunables (environment): READ_SECS, LOGIN_SECS, FLOOD_LEAD_SECS, READ_CONNS, FLOOD_CONNS,
# ACCOUNTS, BCRYPT_COST. SERVER_BIN runs another build of the server (say, an
# older commit's, to compare; default: $CARGO_TARGET_DIR/release/server, or
# target/release/server; SERVER_COMMIT names its commit in the report).
# Needs wrk (Debian package), curl, python3, and psql
# for --postgres. Only 127.0.0.1 is ever sent traffic.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
cd "$ROOT"
SERVER_BIN_GIVEN=${SERVER_BIN:-}
source scripts/env.sh
SERVER_BIN=${SERVER_BIN_GIVEN:-$SERVER_BIN}

BUILD=0 QUICK=0 KEEP=0 PG_URL=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --build) BUILD=1 ;;
        --quick) QUICK=1 ;;
        --keep) KEEP=1 ;;
        --postgres)
            [[ $# -ge 2 ]] || { echo "--postgres needs a URL" >&2; exit 2; }
            PG_URL=$2; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$BENCH/run.sh" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

if [[ $QUICK == 1 ]]; then
    READ_SECS=${READ_SECS:-5}
    LOGIN_SECS=${LOGIN_SECS:-5}
else
    READ_SECS=${READ_SECS:-20}
    LOGIN_SECS=${LOGIN_SECS:-10}
fi
FLOOD_LEAD_SECS=${FLOOD_LEAD_SECS:-3}          # flood starts this long before the reads
FLOOD_SECS=$((FLOOD_LEAD_SECS + READ_SECS + 2)) # ... and ends 2 s after them
READ_CONNS=${READ_CONNS:-32}
FLOOD_CONNS=${FLOOD_CONNS:-16}
ACCOUNTS=${ACCOUNTS:-20}
BCRYPT_COST=${BCRYPT_COST:-10}
PASSWORD="velvet trombone midnight 42"

die() { echo "bench: $*" >&2; exit 1; }

# ---- tools ------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
    echo "bench: installing wrk (Debian package)" >&2
    if [[ $(id -u) == 0 ]]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get install -y wrk >/dev/null 2>&1 ||
        { $SUDO apt-get update >/dev/null && $SUDO apt-get install -y wrk >/dev/null; } ||
        die "could not install wrk: apt-get install wrk"
fi
for tool in curl python3 timeout; do
    command -v "$tool" >/dev/null || die "$tool is required"
done
if [[ -n $PG_URL ]]; then
    command -v psql >/dev/null || die "psql is required for --postgres"
    # the database is loaded too, so it must be on this machine
    PG_HOST=$(python3 -c 'import sys, urllib.parse as u; print(u.urlsplit(sys.argv[1]).hostname or "")' "$PG_URL")
    case "$PG_HOST" in
        127.*|localhost|::1|"") ;;
        *) die "--postgres must point at this machine (127.0.0.1), not $PG_HOST" ;;
    esac
fi

# ---- build --------------------------------------------------------------------
if [[ $BUILD == 1 || ! -x $SERVER_BIN || ! -d target/site/pkg ]]; then
    [[ -z $SERVER_BIN_GIVEN ]] || die "$SERVER_BIN_GIVEN (SERVER_BIN) is missing"
    echo "bench: building the release server (cargo leptos build --release --split)" >&2
    build_release
fi
[[ -x $SERVER_BIN ]] || die "$SERVER_BIN is missing after the build"

# ---- work folder, clean-up ------------------------------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench.XXXXXX")
SERVER_PID="" FLOOD_PID="" READ_PID="" PG_DB=""
cleanup() {
    local rc=$?
    local pid tries
    for pid in $READ_PID $FLOOD_PID $SERVER_PID; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in $READ_PID $FLOOD_PID $SERVER_PID; do
        # give each 10 s to stop, then SIGKILL
        for ((tries = 0; tries < 50; tries++)); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.2
        done
        kill -9 "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    if [[ -n $PG_DB ]]; then
        psql "$PG_URL" -q -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1 ||
            echo "bench: could not drop database $PG_DB" >&2
    fi
    if [[ $KEEP == 1 || $rc != 0 ]]; then
        echo "bench: logs kept in $WORK" >&2
    else
        rm -rf "$WORK"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"

if [[ -n $PG_URL ]]; then
    PG_DB="bench_$(date +%Y%m%d%H%M%S)_$$"
    psql "$PG_URL" -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE $PG_DB" >/dev/null ||
        { PG_DB=""; die "could not create a database with psql on $PG_URL"; }
    DATABASE_URL=$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' "$PG_URL" "$PG_DB")
    BACKEND="PostgreSQL ($(psql "$PG_URL" -Atc 'SHOW server_version' 2>/dev/null || echo '?'))"
else
    DATABASE_URL="sqlite:$WORK/bench.db"
    BACKEND="SQLite (file in $WORK)"
fi

# ---- server ---------------------------------------------------------------------
LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_ADDR="127.0.0.1:$PORT" \
    DATABASE_URL="$DATABASE_URL" APP_BASE_URL="$BASE" BCRYPT_COST="$BCRYPT_COST" \
    REGISTRATION_MAX_PER_IP="${REGISTRATION_MAX_PER_IP:-1000000}" \
    "$SERVER_BIN" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

deadline=$((SECONDS + 30))
until [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$BASE/health" || true) == 200 ]]; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        cat "$WORK/server.log" >&2
        die "the server exited during start-up (log above)"
    fi
    if ((SECONDS >= deadline)); then
        cat "$WORK/server.log" >&2
        die "the server did not answer GET /health with 200 within 30 s (log above)"
    fi
    sleep 0.2
done

# ---- accounts ---------------------------------------------------------------------
RUN_ID="bench$(date +%s)$$"
register() { # register EMAIL -> prints the shop_session cookie value
    local email=$1 code
    code=$(curl -sS --max-time 30 -o "$WORK/register.body" -D "$WORK/register.headers" \
        -w '%{http_code}' -H 'content-type: application/json' \
        -d "{\"email\":\"$email\",\"password\":\"$PASSWORD\",\"first_name\":\"Bench\",\"last_name\":\"Mark\"}" \
        "$BASE/api/customer/register")
    [[ $code == 201 ]] || die "register $email answered $code: $(cat "$WORK/register.body")"
    grep -i '^set-cookie: shop_session=' "$WORK/register.headers" | head -n1 |
        sed -E 's/^[^:]*: *shop_session=([^;]*).*/\1/' | tr -d '\r'
}

READER_COOKIE=$(register "${RUN_ID}reader@example.com")
[[ -n $READER_COOKIE ]] || die "register did not set a shop_session cookie"
for ((k = 1; k <= ACCOUNTS; k++)); do
    register "${RUN_ID}flood$k@example.com" >/dev/null
done

code=$(curl -s -o "$WORK/me.body" -w '%{http_code}' --max-time 10 \
    -H "Cookie: shop_session=$READER_COOKIE" "$BASE/api/customer/me")
[[ $code == 200 ]] || die "GET /api/customer/me with the cookie answered $code: $(cat "$WORK/me.body")"
code=$(curl -s -o "$WORK/login.body" -w '%{http_code}' --max-time 30 -H 'content-type: application/json' \
    -d "{\"email\":\"${RUN_ID}flood1@example.com\",\"password\":\"$PASSWORD\"}" "$BASE/api/customer/login")
[[ $code == 200 ]] || die "POST /api/customer/login answered $code: $(cat "$WORK/login.body")"

# names and counts of build tools running right now (other people's builds)
busy_tools() {
    local found
    found=$(ps -eo comm= | grep -xE 'rustc|cargo|clippy-driver|rustdoc|cc|cc1|cc1plus|ld|clang|rust-lld|wasm-opt|wasm-bindgen|node|chromium|chrome|playwright' |
        sort | uniq -c | awk '{printf "%s%s x%s", sep, $2, $1; sep=", "} END {print ""}')
    echo "${found:-none}"
}

# one login at a time, 5 times: the cost of one bcrypt verification here
LOGIN_ONE_MS=$(for ((k = 1; k <= 5; k++)); do
    curl -s -o /dev/null -w '%{time_total}\n' --max-time 30 -H 'content-type: application/json' \
        -d "{\"email\":\"${RUN_ID}flood$k@example.com\",\"password\":\"$PASSWORD\"}" "$BASE/api/customer/login"
done | sort -n | awk '{ t[NR] = $1 * 1000 } END { printf "%.0f", t[int((NR + 1) / 2)] }')

# ---- machine --------------------------------------------------------------------
CPU_MODEL=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
MEM=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
COMMIT=${SERVER_COMMIT:-$(git rev-parse --short HEAD 2>/dev/null || echo '?')}
DIRTY=$(git status --porcelain --untracked-files=no 2>/dev/null | wc -l)
BIN_TIME=$(date -r "$SERVER_BIN" '+%Y-%m-%d %H:%M:%S')
cat <<EOF

== machine and set-up
cpu:      $(nproc) cores, $CPU_MODEL
memory:   $MEM
kernel:   $(uname -sr)
wrk:      $(wrk -v 2>&1 | head -n1 | awk '{print $1, $2}')
server:   $SERVER_BIN built $BIN_TIME; tree at $COMMIT ($DIRTY files modified)
database: $BACKEND
bcrypt:   cost $BCRYPT_COST, $ACCOUNTS flood accounts; one login alone takes ${LOGIN_ONE_MS} ms (median of 5),
          so $(nproc) cores allow about $(python3 -c "print(round($(nproc) * 1000 / max($LOGIN_ONE_MS, 1)))") logins/s
reads:    wrk -t1 -c$READ_CONNS -d${READ_SECS}s --latency, GET /api/customer/me
flood:    wrk -t1 -c$FLOOD_CONNS -d${FLOOD_SECS}s --latency, POST /api/customer/login, started ${FLOOD_LEAD_SECS}s before the reads
load:     $(uptime | sed 's/^ *//')
compilers etc. now: $(busy_tools)
EOF

# ---- measurements ------------------------------------------------------------------
# run_wrk NAME SECONDS wrk-args... & ; output in $WORK/NAME.out, wrk's CPU
# time in $WORK/NAME.cpu, stopped after SECONDS + 30 whatever happens. Always
# run it in the background: the subshell becomes the procstat.py wrapper,
# which passes a kill (clean-up) on to wrk.
run_wrk() {
    local name=$1 secs=$2; shift 2
    exec python3 "$BENCH/procstat.py" run "$WORK/$name.out" "$WORK/$name.cpu" $((secs + 30)) \
        wrk --latency "$@"
}
# the server must have lived through every measurement, or its figures mean nothing
check_server() {
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        local status=0 how
        wait "$SERVER_PID" || status=$?
        SERVER_PID=""
        how="exit status $status"
        ((status <= 128)) || how="killed by signal $((status - 128)), not by this script"
        tail -n 20 "$WORK/server.log" >&2
        die "the server died during $1 ($how); last lines of its log above"
    fi
    [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$BASE/health" || true) == 200 ]] ||
        die "the server stopped answering GET /health after $1"
}
bench_line() { grep -m1 '^BENCH ' "$WORK/$1.out" || die "no summary in $WORK/$1.out: $(cat "$WORK/$1.out")"; }
field() { sed -E "s/.* $2=([^ ]*).*/\1/" <<<"$1"; }

PG_LABEL=()
[[ -z $PG_URL ]] || PG_LABEL=("comm:postgres=postgres")
READ_ARGS=(-t1 "-c$READ_CONNS" -H "Cookie: shop_session=$READER_COOKIE" -s "$BENCH/read.lua")

echo
echo "== warm-up: 2 s of reads (not reported)"
run_wrk warmup 2 -t1 -c8 -d2s -H "Cookie: shop_session=$READER_COOKIE" -s "$BENCH/read.lua" "$BASE/api/customer/me" &
READ_PID=$!
wait "$READ_PID" || { check_server "warm-up"; die "wrk (warm-up) failed: $(cat "$WORK/warmup.out")"; }
READ_PID=""
sleep 1
check_server "the warm-up"

echo "== (a) GET /api/customer/me alone, ${READ_SECS}s"
python3 "$BENCH/procstat.py" snap "$WORK/a0.json"
run_wrk read_alone "$READ_SECS" "${READ_ARGS[@]}" "-d${READ_SECS}s" "$BASE/api/customer/me" &
READ_PID=$!
wait "$READ_PID" || { check_server "reads alone"; die "wrk (reads alone) failed: $(cat "$WORK/read_alone.out")"; }
READ_PID=""
python3 "$BENCH/procstat.py" snap "$WORK/a1.json"
check_server "(a) reads alone"
python3 "$BENCH/procstat.py" diff "$WORK/a0.json" "$WORK/a1.json" \
    "pid:$SERVER_PID=server" "${PG_LABEL[@]}" "cpu:$WORK/read_alone.cpu=wrk reads"

sleep 2

echo "== (c) POST /api/customer/login flood alone, ${LOGIN_SECS}s"
python3 "$BENCH/procstat.py" snap "$WORK/c0.json"
run_wrk login_alone "$LOGIN_SECS" -t1 "-c$FLOOD_CONNS" "-d${LOGIN_SECS}s" --timeout 30s \
    -s "$BENCH/login.lua" "$BASE/api/customer/login" -- "${RUN_ID}flood" "$ACCOUNTS" "$PASSWORD" &
FLOOD_PID=$!
wait "$FLOOD_PID" || { check_server "logins alone"; die "wrk (logins alone) failed: $(cat "$WORK/login_alone.out")"; }
FLOOD_PID=""
python3 "$BENCH/procstat.py" snap "$WORK/c1.json"
check_server "(c) logins alone"
python3 "$BENCH/procstat.py" diff "$WORK/c0.json" "$WORK/c1.json" \
    "pid:$SERVER_PID=server" "${PG_LABEL[@]}" "cpu:$WORK/login_alone.cpu=wrk logins"

sleep 2

echo "== (b) the same reads during a login flood (flood ${FLOOD_SECS}s, reads ${READ_SECS}s inside it)"
run_wrk flood "$FLOOD_SECS" -t1 "-c$FLOOD_CONNS" "-d${FLOOD_SECS}s" --timeout 30s \
    -s "$BENCH/login.lua" "$BASE/api/customer/login" -- "${RUN_ID}flood" "$ACCOUNTS" "$PASSWORD" &
FLOOD_PID=$!
sleep "$FLOOD_LEAD_SECS"
kill -0 "$FLOOD_PID" 2>/dev/null || die "the login flood stopped early: $(cat "$WORK/flood.out")"
FLOOD_WRK_PID=$(pgrep -P "$FLOOD_PID" -x wrk || true)
python3 "$BENCH/procstat.py" snap "$WORK/b0.json"
run_wrk read_flood "$READ_SECS" "${READ_ARGS[@]}" "-d${READ_SECS}s" "$BASE/api/customer/me" &
READ_PID=$!
wait "$READ_PID" || { check_server "reads during the flood"; die "wrk (reads during the flood) failed: $(cat "$WORK/read_flood.out")"; }
READ_PID=""
python3 "$BENCH/procstat.py" snap "$WORK/b1.json"
wait "$FLOOD_PID" || { check_server "login flood"; die "wrk (login flood) failed: $(cat "$WORK/flood.out")"; }
FLOOD_PID=""
check_server "(b) reads during the login flood"
python3 "$BENCH/procstat.py" diff "$WORK/b0.json" "$WORK/b1.json" \
    "pid:$SERVER_PID=server" "${PG_LABEL[@]}" "cpu:$WORK/read_flood.cpu=wrk reads" "pid:${FLOOD_WRK_PID:-0}=wrk flood"

# ---- results ------------------------------------------------------------------
A=$(bench_line read_alone)
B=$(bench_line read_flood)
C=$(bench_line login_alone)
F=$(bench_line flood)
echo
echo "== results ($BACKEND, bcrypt cost $BCRYPT_COST, $(nproc) cores)"
printf '%-36s %10s %10s %10s %9s\n' scenario "req/s" "p50 ms" "p99 ms" "non-2xx"
row() { printf '%-36s %10s %10s %10s %9s\n' "$1" "$(field "$2" rps)" "$(field "$2" p50_ms)" "$(field "$2" p99_ms)" "$(field "$2" non2xx)"; }
row "(a) GET /me alone" "$A"
row "(c) POST /login flood alone" "$C"
row "(b) GET /me during login flood" "$B"
row "(b) POST /login flood, whole run" "$F"
python3 - "$A" "$B" <<'EOF'
import sys
def f(line, key):
    return float(line.split(f" {key}=")[1].split()[0])
a, b = sys.argv[1], sys.argv[2]
print(f"\nflood/alone: throughput x{f(b, 'rps') / f(a, 'rps'):.2f}, "
      f"p50 x{f(b, 'p50_ms') / f(a, 'p50_ms'):.2f}, p99 x{f(b, 'p99_ms') / f(a, 'p99_ms'):.2f}")
EOF
for name in read_alone login_alone read_flood flood; do
    line=$(bench_line "$name")
    errs="connect=$(field "$line" connect) read=$(field "$line" read) write=$(field "$line" write) timeout=$(field "$line" timeout)"
    [[ $errs == "connect=0 read=0 write=0 timeout=0" ]] || echo "note: $name socket errors: $errs"
done
echo "load after: $(uptime | sed 's/^ *//')"
echo "compilers etc. after: $(busy_tools)"
