"""Formula parity fixture and reference numbers for Tests/LearnTests/FormulaParityTests.swift.

Run:  python3 Tests/LearnTests/Fixtures/make_formula_fixture.py
Versions used: Python 3.11.7, numpy (bundled), pandas, statsmodels 0.15.0, patsy 1.0.3.

Writes Fixtures/formula_fixture.csv (240 rows, numpy seed 17) and prints every reference number the
Swift test holds. patsy has no R-style ns() or poly(); both are built here exactly as R's splines::ns
and stats::poly build them (quantile knots type 7, B-spline basis with the first column dropped,
projection on the complement of the boundary second-derivative constraints by Householder QR; poly by
QR of the centred Vandermonde matrix), and the resulting columns enter statsmodels as plain columns.
As an independent check of the spline's column space, the OLS with ns(age, df=3) is refitted with
patsy's cr() on the same knots (natural cubic regression spline): the fitted values must agree.
"""
import os
import numpy as np
import pandas as pd
import statsmodels.formula.api as smf

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(17)
n = 240
tenure = rng.integers(0, 73, n)
age = np.round(rng.uniform(18, 80, n), 1)
charges = np.round(rng.uniform(18, 120, n), 2)
contract = rng.choice(["Month-to-month", "One year", "Two year"], n, p=[0.5, 0.25, 0.25])
cshift = np.select([contract == "One year", contract == "Two year"], [-0.8, -1.6], 0.0)
cslope = np.select([contract == "One year", contract == "Two year"], [0.01, 0.02], 0.0)
y = (2.0 - 0.03 * tenure + cshift + cslope * tenure + 0.5 * np.log(charges)
     + np.sin(age / 12.0) + rng.normal(0, 0.6, n))
eta = -0.5 - 0.04 * tenure + cshift + cslope * tenure * 2 + 0.4 * np.log(charges) - 0.5 * np.sin(age / 12.0)
yb = (rng.uniform(size=n) < 1 / (1 + np.exp(-eta))).astype(int)
df = pd.DataFrame(dict(y=np.round(y, 6), yb=yb, tenure=tenure, age=age, charges=charges, Contract=contract))
df.to_csv(os.path.join(here, "formula_fixture.csv"), index=False)
df = pd.read_csv(os.path.join(here, "formula_fixture.csv"))


def bspline(x, t, deriv=0):
    """All cubic B-splines on knots t at points x (scipy's BSpline.design_matrix), or their derivatives."""
    from scipy.interpolate import BSpline
    nb = len(t) - 4
    out = np.zeros((len(x), nb))
    for j in range(nb):
        c = np.zeros(nb); c[j] = 1
        b = BSpline(t, c, 3, extrapolate=False)
        v = b.derivative(deriv)(x) if deriv else b(x)
        out[:, j] = np.nan_to_num(v)
    return out


def r_ns(x, df_):
    """R's splines::ns(x, df = df_) (intercept = FALSE) for x inside the boundary knots."""
    probs = np.arange(1, df_) / df_
    knots = np.percentile(x, probs * 100)  # numpy's default 'linear' = R's quantile type 7
    b0, b1 = x.min(), x.max()
    t = np.r_[[b0] * 4, knots, [b1] * 4]
    basis = bspline(x, t)
    # splineDesign closes the last interval at the right boundary: the last B-spline is 1 there.
    basis[x == b1, :] = 0; basis[x == b1, -1] = 1
    const = bspline(np.array([b0, b1]), t, 2)
    basis, const = basis[:, 1:], const[:, 1:]
    q, _ = np.linalg.qr(const.T, mode="complete")  # Householder (LAPACK dgeqrf) = LINPACK's reflections
    return (q.T @ basis.T).T[:, 2:], knots


def r_poly(x, degree):
    """R's stats::poly(x, degree): QR of the centred Vandermonde matrix, columns scaled to unit norm."""
    xc = x - x.mean()
    X = np.vander(xc, degree + 1, increasing=True)
    q, r = np.linalg.qr(X)
    Z = q * np.diag(r)
    Z = Z / np.sqrt((Z ** 2).sum(axis=0))
    return Z[:, 1:]


ns3, knots3 = r_ns(df.age.values, 3)
for j in range(3):
    df[f"ns{j + 1}"] = ns3[:, j]
print("ns(age, df: 3) knots", repr(knots3.tolist()), "rows 0..2", repr(ns3[:3].tolist()))
p2 = r_poly(df.tenure.values.astype(float), 2)
print("poly(tenure, 2) rows 0..2", repr(p2[:3].tolist()))

rhs = "tenure * C(Contract) + np.log(charges) + ns1 + ns2 + ns3"
ols = smf.ols("y ~ " + rhs, data=df).fit()
logit = smf.logit("yb ~ " + rhs, data=df).fit(disp=0, tol=1e-12, maxiter=100)
for name, m in [("OLS", ols), ("logit", logit)]:
    print(f"--- {name}: smf.{name.lower()}('{'y' if name == 'OLS' else 'yb'} ~ {rhs}')")
    for k in m.params.index:
        print(f"  {k!r:45} {m.params[k]:.12g}  se {m.bse[k]:.12g}")

noint = smf.ols("y ~ C(Contract, Treatment('Two year')) + tenure:C(Contract) - 1", data=df).fit()
print("--- OLS no intercept: smf.ols(\"y ~ C(Contract, Treatment('Two year')) + tenure:C(Contract) - 1\")")
for k in noint.params.index:
    print(f"  {k!r:60} {noint.params[k]:.12g}  se {noint.bse[k]:.12g}")

cr = smf.ols(f"y ~ cr(age, knots={knots3.tolist()}, lower_bound={df.age.min()}, upper_bound={df.age.max()})",
             data=df).fit()
nsfit = smf.ols("y ~ ns1 + ns2 + ns3", data=df).fit()
print("--- spline space check: max |fitted(ns) - fitted(cr)| =",
      float(np.abs(nsfit.fittedvalues - cr.fittedvalues).max()))
print("  ns OLS fitted rows 0..2", repr(nsfit.fittedvalues[:3].tolist()))
poly = smf.ols("y ~ p1 + p2", data=df.assign(p1=p2[:, 0], p2=p2[:, 1])).fit()
print("--- OLS y ~ poly(tenure, 2):", repr(poly.params.tolist()), "se", repr(poly.bse.tolist()))
