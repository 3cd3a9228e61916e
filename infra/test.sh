#!/usr/bin/env bash
# Runs the whole test suite against a private PostgreSQL cluster.
#
# - own cluster at .data/test-pg (never the `make run` one at .data/pg)
# - MYNA_TEST_DB = connection string to database "postgres"; tests create
#   their own databases from it
# - LAST stdout line is exactly "N passed, N failed" (", N skipped" appended
#   when some tests were not executed), summed over all .trx files
# - exit status non-zero if the build failed, any test failed, or none ran
set -euo pipefail
cd "$(dirname "$0")/.."

RESULTS=.data/test-results
PG_DIR=.data/test-pg
# One private pcscd with four vpcd readers (infra/pcscd.sh) serves every PC/SC
# test. It runs in its own mount namespace with its socket in its state dir, on
# free vpcd ports, so a system pcscd or another run beside this one is no
# obstacle; it is stopped by its PID.
PCSCD_DIR=.data/test-pcscd

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# --- services --------------------------------------------------------------
# Every service started here must be stopped in stop_services, which runs on
# any exit (including failures and Ctrl-C) and explicitly before the summary.
stop_services() {
    infra/pcscd.sh stop "$PCSCD_DIR" || true
    infra/pg.sh down "$PG_DIR" || true
}
trap stop_services EXIT

MYNA_TEST_DB=$(infra/pg.sh up "$PG_DIR" | tail -n1)
export MYNA_TEST_DB
echo "MYNA_TEST_DB=$MYNA_TEST_DB"

# --- pcscd with virtual readers ----------------------------------------------
# Installs pcscd, libpcsclite1 and vsmartcard-vpcd with apt-get when missing
# (as root), else says what to install.
infra/pcscd.sh start "$PCSCD_DIR" auto
# The tests' PC/SC calls go to this pcscd (libpcsclite reads PCSCLITE_CSOCK_NAME),
# never to a system pcscd; the fixture finds the vpcd readers at the base port.
# shellcheck source=/dev/null
source "$PCSCD_DIR/env"
MYNA_TEST_PCSCD_STATE=$PCSCD_DIR
MYNA_TEST_PCSCD_BASE_PORT=$PCSCD_BASE_PORT
export PCSCLITE_CSOCK_NAME MYNA_TEST_PCSCD_STATE MYNA_TEST_PCSCD_BASE_PORT

# --- run -------------------------------------------------------------------
# Old .trx files would be counted again by the summary below.
mkdir -p "$RESULTS"
find "$RESULTS" -name '*.trx' -delete

rc=0
# A test that hangs (an await nothing completes) would otherwise hold the run until CI's time
# limit: after 10 minutes without progress the test host is ended and the run fails, naming it.
dotnet test MynaEvents.sln -c Release --logger "trx" --results-directory "$RESULTS" \
    --blame-hang-timeout 10m --blame-hang-dump-type none || rc=$?

# Stop services now (not only in the trap) so their output cannot land after
# the summary line.
stop_services >/dev/null 2>&1
trap - EXIT

# --- summary ---------------------------------------------------------------
# Everything below goes to stdout, so that even with stdout and stderr captured
# separately nothing can be ordered after the final summary line.
# Sum one <Counters .../> attribute over all trx files. Attribute order is not
# guaranteed, so extract each attribute by name. Pure grep/sed: a fresh CI box
# may have no python.
trx_files=()
while IFS= read -r -d '' f; do trx_files+=("$f"); done < <(find "$RESULTS" -name '*.trx' -print0)

counter() {
    local name=$1 f sum=0 v
    for f in "${trx_files[@]}"; do
        v=$(grep -o '<Counters [^>]*>' "$f" | head -n1 |
            sed -n "s/.*[[:space:]]$name=\"\([0-9]*\)\".*/\1/p")
        sum=$((sum + ${v:-0}))
    done
    echo "$sum"
}

if [[ ${#trx_files[@]} -eq 0 ]]; then
    echo "dotnet test produced no .trx results (exit code $rc): build failure? See the output above."
    echo "0 passed, 0 failed"
    exit 1
fi

executed=$(counter executed)
passed=$(counter passed)
# error/timeout/aborted are failures too, just reported differently by vstest.
failed=$(($(counter failed) + $(counter error) + $(counter timeout) + $(counter aborted)))
skipped=$(counter notExecuted)

# A crashed/aborted test host leaves a trx with zero counters but a non-
# "Completed" outcome; the counts can't show that, so name those runs.
for f in "${trx_files[@]}"; do
    outcome=$(grep -o '<ResultSummary [^>]*outcome="[A-Za-z]*"' "$f" | head -n1 | sed 's/.*outcome="\([A-Za-z]*\)"/\1/')
    nfailed=$(grep -o '<Counters [^>]*>' "$f" | head -n1 | sed -n 's/.*[[:space:]]failed="\([0-9]*\)".*/\1/p')
    if [[ ${outcome:-Completed} != Completed && ${nfailed:-0} -eq 0 ]]; then
        echo "test run did not complete (outcome=$outcome, no failed tests recorded): $f"
    fi
done

status=0
if [[ $rc -ne 0 ]]; then
    echo "dotnet test exited with code $rc"
    status=1
fi
if [[ $executed -eq 0 ]]; then
    echo "no tests were executed"
    status=1
fi
if [[ $failed -gt 0 ]]; then status=1; fi

summary="$passed passed, $failed failed"
if [[ $skipped -gt 0 ]]; then summary+=", $skipped skipped"; fi
echo "$summary"
exit "$status"
