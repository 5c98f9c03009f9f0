# Reference values for Tests/PolicyTests/KolmogorovSmirnovTests.swift.
# Run: python3 scripts/bench/drift/ks_reference.py   (scipy 1.17.1, numpy; prints Swift test cases)
# Samples are integer-arithmetic sequences that the Swift test rebuilds bit for bit:
#   gen(n, mult, mod, power, shift)[i] = (((i * mult) % mod) / mod) ** power + shift
import scipy
from scipy import stats

def gen(n, mult, mod, power, shift):
    return [(((i * mult) % mod) / mod) ** power + shift for i in range(n)]

cases = [
    ((40, 7919, 1009, 1, 0.0), (40, 104729, 1013, 1, 0.15)),
    ((37, 7919, 1009, 2, 0.0), (53, 104729, 1013, 1, 0.0)),
    ((300, 7919, 50, 1, 0.0), (450, 31, 50, 1, 0.02)),
    ((3000, 7919, 100003, 2, 0.0), (4043, 104729, 99991, 2, 0.01)),
    ((12000, 7919, 100003, 1, 0.0), (9000, 104729, 99991, 1, 0.01)),
    ((150, 7919, 1009, 1, 0.0), (160, 104729, 1013, 1, 0.3)),
    ((120, 7919, 1009, 1, 0.0), (130, 104729, 1013, 1, 0.25)),
    ((300000, 7919, 1000003, 1, 0.0), (300000, 104729, 999983, 1, 0.001)),
    ((2000, 7919, 100003, 1, 0.0), (2500, 104729, 99991, 1, 0.0)),
]
print("// scipy", scipy.__version__)
for a, b in cases:
    xa, xb = gen(*a), gen(*b)
    for method in ["exact", "asymp", "auto"]:
        r = stats.ks_2samp(xa, xb, method=method)
        print(f"  Case(a: Gen{a}, b: Gen{b}, method: .{'asymptotic' if method == 'asymp' else method}, d: {float(r.statistic)!r}, p: {float(r.pvalue)!r}),")
