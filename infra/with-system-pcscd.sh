#!/usr/bin/env bash
# Runs a command while a stand-in for the machine's own pcscd holds pcscd's fixed socket
# /run/pcscd/pcscd.comm: proof that the command neither needs a system pcscd nor collides with
# one (CI runs `make test` like this; ADR 0024).
#
#   infra/with-system-pcscd.sh <command> [args...]     exit status: the command's
#
# Nothing on the machine is touched: the stand-in and the command run in a mount namespace of
# their own with a tmpfs on /run/pcscd. The stand-in serves no reader at all, so a PC/SC
# client that wrongly goes to /run/pcscd finds none instead of the readers it expects. Root
# only (the command runs as it is; a user namespace would make it "root" inside).
set -euo pipefail

log() { printf 'with-system-pcscd.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

[[ $# -ge 1 ]] || { sed -n '2,6s/^# \{0,1\}//p' "$0" >&2; exit 2; }
[[ $(id -u) -eq 0 ]] || die "run as root (it mounts a tmpfs on /run/pcscd in a private mount namespace)"

if [[ ${MYNA_SYSTEM_PCSCD_NAMESPACE:-} != inside ]]; then
    # Once more, inside a new mount namespace (unshare -m execs, so the pid stays).
    exec env MYNA_SYSTEM_PCSCD_NAMESPACE=inside unshare --mount --propagation private -- bash "$0" "$@"
fi
UNSHARE=(unshare --mount --propagation private)
unset MYNA_SYSTEM_PCSCD_NAMESPACE

pcscd=$(command -v pcscd 2>/dev/null || echo /usr/sbin/pcscd)
[[ -x $pcscd ]] || die "pcscd is not installed (apt-get install -y pcscd)"
features=$("$pcscd" -v 2>/dev/null || true)
ipc_dir=$(sed -n 's/.*ipcdir=\([^ ]*\).*/\1/p' <<<"$features" | head -n1)
usb_dir=$(sed -n 's/.*usbdropdir=\([^ ]*\).*/\1/p' <<<"$features" | head -n1)
ipc_dir=${ipc_dir:-/run/pcscd}

work=$(mktemp -d)
standin=
stop_standin() {
    if [[ -n $standin ]]; then kill -TERM "$standin" 2>/dev/null || true; wait "$standin" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap stop_standin EXIT

mkdir -p "$ipc_dir" "$work/reader.conf.d" "$work/no-usb-drivers"
mount -t tmpfs -o mode=755 none "$ipc_dir"
# Nor may the stand-in take a real USB reader away from the real system pcscd: it sees an
# empty driver folder, in a namespace of its own (the command still needs the vpcd driver).
# shellcheck disable=SC2016 # expanded by the inner shell
"${UNSHARE[@]}" -- bash -c 'if [ -n "$1" ] && [ -d "$1" ]; then mount --bind "$2" "$1"; fi; shift 2; exec "$@"' standin \
    "$usb_dir" "$work/no-usb-drivers" "$pcscd" -f -c "$work/reader.conf.d" </dev/null >"$work/pcscd.log" 2>&1 &
standin=$!
for _ in $(seq 1 100); do
    [[ -S $ipc_dir/pcscd.comm ]] && break
    kill -0 "$standin" 2>/dev/null || { cat "$work/pcscd.log" >&2; die "the stand-in pcscd did not start"; }
    sleep 0.1
done
[[ -S $ipc_dir/pcscd.comm ]] || die "the stand-in pcscd did not open $ipc_dir/pcscd.comm within 10 s"
log "a stand-in system pcscd (pid $standin, no readers) holds $ipc_dir/pcscd.comm while: $*"

status=0
"$@" || status=$?
if ! kill -0 "$standin" 2>/dev/null; then
    log "the stand-in system pcscd stopped during the run (something stopped a pcscd that was not its own)"
    exit 1
fi
exit "$status"
