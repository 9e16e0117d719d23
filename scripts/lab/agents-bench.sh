#!/usr/bin/env bash
# Side-by-side VIP benchmark in the namespace lab: keepalived alone against keepalived + nodeagent, N
# trials each of (a) service failure -> peer answering on the VIP, (b) time with two VIP holders after
# cutting the owner off, (c) planned handover. Needs root, iproute2, keepalived, nftables, curl, python3
# and a built nodeagent (set NODEAGENT_BINARY to use another one).
#   scripts/lab/agents-bench.sh [trials]     (default 10; about a minute per trial)
set -euo pipefail
cd "$(dirname "$0")/../.."
trials="${1:-10}"
case "$trials" in ''|*[!0-9]*) echo "agents-bench: trials must be a number, not '$trials'" >&2; exit 2;; esac
[ "$(id -u)" -eq 0 ] || { echo "agents-bench: the lab needs root (network namespaces, keepalived)" >&2; exit 1; }
LAB_BENCH_TRIALS="$trials" swift test --filter 'LabBenchmarkTests/keepalivedAloneAgainstNodeagent' 2>&1 \
  | grep -v -e '^Test Suite' -e 'Executed 0 tests'
