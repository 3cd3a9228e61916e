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

# The end-to-end benchmark counts SQL statements with pg_stat_statements, which has to be preloaded:
# done once per cluster (one restart), with tracking off so that the other benchmarks do not pay
# for it; the end-to-end benchmark turns tracking on for its own windows. Without the extension's
# files the cluster is left as it is and statements are not counted.
psql_bench() {
    local psql port
    psql=$(find /usr/lib/postgresql/*/bin -name psql 2>/dev/null | sort -V | tail -n1)
    port=$(sed -n 's/.*Port=\([0-9]*\).*/\1/p' <<<"$MYNA_BENCH_DB")
    "${psql:-psql}" -X -q -tA -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d bench -c "$1"
}
if [[ $(psql_bench "select count(*) from pg_available_extensions where name = 'pg_stat_statements'") == 1 &&
    $(psql_bench "show shared_preload_libraries") != *pg_stat_statements* ]]; then
    psql_bench "alter system set shared_preload_libraries = 'pg_stat_statements'"
    infra/pg.sh down "$PG_DIR"
    MYNA_BENCH_DB=$(infra/pg.sh up "$PG_DIR" bench | tail -n1)
    # Known only once the library is loaded.
    psql_bench "alter system set pg_stat_statements.track = 'none'"
    psql_bench "select pg_reload_conf()" >/dev/null
fi
export MYNA_BENCH_DB
echo "MYNA_BENCH_DB=$MYNA_BENCH_DB"

# The reception latency benchmark drives a virtual card through a real pcscd.
extra=()
if [[ " $* " != *" --skip-edge "* && " $* " != *" --replay "* && " $* " != *" --end-to-end "* ]]; then
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
