# Prototype of churn's own KS p-value code (ported to Swift in Sources/Policy/Drift), checked against scipy.
import math, numpy as np
from scipy import stats, special

def outside_square(n, h):
    P = 0.0; k = n // h
    while k >= 0:
        p1 = 1.0
        for j in range(h): p1 = (n - k*h - j) * p1 / (n + k*h + j + 1)
        P = p1 * (1.0 - P); k -= 1
    return 2 * P

def outer_inside(m, n, g, h):
    if m < n: m, n = n, m
    mg, ng = m // g, n // g
    minj, maxj = 0, min(-(-h // mg), n + 1)
    curlen = maxj - minj
    lenA = min(2 * maxj + 2, n + 1)
    A = [1.0] * lenA
    for j in range(minj, maxj): A[j] = 0.0
    for i in range(1, m + 1):
        lastminj, lastlen = minj, curlen
        minj = max((ng * i - h) // mg + 1, 0); minj = min(minj, n)
        maxj = min(-(-(ng * i + h) // mg), n + 1)
        if maxj <= minj: return 1.0
        val = 0.0 if minj == 0 else 1.0
        for jj in range(maxj - minj):
            j = jj + minj
            val = (A[jj + minj - lastminj] * i + val * j) / (i + j)
            A[jj] = val
        curlen = maxj - minj
        if lastlen > curlen:
            for t in range(maxj - minj, maxj - minj + (lastlen - curlen)): A[t] = 1.0
    return A[maxj - minj - 1]

def smirnov_sf(n, x):
    # Birnbaum-Tingey: P(D+_n >= x) = x * sum_{j=0}^{floor(n(1-x))} C(n,j) (1-x-j/n)^(n-j) (x+j/n)^(j-1)
    if x <= 0: return 1.0
    if x >= 1: return 0.0
    jmax = int(math.floor(n * (1 - x) + 1e-12))
    s = 0.0
    lg = math.lgamma(n + 1)
    for j in range(jmax + 1):
        a = 1 - x - j / n
        if a <= 0: continue
        lt = lg - math.lgamma(j + 1) - math.lgamma(n - j + 1) + (n - j) * math.log(a) + (j - 1) * math.log(x + j / n)
        s += math.exp(lt)
    return x * s

def dmtw(n, d):
    if d >= 1: return 1.0
    nd = n * d
    if nd <= 0.5: return 0.0
    k = int(math.ceil(nd)); h = k - nd; m = 2 * k - 1
    H = np.zeros((m, m))
    v = np.array([1.0 - h ** i for i in range(1, m + 1)]); w = np.empty(m); fac = 1.0
    for j in range(1, m + 1):
        w[j-1] = fac; fac /= j; v[j-1] *= fac
    tt = max(2*h - 1.0, 0) ** m - 2 * h ** m
    v[-1] = (1.0 + tt) * fac
    for i in range(1, m): H[i-1:, i] = w[:m-i+1]
    H[:, 0] = v; H[-1, :] = v[::-1]
    P = np.eye(m); nn = n; e = 0; He = 0
    while nn > 0:
        if nn % 2: P = P @ H; e += He
        H = H @ H; He *= 2
        if abs(H[k-1, k-1]) > 2.0**128: H /= 2.0**128; He += 128
        nn //= 2
    p = P[k-1, k-1]
    for i in range(1, n + 1):
        p = i * p / n
        if abs(p) < 2.0**-128: p *= 2.0**128; e -= 128
    return math.ldexp(p, e)

def pelz_good(n, x):
    z = math.sqrt(n) * x
    z2, z3, z4, z6 = z*z, z**3, z**4, z**6
    qlog = -math.pi**2 / 8 / z2
    if qlog < -708: return 0.0
    q = math.exp(qlog)
    pi2, pi4, pi6 = math.pi**2, math.pi**4, math.pi**6
    k1a, k1b = -z2, pi2/4
    k2a, k2b, k2c = 6*z6 + 2*z4, (2*z4 - 5*z2)*pi2/4, pi4*(1 - 2*z2)/16
    k3d = pi6*(5 - 30*z2)/64; k3c = pi4*(-60*z2 + 212*z4)/16; k3b = pi2*(135*z4 - 96*z6)/4; k3a = -30*z6 - 90*z**8
    K = [0.0]*4
    maxk = int(math.ceil(16 * z / math.pi))
    for k in range(maxk, 0, -1):
        m = 2*k - 1; m2 = m*m
        qp = q ** (8*k)
        c = [1.0, k1a + k1b*m2, k2a + k2b*m2 + k2c*m2*m2, k3a + k3b*m2 + k3c*m2*m2 + k3d*m2**3]
        K = [K[i]*qp + c[i] for i in range(4)]
    s2p = math.sqrt(2*math.pi)
    K = [K[i]*q*s2p for i in range(4)]
    den = [z, 6*z4, 72*z**7, 6480*z**10]
    K = [K[i]/den[i] for i in range(4)]
    q = math.exp(-pi2/2/z2)
    e2 = 0.0; e3 = 0.0
    for k in range(maxk, 0, -1):
        qk = q ** (k*k); e2 += k*k*qk; e3 += (math.sqrt(3)*z + math.pi*k)*(math.sqrt(3)*z - math.pi*k)*k*k*qk
    K[2] += e2 * pi2*s2p/(-36*z3); K[3] += e3 * pi2*s2p/(216*z6)
    return sum(K[i] / n**(i/2) for i in range(4))

def clip(p): return min(1.0, max(0.0, p))

def kolmogn_sf(n, x):
    if x >= 1: return 0.0
    if x <= 0: return 1.0
    t = n * x
    if t <= 1.0:
        if t <= 0.5: return 1.0
        if n <= 140:
            p = 1.0
            for i in range(1, n+1): p *= i * (1.0/n) * (2*t - 1)
        else:
            p = math.exp(math.lgamma(n+1) - n*math.log(n) + n*math.log(2*t-1))
        return clip(1 - p)
    if t >= n - 1: return clip(2 * (1.0 - x) ** n)
    if x >= 0.5: return clip(2 * smirnov_sf(n, x))
    nx2 = t * x
    if n <= 140:
        if nx2 <= 4: return clip(1 - dmtw(n, x))
        return clip(2 * smirnov_sf(n, x))
    if nx2 >= 370: return 0.0
    if nx2 >= 2.2: return clip(2 * smirnov_sf(n, x))
    if nx2 >= 18: c = 1.0
    elif n <= 100000 and n * x**1.5 <= 1.4: c = dmtw(n, x)
    else: c = pelz_good(n, x)
    return clip(1 - c)

def ks2(a, b, method='auto'):
    a = np.sort(a); b = np.sort(b); n1, n2 = len(a), len(b)
    allv = np.concatenate([a, b])
    cd = np.searchsorted(a, allv, 'right')/n1 - np.searchsorted(b, allv, 'right')/n2
    d = max(cd.max(), -cd.min())
    g = math.gcd(n1, n2)
    mode = method
    if mode == 'auto': mode = 'exact' if max(n1, n2) <= 10000 else 'asymp'
    if mode == 'exact':
        lcm = (n1 // g) * n2
        h = int(round(d * lcm)); d = h / lcm
        if h == 0: return d, 1.0
        p = outside_square(n1, h) if n1 == n2 else outer_inside(n1, n2, g, h)
        if 0 <= p <= 1: return d, p
        mode = 'asymp'
    m, n = sorted([float(n1), float(n2)], reverse=True)
    en = m*n/(m+n)
    return d, kolmogn_sf(int(round(en)), d)

if __name__ == '__main__':
    rng = np.random.default_rng(7)
    worst = 0.0
    for trial in range(400):
        n1 = int(rng.integers(1, 300)); n2 = int(rng.integers(1, 300))
        if trial % 4 == 0: n2 = n1
        a = rng.normal(size=n1); b = rng.normal(loc=rng.uniform(0, 0.8), size=n2)
        if trial % 5 == 0: a = np.round(a, 1); b = np.round(b, 1)
        for meth in ['exact', 'asymp']:
            r = stats.ks_2samp(a, b, method=meth); mine = ks2(a, b, meth)
            err = max(abs(r.statistic - mine[0]), abs(r.pvalue - mine[1]))
            if err > worst: worst = err; print('worst', worst, n1, n2, meth, r.pvalue, mine[1])
    for (n1, n2, sh) in [(3000, 4043, 0.0), (3000, 4043, 0.05), (12000, 9000, 0.02), (20000, 20000, 0.01), (500, 100000, 0.05), (7043, 7043, 0.02), (150,160,0.3)]:
        a = rng.normal(size=n1); b = rng.normal(loc=sh, size=n2)
        for meth in ['auto', 'asymp']:
            r = stats.ks_2samp(a, b, method=meth); mine = ks2(a, b, meth)
            print(n1, n2, meth, r.pvalue, mine[1], abs(r.pvalue - mine[1]))
    print('worst', worst)
