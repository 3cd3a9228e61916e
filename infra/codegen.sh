#!/usr/bin/env bash
# Regenerates Wolverine's handler code (`codegen write`) into
# src/MynaEvents.Server/Internal/Generated, then builds the server with it.
#
# The old files go first (a removed handler's file would stay otherwise). The verb scans for
# handlers even though the server's build has a generated registry (ServerHost: the codegen
# verb runs in Dynamic mode). No database is reached: the host is built, not started.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

project=src/MynaEvents.Server
rm -rf "$project/Internal/Generated"
dotnet build "$project" -c Release --nologo -v quiet
(
    cd "$project"
    MYNA_DB="Host=127.0.0.1;Database=codegen" ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_CONTENTROOT="$PWD" \
        dotnet bin/Release/net10.0/MynaEvents.Server.dll codegen write
)
dotnet build "$project" -c Release --nologo -v quiet
echo "codegen: wrote $project/Internal/Generated; commit it with the handler change"
