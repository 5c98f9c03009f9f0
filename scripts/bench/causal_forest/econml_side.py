#!/usr/bin/env python3
"""EconML side of the causal-forest benchmark.

Reads the CSV files written by our side (same data for both tools), fits EconML's CausalForestDML with its
defaults (100 trees, 'auto' nuisance models, discrete treatment) and prints one JSON line per file:
test PEHE, 95% CI coverage, fit+predict seconds.

Usage:
  econml_side.py accuracy DIR          # DIR holds {setup}_{rep}_{train,test}.csv
  econml_side.py speed TRAIN.csv       # fit on TRAIN, effect intervals on the same rows, timed
  econml_side.py telco DIR             # DIR holds telco_{train,test}.csv
Columns: x1..xd, y, w, tau (tau only used for scoring).
ECONML_TREES=k sets n_estimators (a multiple of 4, its subforest size; default 100); ECONML_NUISANCE=forest|linear
replaces the 'auto' nuisance selection, ECONML_CRITERION=het the splitting criterion.
"""
import glob, json, os, sys, time, resource
import numpy as np
import pandas as pd
import econml
from econml.dml import CausalForestDML


def load(path):
  df = pd.read_csv(path)
  xs = [c for c in df.columns if c.startswith("x")]
  return df[xs].to_numpy(), df["y"].to_numpy(), df["w"].to_numpy().astype(int), df["tau"].to_numpy()


TREES = int(os.environ.get("ECONML_TREES", "100"))
NUISANCE = os.environ.get("ECONML_NUISANCE", "auto")    # auto (default), forest or linear
CRITERION = os.environ.get("ECONML_CRITERION", "mse")   # mse (default) or het


def fit(X, y, w, seed):
  # Defaults (100 trees, model_y/t 'auto', criterion 'mse') unless ECONML_TREES, ECONML_NUISANCE or
  # ECONML_CRITERION say otherwise (experiments: which of EconML's choices makes its numbers).
  kw = dict(discrete_treatment=True, random_state=seed, n_estimators=TREES, criterion=CRITERION)
  if NUISANCE == "forest":
    from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor
    kw.update(model_y=RandomForestRegressor(min_samples_leaf=5, random_state=seed),
              model_t=RandomForestClassifier(min_samples_leaf=5, random_state=seed))
  elif NUISANCE == "linear":
    from sklearn.linear_model import LassoCV, LogisticRegressionCV
    kw.update(model_y=LassoCV(), model_t=LogisticRegressionCV())
  est = CausalForestDML(**kw)
  est.fit(y, w, X=X)
  return est


def accuracy(d):
  for train in sorted(glob.glob(os.path.join(d, "*_train.csv"))):
    tag = os.path.basename(train)[: -len("_train.csv")]
    setup, rep = tag.split("_")
    X, y, w, _ = load(train)
    Xt, _, _, taut = load(train.replace("_train.csv", "_test.csv"))
    t0 = time.time()
    est = fit(X, y, w, int(rep))
    tau = est.effect(Xt)
    lo, hi = est.effect_interval(Xt, alpha=0.05)
    secs = time.time() - t0
    pehe = float(np.sqrt(np.mean((tau - taut) ** 2)))
    cover = float(np.mean((lo <= taut) & (taut <= hi)))
    print(json.dumps({"tool": "econml", "setup": setup, "rep": int(rep), "pehe": pehe, "coverage": cover,
                      "seconds": secs}), flush=True)


def telco(d):
  X, y, w, _ = load(os.path.join(d, "telco_train.csv"))
  Xt, _, _, taut = load(os.path.join(d, "telco_test.csv"))
  X, Xt = np.nan_to_num(X, nan=0.0), np.nan_to_num(Xt, nan=0.0)  # EconML's default models refuse NaN
  t0 = time.time()
  est = fit(X, y, w, 7)
  tau = est.effect(Xt)
  lo, hi = est.effect_interval(Xt, alpha=0.05)
  secs = time.time() - t0
  print(json.dumps({"tool": "econml", "data": "telco", "pehe": float(np.sqrt(np.mean((tau - taut) ** 2))),
                    "pehe_constant": float(np.sqrt(np.mean((taut.mean() - taut) ** 2))),
                    "correlation": float(np.corrcoef(tau, taut)[0, 1]),
                    "coverage": float(np.mean((lo <= taut) & (taut <= hi))),
                    "mean_se": float(np.mean((hi - lo) / (2 * 1.959964))), "trees": TREES, "seconds": secs}),
        flush=True)


def speed(path):
  X, y, w, tau = load(path)
  t0 = time.time()
  est = fit(X, y, w, 1)
  lo, hi = est.effect_interval(X, alpha=0.05)
  secs = time.time() - t0
  peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
  print(json.dumps({"tool": "econml", "n": len(y), "trees": TREES, "seconds": secs, "peak_mib": peak,
                    "version": econml.__version__}), flush=True)


if __name__ == "__main__":
  {"accuracy": accuracy, "speed": speed, "telco": telco}[sys.argv[1]](sys.argv[2])
