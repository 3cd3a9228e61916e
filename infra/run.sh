#!/usr/bin/env bash
# Runs the server locally on http://127.0.0.1:5080.
#
# Database: $MYNA_DB if set, otherwise the private dev cluster at .data/pg
# (database "myna"), which stays up after the server exits (`make pg-down`
# stops it). The server applies its schema itself at start. That environment
# (and the development master key) is infra/env.sh's, shared with the
# maintenance verbs (infra/server-verb.sh).
#
# Eligibility: $MYNA_ELIGIBILITY_URL if set, otherwise the eligibility simulator
# (a stand-in for the national online eligibility system) on 127.0.0.1:5081,
# started here and stopped when the server stops.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=infra/env.sh
source infra/env.sh

SIMULATOR_URL=http://127.0.0.1:5081

dev_server_env

build_server
start_simulator=false
if [[ -z ${MYNA_ELIGIBILITY_URL:-} ]]; then
    start_simulator=true
    dotnet build src/MynaEvents.EligibilitySimulator -c Release --nologo -v quiet
fi

simulator_pid=
server_pid=

# Runs on every exit: Ctrl-C, SIGTERM, the server stopping, or a failure in this script.
stop_children() {
    trap - EXIT INT TERM
    if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    if [[ -n $simulator_pid ]] && kill -0 "$simulator_pid" 2>/dev/null; then
        kill -TERM "$simulator_pid" 2>/dev/null || true
        wait "$simulator_pid" 2>/dev/null || true
    fi
}
trap stop_children EXIT

if $start_simulator; then
    dotnet src/MynaEvents.EligibilitySimulator/bin/Release/net10.0/MynaEvents.EligibilitySimulator.dll --urls "$SIMULATOR_URL" &
    simulator_pid=$!
    # The server copes with an absent upstream (lookups fail, retryable), but say so now
    # rather than at the first card read: typically port 5081 is taken.
    for _ in $(seq 1 50); do
        if (exec 3<>/dev/tcp/127.0.0.1/5081) 2>/dev/null; then break; fi
        if ! kill -0 "$simulator_pid" 2>/dev/null; then
            echo "The eligibility simulator did not start (is 127.0.0.1:5081 in use?); lookups will fail." >&2
            simulator_pid=
            break
        fi
        sleep 0.2
    done
    MYNA_ELIGIBILITY_URL=$SIMULATOR_URL
fi
export MYNA_ELIGIBILITY_URL

echo "MYNA_ELIGIBILITY_URL=$MYNA_ELIGIBILITY_URL"

# Development only, for `make demo`: unless set, the platform administrator's token is made
# once into .data/dev-admin.token (0600), and PIN mode trusts the demo JPKI CA that the
# virtual card uses (.data/demo/card). Production sets both explicitly or not at all.
if [[ $ASPNETCORE_ENVIRONMENT == Development ]]; then
    if [[ -z ${MYNA_BOOTSTRAP_ADMIN_TOKEN:-} ]]; then
        if [[ ! -s $DEV_DATA/dev-admin.token ]]; then
            (umask 077 && mkdir -p "$DEV_DATA" && head -c 48 /dev/urandom | base64 | tr -d '/+=\n' >"$DEV_DATA/dev-admin.token")
        fi
        MYNA_BOOTSTRAP_ADMIN_TOKEN=$(cat "$DEV_DATA/dev-admin.token")
        export MYNA_BOOTSTRAP_ADMIN_TOKEN
        echo "MYNA_BOOTSTRAP_ADMIN_TOKEN: in $DEV_DATA/dev-admin.token"
    fi
    if [[ -z ${MYNA_JPKI_CA_CERTS:-} ]]; then
        dotnet build src/MynaEvents.VirtualCard -c Release --nologo -v quiet
        MYNA_JPKI_CA_CERTS=$(dotnet src/MynaEvents.VirtualCard/bin/Release/net10.0/MynaEvents.VirtualCard.dll issue-ca --dir "$DEV_DATA/demo/card" 2>/dev/null)
        export MYNA_JPKI_CA_CERTS
        echo "MYNA_JPKI_CA_CERTS=$MYNA_JPKI_CA_CERTS (the demo card's test CA)"
    fi
fi

# The server runs as a child (not exec'd) so that the simulator can be stopped after it.
# A background child of a non-interactive shell ignores SIGINT, so Ctrl-C and SIGTERM
# reaching this script are passed on to the server as SIGTERM, its graceful shutdown.
dotnet "$SERVER_DLL" --urls http://127.0.0.1:5080 "$@" &
server_pid=$!
trap 'kill -TERM "$server_pid" 2>/dev/null || true' INT TERM

# `wait` returns early when a trapped signal arrives; keep waiting until the server has exited.
status=0
while true; do
    wait "$server_pid" && status=0 || status=$?
    kill -0 "$server_pid" 2>/dev/null || break
done
server_pid=
exit "$status"
