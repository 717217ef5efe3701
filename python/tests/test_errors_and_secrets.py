"""Secrets: validation errors (typed, never echoing the secret), lenient normalisation, and
generate_secret's length and randomness."""

import base64
import math
from collections import Counter

import pytest

from otpkit import (
    CodeGenerator,
    HashAlgorithm,
    OtpError,
    OtpParameters,
    OtpType,
    generate_secret,
    hotp_code,
    normalize_secret,
    parse_uri,
    totp_code,
)
from otp_vectors import hotp_params, steam_params, totp_params

# Long, distinctive and invalid: a valid base32 run with one bad character ('1', '0', '8', '*', 'é').
BAD_SECRETS = [
    "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PX1",
    "0JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
    "JBSWY3DPEHPK3PXP8JBSWY3DPEHPK3PXP",
    "JBSWY3DPEHPK*3PXPJBSWY3DPEHPK3PXP",
    "JBSWY3DPEHPK3PXPéJBSWY3DPEHPK3PXP",
    "J",  # a single symbol holds no byte (9 symbols are accepted, trailing bits dropped)
    "JBSWY3DP=EHPK3PXP",  # padding in the middle
]
EMPTY_SECRETS = ["", "   ", "----", "===="]


def secret_calls(secret):
    yield lambda: CodeGenerator(secret, totp_params())
    yield lambda: hotp_code(secret, 0, HashAlgorithm.SHA1, 6)
    yield lambda: totp_code(secret, totp_params(), 59)
    yield lambda: normalize_secret(secret)
    if secret.strip(" -="):  # an empty URI secret is a missing parameter (InvalidUri), see test_uri
        yield lambda: parse_uri(f"otpauth://totp/ACME:alice?secret={secret}")
        yield lambda: CodeGenerator.from_uri(f"otpauth://totp/ACME:alice?secret={secret}")


@pytest.mark.parametrize("secret", BAD_SECRETS + EMPTY_SECRETS)
def test_invalid_secret_raises_invalid_secret_without_echoing_it(secret):
    for call in secret_calls(secret):
        with pytest.raises(OtpError.InvalidSecret) as info:
            call()
        e = info.value
        assert isinstance(e, OtpError)
        message = str(e)
        assert message
        if secret.strip(" -="):
            for text in (message, repr(e), *map(str, e.args)):
                assert secret not in text
                assert secret.replace("=", "")[:12] not in text  # not even a prefix of it


def test_invalid_character_message_names_the_position():
    with pytest.raises(OtpError.InvalidSecret) as info:
        normalize_secret("JBSWY3DPEHPK3PX1")
    assert "15" in str(info.value)


def test_lenient_secret_forms():
    for text in ("JBSWY3DPEHPK3PXP", "jbswy3dpehpk3pxp", "JBSW Y3DP EHPK 3PXP", "jbsw-y3dp-ehpk-3pxp",
                 " JBSWY3DPEHPK3PXP\t", "jBsWy3DpEhPk3PxP"):
        assert normalize_secret(text) == "JBSWY3DPEHPK3PXP"
    assert normalize_secret("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA====") == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA"
    g = CodeGenerator("jbsw y3dp ehpk 3pxp", totp_params())
    assert g.code_at(59) == CodeGenerator("JBSWY3DPEHPK3PXP", totp_params()).code_at(59)


@pytest.mark.parametrize(
    "params",
    [
        totp_params(digits=0),
        totp_params(digits=11),
        totp_params(period=0),
        hotp_params(0, digits=0),
        OtpParameters(otp_type=OtpType.STEAM, algorithm=HashAlgorithm.SHA256, digits=5, period=30, t0=0, counter=0),
        OtpParameters(otp_type=OtpType.STEAM, algorithm=HashAlgorithm.SHA1, digits=6, period=30, t0=0, counter=0),
        OtpParameters(otp_type=OtpType.STEAM, algorithm=HashAlgorithm.SHA1, digits=5, period=0, t0=0, counter=0),
    ],
    ids=["digits0", "digits11", "period0", "hotp-digits0", "steam-sha256", "steam-6digits", "steam-period0"],
)
def test_invalid_parameters(params):
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    with pytest.raises(OtpError.InvalidParameters):
        CodeGenerator(secret, params)
    with pytest.raises(OtpError.InvalidParameters):
        totp_code(secret, params, 59)


def test_hotp_code_digits_out_of_range():
    for digits in (0, 11, 255):
        with pytest.raises(OtpError.InvalidParameters):
            hotp_code("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", 0, HashAlgorithm.SHA1, digits)


def test_secret_is_checked_before_parameters():
    # Both wrong: the secret error wins, so the caller fixes the more important input first.
    with pytest.raises(OtpError.InvalidSecret):
        CodeGenerator("not base32!", totp_params(digits=0))


def test_python_type_errors_before_the_ffi():
    with pytest.raises(TypeError):
        CodeGenerator(b"JBSWY3DPEHPK3PXP", totp_params())
    # uniffi checks a record argument field by field, so a non-record fails on the first field.
    with pytest.raises((TypeError, AttributeError)):
        totp_code("JBSWY3DPEHPK3PXP", "not params", 59)
    with pytest.raises((TypeError, ValueError, OverflowError)):
        hotp_code("JBSWY3DPEHPK3PXP", 0, HashAlgorithm.SHA1, 256)


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 10, 16, 20, 32, 64, 1024])
def test_generate_secret_length(n):
    s = generate_secret(n)
    assert s == s.upper() and "=" not in s
    assert len(s) == math.ceil(n * 8 / 5)
    assert len(base64.b32decode(s + "=" * (-len(s) % 8))) == n
    assert normalize_secret(s) == s
    CodeGenerator(s, totp_params())  # usable as-is


def test_generate_secret_clamps():
    assert len(base64.b32decode(generate_secret(0) + "======")) == 1
    big = generate_secret(5000)
    assert len(base64.b32decode(big + "=" * (-len(big) % 8))) == 1024


def test_generate_secret_randomness():
    secrets = [generate_secret(20) for _ in range(1000)]
    assert len(set(secrets)) == len(secrets)
    data = b"".join(base64.b32decode(s) for s in secrets)
    assert len(data) == 20_000
    # Every byte value appears (expected ~78 times each) and bits are balanced
    # (160,000 bits: standard deviation of the ones fraction is 0.00125).
    counts = Counter(data)
    assert len(counts) == 256 and min(counts.values()) > 20
    ones = sum(bin(b).count("1") for b in data) / (len(data) * 8)
    assert 0.49 < ones < 0.51


def test_steam_codes_use_steam_alphabet():
    g = CodeGenerator(generate_secret(20), steam_params())
    for t in range(0, 30 * 200, 30):
        code = g.code_at(t)
        assert len(code) == 5 and set(code) <= set("23456789BCDFGHJKMNPQRTVWXY")
