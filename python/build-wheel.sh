#!/usr/bin/env bash
# Builds `otpkit` Python wheels (abi3, CPython >= 3.9) that a package index accepts, into
# target/wheels/, with maturin and zig as the linker (`maturin build --zig`): the PyO3 crate in
# python/ (module otpkit._native) plus the pure-Python package python/otpkit/ (stubs, py.typed).
#
#   python/build-wheel.sh [PLATFORM...]     PLATFORM: manylinux-x86_64 (the default),
#                                           manylinux-aarch64, musllinux-x86_64, or all
#
#   manylinux-x86_64   cp39-abi3-manylinux_2_17_x86_64.manylinux2014_x86_64  (glibc >= 2.17)
#   manylinux-aarch64  cp39-abi3-manylinux_2_17_aarch64.manylinux2014_aarch64 (cross-compiled)
#   musllinux-x86_64   cp39-abi3-musllinux_1_2_x86_64                         (Alpine, musl >= 1.2)
#
# zig links against the oldest glibc the tag promises (2.17), so the manylinux tag is true by
# construction; maturin's own audit refuses a wheel that needs a newer symbol or links a library
# outside the manylinux set. Uses (and creates if needed) the build venv target/py-venv with the
# pinned build requirements (maturin, ziglang, auditwheel), installed only when missing; the
# Rust targets are added with rustup only when missing. Idempotent; cargo's cache makes a rebuild
# cheap.
#
# OTPKIT_WHEEL_PROFILE=dev builds unoptimised wheels (fast, for iterating on the binding); the
# default is the release profile. Prints each wheel's path on stdout, one per line.
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"
cd "$ROOT"

VENV="$TARGET_DIR/py-venv"
WHEELS="$TARGET_DIR/wheels"
PROFILE="${OTPKIT_WHEEL_PROFILE:-release}"

platforms=("$@")
[ ${#platforms[@]} -gt 0 ] || platforms=(manylinux-x86_64)
if [ "${platforms[*]}" = all ]; then platforms=(manylinux-x86_64 manylinux-aarch64 musllinux-x86_64); fi

# platform -> (Rust target, maturin --compatibility, glob of the wheel's platform tag)
wheel_spec() {
  case "$1" in
    manylinux-x86_64) echo "x86_64-unknown-linux-gnu manylinux2014 manylinux*_x86_64" ;;
    manylinux-aarch64) echo "aarch64-unknown-linux-gnu manylinux2014 manylinux*_aarch64" ;;
    musllinux-x86_64) echo "x86_64-unknown-linux-musl musllinux_1_2 musllinux_1_2_x86_64" ;;
    *) echo "build-wheel.sh: unknown platform '$1' (manylinux-x86_64, manylinux-aarch64, musllinux-x86_64, all)" >&2
       return 1 ;;
  esac
}
for p in "${platforms[@]}"; do wheel_spec "$p" >/dev/null; done

# The venv is created once; Debian's python3 needs python3-venv (ensurepip) for that.
if [ ! -x "$VENV/bin/python" ]; then
  if ! python3 -c 'import ensurepip' >/dev/null 2>&1; then
    apt_ensure "/usr/lib/python$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')/ensurepip" python3-venv
  fi
  log "creating the Python build venv ($VENV)"
  python3 -m venv "$VENV"
fi
PY="$VENV/bin/python"
if ! "$PY" "$ROOT/python/check_requirements.py" "$ROOT/python/requirements-build.txt"; then
  log "installing $(grep -v '^#' "$ROOT/python/requirements-build.txt" | tr '\n' ' ')(pip)"
  "$PY" -m pip install -q --disable-pip-version-check -r "$ROOT/python/requirements-build.txt"
fi
# maturin finds zig as `python3 -m ziglang` (the pinned ziglang package) on PATH.
export PATH="$VENV/bin:$PATH"

VERSION="$(sed -n '/^\[workspace.package\]/,/^\[/s/^version *= *"\(.*\)"/\1/p' "$ROOT/Cargo.toml" | head -n1)"
[ -n "$VERSION" ] || { echo "build-wheel.sh: no workspace version in Cargo.toml" >&2; exit 1; }
mkdir -p "$WHEELS"

for p in "${platforms[@]}"; do
  read -r triple compat tags <<<"$(wheel_spec "$p")"
  if command -v rustup >/dev/null 2>&1 && ! rustup target list --installed | grep -qx "$triple"; then
    log "adding the Rust target $triple (rustup)"
    rustup target add "$triple" >&2
  fi
  pattern="$WHEELS/otpkit-$VERSION-cp39-abi3-$tags.whl"
  rm -f $pattern
  log "building the otpkit $VERSION wheel for $p (maturin --zig, $triple, $compat, profile $PROFILE)"
  # abi3: no interpreter is needed (PyO3 links no libpython and targets the stable ABI of 3.9).
  "$VENV/bin/maturin" build --quiet --zig --profile "$PROFILE" --manifest-path "$ROOT/python/Cargo.toml" \
    --target "$triple" --compatibility "$compat" --out "$WHEELS" >&2
  wheel="$(ls $pattern 2>/dev/null || true)"
  [ -n "$wheel" ] && [ -f "$wheel" ] || { echo "build-wheel.sh: maturin left no $pattern: $(ls "$WHEELS")" >&2; exit 1; }
  echo "$wheel"
done
