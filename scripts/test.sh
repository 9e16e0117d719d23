#!/usr/bin/env bash
# Set-up, build, and the whole test suite (unit, simulation, process and journald tests).
# The process tests need root (mount namespaces for the private journald); as another user they say so.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
swift build --build-tests
swift test --skip-build --no-parallel "$@"
