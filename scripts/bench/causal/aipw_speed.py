"""AIPW speed: churn (5-fold cross-fitting, GBM nuisances) vs EconML LinearDRLearner (LightGBM nuisances).

Same data (100,000 rows x 20 features, binary confounded treatment, binary outcome, written once to a CSV),
same folds count (5), same nuisance sizes (100 rounds, 31 leaves, learning rate 0.1, 20 rows per leaf:
LightGBM's defaults, which churn's "gbm" learner also uses). Run in one go on the same machine; prints the
time ratio and both estimates.

- churn: `churn run` of a script that reads the CSV and runs `estimate ate ... method: "aipw", folds: 5,
  learner: "gbm"`; its time is the process wall time minus that of a script that only reads the CSV.
Also prints CPU time (user + system; churn via getrusage of the child, EconML via process_time, which counts
LightGBM's threads), the fairer measure when other work shares the machine.

- EconML: `LinearDRLearner(model_propensity=LGBMClassifier(), model_regression=LGBMRegressor(), cv=5)
  .fit(Y, T, X=None, W=X)` (constant effect = the ATE), timed around fit() only (data already in memory).

usage: python3 scripts/bench/causal/aipw_speed.py [--n 100000] [--p 20] [--churn PATH] [--repeat 1]
"""
import argparse
import os
import resource
import subprocess
import tempfile
import time

import numpy as np
import pandas as pd


def make_data(n, p, seed=20240601):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, p))
    lin_e = 0.6 * x[:, 0] - 0.4 * x[:, 1] + 0.3 * x[:, 2] * x[:, 3]
    e = 0.1 + 0.8 / (1 + np.exp(-lin_e))
    t = (rng.uniform(size=n) < e).astype(int)
    base = -1.0 + 0.8 * x[:, 0] + 0.5 * np.sin(x[:, 4]) + 0.3 * x[:, 5] ** 2 - 0.3
    tau = -0.6 - 0.3 * (x[:, 6] > 0)
    p0 = 1 / (1 + np.exp(-base))
    p1 = 1 / (1 + np.exp(-(base + tau)))
    y = (rng.uniform(size=n) < np.where(t == 1, p1, p0)).astype(int)
    df = pd.DataFrame(x, columns=[f"x{j + 1}" for j in range(p)])
    df["t"] = t
    df["y"] = y
    return df, float(np.mean(p1 - p0))


def run_churn(churn, code, data):
    with tempfile.NamedTemporaryFile("w", suffix=".churn", delete=False) as f:
        f.write(code)
        path = f.name
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    out = subprocess.run([churn, "run", path, "--param", f"data={data}"], capture_output=True, text=True)
    dt = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    os.unlink(path)
    if out.returncode != 0:
        raise SystemExit("churn failed:\n" + out.stderr[-3000:])
    return dt, out.stdout, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--p", type=int, default=20)
    ap.add_argument("--churn", default=".build/release/churn")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--lgbm-threads", type=int, default=0, help="LightGBM n_jobs (0 = its default, all cores)")
    a = ap.parse_args()
    df, truth = make_data(a.n, a.p)
    tmp = tempfile.mkdtemp()
    csv = os.path.join(tmp, "aipw_speed.csv")
    df.to_csv(csv, index=False)
    covs = " + ".join(f"x{j + 1}" for j in range(a.p))
    read_only = 'param data = "x.csv"\nlet df = read_csv(data)\nnrow(df)\n'
    aipw = read_only + f'estimate ate y ~ t | {covs} on df with method: "aipw", folds: 5, learner: "gbm", seed: 1\n'

    from econml.dr import LinearDRLearner
    from lightgbm import LGBMClassifier, LGBMRegressor
    import econml, lightgbm
    Y, T, W = df["y"].to_numpy(), df["t"].to_numpy(), df[[f"x{j + 1}" for j in range(a.p)]].to_numpy()

    ours, theirs, ours_cpu, theirs_cpu = [], [], [], []
    for _ in range(a.repeat):
        t_read, _, c_read = run_churn(a.churn, read_only, csv)
        t_all, out, c_all = run_churn(a.churn, aipw, csv)
        ours.append(t_all - t_read)
        ours_cpu.append(c_all - c_read)
        kw = {"verbose": -1} | ({"n_jobs": a.lgbm_threads} if a.lgbm_threads else {})
        est = LinearDRLearner(model_propensity=LGBMClassifier(**kw), model_regression=LGBMRegressor(**kw),
                              cv=5, random_state=1)
        t0, c0 = time.perf_counter(), time.process_time()
        est.fit(Y, T, X=None, W=W)
        theirs.append(time.perf_counter() - t0)
        theirs_cpu.append(time.process_time() - c0)
    line = next(l for l in out.splitlines() if l.startswith("ATE:"))
    lo, hi = est.intercept__interval(T=1)
    print(f"data: n={a.n}, p={a.p}, true ATE {truth:+.4f}; econml {econml.__version__}, lightgbm {lightgbm.__version__}")
    print(f"churn  AIPW (5 folds, gbm):          {min(ours):7.2f} s   {line}")
    print(f"EconML LinearDRLearner (5 folds, LightGBM): {min(theirs):7.2f} s   ATE {est.intercept_(T=1):+.4f} "
          f"[{lo:+.4f}, {hi:+.4f}]")
    print(f"time ratio churn / EconML: {min(ours) / min(theirs):.2f}  (target <= 1)")
    print(f"CPU time: churn {min(ours_cpu):.2f} s, EconML {min(theirs_cpu):.2f} s, ratio {min(ours_cpu) / min(theirs_cpu):.2f}")
    print(f"(churn CSV read alone: {t_read:.2f} s, not counted; all times: churn {[round(x, 2) for x in ours]}, "
          f"econml {[round(x, 2) for x in theirs]}; load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
