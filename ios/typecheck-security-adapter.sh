#!/usr/bin/env bash
# Type-checks the Security-backed Keychain adapter (Sources/OtpKit/Keychain/SecurityKeychain.swift,
# `#if canImport(Security)`) on a machine without Apple's SDK: compiles Tests/SecurityStub (the
# Security declarations the adapter uses, with the SDK's signatures) as a module named
# `Security`, so `canImport(Security)` holds, then runs `swiftc -typecheck` over the OtpKit
# module's sources (generated binding + Keychain/) with it. Catches type errors in the adapter;
# it cannot show that the SDK behaves as the stub's names suggest (see ios/README.md).
# Needs swiftc: run it in the Swift chroot (ios/run-tests.sh does) after copy-bindings.sh.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$HERE/.build/security-stub"
mkdir -p "$OUT"
cd "$HERE"
swiftc -parse-as-library -emit-module -module-name Security \
  -emit-module-path "$OUT/Security.swiftmodule" Tests/SecurityStub/Security.swift
swiftc -typecheck -module-name OtpKit -I "$OUT" -I Sources/otpkit_ffiFFI \
  Sources/OtpKit/OtpKit.swift Sources/OtpKit/Keychain/*.swift
echo "SecurityKeychain.swift type-checks against the Security stub"
