#!/usr/bin/env bash
# Stops the nodes that tests/redis/cluster-start.sh started (by their pidfiles) and removes
# their data. Idempotent; bounded waits.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DIR="${CARGO_TARGET_DIR:-$ROOT/target}/redis-cluster"
[ -f "$DIR/ports" ] || exit 0
while read -r p; do
  pidfile="$DIR/$p/redis.pid"
  [ -f "$pidfile" ] || continue
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
done < "$DIR/ports"
rm -rf "$DIR"
