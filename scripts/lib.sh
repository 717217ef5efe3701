# Shared helpers for the build and test scripts. Source it; do not run it.
# Everything here is idempotent: it installs only what is missing.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
BINDINGS_DIR="$TARGET_DIR/bindings"

log() { printf '\n==> %s\n' "$*" >&2; }

# The mobile libraries' one build (scripts/mobile-libs.sh, android/build-aar.sh,
# ios/build-xcframework.sh): this Cargo profile and feature set (OTPKIT_FEATURES overrides it).
MOBILE_PROFILE=mobile
MOBILE_FEATURES="${OTPKIT_FEATURES:-storage,import,receiver,server}"

_apt_updated=0
# apt_ensure CMD_OR_FILE PACKAGE...: installs the Debian packages when the command/file is missing.
apt_ensure() {
  local probe="$1"; shift
  if command -v "$probe" >/dev/null 2>&1 || [ -e "$probe" ]; then return 0; fi
  log "installing $* (apt)"
  if [ "$_apt_updated" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    _apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# The release cdylib/staticlib used by every binding test, and generated bindings for it.
# The JVM runners' prelude: Java 17 and Maven installed, and the host FFI library with its
# generated Kotlin binding built when either is missing or the binding is older than the library.
# Sets FFI_LIB to the library's path.
ensure_kotlin_ffi() {
  apt_ensure java openjdk-17-jdk-headless
  apt_ensure mvn maven
  FFI_LIB="$TARGET_DIR/release/libotpkit_ffi.so"
  [ "$(uname -s)" = Darwin ] && FFI_LIB="$TARGET_DIR/release/libotpkit_ffi.dylib"
  local generated="$BINDINGS_DIR/kotlin/dev/otpkit/otpkit_ffi.kt"
  if [ ! -f "$FFI_LIB" ] || [ ! -f "$generated" ] || [ "$FFI_LIB" -nt "$generated" ]; then
    (cd "$ROOT" && build_ffi)
  fi
}

build_ffi() {
  log "building the FFI library (release)"
  cargo build --release -p otpkit-ffi --locked
  log "generating Kotlin, Swift and Python bindings (library mode)"
  cargo build -p otpkit-bindgen --locked
  local lib="$TARGET_DIR/release/libotpkit_ffi.so"
  for lang in kotlin swift python; do
    rm -rf "$BINDINGS_DIR/$lang"
    "$TARGET_DIR/debug/uniffi-bindgen" generate --library "$lib" --language "$lang" \
      --config "$ROOT/bindings/uniffi.toml" --out-dir "$BINDINGS_DIR/$lang" --no-format >/dev/null
    if [ -z "$(ls -A "$BINDINGS_DIR/$lang" 2>/dev/null)" ]; then
      echo "uniffi-bindgen generated no $lang code from $lib (stripped library?)" >&2
      return 1
    fi
  done
}
