#!/usr/bin/env python3
"""Two churn-serve builds give the same answers and log the same rows (decision ids and times aside).

  python3 scripts/bench/serve/compare_binaries.py --before /tmp/churn-serve-before [--after .build/release/churn-serve]
                                                  [--out bench-data/serve] [--n 200]

For each binary: start it on OUT/policy.bin with a fresh SQLite log, send the first N bodies of OUT/bodies.jsonl
one at a time (the first ten with an Idempotency-Key), the same N as one /v1/recommend/batch request, and one
retry of a keyed request; then read the log's decisions (inputs, scores and the other columns) and idempotency
rows (request, response). Every response body and every row must be equal byte for byte between the two
binaries once decision ids and timestamps are removed. Exit status 1 on any difference.
"""
import argparse
import json
import os
import re
import sqlite3
import subprocess
import sys
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
ID = re.compile(r'"decision_id":"[^"]*",')


def post(port, path, body, key=None):
    headers = {"Content-Type": "application/json"}
    if key:
        headers["Idempotency-Key"] = key
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body.encode(), method="POST", headers=headers)
    with urllib.request.urlopen(req, timeout=120) as r:
        return ID.sub("", r.read().decode())


def run(binary, out, bodies):
    log = os.path.join(out, f"compare-{os.getpid()}.sqlite")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(log + suffix):
            os.remove(log + suffix)
    proc = subprocess.Popen([binary, "--policy", os.path.join(out, "policy.bin"), "--port", "0", "--log", log],
                            stdout=subprocess.PIPE, text=True)
    port = int(re.search(r":(\d+) ", proc.stdout.readline()).group(1))
    try:
        answers = [post(port, "/v1/recommend", b, key=f"k{i}" if i < 10 else None) for i, b in enumerate(bodies)]
        answers.append(post(port, "/v1/recommend", bodies[3], key="k3"))
        batch = "{\"customers\":[" + ",".join(bodies) + "]}"
        answers.append(post(port, "/v1/recommend/batch", batch))
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    db = sqlite3.connect(log)
    rows = [repr(r) for r in db.execute(
        "SELECT customer_id, policy_version, inputs, churn_probability, recommendation, reduction, reduction_lower, "
        "reduction_upper, net_value, net_value_lower, net_value_upper, scores FROM decisions ORDER BY seq")]
    keys = [repr((k, route, req, status, ID.sub("", resp))) for k, route, req, status, resp in db.execute(
        "SELECT key, route, request, status, response FROM idempotency ORDER BY key")]
    db.close()
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(log + suffix):
            os.remove(log + suffix)
    return answers, rows, keys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--before", required=True)
    ap.add_argument("--after", default=os.path.join(ROOT, ".build", "release", "churn-serve"))
    ap.add_argument("--out", default=os.path.join(ROOT, "bench-data", "serve"))
    ap.add_argument("--n", type=int, default=200)
    a = ap.parse_args()
    bodies = open(os.path.join(a.out, "bodies.jsonl")).read().splitlines()[: a.n]
    before = run(a.before, a.out, bodies)
    after = run(a.after, a.out, bodies)
    bad = 0
    for name, x, y in zip(["responses", "decision rows", "idempotency rows"], before, after):
        differ = [i for i in range(max(len(x), len(y))) if i >= len(x) or i >= len(y) or x[i] != y[i]]
        print(f"{name}: {len(x)} before, {len(y)} after, {len(differ)} differ")
        for i in differ[:3]:
            print(f"  #{i}\n    before {x[i][:400] if i < len(x) else None}\n    after  {y[i][:400] if i < len(y) else None}")
        bad += len(differ)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
