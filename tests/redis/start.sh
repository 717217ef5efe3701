#!/usr/bin/env bash
# Starts a throwaway redis-server for the server-store tests and prints its URL on stdout.
# Idempotent: installs redis-server with apt only when missing, reuses a server it started
# before (pidfile under target/), otherwise picks a free loopback port starting at 6390.
# No persistence, noeviction (the store must never lose throttle state silently).
#
#   export OTPKIT_REDIS_URL="$(bash tests/redis/start.sh)"
#   cargo test -p otpkit --features redis --test server_redis
#   bash tests/redis/stop.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DIR="${CARGO_TARGET_DIR:-$ROOT/target}/redis"
PIDFILE="$DIR/redis.pid"
PORTFILE="$DIR/redis.port"
mkdir -p "$DIR"

if ! command -v redis-server >/dev/null 2>&1; then
  echo "installing redis-server (apt)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends redis-server >/dev/null
fi

ping() { redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null | grep -q PONG; }

if [ -f "$PIDFILE" ] && [ -f "$PORTFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
  port="$(cat "$PORTFILE")"
  if ping "$port"; then
    echo "redis://127.0.0.1:$port/"
    exit 0
  fi
fi

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
port="${OTPKIT_REDIS_PORT:-6390}"
while ! port_free "$port"; do
  port=$((port + 1))
  if [ "$port" -gt 6490 ]; then echo "no free port in 6390-6490" >&2; exit 1; fi
done

redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no \
  --maxmemory-policy noeviction --daemonize yes --pidfile "$PIDFILE" \
  --logfile "$DIR/redis.log" --dir "$DIR" >/dev/null
echo "$port" > "$PORTFILE"
for _ in $(seq 1 100); do
  if ping "$port"; then
    echo "redis://127.0.0.1:$port/"
    exit 0
  fi
  sleep 0.1
done
echo "redis-server did not answer on port $port (see $DIR/redis.log)" >&2
exit 1
