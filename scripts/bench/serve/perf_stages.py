#!/usr/bin/env python3
"""Where churn-serve's CPU goes per request, by stage, from a perf profile of the server under wrk.

  python3 scripts/bench/serve/perf_stages.py [--serve-bin .build/release/churn-serve] [--out bench-data/serve]
                                             [--seconds 15] [--connections 50]

Starts churn-serve on OUT/policy.bin (SQLite log on), warms it with 3 s of wrk, then records `perf record -F 999 -g`
on the server process while `wrk -t2 -cC -dSs` posts OUT/bodies.jsonl to /v1/recommend, and stops it. Each sample
is put in the first stage whose pattern matches any frame of its call stack, in this order (so a sample under the
forest walk that also has HTTP frames above it counts as scoring):

  scoring      the policy: Causal / Learn / Policy / Stats' parallel loops, PolicyEngine (frame building included)
  metrics      ServeMetrics, swift-prometheus, swift-metrics
  log          GRDB, SQLite, GroupCommitter, SQLiteLogStore (inserts, commit, fsync syscalls under them)
  JSON out     responses and log rows: DecisionJSON, CompactJSONWriter, Render's writer, UUIDs, logRecords
  JSON in      Render's JSON parser
  validation   RequestValidator
  batcher      MicroBatcher hand-offs
  HTTP         Hummingbird, NIO, llhttp, ServeResponder (what is left of a request's own frames)
  other        no frame of the above: runtime (malloc, retain/release), kernel scheduling, thread wake-ups

CPU ms per request per stage = samples / requests wrk counted (samples at 999 Hz on all the server's threads).
"""
import argparse
import collections
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
HERE = os.path.dirname(os.path.abspath(__file__))
STAGES = [
    ("scoring", r"s6Causal|s5Learn|s6Policy|PolicyEngine|s5Stats11parallel"),
    ("metrics", r"ServeMetrics|Prometheus|CoreMetrics"),
    ("log (GRDB, SQLite, group commit)", r"GRDB|sqlite3|GroupCommitter|SQLiteLogStore"),
    ("JSON out (responses, log rows)", r"DecisionJSON|CompactJSONWriter|renderJSON|writeJSON|appendQuoted|logRecords|canonicalRequest|UUID"),
    ("JSON in (request parse)", r"parseJSON|JSONParser"),
    ("validation", r"RequestValidator"),
    ("batcher hand-offs", r"MicroBatcher"),
    ("HTTP (Hummingbird, NIO)", r"Hummingbird|NIO|llhttp|HTTPTypes|ServeResponder"),
]


def classify(perf_script_text):
    rules = [(n, re.compile(p)) for n, p in STAGES]
    counts = collections.Counter()
    stack = []

    def flush():
        if not stack:
            return
        for name, rx in rules:
            if any(rx.search(f) for f in stack):
                counts[name] += 1
                return
        counts["other (runtime, kernel, scheduling)"] += 1

    for line in perf_script_text.splitlines():
        if not line.strip():
            flush()
            stack.clear()
        elif line[0] in " \t":
            parts = line.split(None, 1)
            if len(parts) == 2:
                stack.append(parts[1])
    flush()
    return counts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--serve-bin", default=os.path.join(ROOT, ".build", "release", "churn-serve"))
    ap.add_argument("--out", default=os.path.join(ROOT, "bench-data", "serve"))
    ap.add_argument("--seconds", type=int, default=15)
    ap.add_argument("--connections", type=int, default=50)
    a = ap.parse_args()
    log = os.path.join(a.out, f"perf-{os.getpid()}.sqlite")
    data = os.path.join(a.out, f"perf-{os.getpid()}.data")
    proc = subprocess.Popen([a.serve_bin, "--policy", os.path.join(a.out, "policy.bin"), "--port", "0", "--log", log],
                            stdout=subprocess.PIPE, text=True)
    port = int(re.search(r":(\d+) ", proc.stdout.readline()).group(1))
    url = f"http://127.0.0.1:{port}/v1/recommend"
    env = dict(os.environ, BODIES=os.path.join(a.out, "bodies.jsonl"))
    wrk = ["wrk", "-t2", f"-c{a.connections}", "--timeout", "30s", "-s", os.path.join(HERE, "post.lua")]
    try:
        subprocess.run(wrk + ["-d3s", url], env=env, capture_output=True, check=True)
        perf = subprocess.Popen(["perf", "record", "-F", "999", "-g", "-p", str(proc.pid), "-o", data, "--",
                                 "sleep", str(a.seconds)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        out = subprocess.run(wrk + [f"-d{a.seconds}s", url], env=env, capture_output=True, text=True, check=True).stdout
        perf.wait()
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    text = subprocess.run(["perf", "script", "-i", data, "-F", "comm,tid,ip,sym"], capture_output=True, text=True).stdout
    counts = classify(text)
    total = sum(counts.values())
    print(f"{requests} requests in {a.seconds} s ({requests / a.seconds:.0f}/s), {total} samples at 999 Hz; "
          f"load average {os.getloadavg()[0]:.1f}")
    print("| stage | share of server CPU | CPU ms per request |")
    print("|---|---|---|")
    for name, n in counts.most_common():
        print(f"| {name} | {100 * n / total:.1f}% | {n / 0.999 / requests:.3f} |")
    rest = total - counts["scoring"]
    print(f"| **all but scoring** | {100 * rest / total:.1f}% | {rest / 0.999 / requests:.3f} |")
    print(f"| **total** | 100% | {total / 0.999 / requests:.3f} |")
    for f in (data, log, log + "-wal", log + "-shm"):
        if os.path.exists(f):
            os.remove(f)


if __name__ == "__main__":
    main()
