#!/usr/bin/env bash
# Prints the keepalived-alone baseline (service failover, split brain on a cut, heal) over N trials,
# measured in the namespace lab. Needs root, iproute2, keepalived, nftables, curl and python3.
#   scripts/lab/baseline.sh [trials]     (default 10; about fifteen seconds per trial)
set -euo pipefail
cd "$(dirname "$0")/../.."
trials="${1:-10}"
case "$trials" in ''|*[!0-9]*) echo "baseline: trials must be a number, not '$trials'" >&2; exit 2;; esac
[ "$(id -u)" -eq 0 ] || { echo "baseline: the lab needs root (network namespaces, keepalived)" >&2; exit 1; }
LAB_BENCH_TRIALS="$trials" swift test --filter 'LabBenchmarkTests' 2>&1 \
  | grep -v -e '^Test Suite' -e 'Executed 0 tests'
