#!/usr/bin/env bash
# Times `bandit` on 1,000,000 decisions over 5 arms (release build). The command runs four policies (equal
# split, epsilon-greedy, Thompson, Thompson by segment) in parallel on 2 cores; we report the wall and CPU
# time of the 1M-decision run minus a 1,000-decision run of the same script (start-up, simulation), and the
# CPU time per policy (CPU / 4).
set -euo pipefail
cd "$(dirname "$0")/../../.."
BIN=${CHURN_BIN:-.build/release/churn}
run() { /usr/bin/time -f "%e %U %S" "$BIN" run scripts/bench/experiment/bandit_speed.churn --param horizon="$1" 2>&1 >/dev/null | tail -1; }
for rep in 1 2 3; do
  read -r w0 u0 s0 < <(run 1000)
  read -r w1 u1 s1 < <(run 1000000)
  python3 -c "
w=$w1-$w0; c=($u1+$s1)-($u0+$s0)
print(f'run $rep: wall {w:.2f} s, CPU {c:.2f} s for 4 policies x 1,000,000 decisions; CPU per policy {c/4:.2f} s')"
done
