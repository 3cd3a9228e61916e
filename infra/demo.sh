#!/usr/bin/env bash
# A short scripted reception session with the virtual My Number card against the server
# `make run` started (http://127.0.0.1:5080, simulator on :5081, development settings):
# a clinic group and device are set up through the API, a private pcscd gets a virtual
# reader, the virtual card goes in, and the edge node activates and runs two checks:
# 目視 (visual) and 暗証番号 (PIN, typed by the script); then the facility registers its
# operation start date, which needs a card read first. Everything is stopped afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

# DEV_DATA: the .data folder `make run` uses (its token and the demo card's CA).
# shellcheck source=infra/env.sh
source infra/env.sh
SERVER=${MYNA_DEMO_SERVER:-http://127.0.0.1:5080}
SIMULATOR=${MYNA_DEMO_SIMULATOR:-http://127.0.0.1:5081}
LANGUAGE=${MYNA_DEMO_LANG:-ja}
PCSCD_DIR=$DEV_DATA/demo-pcscd
CARD_DIR=$DEV_DATA/demo/card
EDGE_DIR=$DEV_DATA/demo/edge
READER="Virtual PCD A 00 00"
PIN=1234

if ! curl -fsS "$SERVER/health/ready" >/dev/null 2>&1; then
    echo "No server answers at $SERVER: start it first with \`make run\` (in another terminal)." >&2
    exit 1
fi
if [[ ! -s $DEV_DATA/dev-admin.token ]]; then
    echo "No $DEV_DATA/dev-admin.token: \`make run\` writes it in development; restart \`make run\` from this checkout." >&2
    exit 1
fi

dotnet build src/MynaEvents.VirtualCard -c Release --nologo -v quiet
dotnet build src/MynaEvents.Edge -c Release --nologo -v quiet
card_cli=(dotnet src/MynaEvents.VirtualCard/bin/Release/net10.0/MynaEvents.VirtualCard.dll)
edge=(dotnet src/MynaEvents.Edge/bin/Release/net10.0/MynaEvents.Edge.dll --server "$SERVER" --data "$EDGE_DIR" --lang "$LANGUAGE")

card_pid=
cleanup() {
    if [[ -n $card_pid ]]; then kill -TERM "$card_pid" 2>/dev/null || true; wait "$card_pid" 2>/dev/null || true; fi
    infra/pcscd.sh stop "$PCSCD_DIR" >/dev/null 2>&1 || true
}
trap cleanup EXIT

step() { printf '\n=== %s\n' "$*"; }

step "1. A clinic group, a judo facility and its reception device, through the API"
setup=$("${card_cli[@]}" demo-setup --dir "$CARD_DIR" --server "$SERVER" --simulator "$SIMULATOR" --admin-token "$(cat "$DEV_DATA/dev-admin.token")")
echo "$setup"
code=$(sed -n 's/^activation_code=//p' <<<"$setup")

step "2. A private pcscd with a virtual reader, and the virtual card put on it"
infra/pcscd.sh start "$PCSCD_DIR" auto >/dev/null
# Its socket and the vpcd port of reader A. The edge node finds this pcscd through
# PCSCLITE_CSOCK_NAME (a system pcscd, if any, keeps its own readers).
# shellcheck source=/dev/null
source "$PCSCD_DIR/env"
export PCSCLITE_CSOCK_NAME
PORT=$PCSCD_BASE_PORT
"${card_cli[@]}" run --dir "$CARD_DIR" --port "$PORT" --pin "$PIN" </dev/null >"$DEV_DATA/demo/card.out" 2>"$DEV_DATA/demo/card.log" &
card_pid=$!
for _ in $(seq 1 100); do grep -q "card inserted" "$DEV_DATA/demo/card.out" 2>/dev/null && break; sleep 0.1; done
echo "card inserted in \"$READER\""

step "3. The edge node activates with the one-time code"
rm -rf "$EDGE_DIR"
"${edge[@]}" activate --code "$code"

step "4. Reception check, identity checked visually (目視)"
"${edge[@]}" check --reader "$READER" --mode visual --staff reception-1

step "5. Reception check, the patient types the PIN (暗証番号; the script types $PIN)"
echo "$PIN" | "${edge[@]}" check --reader "$READER" --mode pin --staff reception-1 --pin-stdin

step "6. The app has read a card here, so the facility registers its operation start date (運用開始日)"
tenant=$(sed -n 's/^tenant=//p' <<<"$setup")
facility=$(sed -n 's/^facility=//p' <<<"$setup")
today=$(TZ=Asia/Tokyo date +%F)
start_body="{\"commandId\":\"$(cat /proc/sys/kernel/random/uuid)\",\"startDate\":\"$today\"}"
# The facility view that records the card read is asynchronous: resend the same command (same id) until it is seen.
registered=
for _ in $(seq 1 50); do
    if curl -fsS -X POST -H "Authorization: Bearer $(cat "$DEV_DATA/dev-admin.token")" -H 'Content-Type: application/json' \
        -d "$start_body" "$SERVER/api/tenants/$tenant/facilities/$facility/operation-start-date" >/dev/null 2>&1; then
        echo "運用開始日: $today"
        registered=1
        break
    fi
    sleep 0.1
done
[[ -n $registered ]] || echo "The operation start date was not accepted within 5 s; the checks above are recorded all the same." >&2

step "7. What the card was asked (the card-info application holding the 個人番号 never appears)"
grep -o 'INS [0-9A-F]\{2\}[^,]*' "$DEV_DATA/demo/card.log" | sort | uniq -c || cat "$DEV_DATA/demo/card.log"
echo
echo "Done. The checks are in the facility view: GET $SERVER/api/tenants/<tenant>/facilities/<facility>/checks"
