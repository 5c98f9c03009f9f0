#!/usr/bin/env bash
# Exact vs quantile-threshold depth-2 policy tree at n = 7,043 (bundled twin), release build.
# The nuisance cross-fitting is the same in every run; the depth-1 run measures it (its tree search is
# O(p·n·A), negligible), so tree time ≈ total − depth-1 total.
# Run: bash scripts/bench/policy/policy_tree_timing.sh   (from the repository root)
set -euo pipefail
BIN=${CHURN_BIN:-.build/release/churn}
run() {
  cat > /tmp/policy_tree_timing.churn <<CHURN
let telco = read_csv("data/telco.csv") |> mutate TotalCharges = coalesce(TotalCharges, 0)
let multi = simulate interventions on telco mode: multi, scenario: persuadables, seed: 42
let pt = policy_tree churn ~ arm | tenure + MonthlyCharges + Contract + InternetService + PaymentMethod on multi with covariates: [tenure, MonthlyCharges, Contract, InternetService], objective: churn, $1
pt
CHURN
  local t0 t1
  t0=$(date +%s.%N)
  "$BIN" run /tmp/policy_tree_timing.churn > "/tmp/policy_tree_timing_$2.txt"
  t1=$(date +%s.%N)
  echo "$2: $(echo "$t1 - $t0" | bc) s"
}
run "depth: 1" depth1
run "depth: 2, thresholds: 32" binned32
run "depth: 2" exact
grep -h -A 6 "^Policy tree" /tmp/policy_tree_timing_binned32.txt /tmp/policy_tree_timing_exact.txt
