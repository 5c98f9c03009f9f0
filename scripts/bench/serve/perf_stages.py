#!/usr/bin/env python3
"""Where churn-serve's CPU goes per request, by stage, from a perf profile of the server under wrk.

  python3 scripts/bench/serve/perf_stages.py [--serve-bin .build/release/churn-serve] [--out bench-data/serve]
                                             [--serve-args "..."] [--top 25] [--keep FILE]
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
Then the samples outside scoring by their leaf frame (kernel, retain/release, allocation, exclusivity checks,
memcpy, locks, Swift runtime, or plain code), all samples by thread name (scoring and the rest apart), and the
hottest leaf symbols outside scoring.
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


LEAF_KINDS = [
    ("kernel (syscalls, scheduling, wake-ups, network)", r"\[kernel|kallsyms"),
    ("retain/release", r"swift_(retain|release|bridgeObjectRetain|bridgeObjectRelease|unknownObject(Retain|Release)|nonatomic)"),
    ("allocation (malloc, free, swift_allocObject)", r"malloc|free|calloc|realloc|swift_(allocObject|deallocObject|slowAlloc|slowDealloc|deallocClassInstance)|_int_|tcache|arena"),
    ("exclusivity checks", r"swift_(beginAccess|endAccess)"),
    ("memcpy/memmove/memset", r"mem(cpy|move|set|cmp)"),
    ("locks, futex, semaphores (user side)", r"pthread_mutex|pthread_cond|lll_|futex|os_unfair|_dispatch_sema|Mutex"),
    ("Swift runtime (metadata, casts, tasks)", r"swift_(dynamicCast|getGenericMetadata|task_|job_|continuation|conformsTo|getWitness|checkMetadata)|swift::"),
]


def classify(perf_script_text):
    """Per sample: its stage (first matching rule over the whole stack), its leaf kind (what the CPU was
    executing: kernel, retain/release, malloc, ..., or plain code) and its thread's name."""
    rules = [(n, re.compile(p)) for n, p in STAGES]
    kinds = [(n, re.compile(p)) for n, p in LEAF_KINDS]
    counts = collections.Counter()
    leaf_counts = collections.Counter()
    leaf_symbols = collections.Counter()
    threads = collections.Counter()
    stack = []
    comm = [""]

    def flush():
        if not stack:
            return
        stage = next((name for name, rx in rules if any(rx.search(f) for f in stack)),
                     "other (runtime, kernel, scheduling)")
        counts[stage] += 1
        leaf = stack[0]
        kind = next((name for name, rx in kinds if rx.search(leaf)), "code")
        if stage != "scoring":
            leaf_counts[kind] += 1
            leaf_symbols[re.sub(r"\+0x[0-9a-f]+", "", leaf)[:110]] += 1
        threads[(re.sub(r"[0-9]+", "N", comm[0]), stage == "scoring")] += 1

    for line in perf_script_text.splitlines():
        if not line.strip():
            flush()
            stack.clear()
        elif line[0] in " \t":
            parts = line.split(None, 1)
            if len(parts) == 2:
                stack.append(parts[1])
        else:
            comm[0] = line.rsplit(None, 1)[0] if " " in line.strip() else line.strip()
    flush()
    return counts, leaf_counts, leaf_symbols, threads


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--serve-bin", default=os.path.join(ROOT, ".build", "release", "churn-serve"))
    ap.add_argument("--out", default=os.path.join(ROOT, "bench-data", "serve"))
    ap.add_argument("--seconds", type=int, default=15)
    ap.add_argument("--connections", type=int, default=50)
    ap.add_argument("--serve-args", default="", help="extra churn-serve options, e.g. \"--scoring-threads 1\"")
    ap.add_argument("--keep", metavar="FILE", help="keep the perf data (perf script -i FILE) instead of deleting it")
    ap.add_argument("--top", type=int, default=25, help="how many of the hottest non-scoring leaf symbols to list")
    a = ap.parse_args()
    log = os.path.join(a.out, f"perf-{os.getpid()}.sqlite")
    data = os.path.join(a.out, f"perf-{os.getpid()}.data")
    proc = subprocess.Popen([a.serve_bin, "--policy", os.path.join(a.out, "policy.bin"), "--port", "0", "--log", log] + a.serve_args.split(),
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
    text = subprocess.run(["perf", "script", "-i", data, "-F", "comm,tid,ip,sym,dso"], capture_output=True, text=True).stdout
    counts, leaf_counts, leaf_symbols, threads = classify(text)
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
    print()
    print("Outside scoring, by what the CPU was executing (the sample's leaf frame):")
    print("| leaf | share of server CPU | CPU ms per request |")
    print("|---|---|---|")
    for name, n in leaf_counts.most_common():
        print(f"| {name} | {100 * n / total:.1f}% | {n / 0.999 / requests:.3f} |")
    print()
    print("By thread (names with digits as N; scoring and the rest apart):")
    print("| thread | scoring samples | other samples | CPU ms per request |")
    print("|---|---|---|---|")
    names = sorted({t for t, _ in threads}, key=lambda t: -(threads[(t, True)] + threads[(t, False)]))
    for t in names:
        n = threads[(t, True)] + threads[(t, False)]
        print(f"| {t} | {threads[(t, True)]} | {threads[(t, False)]} | {n / 0.999 / requests:.3f} |")
    print()
    print(f"The {a.top} hottest leaf symbols outside scoring:")
    print("| samples | CPU ms per request | leaf symbol |")
    print("|---|---|---|")
    for sym, n in leaf_symbols.most_common(a.top):
        print(f"| {n} | {n / 0.999 / requests:.4f} | `{sym}` |")
    if a.keep:
        os.replace(data, a.keep)
    for f in (data, log, log + "-wal", log + "-shm"):
        if os.path.exists(f):
            os.remove(f)


if __name__ == "__main__":
    main()
