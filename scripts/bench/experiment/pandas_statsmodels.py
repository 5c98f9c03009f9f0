#!/usr/bin/env python3
"""ab_test benchmark, reference side: the same analyses as analyse.churn with pandas + statsmodels + scipy.

Per treatment arm against control: counts, pooled z test (proportions_ztest), Wald and Newcombe intervals
(confint_proportions_2indep), log-ratio interval, Holm over the arms (multipletests), SRM (chisquare);
revenue: CUPED (theta pooled over all arms) and Welch (ttest_ind(equal_var=False)) with its interval.
Usage: pandas_statsmodels.py PATH
"""
import sys

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest

df = pd.read_csv(sys.argv[1])
arms = ["call", "offer"]
# proportions: drop rows with a missing outcome, as churn does
d = df.dropna(subset=["arm", "churned"])
g = d.groupby("arm")["churned"].agg(["sum", "count"])
srm = stats.chisquare(g.loc[["control"] + arms, "count"].to_numpy())
ps = []
for a in arms:
    x = [int(g.loc[a, "sum"]), int(g.loc["control", "sum"])]
    n = [int(g.loc[a, "count"]), int(g.loc["control", "count"])]
    z, p = proportions_ztest(x, n)
    wald = confint_proportions_2indep(x[0], n[0], x[1], n[1], method="wald")
    newc = confint_proportions_2indep(x[0], n[0], x[1], n[1], method="newcomb")
    ratio = confint_proportions_2indep(x[0], n[0], x[1], n[1], method="log", compare="ratio")
    ps.append(p)
    print(f"prop {a} diff={x[0]/n[0]-x[1]/n[1]:.6g} z={z:.6g} p={p:.6g} wald=[{wald[0]:.6g}, {wald[1]:.6g}] "
          f"newcombe=[{newc[0]:.6g}, {newc[1]:.6g}] ratio=[{ratio[0]:.6g}, {ratio[1]:.6g}]")
print("holm", multipletests(ps, method="holm")[1], "srm_p", srm.pvalue)
# means with CUPED on revenue_pre
m = df.dropna(subset=["arm", "revenue", "revenue_pre"])
y, xpre = m["revenue"].to_numpy(), m["revenue_pre"].to_numpy()
theta = np.cov(y, xpre, ddof=1)[0, 1] / np.var(xpre, ddof=1)
adj = y - theta * (xpre - xpre.mean())
armcol = m["arm"].to_numpy()
ctrl = adj[armcol == "control"]
ps = []
for a in arms:
    r = stats.ttest_ind(adj[armcol == a], ctrl, equal_var=False)
    ci = r.confidence_interval(0.95)
    ps.append(r.pvalue)
    print(f"cuped {a} diff={adj[armcol == a].mean() - ctrl.mean():.6g} t={r.statistic:.6g} p={r.pvalue:.6g} "
          f"ci=[{ci.low:.6g}, {ci.high:.6g}]")
print("holm", multipletests(ps, method="holm")[1], "theta", theta,
      "variance_reduction", 1 - np.var(adj, ddof=1) / np.var(y, ddof=1))
