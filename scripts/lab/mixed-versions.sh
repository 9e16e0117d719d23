#!/usr/bin/env bash
# A rolling update and a rollback with real agents of two builds: builds nodeagent at REF (an earlier
# commit or tag) in a temporary worktree, then runs the mixed-version process test of this checkout
# against it. Not part of CI (a second full build); run it before releasing.
#   scripts/lab/mixed-versions.sh REF      e.g. scripts/lab/mixed-versions.sh v0.4.0
set -euo pipefail
cd "$(dirname "$0")/../.."
ref="${1:-}"
[ -n "$ref" ] || { echo "usage: scripts/lab/mixed-versions.sh REF (the older commit or tag to run beside this one)" >&2; exit 2; }
git rev-parse --verify --quiet "$ref^{commit}" >/dev/null || { echo "mixed-versions: '$ref' is not a commit here" >&2; exit 2; }
work="$(mktemp -d)"
cleanup() { git worktree remove --force "$work/old" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
git worktree add --quiet --detach "$work/old" "$ref"
echo "mixed-versions: building nodeagent at $(git rev-parse --short "$ref") (a few minutes)"
(cd "$work/old" && swift build --product nodeagent 2>&1 | tail -1)
old="$(cd "$work/old" && swift build --product nodeagent --show-bin-path)/nodeagent"
swift build --build-tests 2>&1 | tail -1
NODEAGENT_OLD_BINARY="$old" swift test --skip-build --filter MixedVersionProcessTests 2>&1 | grep -v -e '^Test Suite' -e 'Executed 0 tests'
