#!/usr/bin/env bash
# The main job: builds the release CLI and the FFI library, generates the Kotlin/Swift bindings,
# and builds the Python wheels an index accepts (python/build-wheel.sh all: abi3 for CPython
# >= 3.9, manylinux2014 x86_64 and aarch64, musllinux_1_2 x86_64, linked by zig), checks each
# wheel's tags (scripts/check-wheels.py; `auditwheel show` for the x86_64 manylinux one) and
# prints their sizes. Artifacts land under target/.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
log "building the otpkit CLI (release)"
cargo build --release -p otpkit-cli --locked
build_ffi
mkdir -p "$TARGET_DIR/dist"
strip --strip-all -o "$TARGET_DIR/dist/libotpkit_ffi.so" "$TARGET_DIR/release/libotpkit_ffi.so"
strip --strip-all -o "$TARGET_DIR/dist/otpkit" "$TARGET_DIR/release/otpkit"
mapfile -t WHEELS < <(python/build-wheel.sh all)
log "checking the wheels' tags"
"$TARGET_DIR/py-venv/bin/python" scripts/check-wheels.py "${WHEELS[@]}"
"$TARGET_DIR/py-venv/bin/auditwheel" show "${WHEELS[0]}"
log "done"
echo "Stripped:  $TARGET_DIR/dist/libotpkit_ffi.so ($(stat -c %s "$TARGET_DIR/dist/libotpkit_ffi.so") bytes), $TARGET_DIR/dist/otpkit"
echo "CLI:       $TARGET_DIR/release/otpkit"
echo "Library:   $TARGET_DIR/release/libotpkit_ffi.so (+ .a)"
echo "Bindings:  $BINDINGS_DIR/{kotlin,swift}"
for w in "${WHEELS[@]}"; do echo "Wheel:     $w ($(stat -c %s "$w") bytes)"; done
