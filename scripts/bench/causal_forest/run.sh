#!/usr/bin/env bash
# Causal-forest benchmark: our forest vs EconML CausalForestDML on the same data, in one run.
#
#   scripts/bench/causal_forest/run.sh [accuracy|speed|memory|all] [reps]
#
# accuracy: Nie & Wager (2021) setups A–D (d = 6, σ = 1, 2,000 train / 2,000 test, `reps` seeded repetitions,
#           default 10): mean test PEHE and 95% CI coverage, ours (2,000 trees, grf defaults) and EconML's
#           (100 trees, defaults), with grf 2.6.1 reference numbers from issue 5.
# speed:    setup A, d = 10, n = 10,000: fit + OOB predictions with variance (2,000 trees) vs EconML's
#           100-tree fit + intervals on the same rows; seconds, time per tree, bytes per tree, peak MiB.
# memory:   the same at n = 100,000 (goal: peak < 2 GB).
# Our side is a temporary release executable (forestbench.swift) built outside the repo against the
# repo's Stats/Frame/Learn/Causal sources.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
what="${1:-all}"
reps="${2:-10}"
work="${TMPDIR:-/tmp}/churn-cf-bench"
mkdir -p "$work/pkg/Sources/forestbench" "$work/data"
rm -rf "$work/pkg/Sources/Stats" "$work/pkg/Sources/Frame" "$work/pkg/Sources/Learn" "$work/pkg/Sources/Causal"
cp -r "$repo/Sources/Stats" "$repo/Sources/Frame" "$repo/Sources/Learn" "$repo/Sources/Causal" "$work/pkg/Sources/"
cp "$here/forestbench.swift" "$work/pkg/Sources/forestbench/main.swift"
cat > "$work/pkg/Package.swift" <<'PKG'
// swift-tools-version: 6.0
import PackageDescription
// As the repo's Package.swift builds the numeric layers: with cross-module optimization.
let numeric: [SwiftSetting] = [.unsafeFlags(["-cross-module-optimization"])]
let package = Package(
  name: "forestbench",
  targets: [
    .target(name: "Stats", swiftSettings: numeric),
    .target(name: "Frame", dependencies: ["Stats"], swiftSettings: numeric),
    .target(name: "Learn", dependencies: ["Frame", "Stats"], swiftSettings: numeric),
    .target(name: "Causal", dependencies: ["Learn", "Frame", "Stats"], swiftSettings: numeric),
    .executableTarget(name: "forestbench", dependencies: ["Causal", "Frame", "Stats"]),
  ]
)
PKG
(cd "$work/pkg" && swift build -c release 2>&1 | tail -1)
bench="$work/pkg/.build/release/forestbench"

if [[ "$what" == accuracy || "$what" == all ]]; then
  "$bench" accuracy "$work/data" "$reps" 2000 | tee "$work/ours.jsonl"
  python3 "$here/econml_side.py" accuracy "$work/data" | tee "$work/econml.jsonl"
  python3 "$here/summarize.py" accuracy "$work/ours.jsonl" "$work/econml.jsonl"
fi
if [[ "$what" == speed || "$what" == all ]]; then
  /usr/bin/time -v "$bench" speed 10000 2000 "$work/speed10k.csv" 2> "$work/time_ours.txt" | tee "$work/speed_ours.jsonl"
  /usr/bin/time -v python3 "$here/econml_side.py" speed "$work/speed10k.csv" 2> "$work/time_econml.txt" | tee "$work/speed_econml.jsonl"
  python3 "$here/summarize.py" speed "$work/speed_ours.jsonl" "$work/speed_econml.jsonl"
fi
if [[ "$what" == memory || "$what" == all ]]; then
  "$bench" speed 100000 2000 | tee "$work/memory_ours.jsonl"
fi
