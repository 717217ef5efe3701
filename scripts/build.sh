#!/usr/bin/env bash
# The main job: builds the release CLI and the FFI library, generates the Kotlin/Swift/Python
# bindings, and builds the Python wheel. Artifacts land under target/.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
log "building the otpkit CLI (release)"
cargo build --release -p otpkit-cli --locked
build_ffi
mkdir -p "$TARGET_DIR/dist"
strip --strip-all -o "$TARGET_DIR/dist/libotpkit_ffi.so" "$TARGET_DIR/release/libotpkit_ffi.so"
strip --strip-all -o "$TARGET_DIR/dist/otpkit" "$TARGET_DIR/release/otpkit"
if [ -x python/build-wheel.sh ]; then python/build-wheel.sh; fi
log "done"
echo "Stripped:  $TARGET_DIR/dist/libotpkit_ffi.so ($(stat -c %s "$TARGET_DIR/dist/libotpkit_ffi.so") bytes), $TARGET_DIR/dist/otpkit"
echo "CLI:       $TARGET_DIR/release/otpkit"
echo "Library:   $TARGET_DIR/release/libotpkit_ffi.so (+ .a)"
echo "Bindings:  $BINDINGS_DIR/{kotlin,swift,python}"
ls "$TARGET_DIR"/wheels/*.whl 2>/dev/null | sed 's/^/Wheel:     /' || true
