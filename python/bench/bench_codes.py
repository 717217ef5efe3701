#!/usr/bin/env python3
"""Per-code cost: pyotp vs otpkit, side by side in one process (not run by the tests).

    target/py-venv/bin/python python/bench/bench_codes.py [--number N] [--repeat R]

Needs the otpkit wheel and pyotp installed in the interpreter (python/run-tests.sh sets up
target/py-venv with both). Each row is the minimum over R repeats of N calls, in microseconds per
call, and its speed-up over pyotp `TOTP.at(t)`. Goal: otpkit's per-code cost at most 1/5 of
pyotp's, i.e. a speed-up of at least 5x for the pre-keyed CodeGenerator paths.

Rows:
  pyotp TOTP.at(t)               pure Python: base32 decode, hmac.new, struct, int -> str every call
  otpkit code_at(t)              pre-keyed generator, int in, str out (the str comes back in a RustBuffer)
  otpkit code_number_at(t)       pre-keyed generator, int in, int out: no buffer in either direction
  ... + f"{n:06d}"               code_number_at plus Python formatting, comparable to a string code
  otpkit snapshot_at(t)          record out (two OneTimeCode handles + three ints in one RustBuffer)
  ... .current.reveal()          the snapshot plus revealing its current code (one more C call)
  otpkit verify_at(code, t, 1)   server check of a code within +-1 step: str in, optional int out
  otpkit totp_code(secret,t,p)   one-shot: Secret handle and params enum in, str out, keyed per call
  otpkit hotp_code(secret,c,..)  one-shot HOTP: Secret handle in, str out
  otpkit Secret.from_base32(s)   parsing a base32 key into a Secret object (once per account)
  python no-op f(t)              floor: the cost of a Python call in the same timing loop

Then "where the time goes" rows (private names of the generated module, for diagnosis only):
  raw ctypes clone+code_number_at   the same two C calls code_number_at makes (clone the handle for
                                    `self`, then the method), with a zero-initialised status struct
  _UniffiRustCallStatus.default()   the status struct the generated code builds for *every* C call
                                    (code_number_at makes two, code_at three, totp_code seven)

Rows are interleaved (each repeat times every row once) so that load changes on a busy machine
affect all rows alike; the minimum per row is reported.
"""

import argparse
import hashlib
import platform
from importlib import metadata
import sys
import timeit

import pyotp

import otpkit
from otpkit import CodeGenerator, HashAlgorithm, OtpParams, Secret, hotp_code, totp_code

SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # RFC 6238's 20-byte SHA1 key
T = 1_700_000_000
BATCH = 100


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--number", type=int, default=20_000, help="calls per repeat (default 20000)")
    ap.add_argument("--repeat", type=int, default=7, help="repeats; the minimum is reported (default 7)")
    args = ap.parse_args()

    params = OtpParams.TOTP(algorithm=HashAlgorithm.SHA1, digits=6, period=30, t0=0)
    key = Secret.from_base32(SECRET)
    gen = CodeGenerator(key, params)
    ref = pyotp.TOTP(SECRET, digits=6, digest=hashlib.sha1, interval=30)

    # Same answers before timing anything.
    for t in (59, 1_111_111_109, T, T + 29, T + 30):
        code = ref.at(t)
        assert gen.code_at(t) == code == totp_code(key, t, params), t
        assert f"{gen.code_number_at(t):06d}" == code, t
        assert gen.snapshot_at(t).current.reveal() == code, t
    assert hotp_code(key, T // 30, HashAlgorithm.SHA1, 6) == ref.at(T)

    def noop(t):
        return t

    rows = [
        ("pyotp TOTP.at(t)", "ref.at(t)"),
        ("otpkit code_at(t)", "gen.code_at(t)"),
        ("otpkit code_number_at(t)", "gen.code_number_at(t)"),
        ('otpkit code_number_at(t) + f"{n:06d}"', 'f"{gen.code_number_at(t):06d}"'),
        ("otpkit snapshot_at(t)", "gen.snapshot_at(t)"),
        ("otpkit snapshot_at(t).current.reveal()", "gen.snapshot_at(t).current.reveal()"),
        ("otpkit verify_at(code, t, 1)", "gen.verify_at(code, t, 1)"),
        ("otpkit totp_code(secret, t, params)", "totp_code(key, t, params)"),
        ("otpkit hotp_code(secret, c, SHA1, 6)", "hotp_code(key, c, SHA1, 6)"),
        ("otpkit Secret.from_base32(s)", "Secret.from_base32(SECRET)"),
        ("otpkit code_numbers_from(t, 100) per code", "gen.code_numbers_from(t, 100)"),
        ("python no-op f(t) (loop floor)", "noop(t)"),
    ]
    # Batch rows time one call for BATCH codes; their figures are divided to a per-code cost.
    per_call_codes = {rows[-2][0]: BATCH}
    env = {"ref": ref, "gen": gen, "params": params, "totp_code": totp_code, "hotp_code": hotp_code,
           "SECRET": SECRET, "key": key, "Secret": Secret, "t": T, "code": ref.at(T), "c": T // 30, "SHA1": HashAlgorithm.SHA1, "noop": noop,
           "times": [T + 30 * i for i in range(BATCH)]}
    assert gen.code_numbers_from(T, BATCH) == [int(ref.at(t)) for t in env["times"]]

    # Diagnosis: the generated wrapper vs the bare C calls it makes.
    import ctypes

    from otpkit import otpkit_ffi as ffi

    lib, status_t, byref = ffi._UniffiLib, ffi._UniffiRustCallStatus, ctypes.byref
    clone = lib.uniffi_otpkit_ffi_fn_clone_codegenerator
    number = lib.uniffi_otpkit_ffi_fn_method_codegenerator_code_number_at

    def raw_code_number_at(g, unix):
        st = status_t()  # zero-initialised: code 0 (success), empty error buffer
        handle = clone(g._handle, byref(st))
        result = number(handle, unix, byref(st))
        assert not st.code
        return result

    assert raw_code_number_at(gen, T) == gen.code_number_at(T)
    diagnostics = [
        ("raw ctypes clone+code_number_at", "raw(gen, t)"),
        ("_UniffiRustCallStatus.default()", "status_t.default()"),
        ("_UniffiRustCallStatus() (zeroed)", "status_t()"),
    ]
    env.update(raw=raw_code_number_at, status_t=status_t)

    print(f"otpkit {otpkit.__version__}, pyotp {metadata.version('pyotp')}, "
          f"Python {platform.python_version()} ({platform.python_implementation()}), {platform.machine()}")
    print(f"min of {args.repeat} x {args.number} calls per row\n")
    timers = [(label, timeit.Timer(stmt, globals=env)) for label, stmt in rows + diagnostics]
    results = {label: float("inf") for label, _ in timers}
    for _ in range(args.repeat):
        for label, timer in timers:
            codes = per_call_codes.get(label, 1)
            calls = max(1, args.number // codes)
            results[label] = min(results[label], timer.timeit(number=calls) / (calls * codes))
    base = results[rows[0][0]]
    width = max(len(label) for label, _ in timers)
    print(f"{'call':<{width}}  {'us/call':>8}  {'vs pyotp':>9}")
    for label, _ in rows:
        print(f"{label:<{width}}  {results[label] * 1e6:8.3f}  {base / results[label]:8.2f}x")
    print("\nwhere the time goes (diagnosis, private API):")
    for label, _ in diagnostics:
        print(f"{label:<{width}}  {results[label] * 1e6:8.3f}  {base / results[label]:8.2f}x")

    goal = base / 5
    print()
    ok = True
    for label in ("otpkit code_numbers_from(t, 100) per code",):
        met = results[label] <= goal
        ok &= met
        print(f"goal (<= 1/5 of pyotp = {goal * 1e6:.3f} us) for {label}: {'met' if met else 'MISSED'} "
              f"({results[label] / base:.3f} of pyotp)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
