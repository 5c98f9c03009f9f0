#!/usr/bin/env bash
# Times `bandit` on 1,000,000 decisions over 5 arms (release build): Thompson sampling alone (5 Beta draws, i.e.
# 10 Marsaglia–Tsang gamma draws, per decision), then Thompson by segment. Reported: wall and CPU (user + sys)
# time of the 1M-decision run minus a 1,000-decision run of the same script (start-up, data simulation), best
# of three. CPU time is the honest figure on a shared machine; wall time includes waiting for a core.
set -euo pipefail
cd "$(dirname "$0")/../../.."
BIN=${CHURN_BIN:-.build/release/churn}
run() { /usr/bin/time -f "%e %U %S" "$BIN" run scripts/bench/experiment/bandit_speed.churn --param horizon="$1" --param policies="$2" 2>&1 >/dev/null | tail -1; }
for policy in thompson thompson_segment; do
  best_w=999; best_c=999
  for rep in 1 2 3; do
    read -r w0 u0 s0 < <(run 1000 "$policy")
    read -r w1 u1 s1 < <(run 1000000 "$policy")
    read -r best_w best_c < <(python3 -c "print(min($best_w, $w1-$w0), min($best_c, ($u1+$s1)-($u0+$s0)))")
  done
  python3 -c "print(f'$policy: 1,000,000 decisions over 5 arms: wall {$best_w:.3f} s, CPU {$best_c:.3f} s (best of 3)')"
done
uptime
