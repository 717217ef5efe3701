#!/usr/bin/env python3
"""Per-code cost: pyotp vs otpkit (the PyO3 module), side by side in one process (not a test).

    target/py-clean-venv/bin/python python/bench/bench_codes.py [--number N] [--repeat R]

Needs the otpkit wheel and pyotp installed in the interpreter (python/run-tests.sh leaves both in
target/py-clean-venv). Each row is the minimum over R repeats of N calls, in microseconds per
call, and its speed-up over the pyotp call it is compared with. Rows are interleaved (each repeat
times every row once), so load changes on a busy machine affect all rows alike.

Goals (docs/decisions.md), one line each, `goal ... met` or `goal ... missed`:
  pre-keyed code     CodeGenerator.code_at(t)          >= 20x faster than pyotp TOTP.at(t)
  one-shot TOTP      totp_code(Secret.from_base32(s), t, params)
                                                       >= 5x faster than pyotp TOTP(s).at(t)
  verify +-1         CodeGenerator.verify_at(code, t, 1)
                                                       >= 10x faster than pyotp TOTP.verify(code, t, valid_window=1)
Exit status 0 when every goal is met, 1 otherwise. (The Redis-backed server throughput goal is
python/bench/bench_server.py's.)
"""

import argparse
import hashlib
import platform
import sys
import timeit
from importlib import metadata

import pyotp

import otpkit
from otpkit import CodeGenerator, HashAlgorithm, OtpParams, Secret, hotp_code, totp_code

SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # RFC 6238's 20-byte SHA1 key
T = 1_700_000_000
BATCH = 100

# (label, statement, label of the pyotp row it is compared with)
ROWS = [
    ("pyotp TOTP.at(t)", "ref.at(t)", None),
    ("pyotp TOTP(s).at(t)", "pyotp.TOTP(SECRET).at(t)", None),
    ("pyotp verify(code, t, valid_window=1)", "ref.verify(code, t, valid_window=1)", None),
    ("otpkit code_at(t)", "gen.code_at(t)", "pyotp TOTP.at(t)"),
    ("otpkit code_number_at(t)", "gen.code_number_at(t)", "pyotp TOTP.at(t)"),
    ('otpkit f"{code_number_at(t):06d}"', 'f"{gen.code_number_at(t):06d}"', "pyotp TOTP.at(t)"),
    ("otpkit snapshot_at(t).current.reveal()", "gen.snapshot_at(t).current.reveal()", "pyotp TOTP.at(t)"),
    ("otpkit code_numbers_from(t, 100) per code", "gen.code_numbers_from(t, BATCH)", "pyotp TOTP.at(t)"),
    ("otpkit totp_code(Secret.from_base32(s), t, p)", "totp_code(Secret.from_base32(SECRET), t, params)",
     "pyotp TOTP(s).at(t)"),
    ("otpkit totp_code(key, t, p)", "totp_code(key, t, params)", "pyotp TOTP(s).at(t)"),
    ("otpkit hotp_code(key, c, SHA1, 6)", "hotp_code(key, c, SHA1, 6)", "pyotp TOTP.at(t)"),
    ("otpkit Secret.from_base32(s)", "Secret.from_base32(SECRET)", "pyotp TOTP(s).at(t)"),
    ("otpkit verify_at(code, t, 1)", "gen.verify_at(code, t, 1)", "pyotp verify(code, t, valid_window=1)"),
    ("python no-op f(t) (loop floor)", "noop(t)", "pyotp TOTP.at(t)"),
]
PER_CALL_CODES = {"otpkit code_numbers_from(t, 100) per code": BATCH}
GOALS = [
    ("pre-keyed code", "otpkit code_at(t)", 20.0),
    ("one-shot TOTP from base32", "otpkit totp_code(Secret.from_base32(s), t, p)", 5.0),
    ("verify +-1", "otpkit verify_at(code, t, 1)", 10.0),
]


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
        assert totp_code(Secret.from_base32(SECRET), t, params) == pyotp.TOTP(SECRET).at(t) == code, t
        assert f"{gen.code_number_at(t):06d}" == code, t
        assert gen.snapshot_at(t).current.reveal() == code, t
        assert gen.verify_at(code, t, 1) == 0 and ref.verify(code, t, valid_window=1), t
        assert gen.verify_at(ref.at(t - 30), t, 1) == -1 and gen.verify_at(ref.at(t + 90), t, 1) is None, t
    assert hotp_code(key, T // 30, HashAlgorithm.SHA1, 6) == ref.at(T)
    assert gen.code_numbers_from(T, BATCH) == [int(ref.at(T + 30 * i)) for i in range(BATCH)]

    def noop(t):
        return t

    env = {"ref": ref, "gen": gen, "params": params, "totp_code": totp_code, "hotp_code": hotp_code,
           "pyotp": pyotp, "SECRET": SECRET, "key": key, "Secret": Secret, "t": T, "code": ref.at(T),
           "c": T // 30, "SHA1": HashAlgorithm.SHA1, "noop": noop, "BATCH": BATCH}

    print(f"otpkit {otpkit.__version__}, pyotp {metadata.version('pyotp')}, "
          f"Python {platform.python_version()} ({platform.python_implementation()}), {platform.machine()}")
    print(f"min of {args.repeat} x {args.number} calls per row\n")
    timers = [(label, timeit.Timer(stmt, globals=env)) for label, stmt, _ in ROWS]
    results = {label: float("inf") for label, _ in timers}
    for _ in range(args.repeat):
        for label, timer in timers:
            codes = PER_CALL_CODES.get(label, 1)
            calls = max(1, args.number // codes)
            results[label] = min(results[label], timer.timeit(number=calls) / (calls * codes))

    width = max(len(label) for label, _, _ in ROWS)
    print(f"{'call':<{width}}  {'us/call':>8}  {'speed-up':>9}  vs")
    for label, _, base in ROWS:
        speedup = f"{results[base] / results[label]:8.2f}x" if base else f"{'':9}"
        print(f"{label:<{width}}  {results[label] * 1e6:8.3f}  {speedup}  {base or ''}")

    print()
    ok = True
    for goal, label, factor in GOALS:
        base = next(b for lab, _, b in ROWS if lab == label)
        speedup = results[base] / results[label]
        met = speedup >= factor
        ok &= met
        print(f"goal {goal}: {label} >= {factor:g}x faster than {base}: {speedup:.1f}x "
              f"({results[label] * 1e6:.3f} vs {results[base] * 1e6:.3f} us) {'met' if met else 'missed'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
