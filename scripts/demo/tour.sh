# shellcheck shell=bash disable=SC2034  # TOUR_FAILURE is read by scripts/demo.sh
# The guided tour of the demo fleet (sourced by scripts/demo.sh after scripts/demo/fleet.sh).
#
# Six steps a newcomer can follow: where the VIPs are, a failed service moving the app VIP, its
# recovery, a pin, a planned handover, and an operation (the update of the app pair). Each step prints
# the exact command it runs and what to look at. TOUR_MODE=interactive waits for Enter before each step
# and only warns when something is not as expected; TOUR_MODE=auto runs straight through and stops at
# the first expectation not met within its bound (the caller then exits non-zero).

TOUR_MODE=${TOUR_MODE:-interactive}
TOUR_FAILURE=""
TOUR_FIGURES=()

if [ -t 1 ]; then BOLD=$'\e[1m' DIM=$'\e[2m' GREEN=$'\e[32m' RED=$'\e[31m' RESET=$'\e[0m'; else BOLD="" DIM="" GREEN="" RED="" RESET=""; fi

say() { printf '%s\n' "$*"; }
look() { printf '%s  → look: %s%s\n' "$DIM" "$*" "$RESET"; }

# An argument as a person would type it: quoted only when the shell needs it.
shell_word() { if [[ $1 =~ ^[A-Za-z0-9_./:=@%+,-]+$ ]]; then printf '%s' "$1"; else printf '%q' "$1"; fi; }
show_cmd() {
  local word line="\$"
  for word in "$@"; do line+=" $(shell_word "$word")"; done
  printf '%s  %s%s\n' "$BOLD" "$line" "$RESET"
}

# Waits (up to 5 s) until db1's agent has heard the whole story of a VIP move — grant, keepalived
# state, level, and the address as each member's interface poll (every 500 ms) reports it — so the
# `nodeagent vip` shown next is not a snapshot from the middle of the move. Only a wait: never fails.
wait_view() {
  local deadline=$((SECONDS + 5))
  while [ $SECONDS -lt $deadline ]; do
    [ "$(agent_json "$DEMO_OPERATOR" vip | query settled "$1" "$2" 2>/dev/null)" = yes ] && return 0
    sleep 0.2
  done
}

# nodeagent ARGS, asking the operator's agent (db1) through its admin socket; output indented.
na() {
  show_cmd nodeagent "$@" --socket "$(admin_socket "$DEMO_OPERATOR")"
  timeout 180 "$DEMO_BIN" "$@" --socket "$(admin_socket "$DEMO_OPERATOR")" 2>&1 | sed 's/^/    /'
  return "${PIPESTATUS[0]}"
}
svc() {
  show_cmd demo-service "$@"
  "$DEMO_DIR/bin/demo-service" "$@" 2>&1 | sed 's/^/    /'
  return "${PIPESTATUS[0]}"
}
# A command run inside node $1's namespace, as on that node.
on_node() {
  local node=$1
  shift
  show_cmd ip netns exec "$(node_ns "$node")" "$@"
  timeout 20 ip netns exec "$(node_ns "$node")" "$@" 2>&1 | sed 's/^/    /'
  return "${PIPESTATUS[0]}"
}
# What a client of the app VIP gets, asked from db1 (quietly, for the checks).
vip_answer() { ip netns exec "$(node_ns "$DEMO_OPERATOR")" curl -s --max-time 2 "http://${DEMO_GROUP_VIP[$1]}:$DEMO_SERVICE_PORT/" 2>/dev/null; }

# An expectation not met: fatal in auto mode, a warning in interactive mode.
unmet() {
  if [ "$TOUR_MODE" = auto ]; then
    TOUR_FAILURE=$*
    printf '%sFAILED: %s%s\n' "$RED" "$*" "$RESET"
    return 1
  fi
  TOUR_WARNED=1
  printf '%s(not as expected: %s — the logs are in %s/NODE/)%s\n' "$RED" "$*" "$DEMO_DIR" "$RESET"
}
# A check passed (said only when nothing in this step was amiss).
ok() { [ "$TOUR_WARNED" = 1 ] || printf '%s  ✓ %s%s\n' "$GREEN" "$*" "$RESET"; }
seconds() { printf '%d.%02d' $(($1 / 1000)) $((($1 % 1000) / 10)); }

TOUR_STEP_STARTED=0
TOUR_WARNED=0
step() {
  local number=$1 title=$2
  echo
  if [ "$TOUR_MODE" = interactive ]; then
    # EOF (input piped and used up) counts as Enter, so a piped run goes through.
    read -r -p "${BOLD}Press Enter for step $number of 6: $title${RESET} " || echo
  fi
  printf '%s━━ %s/6 %s ━━%s\n' "$BOLD" "$number" "$title" "$RESET"
  TOUR_STEP_STARTED=$SECONDS
  TOUR_WARNED=0
}
step_done() { [ "$TOUR_MODE" = auto ] && ok "step $1 passed in $((SECONDS - TOUR_STEP_STARTED)) s"; return 0; }

# Waits up to $2 s until db1's agent reports node $1's checks in group app as healthy $3 (yes or no).
wait_health() {
  local node=$1 want=$3 deadline=$((SECONDS + $2)) seen
  while :; do
    seen=$(agent_json "$DEMO_OPERATOR" vip | query healthy app "$node") || seen=""
    [ "$seen" = "$want" ] && return 0
    [ $SECONDS -ge $deadline ] && return 1
    sleep 0.2
  done
}

tour_step_1() {
  local A=$DEMO_APP_OWNER B=$DEMO_APP_PEER
  step 1 "Where the VIPs are"
  say "Every agent knows the whole fleet; ask db1's agent who holds each VIP group:"
  wait_view app "$A"
  na vip || true
  look "GRANT: app on $A and int on $DEMO_INT_OWNER (their keepalived MASTER, level owner); $B and the other int node standing by."
  look "the dashboard shows the same: $DEMO_DASHBOARD (VIP groups panel)."
  say "The address really is on $A's interface, and a client of the VIP reaches $A's service:"
  on_node "$A" ip -br -4 addr show dev "$(node_if "$A")" || true
  on_node "$DEMO_OPERATOR" curl -s "http://${DEMO_GROUP_VIP[app]}:$DEMO_SERVICE_PORT/" || true
  wait_vip_on app "$A" 20 || unmet "the app VIP is on '$(vip_holders app)', not $A alone" || return 1
  wait_grant app "$A" 10 || unmet "app is not granted to $A" || return 1
  [[ $(vip_answer app) == "ok $A "* ]] || unmet "a client of the app VIP did not get $A's answer" || return 1
  local dashboard
  dashboard=$(curl -s --max-time 3 "$DEMO_DASHBOARD_API/v1/vip" | query vip app) || dashboard=""
  [[ $dashboard == "$A "* ]] || unmet "the dashboard's API at $DEMO_DASHBOARD_API/v1/vip does not show app on $A ('$dashboard')" || return 1
  step_done 1
}

tour_step_2() {
  local A=$DEMO_APP_OWNER B=$DEMO_APP_PEER
  step 2 "Fail a service: the VIP moves"
  say "Stop $A's web service, the one its agent checks (its process is killed, as in a crash):"
  svc stop "$A" || unmet "demo-service stop $A failed" || return 1
  if wait_vip_on app "$B" 15; then
    TOUR_FIGURES+=("app VIP moved to $B $(seconds "$WAITED_MS") s after $A's service stopped")
    say "${BOLD}The app VIP moved to $B $(seconds "$WAITED_MS") s after the service stopped${RESET} (timed on the interfaces):"
    say "$A's check failed twice (200 ms apart), its agent faulted keepalived (track -254), the coordinator"
    say "granted app to $B, and $B's keepalived took the address."
  else
    unmet "the app VIP did not move to $B within 15 s (holders: '$(vip_holders app)')" || return 1
  fi
  wait_view app "$B"
  na vip || true
  look "$A 'failing' in HEALTH, app granted to $B; on the dashboard app's holder is $B and $A is red."
  on_node "$DEMO_OPERATOR" curl -s "http://${DEMO_GROUP_VIP[app]}:$DEMO_SERVICE_PORT/" || true
  [[ $(vip_answer app) == "ok $B "* ]] || unmet "a client of the app VIP did not get $B's answer" || return 1
  step_done 2
}

tour_step_3() {
  local A=$DEMO_APP_OWNER B=$DEMO_APP_PEER
  step 3 "Restore the service"
  svc start "$A" || unmet "demo-service start $A failed" || return 1
  wait_health "$A" 10 yes || unmet "$A was not reported healthy again within 10 s" || return 1
  say "$A is healthy again, and the VIP stays on $B: no flapping back to a node that just recovered."
  stays_on app "$B" 2 || unmet "the app VIP left $B after $A recovered (holders: '$(vip_holders app)')" || return 1
  wait_view app "$B"
  na vip || true
  look "$A healthy and standing by, app still on $B."
  step_done 3
}

tour_step_4() {
  local A=$DEMO_APP_OWNER B=$DEMO_APP_PEER
  step 4 "Pin the app VIP to a node, then unpin"
  say "Pin app to $A — the \"unconditional master\" of the old hand-run script: $A owns the VIP while"
  say "it is alive, even with failing checks (used to keep the VIP on one node while its peer is updated)."
  na vip pin app "$A" || unmet "vip pin app $A failed" || return 1
  if wait_vip_on app "$A" 15; then
    TOUR_FIGURES+=("pin moved the app VIP to $A in $(seconds "$WAITED_MS") s")
    say "${BOLD}The VIP moved to $A in $(seconds "$WAITED_MS") s${RESET} (a planned handover: $A raised first, then $B let go)."
  else
    unmet "the app VIP did not move to $A within 15 s after the pin (holders: '$(vip_holders app)')" || return 1
  fi
  wait_view app "$A"
  na vip || true
  look "PIN $A on the app group; 'pinned to $A' on the dashboard."
  say "While pinned, make $A's service answer errors (503): the VIP stays — that is what a pin is for."
  svc fail "$A" || true
  wait_health "$A" 10 no || unmet "$A was not reported failing within 10 s" || return 1
  stays_on app "$A" 2 || unmet "the pinned app VIP left $A (holders: '$(vip_holders app)')" || return 1
  ok "$A failing and still holding the pinned VIP"
  svc recover "$A" || true
  wait_health "$A" 10 yes || unmet "$A was not reported healthy again within 10 s" || return 1
  say "Unpin: the arbiter chooses again, and the current owner stays while it is healthy."
  na vip unpin app || unmet "vip unpin app failed" || return 1
  local pin _
  read -r _ pin _ < <(agent_json "$DEMO_OPERATOR" vip | query vip app || echo "- - -")
  [ "$pin" = "-" ] || unmet "app is still pinned ($pin)" || return 1
  stays_on app "$A" 1 || unmet "the app VIP left $A after the unpin (holders: '$(vip_holders app)')" || return 1
  step_done 4
}

tour_step_5() {
  local A=$DEMO_APP_OWNER B=$DEMO_APP_PEER
  step 5 "Promote: a planned handover"
  say "Move the app group to $B on purpose (\"assign master\"), e.g. before maintenance on $A:"
  na vip promote app "$B" || unmet "vip promote app $B failed" || return 1
  if wait_vip_on app "$B" 15; then
    TOUR_FIGURES+=("promote moved the app VIP to $B in $(seconds "$WAITED_MS") s")
    if [ "$SEEN_TWO" = 0 ]; then
      say "${BOLD}The VIP moved to $B in $(seconds "$WAITED_MS") s${RESET}, and was never seen on both nodes (the interfaces polled every few tens of ms)."
    else
      say "${RED}The VIP moved to $B in $(seconds "$WAITED_MS") s, but a sample saw it on both nodes at once.${RESET}"
    fi
  else
    unmet "the app VIP did not move to $B within 15 s after the promote (holders: '$(vip_holders app)')" || return 1
  fi
  wait_view app "$B"
  na vip || true
  look "app granted to $B; $A healthy, standing by."
  step_done 5
}

tour_step_6() {
  local plan="$DEMO_DIR/plans/app-update.toml" id=demo-app-update started status
  step 6 "Run an operation: update the app pair"
  say "The plan $plan (from scripts/demo/app-update.toml) is dist/plans/app-pair-update.toml for the demo:"
  say "per node stop the service, back up, install v2 (2 s), start; then its checks must pass for 1 s; the"
  say "VIP stays served (the node being updated never holds it) and goes back to app1 at the end."
  say "First the dry run — batches, VIP moves, steps per node, on the fleet as it is now:"
  na op plan "$plan" || unmet "op plan refused the demo's plan" || return 1
  say "Then run it, following its progress:"
  started=$SECONDS
  na op run "$plan" --id "$id" --follow || unmet "op run did not finish cleanly" || return 1
  TOUR_FIGURES+=("the update of the app pair took $((SECONDS - started)) s")
  na op status "$id" || true
  look "both nodes 'done'; on the dashboard's Operations panel, $id finished."
  on_node "$DEMO_OPERATOR" curl -s "http://${DEMO_GROUP_VIP[app]}:$DEMO_SERVICE_PORT/" || true
  status=$(agent_json "$DEMO_OPERATOR" op status "$id" | query op) || status="-"
  [ "$status" = finished ] || unmet "operation $id is '$status', not finished" || return 1
  wait_vip_on app app1 10 || unmet "the app VIP is not back on app1 (holders: '$(vip_holders app)')" || return 1
  [ "$(vip_answer app)" = "ok app1 v2" ] || unmet "the app VIP does not answer 'ok app1 v2' ('$(vip_answer app)')" || return 1
  local node answer
  for node in $(group_members app); do
    answer=$(ip netns exec "$(node_ns "$node")" curl -s --max-time 2 "http://$(node_addr "$node"):$DEMO_SERVICE_PORT/") || answer=""
    [ "$answer" = "ok $node v2" ] || unmet "$node's service answers '$answer', not 'ok $node v2'" || return 1
  done
  ok "both app nodes serve v2, the VIP is back on app1"
  say "What each step printed on a node: nodeagent op logs $id --node app2 --socket $(admin_socket "$DEMO_OPERATOR")"
  step_done 6
}

# Runs the six steps; returns non-zero at the first unmet expectation in auto mode.
tour_run() {
  local started=$SECONDS n
  for n in 1 2 3 4 5 6; do
    "tour_step_$n" || return 1
  done
  echo
  say "${BOLD}Tour done in $((SECONDS - started)) s.${RESET}"
  for n in "${TOUR_FIGURES[@]}"; do say "  • $n"; done
  [ "$TOUR_MODE" = auto ] || return 0
  # The promise under every lever of the tour: the VIP never on two nodes. The tour's own sampling is
  # one witness; the agents are another, and must not have reported a split brain (nor a false one:
  # an operator paged by a routine promote stops trusting the page).
  local node found=""
  for node in "${DEMO_NODES[@]}"; do
    if grep -E 'split_brain_detected|policy=split_brain|"policy":"split_brain"|NODEAGENT_POLICY=split_brain' "$(node_dir "$node")/agent.log" >/dev/null 2>&1; then
      found="$found $node"
    fi
  done
  [ -z "$found" ] || unmet "a split brain was reported by:$found (see their agent.log)" || return 1
  ok "no agent reported two holders during the tour"
}
