"""Shared-vector loading and small helpers for the otpkit Python tests.

The vectors live in <repo>/tests/vectors/*.json; the repo root is found from this file's path
(<repo>/python/tests/otp_vectors.py), never from the installed package.
"""

import json
from pathlib import Path

import pytest

from otpkit import HashAlgorithm, OtpParams, Secret, SmsWarning, TimeSource, UriWarning

REPO = Path(__file__).resolve().parents[2]
VECTORS = REPO / "tests" / "vectors"

STEAM_ALPHABET = "23456789BCDFGHJKMNPQRTVWXY"
RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # RFC 6238's 20-byte SHA1 key, "12345678901234567890"


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


# Kinds whose codes need the account's PIN.
PIN_KINDS = {"motp", "yandex"}

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


def param_algorithm(algo):
    """The `algorithm` field of TOTP/HOTP params as the binding returns it: None for SHA1 (the
    standard, so that default parameters compare equal), the enum otherwise."""
    return None if algo in (None, HashAlgorithm.SHA1) else algo


def secret(text=RFC_SECRET):
    return Secret.from_base32(text)


def kind_of(params):
    """The vector-file kind name ("totp", "hotp", ...) of an OtpParams value."""
    for name, cls in (("totp", OtpParams.TOTP), ("hotp", OtpParams.HOTP), ("steam", OtpParams.STEAM),
                      ("motp", OtpParams.MOTP), ("yandex", OtpParams.YANDEX)):
        if isinstance(params, cls):
            return name
    raise AssertionError(f"unknown OtpParams {params!r}")


def params_for(kind, algo="SHA1", digits=6, period=None, t0=None, counter=None):
    """OtpParams of one kind from vector-style fields (a null period/t0/counter is the default)."""
    kind = kind.lower()

    def given(value, default):
        return default if value is None else value

    if kind == "totp":
        return OtpParams.TOTP(algorithm=param_algorithm(algorithm(algo)), digits=digits, period=given(period, 30),
                              t0=given(t0, 0))
    if kind == "hotp":
        return OtpParams.HOTP(algorithm=param_algorithm(algorithm(algo)), digits=digits, counter=given(counter, 0))
    if kind == "steam":
        return OtpParams.STEAM(period=given(period, 30))
    if kind == "motp":
        return OtpParams.MOTP(period=given(period, 10))
    if kind == "yandex":
        return OtpParams.YANDEX(period=given(period, 30))
    raise AssertionError(kind)


def params_of(v):
    """OtpParams for a codes.json vector."""
    return params_for(v["kind"], v["algorithm"], v["digits"], v["period"], v["t0"], v["counter"])


def totp_params(digits=6, period=30, algo=HashAlgorithm.SHA1, t0=0):
    return OtpParams.TOTP(algorithm=param_algorithm(algo), digits=digits, period=period, t0=t0)


def steam_params():
    return OtpParams.STEAM(period=30)


def hotp_params(counter, digits=6, algo=HashAlgorithm.SHA1):
    return OtpParams.HOTP(algorithm=param_algorithm(algo), digits=digits, counter=counter)


def warning_name(w):
    """The vector-file name of a UriWarning (`short_secret`, `issuer_mismatch`, `secret_trailing_bits`)."""
    if isinstance(w, UriWarning.SHORT_SECRET):
        return "short_secret"
    if isinstance(w, UriWarning.ISSUER_MISMATCH):
        return "issuer_mismatch"
    if isinstance(w, UriWarning.SECRET_TRAILING_BITS):
        return "secret_trailing_bits"
    raise AssertionError(f"unknown UriWarning {w!r}")


def sms_warning_name(w):
    """The vector-file name of an SmsWarning (`multiple_segments`, `ucs2`)."""
    if isinstance(w, SmsWarning.MULTIPLE_SEGMENTS):
        return "multiple_segments"
    if isinstance(w, SmsWarning.UCS2):
        return "ucs2"
    raise AssertionError(f"unknown SmsWarning {w!r}")


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


class FixedTime(TimeSource):
    """A settable Python implementation of the foreign TimeSource trait, counting its reads."""

    def __init__(self, now):
        self.now = now
        self.calls = 0

    def now_unix(self):
        self.calls += 1
        return self.now
