#!/usr/bin/env bash
# Writes nodeagent.1 for BINARY into DIR with swift-argument-parser's generate-manual tool, so the man
# page is made from the same command definitions as --help and cannot drift from it.
#   scripts/lib/manual.sh BINARY DIR
# The tool is built from the argument-parser checkout SwiftPM resolved for this package (first found
# of .build-release, .build), into .build-tools/, once.
set -euo pipefail
cd "$(dirname "$0")/../.."
binary="$1"
dir="$2"
checkout=""
for scratch in .build-release .build; do
  if [ -f "$scratch/checkouts/swift-argument-parser/Package.swift" ]; then
    checkout="$scratch/checkouts/swift-argument-parser"
    break
  fi
done
if [ -z "$checkout" ]; then
  swift package resolve >/dev/null
  checkout=".build/checkouts/swift-argument-parser"
fi
tools="$PWD/.build-tools/generate-manual"
if [ ! -x "$tools/release/generate-manual" ]; then
  echo "manual: building generate-manual from $checkout"
  swift build -c release --package-path "$checkout" --product generate-manual --scratch-path "$tools" >/dev/null
fi
mkdir -p "$dir"
date="$(date -u -d "@${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}" +%Y-%m-%d)"
"$tools/release/generate-manual" "$binary" --date "$date" --section 1 \
  --authors "nodeagent developers<nodeagent@invalid>" --output-directory "$dir"
[ -s "$dir/nodeagent.1" ] || { echo "manual: generate-manual wrote no nodeagent.1" >&2; exit 70; }
