# shellcheck shell=bash
# The environment of a local server process, shared by infra/run.sh (`make run`) and
# infra/server-verb.sh (`make sweep-retention`, `make rebuild-projection`), so that a
# maintenance verb sees the same database and the same master key as the server. Sourced
# from the repository root; it only defines things, dev_server_env sets them:
#
#   source infra/env.sh
#   build_server                 # dotnet build (Release) of the server
#   dev_server_env               # MYNA_DB, ASPNETCORE_ENVIRONMENT, the content root
#   dotnet "$SERVER_DLL" ...
#
# MYNA_DEV_ROOT: the folder whose .data/ holds the development cluster (.data/pg), the
# master key Development generates (.data/master.key), the platform administrator's token
# and the demo card. Default: the checkout. The server's content root is that folder, which
# is where Development looks for .data/master.key.

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

mkdir -p "${MYNA_DEV_ROOT:-.}"
DEV_ROOT=$(cd "${MYNA_DEV_ROOT:-.}" && pwd -P)
DEV_DATA=$DEV_ROOT/.data
SERVER_DLL=src/MynaEvents.Server/bin/Release/net10.0/MynaEvents.Server.dll

# Build first, then run the dll itself (not `dotnet run`, which stays in between as a second
# process and swallows signals).
build_server() {
    dotnet build src/MynaEvents.Server -c Release --nologo -v quiet
}

# Database: $MYNA_DB if set, otherwise the development cluster at $DEV_DATA/pg (database
# "myna"), which stays up afterwards (`make pg-down` stops it). The server applies its schema
# itself at start.
# A local run is a development run: without MYNA_MASTER_KEY the server generates a master key
# once into $DEV_DATA/master.key (0600), and every later process uses it. Production refuses
# to start without one.
dev_server_env() {
    if [[ -z ${MYNA_DB:-} ]]; then
        MYNA_DB=$(infra/pg.sh up "$DEV_DATA/pg" myna | tail -n1)
    fi
    export MYNA_DB
    echo "MYNA_DB=$MYNA_DB"
    export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
    export ASPNETCORE_CONTENTROOT=$DEV_ROOT
}
