#!/usr/bin/env python3
"""Reference codes from independent implementations, for core/tests/crosscheck.rs.

    python3 tests/crosscheck/crosscheck.py OUT.json [SEED] [--cases N]

Writes N (default 5000) random cases with their expected codes to OUT.json:

* about half from oathtool (OATH Toolkit): HOTP (HMAC-SHA1 only) and TOTP SHA1/SHA256/SHA512,
  6-8 digits, periods 1-120 s, T0 > 0, times up to 2^34. One oathtool process per random
  secret/parameter set, with `--window` so that each process yields several consecutive codes;
  processes run in parallel.
* the rest from pyotp: HOTP/TOTP with all nine hashes (SHA1, SHA224, SHA256, SHA384, SHA512,
  SHA3-224/256/384/512: pyotp takes any hashlib constructor) and 1-10 digits, counters over the full
  64-bit range, Steam Guard. Where the installed pyotp cannot express a case (pyotp's Steam class
  ignores its period; newer pyotp releases refuse < 6 digits, short secrets or periods > 120 s) the
  expected code comes from otpref.py (Python's hmac module) and the case says so in `source`.

* a few hundred mOTP and Yandex Key cases (random secrets, PINs and times; otpref.py's hashlib
  implementations written from the published descriptions, checked against Aegis' published
  vectors in make_vectors.py), source "python-hashlib".

Every expected code is also recomputed with otpref.py; any disagreement between the tools aborts
the run, so a bad reference cannot silently pass or fail the Rust test. The seed is printed and
recorded in the file; pass it back to reproduce a run.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime
import json
import os
import random
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import otpref  # noqa: E402

HASHES = otpref.DIGESTS
ALGORITHMS = list(HASHES)
OATH_ALGORITHMS = ["SHA1", "SHA256", "SHA512"]  # all oathtool's TOTP mode knows
MAX_TIME = 2**34
OATH_WINDOW = 9  # `--window=9` prints 10 consecutive codes per process


def case(kind, key, algorithm, digits, *, period=None, t0=None, counter=None, when=None, expected, source):
    return {
        "name": "",
        "kind": kind,
        "secret_base32": otpref.b32(key),
        "secret_hex": key.hex(),
        "algorithm": algorithm,
        "digits": digits,
        "period": period,
        "t0": t0,
        "counter": counter,
        "time": when,
        "expected": expected,
        "source": source,
    }


def reference(c) -> str:
    if c["kind"] in ("motp", "yandex"):
        return otpref.pin_code(bytes.fromhex(c["secret_hex"]), c["kind"], c["pin"], c["time"], c["period"])
    return otpref.code(
        bytes.fromhex(c["secret_hex"]), c["kind"], c["algorithm"], c["digits"],
        counter=c["counter"], time=c["time"], period=c["period"] or 30, t0=c["t0"] or 0,
    )


def random_key(rng: random.Random) -> bytes:
    return rng.randbytes(rng.randint(10, 64))


def random_counter(rng: random.Random, headroom: int = 0) -> int:
    top = rng.choice([1000, 2**32, 2**53, 2**64])
    return rng.randrange(top - headroom)


def random_time_params(rng: random.Random):
    """(period, t0, time) with t0 <= time < 2^34."""
    period = rng.choice([30, 60, rng.randint(1, 120)])
    when = rng.randrange(MAX_TIME)
    t0 = 0 if rng.random() < 0.5 else rng.randrange(when + 1)
    return period, t0, when


# --- oathtool ------------------------------------------------------------------------------------

def oathtool_version() -> str:
    out = subprocess.run(["oathtool", "--version"], check=True, capture_output=True, text=True).stdout
    return out.splitlines()[0].strip()


def oath_job(rng: random.Random):
    """One oathtool invocation: (argv, list of case templates, one per output line)."""
    key = random_key(rng)
    digits = rng.randint(6, 8)
    if rng.random() < 0.25:
        # HOTP: oathtool's event mode is HMAC-SHA1 only.
        start = random_counter(rng, headroom=OATH_WINDOW + 1)
        argv = ["oathtool", f"--digits={digits}", f"--counter={start}", f"--window={OATH_WINDOW}", key.hex()]
        cases = [dict(kind="hotp", key=key, algorithm="SHA1", digits=digits, counter=start + i)
                 for i in range(OATH_WINDOW + 1)]
    else:
        algorithm = rng.choice(OATH_ALGORITHMS)
        period, t0, when = random_time_params(rng)
        argv = ["oathtool", f"--totp={algorithm}", f"--digits={digits}", f"--time-step-size={period}s",
                f"--start-time=@{t0}", f"--now=@{when}", f"--window={OATH_WINDOW}", key.hex()]
        # Line i is the code for the step i after the one containing `when`.
        cases = [dict(kind="totp", key=key, algorithm=algorithm, digits=digits, period=period, t0=t0,
                      when=when + i * period) for i in range(OATH_WINDOW + 1)]
    return argv, cases


def run_oath_job(job):
    argv, templates = job
    out = subprocess.run(argv, check=True, capture_output=True, text=True).stdout.split()
    if len(out) != len(templates):
        raise RuntimeError(f"{' '.join(argv)}: expected {len(templates)} codes, got {out}")
    return [case(expected=code, source="oathtool", **t) for code, t in zip(out, templates)]


def oathtool_cases(rng: random.Random, n: int):
    jobs = [oath_job(rng) for _ in range(-(-n // (OATH_WINDOW + 1)))]
    workers = max(2, 2 * (os.cpu_count() or 1))
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(run_oath_job, jobs))
    return [c for batch in results for c in batch][:n]


# --- pyotp ---------------------------------------------------------------------------------------

def pyotp_cases(rng: random.Random, n: int):
    import pyotp
    import pyotp.contrib

    pyotp_source = f"pyotp {pyotp_version()}"
    cases = []
    for _ in range(n):
        key = random_key(rng)
        secret = otpref.b32_padded(key)
        r = rng.random()
        if r < 0.15:
            kind, algorithm, digits = "steam", "SHA1", 5
            _, _, when = random_time_params(rng)
            period = 30 if rng.random() < 0.7 else rng.randint(1, 120)
            params = dict(period=period, t0=0, when=when)
        else:
            kind = "hotp" if r < 0.45 else "totp"
            algorithm = rng.choice(ALGORITHMS)
            digits = rng.randint(1, 10)
            if kind == "hotp":
                params = dict(counter=random_counter(rng))
            else:
                period, t0, when = random_time_params(rng)
                params = dict(period=period, t0=t0, when=when)
        try:
            if kind == "hotp":
                code = pyotp.HOTP(secret, digits=digits, digest=HASHES[algorithm]).at(params["counter"])
            else:
                at = datetime.datetime.fromtimestamp(params["when"] - params["t0"], tz=datetime.timezone.utc)
                if kind == "steam":
                    if params["period"] != 30:
                        raise ValueError("pyotp's Steam class ignores its interval")
                    code = pyotp.contrib.Steam(secret).at(at)
                else:
                    code = pyotp.TOTP(secret, digits=digits, digest=HASHES[algorithm],
                                      interval=params["period"]).at(at)
            source = pyotp_source
        except ValueError:
            code = None
            source = "python-hmac (tests/crosscheck/otpref.py)"
        c = case(kind, key, algorithm, digits, expected=code, source=source, **params)
        if c["expected"] is None:
            c["expected"] = reference(c)
        cases.append(c)
    return cases


def pyotp_version() -> str:
    from importlib.metadata import version

    return version("pyotp")


# --- mOTP / Yandex Key ----------------------------------------------------------------------------

PIN_SOURCE = "python-hashlib (tests/crosscheck/otpref.py)"


def pin_cases(rng: random.Random, n: int):
    cases = []
    for _ in range(n):
        kind = rng.choice(["motp", "yandex"])
        key = rng.randbytes(rng.choice([16, 26]) if kind == "yandex" else rng.randint(4, 32))
        pin = "".join(rng.choice("0123456789") for _ in range(rng.randint(4, 16)))
        period = 10 if kind == "motp" else 30
        when = rng.randrange(MAX_TIME)
        c = case(kind, key, "MD5" if kind == "motp" else "SHA256", 6 if kind == "motp" else 8,
                 period=period, t0=0, when=when, expected=None, source=PIN_SOURCE)
        c["pin"] = pin
        c["expected"] = reference(c)
        cases.append(c)
    return cases


# --- main ----------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", help="where to write the JSON file")
    ap.add_argument("seed", nargs="?", type=int, help="random seed (default: random, printed)")
    ap.add_argument("--cases", type=int, default=5000, help="total number of cases (default 5000)")
    args = ap.parse_args()

    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**63)
    print(f"crosscheck: seed {seed} (reproduce with: tests/crosscheck/run.sh {seed})", file=sys.stderr)
    rng = random.Random(seed)
    started = time.monotonic()

    if shutil.which("oathtool") is None:
        sys.exit("crosscheck: oathtool not found (Debian/Ubuntu: apt-get install oathtool)")
    try:
        tools = {"oathtool": oathtool_version(), "pyotp": pyotp_version()}
    except Exception as e:  # noqa: BLE001 - report any missing dependency the same way
        sys.exit(f"crosscheck: pyotp not importable ({e}); pip install -r tests/crosscheck/requirements.txt")

    n_oath = args.cases // 2
    n_pin = args.cases // 20
    cases = (oathtool_cases(rng, n_oath) + pyotp_cases(rng, args.cases - n_oath - n_pin)
             + pin_cases(rng, n_pin))

    disagreements = []
    for i, c in enumerate(cases):
        c["name"] = f"{c['source'].split()[0]}-{c['kind']}-{i}"
        ref = reference(c)
        if ref != c["expected"]:
            disagreements.append(f"{json.dumps(c)}: otpref.py says {ref}")
    if disagreements:
        sys.exit("crosscheck: reference implementations disagree:\n" + "\n".join(disagreements[:20]))

    doc = {
        "format": "otpkit-crosscheck",
        "version": 1,
        "seed": seed,
        "tools": tools,
        "fields": "as in tests/vectors/codes.json (code_vectors); counters may use the full u64 range",
        "cases": cases,
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(doc, f, separators=(",", ":"))
    by_source: dict[str, int] = {}
    for c in cases:
        by_source[c["source"]] = by_source.get(c["source"], 0) + 1
    print(f"crosscheck: wrote {len(cases)} cases to {args.out} in {time.monotonic() - started:.2f}s "
          f"({', '.join(f'{k}: {v}' for k, v in sorted(by_source.items()))})", file=sys.stderr)


if __name__ == "__main__":
    main()
