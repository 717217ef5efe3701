#!/usr/bin/env bash
# Copies the uniffi-generated Swift binding into the Swift package (all three are gitignored):
#   BINDINGS/OtpKit.swift             -> ios/Sources/OtpKit/OtpKit.swift
#   BINDINGS/otpkit_ffiFFI.h          -> ios/Sources/otpkit_ffiFFI/otpkit_ffiFFI.h (patched, see below)
#   BINDINGS/otpkit_ffiFFI.modulemap  -> ios/Sources/otpkit_ffiFFI/module.modulemap
# BINDINGS is $1, default target/bindings/swift (scripts/lib.sh build_ffi writes it). Files are
# only rewritten when their content changed, so SwiftPM does not recompile for nothing.
# Usage: ios/copy-bindings.sh [BINDINGS_DIR]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SRC="${1:-${CARGO_TARGET_DIR:-$HERE/../target}/bindings/swift}"

for f in OtpKit.swift otpkit_ffiFFI.h otpkit_ffiFFI.modulemap; do
  if [ ! -f "$SRC/$f" ]; then
    echo "copy-bindings: $SRC/$f is missing (run: source scripts/lib.sh && build_ffi)" >&2
    exit 1
  fi
done

# install_if_changed SRC DST
install_if_changed() {
  mkdir -p "$(dirname "$2")"
  if ! cmp -s "$1" "$2"; then
    cp "$1" "$2.tmp.$$"
    mv -f "$2.tmp.$$" "$2"
  fi
}
install_if_changed "$SRC/OtpKit.swift" "$HERE/Sources/OtpKit/OtpKit.swift"

# Clang predefines `unix` as 1 in GNU C mode, which Swift's clang importer uses on Linux, so a
# generated prototype with a parameter named `unix` fails with "expected ')'". The Rust API names
# such parameters `unix_time`; this guard keeps a future `unix` argument from breaking the Linux
# build (parameter names in prototypes are not part of the ABI; Apple targets do not define it).
TMP_H="$(mktemp)"
trap 'rm -f "$TMP_H"' EXIT
{
  echo "// Patched by ios/copy-bindings.sh: clang predefines 'unix' in GNU C mode (Linux);"
  echo "// a parameter named 'unix' would not compile."
  echo '#ifdef unix'
  echo '#undef unix'
  echo '#endif'
  cat "$SRC/otpkit_ffiFFI.h"
} >"$TMP_H"
install_if_changed "$TMP_H" "$HERE/Sources/otpkit_ffiFFI/otpkit_ffiFFI.h"
install_if_changed "$SRC/otpkit_ffiFFI.modulemap" "$HERE/Sources/otpkit_ffiFFI/module.modulemap"
