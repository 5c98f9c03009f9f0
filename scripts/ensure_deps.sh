#!/usr/bin/env bash
# Installs what building churn needs on a fresh Debian machine: libedit (line editing for the REPL) and
# libsqlite3 (the decision log of churn-serve and the language's read_log).
# Safe to run repeatedly; does nothing when both are already there.
set -euo pipefail
if ! pkg-config --exists libedit sqlite3 2>/dev/null; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq libedit-dev libsqlite3-dev pkg-config
fi
