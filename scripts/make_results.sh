#!/usr/bin/env bash
# Regenerates docs/RESULTS.md from the phase scripts: each script is run on the bundled data with the
# release build and its output is pasted verbatim under a heading. Nothing in RESULTS.md is typed by
# hand; rerun this after any change that moves a number.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/ensure_deps.sh
swift build -c release --product churn
bin=.build/release/churn
out=docs/RESULTS.md
{
  echo "# Results"
  echo
  echo "Produced by \`scripts/make_results.sh\`: the output of each phase script on the bundled synthetic"
  echo "data (\`data/telco.csv\`), release build, \`$($bin --version)\`. Every run prints the same bytes."
  echo "Sign convention: effects are on churn, so a helpful intervention has a negative effect."
  for script in scripts/0[1-6]_*.churn; do
    [ -e "$script" ] || continue
    name=$(basename "$script" .churn)
    title=$(sed -n '1s/^# *//p' "$script")
    echo
    echo "## $title"
    echo
    echo "\`churn run $script\`"
    echo
    echo '```'
    "$bin" run "$script"
    echo '```'
  done
} > "$out"
echo "wrote $out"
