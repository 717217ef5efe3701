#!/usr/bin/env bash
# `otpkit watch` driven as a person would, in tmux: send-keys to type, capture-pane to read the
# screen. Checks listing, type-to-filter, Backspace/Esc, Enter to copy (the no-clipboard message,
# and with Xvfb + xclip a real copy), q to quit with the terminal restored, and that watch refuses
# a non-terminal. Private tmux socket and temp dir; every wait is bounded (10 s), so the run stops
# by itself (scripts/test.sh also caps it with timeout).
# Prints "cli-tty: N passed, M failed" (read by scripts/summarize.py); exits 1 on any failure.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
cd "$ROOT"
cargo build -q -p otpkit-cli --locked || exit 1
BIN="$TARGET_DIR/debug/otpkit"

WORK="$(mktemp -d)"
SOCK="otpkit-watch-test-$$"
XVFB_PID=""
cleanup() {
  tmux -L "$SOCK" kill-server >/dev/null 2>&1 || true
  [ -n "$XVFB_PID" ] && kill "$XVFB_PID" >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT

export OTPKIT_PASSPHRASE=pw XDG_DATA_HOME="$WORK/xdg"
VAULT="$WORK/vault.otpkit"
ot() { "$BIN" --vault "$VAULT" "$@"; }
S=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ
ot add "otpauth://totp/GitHub:alice?secret=$S&issuer=GitHub" >/dev/null 2>&1
ot add "otpauth://totp/ACME:alice?secret=$S&issuer=ACME&digits=8" >/dev/null 2>&1
ot add --secret "$S" --issuer Bank --label me --counter 0 >/dev/null 2>&1

PASS=0 FAIL=0
ok()  { PASS=$((PASS + 1)); echo "ok   $1"; }
bad() { FAIL=$((FAIL + 1)); echo "FAIL $1"; echo "---- screen:"; screen; echo "----"; }
tm() { tmux -L "$SOCK" "$@"; }
# Each run gets a new session (w1, w2, …) on the one private server: no kill/restart races.
N=0
W=w0
screen() { tm capture-pane -p -t "$W" 2>/dev/null; }
new_session() { N=$((N + 1)); W="w$N"; tm new-session -d -s "$W" -x 100 -y 14 "$1"; }
# wait_for REGEX: polls the screen for up to 10 s.
wait_for() {
  local i
  for i in $(seq 1 100); do
    screen | grep -Eq -- "$1" && return 0
    sleep 0.1
  done
  return 1
}
check() { if wait_for "$2"; then ok "$1"; else bad "$1 (no /$2/)"; fi; }

# start ENV...: runs watch in a fresh 100x14 tmux session; after it ends, prints its exit code
# and whether the terminal is back in canonical mode, then waits to be read.
start() {
  new_session \
    "env $* '$BIN' --vault '$VAULT' watch --clear-after 3; echo EXIT=\$?; stty -a | grep -Eo -- '(^| )-?icanon' | tr -d ' ' | sed 's/^/MODE=/'; sleep 30"
}

# 1. Listing: every account in display order, codes, seconds left, a countdown bar.
start -u DISPLAY -u WAYLAND_DISPLAY
check "lists accounts" "3 of 3 accounts"
order="$(screen | grep -Eo '^(ACME:alice|Bank:me|GitHub:alice)' | tr '\n' ' ')"
[ "$order" = "ACME:alice Bank:me GitHub:alice " ] && ok "display order" || bad "display order ($order)"
# The screen is redrawn every 250 ms: read it 0.5 s after `before`, so it shows before's or after's code.
before="$(ot codes github --json | grep -Eo '"code":"[0-9]+"' | grep -Eo '[0-9]+')"
sleep 0.5
line="$(screen | grep '^GitHub:alice')"
shown="$(echo "$line" | awk '{print $2}')"
after="$(ot codes github --json | grep -Eo '"code":"[0-9]+"' | grep -Eo '[0-9]+')"
if [ -n "$shown" ] && { [ "$shown" = "$before" ] || [ "$shown" = "$after" ]; }; then ok "code matches codes --json"; else bad "code matches codes --json ($shown vs $before/$after)"; fi
echo "$line" | grep -Eq '[0-9]+s$' && ok "seconds left" || bad "seconds left"
screen | grep -E '^Bank:me' | grep -q 'hotp' && ok "hotp shows no code" || bad "hotp shows no code"

# 2. Type to filter, Backspace, no match, Esc.
tm send-keys -t "$W" g i t h
check "typing filters" "1 of 3 accounts"
screen | grep -q '^ACME:alice' && bad "filtered row still shown" || ok "filtered rows hidden"
tm send-keys -t "$W" BSpace BSpace BSpace BSpace
check "backspace widens" "3 of 3 accounts"
tm send-keys -t "$W" z z z
check "no match message" 'no account matches "zzz"'
tm send-keys -t "$W" Escape
check "esc clears the filter" "3 of 3 accounts"

# 3. Enter without a display: a clear message, and the view goes on.
tm send-keys -t "$W" a c m e Enter
check "enter without clipboard" "no clipboard: neither WAYLAND_DISPLAY nor DISPLAY"
tm send-keys -t "$W" Escape
check "still running after the error" "3 of 3 accounts"

# 4. q quits with exit 0 and the terminal back in canonical mode.
tm send-keys -t "$W" q
check "q quits with exit 0" "^EXIT=0"
check "terminal restored" "^MODE=icanon"

# 5. Not a terminal: refused with exit 2.
out="$(ot watch </dev/null 2>&1 >/dev/null)"; rc=$?
[ "$rc" = 2 ] && echo "$out" | grep -q "needs a terminal" && ok "non-terminal refused" || bad "non-terminal refused (rc $rc: $out)"

# 6. A spinner on the terminal while the vault key is derived, cleared afterwards.
new_session "sleep 1; '$BIN' --vault '$VAULT' list >/dev/null; echo LISTED; sleep 30"
tm pipe-pane -o -t "$W" "cat > '$WORK/tty.raw'"
check "spinner: command ran" "^LISTED"
grep -q "unlocking the vault (Argon2id)" "$WORK/tty.raw" && ok "spinner drawn on the terminal" || bad "spinner drawn on the terminal"
screen | grep -q "unlocking the vault" && bad "spinner line cleared" || ok "spinner line cleared"

# 7. Enter copies for real under Xvfb (when installed; required with OTPKIT_REQUIRE_XVFB=1).
if command -v Xvfb >/dev/null && command -v xclip >/dev/null; then
  n=$(( 300 + $$ % 200 ))
  while [ -e "/tmp/.X11-unix/X$n" ]; do n=$((n + 1)); done
  Xvfb ":$n" -nolisten tcp -screen 0 320x240x24 >/dev/null 2>&1 &
  XVFB_PID=$!
  for i in $(seq 1 100); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done
  start DISPLAY=":$n"
  check "xvfb: lists" "3 of 3 accounts"
  tm send-keys -t "$W" g i t h u b
  check "xvfb: filtered" "1 of 3 accounts"
  # The copied code is the one current just before or just after Enter (a period may end between).
  pre="$(ot codes github --json | grep -Eo '"code":"[0-9]+"' | grep -Eo '[0-9]+')"
  tm send-keys -t "$W" Enter
  check "xvfb: copied" "copied GitHub:alice"
  got="$(DISPLAY=":$n" timeout 5 xclip -o -selection clipboard 2>/dev/null)"
  post="$(ot codes github --json | grep -Eo '"code":"[0-9]+"' | grep -Eo '[0-9]+')"
  if [ -n "$got" ] && { [ "$got" = "$pre" ] || [ "$got" = "$post" ]; }; then ok "xvfb: clipboard holds the code"; else bad "xvfb: clipboard holds the code ($got vs $pre/$post)"; fi
  tm send-keys -t "$W" Escape
  check "xvfb: esc" "3 of 3 accounts"
  tm send-keys -t "$W" q
  check "xvfb: quits" "^EXIT=0"
elif [ -n "${OTPKIT_REQUIRE_XVFB:-}" ]; then
  bad "Xvfb/xclip required (OTPKIT_REQUIRE_XVFB) but missing"
else
  echo "note: Xvfb or xclip not installed; real copy not tested"
fi

echo "cli-tty: $PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
