"""IV check: does 2SLS with the offer-weekday instrument recover the simulator's true complier effect?

In binary mode the simulator sets the treatment probability to e = 0.2 + 0.6 r + v(weekday) with v = +0.10,
+0.05, 0, -0.05, -0.10 for Mon..Fri (InterventionModel.binaryPropensity, no hidden confounder): the weekday
shifts the probability additively and independently of the customer, and a customer is treated when a
uniform draw falls below e. Moving from one weekday to another therefore switches a share |dv| of *every*
kind of customer (the compliers are a random sample of all customers), so the local average treatment effect
equals the ATE, mean(true_effect). 2SLS with weekday dummies (and linear controls, which only soak up noise
because the weekday is independent of them) targets the same number.

This script runs phase 03's `iv` call on many seeded simulations, as phase 03 sets them up (out-of-fold
gradient-boosting risk on the real Telco customers, then `simulate interventions ... mode: binary`), and
reports the mean 2SLS estimate against the mean truth and the 95% CI coverage.

usage: python3 scripts/bench/causal/iv_check.py [--reps 200] [--first-seed 1] [--churn PATH] [--data PATH]
"""
import argparse
import math

from churn_records import run_records

RISK = ("let scored = df |> oof gbm churned ~ tenure + MonthlyCharges + TotalCharges + Contract + InternetService"
        " + OnlineSecurity + TechSupport + PaymentMethod + SeniorCitizen with k: 5, name: \"risk_oof\","
        " learning_rate: 0.05, seed: 42")
IV = "iv churn ~ treatment | tenure + MonthlyCharges + Contract + risk on s with instrument: offer_weekday"


def script(reps, first_seed, strength):
    lines = ['param data = "data/telco.csv"', "let telco = read_csv(data)",
             "let df = telco |> mutate churned = Churn == \"Yes\", TotalCharges = coalesce(TotalCharges, 0)", RISK]
    for k in range(first_seed, first_seed + reps):
        lines += [
            f"let s = simulate interventions on scored risk: risk_oof, mode: binary, instrument_strength: {strength}, "
            f"seed: {k}",
            f"let v = {IV}",
            f"{{seed: {k}, truth: mean(s.true_effect), late: v.estimate, se: v.se, lo: v.ci_low, hi: v.ci_high, "
            f"f: v.first_stage_f}}",
        ]
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=200)
    ap.add_argument("--first-seed", type=int, default=1)
    ap.add_argument("--strength", type=float, default=1.0, help="instrument_strength of the simulation")
    ap.add_argument("--churn", default=".build/release/churn")
    ap.add_argument("--data", default="data/telco.csv")
    a = ap.parse_args()
    rows, elapsed = run_records(a.churn, script(a.reps, a.first_seed, a.strength), a.data)
    n = len(rows)
    truth = sum(r["truth"] for r in rows) / n
    late = sum(r["late"] for r in rows) / n
    errs = [r["late"] - r["truth"] for r in rows]
    bias = sum(errs) / n
    sd = math.sqrt(sum((e - bias) ** 2 for e in errs) / (n - 1)) if n > 1 else float("nan")
    mean_se = sum(r["se"] for r in rows) / n
    cover = sum(1 for r in rows if r["lo"] <= r["truth"] <= r["hi"]) / n
    mean_f = sum(r["f"] for r in rows) / n
    print(f"replicates: {n} (seeds {a.first_seed}..{a.first_seed + n - 1}), instrument strength {a.strength}, "
          f"churn wall time {elapsed:.1f} s")
    print(f"mean true ATE (= LATE here) : {truth:+.4f}")
    print(f"mean 2SLS estimate          : {late:+.4f}   bias {bias:+.4f} (Monte Carlo SE {sd / math.sqrt(n):.4f})")
    print(f"sd of 2SLS errors           : {sd:.4f}   mean reported SE {mean_se:.4f}")
    print(f"95% CI coverage of the truth: {100 * cover:.1f}%   (binomial SE {100 * math.sqrt(.95 * .05 / n):.1f} pp)")
    print(f"mean first-stage F          : {mean_f:.1f}")
    if n <= 5:
        for r in rows:
            print(f"seed {r['seed']}: truth {r['truth']:+.4f}, 2SLS {r['late']:+.4f} [{r['lo']:+.4f}, {r['hi']:+.4f}], "
                  f"F {r['f']:.1f}")

if __name__ == "__main__":
    main()
