#!/usr/bin/env python3
"""read_csv and group-summarize: churn vs pandas on the same 1M-row Telco-shaped file.

Run through bench.sh (which generates the data and builds the release binary). Each measurement is
repeated --reps times, alternating the two tools so that machine load hits both alike; the best
(minimum) wall time and the peak resident memory are reported, with ratios churn / pandas
(below 1 means churn is faster or smaller).

  read:  `churn -e 'let d = read_csv(PATH)'` as a whole process (start-up included) under
         /usr/bin/time, vs `pandas.read_csv(PATH, na_values=[" "])` timed inside Python (interpreter
         and import excluded from the time, included in the peak memory; the Python+pandas baseline
         is printed separately). Wall time and CPU time (churn uses both cores) are both compared. na_values=[" "] makes pandas read TotalCharges' blanks as missing,
         as churn does, so both produce 17 text + 2 int + 2 float columns.
  group: mean of tenure, MonthlyCharges, TotalCharges by Contract and PaymentMethod (12 groups).
         pandas: df.groupby([...])[[...]].mean(), CPU time, best of --group-reps in one process.
         churn: (CPU time of read + G group-summarize statements - CPU time of read alone) / G,
         with G = --churn-group-reps (CPU time, because on a busy machine wall-clock noise in the
         read would swamp the difference; the grouping itself runs on one thread).
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

KEYS = ["Contract", "PaymentMethod"]
VALUES = ["tenure", "MonthlyCharges", "TotalCharges"]


def timed(cmd, env=None):
    """Runs cmd under /usr/bin/time; returns (wall s, cpu s, peak RSS KB, stdout)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        full = ["/usr/bin/time", "-o", tf.name, "-f", "%e %U %S %M"] + cmd
        p = subprocess.run(full, capture_output=True, text=True, env=env)
        if p.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd[:2])} failed ({p.returncode}):\n{p.stderr.strip()[-2000:]}")
        wall, user, sys_, rss = tf.read().split()[-4:]
    return float(wall), float(user) + float(sys_), int(rss), p.stdout


PANDAS_READ = """
import sys, time
import pandas as pd
t, c = time.perf_counter(), time.process_time()
df = pd.read_csv(sys.argv[1], na_values=[" "])
print("read", time.perf_counter() - t, time.process_time() - c, len(df), len(df.columns))
"""

PANDAS_GROUP = """
import sys, time
import pandas as pd
df = pd.read_csv(sys.argv[1], na_values=[" "])
reps = int(sys.argv[2])
best = 1e9
for _ in range(reps):
    t = time.process_time()
    out = df.groupby(%r)[%r].mean()
    best = min(best, time.process_time() - t)
print("group", best)
print(out.to_string())
""" % (KEYS, VALUES)


def churn_code(path, groups):
    lines = [f'let d = read_csv("{path}")']
    summary = ", ".join(f"{v} = mean({v})" for v in VALUES)
    for _ in range(groups):
        lines.append(f"let g = d |> group {', '.join(KEYS)} |> summarize {summary}")
    if groups:
        lines.append("g")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True)
    ap.add_argument("--churn", required=True, help="path of the release churn binary")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--group-reps", type=int, default=10)
    ap.add_argument("--churn-group-reps", type=int, default=50)
    args = ap.parse_args()
    import pandas as pd

    size_mb = os.path.getsize(args.data) / 1e6
    print(f"data: {args.data} ({size_mb:.0f} MB)")
    print(f"pandas {pd.__version__}, python {sys.version.split()[0]}, cores: {os.cpu_count()}, "
          f"load average: {os.getloadavg()[0]:.1f}")

    base = timed([sys.executable, "-c", "import pandas"])
    results = {"churn": [], "pandas": []}
    churn_error = None
    for _ in range(args.reps):
        try:
            results["churn"].append(timed([args.churn, "-e", churn_code(args.data, 0)]))
        except RuntimeError as e:
            churn_error = str(e)
        w, c, rss, out = timed([sys.executable, "-c", PANDAS_READ, args.data])
        m = re.search(r"read ([0-9.eE+-]+) ([0-9.eE+-]+)", out)
        results["pandas"].append((float(m.group(1)), float(m.group(2)), rss, out))

    print("\nread_csv (best of %d)" % args.reps)
    pw = min(r[0] for r in results["pandas"])
    pc = min(r[1] for r in results["pandas"])
    pm = max(r[2] for r in results["pandas"])
    print(f"  pandas: {pw:.3f} s in read_csv ({pc:.2f} s CPU in read_csv), peak RSS {pm / 1024:.0f} MB "
          f"(python + pandas import alone: {base[2] / 1024:.0f} MB)")
    if results["churn"]:
        cw = min(r[0] for r in results["churn"])
        cc = min(r[1] for r in results["churn"])
        cm = max(r[2] for r in results["churn"])
        print(f"  churn:  {cw:.3f} s whole process ({cc:.2f} s CPU), peak RSS {cm / 1024:.0f} MB")
        print(f"  ratio churn/pandas: time {cw / pw:.2f} (CPU {cc / pc:.2f}), peak memory {cm / pm:.2f}")
    else:
        print(f"  churn: not measured -- {churn_error}")

    print("\ngroup + summarize: mean of %s by %s" % (", ".join(VALUES), ", ".join(KEYS)))
    _, _, _, out = timed([sys.executable, "-c", PANDAS_GROUP, args.data, str(args.group_reps)])
    pg = float(re.search(r"group ([0-9.eE+-]+)", out).group(1))
    print(f"  pandas: {pg * 1000:.1f} ms CPU (best of {args.group_reps})")
    try:
        reads, groups = [], []
        g = args.churn_group_reps
        for _ in range(args.reps):
            reads.append(timed([args.churn, "-e", churn_code(args.data, 0)])[1])
            _, c, _, gout = timed([args.churn, "-e", churn_code(args.data, g)])
            groups.append(c)
        cg = max(min(groups) - min(reads), 0.0) / g
        print(f"  churn:  {cg * 1000:.1f} ms (CPU of read + {g} groupings minus CPU of read, / {g}; best of {args.reps})")
        print(f"  ratio churn/pandas: time {cg / pg:.2f}")
        print("\n  pandas result:\n" + "\n".join("    " + l for l in out.splitlines()[1:]))
        print("  churn result:\n" + "\n".join("    " + l for l in gout.strip().splitlines()))
    except RuntimeError as e:
        print(f"  churn: not measured -- {e}")


if __name__ == "__main__":
    main()
