"""Reference values for Tests/ExperimentTests (scipy 1.17.1, statsmodels 0.15.0).

Run: python3 scripts/bench/experiment/parity_reference.py
Every number asserted in Tests/ExperimentTests/*ParityTests.swift is printed here.
"""
import numpy as np
from scipy import stats
from statsmodels.stats.proportion import (confint_proportions_2indep, test_proportions_2indep,
                                          proportions_ztest, proportion_effectsize)
from statsmodels.stats.power import NormalIndPower, TTestIndPower
from statsmodels.stats.multitest import multipletests

np.set_printoptions(precision=12)
print("== two proportions: treatment 128/400, control 168/400")
z, p = proportions_ztest([128, 168], [400, 400])
print("pooled z, p", repr(z), repr(p), "chi2", repr(z * z))
for m in ["wald", "newcomb"]:
    print(m, confint_proportions_2indep(128, 400, 168, 400, method=m, compare="diff"))
print("ratio log CI", confint_proportions_2indep(128, 400, 168, 400, method="log", compare="ratio"))
print("fisher", stats.fisher_exact([[128, 272], [168, 232]]))
print("== small table: treatment 2/12, control 7/11")
print("fisher", stats.fisher_exact([[2, 10], [7, 4]]))
z, p = proportions_ztest([2, 7], [12, 11]); print("pooled z, p", repr(z), repr(p))
print("fisher 0/10 vs 5/10", stats.fisher_exact([[0, 10], [5, 5]]))

print("== power, two proportions 0.42 vs 0.32")
h = proportion_effectsize(0.42, 0.32); print("cohen h", repr(h))
print("NormalIndPower n", repr(NormalIndPower().solve_power(effect_size=h, alpha=0.05, power=0.8, ratio=1)))
print("NormalIndPower n ratio 2", repr(NormalIndPower().solve_power(effect_size=h, alpha=0.05, power=0.8, ratio=2)))
print("NormalIndPower n alpha .05/2 (3 arms Bonferroni)",
      repr(NormalIndPower().solve_power(effect_size=h, alpha=0.025, power=0.8, ratio=1)))
print("NormalIndPower power n=200", repr(NormalIndPower().power(effect_size=h, nobs1=200, alpha=0.05, ratio=1)))
print("NormalIndPower mde n=500 (h)", repr(NormalIndPower().solve_power(nobs1=500, alpha=0.05, power=0.8, ratio=1)))
za, zb = stats.norm.ppf(0.975), stats.norm.ppf(0.8)
print("unpooled closed form", repr((za + zb) ** 2 * (0.42 * 0.58 + 0.32 * 0.68) / 0.1 ** 2))

print("== power, two means (TTestIndPower)")
t = TTestIndPower()
print("d=0.3 n", repr(t.solve_power(effect_size=0.3, alpha=0.05, power=0.8, ratio=1)))
print("d=0.3 n ratio 2", repr(t.solve_power(effect_size=0.3, alpha=0.05, power=0.8, ratio=2)))
print("d=0.5 power n=30", repr(t.power(effect_size=0.5, nobs1=30, alpha=0.05, ratio=1)))
print("d mde n=100", repr(t.solve_power(nobs1=100, alpha=0.05, power=0.8, ratio=1)))
print("nct cdf(2.0, 10, 1.5)", repr(stats.nct.cdf(2.0, 10, 1.5)), "nct cdf(-1, 5, 2)", repr(stats.nct.cdf(-1.0, 5, 2.0)))

print("== Welch")
a = np.array([12.1, 9.8, 14.2, 11.0, 10.5, 13.3, 12.7, 8.9, 15.1, 11.8])
b = np.array([10.2, 9.1, 11.5, 8.7, 10.0, 9.6, 12.2, 7.9])
r = stats.ttest_ind(a, b, equal_var=False)
ci = r.confidence_interval(0.95)
print("t", repr(r.statistic), "p", repr(r.pvalue), "df", repr(r.df), "ci", repr(ci.low), repr(ci.high),
      "diff", repr(a.mean() - b.mean()))

print("== CUPED")
ya = np.array([5.0, 7.5, 6.1, 9.3, 4.4, 8.8, 6.7, 7.9])
xa = np.array([4.2, 6.9, 5.0, 8.1, 4.0, 8.0, 5.9, 7.2])
yb = np.array([4.1, 6.0, 5.5, 7.4, 3.9, 6.8, 5.2])
xb = np.array([4.5, 6.2, 5.8, 7.9, 3.6, 6.9, 5.1])
y = np.concatenate([ya, yb]); x = np.concatenate([xa, xb])
theta = np.cov(y, x, ddof=1)[0, 1] / np.var(x, ddof=1)
adj = y - theta * (x - x.mean())
aa, bb = adj[:len(ya)], adj[len(ya):]
r = stats.ttest_ind(aa, bb, equal_var=False); ci = r.confidence_interval(0.95)
print("theta", repr(theta), "var reduction", repr(1 - np.var(adj, ddof=1) / np.var(y, ddof=1)))
print("adj diff", repr(aa.mean() - bb.mean()), "t", repr(r.statistic), "p", repr(r.pvalue), "ci", repr(ci.low), repr(ci.high))

print("== SRM")
print(stats.chisquare([5210, 4790], [5000, 5000]))
print(stats.chisquare([3100, 2950, 2950], [3000, 3000, 3000]))
print(stats.chisquare([2100, 1000], [3100 * 2 / 3, 3100 / 3]))

print("== Holm")
print(multipletests([0.01, 0.04, 0.03, 0.005], method="holm")[1])

print("== exact roots for the minimum detectable effect (solve_power's default tolerance is ~1e-7)")
from scipy.optimize import brentq
print(repr(brentq(lambda d: NormalIndPower().power(effect_size=d, nobs1=500, alpha=0.05, ratio=1) - 0.8, 0.01, 2,
                  xtol=1e-15, rtol=1e-15)))
print(repr(brentq(lambda d: TTestIndPower().power(effect_size=d, nobs1=100, alpha=0.05, ratio=1) - 0.8, 0.01, 2,
                  xtol=1e-15, rtol=1e-15)))
