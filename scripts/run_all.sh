#!/usr/bin/env bash
# The main job: install build dependencies, build churn in release mode, and run the six phase
# scripts on the bundled data (data/telco.csv). Output of each phase goes to stdout and to
# out/NN.txt; pass extra arguments (e.g. --param data=path.csv) through to every script.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/ensure_deps.sh
swift build -c release --product churn
swift build -c release --product churn-serve
mkdir -p out
for script in scripts/0[1-6]_*.churn; do
  [ -e "$script" ] || continue
  name=$(basename "$script" .churn)
  echo "=== $name"
  .build/release/churn run "$script" "$@" | tee "out/$name.txt"
done
