#!/usr/bin/env bash
# Size of the mobile FFI library per capability set (docs/decisions.md, "Capabilities as
# features"): builds the otpkit-ffi cdylib with the `mobile` profile for each set, strips a copy
# (the unstripped library stays in place for uniffi-bindgen) and prints one line per set with its
# stripped size in bytes and whether its goal is met. Exits 1 when a goal is missed.
#
#   scripts/lib-size.sh            # all three sets
#   scripts/lib-size.sh receiver   # only the named sets (all, authenticator, receiver)
#
# Goals (x86_64, 1 MB = 1,000,000 bytes): all <= 2.0 MB, codes+storage+import <= 1.0 MB.
# Stripped copies land in $CARGO_TARGET_DIR/lib-size/<set>.so (unstripped: <set>.unstripped.so).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

# name | cargo features (with --no-default-features) | goal in bytes (0: none)
SETS=(
  "all|storage,import,receiver,server|2000000"
  "authenticator|storage,import|1000000"
  "receiver|receiver|0"
)
wanted=("$@")

out_dir="$TARGET_DIR/lib-size"
mkdir -p "$out_dir"
lib="$TARGET_DIR/mobile/libotpkit_ffi.so"
missed=0
lines=()
for set in "${SETS[@]}"; do
  IFS='|' read -r name features goal <<<"$set"
  if [ "${#wanted[@]}" -gt 0 ] && ! printf '%s\n' "${wanted[@]}" | grep -qx "$name"; then
    continue
  fi
  log "building the mobile library: $name (--features $features)"
  cargo build --profile mobile -p otpkit-ffi --no-default-features --features "$features" --locked >&2
  cp "$lib" "$out_dir/$name.unstripped.so" # for nm --size-sort -S
  strip --strip-all -o "$out_dir/$name.so" "$lib"
  bytes=$(stat -c %s "$out_dir/$name.so")
  if [ "$goal" = 0 ]; then
    verdict="(no goal)"
  elif [ "$bytes" -le "$goal" ]; then
    verdict="goal <= $goal: met"
  else
    verdict="goal <= $goal: MISSED"
    missed=1
  fi
  lines+=("$(printf '%-14s %-34s %9d bytes stripped  %s' "$name" "$features" "$bytes" "$verdict")")
done
printf '%s\n' "${lines[@]}"
exit "$missed"
