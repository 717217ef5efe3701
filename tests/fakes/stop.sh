#!/usr/bin/env bash
# Stops the provider fakes started by tests/fakes/start.sh.
HERE="$(cd "$(dirname "$0")" && pwd)"
RUN="${OTPKIT_FAKES_DIR:-${CARGO_TARGET_DIR:-$HERE/../../target}/fakes}"
if [ -f "$RUN/pid" ]; then kill "$(cat "$RUN/pid")" 2>/dev/null || true; rm -f "$RUN/pid" "$RUN/url"; fi
