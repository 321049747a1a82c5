#!/usr/bin/env bash
# npm run bench:billing: PostgreSQL started as CI starts it (with fsync on: a benchmark), then
# N subscriptions billed by one `seatledger bill`, a rerun with nothing due, and two processes
# sharing a run. Needs root and apt, as CI. BENCH_SUBSCRIPTIONS sets N (10,000).
set -euo pipefail
cd "$(dirname "$0")/.."
unset PG_CI_FAST
export SKIP_CHROMIUM=1
export PGPORT=${BENCH_PGPORT:-55441} PGROOT=/tmp/seatledger-billing-bench-pg
. .ci/setup-services.sh >/dev/null
npm run build:server --silent
node dist/bench/billing-bench.js
