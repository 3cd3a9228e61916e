#!/usr/bin/env bash
# A private pcscd with four virtual (vpcd) readers, for tests and demos without card hardware.
#
#   infra/pcscd.sh start  <state-dir> [base-port]   start (idempotent); prints one line per
#                                                   reader: "<port> <reader name>"
#   infra/pcscd.sh stop   <state-dir>               stop (no error if not running)
#   infra/pcscd.sh status <state-dir>               exit 0 if running (prints the readers), 3 if not
#
# Readers: "Virtual PCD A" .. "Virtual PCD D" listen for a virtual card on base, base+2,
# base+4, base+6 (default base 35963); pcscd names them "Virtual PCD A 00 00" etc. vpcd gives
# each a second slot ("... 00 01") on port+1, unused here. A card CONNECTS to the port
# (MynaEvents.VirtualCard's VpcdCardConnection); the open connection is the inserted card.
#
# PCSCD_DEBUG=1 starts pcscd with -a -d: APDUs, including test PINs, go to <state-dir>/pcscd.log.
set -euo pipefail

VPCD_LIB=/usr/lib/pcsc/drivers/serial/libifdvpcd.so
PCSCD_SOCKET=/run/pcscd/pcscd.comm
PACKAGES="pcscd libpcsclite1 vsmartcard-vpcd"
CHANNELS=(A B C D)
DEFAULT_BASE_PORT=35963

log() { printf 'pcscd.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
    sed -n '2,16s/^# \{0,1\}//p' "$0" >&2
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

# Sets STATE (absolute), CONF_DIR, PID_FILE, BASE_FILE, LOG_FILE.
resolve_paths() {
    mkdir -p "$1"
    STATE=$(cd "$1" && pwd -P)
    CONF_DIR=$STATE/reader.conf.d
    PID_FILE=$STATE/pcscd.pid
    BASE_FILE=$STATE/base-port
    LOG_FILE=$STATE/pcscd.log
}

# Serialises concurrent start/stop on one state dir (several test classes may start at once).
take_lock() {
    command -v flock >/dev/null 2>&1 || return 0
    exec 9>"$STATE/.lock"
    flock -w 60 9 || die "timed out waiting for lock $STATE/.lock"
}

# The pid of the pcscd this state dir started, if it still runs.
our_pid() {
    [[ -f $PID_FILE ]] || return 1
    local pid
    pid=$(<"$PID_FILE")
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    # Compare the command line too: after a reboot the pid may belong to anything.
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "-c $CONF_DIR" || return 1
    echo "$pid"
}

port_listening() {
    ss -Hltn 2>/dev/null | awk '{print $4}' | grep -Eq "[:.]$1\$"
}

channel_port() { echo $(($1 + 2 * $2)); }

print_readers() {
    local base=$1 i
    for i in "${!CHANNELS[@]}"; do
        printf '%s Virtual PCD %s 00 00\n' "$(channel_port "$base" "$i")" "${CHANNELS[$i]}"
    done
}

# The one pcscd socket per machine is taken by a pcscd that is not ours: refuse to touch it.
refuse_foreign_pcscd() {
    local pid others=""
    for pid in $(pgrep -x pcscd || true); do
        # An exited pcscd not yet reaped by its parent holds nothing.
        [[ $(ps -o stat= -p "$pid" 2>/dev/null) == Z* ]] && continue
        others+="$pid: $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)"$'\n'
    done
    if [[ -n $others ]]; then
        log "another pcscd is running and owns $PCSCD_SOCKET (one pcscd per machine):"
        printf '  %s' "$others" >&2
        die "stop it first (e.g. 'systemctl stop pcscd.socket pcscd', or 'infra/pcscd.sh stop <its state-dir>')"
    fi
    if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet pcscd.socket 2>/dev/null; then
        die "systemd's pcscd.socket holds $PCSCD_SOCKET; stop it first: systemctl stop pcscd.socket"
    fi
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

wait_until_ready() {
    local pid=$1 base=$2 i ready
    for _ in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || {
            tail -n 20 "$LOG_FILE" >&2 || true
            rm -f "$PID_FILE"
            die "pcscd exited during start (log: $LOG_FILE)"
        }
        ready=yes
        [[ -S $PCSCD_SOCKET ]] || ready=no
        for i in "${!CHANNELS[@]}"; do
            port_listening "$(channel_port "$base" "$i")" || ready=no
        done
        [[ $ready == yes ]] && return 0
        sleep 0.1
    done
    die "pcscd (pid $pid) did not open $PCSCD_SOCKET and the vpcd ports within 10 s (log: $LOG_FILE)"
}

cmd_start() {
    local base=${1:-$DEFAULT_BASE_PORT} pid i port
    if ! [[ $base =~ ^[0-9]+$ ]] || ((base < 1024 || base + 7 > 65535)); then
        die "base port must be a number from 1024 to 65528, not '$base'"
    fi
    ensure_installed
    take_lock

    if pid=$(our_pid); then
        local running_base
        running_base=$(<"$BASE_FILE")
        [[ $running_base == "$base" ]] ||
            die "pcscd (pid $pid) already runs for $STATE with base port $running_base; stop it first to use $base"
        log "already running: pid $pid"
        print_readers "$base"
        return 0
    fi
    rm -f "$PID_FILE"

    refuse_foreign_pcscd
    if [[ -e $PCSCD_SOCKET ]]; then
        log "removing stale $PCSCD_SOCKET (no pcscd runs)"
        rm -f "$PCSCD_SOCKET" /run/pcscd/pcscd.pid
    fi
    for i in "${!CHANNELS[@]}"; do
        port=$(channel_port "$base" "$i")
        if port_listening "$port" || port_listening $((port + 1)); then
            die "TCP port $port or $((port + 1)) is already in use; choose another base port"
        fi
    done
    mkdir -p /run/pcscd 2>/dev/null || die "cannot create /run/pcscd (run as root)"

    write_config "$base"
    local debug=()
    [[ ${PCSCD_DEBUG:-0} == 1 ]] && debug=(-a -d)
    # setsid: pcscd outlives this script and ignores the caller's Ctrl-C; 9>&-: not our lock.
    setsid "$(find_pcscd)" -f "${debug[@]}" -c "$CONF_DIR" </dev/null >"$LOG_FILE" 2>&1 9>&- &
    pid=$!
    echo "$pid" >"$PID_FILE"
    echo "$base" >"$BASE_FILE"
    wait_until_ready "$pid" "$base"
    log "pcscd running: pid $pid, log $LOG_FILE"
    print_readers "$base"
}

cmd_stop() {
    take_lock
    local pid
    if ! pid=$(our_pid); then
        log "not running: $STATE"
        rm -f "$PID_FILE"
        return 0
    fi
    log "stopping pcscd (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "pcscd did not stop within 5 s; killing it"
        kill -KILL "$pid" 2>/dev/null || true
        sleep 0.2
        # A killed pcscd leaves its socket behind; the next start would find it stale.
        pgrep -x pcscd >/dev/null || rm -f "$PCSCD_SOCKET" /run/pcscd/pcscd.pid
    fi
    rm -f "$PID_FILE"
}

cmd_status() {
    local pid
    if pid=$(our_pid); then
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
