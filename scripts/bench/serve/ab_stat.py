#!/usr/bin/env python3
"""Alternating A/B runs of churn-serve configurations under wrk, with the server's CPU time and context switches
per request from `perf stat` (software counters; this VM has no hardware counters).

  python3 scripts/bench/serve/ab_stat.py --config "before=/tmp/base11/churn-serve" \\
      --config "after=.build/release/churn-serve --executor nio" [--rounds 2] [--duration 15] [--connections 50]

Each --config is NAME=BINARY [churn-serve options]. Every round runs each configuration once, in the order given
(A B A B ...), on OUT/policy.bin and OUT/bodies.jsonl (written by run.py) with a fresh SQLite log: start, wait
for /ready, 3 s of wrk to warm up, then `perf stat -e task-clock,context-switches,cpu-migrations -p PID` for
exactly the wrk run of DURATION seconds. Prints one table row per run: requests/s, p50, p90, p99 (wrk --latency),
server CPU ms per request (task-clock / requests), context switches and CPU migrations per request, the load
average before the run, and from /metrics over the measured run only: scoring batches and customers per batch,
group commits, rows per commit and mean commit time, and (binaries that have `churn_recommend_stage_seconds`) a
request's wait for its decision and for its commit: mean, and p50 and p99 interpolated within the histogram's
buckets (edges 0.1, 0.25, 0.5, 1, 2, 5, 10, 25, 50, 100, 250 ms, ...).
"""
import argparse
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import run  # noqa: E402  (the bench's helpers: wait_ready, parse_wrk)
import urllib.request  # noqa: E402

SERIES = {
    "batches": "churn_scoring_batch_size_count", "batched": "churn_scoring_batch_size_sum",
    "commits": "churn_log_commit_duration_seconds_count", "committed": "churn_log_commit_records_sum",
    "commit_s": "churn_log_commit_duration_seconds_sum",
    "scoring_n": 'churn_recommend_stage_seconds_count{stage="scoring"}',
    "scoring_s": 'churn_recommend_stage_seconds_sum{stage="scoring"}',
    "log_n": 'churn_recommend_stage_seconds_count{stage="log"}',
    "log_s": 'churn_recommend_stage_seconds_sum{stage="log"}',
}


def scrape(port):
    """The /metrics series above (nan when a binary does not have one)."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as r:
        text = r.read().decode()
    out = {}
    for stage in ("scoring", "log"):
        for le, v in re.findall(rf'^churn_recommend_stage_seconds_bucket\{{stage="{stage}",le="([^"]+)"\}} ([0-9.e+-]+)$',
                                text, re.M):
            out[f"{stage}_le_{le}"] = float(v)
    for key, series in SERIES.items():
        m = re.search(rf"^{re.escape(series)} ([0-9.e+-]+)$", text, re.M)
        out[key] = float(m.group(1)) if m else float("nan")
    return out


def one(name, argv, a):
    log = os.path.join(a.out, f"ab-{os.getpid()}.sqlite")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(log + suffix):
            os.remove(log + suffix)
    proc = subprocess.Popen(argv[:1] + ["--policy", os.path.join(a.out, "policy.bin"), "--port", "0", "--log", log]
                            + argv[1:], stdout=subprocess.PIPE, text=True)
    port = int(re.search(r":(\d+) ", proc.stdout.readline()).group(1))
    run.wait_ready(f"http://127.0.0.1:{port}/ready", proc)
    url = f"http://127.0.0.1:{port}/v1/recommend"
    env = dict(os.environ, BODIES=os.path.join(a.out, "bodies.jsonl"))
    wrk = ["wrk", f"-t{min(2, a.connections)}", f"-c{a.connections}", "--timeout", "30s", "--latency", "-s", os.path.join(HERE, "post.lua")]
    load = os.getloadavg()[0]
    try:
        subprocess.run(wrk + ["-d3s", url], env=env, capture_output=True, check=True)
        m0 = scrape(port)
        stat = subprocess.Popen(["perf", "stat", "-x,", "-e", "task-clock,context-switches,cpu-migrations",
                                 "-p", str(proc.pid), "--", "sleep", str(a.duration)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        out = subprocess.run(wrk + [f"-d{a.duration}s", url], env=env, capture_output=True, text=True,
                             check=True).stdout
        counters = {}
        for line in stat.communicate()[1].splitlines():
            parts = line.split(",")
            if len(parts) > 3 and parts[0].replace(".", "").isdigit():
                counters[parts[2]] = float(parts[0])
        m1 = scrape(port)
    finally:
        proc.terminate()
        proc.wait(timeout=60)
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(log + suffix):
                os.remove(log + suffix)
    r = run.parse_wrk(out)
    p90 = re.search(r"^\s+90%\s+(\S+)", out, re.M).group(1)
    n = max(1, r["requests"])
    d = {k: m1[k] - m0[k] for k in m1}

    def quantile(stage, q):
        """The q-quantile of a stage's wait in ms from the histogram's buckets (linear within a bucket)."""
        edges = sorted((float(k.split("_le_")[1]), v) for k, v in d.items()
                       if k.startswith(stage + "_le_") and not k.endswith("+Inf"))
        total = d.get(stage + "_le_+Inf", 0)
        if total <= 0:
            return "–"
        lo, below = 0.0, 0.0
        for edge, count in edges:
            if count >= q * total:
                return f"{1000 * (lo + (edge - lo) * (q * total - below) / max(1e-9, count - below)):.1f}"
            lo, below = edge, count
        return f">{1000 * lo:.0f}"

    def ratio(a, b, scale=1.0):
        return f"{scale * d[a] / d[b]:.2f}" if d[b] == d[b] and d[b] > 0 else "–"
    print(f"| {time.strftime('%H:%M:%S', time.gmtime())} ({load:.1f}) | {name} | {r['rps']:.0f} | {r['p50_ms']:.2f} | "
          f"{p90} | {r['p99_ms']:.2f} | {r['errors']} | {counters.get('task-clock', float('nan')) / n:.3f} | "
          f"{counters.get('context-switches', float('nan')) / n:.2f} | {counters.get('cpu-migrations', float('nan')) / n:.3f} | "
          f"{d['batches']:.0f}, {ratio('batched', 'batches')} | {d['commits']:.0f}, {ratio('committed', 'commits')}, "
          f"{ratio('commit_s', 'commits', 1000)} | {ratio('scoring_s', 'scoring_n', 1000)} ({quantile('scoring', 0.5)}, {quantile('scoring', 0.99)}) | "
          f"{ratio('log_s', 'log_n', 1000)} ({quantile('log', 0.5)}, {quantile('log', 0.99)}) |",
          flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", action="append", required=True, help="NAME=BINARY [options]")
    ap.add_argument("--out", default=os.path.join(run.ROOT, "bench-data", "serve"))
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--duration", type=int, default=15)
    ap.add_argument("--connections", type=int, default=50)
    a = ap.parse_args()
    configs = [(c.split("=", 1)[0], c.split("=", 1)[1].split()) for c in a.config]
    print(f"wrk -t{min(2, a.connections)} -c{a.connections} -d{a.duration}s per run, SQLite log (synchronous=FULL unless the options say)")
    print("| UTC at the end (load before) | config | requests/s | p50 ms | p90 | p99 ms | errors | server CPU ms / request | "
          "context switches / request | migrations / request | scoring batches, customers each | "
          "group commits, rows each, mean ms | scoring wait ms: mean (p50, p99) | log wait ms: mean (p50, p99) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for _ in range(a.rounds):
        for name, argv in configs:
            one(name, argv, a)


if __name__ == "__main__":
    main()
