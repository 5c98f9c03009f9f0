#!/usr/bin/env bash
# Model benchmarks: churn vs LightGBM / scikit-learn on the same generated data, in one run.
#
#   scripts/bench/models/run.sh [gbm|forest|logit|all] [reps]
#
# gbm:    1,000,000 x 20 binary (5% NaN in one feature), 100 rounds, 31 leaves, learning rate 0.1, vs
#         LightGBM 4.7 (n_jobs=2): training time ratio, test AUC difference (200,000 test rows), peak RSS
#         ratio, scoring time ratio (1,000,000 rows).
# forest: 100 trees on 100,000 x 20 vs scikit-learn RandomForestClassifier(n_jobs=2): time ratio, AUC.
# logit:  1,000,000 x 20 vs scikit-learn LogisticRegression(lbfgs, C=1, tol=1e-8): time ratio, max
#         |coefficient difference| (ours: Newton with the equivalent L2 penalty 1).
# Each side runs `reps` times (default 3), alternating, and the best time is kept (the machine is shared).
# Ratios are churn / reference: below 1 means churn is faster or smaller.
# Our side is a temporary release executable (modelbench.swift) built outside the repo against the repo's
# Stats/Frame/Learn sources.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
what="${1:-all}"
reps="${2:-3}"
work="${TMPDIR:-/tmp}/churn-model-bench"
mkdir -p "$work/pkg/Sources/modelbench" "$work/data"
rm -rf "$work/pkg/Sources/Stats" "$work/pkg/Sources/Frame" "$work/pkg/Sources/Learn"
cp -r "$repo/Sources/Stats" "$repo/Sources/Frame" "$repo/Sources/Learn" "$work/pkg/Sources/"
cp "$here/modelbench.swift" "$work/pkg/Sources/modelbench/main.swift"
cat > "$work/pkg/Package.swift" <<'PKG'
// swift-tools-version: 6.0
import PackageDescription
// As the repo's Package.swift builds the numeric layers: with cross-module optimization.
let numeric: [SwiftSetting] = [.unsafeFlags(["-cross-module-optimization"])]
let package = Package(
  name: "modelbench",
  targets: [
    .target(name: "Stats", swiftSettings: numeric),
    .target(name: "Frame", dependencies: ["Stats"], swiftSettings: numeric),
    .target(name: "Learn", dependencies: ["Frame", "Stats"], swiftSettings: numeric),
    .executableTarget(name: "modelbench", dependencies: ["Learn", "Frame", "Stats"]),
  ]
)
PKG
# The build runs at the lowest priority (the machine is shared); the timing runs below do not.
(cd "$work/pkg" && nice -n 19 swift build -c release 2>&1 | tail -1)
ours="$work/pkg/.build/release/modelbench"
ref="python3 $here/reference_side.py"
d="$work/data"
out="$work/results.jsonl"
: > "$out"

gen() { [[ -f "$d/$1.f64" ]] || $ref gen "$d/$1" "$2" 20 "$3" "${4:-0}"; }

if [[ "$what" == gbm || "$what" == all ]]; then
  gen gbm_train 1000000 1 0.05; gen gbm_test 1000000 2 0.05
  for _ in $(seq "$reps"); do
    "$ours" gbm "$d/gbm_train.f64" "$d/gbm_test.f64" 20 100 31 | tee -a "$out"
    $ref gbm "$d/gbm_train.f64" "$d/gbm_test.f64" 20 100 31 | tee -a "$out"
  done
fi
if [[ "$what" == forest || "$what" == all ]]; then
  gen rf_train 100000 3 0.05; gen rf_test 100000 4 0.05
  for _ in $(seq "$reps"); do
    "$ours" forest "$d/rf_train.f64" "$d/rf_test.f64" 20 100 | tee -a "$out"
    $ref forest "$d/rf_train.f64" "$d/rf_test.f64" 20 100 | tee -a "$out"
  done
fi
if [[ "$what" == logit || "$what" == all ]]; then
  gen lr_train 1000000 5
  for _ in $(seq "$reps"); do
    "$ours" logit "$d/lr_train.f64" 20 | tee -a "$out"
    $ref logit "$d/lr_train.f64" 20 | tee -a "$out"
  done
fi
python3 "$here/summarize.py" "$out"
