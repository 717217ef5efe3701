#!/bin/sh
# First extraction in a new process: CPU time of `otpkit sms extract` (one message on stdin,
# patterns built on first use) minus `otpkit --version` (process start, argument parsing),
# averaged over N runs of each, with `perf stat` (task-clock: CPU time of the process tree).
#
#   tests/perf/first_extraction.sh [N] [path/to/otpkit] [message]
#
# The default message is long and multi-script (German amount and TAN, Chinese, Russian, a phone
# number and a date), so every rule set and keyword script is exercised: the pessimistic case.
# Default binary: $CARGO_TARGET_DIR/release/otpkit (or target/release/otpkit); build it first
# with `cargo build --release -p otpkit-cli`. Goal (issue 12): at most 3 ms.
set -eu
N=${1:-50}
BIN=${2:-${CARGO_TARGET_DIR:-target}/release/otpkit}
[ -x "$BIN" ] || { echo "no otpkit binary at $BIN (cargo build --release -p otpkit-cli)" >&2; exit 2; }
command -v perf >/dev/null || { echo "perf not found (apt-get install linux-perf)" >&2; exit 2; }
MSG=$(mktemp)
trap 'rm -f "$MSG"' EXIT
DEFAULT='Sparkasse: Ihre TAN für die Überweisung von 250,00 EUR an M. Weber lautet 918273. 您的验证码是 482913。Ваш код: 4829. Call +1 (555) 123-4567 on 2024-05-12.'
printf '%s\n' "${3:-$DEFAULT}" > "$MSG"
"$BIN" sms extract < "$MSG" > /dev/null
cpu_ms() { # command... -> mean task-clock in ms over N runs
    perf stat -x, -r "$N" -e task-clock sh -c "$*" 2>&1 >/dev/null | awk -F, '/task-clock/ {print $1}'
}
EXTRACT=$(cpu_ms "'$BIN' sms extract < '$MSG'")
VERSION=$(cpu_ms "'$BIN' --version < '$MSG'")
awk -v e="$EXTRACT" -v v="$VERSION" -v n="$N" 'BEGIN {
    printf "otpkit sms extract: %.2f ms CPU, otpkit --version: %.2f ms CPU (mean of %d runs)\n", e, v, n
    printf "first extraction: %.2f ms CPU\n", e - v
}'
