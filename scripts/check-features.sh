#!/usr/bin/env bash
# Every capability set of the core and FFI crates compiles without warnings
# (docs/decisions.md, "Capabilities as features"): `cargo clippy --lib -D warnings` (a `cargo check`
# plus lints) with --no-default-features and each single feature, and the app combinations.
# Library targets only: the tests and benches use every feature (`cargo test --workspace` runs them
# with the default, full set).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

CORE_SETS=(
  ""                                # codes, URIs, migration only
  storage import receiver server redis keyring qr delivery
  storage,import                    # authenticator app
  storage,import,receiver,server    # everything a mobile app can link
)
FFI_SETS=(
  ""
  storage import receiver server redis delivery   # redis and delivery: host-only, same surface
  storage,import
  storage,import,receiver,server
)

check() {
  local pkg="$1" features="$2"
  log "clippy -p $pkg --no-default-features --features '${features}'"
  cargo clippy -p "$pkg" --lib --no-default-features --features "$features" --locked -- -D warnings
}

for f in "${CORE_SETS[@]}"; do check otpkit "$f"; done
for f in "${FFI_SETS[@]}"; do check otpkit-ffi "$f"; done
log "all feature sets compile"
