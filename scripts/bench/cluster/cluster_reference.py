# Reference values for the cluster-robust (CR1) standard errors of `fit ols`, `fit logit` and
# clustered means (Tests/StatsTests/ClusterRobustTests.swift, Tests/LearnTests/ClusterRobustModelTests.swift).
# Python 3.11, numpy, statsmodels 0.15.0. Run: python3 scripts/bench/cluster/cluster_reference.py
import numpy as np
import statsmodels.api as sm

rng = np.random.default_rng(12)
n = 40
g = np.array([0, 0, 0, 1, 1, 2, 2, 2, 2, 3, 3, 4, 4, 4, 5, 5, 5, 5, 5, 6,
              6, 7, 7, 7, 0, 1, 2, 3, 4, 5, 6, 7, 7, 6, 5, 4, 3, 2, 1, 0])
u = np.round(rng.normal(size=8), 3)[g]           # a cluster effect, so clustering matters
x1 = np.round(rng.normal(size=n), 3)
x2 = np.round(rng.uniform(size=n), 3)
y = np.round(1 + 0.5 * x1 - 2 * x2 + u + rng.normal(size=n), 3)
yb = (rng.uniform(size=n) < 1 / (1 + np.exp(-(0.3 + 0.8 * x1 - x2 + u)))).astype(int)
print("g  =", g.tolist())
print("x1 =", x1.tolist())
print("x2 =", x2.tolist())
print("y  =", y.tolist())
print("yb =", yb.tolist())
X = sm.add_constant(np.column_stack([x1, x2]))
ols = sm.OLS(y, X).fit(cov_type='cluster', cov_kwds={'groups': g})
print("ols params", repr(ols.params.tolist()))
print("ols bse   ", repr(ols.bse.tolist()))
print("ols pvals ", repr(ols.pvalues.tolist()), "use_t", ols.use_t)
logit = sm.Logit(yb, X).fit(cov_type='cluster', cov_kwds={'groups': g}, disp=0)
print("logit params", repr(logit.params.tolist()))
print("logit bse   ", repr(logit.bse.tolist()))
print("logit pvals ", repr(logit.pvalues.tolist()), "use_t", logit.use_t)
mean = sm.OLS(y, np.ones(n)).fit(cov_type='cluster', cov_kwds={'groups': g})
print("mean of y, clustered SE", repr(mean.params[0]), repr(mean.bse[0]))
