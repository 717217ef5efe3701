#!/usr/bin/env bash
# Stops the redis-server that tests/redis/start.sh started (by its pidfile). Idempotent.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DIR="${CARGO_TARGET_DIR:-$ROOT/target}/redis"
PIDFILE="$DIR/redis.pid"
if [ -f "$PIDFILE" ]; then
  pid="$(cat "$PIDFILE")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$PIDFILE" "$DIR/redis.port"
fi
