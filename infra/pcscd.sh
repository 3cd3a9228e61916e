#!/usr/bin/env bash
# A private pcscd with four virtual (vpcd) readers, for tests and demos without card hardware.
#
#   infra/pcscd.sh start  <state-dir> [base-port|auto]  start (idempotent); prints one line per
#                                                   reader, "<port> <reader name>", then
#                                                   "PCSCLITE_CSOCK_NAME=<socket>"
#   infra/pcscd.sh stop   <state-dir>               stop (no error if not running)
#   infra/pcscd.sh status <state-dir>               exit 0 if running (prints the same), 3 if not
#
# pcscd's socket and pid file are fixed (/run/pcscd/pcscd.comm, /run/pcscd/pcscd.pid), so a
# second pcscd on the machine (a system one, or another test run) would refuse to start. This
# one runs in a mount namespace of its own (unshare -m; as non-root also a user namespace,
# unshare -r -m) where <state-dir>/run is mounted on /run/pcscd: its socket is
# <state-dir>/run/pcscd.comm and nobody else's pcscd is touched (ADR 0024). Clients find it
# through libpcsclite's PCSCLITE_CSOCK_NAME: `source <state-dir>/env` sets it (and
# PCSCD_BASE_PORT); export it for the programs that use the readers. Without it a client uses
# the system pcscd (a real card reader), never this one.
#
# Readers: "Virtual PCD A" .. "Virtual PCD D" listen for a virtual card on base, base+2,
# base+4, base+6 (default base 35963; "auto" picks free ports); pcscd names them "Virtual PCD
# A 00 00" etc. vpcd gives each a second slot ("... 00 01") on port+1, unused here. A card
# CONNECTS to the port (MynaEvents.VirtualCard's VpcdCardConnection); the open connection is
# the inserted card. This pcscd drives no USB reader: its USB driver folder is empty.
#
# PCSCD_DEBUG=1 starts pcscd with -a -d: APDUs, including test PINs, go to <state-dir>/pcscd.log.
set -euo pipefail

VPCD_LIB=/usr/lib/pcsc/drivers/serial/libifdvpcd.so
PACKAGES="pcscd libpcsclite1 vsmartcard-vpcd"
CHANNELS=(A B C D)
DEFAULT_BASE_PORT=35963
# "auto" picks a base port here, away from 35963 and from pg.sh's 55000-59999.
AUTO_PORTS_FROM=20000
AUTO_PORTS_COUNT=1250
# A unix socket address holds at most 107 bytes of path.
MAX_SOCKET_PATH=107

log() { printf 'pcscd.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
    sed -n '2,8s/^# \{0,1\}//p' "$0" >&2
    exit 2
}

is_root() { [[ $(id -u) -eq 0 ]]; }

find_pcscd() {
    command -v pcscd 2>/dev/null || { [[ -x /usr/sbin/pcscd ]] && echo /usr/sbin/pcscd; } || true
}

ensure_installed() {
    [[ -n $(find_pcscd) && -f $VPCD_LIB ]] && return 0
    if ! is_root; then
        log "pcscd or the vpcd reader driver ($VPCD_LIB) is missing. Install them first:"
        log "  sudo apt-get update && sudo apt-get install -y $PACKAGES"
        exit 1
    fi
    log "installing $PACKAGES with apt-get"
    # No stdin in CI: never let apt/debconf prompt.
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    # shellcheck disable=SC2086 # a list of package names
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $PACKAGES >&2
    [[ -n $(find_pcscd) && -f $VPCD_LIB ]] || die "apt-get install $PACKAGES did not provide pcscd and $VPCD_LIB"
}

# Sets STATE (absolute), CONF_DIR, PID_FILE, BASE_FILE, LOG_FILE, RUN_DIR, SOCKET, ENV_FILE.
resolve_paths() {
    mkdir -p "$1"
    STATE=$(cd "$1" && pwd -P)
    CONF_DIR=$STATE/reader.conf.d
    PID_FILE=$STATE/pcscd.pid
    BASE_FILE=$STATE/base-port
    LOG_FILE=$STATE/pcscd.log
    RUN_DIR=$STATE/run
    SOCKET=$RUN_DIR/pcscd.comm
    ENV_FILE=$STATE/env
}

# Serialises concurrent start/stop on one state dir (several test classes may start at once).
take_lock() {
    command -v flock >/dev/null 2>&1 || return 0
    exec 9>"$STATE/.lock"
    flock -w 60 9 || die "timed out waiting for lock $STATE/.lock"
}

# Whether a process runs. One that has exited but was not yet reaped by its parent (a zombie)
# still answers kill -0; read its state instead.
process_alive() {
    local state
    state=$(sed -n 's/^.*) \([A-Za-z]\).*$/\1/p' "/proc/$1/stat" 2>/dev/null) || return 1
    [[ -n $state && $state != Z && $state != X ]]
}

# The pid of the pcscd this state dir started, if it still runs.
our_pid() {
    [[ -f $PID_FILE ]] || return 1
    local pid
    pid=$(<"$PID_FILE")
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    process_alive "$pid" || return 1
    # Compare the command line too: after a reboot the pid may belong to anything.
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "-c $CONF_DIR" || return 1
    echo "$pid"
}

port_listening() {
    ss -Hltn 2>/dev/null | awk '{print $4}' | grep -Eq "[:.]$1\$"
}

# Whether process $2 is the one listening on TCP port $1 (another run may have won the port).
port_listened_by() {
    ss -Hltnp 2>/dev/null | awk -v port="$1" '{ n = split($4, a, ":"); if (a[n] == port) print }' | grep -q "pid=$2,"
}

channel_port() { echo $(($1 + 2 * $2)); }

print_readers() {
    local base=$1 i
    for i in "${!CHANNELS[@]}"; do
        printf '%s Virtual PCD %s 00 00\n' "$(channel_port "$base" "$i")" "${CHANNELS[$i]}"
    done
    printf 'PCSCLITE_CSOCK_NAME=%s\n' "$SOCKET"
}

# What a client needs, for `source <state-dir>/env`.
write_env() {
    {
        echo "# Written by infra/pcscd.sh: this pcscd's socket, for libpcsclite clients, and its vpcd base port."
        printf 'PCSCLITE_CSOCK_NAME=%q\n' "$SOCKET"
        printf 'PCSCD_BASE_PORT=%q\n' "$1"
    } >"$ENV_FILE.tmp"
    mv -f "$ENV_FILE.tmp" "$ENV_FILE"
}

# vpcd keeps its per-slot state in globals indexed by slot number only, so several reader
# entries that share one loaded driver overwrite each other's connection (no card is ever
# seen). Each channel therefore loads its own copy of the driver: pcscd dlopens each path
# separately, and each copy has its own globals.
write_config() {
    local base=$1 i port letter
    mkdir -p "$CONF_DIR" "$STATE/drivers"
    rm -f "$CONF_DIR"/*
    for i in "${!CHANNELS[@]}"; do
        letter=${CHANNELS[$i]}
        port=$(channel_port "$base" "$i")
        cp -f "$VPCD_LIB" "$STATE/drivers/libifdvpcd-$letter.so"
        cat >>"$CONF_DIR/virtual-pcd.conf" <<EOF
FRIENDLYNAME "Virtual PCD $letter"
DEVICENAME /dev/null:$port
LIBPATH $STATE/drivers/libifdvpcd-$letter.so
CHANNELID $port

EOF
    done
}

# Sets NS: how pcscd gets a mount namespace of its own. Root: unshare -m. Anyone else needs a
# user namespace too, in which they are root (unshare -r -m); some systems forbid that.
# Also sets IPC_DIR (pcscd's fixed socket folder) and USB_DIR (its USB driver folder).
prepare_namespace() {
    local features
    features=$("$(find_pcscd)" -v 2>/dev/null || true)
    IPC_DIR=$(sed -n 's/.*ipcdir=\([^ ]*\).*/\1/p' <<<"$features" | head -n1)
    USB_DIR=$(sed -n 's/.*usbdropdir=\([^ ]*\).*/\1/p' <<<"$features" | head -n1)
    IPC_DIR=${IPC_DIR:-/run/pcscd}
    if is_root; then
        NS=(unshare --mount --propagation private)
        # The mount point itself; the system's pcscd package uses the same empty folder.
        mkdir -p "$IPC_DIR"
        return 0
    fi
    NS=(unshare --user --map-root-user --mount --propagation private)
    if ! "${NS[@]}" true 2>/dev/null; then
        log "this pcscd runs in a private mount namespace, and as $(id -un) that needs an unprivileged"
        log "user namespace (unshare -r -m), which this system does not allow. Either run as root"
        log "(sudo make test), or allow user namespaces: sysctl kernel.unprivileged_userns_clone=1"
        die "(Debian before 11), or kernel.apparmor_restrict_unprivileged_userns=0 (Ubuntu 24.04)"
    fi
    [[ -d $IPC_DIR ]] ||
        die "$IPC_DIR does not exist, and only root can create it: sudo mkdir -p $IPC_DIR (the pcscd package's systemd socket creates it too)"
}

# Runs inside the new mount namespace, then becomes pcscd (same pid: unshare and exec do not
# fork, so the pid written here is pcscd's). Mounts are private to the namespace and vanish
# with it: the state dir's run/ becomes /run/pcscd, an empty folder hides the USB drivers.
# shellcheck disable=SC2016 # expanded by the inner shell
NS_SCRIPT='
set -eu
run_dir=$1 ipc_dir=$2 usb_dir=$3 empty_dir=$4 pid_file=$5
shift 5
mount --bind "$run_dir" "$ipc_dir"
if [ -n "$usb_dir" ] && [ -d "$usb_dir" ]; then mount --bind "$empty_dir" "$usb_dir"; fi
echo $$ >"$pid_file"
exec "$@"
'

# Exit 0 when pcscd serves its socket and listens on every vpcd port; 1 when another process
# holds one of the ports (another run chose the same ones at the same time).
wait_until_ready() {
    local pid=$1 base=$2 i port ready
    for _ in $(seq 1 100); do
        process_alive "$pid" || {
            tail -n 20 "$LOG_FILE" >&2 || true
            rm -f "$PID_FILE"
            die "pcscd exited during start (log: $LOG_FILE)"
        }
        ready=yes
        [[ -S $SOCKET ]] || ready=no
        for i in "${!CHANNELS[@]}"; do
            port=$(channel_port "$base" "$i")
            port_listened_by "$port" "$pid" && continue
            ready=no
            if port_listening "$port"; then
                log "TCP port $port is taken by another process"
                return 1
            fi
        done
        [[ $ready == yes ]] && return 0
        sleep 0.1
    done
    die "pcscd (pid $pid) did not open $SOCKET and the vpcd ports within 10 s (log: $LOG_FILE)"
}

# Starts pcscd in its namespace with base port $1: 0 when ready, 1 when a port was taken.
launch() {
    local base=$1 launcher pid debug=()
    [[ ${PCSCD_DEBUG:-0} == 1 ]] && debug=(-a -d)
    write_config "$base"
    mkdir -p "$RUN_DIR" "$STATE/no-usb-drivers"
    # Left by a pcscd that was killed: ours, since the folder is this state dir's.
    rm -f "$PID_FILE" "$SOCKET" "$RUN_DIR/pcscd.pid"
    echo "$base" >"$BASE_FILE"
    # setsid: pcscd outlives this script and ignores the caller's Ctrl-C; 9>&-: not our lock.
    setsid "${NS[@]}" -- bash -c "$NS_SCRIPT" pcscd-namespace "$RUN_DIR" "$IPC_DIR" "$USB_DIR" "$STATE/no-usb-drivers" "$PID_FILE" \
        "$(find_pcscd)" -f "${debug[@]}" -c "$CONF_DIR" </dev/null >"$LOG_FILE" 2>&1 9>&- &
    launcher=$!
    for _ in $(seq 1 100); do
        [[ $(cat "$PID_FILE" 2>/dev/null) =~ ^[0-9]+$ ]] && break
        if ! kill -0 "$launcher" 2>/dev/null && ! [[ -s $PID_FILE ]]; then
            tail -n 20 "$LOG_FILE" >&2 || true
            die "could not start pcscd in a private mount namespace (log: $LOG_FILE)"
        fi
        sleep 0.1
    done
    pid=$(<"$PID_FILE")
    if ! wait_until_ready "$pid" "$base"; then
        stop_pid "$pid"
        rm -f "$PID_FILE"
        return 1
    fi
    log "pcscd running: pid $pid, socket $SOCKET, log $LOG_FILE"
}

# A free base port for "auto": eight free ports in a row (four readers, two slots each).
free_base_port() {
    local base k busy
    for _ in $(seq 1 100); do
        base=$((AUTO_PORTS_FROM + 8 * (RANDOM % AUTO_PORTS_COUNT)))
        busy=no
        for k in 0 1 2 3 4 5 6 7; do
            port_listening $((base + k)) && busy=yes && break
        done
        [[ $busy == no ]] && { echo "$base"; return 0; }
    done
    die "no eight free TCP ports in a row found from $AUTO_PORTS_FROM"
}

stop_pid() {
    local pid=$1
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
        process_alive "$pid" || return 0
        sleep 0.1
    done
    log "pcscd (pid $pid) did not stop within 5 s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
        process_alive "$pid" || return 0
        sleep 0.1
    done
    die "pcscd (pid $pid) is still running after SIGKILL"
}

cmd_start() {
    local requested=${1:-$DEFAULT_BASE_PORT} pid base i port
    if [[ $requested != auto ]] && { ! [[ $requested =~ ^[0-9]+$ ]] || ((requested < 1024 || requested + 7 > 65535)); }; then
        die "base port must be a number from 1024 to 65528, or auto, not '$requested'"
    fi
    ((${#SOCKET} <= MAX_SOCKET_PATH)) ||
        die "the socket path $SOCKET is longer than a unix socket address allows ($MAX_SOCKET_PATH bytes): use a state dir with a shorter path"
    ensure_installed
    take_lock

    if pid=$(our_pid); then
        local running_base
        running_base=$(<"$BASE_FILE")
        [[ $requested == auto || $running_base == "$requested" ]] ||
            die "pcscd (pid $pid) already runs for $STATE with base port $running_base; stop it first to use $requested"
        log "already running: pid $pid"
        write_env "$running_base"
        print_readers "$running_base"
        return 0
    fi
    prepare_namespace

    if [[ $requested == auto ]]; then
        for _ in 1 2 3 4 5; do
            base=$(free_base_port)
            launch "$base" && break
            base=
        done
        [[ -n $base ]] || die "could not find free vpcd ports for pcscd after 5 attempts"
    else
        base=$requested
        for i in "${!CHANNELS[@]}"; do
            port=$(channel_port "$base" "$i")
            if port_listening "$port" || port_listening $((port + 1)); then
                die "TCP port $port or $((port + 1)) is already in use; choose another base port (or auto)"
            fi
        done
        launch "$base" || die "another process took a vpcd port of base $base; choose another base port (or auto)"
    fi
    write_env "$base"
    print_readers "$base"
}

cmd_stop() {
    take_lock
    local pid
    if ! pid=$(our_pid); then
        log "not running: $STATE"
        rm -f "$PID_FILE" "$ENV_FILE"
        return 0
    fi
    log "stopping pcscd (pid $pid)"
    stop_pid "$pid"
    # A killed pcscd leaves its socket and pid file in run/; the namespace is gone with it.
    rm -f "$PID_FILE" "$ENV_FILE" "$SOCKET" "$RUN_DIR/pcscd.pid"
}

cmd_status() {
    local pid
    if pid=$(our_pid) && [[ -S $SOCKET ]]; then
        log "running: pid $pid"
        print_readers "$(<"$BASE_FILE")"
        return 0
    fi
    log "not running: $STATE"
    return 3
}

main() {
    [[ $# -ge 2 ]] || usage
    local cmd=$1
    resolve_paths "$2"
    shift 2
    case $cmd in
        start) [[ $# -le 1 ]] || usage; cmd_start "$@" ;;
        stop) [[ $# -eq 0 ]] || usage; cmd_stop ;;
        status) [[ $# -eq 0 ]] || usage; cmd_status ;;
        *) usage ;;
    esac
}

main "$@"
