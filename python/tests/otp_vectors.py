"""Shared-vector loading and small helpers for the otpkit Python tests.

The vectors live in <repo>/tests/vectors/*.json; the repo root is found from this file's path
(<repo>/python/tests/otp_vectors.py), never from the installed package.
"""

import json
from pathlib import Path

import pytest

from otpkit import HashAlgorithm, OtpParameters, OtpType

REPO = Path(__file__).resolve().parents[2]
VECTORS = REPO / "tests" / "vectors"

STEAM_ALPHABET = "23456789BCDFGHJKMNPQRTVWXY"


def load(name):
    """The parsed JSON of tests/vectors/<name>, or None when the file does not exist."""
    path = VECTORS / name
    if not path.exists():
        return None
    with path.open(encoding="utf-8") as f:
        return json.load(f)


def cases(items, key="name"):
    """pytest.param per vector, with the vector's name as the test id."""
    return [pytest.param(item, id=item[key]) for item in items]


OTP_TYPES = {
    "totp": OtpType.TOTP,
    "hotp": OtpType.HOTP,
    "steam": OtpType.STEAM,
    "motp": OtpType.MOTP,
    "yandex": OtpType.YANDEX,
}

# Kinds whose codes need the account's PIN.
PIN_KINDS = {"motp", "yandex"}


def otp_type(kind):
    return OTP_TYPES[kind.lower()]


ALGORITHMS = {
    "SHA1": HashAlgorithm.SHA1,
    "SHA224": HashAlgorithm.SHA224,
    "SHA256": HashAlgorithm.SHA256,
    "SHA384": HashAlgorithm.SHA384,
    "SHA512": HashAlgorithm.SHA512,
    "SHA3-224": HashAlgorithm.SHA3_224,
    "SHA3-256": HashAlgorithm.SHA3_256,
    "SHA3-384": HashAlgorithm.SHA3_384,
    "SHA3-512": HashAlgorithm.SHA3_512,
    "MD5": HashAlgorithm.MD5,
}


def algorithm(name):
    """The FFI enum for a canonical algorithm name of the vector files (`SHA3-256`)."""
    return ALGORITHMS[name.upper()]


def params_of(v):
    """OtpParameters for a codes.json vector (null period/t0/counter become 0)."""
    return OtpParameters(
        otp_type=otp_type(v["kind"]),
        algorithm=algorithm(v["algorithm"]),
        digits=v["digits"],
        period=v["period"] or 0,
        t0=v["t0"] or 0,
        counter=v["counter"] or 0,
    )


def totp_params(digits=6, period=30, algo=HashAlgorithm.SHA1, t0=0):
    return OtpParameters(otp_type=OtpType.TOTP, algorithm=algo, digits=digits, period=period, t0=t0, counter=0)


def steam_params():
    return OtpParameters(otp_type=OtpType.STEAM, algorithm=HashAlgorithm.SHA1, digits=5, period=30, t0=0, counter=0)


def hotp_params(counter, digits=6, algo=HashAlgorithm.SHA1):
    return OtpParameters(otp_type=OtpType.HOTP, algorithm=algo, digits=digits, period=0, t0=0, counter=counter)


def moving_factor(v):
    """The HOTP counter or TOTP/Steam time step of a codes.json vector (times before t0 are step 0)."""
    if v["kind"] == "hotp":
        return v["counter"]
    return max(0, v["time"] - (v["t0"] or 0)) // v["period"]


def format_number(value, v):
    """Renders CodeGenerator.code_number_at's result like the code string: zero-padded digits, or
    for Steam the 5 symbols taken from the 31-bit value, least significant first."""
    if v["kind"] == "steam":
        out = []
        for _ in range(v["digits"]):
            out.append(STEAM_ALPHABET[value % 26])
            value //= 26
        return "".join(out)
    return str(value).zfill(v["digits"])
