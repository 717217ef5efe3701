#!/usr/bin/env bash
# Checks/s of the Redis store on one node and on a 3-master cluster, measured in one run on
# loopback: starts both (tests/redis/start.sh, cluster-start.sh), runs the
# server_redis_bench example on each (SECONDS per client count; bounded), stops what it
# started. Usage: bash tests/redis/bench-compare.sh [SECONDS] [BATCH] [CLIENTS...]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE/../.."
secs="${1:-3}"; batch="${2:-1}"; shift $(( $# > 2 ? 2 : $# )) || true
clients=("$@"); [ "${#clients[@]}" -gt 0 ] || clients=(1 4 8 16)
pidfile="${CARGO_TARGET_DIR:-target}/redis/redis.pid"
single_was_up=0
if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then single_was_up=1; fi
OTPKIT_REDIS_URL="$(bash "$HERE/start.sh")"; export OTPKIT_REDIS_URL
trap 'bash "$HERE/cluster-stop.sh" >/dev/null 2>&1 || true
      [ "$single_was_up" = 1 ] || bash "$HERE/stop.sh" >/dev/null 2>&1 || true' EXIT
OTPKIT_REDIS_CLUSTER_URLS="$(bash "$HERE/cluster-start.sh")"; export OTPKIT_REDIS_CLUSTER_URLS
cargo build -q --release -p otpkit --features redis --example server_redis_bench
bin="${CARGO_TARGET_DIR:-target}/release/examples/server_redis_bench"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$bin" "$secs" "$batch" "${clients[@]}"
"$bin" --cluster "$secs" "$batch" "${clients[@]}"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
