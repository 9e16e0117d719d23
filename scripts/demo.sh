#!/usr/bin/env bash
# Set-up, build, and the demo fleet.
#
#   ./scripts/demo.sh               as root: app1 app2 int1 int2 db1 in network namespaces, real keepalived
#                                   on the app and int pairs with their VIPs, each agent's dashboard on the
#                                   host's loopback; prints where, and a short tour to copy-paste. Ctrl-C stops it.
#   ./scripts/demo.sh --tour        the same, then the tour step by step (Enter for each step)
#   ./scripts/demo.sh --tour-auto   the tour without pauses, every step checked within a bound; exits non-zero
#                                   if one fails, then stops the fleet (for CI)
#   ./scripts/demo.sh [OPTIONS]     as another user, or with --loopback: the loopback fleet, `nodeagent demo`
#                                   (no keepalived, no VIPs), e.g. --nodes 7 --duration 30 (nodeagent demo --help)
#
# NODEAGENT_BIN=/path/to/nodeagent skips the build. As root also: --duration S (stop after S seconds),
# --keep (keep configs and logs), DEMO_HTTP_PORT (the dashboards are on 127.0.0.1:DEMO_HTTP_PORT+1…+5,
# default 7980), DEMO_START_TIMEOUT (seconds for the fleet to come together, default 90).
# The namespace fleet is the VIP lab's (Tests/LabTests), in bash: scripts/demo/fleet.sh and tour.sh.
set -euo pipefail
# NODEAGENT_BIN may be relative to where the script was started from.
if [ -n "${NODEAGENT_BIN:-}" ] && [ -x "$NODEAGENT_BIN" ]; then
  NODEAGENT_BIN=$(cd "$(dirname "$NODEAGENT_BIN")" && pwd)/$(basename "$NODEAGENT_BIN")
fi
cd "$(dirname "$0")/.."
repo=$(pwd)

# The comment block above, as the help text.
usage() { awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"; }

# --- arguments (before anything is installed or built) ---
mode=fleet          # fleet | tour | tour-auto
loopback=0
duration=""
keep=0
passthrough=()      # for `nodeagent demo`
while [ $# -gt 0 ]; do
  case $1 in
    --tour) mode=tour ;;
    --tour-auto) mode=tour-auto ;;
    --loopback) loopback=1 ;;
    --keep) keep=1 ;;
    --duration) [ $# -ge 2 ] || { echo "demo: --duration needs a number of seconds" >&2; exit 64; }
                duration=$2; passthrough+=("$1" "$2"); shift ;;
    --duration=*) duration=${1#*=}; passthrough+=("$1") ;;
    -h|--help) usage; exit 0 ;;
    *) passthrough+=("$1") ;;
  esac
  shift
done
if [ -n "$duration" ] && ! [[ $duration =~ ^[0-9]+$ ]]; then echo "demo: --duration '$duration' is not a number of seconds" >&2; exit 64; fi

./scripts/setup.sh
if [ -n "${NODEAGENT_BIN:-}" ]; then
  [ -x "$NODEAGENT_BIN" ] || { echo "demo: NODEAGENT_BIN=$NODEAGENT_BIN is not an executable" >&2; exit 1; }
  bin=$NODEAGENT_BIN
else
  swift build -c release --product nodeagent
  bin=$repo/.build/release/nodeagent
fi

# --- without root (or asked): the loopback fleet ---
if [ "$(id -u)" -ne 0 ] || [ $loopback = 1 ]; then
  if [ "$mode" != fleet ]; then
    echo "demo: --$mode needs root: the tour fails services and moves VIPs between network namespaces with real keepalived." >&2
    echo "demo: run it as root (sudo ./scripts/demo.sh --$mode), or without --$mode for the loopback fleet." >&2
    exit 1
  fi
  if [ $loopback = 0 ]; then
    echo "demo: not root, so this is the loopback fleet (nodeagent demo): agents on 127.0.0.11… with mutual TLS,"
    echo "demo: gossip and the quorum, but NO keepalived and NO VIPs (no app or int VIP group, nothing to fail"
    echo "demo: over; the dashboard shows membership and the quorum only). As root, ./scripts/demo.sh runs the fleet in network namespaces with"
    echo "demo: real keepalived and both VIP groups, and --tour walks you through it."
  fi
  exec "$bin" demo "${passthrough[@]}"
fi

# --- as root: the fleet in network namespaces ---
for option in "${passthrough[@]}"; do
  case $option in
    --duration|--duration=*|[0-9]*) ;;
    *) echo "demo: '$option' is an option of the loopback fleet (nodeagent demo); add --loopback to run that one as root" >&2
       exit 64 ;;
  esac
done
for tool in ip keepalived socat curl python3 setsid timeout; do
  command -v "$tool" >/dev/null || { echo "demo: $tool is missing (scripts/setup.sh installs it)" >&2; exit 1; }
done

# shellcheck source=scripts/demo/fleet.sh
source "$repo/scripts/demo/fleet.sh"
# shellcheck source=scripts/demo/tour.sh
source "$repo/scripts/demo/tour.sh"

DEMO_BIN=$bin
DEMO_REPO=$repo
# Debian's python3 when present (a PATH shim may wrap another one), as the lab does.
DEMO_PYTHON=/usr/bin/python3
[ -x "$DEMO_PYTHON" ] || DEMO_PYTHON=$(command -v python3)
DEMO_HTTP_PORT=${DEMO_HTTP_PORT:-7980}
DEMO_KEEP=$keep
# Every name this run creates carries its PID: two runs (or a lab test) never share one.
DEMO_TAG=nademo$$
for node in "${DEMO_NODES[@]}"; do
  port=$((DEMO_HTTP_PORT + $(node_index "$node")))
  if [ -n "$(ss -Hltn "sport = :$port" 2>/dev/null)" ]; then
    echo "demo: port $port on this machine is taken; choose other dashboard ports with DEMO_HTTP_PORT=9980 (uses +1…+5)" >&2
    exit 1
  fi
done
DEMO_DIR=$(mktemp -d "${TMPDIR:-/tmp}/nodeagent-demo-XXXXXX")
chmod 755 "$DEMO_DIR"
cat >"$DEMO_DIR/fleet.env" <<EOF
DEMO_TAG=$DEMO_TAG
DEMO_BIN=$DEMO_BIN
DEMO_REPO=$DEMO_REPO
DEMO_PYTHON=$DEMO_PYTHON
DEMO_HTTP_PORT=$DEMO_HTTP_PORT
EOF

status=0
finish() {
  status=$?
  trap '' INT TERM
  echo
  echo "demo: stopping the fleet and removing its namespaces…"
  local began=$SECONDS
  fleet_teardown
  echo "demo: stopped in $((SECONDS - began)) s; nothing of this run is left."
  exit $status
}
trap finish EXIT
# A Ctrl-C or kill ends the script; the EXIT trap then tears everything down in order.
trap 'exit 130' INT
trap 'exit 143' TERM

started=$SECONDS
echo "demo: building the network (namespaces $DEMO_TAG-*, bridge $(bridge_name)) and the fleet's files in $DEMO_DIR"
fleet_build_network
fleet_write_pki
fleet_write_files
echo "demo: starting the services, keepalived and the agents"
fleet_start
fleet_wait_ready "${DEMO_START_TIMEOUT:-90}"
echo "demo: the fleet is up: every agent sees all five, coordinator $DEMO_COORDINATOR ($((SECONDS - started)) s)"
declare -A owner=()
for group in "${DEMO_GROUPS[@]}"; do
  wait_settled "$group" 30 || { echo "demo: the $group VIP did not settle on one member within 30 s (holders: '$(vip_holders "$group")')" >&2; exit 1; }
  owner[$group]=$SETTLED_HOLDER
done
# The tour fails the app owner's service and moves the VIP between the two.
DEMO_APP_OWNER=${owner[app]}
DEMO_APP_PEER=$(group_members app | tr ' ' '\n' | grep -vx "$DEMO_APP_OWNER")
DEMO_INT_OWNER=${owner[int]}
echo "demo: VIPs settled: app ${DEMO_GROUP_VIP[app]} on $DEMO_APP_OWNER, int ${DEMO_GROUP_VIP[int]} on $DEMO_INT_OWNER ($((SECONDS - started)) s after the start)"
DEMO_DASHBOARD="http://127.0.0.1:$(host_port "$DEMO_OPERATOR")/"
DEMO_DASHBOARD_API="http://127.0.0.1:$(host_port "$DEMO_OPERATOR")"
deadline=$((SECONDS + 10))
until curl -s -o /dev/null --max-time 2 "$DEMO_DASHBOARD"; do
  [ $SECONDS -lt $deadline ] || { echo "demo: the dashboard forward at $DEMO_DASHBOARD does not answer: $(tail -c 500 "$(node_dir "$DEMO_OPERATOR")/http-forward.log")" >&2; exit 1; }
  sleep 0.2
done

sock=$(admin_socket "$DEMO_OPERATOR")
plan=$DEMO_DIR/plans/app-update.toml
cat <<EOF

${BOLD}The demo fleet runs${RESET}: app1 app2 (VIP group app, ${DEMO_GROUP_VIP[app]}), int1 int2 (VIP group int, ${DEMO_GROUP_VIP[int]}), db1; all five vote.
Each node is a network namespace ($DEMO_TAG-app1 …) on one bridge, addresses 198.18.0.11–15, real keepalived on
the pairs, a web service on each app and int node (port $DEMO_SERVICE_PORT) that its agent checks every 200 ms.

${BOLD}Dashboard${RESET}: $DEMO_DASHBOARD   (db1's view; app1…int2 on ports $(host_port app1)…$(host_port int2))
  From another machine: ssh -L $(host_port "$DEMO_OPERATOR"):127.0.0.1:$(host_port "$DEMO_OPERATOR") root@THIS-HOST, then the same URL.
Files and logs: $DEMO_DIR/NODE/ (nodeagent.toml, agent.log, keepalived.conf, keepalived.log)

${BOLD}A short tour${RESET} — as root in another terminal (or ./scripts/demo.sh --tour does it step by step):
  export PATH="$DEMO_DIR/bin:\$PATH"      # nodeagent, and demo-service to stop or start a node's web service
  # 1. who holds each VIP (app on $DEMO_APP_OWNER, int on $DEMO_INT_OWNER), as db1's agent sees it; and what a client of the app VIP gets
  nodeagent vip --socket $sock
  ip netns exec $(node_ns "$DEMO_OPERATOR") curl -s http://${DEMO_GROUP_VIP[app]}:$DEMO_SERVICE_PORT/
  # 2. fail $DEMO_APP_OWNER's service: within a second the app VIP is on $DEMO_APP_PEER (run the two commands above again)
  demo-service stop $DEMO_APP_OWNER
  # 3. restore it: $DEMO_APP_OWNER is healthy again, and the VIP stays on $DEMO_APP_PEER (no flapping back)
  demo-service start $DEMO_APP_OWNER
  # 4. pin app to $DEMO_APP_OWNER, the "unconditional master": the VIP moves there and stays, even if its checks fail; then unpin
  nodeagent vip pin app $DEMO_APP_OWNER --socket $sock
  nodeagent vip unpin app --socket $sock
  # 5. a planned handover to $DEMO_APP_PEER
  nodeagent vip promote app $DEMO_APP_PEER --socket $sock
  # 6. an operation: update the app pair one node at a time (dry run, run, status); the VIP then serves v2
  nodeagent op plan $plan --socket $sock
  nodeagent op run $plan --follow --socket $sock
  nodeagent op status --socket $sock
EOF

case $mode in
  tour-auto)
    TOUR_MODE=auto
    tour_started=$SECONDS
    if ! tour_run; then
      echo "demo: the tour failed: $TOUR_FAILURE" >&2
      for node in "${DEMO_NODES[@]}"; do
        echo "--- $node agent (last lines) ---" >&2
        tail -n 15 "$(node_dir "$node")/agent.log" >&2 || true
      done
      exit 1
    fi
    echo "demo: tour passed in $((SECONDS - tour_started)) s ($((SECONDS - started)) s with the fleet's start)"
    exit 0
    ;;
  tour)
    TOUR_MODE=interactive
    tour_run || true
    echo
    echo "The fleet keeps running for you to explore (the commands above). Press Enter, or Ctrl-C, to stop it."
    read -r _ || true
    exit 0
    ;;
esac

# Until Ctrl-C (or --duration): say so if an agent dies, once.
echo
if [ -n "$duration" ]; then echo "Running for $duration s (Ctrl-C stops it sooner)."; else echo "Ctrl-C stops the fleet and removes everything it made."; fi
declare -A reported=()
end=$((SECONDS + ${duration:-0}))
while [ -z "$duration" ] || [ $SECONDS -lt $end ]; do
  for node in "${DEMO_NODES[@]}"; do
    if [ -z "${reported[$node]:-}" ] && ! ours "$(pid_in "$(node_dir "$node")/agent.pid")"; then
      echo "demo: the agent on $node exited; its log: $(node_dir "$node")/agent.log"
      reported[$node]=1
    fi
  done
  sleep 1
done
