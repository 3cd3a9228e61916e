#!/usr/bin/env bash
# Private, throw-away PostgreSQL clusters for development, tests and benchmarks.
#
#   infra/pg.sh up      <datadir> [dbname]  start (idempotent); prints the Npgsql
#                                           connection string as the LAST stdout line
#                                           and writes it to <datadir>.conn
#   infra/pg.sh down    <datadir>           stop (no error if not running)
#   infra/pg.sh status  <datadir>           exit 0 if running (prints conn string), 3 if not
#   infra/pg.sh destroy <datadir>           stop and delete the cluster and its files
#
# Only the connection string goes to stdout; everything else goes to stderr, so
# callers can do: conn=$(infra/pg.sh up .data/pg myna | tail -n1)
#
# Environment overrides: PG_BIN (directory holding initdb/pg_ctl),
# MYNA_PG_ROOT (where clusters live when running as root, see cluster_dir_for).
set -euo pipefail

log() { printf 'pg.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
    sed -n '2,10s/^# \{0,1\}//p' "$0" >&2
    exit 2
}

is_root() { [[ $(id -u) -eq 0 ]]; }

# PostgreSQL refuses to run as root, so as root every server-side binary runs
# as the postgres user. `cd /` first: the caller's cwd (e.g. under /root) may
# be unreadable for postgres, and initdb/pg_ctl complain about that.
# `9>&-`: fd 9 holds our flock (take_lock); a postmaster started from here
# would otherwise inherit it and keep the lock for its whole lifetime.
as_pg() {
    if is_root; then
        (cd / && runuser -u postgres -- "$@") 9>&-
    else
        "$@" 9>&-
    fi
}

# Locate (and if needed install) the server binaries. Debian's postgresql-common
# wrappers in /usr/bin do not include initdb/pg_ctl, so use the versioned dir.
# With $1 = "install" a missing PostgreSQL is installed (root) or reported
# (non-root); otherwise return 1 so down/status/destroy can say "not running"
# without installing a server just to stop nothing.
find_pg_bin() {
    if [[ -n ${PG_BIN:-} ]]; then
        [[ -x $PG_BIN/initdb ]] || die "PG_BIN=$PG_BIN has no initdb"
        return
    fi
    local candidates
    candidates=$(find_versioned_bins)
    if [[ -z $candidates ]]; then
        [[ ${1:-} == install ]] || return 1
        if ! is_root; then
            log "PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/initdb)."
            log "Install them first, e.g.:  sudo apt-get update && sudo apt-get install -y postgresql"
            exit 1
        fi
        log "PostgreSQL not found; installing it with apt-get"
        # No stdin in CI: never let apt/debconf prompt.
        DEBIAN_FRONTEND=noninteractive apt-get update >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2
        candidates=$(find_versioned_bins)
        [[ -n $candidates ]] || die "apt-get install postgresql did not provide initdb"
    fi
    # Highest major version wins if several are installed.
    PG_BIN=$(sort -V <<<"$candidates" | tail -n1)
}

find_versioned_bins() {
    local f
    for f in /usr/lib/postgresql/*/bin/initdb; do
        [[ -x $f ]] && dirname "$f"
    done
    return 0
}

# Absolute path of $1 WITHOUT resolving a final symlink (the datadir itself may
# be a symlink to the real cluster, see cluster_dir_for).
abs_path() {
    local p=${1%/}
    mkdir -p "$(dirname "$p")"
    printf '%s/%s\n' "$(cd "$(dirname "$p")" && pwd -P)" "$(basename "$p")"
}

# Where the cluster files really live.
#
# Not root: in place, at <datadir>.
#
# Root: under $MYNA_PG_ROOT (default /var/lib/postgresql/myna-clusters, the
# postgres user's own home), and <datadir> becomes a symlink pointing there.
# Why: the postgres user needs execute permission on EVERY parent of its data
# directory. The repo may live under /root (mode 0700) or any other private
# dir, and loosening permissions of directories we don't own (chmod o+x) is a
# side effect on the machine we'd rather not have. Keeping the real cluster in
# a postgres-owned location always works, and it also keeps the unix socket
# path short (sockets are limited to ~107 bytes, which deep checkouts exceed).
# The name includes a hash of the absolute datadir path, so each checkout and
# each datadir gets its own cluster and re-running `up` finds the same one.
cluster_dir_for() {
    local abs=$1
    if ! is_root; then
        printf '%s\n' "$abs"
        return
    fi
    local root=${MYNA_PG_ROOT:-/var/lib/postgresql/myna-clusters}
    local hash
    hash=$(printf '%s' "$abs" | sha256sum | cut -c1-12)
    printf '%s/%s-%s\n' "$root" "$(basename "$abs")" "$hash"
}

# Sets globals DATADIR (as given, absolute), CLUSTER (real cluster dir),
# CONN_FILE, and for root makes sure the symlink/pointer is in place.
resolve_paths() {
    DATADIR=$(abs_path "$1")
    CLUSTER=$(cluster_dir_for "$DATADIR")
    CONN_FILE="$DATADIR.conn"
}

link_datadir() {
    is_root || return 0
    if [[ -L $DATADIR ]]; then
        [[ $(readlink "$DATADIR") == "$CLUSTER" ]] && return 0
        rm -f "$DATADIR"
    elif [[ -d $DATADIR ]]; then
        # An empty dir (e.g. someone ran mkdir) can be replaced; a populated
        # one might be somebody's data, so refuse rather than guess.
        rmdir "$DATADIR" 2>/dev/null ||
            die "$DATADIR is a non-empty directory; as root the cluster lives in $CLUSTER and $DATADIR must be a symlink. Remove $DATADIR and retry."
    elif [[ -e $DATADIR ]]; then
        die "$DATADIR exists and is not a directory"
    fi
    ln -s "$CLUSTER" "$DATADIR"
}

# The pid in postmaster.pid (its first line), if the file is there.
recorded_postmaster_pid() {
    local pid
    pid=$(head -n1 "$CLUSTER/postmaster.pid" 2>/dev/null) || return 1
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    echo "$pid"
}

# Whether a process runs. A process that has exited but was not yet reaped by its parent (a
# zombie; after `kill -9` the postmaster stays one for up to a second or so, until init reaps
# it) still answers kill -0, so pg_ctl and the postmaster's own lock-file check count it as
# running. Read its state instead.
process_alive() {
    local state
    state=$(sed -n 's/^.*) \([A-Za-z]\).*$/\1/p' "/proc/$1/stat" 2>/dev/null) || return 1
    [[ -n $state && $state != Z && $state != X ]]
}

is_running() {
    [[ -f $CLUSTER/PG_VERSION ]] || return 1
    local pid
    pid=$(recorded_postmaster_pid) || return 1
    process_alive "$pid" || return 1
    as_pg "$PG_BIN/pg_ctl" -D "$CLUSTER" status >/dev/null 2>&1
}

# Processes still working in the cluster's directory: every server process has it as its
# working directory. After the postmaster died they are its orphaned children, which still
# hold its shared memory; a new postmaster refuses to start until they are gone.
cluster_processes() {
    local real p pids=()
    real=$(readlink -f "$CLUSTER")
    for p in /proc/[0-9]*; do
        [[ $(readlink "$p/cwd" 2>/dev/null) == "$real" ]] && pids+=("${p#/proc/}")
    done
    ((${#pids[@]} > 0)) && echo "${pids[*]}"
    return 0
}

# After the postmaster died without shutting down (kill -9, OOM killer, a crash): wait until
# it is really gone (reaped, and its orphaned children exited), then remove its stale
# postmaster.pid so that the start does not take it for a running server.
recover_dead_postmaster() {
    [[ -f $CLUSTER/postmaster.pid ]] || return 0
    local pid waited=0 left
    if pid=$(recorded_postmaster_pid) && [[ -e /proc/$pid ]]; then
        log "the postmaster (pid $pid) has died; waiting until it is gone"
        while [[ -e /proc/$pid ]] && ((waited < 300)); do
            # Only a zombie is waited for: a live process under that pid is not our postmaster
            # (is_running said so), e.g. the pid was reused after a reboot.
            process_alive "$pid" && break
            sleep 0.1
            waited=$((waited + 1))
        done
        # Never reaped (a parent that does not reap): it holds nothing any more, go on.
    fi
    waited=0
    while left=$(cluster_processes) && [[ -n $left ]]; do
        ((waited < 300)) || die "processes of the dead server still run in $CLUSTER (pids $left); stop them and retry"
        ((waited == 0)) && log "waiting for the dead server's processes to exit (pids $left)"
        sleep 0.1
        waited=$((waited + 1))
    done
    log "removing the stale $CLUSTER/postmaster.pid"
    rm -f "$CLUSTER/postmaster.pid"
}

# The port of a running cluster is line 4 of postmaster.pid (authoritative,
# unlike anything we wrote ourselves).
running_port() {
    sed -n '4p' "$CLUSTER/postmaster.pid"
}

port_in_use() {
    local port=$1
    if command -v ss >/dev/null 2>&1; then
        ss -Hltn 2>/dev/null | awk '{print $4}' | grep -Eq "[:.]$port\$"
    else
        # Fallback without iproute2: a successful connect means someone listens.
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
    fi
}

# Prefer the port this cluster used last time (keeps `.data/pg.conn` stable
# across restarts); otherwise pick a random free one well away from 5432.
choose_port() {
    local prev="" port
    if [[ -f $CONN_FILE ]]; then
        prev=$(sed -n 's/.*Port=\([0-9]*\).*/\1/p' "$CONN_FILE" | head -n1)
    fi
    if [[ -n $prev && ${1:-} != fresh ]] && ! port_in_use "$prev"; then
        echo "$prev"
        return
    fi
    for _ in $(seq 1 200); do
        port=$((55000 + RANDOM % 5000))
        if ! port_in_use "$port"; then
            echo "$port"
            return
        fi
    done
    die "no free TCP port found in 55000-59999"
}

init_cluster() {
    [[ -f $CLUSTER/PG_VERSION ]] && return 0
    log "initdb $CLUSTER"
    if is_root; then
        id postgres >/dev/null 2>&1 || die "user 'postgres' does not exist (install the postgresql package)"
        mkdir -p "$CLUSTER"
        # The parent is ours (root); postgres only needs to traverse it.
        chmod 755 "$(dirname "$CLUSTER")"
        chown postgres: "$CLUSTER"
    else
        mkdir -p "$CLUSTER"
    fi
    chmod 700 "$CLUSTER"
    # initdb is chatty; only show its output when it fails.
    local out
    if ! out=$(as_pg "$PG_BIN/initdb" -D "$CLUSTER" --auth=trust -E UTF8 --locale=C.UTF-8 -U postgres 2>&1); then
        printf '%s\n' "$out" >&2
        die "initdb failed"
    fi
}

start_cluster() {
    local port attempt socket_dir opts
    # Unix sockets are limited to ~107 bytes; with a very deep path run TCP-only
    # (empty list) instead of failing. Nothing here needs the socket.
    socket_dir=$CLUSTER
    if ((${#CLUSTER} + 20 > 100)); then socket_dir=""; fi
    for attempt in 1 2 3 4 5; do
        if ((attempt == 1)); then port=$(choose_port); else port=$(choose_port fresh); fi
        opts="-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories='$socket_dir' -c fsync=on -c max_connections=200"
        log "starting $CLUSTER on 127.0.0.1:$port"
        # Two clusters may race for the same free port; on failure retry with another.
        if as_pg "$PG_BIN/pg_ctl" -D "$CLUSTER" -l "$CLUSTER/log" -o "$opts" -w -t 60 start >&2; then
            return 0
        fi
        log "start attempt $attempt failed; last log lines:"
        tail -n 5 "$CLUSTER/log" >&2 || true
    done
    die "could not start PostgreSQL in $CLUSTER (see $CLUSTER/log)"
}

psql_admin() {
    "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$1" -U postgres -d postgres -tA -c "$2"
}

ensure_db() {
    local port=$1 db=$2
    [[ $db =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die "database name '$db' must match [A-Za-z_][A-Za-z0-9_]*"
    if [[ -z $(psql_admin "$port" "select 1 from pg_database where datname = '$db'") ]]; then
        log "creating database $db"
        psql_admin "$port" "create database \"$db\"" >&2 ||
            [[ -n $(psql_admin "$port" "select 1 from pg_database where datname = '$db'") ]] ||
            die "could not create database $db"
    fi
}

# Serialize concurrent invocations on the same datadir (e.g. make -j).
take_lock() {
    command -v flock >/dev/null 2>&1 || return 0
    exec 9>"$DATADIR.lock"
    flock -w 180 9 || die "timed out waiting for lock $DATADIR.lock"
}

cmd_up() {
    local db=${1:-}
    take_lock
    link_datadir
    if is_running; then
        log "already running: $CLUSTER"
    else
        init_cluster
        recover_dead_postmaster
        start_cluster
    fi
    local port
    port=$(running_port)
    [[ $port =~ ^[0-9]+$ ]] || die "cannot read port from $CLUSTER/postmaster.pid"
    "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -t 30 || die "server on port $port is not accepting connections"
    if [[ -n $db ]]; then ensure_db "$port" "$db"; fi
    local conn="Host=127.0.0.1;Port=$port;Username=postgres;Database=${db:-postgres}"
    printf '%s\n' "$conn" >"$CONN_FILE"
    printf '%s\n' "$conn"
}

cmd_down() {
    if is_running; then
        log "stopping $CLUSTER"
        as_pg "$PG_BIN/pg_ctl" -D "$CLUSTER" -m fast -w stop >&2
    else
        log "not running: $DATADIR"
    fi
}

cmd_status() {
    if is_running; then
        log "running: $CLUSTER on port $(running_port)"
        [[ -f $CONN_FILE ]] && cat "$CONN_FILE"
        return 0
    fi
    log "not running: $DATADIR"
    return 3
}

cmd_destroy() {
    take_lock
    cmd_down
    # Only ever delete a directory that is a cluster (or empty), never
    # something else that happens to sit at that path.
    if [[ -f $CLUSTER/PG_VERSION ]] || rmdir "$CLUSTER" 2>/dev/null; then
        log "removing $CLUSTER"
        rm -rf "$CLUSTER"
    fi
    if [[ -L $DATADIR ]]; then rm -f "$DATADIR"; fi
    rm -f "$CONN_FILE" "$DATADIR.lock"
}

main() {
    [[ $# -ge 2 ]] || usage
    local cmd=$1 dir=$2
    shift 2
    resolve_paths "$dir"
    if [[ $cmd == up ]]; then
        find_pg_bin install
    elif ! find_pg_bin; then
        # No server binaries means nothing of ours can be running.
        log "PostgreSQL not installed; nothing to do for $cmd"
        [[ $cmd == status ]] && exit 3
        [[ $cmd == destroy ]] && rm -f "$CONN_FILE" "$DATADIR.lock"
        exit 0
    fi
    case $cmd in
        up) [[ $# -le 1 ]] || usage; cmd_up "${1:-}" ;;
        down) cmd_down ;;
        status) cmd_status ;;
        destroy) cmd_destroy ;;
        *) usage ;;
    esac
}

main "$@"
