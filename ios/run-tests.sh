#!/usr/bin/env bash
# Swift binding tests on Linux: runs `swift test --package-path ios` (XCTest, then Swift Testing)
# inside the cached Debian trixie chroot with Swift 6.0.3 (tests/swift/chroot.sh), linking the
# host-built static library target/release/libotpkit_ffi.a. Idempotent:
#   * builds the FFI library and the generated bindings (scripts/lib.sh build_ffi) only when
#     either is missing or the binding is older than the library;
#   * makes the chroot only if it is not ready (`chroot.sh ensure`, instant when it is);
#   * copies the generated Swift/header/modulemap into ios/Sources (ios/copy-bindings.sh);
#   * type-checks the Security-backed Keychain adapter against a stub Security module
#     (typecheck-security-adapter.sh; the adapter is not compiled by the Linux build);
#   * deletes the test binary when the Rust library is newer than it (SwiftPM does not track the
#     .a, and would otherwise run a stale binary); ios/.build is kept between runs.
# XCTest's "Executed N tests, with F failures" and Swift Testing's "Test run with N tests ..."
# lines are printed for scripts/summarize.py. Needs root (chroot, mounts).
#
#   ios/run-tests.sh                          the tests
#   ios/run-tests.sh --bench [SECONDS]        the call-overhead micro-benchmark instead (release
#                                             build, `swift run -c release OtpKitBench`)
#   ios/run-tests.sh [--] SWIFT_TEST_ARGS...  extra arguments for `swift test` (e.g. --filter X)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../scripts/lib.sh"   # ROOT, TARGET_DIR, BINDINGS_DIR, log, build_ffi

CHROOT="$ROOT/tests/swift/chroot.sh"
LIB="$TARGET_DIR/release/libotpkit_ffi.a"
GEN="$BINDINGS_DIR/swift/OtpKit.swift"
BUILD="$HERE/.build"

if [ ! -f "$LIB" ] || [ ! -f "$GEN" ] || [ ! -f "$BINDINGS_DIR/swift/otpkit_ffiFFI.h" ] \
  || [ "$LIB" -nt "$GEN" ]; then
  (cd "$ROOT" && build_ffi)
fi

"$CHROOT" ensure
"$HERE/copy-bindings.sh" "$BINDINGS_DIR/swift"

# SwiftPM does not see the Rust archive as an input: relink whatever is older than it.
for bin in "$BUILD"/*/OtpKitPackageTests.xctest "$BUILD"/*/OtpKitBench; do
  if [ -e "$bin" ] && [ "$LIB" -nt "$bin" ]; then
    log "removing $(basename "$bin") (older than $(basename "$LIB"))"
    rm -rf "$bin"
  fi
done

# Inside the chroot: the package finds the library and the vectors by absolute path (the repo
# is mounted at the same path). A CARGO_TARGET_DIR outside the repo is mounted too.
export OTPKIT_FFI_LIB="$LIB"
export OTPKIT_VECTORS_DIR="$ROOT/tests/vectors"
# OTPKIT_REDIS_URL and OTPKIT_REDIS_CLUSTER_URLS (when set, e.g. by scripts/test.sh) enable the
# Redis and Redis Cluster server-store tests; the chroot shares the host's network namespace, so
# the loopback servers are reachable.
# OTPKIT_FAKES_URL: the loopback provider fakes for the delivery tests (DeliveryTests.swift), the
# ones scripts/test.sh started or our own (started on the host, stopped when this script exits;
# reachable from the chroot like Redis).
if [ "${1:-}" != --bench ] && [ -z "${OTPKIT_FAKES_URL:-}" ]; then
  export OTPKIT_FAKES_DIR="$TARGET_DIR/fakes-swift-tests"
  OTPKIT_FAKES_URL="$(bash "$ROOT/tests/fakes/start.sh")"
  export OTPKIT_FAKES_URL
  trap 'bash "$ROOT/tests/fakes/stop.sh" >/dev/null 2>&1 || true' EXIT
fi
export OTPKIT_SWIFT_PASSENV="${OTPKIT_SWIFT_PASSENV:+$OTPKIT_SWIFT_PASSENV }OTPKIT_FFI_LIB OTPKIT_VECTORS_DIR OTPKIT_REDIS_URL OTPKIT_REDIS_CLUSTER_URLS OTPKIT_FAKES_URL"
binds=()
case "$(readlink -f "$TARGET_DIR")/" in
  "$(readlink -f "$ROOT")"/*) ;;
  *) binds=(--bind "$TARGET_DIR") ;;
esac

if [ "${1:-}" = --bench ]; then
  shift
  log "Swift call-overhead benchmark (swift run -c release OtpKitBench)"
  exec "$CHROOT" run "$ROOT" ${binds[@]+"${binds[@]}"} -- \
    swift run -c release --package-path "$HERE" OtpKitBench "$@"
fi
[ "${1:-}" = -- ] && shift

log "type-checking the Security Keychain adapter against a Security stub (ios/typecheck-security-adapter.sh)"
"$CHROOT" run "$ROOT" ${binds[@]+"${binds[@]}"} -- bash "$HERE/typecheck-security-adapter.sh"

log "swift test --package-path ios (in the Swift chroot)"
"$CHROOT" run "$ROOT" ${binds[@]+"${binds[@]}"} -- swift test --package-path "$HERE" "$@"
