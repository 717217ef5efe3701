#!/usr/bin/env bash
# Python binding tests, as a user gets the package: builds the manylinux2014 x86_64 wheel
# (python/build-wheel.sh, release profile unless OTPKIT_WHEEL_PROFILE=dev), installs it into a
# CLEAN venv made afresh on every run (target/py-clean-venv) together with the pinned test
# requirements (python/requirements-test.txt, every package pinned), which come from a local
# wheelhouse (target/py-wheelhouse, downloaded once and again only when the pins change; the
# install itself is offline: --no-index). Then, in that venv:
#   1. mypy --strict over python/examples/typed_usage.py and docs/examples/oob_server.py, against
#      the installed stubs;
#   2. pytest on python/tests, whose last line is pytest's own summary (`== N passed in Xs ==`).
#      The delivery tests use the provider fakes at OTPKIT_FAKES_URL (else they start
#      tests/fakes/server.py for the session) and Redis at OTPKIT_REDIS_URL when set.
# Arguments, if any, replace the test path (e.g. `python/run-tests.sh python/tests/test_codes.py -x`).
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"
cd "$ROOT"

REQS="$ROOT/python/requirements-test.txt"
VENV="$TARGET_DIR/py-clean-venv"
WHEELHOUSE="$TARGET_DIR/py-wheelhouse"
WHEEL="$("$ROOT/python/build-wheel.sh" manylinux-x86_64)"   # also creates the build venv
BUILD_PY="$TARGET_DIR/py-venv/bin/python"

# The wheelhouse holds exactly the pinned test requirements; a stamp records which pins, for
# which Python (binary wheels are per interpreter version).
stamp="$( (cat "$REQS"; python3 -VV) | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$WHEELHOUSE/.pins" 2>/dev/null)" != "$stamp" ]; then
  log "downloading the pinned test requirements into $WHEELHOUSE (pip)"
  rm -rf "$WHEELHOUSE"
  "$BUILD_PY" -m pip download -q --disable-pip-version-check --only-binary=:all: -d "$WHEELHOUSE" -r "$REQS"
  echo "$stamp" > "$WHEELHOUSE/.pins"
fi

log "installing $(basename "$WHEEL") and the test requirements into a clean venv ($VENV)"
rm -rf "$VENV"
python3 -m venv "$VENV"
PY="$VENV/bin/python"
"$PY" -m pip install -q --disable-pip-version-check --no-index --find-links "$WHEELHOUSE" -r "$REQS" "$WHEEL"

log "mypy --strict python/examples/typed_usage.py docs/examples/oob_server.py (against the installed stubs)"
# mypy resolves `otpkit` in the clean venv's site-packages (the wheel's otpkit/_native.pyi and
# py.typed), never in the source tree (python/ is not on its search path).
"$PY" -m mypy --strict --no-error-summary --cache-dir "$TARGET_DIR/mypy-cache" python/examples/typed_usage.py \
  docs/examples/oob_server.py
echo "mypy: typed_usage.py and oob_server.py passed (--strict)"

log "pytest python/tests"
# Not -q: pytest's final line is then `===== N passed in Xs =====`, which scripts/summarize.py reads.
exec "$PY" -m pytest -p no:cacheprovider "${@:-python/tests}"
