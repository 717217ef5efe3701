#!/usr/bin/env bash
# Builds the otpkit Android library (AAR):
#   1. cross-compiles libotpkit_ffi.so for arm64-v8a, armeabi-v7a, x86_64 and x86 with cargo-ndk
#      (the NDK's linker) and copies it into android/otpkit/src/main/jniLibs/<abi>/. The build is
#      the one scripts/mobile-libs.sh measures and CI checks: Cargo profile `mobile` (fat LTO,
#      opt-level z) and the mobile feature set (scripts/lib.sh MOBILE_PROFILE/MOBILE_FEATURES),
#      same targets and target dir, so the dependencies' artifacts in
#      $CARGO_TARGET_DIR/<triple>/mobile/ are shared; only otpkit-ffi's final crate type differs
#      (cdylib here, staticlib there), and the 16 KB page-size link argument is given to that
#      crate alone (`cargo rustc -- -C link-arg=...`) so it does not change the others' flags.
#   2. generates the Kotlin binding with the workspace's own uniffi-bindgen (scripts/lib.sh
#      build_ffi: library mode, from the host build of the same crate) into <target>/bindings/kotlin,
#   3. runs ./gradlew :otpkit:assembleRelease -> android/otpkit/build/outputs/aar/otpkit-release.aar.
#
# Prerequisites (see android/README.md): rustup, an Android NDK (ANDROID_NDK_HOME), the Android SDK
# (ANDROID_HOME or android/local.properties) with platform 35, and JDK 17. cargo-ndk and the four
# Rust targets are installed when missing. Idempotent.
#
# Environment:
#   OTPKIT_ABIS   space-separated subset of ABIs to build (default: all four)
#   OTPKIT_FEATURES  the feature set (default: the mobile set, as scripts/mobile-libs.sh)
#   GRADLE_ARGS   extra arguments for Gradle (e.g. "--offline --info")
set -euo pipefail
ANDROID_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$ANDROID_DIR/../scripts/lib.sh"   # ROOT, TARGET_DIR, BINDINGS_DIR, MOBILE_*, log, build_ffi
cd "$ROOT"

MIN_SDK=23
GRADLE_VERSION=8.11.1
ABIS=(${OTPKIT_ABIS:-arm64-v8a armeabi-v7a x86_64 x86})
JNILIBS="$ANDROID_DIR/otpkit/src/main/jniLibs"

die() { echo "build-aar: $*" >&2; exit 1; }

rust_target() {
  case "$1" in
    arm64-v8a) echo aarch64-linux-android ;;
    armeabi-v7a) echo armv7-linux-androideabi ;;
    x86_64) echo x86_64-linux-android ;;
    x86) echo i686-linux-android ;;
    *) return 1 ;;
  esac
}

# --- prerequisites -------------------------------------------------------------------------------
if [ -z "${ANDROID_NDK_HOME:-}" ]; then
  # cargo-ndk also honours ANDROID_NDK_ROOT; fall back to the newest NDK inside the SDK.
  if [ -n "${ANDROID_NDK_ROOT:-}" ]; then
    export ANDROID_NDK_HOME="$ANDROID_NDK_ROOT"
  elif sdk="${ANDROID_HOME:-${ANDROID_SDK_ROOT:-}}"; [ -n "$sdk" ] && [ -d "$sdk/ndk" ]; then
    ANDROID_NDK_HOME="$(ls -d "$sdk"/ndk/*/ 2>/dev/null | sort -V | tail -n1)"
    export ANDROID_NDK_HOME="${ANDROID_NDK_HOME%/}"
  fi
fi
[ -n "${ANDROID_NDK_HOME:-}" ] && [ -d "$ANDROID_NDK_HOME" ] \
  || die "set ANDROID_NDK_HOME to an Android NDK (r26 or newer), e.g. \$ANDROID_HOME/ndk/27.2.12479018"
if [ -z "${ANDROID_HOME:-${ANDROID_SDK_ROOT:-}}" ] && ! grep -qs '^sdk.dir=' "$ANDROID_DIR/local.properties"; then
  die "set ANDROID_HOME to the Android SDK (or write sdk.dir=... to android/local.properties)"
fi
command -v java >/dev/null || die "JDK 17 is required (java not found)"
java_major="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
[ "${java_major%%.*}" -ge 17 ] 2>/dev/null || die "JDK 17 or newer is required (found ${java_major:-unknown})"

if ! command -v cargo-ndk >/dev/null 2>&1; then
  log "installing cargo-ndk"
  cargo install cargo-ndk --locked
fi
targets=()
for abi in "${ABIS[@]}"; do
  t="$(rust_target "$abi")" || die "unknown ABI '$abi' (expected arm64-v8a, armeabi-v7a, x86_64 or x86)"
  targets+=("$t")
done
installed="$(rustup target list --installed)"
for t in "${targets[@]}"; do
  grep -qx "$t" <<<"$installed" || { log "rustup target add $t"; rustup target add "$t"; }
done

# --- 1. native libraries -------------------------------------------------------------------------
log "cross-compiling libotpkit_ffi.so for ${ABIS[*]} (cargo ndk, API $MIN_SDK, profile $MOBILE_PROFILE, features $MOBILE_FEATURES)"
for i in "${!ABIS[@]}"; do
  abi="${ABIS[$i]}" t="${targets[$i]}"
  rm -f "$JNILIBS/$abi/libotpkit_ffi.so"
  # One ABI per call: `cargo rustc` takes one target. 16 KB page alignment (required for 64-bit
  # apps on Android 15+ devices; harmless elsewhere) for the linked crate only.
  cargo ndk -t "$abi" -P "$MIN_SDK" rustc --profile "$MOBILE_PROFILE" -p otpkit-ffi --lib \
    --crate-type cdylib --locked --no-default-features --features "$MOBILE_FEATURES" \
    -- -C link-arg=-Wl,-z,max-page-size=16384
  so="$TARGET_DIR/$t/$MOBILE_PROFILE/libotpkit_ffi.so"
  [ -f "$so" ] || die "cargo ndk did not produce $so"
  mkdir -p "$JNILIBS/$abi"
  cp "$so" "$JNILIBS/$abi/libotpkit_ffi.so"
done
# The mobile profile keeps the symbol table (as release: library-mode bindgen reads it); the AAR
# does not need it. Dynamic symbols, which JNA resolves, are kept.
llvm_strip="$(ls "$ANDROID_NDK_HOME"/toolchains/llvm/prebuilt/*/bin/llvm-strip 2>/dev/null | head -n1 || true)"
if [ -n "$llvm_strip" ]; then
  for abi in "${ABIS[@]}"; do "$llvm_strip" --strip-unneeded "$JNILIBS/$abi/libotpkit_ffi.so"; done
else
  echo "build-aar: llvm-strip not found in the NDK; packaging unstripped libraries" >&2
fi

# --- 2. Kotlin binding ---------------------------------------------------------------------------
# Library mode reads the uniffi metadata from a built library: scripts/lib.sh build_ffi builds the
# host library of the same crate (same metadata as the Android builds) and generates the bindings
# with the workspace's own bindgen into $BINDINGS_DIR/{kotlin,swift}.
log "generating the Kotlin binding (scripts/lib.sh build_ffi)"
build_ffi
[ -f "$BINDINGS_DIR/kotlin/dev/otpkit/otpkit_ffi.kt" ] || die "bindgen did not write dev/otpkit/otpkit_ffi.kt"

# --- 3. AAR --------------------------------------------------------------------------------------
cd "$ANDROID_DIR"
if [ ! -x ./gradlew ]; then
  # The wrapper's jar is a binary we do not commit; create it once with any local Gradle.
  command -v gradle >/dev/null \
    || die "no ./gradlew and no gradle on PATH: install Gradle once (any 8.x) or run 'gradle wrapper' in android/"
  log "creating the Gradle wrapper ($GRADLE_VERSION)"
  gradle wrapper --gradle-version "$GRADLE_VERSION" --distribution-type bin
fi
abis_csv="$(IFS=,; echo "${ABIS[*]}")"
log "assembling the AAR (gradle :otpkit:assembleRelease)"
# shellcheck disable=SC2086
./gradlew --no-daemon :otpkit:assembleRelease \
  "-Potpkit.bindingsDir=$BINDINGS_DIR/kotlin" "-Potpkit.abis=$abis_csv" ${GRADLE_ARGS:-}
aar="$ANDROID_DIR/otpkit/build/outputs/aar/otpkit-release.aar"
[ -f "$aar" ] || die "gradle finished but $aar is missing"
log "built $aar"
