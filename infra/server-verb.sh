#!/usr/bin/env bash
# Runs one maintenance verb of the server with the environment `make run` gives the server
# (infra/env.sh): $MYNA_DB or the development cluster at .data/pg, and Development unless
# ASPNETCORE_ENVIRONMENT says otherwise, so that without MYNA_MASTER_KEY the development master
# key in .data/master.key is used, as by `make run`. Exits with the verb's status.
#
#   infra/server-verb.sh sweep-retention
#   infra/server-verb.sh rebuild-projection <name> [--no-wait]
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
    sed -n '7,8s/^# \{0,1\}//p' "$0" >&2
    exit 2
}

[[ $# -ge 1 ]] || usage
case $1 in
    sweep-retention | rebuild-projection) ;;
    *) usage ;;
esac

# shellcheck source=infra/env.sh
source infra/env.sh
build_server
dev_server_env
exec dotnet "$SERVER_DLL" "$@"
