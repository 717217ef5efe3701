"""tests/vectors/uri.json through parse_uri, canonical_uri, account_to_uri and
CodeGenerator.from_uri; errors map to the OtpError subclass for the core error."""

import re
from urllib.parse import unquote

import pytest

from otpkit import (
    CodeGenerator,
    OtpAccount,
    OtpError,
    OtpParameters,
    UriParameter,
    account_to_uri,
    canonical_uri,
    parse_uri,
)
from otp_vectors import PIN_KINDS, algorithm, cases, load, otp_type

URI_VECTORS = load("uri.json")

if URI_VECTORS is None:  # the vector file is optional for this module
    pytest.skip("tests/vectors/uri.json not present", allow_module_level=True)

OK = [c for c in URI_VECTORS if "error" not in c]
ERRORS = [c for c in URI_VECTORS if "error" in c]

# Core UriError variant -> the flat FFI error raised in Python (bindings/src/error.rs).
ERROR_CLASS = {
    "InvalidSecret": OtpError.InvalidSecret,
    "Params": OtpError.InvalidParameters,
}


def error_class(case):
    return ERROR_CLASS.get(case["error"], OtpError.InvalidUri)


def secret_in(uri):
    m = re.search(r"[?&]secret=([^&]*)", uri, re.IGNORECASE)
    return unquote(m.group(1)) if m else None


def test_vector_file_covers_success_and_errors():
    assert len(OK) >= 20 and len(ERRORS) >= 10
    assert {c["expect"]["type"] for c in OK} == {"totp", "hotp", "steam", "motp", "yandex"}


@pytest.mark.parametrize("case", cases(OK))
def test_parse(case):
    x = case["expect"]
    a = parse_uri(case["uri"])
    assert isinstance(a, OtpAccount)
    assert a.params.otp_type == otp_type(x["type"])
    assert a.issuer == x["issuer"]
    assert a.label_issuer == x["label_issuer"]
    assert a.account == x["account"]
    assert a.secret == x["secret"]
    assert a.params.algorithm == algorithm(x["algorithm"])
    assert a.params.digits == x["digits"]
    # The flat record uses 0 where the vector has null (no period for HOTP, no counter otherwise).
    assert a.params.period == (x["period"] or 0)
    assert a.params.counter == (x["counter"] or 0)
    assert a.params.t0 == 0
    assert [(p.name, p.value) for p in a.extra] == [tuple(p) for p in x["extra"]]
    assert all(isinstance(p, UriParameter) for p in a.extra)
    assert list(a.warnings) == x["warnings"]
    assert a.pin == x.get("pin")


@pytest.mark.parametrize("case", cases(OK))
def test_canonical(case):
    canonical = case["canonical"]
    assert canonical_uri(case["uri"]) == canonical
    account = parse_uri(case["uri"])
    assert account_to_uri(account) == canonical
    # Canonical form is a fixed point and parses to the same account (minus the
    # secret_trailing_bits note: the canonical secret has no dropped bits left).
    assert canonical_uri(canonical) == canonical
    account.warnings = [w for w in account.warnings if w != "secret_trailing_bits"]
    assert parse_uri(canonical) == account


@pytest.mark.parametrize("case", cases(OK))
def test_generator_from_uri(case):
    account = parse_uri(case["uri"])
    if case["expect"]["type"] in PIN_KINDS and account.pin is None:
        # mOTP/Yandex codes need the PIN: the URI parses, a generator is refused.
        with pytest.raises(OtpError.InvalidParameters):
            CodeGenerator.from_uri(case["uri"])
        with pytest.raises(OtpError.InvalidParameters):
            CodeGenerator(account.secret, account.params)
        ref = CodeGenerator.with_pin(account.secret, "0000", account.params)
        account.pin = "0000"
        assert CodeGenerator.from_account(account).code_at(59) == ref.code_at(59)
        return
    g = CodeGenerator.from_uri(case["uri"])
    assert g.params() == account.params
    if account.pin is not None:
        ref = CodeGenerator.with_pin(account.secret, account.pin, account.params)
    else:
        ref = CodeGenerator(account.secret, account.params)
    for t in (0, 59, 1_234_567_890, 2_000_000_000):
        assert g.code_at(t) == ref.code_at(t)
    assert CodeGenerator.from_account(account).code_at(59) == ref.code_at(59)


def test_warnings_are_ignored_on_input():
    account = parse_uri("otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP")
    assert account.warnings == ["short_secret"]
    account.warnings = ["not_a_real_warning"]
    assert account_to_uri(account) == "otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30"


@pytest.mark.parametrize("case", cases(ERRORS))
def test_errors(case):
    cls = error_class(case)
    for call in (parse_uri, canonical_uri, CodeGenerator.from_uri):
        with pytest.raises(cls) as info:
            call(case["uri"])
        e = info.value
        assert isinstance(e, OtpError)
        assert str(e)  # a human-readable message
        secret = secret_in(case["uri"])
        if secret:
            assert secret not in str(e) and secret not in repr(e)


def test_error_classes_are_distinct():
    # A flat error: every variant is its own subclass of OtpError, so callers can catch by kind.
    variants = [OtpError.InvalidSecret, OtpError.InvalidParameters, OtpError.InvalidUri,
                OtpError.InvalidMigration, OtpError.IncompleteBatch]
    assert len(set(variants)) == 5
    for v in variants:
        assert issubclass(v, OtpError) and issubclass(v, Exception)
    with pytest.raises(OtpError.InvalidUri):
        parse_uri("https://example.com/")
    try:
        parse_uri("https://example.com/")
    except OtpError.InvalidSecret:  # pragma: no cover - must not match
        pytest.fail("InvalidUri caught as InvalidSecret")
    except OtpError:
        pass


def test_account_to_uri_validates():
    good = parse_uri("otpauth://totp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
    bad_secret = OtpAccount(secret="NOT*BASE32", params=good.params, issuer=None, label_issuer=None,
                            account="a", extra=[], warnings=[])
    with pytest.raises(OtpError.InvalidSecret) as info:
        account_to_uri(bad_secret)
    assert "NOT*BASE32" not in str(info.value)
    p = good.params
    for digits, period in ((0, 30), (11, 30), (6, 0)):
        bad = OtpAccount(secret=good.secret, params=OtpParameters(otp_type=p.otp_type, algorithm=p.algorithm,
                         digits=digits, period=period, t0=0, counter=0), issuer=None, label_issuer=None,
                         account="a", extra=[], warnings=[])
        with pytest.raises(OtpError.InvalidParameters):
            account_to_uri(bad)
