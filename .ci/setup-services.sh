#!/usr/bin/env bash
# Services the tests need, on a fresh Debian 12 machine, run as root. Source it:
#   . .ci/setup-services.sh
# Installs PostgreSQL and Chromium from Debian, starts a throwaway PostgreSQL cluster on
# loopback and exports DATABASE_URL (and PGHOST, PGPORT, PGUSER) for it and CHROMIUM_PATH;
# stops the cluster when the calling shell exits.
# PG_CI_FAST=1 turns fsync off: faster tests, never for benchmarks. SKIP_CHROMIUM=1 skips
# the browser (the API benchmark needs none).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
packages=()
ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || packages+=(postgresql postgresql-contrib)
[ -n "${SKIP_CHROMIUM:-}" ] || [ -x /usr/bin/chromium ] || packages+=(chromium)
if [ ${#packages[@]} -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq "${packages[@]}" >/dev/null
fi

PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PGROOT=${PGROOT:-/tmp/seatledger-pg}
export PGHOST=127.0.0.1 PGPORT=${PGPORT:-55432} PGUSER=postgres
if [ -f "$PGROOT/data/postmaster.pid" ]; then
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGROOT/data" -m fast stop >/dev/null 2>&1 || true
fi
rm -rf "$PGROOT"; install -d -o postgres -g postgres "$PGROOT"
runuser -u postgres -- "$PGBIN/initdb" -D "$PGROOT/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/server.log" -w -t 30 \
  -o "-p $PGPORT -k $PGROOT -c listen_addresses=127.0.0.1 -c max_connections=200 ${PG_CI_FAST:+-c fsync=off -c synchronous_commit=off -c full_page_writes=off}" start >/dev/null
"$PGBIN/createdb" app_test
export DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/app_test"
export PGBIN
psql -Atc 'select version()' app_test
# Chromium for playwright-core: Debian's, never a downloaded one.
export CHROMIUM_PATH=/usr/bin/chromium
[ -n "${SKIP_CHROMIUM:-}" ] || "$CHROMIUM_PATH" --version 2>/dev/null

stop_pg() { runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGROOT/data" -m fast stop >/dev/null || true; }
trap stop_pg EXIT
