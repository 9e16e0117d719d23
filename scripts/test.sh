#!/usr/bin/env bash
# Set-up, build, and the whole test suite (unit, simulation, process, journald and lab tests).
# The process and lab tests need root (mount and network namespaces for the private journald and the
# VIP lab); as another user they say so. As root, the lab's scenarios then run a second time beside a
# competing CPU load (stress-ng, one worker per core): production nodes run the services the agent
# watches, and a busy node must not lose or move a VIP that nothing asked to move.
# LAB_LOAD_PASS=0 skips that second pass; arguments are passed to the first `swift test`.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
swift build --build-tests
swift test --skip-build --no-parallel "$@"
if [ "$(id -u)" -eq 0 ] && [ $# -eq 0 ] && [ "${LAB_LOAD_PASS:-1}" = 1 ]; then
  echo "test: the VIP lab again, under a competing CPU load (LAB_CPU_LOAD=1)"
  LAB_CPU_LOAD=1 swift test --skip-build --no-parallel --filter LabTests
fi
