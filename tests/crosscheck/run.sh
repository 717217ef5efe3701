#!/usr/bin/env bash
# Cross-checks otpkit against oathtool and pyotp.
#
#   tests/crosscheck/run.sh [SEED]
#
# 1. creates (once) a venv in target/crosscheck-venv with requirements.txt,
# 2. installs oathtool with apt-get if it is missing,
# 3. checks that tests/vectors/codes.json is in sync with make_vectors.py (and with pyotp/oathtool),
# 4. writes 5000 random reference cases to target/crosscheck.json (random seed unless given),
# 5. runs `cargo test -p otpkit --test crosscheck` on them.
# Idempotent and quiet; safe to run repeatedly.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
HERE=tests/crosscheck
VENV="${OTPKIT_CROSSCHECK_VENV:-$ROOT/target/crosscheck-venv}"
OUT="$ROOT/target/crosscheck.json"

# --- Python + pyotp ---
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
stamp="$VENV/.otpkit-requirements"
if ! cmp -s "$HERE/requirements.txt" "$stamp"; then
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$HERE/requirements.txt"
    cp "$HERE/requirements.txt" "$stamp"
fi

# --- oathtool ---
if ! command -v oathtool >/dev/null 2>&1; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    echo "crosscheck: installing oathtool" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq oathtool >/dev/null
fi

# --- references ---
"$VENV/bin/python" "$HERE/make_vectors.py" --check
"$VENV/bin/python" "$HERE/crosscheck.py" "$OUT" ${1:+"$1"}

# --- the Rust side ---
OTPKIT_CROSSCHECK_FILE="$OUT" cargo test -q -p otpkit --test crosscheck -- --nocapture
