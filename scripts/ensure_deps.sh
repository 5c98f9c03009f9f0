#!/usr/bin/env bash
# Installs what building churn needs on a fresh Debian machine: libedit (line editing for the REPL).
# Safe to run repeatedly; does nothing when libedit is already there.
set -euo pipefail
if ! pkg-config --exists libedit 2>/dev/null; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq libedit-dev pkg-config
fi
