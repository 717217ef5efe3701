#!/usr/bin/env bash
# tests/swift/chroot.sh — a cached Debian trixie chroot with Swift, for running `swift test` on Linux.
#
# Usage:
#   tests/swift/chroot.sh ensure                       build the chroot if missing, incomplete or outdated
#   tests/swift/chroot.sh status                       print whether it is ready (exit 0 ready, 1 not)
#   tests/swift/chroot.sh run WORKDIR [--bind DIR]... -- CMD [ARG]...
#                                                      run CMD inside it, in WORKDIR (mounted at the same path)
#   tests/swift/chroot.sh remove                       unmount everything under it and delete it
#   tests/swift/chroot.sh mirror                       print the Debian mirror a build would use
#
# Environment:
#   OTPKIT_SWIFT_CHROOT      where the chroot lives (default /var/cache/otpkit/swift-trixie)
#   OTPKIT_SWIFT_MIRROR      Debian mirror (default: the host's, the first Debian archive entry of
#                            its apt sources; building fails with an error if there is none)
#   OTPKIT_SWIFT_APT_DIR     where the host's apt sources are read (default /etc/apt): sources.list,
#                            then sources.list.d/*.list and *.sources (deb822), as apt reads them
#   OTPKIT_SWIFT_MOUNT_MODE  ns (private mount namespace per run, the default when `unshare` works)
#                            or host (shared, reference-counted mounts in the host namespace)
#   OTPKIT_SWIFT_PASSENV     space-separated names of extra variables to pass into the chroot
#   OTPKIT_SWIFT_LOCK_TIMEOUT seconds to wait for another `ensure` to finish (default 3600)
#
# Needs root. Everything printed by this script itself goes to stderr; CMD's output is untouched.
set -euo pipefail

ROOT=${OTPKIT_SWIFT_CHROOT:-/var/cache/otpkit/swift-trixie}
ROOT=${ROOT%/}
SUITE=trixie
# The mirror is looked up only when something must be downloaded (host_mirror), so a ready
# chroot never depends on the host's apt configuration.
APT_DIR=${OTPKIT_SWIFT_APT_DIR:-/etc/apt}
APT_DIR=${APT_DIR%/}
# What `swift build` / `swift test` (XCTest, Swift Testing, Foundation) need on Linux.
# swiftlang (Depends: libswiftlang, gcc, binutils, libxml2, ...) is the whole toolchain under
# /usr/libexec/swift: swiftc, SwiftPM, clang-17, lld, XCTest, swift-testing, Foundation (with
# libcurl for FoundationNetworking). libc6-dev (crt*.o, libc headers) is only a Recommends of gcc
# and libstdc++-14-dev is what clang's GCC-installation detection and the C++ shims look for;
# tzdata backs Foundation's TimeZone, ca-certificates its TLS.
PACKAGES=(swiftlang libc6-dev libstdc++-14-dev tzdata ca-certificates)
# Bump to force `ensure` to re-run the package stage on existing chroots.
RECIPE_VERSION=1
RECIPE="v${RECIPE_VERSION} ${SUITE} ${PACKAGES[*]}"

MARKER="$ROOT/.otpkit-ready"
STAGE1="$ROOT/.otpkit-debootstrap-done"
BUILD_LOCK="$ROOT.build.lock"
MOUNT_LOCK="$ROOT.mount.lock"
USE_LOCK="$ROOT.use.lock"
CHROOT_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
SELF=$(readlink -f "${BASH_SOURCE[0]}")

log() { printf 'swift-chroot: %s\n' "$*" >&2; }
die() { log "error: $1"; exit "${2:-1}"; }
usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$SELF" >&2; }

require_root() { [[ $EUID -eq 0 ]] || die "must run as root (mount/chroot/debootstrap need it)"; }

check_root_path() {
  [[ $ROOT == /* ]] || die "OTPKIT_SWIFT_CHROOT must be an absolute path: $ROOT"
  # Never let a typo make `remove`/repair wipe a system directory.
  local depth
  depth=$(tr -cd / <<<"$ROOT" | wc -c)
  ((depth >= 2)) || die "refusing chroot path with fewer than two components: $ROOT"
  case "$ROOT" in
    *//* | */./* | */../* | */. | */..) die "refusing non-canonical chroot path: $ROOT" ;;
  esac
}

is_ready() {
  # usr/bin/swift is an absolute symlink, so test the link itself, not its (host) target.
  [[ -f $MARKER && -L $ROOT/usr/bin/swift ]] || return 1
  grep -qxF "recipe=$RECIPE" "$MARKER"
}

# Mount points under $ROOT in this mount namespace, deepest first.
mounts_under_root() {
  local mp
  while read -r _ _ _ _ mp _; do
    mp=$(printf '%b' "$mp") # undo \040-style escapes
    if [[ $mp == "$ROOT" || $mp == "$ROOT"/* ]]; then printf '%s\n' "$mp"; fi
  done </proc/self/mountinfo | awk '{ print length($0) "\t" $0 }' | sort -rn | cut -f2-
}

unmount_all_under_root() {
  local mp
  for _ in 1 2 3; do
    local any=0
    while IFS= read -r mp; do
      [[ -n $mp ]] || continue
      any=1
      umount "$mp" 2>/dev/null || umount -l "$mp" 2>/dev/null || true
    done < <(mounts_under_root)
    ((any)) || return 0
  done
  if [[ -n $(mounts_under_root) ]]; then
    log "warning: could not unmount: $(mounts_under_root | tr '\n' ' ')"
    return 1
  fi
}

# ---------------------------------------------------------------------------------------------
# Mounting and running inside the chroot

# bind_same_path SRC: mount host SRC at $ROOT/SRC unless that is already a mount point.
bind_same_path() {
  local src=$1 dst="$ROOT$1"
  mkdir -p "$dst"
  if mountpoint -q "$dst"; then return 0; fi
  mount --rbind "$src" "$dst"
  mount --make-rslave "$dst" # unmounting our copy must never propagate to the host's mounts
}

setup_mounts() { # setup_mounts [DIR]...  (DIRs already canonical, sorted parents first)
  mountpoint -q "$ROOT/proc" || mount -t proc proc "$ROOT/proc"
  bind_same_path /sys
  bind_same_path /dev
  if ! mountpoint -q "$ROOT/tmp"; then
    mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$ROOT/tmp"
  fi
  local d bound=()
  for d in "$@"; do
    local covered=0 p
    for p in "${bound[@]+"${bound[@]}"}"; do
      if [[ $d == "$p" || $d == "$p"/* ]]; then covered=1; fi
    done
    ((covered)) || bind_same_path "$d"
    bound+=("$d")
  done
}

# The environment CMD sees: nothing from the host but these.
chroot_env() {
  local envs=(HOME=/root "PATH=$CHROOT_PATH" LANG=C.UTF-8 "TERM=${TERM:-dumb}"
    DEBIAN_FRONTEND=noninteractive)
  local v
  for v in CI ${OTPKIT_SWIFT_PASSENV:-}; do
    if [[ -n ${!v+x} ]]; then envs+=("$v=${!v}"); fi
  done
  printf '%s\0' "${envs[@]}"
}

# __inner WORKDIR NBINDS BIND... -- CMD...   (called directly, or re-executed under unshare)
inner() {
  local workdir=$1 nbinds=$2
  shift 2
  local binds=("${@:1:nbinds}")
  shift "$nbinds"
  [[ ${1:-} == -- ]] && shift

  local mode=${SWIFT_CHROOT_INNER_MODE:-host}
  if [[ $mode == host ]]; then
    # Shared mounts in the host namespace: every user holds USE_LOCK shared while running;
    # mounting and the last user's unmounting happen under MOUNT_LOCK, so nobody double-mounts
    # and whoever finishes last unmounts everything (including stale mounts of killed runs).
    exec 7>"$USE_LOCK" 8>"$MOUNT_LOCK"
    flock 8
    flock -s 7
    trap 'host_cleanup' EXIT
    setup_mounts "${binds[@]+"${binds[@]}"}"
    flock -u 8
  else
    # Private namespace: the mounts vanish with it; unmount anyway so nothing lingers
    # if CMD leaves a background process holding the namespace.
    trap 'unmount_all_under_root >/dev/null 2>&1 || true' EXIT
    setup_mounts "${binds[@]+"${binds[@]}"}"
  fi
  trap 'exit 130' INT
  trap 'exit 143' TERM
  trap 'exit 129' HUP

  local env=()
  mapfile -d '' env < <(chroot_env)
  local rc=0
  # shellcheck disable=SC2016 # expanded by the inner sh
  chroot "$ROOT" /usr/bin/env -i "${env[@]}" /bin/sh -c 'cd "$1" && shift && exec "$@"' sh \
    "$workdir" "$@" 7>&- 8>&- 9>&- || rc=$?
  exit "$rc"
}

host_cleanup() {
  flock -u 7 || true
  flock 8 || true
  if flock -n -x 7; then
    unmount_all_under_root || true
    flock -u 7 || true
  fi
  flock -u 8 || true
}

mount_mode() {
  local m=${OTPKIT_SWIFT_MOUNT_MODE:-auto}
  if [[ $m == auto ]]; then
    if unshare --mount --propagation private true 2>/dev/null; then m=ns; else m=host; fi
  fi
  case "$m" in ns | host) printf '%s\n' "$m" ;; *) die "OTPKIT_SWIFT_MOUNT_MODE must be ns, host or auto" ;; esac
}

# in_chroot WORKDIR [BIND]... -- CMD...
in_chroot() {
  local workdir=$1
  shift
  local binds=()
  while [[ $# -gt 0 && $1 != -- ]]; do binds+=("$1"); shift; done
  [[ ${1:-} == -- ]] && shift
  [[ $# -gt 0 ]] || die "no command given"
  # Parents before children, so a bind inside another bind is seen as covered.
  if ((${#binds[@]})); then mapfile -t binds < <(printf '%s\n' "${binds[@]}" | sort -u); fi
  local mode
  mode=$(mount_mode)
  local rc=0
  if [[ $mode == ns ]]; then
    SWIFT_CHROOT_INNER_MODE=ns unshare --mount --propagation private -- \
      bash "$SELF" __inner "$workdir" "${#binds[@]}" "${binds[@]+"${binds[@]}"}" -- "$@" || rc=$?
  else
    SWIFT_CHROOT_INNER_MODE=host \
      bash "$SELF" __inner "$workdir" "${#binds[@]}" "${binds[@]+"${binds[@]}"}" -- "$@" || rc=$?
  fi
  return "$rc"
}

canonical_dir() {
  local d
  d=$(readlink -f -- "$1" 2>/dev/null) && [[ -d $d ]] || die "not a directory: $1"
  case "$d" in
    / | /bin | /sbin | /lib | /lib64 | /usr | /etc | /var | /root | /tmp | /boot) die "refusing to bind-mount $d" ;;
    /proc | /proc/* | /sys | /sys/* | /dev | /dev/*) die "refusing to bind-mount $d" ;;
    "$ROOT" | "$ROOT"/*) die "refusing to bind-mount a path inside the chroot: $d" ;;
    /usr/* | /etc/* | /bin/* | /sbin/* | /lib/* | /lib64/*) die "refusing to shadow chroot system path $d" ;;
  esac
  [[ $ROOT != "$d"/* ]] || die "refusing to bind-mount $d: it contains the chroot"
  printf '%s\n' "$d"
}

cmd_run() {
  require_root
  [[ $# -ge 1 ]] || { usage; die "run: missing WORKDIR" 2; }
  local workdir
  workdir=$(canonical_dir "$1")
  shift
  local binds=("$workdir")
  while [[ $# -gt 0 && $1 != -- ]]; do
    case "$1" in
      --bind) [[ $# -ge 2 ]] || die "--bind needs a directory" 2; binds+=("$(canonical_dir "$2")"); shift 2 ;;
      --bind=*) binds+=("$(canonical_dir "${1#--bind=}")"); shift ;;
      *) usage; die "run: unexpected argument '$1' (missing '--' before the command?)" 2 ;;
    esac
  done
  [[ ${1:-} == -- ]] || die "run: expected '--' before the command" 2
  shift
  [[ $# -gt 0 ]] || die "run: no command given" 2
  is_ready || die "chroot at $ROOT is not ready; run '$0 ensure' first" 3
  in_chroot "$workdir" "${binds[@]}" -- "$@"
}

# ---------------------------------------------------------------------------------------------
# The Debian mirror

# The host's apt source files, in apt's order.
apt_source_files() {
  local f
  [[ -f $APT_DIR/sources.list ]] && printf '%s\n' "$APT_DIR/sources.list"
  for f in "$APT_DIR"/sources.list.d/*; do
    case "$f" in *.list | *.sources) [[ -f $f ]] && printf '%s\n' "$f" ;; esac
  done
  return 0
}

# Prints the URIs of the Debian archive entries of the given apt source files (one-line .list
# and deb822 .sources), in order: `deb` entries, not disabled, with a Debian release suite
# (a codename or stable/testing/unstable/..., optionally -updates/-backports/-proposed-updates;
# so -security, third-party and Ubuntu entries are skipped) and an http(s)/ftp/file URI or a
# mirror+file: list (as on Debian cloud images; resolved by mirror_from_list).
debian_archive_uris() {
  (($# > 0)) || return 0
  awk '
    function suite_ok(s) {
      return s ~ /^(buzz|rex|bo|hamm|slink|potato|woody|sarge|etch|lenny|squeeze|wheezy|jessie|stretch|buster|bullseye|bookworm|trixie|forky|duke|sid|stable|oldstable|oldoldstable|testing|unstable|experimental)(-updates|-backports|-proposed-updates)?$/
    }
    function uri_ok(u) { return u ~ /^(https?|ftp|file|mirror\+file):\/\/[^ ]+$/ }
    function emit(uri) { sub(/\/+$/, "", uri); print uri }
    # deb822: one stanza of fields (lower-cased names) at a time.
    function flush(   n, i, t, types_ok, suites, ok, uris) {
      if (!(("uris" in F) && ("suites" in F))) { split("", F); return }
      types_ok = 0
      n = split(F["types"], t, /[ \t]+/)
      for (i = 1; i <= n; i++) if (t[i] == "deb") types_ok = 1
      if (tolower(F["enabled"]) ~ /^[ \t]*(no|false|0)[ \t]*$/) types_ok = 0
      ok = 0
      n = split(F["suites"], suites, /[ \t]+/)
      for (i = 1; i <= n; i++) if (suite_ok(suites[i])) ok = 1
      if (types_ok && ok) {
        n = split(F["uris"], uris, /[ \t]+/)
        for (i = 1; i <= n; i++) if (uri_ok(uris[i])) emit(uris[i])
      }
      split("", F)
    }
    FNR == 1 { flush(); last = "" }
    FILENAME ~ /\.sources$/ {
      if ($0 ~ /^#/) next
      if ($0 ~ /^[ \t]*$/) { flush(); last = ""; next }
      if ($0 ~ /^[ \t]/ && last != "") { F[last] = F[last] " " $0; next }
      if (match($0, /^[A-Za-z0-9-]+:/)) {
        last = tolower(substr($0, 1, RLENGTH - 1))
        F[last] = substr($0, RLENGTH + 1)
      }
      next
    }
    {
      line = $0
      sub(/#.*/, "", line)
      gsub(/\[[^]]*\]/, " ", line)
      $0 = line
      if ($1 == "deb" && uri_ok($2) && suite_ok($3)) emit($2)
    }
    END { flush() }
  ' "$@"
}

# mirror_from_list FILE: the first http(s)/ftp/file URI of an apt mirror list (apt's mirror+file:
# method: one URI per line, optionally followed by tab-separated metadata; # comments).
mirror_from_list() {
  [[ -f $1 ]] || return 0
  awk '{ sub(/#.*/, "") } $1 ~ /^(https?|ftp|file):\/\/./ { u = $1; sub(/\/+$/, "", u); print u; exit }' "$1"
}

# host_mirror: the mirror to download from: $OTPKIT_SWIFT_MIRROR, else the host's.
host_mirror() {
  if [[ -n ${OTPKIT_SWIFT_MIRROR:-} ]]; then
    printf '%s\n' "${OTPKIT_SWIFT_MIRROR%/}"
    return 0
  fi
  local files=() uris=() u uri=""
  mapfile -t files < <(apt_source_files)
  mapfile -t uris < <(debian_archive_uris "${files[@]+"${files[@]}"}")
  for u in "${uris[@]+"${uris[@]}"}"; do
    case "$u" in
      mirror+file://*) uri=$(mirror_from_list "${u#mirror+file://}") ;;
      *) uri=$u ;;
    esac
    [[ -z $uri ]] || break
  done
  if [[ -z $uri ]]; then
    log "error: no Debian mirror found in the host's apt sources (read: ${files[*]:-none under $APT_DIR})"
    log "  looked for a 'deb' entry with a Debian release suite (e.g. bookworm, trixie, stable) and an"
    log "  http(s)/ftp/file (or mirror+file:) URI; set OTPKIT_SWIFT_MIRROR=URL (e.g. http://deb.debian.org/debian) instead"
    return 1
  fi
  printf '%s\n' "$uri"
}

cmd_mirror() {
  local m
  m=$(host_mirror) || exit 1
  printf '%s\n' "$m"
}

# ---------------------------------------------------------------------------------------------
# Building

wipe_root() {
  check_root_path
  [[ -e $ROOT ]] || return 0
  unmount_all_under_root || die "mounts remain under $ROOT; refusing to delete it"
  log "deleting $ROOT"
  rm -rf --one-file-system -- "$ROOT"
}

host_has_debootstrap() {
  command -v debootstrap >/dev/null 2>&1 && return 0
  log "installing debootstrap on the host"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq 9>&- >&2
  apt-get install -y -qq debootstrap 9>&- >/dev/null
}

stage_debootstrap() {
  if [[ -f $STAGE1 ]]; then return 0; fi
  if [[ -e $ROOT ]]; then
    log "found an incomplete chroot at $ROOT (debootstrap did not finish); starting over"
    wipe_root
  fi
  local mirror
  mirror=$(host_mirror) || die "cannot bootstrap $ROOT without a Debian mirror"
  host_has_debootstrap
  mkdir -p "$ROOT"
  log "debootstrap --variant=minbase $SUITE $ROOT $mirror (a minute or two)"
  local t0=$SECONDS
  if ! debootstrap --variant=minbase "$SUITE" "$ROOT" "$mirror" 9>&- >"$ROOT.debootstrap.log" 2>&1; then
    tail -n 30 "$ROOT.debootstrap.log" >&2 || true
    [[ -f $ROOT/debootstrap/debootstrap.log ]] && tail -n 30 "$ROOT/debootstrap/debootstrap.log" >&2
    die "debootstrap failed (full log: $ROOT.debootstrap.log); the next 'ensure' starts over"
  fi
  date -u +%FT%TZ >"$STAGE1"
  log "debootstrap done in $((SECONDS - t0))s"
}

stage_packages() {
  rm -f "$MARKER"
  cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf"
  # Download from the host's mirror now (it may have changed since debootstrap); without one,
  # keep the chroot's own sources (the mirror it was bootstrapped from).
  local mirror
  if mirror=$(host_mirror 2>/dev/null); then
    printf 'deb %s %s main\n' "$mirror" "$SUITE" >"$ROOT/etc/apt/sources.list.tmp"
    mv -f "$ROOT/etc/apt/sources.list.tmp" "$ROOT/etc/apt/sources.list"
  else
    log "no Debian mirror in the host's apt sources; keeping the chroot's: $(grep -m1 '^deb ' "$ROOT/etc/apt/sources.list" 2>/dev/null || echo none)"
  fi
  # No daemons may start inside the chroot while packages are configured.
  printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d"
  chmod 755 "$ROOT/usr/sbin/policy-rc.d"
  # Non-interactive apt everywhere, and no documentation (saves disk).
  cat >"$ROOT/etc/apt/apt.conf.d/90otpkit" <<'EOF'
APT::Get::Assume-Yes "true";
Dpkg::Options { "--force-confdef"; "--force-confold"; };
Acquire::Retries "3";
DPkg::Lock::Timeout "300";
EOF
  cat >"$ROOT/etc/dpkg/dpkg.cfg.d/90otpkit-nodoc" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
EOF
  log "installing/checking ${PACKAGES[*]} in the chroot (a minute or two on first setup, ~2.6 GB)"
  local t0=$SECONDS
  # dpkg --configure -a and apt-get -f repair an install that was killed midway.
  # An apt-get killed with its caller can leave dpkg running in its own session; wait for it.
  # shellcheck disable=SC2016 # expanded by the inner sh
  local script='set -e
    i=0
    until dpkg --configure -a; do
      i=$((i + 1)); [ "$i" -lt 60 ] || exit 1
      echo "dpkg is busy or failed; retrying in 5s ($i/60)"; sleep 5
    done
    apt-get update -q
    apt-get -f install -q -y
    apt-get install -q -y "$@"
    apt-get clean
    swift --version'
  if ! in_chroot / -- /bin/sh -c "$script" sh "${PACKAGES[@]}" >"$ROOT.packages.log" 2>&1; then
    tail -n 40 "$ROOT.packages.log" >&2 || true
    die "installing packages failed (full log: $ROOT.packages.log); the next 'ensure' retries"
  fi
  log "packages installed in $((SECONDS - t0))s"

  log "smoke test: compiling and running a Swift program that uses Foundation"
  local smoke='set -e
    cd /tmp
    printf "%s\n" "import Foundation" \
      "let d = Date(timeIntervalSince1970: 86400)" \
      "print(ISO8601DateFormatter().string(from: d), TimeZone(identifier: \"Europe/Paris\") != nil)" >smoke.swift
    swiftc smoke.swift -o smoke
    ./smoke'
  local out
  if ! out=$(in_chroot / -- /bin/sh -c "$smoke" 2>&1) || [[ $out != *"1970-01-02T00:00:00Z true"* ]]; then
    printf '%s\n' "$out" >&2
    die "smoke test failed; the chroot is not marked ready"
  fi

  local version
  version=$(in_chroot / -- swift --version 2>&1 | grep -m1 -i 'swift version' || true)
  [[ -n $version ]] || die "could not read swift --version"
  {
    printf 'recipe=%s\n' "$RECIPE"
    printf 'swift=%s\n' "$version"
    printf 'created=%s\n' "$(date -u +%FT%TZ)"
  } >"$MARKER.tmp"
  mv -f "$MARKER.tmp" "$MARKER"
}

cmd_ensure() {
  require_root
  check_root_path
  if is_ready; then
    log "ready: $ROOT ($(sed -n 's/^swift=//p' "$MARKER"))"
    return 0
  fi
  mkdir -p "$(dirname "$ROOT")"
  exec 9>"$BUILD_LOCK"
  if ! flock -n 9; then
    log "another 'ensure' is building $ROOT; waiting for it"
    flock -w "${OTPKIT_SWIFT_LOCK_TIMEOUT:-3600}" 9 || die "timed out waiting for $BUILD_LOCK"
  fi
  if is_ready; then
    log "ready: $ROOT ($(sed -n 's/^swift=//p' "$MARKER"))"
    return 0
  fi
  local t0=$SECONDS
  stage_debootstrap
  stage_packages
  log "ready after $((SECONDS - t0))s: $ROOT ($(sed -n 's/^swift=//p' "$MARKER"))"
  flock -u 9
}

cmd_status() {
  check_root_path
  local rc=0
  if is_ready; then
    printf 'ready: %s\n' "$ROOT"
    sed 's/^/  /' "$MARKER"
  elif [[ -f $MARKER ]]; then
    printf 'not ready: %s was built from an older recipe (run ensure to update)\n' "$ROOT"
    rc=1
  elif [[ -e $ROOT ]]; then
    printf 'not ready: %s is incomplete (run ensure to repair)\n' "$ROOT"
    rc=1
  else
    printf 'not ready: %s does not exist (run ensure)\n' "$ROOT"
    rc=1
  fi
  local m
  m=$(mounts_under_root)
  if [[ -n $m ]]; then printf 'mounts under it in this namespace:\n  %s\n' "${m//$'\n'/$'\n  '}"; fi
  return "$rc"
}

cmd_remove() {
  require_root
  check_root_path
  mkdir -p "$(dirname "$ROOT")"
  exec 9>"$BUILD_LOCK"
  flock -w "${OTPKIT_SWIFT_LOCK_TIMEOUT:-3600}" 9 || die "timed out waiting for $BUILD_LOCK"
  # Wait for runs that share mounts in the host namespace (ns-mode runs never expose theirs).
  exec 7>"$USE_LOCK" 8>"$MOUNT_LOCK"
  flock -w "${OTPKIT_SWIFT_LOCK_TIMEOUT:-3600}" 7 || die "timed out waiting for running commands"
  flock 8
  wipe_root
  rm -f "$ROOT.debootstrap.log" "$ROOT.packages.log"
  log "removed $ROOT"
}

main() {
  local cmd=${1:-}
  [[ $# -gt 0 ]] && shift
  case "$cmd" in
    ensure) cmd_ensure "$@" ;;
    status) cmd_status "$@" ;;
    run) cmd_run "$@" ;;
    remove) cmd_remove "$@" ;;
    mirror) cmd_mirror "$@" ;;
    __inner) inner "$@" ;;
    -h | --help | help) usage ;;
    *) usage; die "unknown command '${cmd}'" 2 ;;
  esac
}

main "$@"
