#!/usr/bin/env bash
# Starts the loopback provider fakes (tests/fakes/server.py) in the background and prints their
# base URL. Idempotent per pid file; stopped by tests/fakes/stop.sh. The server also stops by
# itself after an hour.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
RUN="${OTPKIT_FAKES_DIR:-${CARGO_TARGET_DIR:-$HERE/../../target}/fakes}"
mkdir -p "$RUN"
if [ -f "$RUN/pid" ] && kill -0 "$(cat "$RUN/pid")" 2>/dev/null && [ -s "$RUN/url" ]; then
  cat "$RUN/url"; exit 0
fi
rm -f "$RUN/url"
python3 "$HERE/server.py" --max-seconds 3600 >"$RUN/url" 2>"$RUN/log" &
echo $! >"$RUN/pid"
for _ in $(seq 100); do
  if [ -s "$RUN/url" ]; then head -1 "$RUN/url"; exit 0; fi
  sleep 0.05
done
echo "fakes: server did not start; see $RUN/log" >&2
exit 1
