#!/usr/bin/env bash
# read_csv and group-summarize benchmark: churn (release) vs pandas on a 1M-row Telco-shaped CSV.
#
#   scripts/bench/csv_groupby/bench.sh            # ROWS=1000000 REPS=3 by default
#   ROWS=200000 REPS=5 scripts/bench/csv_groupby/bench.sh
#   SCRATCH=.build-bench scripts/bench/csv_groupby/bench.sh   # build in another scratch path
#
# Needs the real Telco file (CHURN_TELCO_CSV or ../shared/data/telco/...) to generate the data, which
# goes to bench-data/ (git-ignored). Prints times, peak memory and churn/pandas ratios.
set -euo pipefail
cd "$(dirname "$0")/../../.."
ROWS="${ROWS:-1000000}"
REPS="${REPS:-3}"
DATA="$(python3 scripts/bench/csv_groupby/generate.py --rows "$ROWS")"
BUILD=(swift build -c release ${SCRATCH:+--scratch-path "$SCRATCH"})
"${BUILD[@]}" --product churn >&2
BIN="$("${BUILD[@]}" --show-bin-path)/churn"
python3 scripts/bench/csv_groupby/bench.py --data "$DATA" --churn "$BIN" --reps "$REPS"
