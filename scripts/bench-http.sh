#!/usr/bin/env bash
# Benchmark of the HTTP API (not part of CI): read queries per second on loopback with wrk, the agent
# pinned to one core and wrk to the other, p50 and p99 latency. Target: 10,000 status queries per
# second on one core.
#   BENCH_SECONDS=10 BENCH_CONNECTIONS=32 ./scripts/bench-http.sh
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${BENCH_SECONDS:-10}
connections=${BENCH_CONNECTIONS:-32}
command -v wrk >/dev/null || { echo "bench-http: wrk is missing (apt-get install wrk)" >&2; exit 1; }
scratch=${BENCH_SCRATCH:-.build-release}
swift build -c release --static-swift-stdlib --product nodeagent --scratch-path "$scratch" >/dev/null   # the same build as scripts/package.sh
binary="$scratch/release/nodeagent"
dir=$(mktemp -d)
log="$dir/demo.log"
"$binary" demo --nodes 3 --dir "$dir/fleet" --duration $((seconds * 3 + 30)) --port 37946 >"$log" 2>&1 &
demo=$!
trap 'kill -INT $demo 2>/dev/null; wait $demo 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 100); do grep -q "all 3 nodes connected" "$log" && break; sleep 0.2; done
agent=$(grep "started app1" "$log" | grep -o "pid [0-9]*" | cut -d' ' -f2)
taskset -pc 0 "$agent" >/dev/null
url=http://127.0.0.11:37948
echo "bench-http: agent pid $agent pinned to CPU 0, wrk on CPU 1, $connections connections, $seconds s per query"
for path in /v1/status /v1/members /metrics; do
  out=$(taskset -c 1 wrk -t1 -c"$connections" -d"${seconds}s" --latency "$url$path")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  errors=$(echo "$out" | awk '/Non-2xx|Socket errors/ {print}' | tr '\n' ' ')
  printf 'bench-http: GET %-12s %10s req/s  p50 %8s  p99 %8s %s\n' "$path" "$rps" "$p50" "$p99" "$errors"
done
