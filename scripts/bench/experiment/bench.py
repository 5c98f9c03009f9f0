#!/usr/bin/env python3
"""ab_test on a 10M-row three-arm experiment: churn (release) vs pandas + statsmodels, in one run.

Both sides run as whole processes under /usr/bin/time (start-up, imports and CSV reading included), alternating,
--reps times; the best wall time, its CPU time and the peak resident memory are reported with the ratios
churn / reference (below 1: churn is faster or smaller). Each side's numbers are printed for comparison.

Usage: bench.py --data PATH --churn BIN [--reps 2]
"""
import argparse
import os
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def timed(cmd):
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        p = subprocess.run(["/usr/bin/time", "-o", tf.name, "-f", "%e %U %S %M"] + cmd, capture_output=True, text=True)
        if p.returncode != 0:
            raise RuntimeError(f"{cmd[0]} failed ({p.returncode}):\n{p.stderr[-2000:]}")
        wall, user, sys_, rss = tf.read().split()[-4:]
    return float(wall), float(user) + float(sys_), int(rss), p.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--churn", required=True)
    ap.add_argument("--reps", type=int, default=2)
    a = ap.parse_args()
    churn_cmd = [a.churn, "run", os.path.join(HERE, "analyse.churn"), "--param", f"data={a.data}"]
    ref_cmd = ["python3", os.path.join(HERE, "pandas_statsmodels.py"), a.data]
    best = {}
    outputs = {}
    for _ in range(a.reps):
        for name, cmd in [("churn", churn_cmd), ("pandas+statsmodels", ref_cmd)]:
            r = timed(cmd)
            outputs[name] = r[3]
            if name not in best or r[0] < best[name][0]:
                best[name] = r
    with open("/proc/loadavg") as f:
        print("load average:", f.read().split()[:3])
    for name in best:
        print(f"== {name} output\n{outputs[name].rstrip()}")
    print(f"{'side':<20} {'wall s':>8} {'cpu s':>8} {'peak MB':>9}")
    for name, (w, c, rss, _) in best.items():
        print(f"{name:<20} {w:8.2f} {c:8.2f} {rss / 1024:9.0f}")
    cw, cc, cr, _ = best["churn"]
    rw, rc, rr, _ = best["pandas+statsmodels"]
    print(f"ratio churn/reference: wall {cw / rw:.3f}, cpu {cc / rc:.3f}, peak memory {cr / rr:.3f} (goal <= 0.5)")


if __name__ == "__main__":
    main()
