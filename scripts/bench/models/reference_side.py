#!/usr/bin/env python3
"""Reference side of the model benchmarks (LightGBM 4.7, scikit-learn 1.9), on the same raw float64 files.

  reference_side.py gen OUT_PREFIX N P SEED [MISS]  write OUT_PREFIX.f64 (column 0 = y, then P features;
                                                    MISS = share of feature 7 set to NaN, default 0)
  reference_side.py gbm TRAIN TEST P ROUNDS LEAVES  LightGBM: fit/predict seconds, test AUC, peak RSS
  reference_side.py forest TRAIN TEST P TREES       sklearn RandomForestClassifier(n_jobs=2)
  reference_side.py logit TRAIN P                   sklearn LogisticRegression(lbfgs, C=1)
Prints one JSON line. Times exclude reading the file; peak RSS includes the Python interpreter.
"""
import json, resource, sys, time
import numpy as np


def load(path, p):
    a = np.fromfile(path, dtype=np.float64).reshape(-1, p + 1)
    return np.ascontiguousarray(a[:, 1:]), a[:, 0].copy()


def peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def gen(prefix, n, p, seed, miss):
    # Binary outcome with non-linear signal in the first 8 features; optionally NaN in feature 7.
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, p))
    eta = (x[:, 0] - 0.8 * x[:, 1] + 0.5 * x[:, 2] * x[:, 3] + np.sin(2 * x[:, 4]) + 0.3 * x[:, 5] ** 2
           - 0.4 * np.abs(x[:, 6]) + 0.5 * (x[:, 7] > 0.5) - 0.5)
    y = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(np.float64)
    if miss > 0:
        x[rng.random(n) < miss, 7] = np.nan
    np.column_stack([y, x]).astype(np.float64).tofile(prefix + ".f64")


def main():
    what = sys.argv[1]
    if what == "gen":
        gen(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]),
            float(sys.argv[6]) if len(sys.argv) > 6 else 0.0)
        return
    from sklearn.metrics import roc_auc_score
    if what == "gbm":
        import lightgbm as lgb
        p = int(sys.argv[4])
        x, y = load(sys.argv[2], p)
        xt, yt = load(sys.argv[3], p)
        t, c = time.perf_counter(), time.process_time()
        m = lgb.LGBMClassifier(n_estimators=int(sys.argv[5]), num_leaves=int(sys.argv[6]), learning_rate=0.1,
                               n_jobs=2, verbose=-1).fit(x, y)
        fit, fit_cpu = time.perf_counter() - t, time.process_time() - c
        t, c = time.perf_counter(), time.process_time()
        pr = m.predict_proba(xt)[:, 1]
        pred, pred_cpu = time.perf_counter() - t, time.process_time() - c
        out = dict(tool="lightgbm", model="gbm", fit_s=fit, fit_cpu_s=fit_cpu, predict_s=pred, predict_cpu_s=pred_cpu,
                   auc=roc_auc_score(yt, pr))
    elif what == "forest":
        from sklearn.ensemble import RandomForestClassifier
        p = int(sys.argv[4])
        x, y = load(sys.argv[2], p)
        xt, yt = load(sys.argv[3], p)
        t, c = time.perf_counter(), time.process_time()
        m = RandomForestClassifier(n_estimators=int(sys.argv[5]), n_jobs=2, random_state=0).fit(x, y)
        fit, fit_cpu = time.perf_counter() - t, time.process_time() - c
        t, c = time.perf_counter(), time.process_time()
        pr = m.predict_proba(xt)[:, 1]
        pred, pred_cpu = time.perf_counter() - t, time.process_time() - c
        out = dict(tool="sklearn", model="forest", fit_s=fit, fit_cpu_s=fit_cpu, predict_s=pred, predict_cpu_s=pred_cpu,
                   auc=roc_auc_score(yt, pr))
    elif what == "logit":
        from sklearn.linear_model import LogisticRegression
        p = int(sys.argv[3])
        x, y = load(sys.argv[2], p)
        t, c = time.perf_counter(), time.process_time()
        m = LogisticRegression(C=1.0, solver="lbfgs", max_iter=1000, tol=1e-8).fit(x, y)
        fit, fit_cpu = time.perf_counter() - t, time.process_time() - c
        out = dict(tool="sklearn", model="logit", fit_s=fit, fit_cpu_s=fit_cpu, iterations=int(m.n_iter_[0]),
                   coef=[float(m.intercept_[0])] + [float(c) for c in m.coef_[0]])
    else:
        raise SystemExit(__doc__)
    out["peak_mib"] = peak_mib()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
