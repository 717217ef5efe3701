#!/usr/bin/env bash
# Builds the `otpkit` Python wheel (abi3, CPython >= 3.9) for this machine into target/wheels/
# with maturin: the PyO3 crate in python/ (module otpkit._native) plus the pure-Python package
# python/otpkit/. Uses (and creates if needed) the venv at target/py-venv, installing the pinned
# build requirements only when missing. Idempotent; cargo's cache makes a rebuild cheap.
#
# OTPKIT_WHEEL_PROFILE=dev builds an unoptimised wheel (fast, for iterating on the binding);
# the default is the release profile. Prints the wheel's path on stdout.
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"
cd "$ROOT"

VENV="$TARGET_DIR/py-venv"
WHEELS="$TARGET_DIR/wheels"
PROFILE="${OTPKIT_WHEEL_PROFILE:-release}"

# The venv is created once; Debian's python3 needs python3-venv (ensurepip) for that.
if [ ! -x "$VENV/bin/python" ]; then
  if ! python3 -c 'import ensurepip' >/dev/null 2>&1; then
    apt_ensure "/usr/lib/python$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')/ensurepip" python3-venv
  fi
  log "creating the Python venv ($VENV)"
  python3 -m venv "$VENV"
fi
PY="$VENV/bin/python"

if ! "$PY" "$ROOT/python/check_requirements.py" "$ROOT/python/requirements-build.txt"; then
  log "installing $(tr '\n' ' ' < "$ROOT/python/requirements-build.txt")(pip)"
  "$PY" -m pip install -q --disable-pip-version-check -r "$ROOT/python/requirements-build.txt"
fi

VERSION="$(sed -n '/^\[workspace.package\]/,/^\[/s/^version *= *"\(.*\)"/\1/p' "$ROOT/Cargo.toml" | head -n1)"
[ -n "$VERSION" ] || { echo "build-wheel.sh: no workspace version in Cargo.toml" >&2; exit 1; }

mkdir -p "$WHEELS"
rm -f "$WHEELS"/otpkit-"$VERSION"-cp39-abi3-linux_x86_64.whl
log "building the otpkit $VERSION wheel (maturin, profile $PROFILE)"
"$VENV/bin/maturin" build --quiet --profile "$PROFILE" --manifest-path "$ROOT/python/Cargo.toml" \
  --interpreter "$PY" --compatibility linux --out "$WHEELS" >&2
wheel="$WHEELS/otpkit-$VERSION-cp39-abi3-linux_x86_64.whl"
[ -f "$wheel" ] || { echo "build-wheel.sh: maturin left no $wheel in $WHEELS: $(ls "$WHEELS")" >&2; exit 1; }
echo "$wheel"
