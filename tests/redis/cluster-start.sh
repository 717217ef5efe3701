#!/usr/bin/env bash
# Starts a throwaway Redis Cluster for the cluster store tests: 3 masters and 3 replicas
# (`redis-server --cluster-enabled yes`, `redis-cli --cluster create ... --cluster-replicas 1`)
# on free loopback ports from 7100 (each also needs its bus port, +10000), data under
# target/redis-cluster/<port>. Prints the node URLs, comma-separated, on stdout. Always starts a
# fresh cluster (stops one left by an earlier run first: a failover test kills a master). No
# persistence, noeviction, 1 s node timeout (fail-over within a few seconds). Every wait is
# bounded; stop with tests/redis/cluster-stop.sh.
#
#   export OTPKIT_REDIS_CLUSTER_URLS="$(bash tests/redis/cluster-start.sh)"
#   cargo test -p otpkit --features redis --test server_cluster
#   bash tests/redis/cluster-stop.sh
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
DIR="${CARGO_TARGET_DIR:-$ROOT/target}/redis-cluster"

if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
  echo "installing redis-server, redis-tools (apt)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends redis-server redis-tools >/dev/null
fi

bash "$HERE/cluster-stop.sh" >/dev/null 2>&1 || true
rm -rf "$DIR"
mkdir -p "$DIR"

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
ping() { redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null | grep -q PONG; }

ports=()
port="${OTPKIT_REDIS_CLUSTER_PORT:-7100}"
while [ "${#ports[@]}" -lt 6 ]; do
  if [ "$port" -gt 7999 ]; then echo "no 6 free ports in 7100-7999" >&2; exit 1; fi
  if port_free "$port" && port_free $((port + 10000)); then ports+=("$port"); fi
  port=$((port + 1))
done

for p in "${ports[@]}"; do
  mkdir -p "$DIR/$p"
  redis-server --bind 127.0.0.1 --port "$p" --cluster-enabled yes \
    --cluster-config-file "$DIR/$p/nodes.conf" --cluster-node-timeout 1000 \
    --cluster-replica-validity-factor 0 --repl-diskless-sync-delay 0 --save '' --appendonly no \
    --maxmemory-policy noeviction --daemonize yes --pidfile "$DIR/$p/redis.pid" \
    --logfile "$DIR/$p/redis.log" --dir "$DIR/$p" >/dev/null
  echo "$p" >> "$DIR/ports"
done
for p in "${ports[@]}"; do
  for _ in $(seq 1 100); do ping "$p" && break; sleep 0.1; done
  ping "$p" || { echo "redis-server did not answer on $p (see $DIR/$p/redis.log)" >&2; exit 1; }
done

nodes=()
for p in "${ports[@]}"; do nodes+=("127.0.0.1:$p"); done
timeout 60 redis-cli --cluster create "${nodes[@]}" --cluster-replicas 1 --cluster-yes \
  > "$DIR/create.log" 2>&1 || { echo "cluster create failed (see $DIR/create.log)" >&2; exit 1; }

# Every node must see the whole cluster as ok (slots assigned and gossip settled).
for _ in $(seq 1 300); do
  ok=1
  for p in "${ports[@]}"; do
    redis-cli -h 127.0.0.1 -p "$p" cluster info 2>/dev/null | grep -q 'cluster_state:ok' || ok=0
  done
  [ "$ok" = 1 ] && break
  sleep 0.1
done
[ "$ok" = 1 ] || { echo "cluster did not reach cluster_state:ok in 30 s" >&2; exit 1; }
# Every replica must be linked to its master (fail-over needs a synced replica).
for _ in $(seq 1 300); do
  ok=1
  for p in "${ports[@]}"; do
    info="$(redis-cli -h 127.0.0.1 -p "$p" info replication 2>/dev/null | tr -d '\r')"
    case "$info" in
      *role:master*) grep -q '^connected_slaves:1' <<<"$info" || ok=0 ;;
      *role:slave*) grep -q '^master_link_status:up' <<<"$info" || ok=0 ;;
      *) ok=0 ;;
    esac
  done
  [ "$ok" = 1 ] && break
  sleep 0.1
done
[ "$ok" = 1 ] || { echo "cluster replicas did not link in 30 s" >&2; exit 1; }

urls=()
for p in "${ports[@]}"; do urls+=("redis://127.0.0.1:$p/"); done
(IFS=,; echo "${urls[*]}")
