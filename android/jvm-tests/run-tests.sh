#!/usr/bin/env bash
# Runs the JVM tests of the Kotlin binding (Maven + Surefire, JUnit 5) against the host build of
# libotpkit_ffi, driven by tests/vectors/*.json. Builds the library and the generated bindings
# first (scripts/lib.sh build_ffi) when either is missing or the binding is older than the library.
# The delivery tests need the loopback provider fakes: OTPKIT_FAKES_URL, or started here.
# Idempotent; Maven caches artifacts in ~/.m2. Surefire's closing "Tests run: N, Failures: F,
# Errors: E, Skipped: S" line stays visible for scripts/summarize.py.
#
#   android/jvm-tests/run-tests.sh           the tests
#   android/jvm-tests/run-tests.sh --bench   the call-overhead micro-benchmark instead (not a test)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../../scripts/lib.sh"   # ROOT, TARGET_DIR, BINDINGS_DIR, log, ensure_kotlin_ffi

ensure_kotlin_ffi

cd "$HERE"
mvn_args=(-B --no-transfer-progress -Dstyle.color=never
  "-Dotpkit.bindings.dir=$BINDINGS_DIR/kotlin"
  "-Dotpkit.lib.dir=$TARGET_DIR/release"
  "-Dotpkit.vectors.dir=$ROOT/tests/vectors")
if [ "${1:-}" = --bench ]; then
  log "Kotlin/JVM call-overhead benchmark"
  exec mvn "${mvn_args[@]}" -Pbench test-compile exec:exec
fi
# The loopback provider fakes for the delivery tests (DeliveryTest.kt): the ones scripts/test.sh
# started (OTPKIT_FAKES_URL), else our own, stopped when this script exits.
if [ -z "${OTPKIT_FAKES_URL:-}" ]; then
  export OTPKIT_FAKES_DIR="$TARGET_DIR/fakes-jvm-tests"
  OTPKIT_FAKES_URL="$(bash "$ROOT/tests/fakes/start.sh")"
  export OTPKIT_FAKES_URL
  trap 'bash "$ROOT/tests/fakes/stop.sh" >/dev/null 2>&1 || true' EXIT
fi
log "Kotlin binding tests (JVM)"
# `clean`: the Kotlin compiler leaves class files of removed or renamed declarations in target/,
# and a stale one on the classpath breaks the next compile (seen after the v2 surface landed).
mvn "${mvn_args[@]}" clean test
