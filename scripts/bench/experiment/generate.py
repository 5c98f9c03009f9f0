#!/usr/bin/env python3
"""Generate a three-arm experiment CSV for the ab_test benchmark.

Columns: customer (C0000000…), arm (control / offer / call, equal shares, seeded), churned (0/1; control
26 %, offer 23 %, call 25.5 %), revenue_pre (pre-period revenue, gamma, 2 decimals) and revenue (0.8 ×
revenue_pre + noise + an arm effect, 2 decimals). About 0.01 % of churned values are blank (missing).

Usage: generate.py [--rows 10000000] [--seed 42] [--out PATH]
Default output: <repo>/bench-data/experiment_<rows>.csv (git-ignored); kept if it already exists.
"""
import argparse
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out")
    ap.add_argument("--force", action="store_true")
    a = ap.parse_args()
    out = a.out or os.path.join(ROOT, "bench-data", f"experiment_{a.rows}.csv")
    if os.path.exists(out) and not a.force:
        print(out)
        return
    os.makedirs(os.path.dirname(out), exist_ok=True)
    rng = np.random.default_rng(a.seed)
    arms = np.array(["control", "offer", "call"])
    chunk = 1_000_000
    with open(out + ".tmp", "w") as f:
        f.write("customer,arm,churned,revenue_pre,revenue\n")
        for start in range(0, a.rows, chunk):
            n = min(chunk, a.rows - start)
            k = rng.integers(0, 3, n)
            rate = np.choose(k, [0.26, 0.23, 0.255])
            churned = (rng.random(n) < rate).astype(int).astype(str)
            churned[rng.random(n) < 1e-4] = ""
            pre = rng.gamma(2.0, 30.0, n)
            rev = 0.8 * pre + rng.normal(0, 15, n) + np.choose(k, [0.0, 1.5, 0.5])
            ids = np.char.add("C", np.char.zfill(np.arange(start, start + n).astype(str), 7))
            lines = np.char.add(np.char.add(np.char.add(np.char.add(np.char.add(ids, ","), arms[k]), ","), churned), ",")
            rest = np.char.add(np.char.add(np.char.mod("%.2f", pre), ","), np.char.mod("%.2f", rev))
            f.write("\n".join(np.char.add(lines, rest).tolist()))
            f.write("\n")
    os.replace(out + ".tmp", out)
    print(out)


if __name__ == "__main__":
    main()
