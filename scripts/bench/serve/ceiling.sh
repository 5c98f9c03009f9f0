#!/bin/bash
# The two-core ceiling of the service bench: the server's and the load client's CPU per request over one wrk run.
#
#   scripts/bench/serve/ceiling.sh [CHURN_SERVE_BIN] [SECONDS]
#
# Needs bench-data/serve/policy.bin and bodies.jsonl (written by run.py), wrk and perf. Starts churn-serve on a
# fresh SQLite log (loopback, port 18091), warms up for 3 s, then runs wrk at 50 connections for SECONDS (default
# 20) while `perf stat -e task-clock -p` counts the server's CPU; wrk's own CPU comes from /usr/bin/time. Divide
# each CPU time by the requests wrk reports; two cores serve at most 2 / (server + wrk CPU per request) requests/s.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
serve=${1:-$root/.build/release/churn-serve}
secs=${2:-20}
data=$root/bench-data/serve
log=$(mktemp -d)/ceiling.sqlite
"$serve" --policy "$data/policy.bin" --port 18091 --log "$log" > /dev/null 2>&1 &
pid=$!
trap 'kill -TERM $pid 2> /dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf http://127.0.0.1:18091/ready > /dev/null && break; sleep 0.2; done
export BODIES=$data/bodies.jsonl
url=http://127.0.0.1:18091/v1/recommend
wrk -t2 -c50 -d3s -s "$root/scripts/bench/serve/post.lua" "$url" > /dev/null
echo "load $(cut -d' ' -f1 /proc/loadavg)"
perf stat -e task-clock -p "$pid" -o "$log.perf" -- sleep "$secs" &
stat=$!
/usr/bin/time -f "wrk CPU %U user %S sys" wrk -t2 -c50 -d"${secs}s" --latency -s "$root/scripts/bench/serve/post.lua" "$url" 2>&1 |
  grep -E "Requests/sec|requests in| 50%| 99%|wrk CPU|Non-2xx|Socket errors"
wait $stat
grep task-clock "$log.perf"
