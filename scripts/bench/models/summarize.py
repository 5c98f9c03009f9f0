#!/usr/bin/env python3
"""Summarizes run.sh results: best (minimum) times per tool, ratios churn / reference."""
import json, sys
from collections import defaultdict

rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip().startswith("{")]
by = defaultdict(list)
for r in rows:
    by[(r["model"], r["tool"])].append(r)


def best(model, tool, key):
    vals = [r[key] for r in by[(model, tool)] if key in r]
    return min(vals) if vals else float("nan")


for model, ref in [("gbm", "lightgbm"), ("forest", "sklearn"), ("logit", "sklearn")]:
    if not by[(model, "churn")] or not by[(model, ref)]:
        continue
    print(f"\n== {model}: churn vs {ref} (best of {len(by[(model, 'churn')])})")
    fc, fr = best(model, "churn", "fit_s"), best(model, ref, "fit_s")
    print(f"  train time   churn {fc:8.2f} s   {ref} {fr:8.2f} s   ratio {fc / fr:5.2f}")
    cc_, cr_ = best(model, "churn", "fit_cpu_s"), best(model, ref, "fit_cpu_s")
    print(f"  train CPU    churn {cc_:8.2f} s   {ref} {cr_:8.2f} s   ratio {cc_ / cr_:5.2f}  (all threads)")
    if model != "logit":
        pc, pr = best(model, "churn", "predict_s"), best(model, ref, "predict_s")
        print(f"  scoring time churn {pc:8.2f} s   {ref} {pr:8.2f} s   ratio {pc / pr:5.2f}")
        ac, ar = by[(model, "churn")][0]["auc"], by[(model, ref)][0]["auc"]
        print(f"  test AUC     churn {ac:.4f}     {ref} {ar:.4f}     diff {ac - ar:+.4f}")
    else:
        cc, cr = by[(model, "churn")][0]["coef"], by[(model, ref)][0]["coef"]
        print(f"  max |coef difference| {max(abs(a - b) for a, b in zip(cc, cr)):.2e}  "
              f"(iterations churn {by[(model, 'churn')][0]['iterations']}, {ref} {by[(model, ref)][0]['iterations']})")
    mc, mr = best(model, "churn", "peak_mib"), best(model, ref, "peak_mib")
    print(f"  peak RSS     churn {mc:8.0f} MiB {ref} {mr:8.0f} MiB ratio {mc / mr:5.2f}")
