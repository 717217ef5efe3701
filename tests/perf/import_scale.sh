#!/usr/bin/env bash
# Import scale check (not part of the test run): imports N generated otpauth URIs (default 1000,
# 4000 and 8000) into a fresh vault with the given otpkit binary and prints the wall time of each
# import. One import is one save, so time grows about linearly (plus one Argon2id derivation for
# the new vault). Goal: 4,000 accounts under 2 s on the 2-core dev machine.
# Usage: tests/perf/import_scale.sh OTPKIT_BINARY [N...]
set -euo pipefail
BIN="$1"; shift
SIZES=("$@"); [ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 4000 8000)
DIR="$(mktemp -d)"; trap 'rm -rf "$DIR"' EXIT
for n in "${SIZES[@]}"; do
  python3 - "$n" > "$DIR/list-$n.txt" <<'PY'
import base64, os, sys
for i in range(int(sys.argv[1])):
    s = base64.b32encode(os.urandom(20)).decode().rstrip("=")
    print(f"otpauth://totp/Svc{i}:user{i}@example.com?secret={s}&issuer=Svc{i}")
PY
  rm -f "$DIR/v-$n" "$DIR/v-$n.lock"
  start=$(date +%s.%N)
  OTPKIT_PASSPHRASE=bench "$BIN" --vault "$DIR/v-$n" import "$DIR/list-$n.txt" --format otpauth >/dev/null
  end=$(date +%s.%N)
  count=$(OTPKIT_PASSPHRASE=bench "$BIN" --vault "$DIR/v-$n" list | wc -l)
  [ "$count" = "$n" ] || { echo "expected $n accounts, found $count" >&2; exit 1; }
  python3 - "$n" "$start" "$end" <<'PY'
import sys
print(f"import {sys.argv[1]} accounts: {float(sys.argv[3]) - float(sys.argv[2]):.2f} s")
PY
done
