"""Secrets: the Secret object (lenient base32, bytes, generate), validation errors (typed, naming
the field and position, never echoing the secret), and generated secrets' length and randomness."""

import base64
import math
from collections import Counter

import pytest

from otpkit import (
    AuthenticationKind,
    CodeGenerator,
    InvalidInputKind,
    OtpError,
    Secret,
    StorageFailureKind,
    parse_uri,
)
from otp_vectors import secret, steam_params, totp_params

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


def secret_calls(text):
    yield lambda: Secret.from_base32(text)
    if text.strip(" -="):  # an empty URI secret is a missing parameter (kind URI), see test_uri
        yield lambda: parse_uri(f"otpauth://totp/ACME:alice?secret={text}")
        yield lambda: CodeGenerator.from_uri(f"otpauth://totp/ACME:alice?secret={text}")


@pytest.mark.parametrize("text", BAD_SECRETS + EMPTY_SECRETS)
def test_invalid_secret_raises_invalid_input_without_echoing_it(text):
    for call in secret_calls(text):
        with pytest.raises(OtpError.InvalidInput) as info:
            call()
        e = info.value
        assert isinstance(e, OtpError)
        assert e.kind == InvalidInputKind.SECRET, e
        assert e.reason
        if text.strip(" -="):
            for shown in (e.reason, str(e), repr(e), *map(str, e.args)):
                assert text not in shown
                assert text.replace("=", "")[:12] not in shown  # not even a prefix of it


def test_invalid_character_names_field_and_position():
    with pytest.raises(OtpError.InvalidInput) as info:
        Secret.from_base32("JBSWY3DPEHPK3PX1")
    e = info.value
    assert (e.kind, e.field) == (InvalidInputKind.SECRET, "secret")
    assert e.position == 15
    with pytest.raises(OtpError.InvalidInput) as info:
        Secret.from_base32("JBSWY3DPEHPK3PXPéJBSWY3DP")
    assert info.value.position == 16  # a character position, not a UTF-8 byte offset


def test_lenient_secret_forms():
    for text in ("JBSWY3DPEHPK3PXP", "jbswy3dpehpk3pxp", "JBSW Y3DP EHPK 3PXP", "jbsw-y3dp-ehpk-3pxp",
                 " JBSWY3DPEHPK3PXP\t", "jBsWy3DpEhPk3PxP"):
        assert Secret.from_base32(text).reveal_base32() == "JBSWY3DPEHPK3PXP"
    padded = Secret.from_base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA====")
    assert padded.reveal_base32() == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA"
    g = CodeGenerator(Secret.from_base32("jbsw y3dp ehpk 3pxp"), totp_params())
    assert g.code_at(59) == CodeGenerator(Secret.from_base32("JBSWY3DPEHPK3PXP"), totp_params()).code_at(59)


def test_secret_equality_is_by_content():
    a, b = Secret.from_base32("JBSWY3DPEHPK3PXP"), Secret.from_bytes(bytes.fromhex("48656c6c6f21deadbeef"))
    assert a == b and not (a != b)
    assert a != Secret.from_base32("JBSWY3DPEHPK3PXQ")
    assert a != Secret.from_base32("JBSWY3DPEHPK3PXPJBSWY3DP")  # a longer key with the same prefix
    assert a.byte_length() == 10


def test_from_bytes_validates_length():
    with pytest.raises(OtpError.InvalidInput) as info:
        Secret.from_bytes(b"")
    assert info.value.kind == InvalidInputKind.SECRET
    assert Secret.from_bytes(bytes(range(64))).reveal_bytes() == bytes(range(64))


def test_python_type_errors_before_the_ffi():
    with pytest.raises(TypeError):
        CodeGenerator("JBSWY3DPEHPK3PXP", totp_params())  # a str is not a Secret
    with pytest.raises(TypeError):
        Secret.from_base32(b"JBSWY3DPEHPK3PXP")
    # uniffi checks an enum argument's type, so a non-OtpParams fails before the call.
    with pytest.raises((TypeError, AttributeError, ValueError)):
        CodeGenerator(secret(), "not params")


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 10, 16, 20, 32, 64, 1024])
def test_generate_length(n):
    s = Secret.generate(n)
    assert s.byte_length() == n and len(s.reveal_bytes()) == n
    text = s.reveal_base32()
    assert text == text.upper() and "=" not in text
    assert len(text) == math.ceil(n * 8 / 5)
    assert base64.b32decode(text + "=" * (-len(text) % 8)) == s.reveal_bytes()
    assert Secret.from_base32(text) == s
    CodeGenerator(s, totp_params())  # usable as-is


def test_generate_default_and_range():
    assert Secret.generate().byte_length() == 20
    for n in (0, -1, 1025, 5000):
        with pytest.raises(OtpError.InvalidInput) as info:
            Secret.generate(n)
        assert (info.value.kind, info.value.field) == (InvalidInputKind.PARAMETERS, "bytes")


def test_generate_randomness():
    keys = [Secret.generate(20).reveal_bytes() for _ in range(1000)]
    assert len(set(keys)) == len(keys)
    data = b"".join(keys)
    assert len(data) == 20_000
    # Every byte value appears (expected ~78 times each) and bits are balanced
    # (160,000 bits: standard deviation of the ones fraction is 0.00125).
    counts = Counter(data)
    assert len(counts) == 256 and min(counts.values()) > 20
    ones = sum(bin(b).count("1") for b in data) / (len(data) * 8)
    assert 0.49 < ones < 0.51


def test_steam_codes_use_steam_alphabet():
    g = CodeGenerator(Secret.generate(20), steam_params())
    for t in range(0, 30 * 200, 30):
        code = g.code_at(t)
        assert len(code) == 5 and set(code) <= set("23456789BCDFGHJKMNPQRTVWXY")


def test_one_error_hierarchy():
    cases = [OtpError.InvalidInput, OtpError.IncompleteBatch, OtpError.Authentication, OtpError.NotFound,
             OtpError.Storage, OtpError.StoreUnavailable]
    assert len(set(cases)) == 6
    for cls in cases:
        assert issubclass(cls, OtpError) and issubclass(cls, Exception)
    assert {k.name for k in InvalidInputKind} == {
        "SECRET", "PARAMETERS", "URI", "MIGRATION", "ORIGIN_BOUND", "APP_HASH", "MESSAGE", "SERVER_CONFIG",
        "REQUEST", "ACCOUNT", "BACKUP", "EXPORT", "PASSPHRASE", "SENDER_ID"}
    assert {k.name for k in AuthenticationKind} == {"WRONG_PASSPHRASE", "WRONG_PASSWORD", "PASSWORD_REQUIRED"}
    assert {k.name for k in StorageFailureKind} == {"LOCKED", "CORRUPTED", "UNSUPPORTED", "BACKEND", "KEY_LOST"}
    try:
        parse_uri("https://example.com/")
    except OtpError.NotFound:  # pragma: no cover - must not match
        pytest.fail("InvalidInput caught as NotFound")
    except OtpError as e:
        assert isinstance(e, OtpError.InvalidInput) and e.kind == InvalidInputKind.URI


def test_secret_is_checked_before_parameters():
    # Both wrong: the secret error wins, so the caller fixes the more important input first.
    uri = "otpauth://totp/ACME:alice?secret=not*base32&digits=0"
    for call in (parse_uri, CodeGenerator.from_uri):
        with pytest.raises(OtpError.InvalidInput) as info:
            call(uri)
        assert info.value.kind == InvalidInputKind.SECRET
