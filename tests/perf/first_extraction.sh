#!/bin/sh
# First extraction in a new process: CPU time of `otpkit sms extract` (one message on stdin,
# patterns built on first use) minus `otpkit --version` (process start, argument parsing),
# measured with `perf stat` (task-clock: CPU time of the process tree). The two commands are
# measured alternately in ROUNDS rounds of N runs each, and the median of the per-round
# differences is reported, so load changes on a shared machine affect both sides alike.
#
#   tests/perf/first_extraction.sh [N] [path/to/otpkit] [message] [ROUNDS]
#
# The default message is long and multi-script (German amount and TAN, Chinese, Russian, a phone
# number and a date), so every rule set and keyword script is exercised: the pessimistic case.
# Default binary: $CARGO_TARGET_DIR/release/otpkit (or target/release/otpkit); build it first
# with `cargo build --release -p otpkit-cli`. Goal (issue 12): at most 3 ms.
set -eu
N=${1:-20}
BIN=${2:-${CARGO_TARGET_DIR:-target}/release/otpkit}
ROUNDS=${4:-5}
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
i=0
while [ "$i" -lt "$ROUNDS" ]; do
    e=$(cpu_ms "'$BIN' sms extract < '$MSG'")
    v=$(cpu_ms "'$BIN' --version < '$MSG'")
    echo "$e $v"
    i=$((i + 1))
done | sort -n -k1 | awk -v n="$N" -v r="$ROUNDS" '
    { e[NR] = $1; v[NR] = $2; d[NR] = $1 - $2 }
    END {
        # median of the differences
        for (i = 1; i <= NR; i++) for (j = i + 1; j <= NR; j++) if (d[j] < d[i]) { t = d[i]; d[i] = d[j]; d[j] = t }
        m = (NR % 2) ? d[(NR + 1) / 2] : (d[NR / 2] + d[NR / 2 + 1]) / 2
        printf "otpkit sms extract minus otpkit --version, %d rounds of %d runs: ", r, n
        for (i = 1; i <= NR; i++) printf "%.2f ", d[i]
        printf "ms\nfirst extraction (median): %.2f ms CPU\n", m
    }'
