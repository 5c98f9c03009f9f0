#!/bin/sh
# Load-independent profile of the few-row scoring kernel (session 11): callgrind with a cache model of one core
# (32 KB L1d, 1 MB L2), counting only inside CausalBlockState.run (passes 1 and 2 of CompactForest.predict).
#   scripts/bench/policy/kernel_callgrind.sh BIN ROWS CUSTOMERS OUT
# BIN is a release policy-bench; the policy file is /tmp/score-policy-2000.bin (POLICY_BENCH_FILE, see README).
BIN=$1; M=$2; C=$3; OUT=$4
POLICY_BENCH_KERNEL=$M POLICY_BENCH_KERNEL_CUSTOMERS=$C POLICY_BENCH_FILE=${POLICY_BENCH_FILE:-/tmp/score-policy-2000.bin} \
nice -n 19 valgrind --tool=callgrind --cache-sim=yes --D1=32768,8,64 --LL=1048576,16,64 \
  --toggle-collect='$s6Causal0A10BlockStateC3run_6walker6leaves1x4rows2lo2hi5inBag3tau8varianceyAA0aB4PlanV_5Learn12CompactTreesV6WalkerVSPySdGAUS3iSays6UInt64VGSgSpySdGAZtF' \
  --callgrind-out-file="$OUT" "$BIN" 2000 0 0 2>&1 | grep -E "kernel|refs|misses"
