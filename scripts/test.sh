#!/usr/bin/env bash
# The test command: install build dependencies, build the churn binary (the CLI tests run it),
# then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/ensure_deps.sh
swift build
swift test
