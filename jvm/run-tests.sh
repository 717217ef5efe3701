#!/usr/bin/env bash
# Builds and installs the server artifact dev.otpkit:otpkit-jvm (jvm/otpkit-jvm: the generated
# Kotlin binding + the host library under JNA's resource path linux-x86-64/) into the local Maven
# repository, then runs jvm/consumer, which depends on it by coordinates only. Builds the library
# and the binding first (scripts/lib.sh build_ffi) when either is missing or stale. Idempotent.
# Surefire's closing "Tests run: ..." line (the consumer's) is what scripts/summarize.py counts.
#
# Environment: OTPKIT_M2_REPO=DIR installs into and resolves from DIR instead of ~/.m2/repository.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../scripts/lib.sh"   # ROOT, TARGET_DIR, BINDINGS_DIR, log, ensure_kotlin_ffi

ensure_kotlin_ffi
lib="$FFI_LIB"

# JNA's layout: <os>-<arch>/<library file>. The release build keeps its symbol table for
# library-mode bindgen; the jar gets a copy without it (dynamic symbols, which JNA uses, stay).
natives="$TARGET_DIR/jvm-natives"
mkdir -p "$natives/linux-x86-64"
strip --strip-unneeded -o "$natives/linux-x86-64/libotpkit_ffi.so" "$lib"

mvn_args=(-B --no-transfer-progress -Dstyle.color=never)
[ -n "${OTPKIT_M2_REPO:-}" ] && mvn_args+=("-Dmaven.repo.local=$OTPKIT_M2_REPO")

log "mvn install dev.otpkit:otpkit-jvm (jvm/otpkit-jvm)"
(cd "$HERE/otpkit-jvm" && mvn "${mvn_args[@]}" -q \
  "-Dotpkit.bindings.dir=$BINDINGS_DIR/kotlin" "-Dotpkit.natives.dir=$natives" clean install)
jar="$HERE/otpkit-jvm/target/otpkit-jvm-0.1.0.jar"
# Listed first, then searched: `unzip | grep -q` under pipefail fails when grep stops reading early.
listing="$(unzip -l "$jar")"
grep -q ' linux-x86-64/libotpkit_ffi.so$' <<<"$listing" \
  || { echo "jvm: $jar lacks linux-x86-64/libotpkit_ffi.so" >&2; exit 1; }
log "packaged: $(awk '$4 ~ /libotpkit_ffi/ { print $4 " (" $1 " bytes)" }' <<<"$listing")"

log "consumer (jvm/consumer, depends on dev.otpkit:otpkit-jvm:0.1.0 by coordinates)"
cd "$HERE/consumer"
exec mvn "${mvn_args[@]}" clean test
