#!/usr/bin/env bash
# Set-up, build, and the whole test suite (unit, simulation, process, journald and lab tests).
# The process and lab tests need root (mount and network namespaces for the private journald and the
# VIP lab); as another user they say so. As root, the lab's scenarios then run a second time beside a
# competing CPU load (stress-ng, one worker per core): production nodes run the services the agent
# watches, and a busy node must not lose or move a VIP that nothing asked to move.
# Before that pass, as root: the demo's guided tour with every step checked, and the Debian package
# tested in a clean Debian 12 root under systemd (a release build: about 11 minutes on 2 cores).
# LAB_LOAD_PASS=0 skips the load pass; arguments are passed to the first `swift test` and skip the rest.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
swift build --build-tests
swift test --skip-build --no-parallel "$@"
if [ "$(id -u)" -eq 0 ] && [ $# -eq 0 ]; then
  # The newcomer's path, checked end to end: the demo fleet in namespaces with its guided tour, every
  # step asserted; then the Debian package built in release and installed, run under systemd,
  # upgraded and purged in a clean Debian 12 root.
  echo "test: the demo fleet's guided tour (scripts/demo.sh --tour-auto)"
  NODEAGENT_BIN=.build/debug/nodeagent ./scripts/demo.sh --tour-auto
  echo "test: the Debian package in a clean Debian 12 root (scripts/test-package.sh)"
  ./scripts/test-package.sh
fi
if [ "$(id -u)" -eq 0 ] && [ $# -eq 0 ] && [ "${LAB_LOAD_PASS:-1}" = 1 ]; then
  echo "test: the VIP lab again, under a competing CPU load (LAB_CPU_LOAD=1)"
  LAB_CPU_LOAD=1 swift test --skip-build --no-parallel --filter LabTests
fi
