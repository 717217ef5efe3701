#!/usr/bin/env bash
# Compiles the Android library module's Kotlin (android/otpkit/src/main/kotlin, everything but the
# Gradle-only Play services file) against the real Android framework jar and runs the Robolectric
# tests (Maven + Surefire, JUnit 4) against the host build of libotpkit_ffi. Builds the library and
# the bindings first when missing (scripts/lib.sh build_ffi). Idempotent; downloads come from Maven
# Central into ~/.m2 (the framework jar is about 200 MB, once). Surefire's closing
# "Tests run: N, Failures: F, Errors: E, Skipped: S" line stays visible for scripts/summarize.py.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../../scripts/lib.sh"   # ROOT, TARGET_DIR, BINDINGS_DIR, log, ensure_kotlin_ffi

ensure_kotlin_ffi

cd "$HERE"
log "Android module under Robolectric (JVM)"
exec mvn -B --no-transfer-progress -Dstyle.color=never \
  "-Dotpkit.bindings.dir=$BINDINGS_DIR/kotlin" \
  "-Dotpkit.lib.dir=$TARGET_DIR/release" \
  clean test  # clean: no stale class files of removed declarations (see android/jvm-tests)
