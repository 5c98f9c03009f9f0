#!/usr/bin/env bash
# Sourced by scripts/test.sh: installs Debian's PostgreSQL if absent, starts a throwaway cluster on a free loopback
# port in a temporary folder, exports its URL as CHURN_TEST_POSTGRES_URL (the two-replica decision-log test uses it)
# and stops and removes it when the calling shell exits. Fails loudly when PostgreSQL cannot be started.
# PostgreSQL refuses to run as root, so as root the cluster runs as the `postgres` user (created by the package).
# Usage: source scripts/test_postgres.sh && start_test_postgres

start_test_postgres() {
  local sudo="" as=()
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    echo "test_postgres: installing Debian's postgresql package" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
  fi
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  [ -x "$bin/initdb" ] || { echo "test_postgres: no initdb under /usr/lib/postgresql after installing postgresql" >&2; return 1; }
  CHURN_PG_DIR=$(mktemp -d /tmp/churn-pg.XXXXXX)
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || { echo "test_postgres: running as root but there is no postgres user to run the cluster" >&2; return 1; }
    chown postgres "$CHURN_PG_DIR"
    as=(runuser -u postgres --)
  fi
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  CHURN_PG_CTL=("${as[@]}" "$bin/pg_ctl" -D "$CHURN_PG_DIR/data")
  "${as[@]}" "$bin/initdb" -D "$CHURN_PG_DIR/data" -U churn --auth=trust -E UTF8 --no-sync >"$CHURN_PG_DIR/initdb.log" 2>&1 \
    || { cat "$CHURN_PG_DIR/initdb.log" >&2; echo "test_postgres: initdb failed" >&2; return 1; }
  # Loopback only; the socket lives in the temporary folder (the system's /var/run/postgresql may not be writable).
  "${CHURN_PG_CTL[@]}" -l "$CHURN_PG_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $CHURN_PG_DIR -c max_connections=100" start >/dev/null \
    || { cat "$CHURN_PG_DIR/server.log" >&2; echo "test_postgres: pg_ctl start failed" >&2; return 1; }
  trap stop_test_postgres EXIT
  export CHURN_TEST_POSTGRES_URL="postgresql://churn@127.0.0.1:$port/postgres"
  echo "test_postgres: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') at $CHURN_TEST_POSTGRES_URL" >&2
}

stop_test_postgres() {
  if [ -n "${CHURN_PG_DIR:-}" ] && [ -d "$CHURN_PG_DIR/data" ]; then
    "${CHURN_PG_CTL[@]}" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$CHURN_PG_DIR"
  fi
}
