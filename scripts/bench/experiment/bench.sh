#!/usr/bin/env bash
# ab_test benchmark: churn (release) vs pandas + statsmodels on a generated 10M-row three-arm experiment.
#   scripts/bench/experiment/bench.sh                 # ROWS=10000000 REPS=2
#   ROWS=1000000 scripts/bench/experiment/bench.sh
set -euo pipefail
cd "$(dirname "$0")/../../.."
ROWS="${ROWS:-10000000}"
REPS="${REPS:-2}"
DATA="$(python3 scripts/bench/experiment/generate.py --rows "$ROWS")"
swift build -c release --product churn >&2
python3 scripts/bench/experiment/bench.py --data "$DATA" --churn "$(swift build -c release --show-bin-path)/churn" --reps "$REPS"
