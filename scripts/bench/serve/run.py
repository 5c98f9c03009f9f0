#!/usr/bin/env python3
"""Decision-service load bench: churn-serve vs the FastAPI + scikit-learn + EconML reference, same run.

  python3 scripts/bench/serve/run.py [--out bench-data/serve] [--duration 30] [--connections 50] [--trees 2000]
                                     [--skip-reference] [--postgres postgresql://USER@HOST:PORT/DB]
                                     [--serve-bin PATH] [--serve-args "--scoring-threads 0"] [--label NAME]

Steps (loopback only, bounded in time): build the policy with make_policy.churn (skipped if OUT/policy.bin
exists), fit the reference models (skipped if OUT/reference.pkl exists), write request bodies from
OUT/customers.csv, then for each service: start it, time start-up to ready, read RSS at rest, run
`wrk -t2 -cC -dDs --latency` on POST /v1/recommend (SQLite log on), read RSS under load mid-run, stop it.
With --postgres, churn-serve runs a second time with its log in that PostgreSQL database.
Prints one table; the bench README quotes it.
"""
import argparse
import csv
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
HERE = os.path.dirname(os.path.abspath(__file__))
FIELDS_NUM = ["tenure", "MonthlyCharges", "TotalCharges", "SeniorCitizen"]
FIELDS_CAT = ["Contract", "InternetService", "OnlineSecurity", "TechSupport", "PaymentMethod"]


def family(pid):
    """A process and its children (uvicorn workers)."""
    return [pid] + [int(p) for p in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()]


def rss_mib(pid):
    """Resident memory of a process and its children, MiB."""
    total = 0
    for p in family(pid):
        try:
            with open(f"/proc/{p}/status") as f:
                total += sum(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
        except FileNotFoundError:
            pass
    return total / 1024


def wait_ready(url, proc, timeout=600):
    start = time.time()
    while time.time() - start < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1) as r:
                if r.status == 200:
                    return
        except Exception:
            time.sleep(0.05)
    raise RuntimeError("server not ready")


def wrk(port, bodies, duration, connections, pid):
    env = dict(os.environ, BODIES=bodies)
    p = subprocess.Popen(["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{duration}s", "--timeout", "30s", "--latency", "-s", os.path.join(HERE, "post.lua"),
                          f"http://127.0.0.1:{port}/v1/recommend"], stdout=subprocess.PIPE, text=True, env=env)
    time.sleep(duration / 2)
    under_load = rss_mib(pid)
    out = p.communicate(timeout=duration + 60)[0]
    return out, under_load


def parse_wrk(out):
    def dur(s):
        v, unit = re.match(r"([\d.]+)(us|ms|s|m)", s).groups()
        return float(v) * {"us": 1e-3, "ms": 1, "s": 1000, "m": 60000}[unit]
    p99 = dur(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    p50 = dur(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    errors = 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if m:
        errors += sum(int(x) for x in m.groups())
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if m:
        errors += int(m.group(1))
    return {"rps": rps, "p50_ms": p50, "p99_ms": p99, "requests": total, "errors": errors}


def cpu_seconds(pid):
    """User + system CPU time of a process and its children, seconds."""
    total = 0
    for p in family(pid):
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except FileNotFoundError:
            pass
    return total


def measure(name, proc, port, ready_s, bodies, a, wrk_file, scrape=None):
    """RSS at rest, wrk under load (RSS read mid-run), the server's CPU time per request, `scrape(port)` if
    given, SIGTERM; the wrk output goes to `wrk_file`."""
    rest = rss_mib(proc.pid)
    cpu0 = cpu_seconds(proc.pid)
    out, loaded = wrk(port, bodies, a.duration, a.connections, proc.pid)
    cpu = cpu_seconds(proc.pid) - cpu0
    extra = scrape(port) if scrape else None
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=60)
    with open(os.path.join(a.out, wrk_file), "w") as f:
        f.write(out)
    r = parse_wrk(out)
    r.update(name=name, ready_s=ready_s, rss_rest=rest, rss_load=loaded, cpu_ms=1000 * cpu / max(1, r["requests"]))
    if extra is not None:
        r.update(commits=extra)
    return r


def log_commits(port):
    """Group commits, mean commit time (ms), rows per commit, scoring batches and mean batch size from the
    server's /metrics."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as r:
        text = r.read().decode()
    def metric(name):
        m = re.search(rf"^{name} ([0-9.e+-]+)$", text, re.M)
        return float(m.group(1)) if m else float("nan")
    n = metric("churn_log_commit_duration_seconds_count")
    batches = metric("churn_scoring_batch_size_count")
    return (n, 1000 * metric("churn_log_commit_duration_seconds_sum") / n, metric("churn_log_commit_records_sum") / n,
            batches, metric("churn_scoring_batch_size_sum") / batches if batches == batches and batches > 0 else float("nan"))


def churn_serve(name, serve, log, bodies, a, wrk_file):
    """Starts churn-serve on the bench policy with `--log log`, measures it, stops it."""
    policy = os.path.join(a.out, "policy.bin")
    t = time.time()
    proc = subprocess.Popen([serve, "--policy", policy, "--port", "0", "--log", log] + a.serve_args.split(),
                            stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    ready = time.time() - t
    port = int(re.search(r":(\d+) ", line).group(1))
    wait_ready(f"http://127.0.0.1:{port}/ready", proc)
    return measure(name, proc, port, ready, bodies, a, wrk_file, scrape=log_commits)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(ROOT, "bench-data", "serve"))
    ap.add_argument("--duration", type=int, default=30)
    ap.add_argument("--connections", type=int, default=50)
    ap.add_argument("--trees", type=int, default=2000)
    ap.add_argument("--skip-reference", action="store_true")
    ap.add_argument("--postgres", metavar="URL", help="also run churn-serve with --log URL (an empty PostgreSQL database)")
    ap.add_argument("--serve-bin", help="the churn-serve binary (default .build/release/churn-serve), e.g. a copy of an older build")
    ap.add_argument("--serve-args", default="", help="extra churn-serve options, e.g. \"--scoring-threads 0\"")
    ap.add_argument("--label", default="churn-serve", help="the row's name in the table")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    churn = os.path.join(ROOT, ".build", "release", "churn")
    serve = a.serve_bin or os.path.join(ROOT, ".build", "release", "churn-serve")
    if not os.path.exists(os.path.join(a.out, "policy.bin")):
        t = time.time()
        subprocess.run([churn, "run", os.path.join(HERE, "make_policy.churn"), "--param", f"trees={a.trees}", "--param", f"out={a.out}"],
                       check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        print(f"policy built in {time.time() - t:.0f} s ({a.trees} trees per arm)")
    bodies = os.path.join(a.out, "bodies.jsonl")
    with open(os.path.join(a.out, "customers.csv")) as f, open(bodies, "w") as out:
        for i, row in enumerate(csv.DictReader(f)):
            if i == 500:
                break
            body = {"customer_id": row["customerID"]}
            for k in FIELDS_NUM:
                body[k] = float(row[k]) if row[k] not in ("", "NA") else 0.0
            for k in FIELDS_CAT:
                body[k] = row[k]
            out.write(json.dumps(body) + "\n")
    results = []
    size = os.path.getsize(os.path.join(a.out, "policy.bin"))
    log = os.path.join(a.out, "decisions.sqlite")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(log + suffix):
            os.remove(log + suffix)
    results.append(churn_serve(a.label, serve, log, bodies, a, "churn-serve.wrk.txt"))
    if a.postgres:
        results.append(churn_serve("churn-serve, PostgreSQL log", serve, a.postgres, bodies, a, "churn-serve-pg.wrk.txt"))
    print(f"churn-serve: policy file {size / 1e6:.1f} MB")
    if not a.skip_reference:
        if not os.path.exists(os.path.join(a.out, "reference.pkl")):
            t = time.time()
            subprocess.run([sys.executable, os.path.join(HERE, "reference_service.py"), "prepare", a.out], check=True)
            print(f"reference models fitted in {time.time() - t:.0f} s")
        env = dict(os.environ, REFERENCE_DIR=a.out, PYTHONPATH=HERE)
        t = time.time()
        proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "reference_service:app", "--port", "8099", "--workers", "2",
                                 "--log-level", "warning"], env=env, cwd=HERE)
        wait_ready("http://127.0.0.1:8099/health", proc)
        results.append(measure("FastAPI reference", proc, 8099, time.time() - t, bodies, a, "reference.wrk.txt"))
    print(f"\nload average during the run (other work on this machine): {open('/proc/loadavg').read().split()[:3]}")
    print(f"wrk -t{min(2, a.connections)} -c{a.connections} -d{a.duration}s POST /v1/recommend, decision log on (SQLite unless the row says PostgreSQL)")
    print("| service | requests/s | p50 ms | p99 ms | requests | errors | server CPU ms per request | start-up to ready s | RSS at rest MiB | RSS under load MiB |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['name']} | {r['rps']:.0f} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | {r['requests']} | {r['errors']} | "
              f"{r['cpu_ms']:.3f} | {r['ready_s']:.2f} | {r['rss_rest']:.0f} | {r['rss_load']:.0f} |")
    for r in results:
        if "commits" in r:
            n, ms, rows, batches, size = r["commits"]
            print(f"{r['name']}: {n:.0f} group commits, mean {ms:.2f} ms, mean {rows:.1f} rows per commit; "
                  f"{batches:.0f} scoring batches, mean {size:.1f} customers per batch")
    if not a.skip_reference:
        print(f"throughput ratio churn-serve / reference: {results[0]['rps'] / results[-1]['rps']:.1f}x")


if __name__ == "__main__":
    main()
