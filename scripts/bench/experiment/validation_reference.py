# Reference values for Tests/ExperimentTests/EffectValidationTests.swift (statsmodels 0.15.0, numpy).
# Data: i in 0..<200, predicted = i/200, treated = (i % 2 == 0),
#       outcome = 1 if (i*7 + i // 13) % 10 < 3 + (i // 40 if treated else 0) else 0; 4 groups of 50 rows in row order.
import numpy as np, statsmodels.api as sm
i = np.arange(200)
pred = i / 200
tr = (i % 2 == 0)
y = (((i * 7 + i // 13) % 10) < 3 + np.where(tr, i // 40, 0)).astype(float)
P, A, S = [], [], []
for g in range(4):
    s = slice(50 * g, 50 * (g + 1))
    yt, yc = y[s][tr[s]], y[s][~tr[s]]
    P.append(pred[s].mean()); A.append(yt.mean() - yc.mean())
    S.append(np.sqrt(yt.var(ddof=1) / len(yt) + yc.var(ddof=1) / len(yc)))
P, A, S = map(np.array, (P, A, S))
fit = sm.WLS(A, sm.add_constant(P), weights=1 / S**2).fit(cov_type="fixed scale")
print("actual", A.tolist()); print("se", S.tolist())
print("params", fit.params.tolist()); print("bse", fit.bse.tolist())
print("r2", np.corrcoef(P, A)[0, 1] ** 2)
