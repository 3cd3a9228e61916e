#!/usr/bin/env bash
# Runs the server locally on http://127.0.0.1:5080.
#
# Database: $MYNA_DB if set, otherwise the private dev cluster at .data/pg
# (database "myna"), which stays up after the server exits (`make pg-down`
# stops it). The server applies its schema itself at start.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [[ -z ${MYNA_DB:-} ]]; then
    MYNA_DB=$(infra/pg.sh up .data/pg myna | tail -n1)
fi
export MYNA_DB
echo "MYNA_DB=$MYNA_DB"

# Build first, then exec the server itself (not `dotnet run`, which stays in between as a
# second process): it replaces this shell, so Ctrl-C/SIGTERM reach the server directly.
dotnet build src/MynaEvents.Server -c Release --nologo -v quiet
exec dotnet src/MynaEvents.Server/bin/Release/net10.0/MynaEvents.Server.dll --urls http://127.0.0.1:5080 "$@"
