"""AIPW coverage study: >= 200 seeded simulations of the binary intervention scenario, run through churn.

Each replicate simulates a confounded intervention history on the Telco twin (`simulate interventions`, binary
mode, seed = replicate), then estimates the ATE on churn with the naive difference and with 5-fold cross-fitted
AIPW, and compares both with the replicate's truth (mean of the true individual effects). Everything runs in
one `churn run` of a generated script (release binary), results read back with --format json.

Targets (issue 4): AIPW 95% CI coverage of the true ATE in [93%, 97%], |mean bias| < 0.1 x mean SE; the naive
estimator's bias reported beside it.

usage: python3 scripts/bench/causal/aipw_coverage.py [--reps 200] [--learner gbm] [--churn PATH] [--data PATH]
"""
import argparse
import math

from churn_records import run_records

COVARIATES = ("tenure + MonthlyCharges + Contract + InternetService + OnlineSecurity + OnlineBackup + TechSupport"
              " + PaperlessBilling + Dependents + PaymentMethod + SeniorCitizen")


def script(reps, first_seed, learner, folds):
    lines = ['param data = "data/telco.csv"', "let telco = read_csv(data)"]
    for k in range(first_seed, first_seed + reps):
        lines += [
            f"let s = simulate interventions on telco with seed: {k}",
            f'let n = estimate ate churn ~ treatment | {COVARIATES} on s with method: "naive"',
            f'let a = estimate ate churn ~ treatment | {COVARIATES} on s with method: "aipw", folds: {folds}, '
            f'learner: "{learner}", seed: {k}',
            f"{{seed: {k}, truth: mean(s.true_effect), naive: n.estimate, aipw: a.estimate, se: a.se, "
            f"lo: a.ci_low, hi: a.ci_high}}",
        ]
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=200)
    ap.add_argument("--first-seed", type=int, default=1)
    ap.add_argument("--learner", default="gbm")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--churn", default=".build/release/churn")
    ap.add_argument("--data", default="data/telco.csv")
    a = ap.parse_args()
    rows, elapsed = run_records(a.churn, script(a.reps, a.first_seed, a.learner, a.folds), a.data)
    n = len(rows)
    cover = sum(1 for r in rows if r["lo"] <= r["truth"] <= r["hi"]) / n
    bias = sum(r["aipw"] - r["truth"] for r in rows) / n
    naive_bias = sum(r["naive"] - r["truth"] for r in rows) / n
    mean_se = sum(r["se"] for r in rows) / n
    errs = [r["aipw"] - r["truth"] for r in rows]
    sd_err = math.sqrt(sum((e - bias) ** 2 for e in errs) / (n - 1))
    truth = sum(r["truth"] for r in rows) / n
    print(f"replicates: {n} (seeds {a.first_seed}..{a.first_seed + n - 1}), learner: {a.learner}, folds: {a.folds}, "
          f"churn wall time {elapsed:.1f} s")
    print(f"mean true ATE           : {truth:+.4f}")
    print(f"AIPW 95% CI coverage    : {100 * cover:.1f}%   (target 93-97%; binomial SE {100 * math.sqrt(.95 * .05 / n):.1f} pp)")
    print(f"AIPW mean bias          : {bias:+.5f}   mean SE {mean_se:.5f}   |bias|/SE = {abs(bias) / mean_se:.3f} (target < 0.1)")
    print(f"AIPW sd of errors       : {sd_err:.5f}   (mean SE / sd = {mean_se / sd_err:.3f})")
    print(f"naive mean bias         : {naive_bias:+.5f}   ({abs(naive_bias) / mean_se:.1f} x the AIPW SE)")
    ok = 0.93 <= cover <= 0.97 and abs(bias) < 0.1 * mean_se
    print("PASS" if ok else "FAIL (see targets above)")


if __name__ == "__main__":
    main()
