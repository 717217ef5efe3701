#!/usr/bin/env bash
# Builds ios/OtpKitFFI.xcframework (the Rust library otpkit-ffi as static libraries for iOS
# devices, the iOS simulator and macOS, with the uniffi C header and module map) and refreshes the
# generated Swift in ios/Sources, so the OtpKit Swift package builds for Apple platforms.
# macOS only: needs Xcode (xcodebuild, lipo), rustup and cargo (and, for a slice rustup has no
# rust-std for, a nightly toolchain: rustup toolchain install nightly).
#
#   ios/build-xcframework.sh              build everything, then `swift build` the package (macOS)
#   ios/build-xcframework.sh --no-check   skip the final `swift build`
#
# Steps:
#   1-2. scripts/mobile-libs.sh --no-verify TARGETS (aarch64-apple-ios, aarch64-apple-ios-sim,
#      x86_64-apple-ios, aarch64-apple-darwin, x86_64-apple-darwin): it adds each rustup target
#      (no-op when installed) and, for a target rustup has no rust-std for, builds its standard
#      library from source on the nightly toolchain (`-Z build-std`, rust-src added when missing;
#      docs/decisions.md 63); then the staticlib with the `mobile` profile (fat LTO, opt-level z)
#      and the mobile feature set: the same builds, cached in the same place
#      ($CARGO_TARGET_DIR/<target>/mobile/), that `scripts/mobile-libs.sh` measures and CI checks
#      with `--check`; deployment targets match Package.swift (iOS 13, macOS 10.15)
#   3. lipo: the two simulator slices into one archive, the two macOS slices into one
#   4. Swift bindings with our uniffi-bindgen (bindings/bindgen, library mode, bindings/uniffi.toml)
#      from the host's macOS slice -> target/apple/bindings/swift, copied into ios/Sources
#      (ios/copy-bindings.sh)
#   5. headers dir target/apple/headers/otpkit_ffiFFI/{otpkit_ffiFFI.h, module.modulemap}; the
#      module-named subdirectory keeps this module.modulemap from colliding with other
#      XCFrameworks' in an app's build (clang finds <include dir>/<Module>/module.modulemap)
#   6. xcodebuild -create-xcframework -library ... -headers ... -output ios/OtpKitFFI.xcframework
#
# Package.swift then uses the XCFramework as binaryTarget "OtpKitFFI" on Apple platforms (it is
# picked automatically when the directory exists; OTPKIT_FFI=xcframework|static forces a choice).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../scripts/lib.sh"   # ROOT, TARGET_DIR, log

CHECK=1
for arg in "$@"; do
  case "$arg" in
    --no-check) CHECK=0 ;;
    -h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) echo "build-xcframework: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

if [ "$(uname -s)" != Darwin ]; then
  echo "build-xcframework: needs macOS with Xcode (xcodebuild, lipo); on Linux use ios/run-tests.sh" >&2
  exit 1
fi
for tool in xcodebuild lipo rustup cargo; do
  command -v "$tool" >/dev/null 2>&1 || { echo "build-xcframework: '$tool' not found" >&2; exit 1; }
done

CRATE=otpkit-ffi
LIBNAME=libotpkit_ffi.a
MODULE=otpkit_ffiFFI                      # ffi_module_name in bindings/uniffi.toml
XCFRAMEWORK="$HERE/OtpKitFFI.xcframework" # the binaryTarget path in Package.swift
OUT="$TARGET_DIR/apple"

IOS_DEVICE=(aarch64-apple-ios)
IOS_SIMULATOR=(aarch64-apple-ios-sim x86_64-apple-ios)
MACOS=(aarch64-apple-darwin x86_64-apple-darwin)
TARGETS=("${IOS_DEVICE[@]}" "${IOS_SIMULATOR[@]}" "${MACOS[@]}")

# Keep in step with `platforms:` in Package.swift, so the objects' minimum OS versions match.
export IPHONEOS_DEPLOYMENT_TARGET="${IPHONEOS_DEPLOYMENT_TARGET:-13.0}"
export MACOSX_DEPLOYMENT_TARGET="${MACOSX_DEPLOYMENT_TARGET:-10.15}"

cd "$ROOT"

# rustup targets (or build-std on nightly where rustup has no rust-std) are mobile-libs.sh's job;
# OTPKIT_MOBILE_REQUIRE_ALL: a slice that can be built neither way stops here, not at lipo.
log "static libraries of $CRATE for ${TARGETS[*]} (scripts/mobile-libs.sh, mobile profile)"
OTPKIT_MOBILE_REQUIRE_ALL=1 "$ROOT/scripts/mobile-libs.sh" --no-verify "${TARGETS[@]}"

lib_of() { printf '%s/%s/mobile/%s' "$TARGET_DIR" "$1" "$LIBNAME"; }

rm -rf "$OUT/libs" "$OUT/headers" "$OUT/bindings"
mkdir -p "$OUT/libs/ios" "$OUT/libs/ios-simulator" "$OUT/libs/macos"

log "lipo: ios (device), ios-simulator (arm64 + x86_64), macos (arm64 + x86_64)"
cp "$(lib_of "${IOS_DEVICE[0]}")" "$OUT/libs/ios/$LIBNAME"
sim_libs=()
for t in "${IOS_SIMULATOR[@]}"; do sim_libs+=("$(lib_of "$t")"); done
lipo -create "${sim_libs[@]}" -output "$OUT/libs/ios-simulator/$LIBNAME"
mac_libs=()
for t in "${MACOS[@]}"; do mac_libs+=("$(lib_of "$t")"); done
lipo -create "${mac_libs[@]}" -output "$OUT/libs/macos/$LIBNAME"
for d in ios ios-simulator macos; do
  lipo -info "$OUT/libs/$d/$LIBNAME" >&2
done

log "generating the Swift binding (uniffi-bindgen, library mode)"
cargo build -p otpkit-bindgen --locked   # host tool: $TARGET_DIR/debug/uniffi-bindgen
case "$(uname -m)" in
  arm64 | aarch64) host_slice=aarch64-apple-darwin ;;
  *) host_slice=x86_64-apple-darwin ;;
esac
# The metadata is the same in every slice; read it from a single-architecture archive (the
# release profile keeps symbols, which library mode needs).
"$TARGET_DIR/debug/uniffi-bindgen" generate --library "$(lib_of "$host_slice")" --language swift \
  --config "$ROOT/bindings/uniffi.toml" --out-dir "$OUT/bindings/swift" --no-format >/dev/null
for f in OtpKit.swift "$MODULE.h" "$MODULE.modulemap"; do
  if [ ! -s "$OUT/bindings/swift/$f" ]; then
    echo "build-xcframework: uniffi-bindgen did not generate $f (stripped library?)" >&2
    exit 1
  fi
done
"$HERE/copy-bindings.sh" "$OUT/bindings/swift"
log "every symbol the Swift binding calls is in every slice (scripts/mobile-libs.sh, cached builds)"
OTPKIT_MOBILE_REQUIRE_ALL=1 "$ROOT/scripts/mobile-libs.sh" --bindings "$OUT/bindings/swift" "${TARGETS[@]}"

log "headers: $OUT/headers/$MODULE/{$MODULE.h, module.modulemap}"
mkdir -p "$OUT/headers/$MODULE"
# The same (patched) header the Linux build uses; see copy-bindings.sh.
cp "$HERE/Sources/otpkit_ffiFFI/$MODULE.h" "$OUT/headers/$MODULE/$MODULE.h"
cp "$OUT/bindings/swift/$MODULE.modulemap" "$OUT/headers/$MODULE/module.modulemap"

log "xcodebuild -create-xcframework -> $XCFRAMEWORK"
rm -rf "$XCFRAMEWORK"
xcodebuild -create-xcframework \
  -library "$OUT/libs/ios/$LIBNAME" -headers "$OUT/headers" \
  -library "$OUT/libs/ios-simulator/$LIBNAME" -headers "$OUT/headers" \
  -library "$OUT/libs/macos/$LIBNAME" -headers "$OUT/headers" \
  -output "$XCFRAMEWORK"

if [ "$CHECK" = 1 ]; then
  log "swift build --package-path ios (macOS, linking the XCFramework)"
  OTPKIT_FFI=xcframework swift build --package-path "$HERE"
fi

log "done: $XCFRAMEWORK"
echo "iOS build check: cd ios && xcodebuild -scheme OtpKit -destination 'generic/platform=iOS Simulator' build" >&2
