#!/usr/bin/env bash
# Tests how tests/swift/chroot.sh finds the Debian mirror in the host's apt sources
# (`chroot.sh mirror` with OTPKIT_SWIFT_APT_DIR pointing at made-up /etc/apt trees), and that a
# ready chroot stays ready when the host has no usable mirror. Prints
# "swift-chroot: N passed, M failed" (scripts/summarize.py) and exits 1 on a failure.
set -euo pipefail
CHROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/chroot.sh"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); echo "ok: $1"; }
bad() { fail=$((fail + 1)); echo "FAIL: $1" >&2; }

# apt_tree NAME FILE CONTENT [FILE CONTENT]...: an /etc/apt under $TMP/NAME (FILE relative to it).
apt_tree() {
  local dir="$TMP/$1"
  shift
  mkdir -p "$dir/sources.list.d"
  while (($# >= 2)); do
    printf '%s\n' "$2" >"$dir/$1"
    shift 2
  done
}

# expect_mirror NAME EXPECTED: `chroot.sh mirror` over $TMP/NAME prints EXPECTED.
expect_mirror() {
  local got rc=0
  got=$(env -u OTPKIT_SWIFT_MIRROR OTPKIT_SWIFT_APT_DIR="$TMP/$1" "$CHROOT" mirror 2>"$TMP/$1.err") || rc=$?
  if [[ $rc == 0 && $got == "$2" ]]; then ok "$1 -> $2"; else bad "$1: expected '$2', got '$got' (exit $rc): $(cat "$TMP/$1.err")"; fi
}

# expect_no_mirror NAME: `chroot.sh mirror` fails with the explanation.
expect_no_mirror() {
  local got rc=0
  got=$(env -u OTPKIT_SWIFT_MIRROR OTPKIT_SWIFT_APT_DIR="$TMP/$1" "$CHROOT" mirror 2>"$TMP/$1.err") || rc=$?
  if [[ $rc != 0 && -z $got ]] && grep -q 'no Debian mirror found' "$TMP/$1.err" \
    && grep -q 'OTPKIT_SWIFT_MIRROR' "$TMP/$1.err"; then
    ok "$1 -> no mirror, clear error"
  else
    bad "$1: expected a failure, got '$got' (exit $rc): $(cat "$TMP/$1.err")"
  fi
}

# This machine's layout: deb822 main + security, third-party files disabled by renaming.
apt_tree host sources.list.d/debian.sources 'Types: deb
# http://snapshot.debian.org/archive/debian/20250520T000000Z
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main' \
  sources.list.d/google-cloud-sdk.list.disabled-by-farm 'deb https://packages.cloud.google.com/apt cloud-sdk-bookworm main' \
  sources.list.d/nodesource.sources.disabled 'Types: deb
URIs: https://deb.nodesource.com/node_20.x
Suites: bookworm'
expect_mirror host http://deb.debian.org/debian

# A corporate mirror in deb822: security and third-party stanzas first, a disabled stanza,
# a folded field, several URIs (the first is used), a trailing slash.
apt_tree corp sources.list.d/00-nodesource.sources 'Types: deb
URIs: https://deb.nodesource.com/node_20.x
Suites: nodistro
Components: main' \
  sources.list.d/debian.sources 'Types: deb
URIs: https://mirror.example.com/debian-security/
Suites: trixie-security
Components: main

Types: deb
Enabled: no
URIs: http://disabled.example.com/debian
Suites: trixie

Types: deb-src deb
URIs:
 https://mirror.example.com/debian/
 http://fallback.example.com/debian
Suites: trixie
  trixie-updates
Components: main'
expect_mirror corp https://mirror.example.com/debian

# One-line format in sources.list (read before sources.list.d): comments, deb-src, options.
apt_tree oneline sources.list '# deb http://commented.example.com/debian bookworm main
deb-src http://src.example.com/debian bookworm main
deb [arch=amd64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://apt.example.org/debian bookworm main contrib # the mirror
deb http://apt.example.org/debian-security bookworm-security main' \
  sources.list.d/later.list 'deb http://later.example.org/debian stable main'
expect_mirror oneline http://apt.example.org/debian

# [ opts ] with spaces, a suite alias, a .list in sources.list.d only.
apt_tree spaced sources.list.d/mirror.list 'deb [ trusted=yes ] file:///srv/mirror/debian/ stable main'
expect_mirror spaced file:///srv/mirror/debian

# Debian cloud images: a mirror+file: list (tab-separated metadata, comments); an unreadable
# list is skipped for the next entry.
mkdir -p "$TMP/cloud/mirrors"
printf '# the mirrors\nhttps://cdn.example.net/debian/\tpriority:1\nhttp://second.example.net/debian\n' \
  >"$TMP/cloud/mirrors/debian.list"
apt_tree cloud sources.list.d/debian.sources "Types: deb
URIs: mirror+file://$TMP/cloud/mirrors/missing.list
Suites: bookworm

Types: deb
URIs: mirror+file://$TMP/cloud/mirrors/debian.list
Suites: bookworm bookworm-updates
Components: main"
expect_mirror cloud https://cdn.example.net/debian

# Nothing usable: Ubuntu, third-party, security only, cdrom.
apt_tree ubuntu sources.list.d/ubuntu.sources 'Types: deb
URIs: http://archive.ubuntu.com/ubuntu
Suites: noble noble-updates
Components: main' \
  sources.list 'deb cdrom:[Debian 12]/ bookworm main
deb http://security.debian.org/debian-security bookworm-security main'
expect_no_mirror ubuntu
expect_no_mirror missing-dir

# OTPKIT_SWIFT_MIRROR wins over the host's sources (a trailing slash is dropped).
got=$(OTPKIT_SWIFT_MIRROR=http://override.example.net/debian/ OTPKIT_SWIFT_APT_DIR="$TMP/host" "$CHROOT" mirror)
if [[ $got == http://override.example.net/debian ]]; then ok "OTPKIT_SWIFT_MIRROR override"; else bad "override: got '$got'"; fi

# A ready chroot does not look at the host's mirror: `ensure` with no usable sources succeeds
# and leaves it as it was (needs root and the cached chroot; skipped otherwise).
if [[ $EUID -eq 0 ]] && "$CHROOT" status >/dev/null 2>&1; then
  root=${OTPKIT_SWIFT_CHROOT:-/var/cache/otpkit/swift-trixie}
  before=$(stat -c %Y "$root/.otpkit-ready")
  if OTPKIT_SWIFT_APT_DIR="$TMP/ubuntu" "$CHROOT" ensure 2>"$TMP/ensure.err" \
    && [[ $(stat -c %Y "$root/.otpkit-ready") == "$before" ]]; then
    ok "ensure on a ready chroot needs no host mirror"
  else
    bad "ensure on a ready chroot without a host mirror: $(cat "$TMP/ensure.err")"
  fi
else
  echo "skipped: ensure on a ready chroot (needs root and a ready chroot)"
fi

echo "swift-chroot: $pass passed, $fail failed"
((fail == 0))
