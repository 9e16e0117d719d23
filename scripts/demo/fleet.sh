# shellcheck shell=bash disable=SC2034,SC2153  # globals shared with scripts/demo.sh and tour.sh (DEMO_BIN, SETTLED_HOLDER, …)
# The demo fleet in network namespaces, as the VIP lab builds it (Tests/LabTests/Support/Lab.swift,
# AgentLab.swift, AgentFleetConfig.swift, KeepalivedConfig.swift): a "switch" namespace holding one
# bridge, one namespace per node with a veth into that bridge and one address in 198.18.0.0/15 (the
# benchmarking range, so the demo can never collide with a real network), real keepalived on the app
# and int pairs steered only by the agents' track files, a tiny HTTP service on every app and int node
# as the checked service, and a real `nodeagent agent` in every namespace. The host's own network is
# never touched: every link lives in a namespace this run created.
#
# Sourced by scripts/demo.sh (which builds and tears down) and by the run's bin/demo-service (which
# only starts and stops services). Every name carries this run's tag (from the PID of scripts/demo.sh),
# teardown deletes exactly the names recorded here and stops exactly the processes whose PID files
# this run wrote, after checking that each PID still runs a command of this run's directory.

# The fleet: name, role and VIP group per node. db1 is the fifth voter, as a database node would be.
DEMO_NODES=(app1 app2 int1 int2 db1)
DEMO_PEER_PORT=7946
DEMO_HTTP_LOOPBACK_PORT=7949   # each agent's read-only API and dashboard, on its namespace's loopback
DEMO_SERVICE_PORT=8080
# The VIP groups as the lab has them: keepalived instance, VIP, virtual router id, members by priority.
DEMO_GROUPS=(app int)
declare -A DEMO_GROUP_INSTANCE=([app]=APP [int]=INT)
declare -A DEMO_GROUP_VIP=([app]=198.18.0.100 [int]=198.18.0.101)
declare -A DEMO_GROUP_VRID=([app]=51 [int]=52)
declare -A DEMO_GROUP_MEMBERS=([app]="app1:150 app2:100" [int]="int1:150 int2:100")
# The operator's node: the tour's commands ask db1's agent (any node answers for any other).
DEMO_OPERATOR=db1

# --- names -------------------------------------------------------------------------------------------

node_index() { local i; for i in "${!DEMO_NODES[@]}"; do [ "${DEMO_NODES[$i]}" = "$1" ] && { echo $((i + 1)); return; }; done; return 1; }
node_role() { echo "${1%%[0-9]*}"; }
node_addr() { echo "198.18.0.$((10 + $(node_index "$1")))"; }
node_ns() { echo "${DEMO_TAG}-$1"; }
# The node's end of its veth, inside its own namespace (created there by this run, so it cannot clash).
node_if() { echo eth0; }
# The switch's end of the veth, inside the switch namespace: deleting it deletes the pair.
node_port() { echo "${DEMO_TAG}p$(node_index "$1")"; }
node_dir() { echo "$DEMO_DIR/$1"; }
switch_ns() { echo "${DEMO_TAG}-switch"; }
bridge_name() { echo "${DEMO_TAG}br"; }
# The group $1 belongs to, if any.
node_group() { local g; for g in "${DEMO_GROUPS[@]}"; do [[ " ${DEMO_GROUP_MEMBERS[$g]} " == *" $1:"* ]] && { echo "$g"; return; }; done; return 1; }
group_members() { local m out=(); for m in ${DEMO_GROUP_MEMBERS[$1]}; do out+=("${m%%:*}"); done; echo "${out[@]}"; }
group_priority() { local m; for m in ${DEMO_GROUP_MEMBERS[$1]}; do [ "${m%%:*}" = "$2" ] && { echo "${m##*:}"; return; }; done; return 1; }
admin_socket() { echo "$(node_dir "$1")/admin.sock"; }
# The host port that forwards to node $1's dashboard: DEMO_HTTP_PORT + its index (db1 is the fifth).
host_port() { echo $((DEMO_HTTP_PORT + $(node_index "$1"))); }

# Loads the run's settings (for bin/demo-service, which runs in another shell).
fleet_load_env() {
  # shellcheck source=/dev/null
  source "$DEMO_DIR/fleet.env"
}

# --- processes ---------------------------------------------------------------------------------------

# True when PID $1 runs a command that names this run's directory: a recycled PID is never signalled.
ours() {
  local pid=$1 args=()
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  mapfile -d '' args 2>/dev/null <"/proc/$pid/cmdline" || return 1
  [[ "${args[*]}" == *"$DEMO_DIR"* ]]
}

# True while PID $1 runs (a zombie does not). Right after launch() the PID may still be the shell's
# fork, before it execs its command: `ours` is for signalling, `running` for "did it die".
running() {
  local pid=$1 stat
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  read -r stat 2>/dev/null <"/proc/$pid/stat" || return 1
  stat=${stat##*) }
  [ "${stat:0:1}" != Z ]
}

pid_in() { [ -s "$1" ] && cat "$1" 2>/dev/null; }

# Starts "$@" in a session of its own (so a Ctrl-C in the terminal reaches the script, which stops
# everything in order, and not every process at once), logging to $2, its PID recorded in $1.
# `ip netns exec` and setsid exec their command, so the PID recorded is the program's own.
launch() {
  local pidfile=$1 log=$2
  shift 2
  setsid "$@" </dev/null >>"$log" 2>&1 &
  echo $! >"$pidfile"
  # Not this shell's job any more: no "Killed" notice when teardown stops it.
  disown $!
}

# Sends signal $2 to the process group of the PID in file $1 (each launched process leads its own).
signal_pidfile() {
  local pid
  pid=$(pid_in "$1") || return 0
  ours "$pid" || return 0
  kill "-$2" -- "-$pid" 2>/dev/null || kill "-$2" "$pid" 2>/dev/null || true
}

# Waits up to $1 seconds until none of the PID files that follow names a running process of ours.
wait_gone() {
  local deadline=$((SECONDS + $1)) file pid left
  shift
  while :; do
    left=0
    for file in "$@"; do
      pid=$(pid_in "$file") || continue
      ours "$pid" && left=1
    done
    [ $left = 0 ] && return 0
    [ $SECONDS -ge $deadline ] && return 1
    sleep 0.1
  done
}

# --- the web service (also bin/demo-service) -----------------------------------------------------------

service_start() {
  local node=$1 dir
  dir=$(node_dir "$node")
  if ours "$(pid_in "$dir/service.pid")"; then echo "demo-service: $node's service already runs"; return 0; fi
  mkdir -p "$dir/service"
  launch "$dir/service.pid" "$dir/service.log" ip netns exec "$(node_ns "$node")" \
    "$DEMO_PYTHON" "$DEMO_REPO/scripts/demo/service.py" "$node" "$DEMO_SERVICE_PORT" "$dir/service"
  # Bounded: the service answers within a second or two, or something is wrong.
  local deadline=$((SECONDS + 10))
  until ip netns exec "$(node_ns "$node")" curl -s -o /dev/null --max-time 1 "http://$(node_addr "$node"):$DEMO_SERVICE_PORT/"; do
    if [ $SECONDS -ge $deadline ] || ! running "$(pid_in "$dir/service.pid")"; then
      echo "demo-service: $node's service did not start: $(tail -c 500 "$dir/service.log")" >&2
      return 1
    fi
    sleep 0.05
  done
}

service_stop() {
  local dir
  dir=$(node_dir "$1")
  signal_pidfile "$dir/service.pid" KILL
  wait_gone 3 "$dir/service.pid" || true
  rm -f "$dir/service.pid"
}

# bin/demo-service ACTION NODE: what a person types to break and mend a node's service.
service_ctl() {
  local usage g members=() nodes=()
  for g in "${DEMO_GROUPS[@]}"; do read -ra members <<<"$(group_members "$g")"; nodes+=("${members[@]}"); done
  usage="usage: demo-service start|stop|fail|recover NODE   (NODE: ${nodes[*]})"
  [ $# -eq 2 ] || { echo "$usage" >&2; return 2; }
  node_group "$2" >/dev/null || { echo "$usage" >&2; return 2; }
  case $1 in
    start) service_start "$2" && echo "demo-service: $2's service runs (pid $(pid_in "$(node_dir "$2")/service.pid"))" ;;
    stop) service_stop "$2" && echo "demo-service: $2's service stopped" ;;
    fail) touch "$(node_dir "$2")/service/failing" && echo "demo-service: $2's service answers 503 now" ;;
    recover) rm -f "$(node_dir "$2")/service/failing" && echo "demo-service: $2's service answers 200 again" ;;
    *) echo "$usage" >&2; return 2 ;;
  esac
}

# --- building ------------------------------------------------------------------------------------------

# Arrays of what this run created, in order, for teardown.
CREATED_NAMESPACES=()
CREATED_LINKS=()

fleet_build_network() {
  local sw br node ns port
  sw=$(switch_ns)
  br=$(bridge_name)
  ip netns add "$sw"
  CREATED_NAMESPACES+=("$sw")
  ip -n "$sw" link add "$br" type bridge
  CREATED_LINKS+=("$br")
  # VRRP adverts are multicast; without snooping the bridge floods them like a plain switch.
  ip -n "$sw" link set "$br" type bridge mcast_snooping 0
  ip -n "$sw" link set "$br" up
  for node in "${DEMO_NODES[@]}"; do
    ns=$(node_ns "$node")
    port=$(node_port "$node")
    ip netns add "$ns"
    CREATED_NAMESPACES+=("$ns")
    # Created directly inside the two namespaces, so the host namespace never sees the veth.
    ip -n "$sw" link add "$port" type veth peer name "$(node_if "$node")" netns "$ns"
    CREATED_LINKS+=("$port")
    ip -n "$sw" link set "$port" master "$br"
    ip -n "$sw" link set "$port" up
    ip -n "$ns" link set lo up
    ip -n "$ns" addr add "$(node_addr "$node")/24" dev "$(node_if "$node")"
    ip -n "$ns" link set "$(node_if "$node")" up
  done
}

# The fleet CA and one certificate per node, as an operator makes them (certs/README.md).
fleet_write_pki() {
  local node
  mkdir -p "$DEMO_DIR/tls"
  "$DEMO_BIN" certs init --dir "$DEMO_DIR/tls" --name "nodeagent demo fleet CA $DEMO_TAG" >/dev/null
  for node in "${DEMO_NODES[@]}"; do
    "$DEMO_BIN" certs issue "$node" --role "$(node_role "$node")" --dir "$DEMO_DIR/tls" >/dev/null
  done
}

# One nodeagent.toml per node, rendered as AgentFleetConfig.render does: the same [quorum], [checks.*]
# and [vip_groups.*] everywhere; [node], [network], [tls], the check URL (each node checks its own
# service), the interface and the paths per node — as on a real fleet where one template is deployed.
fleet_write_config() {
  local node=$1 dir seeds="" voters="" other group m members
  dir=$(node_dir "$node")
  mkdir -p "$dir/track" "$dir/service"
  for other in "${DEMO_NODES[@]}"; do
    voters+="${voters:+, }\"$other\""
    [ "$other" = "$node" ] || seeds+="${seeds:+, }\"$(node_addr "$other"):$DEMO_PEER_PORT\""
  done
  {
    cat <<EOF
# The demo fleet's config of $node (scripts/demo.sh). See dist/nodeagent.example.toml for every key.
[node]
name = "$node"
role = "$(node_role "$node")"
voter = true

[network]
listen = "$(node_addr "$node"):$DEMO_PEER_PORT"
# The read-only HTTP API and the dashboard, on this namespace's loopback (scripts/demo.sh forwards it to the host's).
http_loopback = "127.0.0.1:$DEMO_HTTP_LOOPBACK_PORT"
seeds = [$seeds]
admin_socket = "$dir/admin.sock"

[tls]
ca = "$DEMO_DIR/tls/ca.pem"
cert = "$DEMO_DIR/tls/$node.pem"
key = "$DEMO_DIR/tls/$node.key"

[storage]
data_dir = "$dir/data"

[transport]
handshake_timeout_ms = 2000

[quorum]
voters = [$voters]

# The node's own web service (scripts/demo/service.py); the lab's timing: down after 2 failures 200 ms apart.
[checks.web]
type = "http"
url = "http://$(node_addr "$node"):$DEMO_SERVICE_PORT/"
interval_ms = 200
timeout_ms = 150
fall = 2
rise = 2
EOF
    for group in "${DEMO_GROUPS[@]}"; do
      members=""
      for m in ${DEMO_GROUP_MEMBERS[$group]}; do members+="${members:+, }${m%%:*} = ${m##*:}"; done
      cat <<EOF

[vip_groups.$group]
instance = "${DEMO_GROUP_INSTANCE[$group]}"
vip = "${DEMO_GROUP_VIP[$group]}/24"
interface = "$(node_if "$node")"
members = { $members }
checks = ["web"]
no_quorum_policy = "stop"
EOF
    done
    cat <<EOF

[keepalived]
track_dir = "$dir/track"
notify_fifo = "$dir/keepalived.fifo"
vrrp_pid_file = "$dir/keepalived-vrrp.pid"
EOF
  } >"$dir/nodeagent.toml"
  "$DEMO_BIN" config check "$dir/nodeagent.toml" >/dev/null
}

# keepalived.conf for a member of a group, made from what `nodeagent keepalived snippet` tells an
# operator to paste (global_defs, the track_file and lease vrrp_script, their references in the
# instance), around the vrrp_instance an app pair already has. No vrrp_script health check: the
# agent's checks replace it, and the agent alone steers keepalived.
fleet_write_keepalived() {
  local node=$1 group=$2 dir ifname snippet
  dir=$(node_dir "$node")
  ifname=$(node_if "$node")
  snippet=$("$DEMO_BIN" keepalived snippet "$group" --config "$dir/nodeagent.toml")
  # The snippet's three parts, "# 1." global_defs, "# 2." top level, "# 3." inside the instance;
  # comment lines dropped.
  part() { awk -v want="$1" '/^# [0-9]\./ { part = substr($2, 1, 1); next } /^[[:space:]]*#/ { next } part == want' <<<"$snippet"; }
  {
    echo "# keepalived for $node in group $group (scripts/demo.sh), from \`nodeagent keepalived snippet $group\`."
    part 1 | sed "s/^global_defs {\$/global_defs {\n    router_id $node/"
    part 2
    cat <<EOF
vrrp_instance ${DEMO_GROUP_INSTANCE[$group]} {
    state BACKUP
    interface $ifname
    virtual_router_id ${DEMO_GROUP_VRID[$group]}
    priority $(group_priority "$group" "$node")
    advert_int 1
    virtual_ipaddress {
        ${DEMO_GROUP_VIP[$group]}/24 dev $ifname
    }
EOF
    part 3
    echo "}"
  } >"$dir/keepalived.conf"
  if ! grep -q '^track_file ' "$dir/keepalived.conf"; then
    echo "demo: \`nodeagent keepalived snippet $group\` changed shape; no track_file block in $dir/keepalived.conf" >&2
    return 1
  fi
  # keepalived -t checks the config (inside the node, so the interface exists).
  ip netns exec "$(node_ns "$node")" keepalived -t -f "$dir/keepalived.conf" >"$dir/keepalived-check.log" 2>&1 || {
    echo "demo: keepalived rejects $dir/keepalived.conf:" >&2
    tail -n 20 "$dir/keepalived-check.log" >&2
    return 1
  }
}

fleet_write_files() {
  local node group
  for node in "${DEMO_NODES[@]}"; do fleet_write_config "$node"; done
  for node in "${DEMO_NODES[@]}"; do
    group=$(node_group "$node") || continue
    fleet_write_keepalived "$node" "$group"
  done
  # What a person at the demo types: bin/nodeagent and bin/demo-service (see the welcome text).
  mkdir -p "$DEMO_DIR/bin"
  ln -s "$DEMO_BIN" "$DEMO_DIR/bin/nodeagent"
  cat >"$DEMO_DIR/bin/demo-service" <<EOF
#!/usr/bin/env bash
# Made by scripts/demo.sh for the demo fleet in $DEMO_DIR: demo-service start|stop|fail|recover NODE.
set -euo pipefail
DEMO_DIR="$DEMO_DIR"
source "$DEMO_REPO/scripts/demo/fleet.sh"
fleet_load_env
service_ctl "\$@"
EOF
  chmod +x "$DEMO_DIR/bin/demo-service"
  mkdir -p "$DEMO_DIR/plans"
  sed "s#@STATE@#$DEMO_DIR#g" "$DEMO_REPO/scripts/demo/app-update.toml" >"$DEMO_DIR/plans/app-update.toml"
}

# --- starting ------------------------------------------------------------------------------------------

# keepalived in the foreground (-n) so the PID recorded is its own; VRRP only (-P), logging to its file
# (-l -D, not syslog: -G), private pid files so instances never see each other's. It starts FAULT
# (the snippet's `init_file -254`) until its agent writes a track value.
keepalived_start() {
  local node=$1 dir deadline
  dir=$(node_dir "$node")
  launch "$dir/keepalived.pid" "$dir/keepalived.log" ip netns exec "$(node_ns "$node")" \
    keepalived -n -P -l -D -G -f "$dir/keepalived.conf" -p "$dir/keepalived-main.pid" -r "$dir/keepalived-vrrp.pid"
  deadline=$((SECONDS + 10))
  until ours "$(pid_in "$dir/keepalived-vrrp.pid")"; do
    if [ $SECONDS -ge $deadline ] || ! running "$(pid_in "$dir/keepalived.pid")"; then
      echo "demo: keepalived on $node did not start its VRRP child: $(tail -c 800 "$dir/keepalived.log")" >&2
      return 1
    fi
    sleep 0.05
  done
}

# The agent logs to stderr (into its log file): no journald is assumed. Steps of operations run as
# process groups of the agent, inside its namespace (NODEAGENT_STEP_RUNNER=direct), never as systemd
# units, which would run in the host's network. --exit-with-parent: the agents die with this script
# even if its teardown never runs.
agent_start() {
  local node=$1 dir
  dir=$(node_dir "$node")
  launch "$dir/agent.pid" "$dir/agent.log" env -u NOTIFY_SOCKET NODEAGENT_LOG=stderr NODEAGENT_STEP_RUNNER=direct \
    ip netns exec "$(node_ns "$node")" "$DEMO_BIN" agent --config "$dir/nodeagent.toml" --exit-with-parent
}

# The dashboard from the host: each agent serves it on its namespace's loopback only (the config
# refuses any other address for plain HTTP). A socat inside the namespace turns that port into a Unix
# socket in the run directory, and a socat on the host serves that socket on the host's loopback.
forwarder_start() {
  local node=$1 dir deadline
  dir=$(node_dir "$node")
  launch "$dir/http-ns.pid" "$dir/http-forward.log" ip netns exec "$(node_ns "$node")" \
    socat "UNIX-LISTEN:$dir/http.sock,fork,unlink-early" "TCP:127.0.0.1:$DEMO_HTTP_LOOPBACK_PORT"
  launch "$dir/http-host.pid" "$dir/http-forward.log" \
    socat "TCP-LISTEN:$(host_port "$node"),bind=127.0.0.1,reuseaddr,fork" "UNIX-CONNECT:$dir/http.sock"
}

fleet_start() {
  local node group
  for node in "${DEMO_NODES[@]}"; do
    node_group "$node" >/dev/null && service_start "$node" >/dev/null
  done
  # keepalived goes before the agents on purpose: started after, its `init_file … overwrite` would
  # replace the value the agent already wrote (see AgentLab.start).
  for node in "${DEMO_NODES[@]}"; do
    node_group "$node" >/dev/null && keepalived_start "$node"
  done
  for node in "${DEMO_NODES[@]}"; do agent_start "$node"; done
  for node in "${DEMO_NODES[@]}"; do forwarder_start "$node"; done
}

# --- asking the agents -----------------------------------------------------------------------------------

# `nodeagent ARGS --json` as node $1's agent answers it, bounded.
agent_json() {
  local node=$1
  shift
  timeout 8 "$DEMO_BIN" "$@" --json --socket "$(admin_socket "$node")" --timeout 3 2>/dev/null
}

query() { "$DEMO_PYTHON" "$DEMO_REPO/scripts/demo/query.py" "$@"; }

# Waits up to $1 seconds until every agent sees every node alive and all name the same coordinator.
fleet_wait_ready() {
  local deadline=$((SECONDS + $1)) want node alive coordinator coordinators last="no answer yet"
  want=$(printf '%s\n' "${DEMO_NODES[@]}" | sort | xargs)
  while :; do
    coordinators=()
    for node in "${DEMO_NODES[@]}"; do
      if ! running "$(pid_in "$(node_dir "$node")/agent.pid")"; then
        echo "demo: the agent on $node exited: $(tail -c 1500 "$(node_dir "$node")/agent.log")" >&2
        return 1
      fi
      alive=$(agent_json "$node" members | query members) || alive=""
      if [ "$alive" != "$want" ]; then last="$node sees alive: ${alive:-nothing}"; coordinators=(); break; fi
      coordinator=$(agent_json "$node" coordinator | query coordinator) || coordinator=none
      coordinators+=("$coordinator")
    done
    if [ ${#coordinators[@]} -eq ${#DEMO_NODES[@]} ]; then
      coordinator=$(printf '%s\n' "${coordinators[@]}" | sort -u | xargs)
      if [ "$coordinator" != none ] && [[ $coordinator != *" "* ]]; then
        DEMO_COORDINATOR=$coordinator
        return 0
      fi
      last="coordinators named: $coordinator"
    fi
    if [ $SECONDS -ge $deadline ]; then
      echo "demo: the fleet did not come together within $1 s ($last)" >&2
      return 1
    fi
    sleep 0.3
  done
}

# The members of group $1 whose interface carries its VIP now, as the interfaces say (not the agents).
vip_holders() {
  local group=$1 node out=()
  for node in $(group_members "$group"); do
    if ip -n "$(node_ns "$node")" -o -4 addr show dev "$(node_if "$node")" 2>/dev/null | grep -qF " ${DEMO_GROUP_VIP[$group]}/"; then
      out+=("$node")
    fi
  done
  echo "${out[*]}"
}

# Waits up to $3 seconds until node $2 alone carries group $1's VIP; sets WAITED_MS, and SEEN_TWO=1 if
# a sample on the way found the address on two interfaces at once. Polls every 20 ms plus two `ip` calls.
wait_vip_on() {
  local group=$1 node=$2 started now holders
  started=${EPOCHREALTIME//[^0-9]/}
  SEEN_TWO=0
  while :; do
    now=${EPOCHREALTIME//[^0-9]/}
    WAITED_MS=$(((now - started) / 1000))
    holders=$(vip_holders "$group")
    [[ $holders == *" "* ]] && SEEN_TWO=1
    [ "$holders" = "$node" ] && return 0
    [ $WAITED_MS -ge $(($3 * 1000)) ] && return 1
    sleep 0.02
  done
}

# Waits up to $3 seconds until the agents report group $1 granted to node $2 (asking the operator's node).
wait_grant() {
  local deadline=$((SECONDS + $3)) grant _
  while :; do
    read -r grant _ < <(agent_json "$DEMO_OPERATOR" vip | query vip "$1" || echo "- -")
    [ "$grant" = "$2" ] && return 0
    [ $SECONDS -ge $deadline ] && return 1
    sleep 0.2
  done
}

# True when group $1's VIP stays on node $2 alone for $3 seconds (sampled every 100 ms).
stays_on() {
  local deadline=$((SECONDS + $3))
  while [ $SECONDS -lt $deadline ]; do
    [ "$(vip_holders "$1")" = "$2" ] || return 1
    sleep 0.1
  done
}

# Waits up to $2 seconds until one member alone holds group $1's VIP, is granted it, and keeps it for
# a second; sets SETTLED_HOLDER. Which member that is depends on whose health the coordinator hears
# first at the start (it grants at once and does not move a VIP back to a higher priority later).
wait_settled() {
  local group=$1 deadline=$((SECONDS + $2)) holder grant _
  while :; do
    holder=$(vip_holders "$group")
    if [ -n "$holder" ] && [[ $holder != *" "* ]]; then
      read -r grant _ < <(agent_json "$DEMO_OPERATOR" vip | query vip "$group" || echo "- -")
      if [ "$grant" = "$holder" ] && stays_on "$group" "$holder" 1; then
        SETTLED_HOLDER=$holder
        return 0
      fi
    fi
    [ $SECONDS -ge $deadline ] && return 1
    sleep 0.2
  done
}

# --- teardown ------------------------------------------------------------------------------------------

# Stops every process this run started (by its recorded PID), deletes the links and namespaces it
# created (by their recorded names) and its directory. Bounded (about 20 s at worst), never fails,
# and runs once: from the EXIT trap, whatever the way out.
fleet_teardown() {
  [ "${DEMO_TORN_DOWN:-0}" = 1 ] && return 0
  DEMO_TORN_DOWN=1
  [ -n "${DEMO_DIR:-}" ] && [ -d "$DEMO_DIR" ] || return 0
  set +e
  local node files=() sw i
  for node in "${DEMO_NODES[@]}"; do
    signal_pidfile "$(node_dir "$node")/http-host.pid" KILL
    signal_pidfile "$(node_dir "$node")/http-ns.pid" KILL
  done
  # The agents first, gracefully (SIGTERM: they announce their leave), all at once.
  for node in "${DEMO_NODES[@]}"; do
    files+=("$(node_dir "$node")/agent.pid")
    signal_pidfile "$(node_dir "$node")/agent.pid" TERM
  done
  wait_gone 10 "${files[@]}" || for i in "${files[@]}"; do signal_pidfile "$i" KILL; done
  # keepalived: SIGTERM (it releases its VIP), then SIGKILL for the parent and its VRRP child if needed.
  files=()
  for node in "${DEMO_NODES[@]}"; do
    files+=("$(node_dir "$node")/keepalived.pid" "$(node_dir "$node")/keepalived-vrrp.pid")
    signal_pidfile "$(node_dir "$node")/keepalived.pid" TERM
  done
  wait_gone 5 "${files[@]}" || for i in "${files[@]}"; do signal_pidfile "$i" KILL; done
  files=()
  for node in "${DEMO_NODES[@]}"; do
    files+=("$(node_dir "$node")/service.pid")
    signal_pidfile "$(node_dir "$node")/service.pid" KILL
  done
  files+=("$DEMO_DIR"/*/http-host.pid "$DEMO_DIR"/*/http-ns.pid)
  wait_gone 3 "${files[@]}"
  sw=$(switch_ns)
  for ((i = ${#CREATED_LINKS[@]} - 1; i >= 0; i--)); do
    ip -n "$sw" link del "${CREATED_LINKS[$i]}" 2>/dev/null
  done
  for ((i = ${#CREATED_NAMESPACES[@]} - 1; i >= 0; i--)); do
    ip netns del "${CREATED_NAMESPACES[$i]}" 2>/dev/null
  done
  if [ "${DEMO_KEEP:-0}" = 1 ]; then
    echo "demo: kept configs and logs in $DEMO_DIR"
  else
    rm -rf "$DEMO_DIR"
  fi
  set -e
}
