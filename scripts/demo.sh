#!/usr/bin/env bash
# Set-up, build, and the local demo fleet: `./scripts/demo.sh [demo options]`, e.g. --nodes 7 --duration 30.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
swift build -c release --product nodeagent
exec .build/release/nodeagent demo "$@"
