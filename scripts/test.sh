#!/usr/bin/env bash
# The test command: install build dependencies, build the churn and churn-serve binaries in release mode (the CLI,
# phase-script and service tests run them; the phase scripts fit thousands of trees, which debug builds make
# many times slower), then run the whole test suite (debug build of the libraries and tests).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/ensure_deps.sh
# The decision service's API test runs schemathesis and checks responses with pyyaml + jsonschema (PyPI).
python3 -m pip install -q schemathesis pyyaml jsonschema 2>&1 | grep -v "WARNING: Running pip as the 'root' user" || true
swift build -c release --product churn
swift build -c release --product churn-serve
# The two-replica decision-log test needs a PostgreSQL server: start a throwaway one (stopped on exit).
source ./scripts/test_postgres.sh
start_test_postgres
CHURN_BIN="$PWD/.build/release/churn" swift test "$@"
