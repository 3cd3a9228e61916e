#!/usr/bin/env bash
# Runs the benchmark against its own cluster at .data/bench-pg (database
# "bench"), stopped again afterwards, also on failure or Ctrl-C.
# Arguments are passed to the benchmark: infra/bench.sh --duration 5
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

PG_DIR=.data/bench-pg
PCSCD_DIR=.data/bench-pcscd
trap 'infra/pcscd.sh stop "$PCSCD_DIR" >/dev/null 2>&1 || true; infra/pg.sh down "$PG_DIR" || true' EXIT

MYNA_BENCH_DB=$(infra/pg.sh up "$PG_DIR" bench | tail -n1)
export MYNA_BENCH_DB
echo "MYNA_BENCH_DB=$MYNA_BENCH_DB"

# The reception latency benchmark drives a virtual card through a real pcscd.
extra=()
if [[ " $* " != *" --skip-edge "* && " $* " != *" --replay "* ]]; then
    if infra/pcscd.sh start "$PCSCD_DIR" auto >/dev/null; then
        # Its own pcscd (never a system one) through PCSCLITE_CSOCK_NAME; reader A's vpcd port.
        # shellcheck source=/dev/null
        source "$PCSCD_DIR/env"
        MYNA_BENCH_VPCD_PORT=$PCSCD_BASE_PORT
        export PCSCLITE_CSOCK_NAME MYNA_BENCH_VPCD_PORT
    else
        echo "pcscd could not be started: the reception latency benchmark is skipped" >&2
        extra+=(--skip-edge)
    fi
fi

# No exec: the trap has to run after the benchmark to stop the cluster.
dotnet run -c Release --project src/MynaEvents.Bench -- "$@" "${extra[@]}"
