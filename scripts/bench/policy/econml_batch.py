"""EconML reference for the policy batch benchmark (issue 14).

Fits one CausalForestDML per intervention (100 trees each, arm vs none, on that arm's and the baseline's
rows, as churn's several-arm forest does) on the history written by `policy-bench` with
POLICY_BENCH_EXPORT=DIR, then times `effect_interval` (95% intervals) for every arm on the batch rows.

    POLICY_BENCH_EXPORT=/tmp/pb .build/release/policy-bench 100 100000 1000
    python3 scripts/bench/policy/econml_batch.py /tmp/pb

Versions used for the README: econml 0.17.0, scikit-learn 1.9.1, Python 3.11.
"""
import sys
import time

import numpy as np
import pandas as pd
from econml.dml import CausalForestDML
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor

d = sys.argv[1]
hist = pd.read_csv(f"{d}/history.csv")
batch = pd.read_csv(f"{d}/batch.csv")
covs = ["tenure", "MonthlyCharges", "TotalCharges", "Contract", "InternetService", "OnlineSecurity",
        "TechSupport", "PaymentMethod", "SeniorCitizen"]
allx = pd.get_dummies(pd.concat([hist[covs], batch[covs]]), dtype=float)
hx = allx.iloc[: len(hist)].to_numpy()
bx = allx.iloc[len(hist):].to_numpy()
fit_s = 0.0
pred_s = 0.0
for arm in ["discount_199", "discount_99", "feature_upsell", "support_call"]:
    rows = hist["arm"].isin(["none", arm]).to_numpy()
    y = hist.loc[rows, "churn"].to_numpy(dtype=float)
    t = (hist.loc[rows, "arm"] == arm).to_numpy(dtype=int)
    est = CausalForestDML(model_y=RandomForestRegressor(n_estimators=100, min_samples_leaf=5, random_state=0),
                          model_t=RandomForestClassifier(n_estimators=100, min_samples_leaf=5, random_state=0),
                          discrete_treatment=True, n_estimators=100, random_state=0, n_jobs=2)
    t0 = time.perf_counter()
    est.fit(y, t, X=hx[rows])
    fit_s += time.perf_counter() - t0
    t0 = time.perf_counter()
    lo, hi = est.effect_interval(bx, alpha=0.05)
    pred_s += time.perf_counter() - t0
print(f"econml CausalForestDML, 4 arms x 100 trees: fit {fit_s:.2f} s; effect_interval on {len(bx)} rows, "
      f"all arms: {pred_s:.2f} s ({pred_s / len(bx) * 1e6:.1f} us per customer)")
