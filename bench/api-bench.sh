#!/usr/bin/env bash
# npm run bench:api: PostgreSQL started as CI starts it (with fsync on: a benchmark), then
# pgbench -N for 10 s as the baseline, then the API on the same database under 32
# concurrent clients doing assign + unassign over HTTP for 10 s. Needs root and apt, as CI.
set -euo pipefail
cd "$(dirname "$0")/.."
unset PG_CI_FAST
export SKIP_CHROMIUM=1
export PGPORT=${BENCH_PGPORT:-55440} PGROOT=/tmp/seatledger-bench-pg
. .ci/setup-services.sh >/dev/null
npm run build --silent
node dist/bench/api-bench.js
