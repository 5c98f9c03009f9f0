#!/bin/sh
# Formats (or, with --lint, only checks) the Swift sources with the toolchain's swift-format and the
# repository's .swift-format (2-space indent, 120 columns).
#   scripts/format.sh          rewrite Sources/ Tests/ Package.swift in place
#   scripts/format.sh --lint   list what would change, exit non-zero if anything would
set -eu
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--lint" ]; then
  exec swift format lint --strict --recursive --parallel Sources Tests Package.swift
fi
exec swift format format --in-place --recursive --parallel Sources Tests Package.swift
