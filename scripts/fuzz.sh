#!/usr/bin/env bash
# Runs the cargo-fuzz targets of fuzz/ for a fixed time budget each (docs/fuzzing.md).
#
#   bash scripts/fuzz.sh                          # every target, 20 s each (the test suite)
#   FUZZ_SECONDS=600 bash scripts/fuzz.sh uri_parse migration_batch   # a longer run of some
#
# FUZZ_SECONDS: budget per target (default 20). FUZZ_JOBS: targets run at once (default: the
# number of cores; each libFuzzer process uses one). Installs cargo-fuzz on the nightly toolchain
# if missing, builds all targets once (release, debug assertions and overflow checks on, no
# sanitizer: the core forbids unsafe code), generates the seeds (fuzz/make_seeds.py) and copies
# them into the corpus cached under target/fuzz-corpus/<target>, then fuzzes. Prints each
# target's executions and executions per second; exits non-zero on any crash, panic, timeout or
# out-of-memory, printing the input that caused it (saved under target/fuzz-artifacts/<target>/).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

SECONDS_PER_TARGET="${FUZZ_SECONDS:-20}"
JOBS="${FUZZ_JOBS:-$(nproc)}"
BUILD_DIR="$TARGET_DIR/fuzz-build"
SEED_DIR="$TARGET_DIR/fuzz-seeds"
CORPUS_DIR="$TARGET_DIR/fuzz-corpus"
ARTIFACT_DIR="$TARGET_DIR/fuzz-artifacts"
LOG_DIR="$TARGET_DIR/fuzz-logs"

# Longest input per target (bytes): room for the largest seed, small enough to stay fast.
max_len() {
  case "$1" in
    import_*) echo 8192 ;;
    vault_*|migration_batch) echo 4096 ;;
    sms_extract) echo 2048 ;;
    *) echo 1024 ;;
  esac
}

ALL_TARGETS=()
while read -r t; do ALL_TARGETS+=("$t"); done < <(
  sed -n '/^\[\[bin\]\]/,/^name/ s/^name = "\(.*\)"/\1/p' fuzz/Cargo.toml)
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=("${ALL_TARGETS[@]}")
for t in "${TARGETS[@]}"; do
  if [[ ! " ${ALL_TARGETS[*]} " == *" $t "* ]]; then
    echo "fuzz.sh: unknown target '$t' (targets: ${ALL_TARGETS[*]})" >&2
    exit 2
  fi
done

if ! rustup toolchain list | grep -q '^nightly'; then
  echo "fuzz.sh: needs the nightly toolchain (rustup toolchain install nightly)" >&2
  exit 1
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  log "installing cargo-fuzz (nightly)"
  cargo +nightly install cargo-fuzz --locked
fi

log "building fuzz targets"
# --codegen-units 16: a quarter of the cold build time on 2 cores for slightly slower runs.
cargo +nightly fuzz build --fuzz-dir fuzz -O -a -s none --codegen-units 16 \
  --target-dir "$BUILD_DIR" >&2
BIN_DIR="$BUILD_DIR/x86_64-unknown-linux-gnu/release"

python3 fuzz/make_seeds.py "$SEED_DIR" >&2

rm -rf "$LOG_DIR"
mkdir -p "$LOG_DIR"
run_target() {
  local t="$1" corpus="$CORPUS_DIR/$1" artifacts="$ARTIFACT_DIR/$1"
  mkdir -p "$corpus" "$artifacts"
  cp "$SEED_DIR/$t"/* "$corpus"/  # content-hash names: recopying is a no-op
  set +e
  "$BIN_DIR/$t" -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=2048 -timeout=10 \
    -max_len="$(max_len "$t")" -print_final_stats=1 -artifact_prefix="$artifacts/" \
    "$corpus" >"$LOG_DIR/$t.log" 2>&1
  echo $? >"$LOG_DIR/$t.rc"
}

log "fuzzing ${#TARGETS[@]} target(s), ${SECONDS_PER_TARGET} s each, $JOBS at a time"
running=0
for t in "${TARGETS[@]}"; do
  if [ "$running" -ge "$JOBS" ]; then
    wait -n || true
    running=$((running - 1))
  fi
  run_target "$t" &
  running=$((running + 1))
done
wait

passed=0 failed=0
printf '%-16s %12s %10s  %s\n' target execs exec/s result
for t in "${TARGETS[@]}"; do
  logf="$LOG_DIR/$t.log"
  rc="$(cat "$LOG_DIR/$t.rc" 2>/dev/null || echo '?')"
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$logf" | tail -1)"
  speed="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$logf" | tail -1)"
  crash="$(grep -v 'slow-unit-' "$logf" | sed -n 's/.*Test unit written to \(.*\)$/\1/p' | tail -1)"
  if [ "$rc" = 0 ] && [ -z "$crash" ]; then
    passed=$((passed + 1))
    printf '%-16s %12s %10s  %s\n' "$t" "${execs:-?}" "${speed:-?}" ok
  else
    failed=$((failed + 1))
    printf '%-16s %12s %10s  %s\n' "$t" "${execs:-?}" "${speed:-?}" "FAILED (exit $rc)"
    echo "--- $t: $(grep -m1 -E '^==[0-9]+== ERROR|panicked at|^thread .* panicked' "$logf" || true)"
    grep -A3 -m1 'panicked at' "$logf" || true
    echo "--- $t: input: ${crash:-none written}; log: $logf"
    echo "--- reproduce: $BIN_DIR/$t ${crash:-<input>}"
  fi
  slow="$(sed -n 's/.*Test unit written to \(.*slow-unit-.*\)$/\1/p' "$logf" | tr '\n' ' ')"
  [ -z "$slow" ] || echo "--- $t: slow input(s) (over 10 s, not failed): $slow"
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" = 0 ]
