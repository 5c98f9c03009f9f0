# Independent numpy re-implementation of `peeking` (different random numbers, same design) to cross-check
# the false-positive rates within Monte Carlo error. Usage: python3 peeking_reference.py [sims] [rate]
import sys, math, numpy as np
from scipy.stats import norm
S = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
p = float(sys.argv[2]) if len(sys.argv) > 2 else 0.3
days, per_day, alpha = 30, 100, 0.05
N = days * per_day
l = -2 * math.log(alpha); rho2 = (l + math.log(l + 1)) / N
z = norm.ppf(1 - alpha / 2)
rng = np.random.default_rng(2024)
peek = seq = final = 0; ratios = []
for s in range(S):
    w = rng.random(N) < 0.5
    y = (rng.random(N) < p).astype(float)
    # predictable arm means (previous rows only) for the pseudo-outcomes
    n1 = np.concatenate([[0], np.cumsum(w)[:-1]]); n0 = np.arange(N) - n1
    s1 = np.concatenate([[0], np.cumsum(y * w)[:-1]]); s0 = np.concatenate([[0], np.cumsum(y * ~w)[:-1]])
    overall = np.where(np.arange(N) > 0, (s1 + s0) / np.maximum(np.arange(N), 1), 0)
    m1 = np.where(n1 > 0, s1 / np.maximum(n1, 1), overall); m0 = np.where(n0 > 0, s0 / np.maximum(n0, 1), overall)
    phi = (m1 - m0) + np.where(w, (y - m1) / 0.5, -(y - m0) / 0.5)
    rz = rc = False
    for d in range(1, days + 1):
        t = d * per_day
        ww, yy = w[:t], y[:t]
        a, b = yy[ww], yy[~ww]
        pp = yy.mean(); se = math.sqrt(pp * (1 - pp) * (1 / len(a) + 1 / len(b)))
        zz = (a.mean() - b.mean()) / se
        rz |= abs(zz) > z
        ph = phi[:t]; sd = ph.std(ddof=1)
        h = sd * math.sqrt(2 * (t * rho2 + 1) / (t * t * rho2) * math.log(math.sqrt(t * rho2 + 1) / alpha))
        rc |= (ph.mean() - h > 0) or (ph.mean() + h < 0)
    peek += rz; seq += rc; final += abs(zz) > z
    ratios.append(2 * h / (2 * z * math.sqrt(a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b))))
print(f"numpy {np.__version__}: {S} A/A tests, rate {p}: peeked z FPR {peek/S:.4f}, final-look z FPR {final/S:.4f}, "
      f"sequence FPR {seq/S:.4f}, width ratio {np.mean(ratios):.3f}")
