#!/usr/bin/env bash
# Runs the benchmark against its own cluster at .data/bench-pg (database
# "bench"), stopped again afterwards, also on failure or Ctrl-C.
# Arguments are passed to the benchmark: infra/bench.sh --duration 5
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

PG_DIR=.data/bench-pg
trap 'infra/pg.sh down "$PG_DIR" || true' EXIT

MYNA_BENCH_DB=$(infra/pg.sh up "$PG_DIR" bench | tail -n1)
export MYNA_BENCH_DB
echo "MYNA_BENCH_DB=$MYNA_BENCH_DB"

# No exec: the trap has to run after the benchmark to stop the cluster.
dotnet run -c Release --project src/MynaEvents.Bench -- "$@"
