#!/usr/bin/env bash
# The one command that renders every phase script as a report and regenerates docs/RESULTS.md:
#
#   scripts/make_results.sh
#
# Each phase runs once on the bundled data with the release build and writes
#   docs/reports/NN_name.html   self-contained notebook report (prose, code, tables, inline SVG plots)
#   docs/reports/NN_name.md     the same as Markdown
# and its named values and printed results as JSON (kept in a temporary folder). RESULTS.md then gets the
# summary tables (churn model metrics, average effects with CIs, heterogeneity, the A/B test, business impact)
# built by scripts/results/summary.py from those values, links to the reports, and each phase's raw output.
# Nothing in RESULTS.md or the reports is typed by hand; every run prints the same bytes. Needs python3.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/ensure_deps.sh
swift build -c release --product churn
bin=$PWD/.build/release/churn
out=docs/RESULTS.md
reports=docs/reports
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$reports"
scripts=()
for script in scripts/0[1-6]_*.churn; do
  [ -e "$script" ] || continue
  scripts+=("$script")
  name=$(basename "$script" .churn)
  echo "running $script" >&2
  # (Phase 06 saves churn_policy.bin in the working directory, as it always has; it is git-ignored.)
  "$bin" run "$script" --report "$reports/$name.html" --report "$reports/$name.md" \
    --values "$tmp/$name.json" > "$tmp/$name.txt"
done
{
  echo "# Results"
  echo
  echo "Produced by \`scripts/make_results.sh\`: each phase script run on the bundled synthetic"
  echo "data (\`data/telco.csv\`), release build, \`$($bin --version)\`. Every run prints the same bytes."
  echo "Sign convention: effects are on churn, so a helpful intervention has a negative effect."
  echo
  echo "## Summary"
  echo
  echo "Taken from the values the phase scripts computed (\`churn run … --values\`), not typed by hand."
  echo
  python3 scripts/results/summary.py "$tmp"
  echo
  echo "## Reports"
  echo
  echo "Each phase as a notebook document (prose, code, tables and plots):"
  echo
  for script in "${scripts[@]}"; do
    name=$(basename "$script" .churn)
    title=$(sed -n '1s/^#'"'"'* *//p' "$script")
    echo "- [$title](reports/$name.html) ([Markdown](reports/$name.md))"
  done
  for script in "${scripts[@]}"; do
    name=$(basename "$script" .churn)
    title=$(sed -n '1s/^#'"'"'* *//p' "$script")
    echo
    echo "## $title"
    echo
    echo "\`churn run $script\`"
    echo
    echo '```'
    cat "$tmp/$name.txt"
    echo '```'
  done
} > "$out"
echo "wrote $out and $reports/" >&2
