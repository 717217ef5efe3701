#!/usr/bin/env bash
# Cross-compiles the otpkit-ffi STATIC library (libotpkit_ffi.a) for every Android ABI and iOS
# device/simulator target, checks that each archive exports every uniffi symbol the generated
# bindings call, and prints the stripped size per target (plus, without --check or a target list,
# the x86_64 host cdylib of the same profile and features). No platform SDK is needed: a
# staticlib is not linked, and no C code is in the graph.
#
# The standard library of each target: rustup's rust-std for the stable toolchain where rustup
# has it ("std: rustup"); otherwise (here: aarch64-apple-ios-sim and x86_64-apple-ios, which
# rustup answers with 404) it is compiled from source with the nightly toolchain's rust-src,
# `cargo +nightly rustc -Z build-std=std,panic_unwind` ("std: build-std"; docs/decisions.md 63).
# The script adds rust-src to that toolchain when missing; the toolchain itself must be there.
#
#   scripts/mobile-libs.sh                 the shipped build: `mobile` profile (fat LTO, opt-level z);
#                                          these are the sizes recorded in docs/decisions.md
#   scripts/mobile-libs.sh --check         CI: `mobile-check` profile (mobile at opt-level 0, no LTO, 256 codegen
#                                          units, no debug info): same code, features, targets, symbols;
#                                          sizes not representative (about 5 min CPU for 5 targets)
#   scripts/mobile-libs.sh [opts] TARGET.. only these rust targets (e.g. the macOS slices for
#                                          ios/build-xcframework.sh)
#   --no-verify                            build only (no symbol check, no host cdylib)
#   --bindings DIR                         read the called symbols from DIR (a generated kotlin/ or
#                                          swift/ directory) instead of $BINDINGS_DIR/{kotlin,swift}
#
# Environment: OTPKIT_FEATURES (default storage,import,receiver,server: the mobile set),
# OTPKIT_NIGHTLY (default nightly: the toolchain for build-std targets),
# OTPKIT_MOBILE_REQUIRE_ALL=1 fails when a target can get neither rust-std nor build-std (default:
# the target is reported as "unavailable", not built, not counted as passed).
#
# Idempotent and cached: archives are cargo's, in $CARGO_TARGET_DIR/<target>/<profile>/; stripped
# copies and the size table in $CARGO_TARGET_DIR/mobile-libs/<profile>/. The last line is
# "mobile-libs: N passed, F failed" (one check per target, scripts/summarize.py totals it).
#
# android/build-aar.sh links the Android .so files with the NDK (cargo ndk) and
# ios/build-xcframework.sh packs these archives (docs/decisions.md 56; sizes there).
set -euo pipefail
source "$(dirname "$0")/lib.sh"   # ROOT, TARGET_DIR, BINDINGS_DIR, MOBILE_PROFILE/FEATURES, log, apt_ensure
cd "$ROOT"

PROFILE="$MOBILE_PROFILE"
VERIFY=1
SYMBOL_DIRS=()
TARGETS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --check) PROFILE=mobile-check ;;
    --no-verify) VERIFY=0 ;;
    --bindings) SYMBOL_DIRS+=("${2:?--bindings needs a directory}"); shift ;;
    -h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    -*) echo "mobile-libs: unknown option '$1' (try --help)" >&2; exit 2 ;;
    *) TARGETS+=("$1") ;;
  esac
  shift
done
if [ "${#TARGETS[@]}" = 0 ]; then
  TARGETS=(aarch64-linux-android armv7-linux-androideabi x86_64-linux-android i686-linux-android
    aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios)
  HOST=1
else
  HOST=0
fi
FEATURES="$MOBILE_FEATURES"
OUT="$TARGET_DIR/mobile-libs/$PROFILE"
mkdir -p "$OUT"
# Keep in step with Package.swift / ios/build-xcframework.sh (iOS 13).
export IPHONEOS_DEPLOYMENT_TARGET="${IPHONEOS_DEPLOYMENT_TARGET:-13.0}"

# llvm-nm / llvm-strip / llvm-size read ELF of every architecture and Mach-O alike (on macOS,
# Xcode's nm/strip/size are LLVM's).
if [ "$(uname -s)" = Darwin ]; then
  NM=nm STRIP=strip SIZE=size
else
  apt_ensure llvm-nm llvm
  NM=llvm-nm STRIP=llvm-strip SIZE=llvm-size
fi

# --- the symbols the bindings call -----------------------------------------------------------------
expected="$OUT/expected-symbols.txt"
if [ "$VERIFY" = 1 ]; then
  if [ "${#SYMBOL_DIRS[@]}" = 0 ]; then
    for d in "$BINDINGS_DIR/kotlin" "$BINDINGS_DIR/swift"; do [ -d "$d" ] && SYMBOL_DIRS+=("$d"); done
  fi
  [ "${#SYMBOL_DIRS[@]}" -gt 0 ] \
    || { echo "mobile-libs: no generated bindings under $BINDINGS_DIR (run scripts/lib.sh build_ffi first)" >&2; exit 1; }
  # Every FFI entry point: uniffi_otpkit_ffi_fn_*, _checksum_*, ffi_otpkit_ffi_rustbuffer_*, rust_future_*...
  grep -rhoE '\b(uniffi|ffi)_otpkit_ffi_[A-Za-z0-9_]+' "${SYMBOL_DIRS[@]}" | sort -u >"$expected"
  n_uniffi="$(grep -c '^uniffi_' "$expected" || true)"
  [ "$n_uniffi" -gt 0 ] || { echo "mobile-libs: no uniffi_otpkit_ffi_* symbol found in ${SYMBOL_DIRS[*]}" >&2; exit 1; }
  log "expecting $(wc -l <"$expected") FFI symbols ($n_uniffi uniffi_otpkit_ffi_*) from ${SYMBOL_DIRS[*]}"
fi

# check_symbols LIB KIND: every expected symbol is a defined, external symbol of LIB.
# KIND: archive (global symbols of the members) or dynamic (the .so's dynamic symbol table).
# Mach-O names carry a leading underscore, which is dropped before comparing.
check_symbols() {
  local lib="$1" kind="$2" have missing
  have="$(mktemp)"
  if [ "$kind" = dynamic ]; then
    "$NM" --dynamic --defined-only --extern-only --format=just-symbols "$lib"
  else
    "$NM" --defined-only --extern-only --format=just-symbols "$lib" 2>/dev/null
  fi | sed -n 's/^_\{0,1\}\(\(uniffi\|ffi\)_otpkit_ffi_.*\)$/\1/p' | sort -u >"$have"
  missing="$(comm -23 "$expected" "$have")"
  rm -f "$have"
  if [ -n "$missing" ]; then
    echo "mobile-libs: $lib lacks $(wc -l <<<"$missing") symbol(s) the bindings call:" >&2
    head -n 20 <<<"$missing" | sed 's/^/  /' >&2
    return 1
  fi
}

# in_list WORD LIST...: WORD is one of LIST.
in_list() {
  local w="$1" x; shift
  for x in "$@"; do [ "$x" = "$w" ] && return 0; done
  return 1
}

# --- standard library per target: rustup's rust-std, else build-std on nightly --------------------
NIGHTLY="${OTPKIT_NIGHTLY:-nightly}"
nightly_ready=""   # "", yes or no: whether $NIGHTLY with rust-src is usable (checked once)
# ensure_build_std: the nightly toolchain is installed and has rust-src (added when missing).
ensure_build_std() {
  if [ -z "$nightly_ready" ]; then
    nightly_ready=no
    if ! rustup run "$NIGHTLY" rustc --version >/dev/null 2>&1; then
      echo "mobile-libs: no '$NIGHTLY' toolchain for build-std (rustup toolchain install $NIGHTLY)" >&2
    elif rustup +"$NIGHTLY" component list --installed 2>/dev/null | grep -qx 'rust-src'; then
      nightly_ready=yes
    else
      log "rustup +$NIGHTLY component add rust-src"
      rustup +"$NIGHTLY" component add rust-src >&2 && nightly_ready=yes
    fi
  fi
  [ "$nightly_ready" = yes ]
}

installed="$(rustup target list --installed)"
unavailable=()
build_std=()
for t in "${TARGETS[@]}"; do
  grep -qx "$t" <<<"$installed" && continue
  log "rustup target add $t"
  if add_out="$(rustup target add "$t" 2>&1)"; then
    printf '%s\n' "$add_out" >&2
    continue
  fi
  # rustup's first error line and its cause (not the whole backtrace).
  grep -m2 -E '^error:|status code' <<<"$add_out" | sed 's/^/  rustup: /' >&2 || true
  if ensure_build_std; then
    log "$t: no rust-std from rustup; its std is built from source ($NIGHTLY, -Z build-std)"
    build_std+=("$t")
    continue
  fi
  if [ "${OTPKIT_MOBILE_REQUIRE_ALL:-0}" = 1 ]; then
    echo "mobile-libs: neither rust-std nor build-std ($NIGHTLY + rust-src) for $t" >&2
    exit 1
  fi
  unavailable+=("$t")
done
# std_of TARGET: how the target's standard library comes (for the output).
std_of() {
  if in_list "$1" "${build_std[@]}"; then
    echo "std: build-std ($(rustc +"$NIGHTLY" --version | cut -d' ' -f2-))"
  else
    echo "std: rustup"
  fi
}

# --- build, verify, strip ------------------------------------------------------------------------
passed=0
failed=0
table=()
start_all=$SECONDS
built=()
for t in "${TARGETS[@]}"; do
  in_list "$t" "${unavailable[@]}" || built+=("$t")
done
# One cargo invocation per target (cargo passes --crate-type to one target at a time).
failed_builds=()
for t in "${built[@]}"; do
  toolchain=() zflags=()
  if in_list "$t" "${build_std[@]}"; then
    # panic_unwind: the profiles unwind (release: panic = "unwind").
    toolchain=(+"$NIGHTLY") zflags=(-Z "build-std=std,panic_unwind")
  fi
  log "cargo ${toolchain[*]} rustc ${zflags[*]} --crate-type staticlib --profile $PROFILE --target $t (features $FEATURES)"
  cargo "${toolchain[@]}" rustc "${zflags[@]}" --profile "$PROFILE" -p otpkit-ffi --lib \
    --crate-type staticlib --locked --no-default-features --features "$FEATURES" --target "$t" >&2 \
    || failed_builds+=("$t")
done
build_secs=$((SECONDS - start_all))
if [ "$VERIFY" = 0 ]; then
  # Build only (ios/build-xcframework.sh packs $TARGET_DIR/<target>/$PROFILE/libotpkit_ffi.a).
  [ "${#failed_builds[@]}" = 0 ] || { echo "mobile-libs: cargo failed for ${failed_builds[*]}" >&2; exit 1; }
  [ "${#unavailable[@]}" = 0 ] || { echo "mobile-libs: no rust-std nor build-std for ${unavailable[*]}" >&2; exit 1; }
  echo "mobile-libs: built ${built[*]} ($PROFILE) in $build_secs s${build_std:+; std built from source (nightly -Z build-std) for ${build_std[*]}}"
  exit 0
fi
for t in "${TARGETS[@]}"; do
  if ! in_list "$t" "${built[@]}"; then
    table+=("$(printf '%-26s %s' "$t" "UNAVAILABLE: no rust-std from rustup and no $NIGHTLY with rust-src for build-std (not built)")")
    continue
  fi
  if in_list "$t" "${failed_builds[@]}"; then
    table+=("$(printf '%-26s %s' "$t" "FAILED to build ($(std_of "$t"))")")
    failed=$((failed + 1))
    continue
  fi
  lib="$TARGET_DIR/$t/$PROFILE/libotpkit_ffi.a"
  if [ "$VERIFY" = 1 ] && ! check_symbols "$lib" archive; then
    table+=("$(printf '%-26s %s' "$t" "FAILED: missing symbols")")
    failed=$((failed + 1))
    continue
  fi
  mkdir -p "$OUT/$t"
  # Debug info off; the symbol table stays (an archive without it cannot be linked).
  "$STRIP" --strip-debug -o "$OUT/$t/libotpkit_ffi.a" "$lib"
  bytes="$(wc -c <"$OUT/$t/libotpkit_ffi.a" | tr -d ' ')"
  # Code = the executable sections of all members (what a linker can keep at most).
  code="$("$SIZE" --format=sysv "$OUT/$t/libotpkit_ffi.a" 2>/dev/null \
    | awk '$1 ~ /^(\.text|__text)/ { s += $2 } END { print s + 0 }')"
  table+=("$(printf '%-26s %10d bytes stripped-debug archive  %10d bytes code  %s' "$t" "$bytes" "$code" "$(std_of "$t")")")
  passed=$((passed + 1))
done

# The x86_64 host shared library with the same profile and features, for the size table. Not in
# --check: CI already builds and tests the host library (scripts/lib.sh build_ffi).
if [ "$VERIFY" = 1 ] && [ "$HOST" = 1 ] && [ "$PROFILE" = mobile ]; then
  t=x86_64-unknown-linux-gnu
  log "cargo rustc --crate-type cdylib --profile $PROFILE (host $t)"
  start=$SECONDS
  if cargo rustc --profile "$PROFILE" -p otpkit-ffi --lib --crate-type cdylib --locked \
    --no-default-features --features "$FEATURES" >&2 \
    && check_symbols "$TARGET_DIR/$PROFILE/libotpkit_ffi.so" dynamic; then
    mkdir -p "$OUT/host"
    strip --strip-all -o "$OUT/host/libotpkit_ffi.so" "$TARGET_DIR/$PROFILE/libotpkit_ffi.so"
    bytes="$(wc -c <"$OUT/host/libotpkit_ffi.so" | tr -d ' ')"
    table+=("$(printf '%-26s %10d bytes stripped cdylib (.so)  (%d s)' "$t" "$bytes" "$((SECONDS - start))")")
    passed=$((passed + 1))
  else
    table+=("$(printf '%-26s %s' "$t" "FAILED (cdylib build or dynamic symbols)")")
    failed=$((failed + 1))
  fi
fi

{
  echo "profile $PROFILE, features $FEATURES, $(rustc --version)${build_std:+; build-std targets: $(rustc +"$NIGHTLY" --version)}"
  printf '%s\n' "${table[@]}"
  echo "build $build_secs s, total $((SECONDS - start_all)) s"
} | tee "$OUT/sizes.txt"
if [ "${#unavailable[@]}" -gt 0 ]; then
  echo "mobile-libs: not built here (no rust-std from rustup, no build-std): ${unavailable[*]}"
fi
echo "mobile-libs: $passed passed, $failed failed"
[ "$failed" = 0 ]
