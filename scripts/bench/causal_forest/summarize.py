#!/usr/bin/env python3
"""Prints the causal-forest benchmark tables (ours vs EconML, with grf 2.6.1 reference numbers)."""
import json, sys
from collections import defaultdict

GRF = {"A": (0.167, 0.85), "B": (0.348, 0.83), "C": (0.156, 0.87), "D": (0.767, 0.57)}  # issue 5, grf 2.6.1
ECONML_REF = {"A": 0.210, "B": 0.364, "C": 0.172, "D": 0.751}  # issue 5, EconML 0.17 reference run


def load(path):
  with open(path) as f:
    return [json.loads(l) for l in f if l.startswith("{")]


def accuracy(ours, econ):
  agg = defaultdict(lambda: defaultdict(list))
  for r in load(ours) + load(econ):
    agg[(r["tool"], r["setup"])]["pehe"].append(r["pehe"])
    agg[(r["tool"], r["setup"])]["coverage"].append(r["coverage"])
  mean = lambda v: sum(v) / len(v) if v else float("nan")
  print("| setup | churn PEHE | EconML PEHE (this run) | grf PEHE (ref) | churn coverage | EconML coverage | grf coverage (ref) | reps |")
  print("|---|---|---|---|---|---|---|---|")
  for s in "ABCD":
    o, e = agg[("churn", s)], agg[("econml", s)]
    print(f"| {s} | {mean(o['pehe']):.3f} | {mean(e['pehe']):.3f} | {GRF[s][0]:.3f} | {mean(o['coverage']):.3f} | "
          f"{mean(e['coverage']):.3f} | {GRF[s][1]:.2f} | {len(o['pehe'])} |")


def speed(ours, econ):
  o, e = load(ours)[0], load(econ)[0]
  print(f"churn: n={o['n']} trees={o['trees']} {o['seconds']:.1f} s ({1000 * o['seconds_per_tree']:.1f} ms/tree), "
        f"{o['bytes_per_tree']} bytes/tree, peak {o['peak_mib']:.0f} MiB")
  print(f"EconML CausalForestDML (100 trees): {e['seconds']:.1f} s, peak {e['peak_mib']:.0f} MiB")
  print(f"ratio churn(2000 trees) / EconML(100 trees): {o['seconds'] / e['seconds']:.2f}; "
        f"churn / grf reference (55 s): {o['seconds'] / 55:.2f}")


if __name__ == "__main__":
  {"accuracy": accuracy, "speed": speed}[sys.argv[1]](*sys.argv[2:])
