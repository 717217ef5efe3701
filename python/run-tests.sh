#!/usr/bin/env bash
# Python binding tests: builds the otpkit wheel (python/build-wheel.sh; the FFI library and
# generated binding come from scripts/lib.sh build_ffi, run only if missing or stale),
# force-reinstalls it into the venv target/py-venv (created once; pinned test requirements
# installed only when missing), then runs pytest on python/tests, whose last line is pytest's
# own summary (`===== N passed in Xs =====`). Idempotent. Arguments, if any, replace the test path
# (e.g. `python/run-tests.sh python/tests/test_codes.py -x`).
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"
cd "$ROOT"

VENV="$TARGET_DIR/py-venv"
WHEEL="$("$ROOT/python/build-wheel.sh")"   # also creates the venv
PY="$VENV/bin/python"

if ! "$PY" "$ROOT/python/check_requirements.py" "$ROOT/python/requirements-test.txt"; then
  log "installing $(tr '\n' ' ' < "$ROOT/python/requirements-test.txt")(pip)"
  "$PY" -m pip install -q --disable-pip-version-check -r "$ROOT/python/requirements-test.txt"
fi

log "installing $(basename "$WHEEL") into $VENV"
"$PY" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps "$WHEEL"

log "pytest python/tests"
# Not -q: pytest's final line is then `===== N passed in Xs =====`, which scripts/summarize.py reads.
exec "$PY" -m pytest -p no:cacheprovider "${@:-python/tests}"
