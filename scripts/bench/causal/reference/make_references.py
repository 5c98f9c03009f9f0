"""Reference numbers for Tests/CausalTests (IPW, matching, 2SLS), computed independently of the Swift code.

Run:  python3 scripts/bench/causal/reference/make_references.py > /tmp/causal_refs.txt
Tools: numpy, statsmodels (versions printed in the output). The Swift tests embed the data arrays and the
numbers printed here, with the call that produced each.

- IPW (Hajek, stacked with the logistic propensity): statsmodels TreatmentEffect(OLS(y, X), t, results_select=Logit(t, X).fit()).ipw(
  effect_group="all" | 1). statsmodels' GMM sandwich divides by n; ours uses sd with n - 1, so the tests compare
  se_ours = se_statsmodels * sqrt(n / (n - 1)).
- Horvitz-Thompson ATE with the propensity treated as known: numpy, by the textbook formula.
- Propensity matching (Abadie-Imbens 2006 variance): a brute-force numpy implementation written from the paper
  (matches by full distance sort, ties kept; sigma^2 from J same-arm neighbours, ties kept).
- 2SLS: statsmodels.sandbox.regression.gmm.IV2SLS(y, [1,x1,x2,t], [1,x1,x2,z]).fit() for the classical SE; the
  HC1 SE by numpy from the 2SLS formulas.
"""
import numpy as np
import statsmodels
import statsmodels.api as sm
from statsmodels.treatment.treatment_effects import TreatmentEffect
from statsmodels.sandbox.regression.gmm import IV2SLS

rng = np.random.default_rng(20240601)
n = 80
x1 = np.round(rng.normal(size=n), 3)
x2 = (rng.uniform(size=n) < 0.4).astype(float)
z = (rng.uniform(size=n) < 0.5).astype(float)
lin = -0.3 + 0.8 * x1 - 0.5 * x2 + 0.9 * (z - 0.5)
t = (rng.uniform(size=n) < 1 / (1 + np.exp(-lin))).astype(float)
py = 1 / (1 + np.exp(-(-1 + 0.5 * x1 + 0.4 * x2 - 0.7 * t)))
y = (rng.uniform(size=n) < py).astype(float)


def arr(name, v):
    print(f"let {name}: [Double] = [" + ", ".join(repr(float(a)) for a in v) + "]")


print(f"// numpy {np.__version__}, statsmodels {statsmodels.__version__}")
arr("x1", x1); arr("x2", x2); arr("z", z); arr("t", t); arr("y", y)

# Logistic propensity on [1, x1, x2] (in-sample MLE).
X = np.column_stack([np.ones(n), x1, x2])
logit = sm.Logit(t, X).fit(disp=0, tol=1e-12, maxiter=200)
e = logit.predict(X)
arr("eLogit", e)

# Outcome model OLS(y, X) is required by the class but unused by ipw(); selection model = the logit above.
teff = TreatmentEffect(sm.OLS(y, X), t, results_select=logit)
for grp in ["all", 1]:
    r = teff.ipw(effect_group=grp)
    print(f"// statsmodels ipw effect_group={grp!r}: effect {float(r.effect[0])!r} se {float(r.results_gmm.bse[0])!r} pom0 {float(r.effect[1])!r}")

# Horvitz-Thompson ATE, propensity known.
psi = t * y / e - (1 - t) * y / (1 - e)
ht = psi.mean()
print(f"// HT ATE {float(ht)!r} se {float(psi.std(ddof=1) / np.sqrt(n))!r}")


def ai_matching(y, t, s, target="ate", M=1, J=2):
    """Nearest neighbour matching on scalar s with replacement, ties kept; Abadie-Imbens (2006) variance."""
    n = len(y)
    idx = np.arange(n)
    targets = idx if target == "ate" else idx[t == (1 if target == "att" else 0)]
    K = np.zeros(n); Q = np.zeros(n); D = np.zeros(n)
    taus = []
    for i in targets:
        other = idx[t != t[i]]
        d = np.abs(s[other] - s[i])
        dm = np.sort(d)[M - 1]
        m = other[d <= dm]
        w = 1.0 / len(m)
        imp = y[m].mean()
        K[m] += w; Q[m] += w * w; D[i] = 1
        taus.append(y[i] - imp if t[i] == 1 else imp - y[i])
    taus = np.array(taus)
    tau = taus.mean()
    N = len(taus)
    het = ((taus - tau) ** 2).sum()
    noise = 0.0
    for j in idx:
        c = (D[j] + K[j]) ** 2 - D[j] - Q[j]
        if D[j] + K[j] == 0 or c == 0:
            continue
        same = idx[(t == t[j]) & (idx != j)]
        d = np.abs(s[same] - s[j])
        jj = min(J, len(same))
        dm = np.sort(d)[jj - 1]
        nb = same[d <= dm]
        sig2 = len(nb) / (len(nb) + 1) * (y[j] - y[nb].mean()) ** 2
        noise += c * sig2
    return tau, np.sqrt((het + noise) / N ** 2)


s = np.log(e / (1 - e))
for tg in ["ate", "att", "atc"]:
    tau, se = ai_matching(y, t, s, tg)
    print(f"// matching logit scale M=1 J=2 {tg}: {float(tau)!r} se {float(se)!r}")
tau, se = ai_matching(y, t, s, "ate", M=3, J=3)
print(f"// matching logit scale M=3 J=3 ate: {float(tau)!r} se {float(se)!r}")
# Ties: scores on a coarse grid.
sc = np.round(e, 1)
arr("eCoarse", sc)
tau, se = ai_matching(y, t, sc, "ate", M=2, J=2)
print(f"// matching coarse scores (ties) M=2 J=2 ate, score scale: {float(tau)!r} se {float(se)!r}")

# 2SLS.
W = np.column_stack([np.ones(n), x1, x2, t])
Z = np.column_stack([np.ones(n), x1, x2, z])
iv = IV2SLS(y, W, Z).fit()
print(f"// statsmodels IV2SLS: coef {float(iv.params[3])!r} se {float(iv.bse[3])!r}")
Pz = Z @ np.linalg.solve(Z.T @ Z, Z.T)
What = Pz @ W
beta = np.linalg.solve(What.T @ What, What.T @ y)
u = y - W @ beta
bread = np.linalg.inv(What.T @ What)
meat = (What * (u ** 2)[:, None]).T @ What
V = bread @ meat @ bread * n / (n - W.shape[1])
print(f"// numpy 2SLS HC1: coef {float(beta[3])!r} se {float(np.sqrt(V[3, 3]))!r}")
# First-stage partial F.
Xr = np.column_stack([np.ones(n), x1, x2])
rss_r = ((t - Xr @ np.linalg.lstsq(Xr, t, rcond=None)[0]) ** 2).sum()
rss_u = ((t - Z @ np.linalg.lstsq(Z, t, rcond=None)[0]) ** 2).sum()
F = (rss_r - rss_u) / 1 / (rss_u / (n - 4))
print(f"// first-stage F {float(F)!r}")
# Wald (no covariates).
wald = (y[z == 1].mean() - y[z == 0].mean()) / (t[z == 1].mean() - t[z == 0].mean())
print(f"// Wald {float(wald)!r}")
