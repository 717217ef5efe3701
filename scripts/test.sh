#!/usr/bin/env bash
# Runs every test: Rust (fmt, clippy, unit/integration/doc tests, cross-check against pyotp and
# oathtool), then the FFI library is built once and the Kotlin (JVM) and Swift (Linux, in a cached
# Debian trixie chroot) binding tests run against it; the Python suite builds its own abi3
# manylinux wheel (PyO3) and tests it in a clean venv (python/run-tests.sh). Installs what it needs
# (apt, pip, Maven Central, the Swift chroot) idempotently. Each runner prints its own summary;
# the last line totals them.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

LOGDIR="$TARGET_DIR/test-logs"
mkdir -p "$LOGDIR"
rm -f "$LOGDIR"/*.log
SUITES=()

# run_suite NAME CMD...: runs CMD, teeing its output into $LOGDIR/NAME.log.
run_suite() {
  local name="$1"; shift
  log "$name"
  SUITES+=("$name")
  "$@" 2>&1 | tee "$LOGDIR/$name.log"
  local rc=${PIPESTATUS[0]}
  if [ "$rc" != 0 ]; then
    echo "otpkit: suite '$name' failed (exit $rc)" >&2
    exit "$rc"
  fi
}

apt_ensure pkg-config pkg-config
# The CLI's clipboard test runs against a real X11 clipboard (Xvfb, read back with xclip).
apt_ensure Xvfb xvfb
apt_ensure xclip xclip
export OTPKIT_REQUIRE_XVFB=1

# A throwaway Redis on a loopback port for the Redis store tests (stopped on exit).
OTPKIT_REDIS_URL="$(bash tests/redis/start.sh)"
export OTPKIT_REDIS_URL
trap 'bash "$ROOT/tests/redis/stop.sh" >/dev/null 2>&1 || true; bash "$ROOT/tests/redis/cluster-stop.sh" >/dev/null 2>&1 || true' EXIT
# A throwaway Redis Cluster (3 masters, 3 replicas) on loopback for the cluster store tests.
OTPKIT_REDIS_CLUSTER_URLS="$(bash tests/redis/cluster-start.sh)"
export OTPKIT_REDIS_CLUSTER_URLS

# The loopback fakes of the SMS/voice/WhatsApp providers (tests/fakes/server.py) for the
# delivery tests; they stop with the script (and by themselves after an hour).
OTPKIT_FAKES_URL="$(bash tests/fakes/start.sh)"
export OTPKIT_FAKES_URL
trap 'bash "$ROOT/tests/fakes/stop.sh" >/dev/null 2>&1 || true; bash "$ROOT/tests/redis/stop.sh" >/dev/null 2>&1 || true; bash "$ROOT/tests/redis/cluster-stop.sh" >/dev/null 2>&1 || true' EXIT

run_suite rust-lint bash -c 'cargo fmt --all -- --check &&
  cargo clippy --workspace --all-targets --locked -- -D warnings &&
  cargo clippy --workspace --all-targets --all-features --locked -- -D warnings &&
  scripts/check-features.sh'
run_suite rust cargo test --workspace --all-features --locked
if [ -x tests/crosscheck/run.sh ]; then run_suite crosscheck tests/crosscheck/run.sh; fi
run_suite fuzz bash scripts/fuzz.sh
apt_ensure tmux tmux
run_suite cli-tty timeout 300 bash tests/cli/watch-tmux.sh

build_ffi
run_suite surface bash -c "python3 scripts/check-bindings-surface.py --self-test &&
  python3 scripts/check-bindings-surface.py '$BINDINGS_DIR' && echo 'surface: 2 passed, 0 failed'"
if [ -x python/run-tests.sh ]; then run_suite python python/run-tests.sh; fi
if [ -x android/jvm-tests/run-tests.sh ]; then run_suite kotlin android/jvm-tests/run-tests.sh; fi
if [ -x android/robolectric-tests/run-tests.sh ]; then run_suite android android/robolectric-tests/run-tests.sh; fi
if [ -x ios/run-tests.sh ]; then run_suite swift ios/run-tests.sh; fi
run_suite swift-chroot bash tests/swift/mirror-test.sh
# The server jar (dev.otpkit:otpkit-jvm) installed into ~/.m2 and used by coordinates.
if [ -x jvm/run-tests.sh ]; then run_suite jvm jvm/run-tests.sh; fi
# Every Android ABI and iOS target as a static library, symbols checked (CI profile; the
# shipped-size measurement is `scripts/mobile-libs.sh` without --check, docs/decisions.md 56;
# the iOS simulator targets' std is built on nightly with -Z build-std, decision 63).
run_suite mobile-libs bash scripts/mobile-libs.sh --check

python3 "$ROOT/scripts/summarize.py" "$LOGDIR" "${SUITES[@]}"
