#!/usr/bin/env python3
"""CPU accounting for the benchmark, from /proc (no third-party packages).

  procstat.py snap FILE            save a snapshot (machine and per-process CPU time)
  procstat.py diff A B [pid:PID=LABEL | comm:NAME=LABEL | cpu:FILE=LABEL ...]
                                   print what used the CPU between two snapshots:
                                   the machine's busy share, the labelled processes
                                   (a live pid, all processes of a name, or the CPU
                                   file a `run` wrote) and the top other processes.
  procstat.py run OUT CPUFILE LIMIT_S CMD...
                                   run CMD with stdout and stderr to OUT, stop it
                                   (SIGINT, then SIGKILL) after LIMIT_S seconds,
                                   pass SIGTERM/SIGINT on to it, and write the CPU
                                   seconds and wall seconds it used to CPUFILE.
                                   Exits with CMD's status.
"""
import json
import os
import resource
import signal
import subprocess
import sys
import time

HZ = os.sysconf("SC_CLK_TCK")


def snap(path):
    with open("/proc/stat") as f:
        cpu = [int(x) for x in f.readline().split()[1:]]
    procs = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                raw = f.read()
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            continue
        comm = raw[raw.index("(") + 1 : raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2 :].split()
        # utime + stime (fields 14-15), all threads; children not included
        ticks = int(fields[11]) + int(fields[12])
        started = int(fields[19])  # start time: tells a reused pid apart
        procs[pid] = [comm, ticks, cmd[:120], started]
    with open("/proc/loadavg") as f:
        load = f.read().split()[:3]
    json.dump({"cpu": cpu, "procs": procs, "load": load}, open(path, "w"))


def diff(a_path, b_path, labels):
    a, b = json.load(open(a_path)), json.load(open(b_path))
    total = sum(b["cpu"]) - sum(a["cpu"])
    idle = (b["cpu"][3] + b["cpu"][4]) - (a["cpu"][3] + a["cpu"][4])
    ncpu = os.cpu_count() or 1
    wall = total / ncpu / HZ if total else 0.0

    def pct(ticks):  # share of ONE core over the interval
        return 100.0 * ticks / HZ / wall if wall else 0.0

    used = {}
    for pid, (comm, ticks, cmd, started) in b["procs"].items():
        # kernel threads rename themselves, so compare start times, not names
        before = a["procs"].get(pid)
        delta = ticks - (before[1] if before and before[3] == started else 0)
        if delta > 0:
            used[pid] = (comm, delta, cmd)
    cpu = [y - x for x, y in zip(a["cpu"], b["cpu"])]
    # /proc/stat: user nice system idle iowait irq softirq steal guest guest_nice
    share = lambda *i: 100.0 * sum(cpu[k] for k in i) / total if total else 0.0
    print(f"interval {wall:.1f}s on {ncpu} cores: machine busy "
          f"{100.0 * (total - idle) / total if total else 0:.0f}% of all cores "
          f"(user {share(0, 1):.0f}%, system {share(2):.0f}%, irq+softirq {share(5, 6):.0f}%, steal {share(7):.0f}%, "
          f"iowait {share(4):.0f}%); load average at end {' '.join(b['load'])}")
    labelled = set()
    extra_ticks = []  # CPU of labelled processes that ended before snapshot B
    for spec in labels:
        what, label = spec.split("=", 1)
        kind, _, ref = what.partition(":")
        if kind == "pid":
            comm, delta, _ = used.get(ref, ("?", 0, ""))
            labelled.add(ref)
            share = pct(delta)
        elif kind == "comm":
            pids = [p for p, (c, _, _) in used.items() if c == ref]
            labelled.update(pids)
            share = pct(sum(used[p][1] for p in pids))
        else:  # cpu:FILE from `run`: its own CPU over its own wall time
            cpu_s, wall_s = json.load(open(ref))
            share = 100.0 * cpu_s / wall_s if wall_s else 0.0
            extra_ticks.append(cpu_s * HZ)
        print(f"  {label:<10} {share:6.0f}% of a core")
    seen = sum(delta for _, delta, _ in used.values()) + sum(extra_ticks)
    # steal is time no process here got; irq and softirq time (loopback
    # networking) is charged to no process
    irq = cpu[5] + cpu[6]
    busy_ticks = total - idle - cpu[7] - irq
    gone = max(0, busy_ticks - seen)
    others = sorted(((d, p, c, cmd) for p, (c, d, cmd) in used.items() if p not in labelled),
                    reverse=True)
    rest = sum(d for d, *_ in others)
    print(f"  {'others':<10} {pct(rest):6.0f}% of a core, top:")
    for d, p, c, cmd in others[:5]:
        if pct(d) >= 1:
            print(f"    {pct(d):5.0f}%  pid {p} {c}: {cmd}")
    print(f"  {'irq':<10} {pct(irq):6.0f}% of a core: interrupts and softirqs "
          "(mostly loopback networking), charged to no process")
    print(f"  {'gone':<10} {pct(gone):6.0f}% of a core: processes that ended during the "
          "interval (builds, test runs) or otherwise unattributed")


def run(out, cpu_file, limit, cmd):
    start = time.monotonic()
    with open(out, "w") as f:
        child = subprocess.Popen(cmd, stdout=f, stderr=subprocess.STDOUT)

    def forward(signum, _frame):
        child.send_signal(signum)

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    try:
        rc = child.wait(timeout=limit)
    except subprocess.TimeoutExpired:
        child.send_signal(signal.SIGINT)
        try:
            child.wait(timeout=5)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        rc = 124
    wall = time.monotonic() - start
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    json.dump([ru.ru_utime + ru.ru_stime, wall], open(cpu_file, "w"))
    sys.exit(rc if rc >= 0 else 128 - rc)


if __name__ == "__main__":
    if len(sys.argv) >= 6 and sys.argv[1] == "run":
        run(sys.argv[2], sys.argv[3], float(sys.argv[4]), sys.argv[5:])
    elif len(sys.argv) >= 3 and sys.argv[1] == "snap":
        snap(sys.argv[2])
    elif len(sys.argv) >= 4 and sys.argv[1] == "diff":
        diff(sys.argv[2], sys.argv[3], sys.argv[4:])
    else:
        sys.exit(__doc__)
