#!/usr/bin/env python3
"""Batched answers equal one-at-a-time answers, on the bench policy (gbm churn model, four 2,000-tree forests).

  python3 scripts/bench/serve/check_batched_equal.py [--serve-bin .build/release/churn-serve] [--out bench-data/serve]

Starts churn-serve on OUT/policy.bin, sends the bodies of OUT/bodies.jsonl one at a time (each scored alone),
then all of them again from 50 threads at once (scored in batches; the server's batch-size histogram shows
it), and compares the two answers of every customer with the decision id removed: they must be equal byte
for byte. Prints the counts and the batch sizes seen; exit status 1 on any difference.
"""
import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def post(port, body):
    req = urllib.request.Request(f"http://127.0.0.1:{port}/v1/recommend", data=body.encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as r:
        return re.sub(r'"decision_id":"[^"]*",', "", r.read().decode())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--serve-bin", default=os.path.join(ROOT, ".build", "release", "churn-serve"))
    ap.add_argument("--out", default=os.path.join(ROOT, "bench-data", "serve"))
    a = ap.parse_args()
    log = os.path.join(a.out, "equal-check.sqlite")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(log + suffix):
            os.remove(log + suffix)
    proc = subprocess.Popen([a.serve_bin, "--policy", os.path.join(a.out, "policy.bin"), "--port", "0", "--log", log],
                            stdout=subprocess.PIPE, text=True)
    port = int(re.search(r":(\d+) ", proc.stdout.readline()).group(1))
    try:
        bodies = open(os.path.join(a.out, "bodies.jsonl")).read().splitlines()
        alone = [post(port, b) for b in bodies]
        with concurrent.futures.ThreadPoolExecutor(50) as pool:
            together = list(pool.map(lambda b: post(port, b), bodies))
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics") as r:
            metrics = r.read().decode()
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    count = float(re.search(r"^churn_scoring_batch_size_count (\S+)$", metrics, re.M).group(1))
    total = float(re.search(r"^churn_scoring_batch_size_sum (\S+)$", metrics, re.M).group(1))
    buckets = re.findall(r'^churn_scoring_batch_size_bucket\{le="([^"]+)"\} (\S+)$', metrics, re.M)
    differ = [i for i in range(len(bodies)) if alone[i] != together[i]]
    print(f"{len(bodies)} customers: one at a time, then from 50 threads at once; "
          f"{int(count)} scoring batches for {int(total)} customers (mean {total / count:.2f}); "
          f"cumulative batch-size buckets {', '.join(f'<={le}: {int(float(n))}' for le, n in buckets)}")
    print(f"answers that differ (decision id aside): {len(differ)}")
    for i in differ[:5]:
        print(f"  customer {i}:\n    alone    {alone[i][:300]}\n    together {together[i][:300]}")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
