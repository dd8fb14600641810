#!/usr/bin/env python3
"""How long "forgot password" takes for a known and an unknown email.

Starts the RELEASE server on a free port with a throwaway SQLite database
(mail limits lifted, so every known-email request really issues a token and
queues a mail), registers one customer, then sends N requests alternating a
known and an unknown email, twice: with the equal-time floor
(MAIL_ANSWER_FLOOR_MS, default 250) and without it (0). Prints median, p90,
p99 and mean per kind. A benchmark: it asserts nothing.

    bench/forgot_timing.py [--requests N]

SERVER_BIN names the binary (default $CARGO_TARGET_DIR/release/server or
target/release/server). Only 127.0.0.1 is sent traffic.
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def server_bin():
    if os.environ.get("SERVER_BIN"):
        return os.environ["SERVER_BIN"]
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    return os.path.join(target, "release", "server")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post(base, path, body):
    req = urllib.request.Request(
        base + path,
        data=json.dumps(body).encode(),
        headers={"content-type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as res:
            return res.status, res.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def run(floor_ms, requests):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    work = tempfile.mkdtemp(prefix="forgot-bench-")
    env = dict(
        os.environ,
        DATABASE_URL=f"sqlite:{work}/shop.db",
        LEPTOS_SITE_ADDR=f"127.0.0.1:{port}",
        LEPTOS_SITE_ROOT=os.path.join(ROOT, "target", "site"),
        MAIL_MAX_PER_ADDRESS="1000",
        MAIL_MAX_PER_IP="100000",
        MAIL_ANSWER_FLOOR_MS=str(floor_ms),
        BCRYPT_COST="10",
        RUST_LOG="warn",
    )
    log = open(os.path.join(work, "server.log"), "w")
    proc = subprocess.Popen([server_bin()], env=env, stdout=log, stderr=log)
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/health", timeout=1)
                break
            except Exception:
                time.sleep(0.1)
        else:
            sys.exit(f"the server did not start (log: {work}/server.log)")
        status, _ = post(base, "/api/customer/register", {
            "email": "known@example.com", "password": "velvet trombone midnight 42",
            "first_name": "Ann", "last_name": "Lee"})
        assert status == 201, status
        times = {"known": [], "unknown": []}
        bodies = set()
        for i in range(requests):
            kind = "known" if i % 2 == 0 else "unknown"
            email = "known@example.com" if kind == "known" else f"nobody{i}@example.com"
            start = time.perf_counter()
            status, body = post(base, "/api/customer/forgotPassword", {"email": email})
            times[kind].append((time.perf_counter() - start) * 1000)
            bodies.add((status, body))
        return times, bodies
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def describe(ms):
    ms = sorted(ms)
    pick = lambda q: ms[min(len(ms) - 1, int(q * len(ms)))]
    return (f"median {statistics.median(ms):7.2f} ms  p90 {pick(0.9):7.2f}  "
            f"p99 {pick(0.99):7.2f}  mean {statistics.mean(ms):7.2f}  (n={len(ms)})")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    print(f"server: {server_bin()}")
    for floor in (250, 0):
        times, bodies = run(floor, args.requests)
        print(f"MAIL_ANSWER_FLOOR_MS={floor}: {len(bodies)} distinct answer(s)")
        for kind in ("known", "unknown"):
            print(f"  {kind:8} {describe(times[kind])}")


if __name__ == "__main__":
    main()
