"""Issue 11 item 1: the shape in which symmetric propensity clipping flips a Hajek ATT.

Writes /tmp/tv_clip.csv (20,000 rows: x ~ N(0,1), e = sigmoid(-6.5 + 2.2x), T ~ Bernoulli(e),
Y = 20000x + 1800T + N(0, 1000^2); truth ATT 1800) and prints the Hajek ATT with the true propensity
under no clipping, symmetric clipping at 0.01 and the target-aware rule (control e capped at 0.99 only).

Then compare with churn:
  churn -e 'let d = read_csv("/tmp/tv_clip.csv")
  estimate att y ~ t | x on d with method: "hajek"
  estimate att y ~ t | x on d with method: "hajek", clip: 0'
"""
import numpy as np
import pandas as pd

rng = np.random.default_rng(1)
n = 20000
x = rng.normal(size=n)
e = 1 / (1 + np.exp(-(-6.5 + 2.2 * x)))
t = (rng.uniform(size=n) < e).astype(int)
y = 20000 * x + 1800 * t + rng.normal(size=n) * 1000
pd.DataFrame({"y": y, "t": t, "x": x}).to_csv("/tmp/tv_clip.csv", index=False)
print("treated", t.sum(), "share of control e < 0.01", (e[t == 0] < 0.01).mean())


def att(scores):
    w0 = scores / (1 - scores)
    return y[t == 1].mean() - np.sum(w0[t == 0] * y[t == 0]) / np.sum(w0[t == 0])


print("clip 0      ", att(e))
print("symmetric   ", att(np.clip(e, 0.01, 0.99)))
print("target-aware", att(np.where(t == 0, np.minimum(e, 0.99), e)))
