#!/usr/bin/env python3
"""Generate a large Telco-shaped CSV for the read_csv / group-summarize benchmark.

Resamples rows of the real IBM Telco file (with replacement, fixed seed), gives every row a fresh
unique customerID, and jitters the numeric columns (tenure +-2 months clipped to 0..72,
MonthlyCharges +-1.00, TotalCharges recomputed as tenure * MonthlyCharges * U(0.9, 1.1) and left blank
when tenure is 0, as in the real file). Output keeps the real file's 21 columns, order and quoting.

Usage: generate.py [--rows 1000000] [--seed 42] [--source PATH] [--out PATH]
The default output is <repo>/bench-data/telco_1m.csv (git-ignored); nothing is written if it exists
with the requested size (use --force to regenerate).
"""
import argparse
import os
import sys

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
DEFAULT_SOURCE = os.environ.get(
    "CHURN_TELCO_CSV",
    os.path.join(ROOT, "..", "shared", "data", "telco", "WA_Fn-UseC_-Telco-Customer-Churn.csv"))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--source", default=DEFAULT_SOURCE)
    ap.add_argument("--out", default=None)
    ap.add_argument("--force", action="store_true")
    args = ap.parse_args()
    out = args.out or os.path.join(ROOT, "bench-data", f"telco_{args.rows}.csv")
    stamp = out + ".rows"
    if not args.force and os.path.exists(out) and os.path.exists(stamp):
        with open(stamp) as f:
            if f.read().strip() == f"{args.rows} {args.seed}":
                print(out)
                return
    if not os.path.exists(args.source):
        sys.exit(f"real Telco file not found at {args.source} (set CHURN_TELCO_CSV)")
    src = pd.read_csv(args.source, dtype=str, keep_default_na=False)
    rng = np.random.default_rng(args.seed)
    idx = rng.integers(0, len(src), size=args.rows)
    df = src.iloc[idx].reset_index(drop=True)

    letters = np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    digits = rng.integers(0, 10_000, size=args.rows)
    tail = rng.integers(0, 26, size=(args.rows, 5))
    ids = [f"{d:04d}-{''.join(letters[t])}" for d, t in zip(digits, tail)]
    # Guarantee uniqueness: append the row number where a (rare) collision happened.
    seen = set()
    for i, s in enumerate(ids):
        if s in seen:
            s = f"{s}{i}"
            ids[i] = s
        seen.add(s)
    df["customerID"] = ids

    tenure = df["tenure"].astype(int).to_numpy() + rng.integers(-2, 3, size=args.rows)
    tenure = np.clip(tenure, 0, 72)
    monthly = df["MonthlyCharges"].astype(float).to_numpy() + rng.uniform(-1, 1, size=args.rows)
    monthly = np.round(np.clip(monthly, 18.0, 120.0), 2)
    total = np.round(tenure * monthly * rng.uniform(0.9, 1.1, size=args.rows), 2)
    df["tenure"] = tenure.astype(str)
    df["MonthlyCharges"] = [f"{m:.2f}".rstrip("0").rstrip(".") for m in monthly]
    df["TotalCharges"] = [" " if t == 0 else f"{v:.2f}".rstrip("0").rstrip(".") for t, v in zip(tenure, total)]

    os.makedirs(os.path.dirname(out), exist_ok=True)
    df.to_csv(out, index=False)
    with open(stamp, "w") as f:
        f.write(f"{args.rows} {args.seed}\n")
    print(out)


if __name__ == "__main__":
    main()
