"""tests/vectors/uri.json through parse_uri, canonical_uri, to_uri and CodeGenerator.from_uri /
from_account; errors are OtpError.InvalidInput with the kind of the core error."""

import re
from urllib.parse import unquote

import pytest

from otpkit import (
    CodeGenerator,
    InvalidInputKind,
    OtpAuthUri,
    OtpError,
    Secret,
    SensitiveText,
    UriParameter,
    UriWarning,
    canonical_uri,
    code_length,
    hash_algorithm,
    parse_uri,
    to_uri,
)
from otp_vectors import PIN_KINDS, algorithm, cases, kind_of, load, params_for, warning_name

URI_VECTORS = load("uri.json")

if URI_VECTORS is None:  # the vector file is optional for this module
    pytest.skip("tests/vectors/uri.json not present", allow_module_level=True)

OK = [c for c in URI_VECTORS if "error" not in c]
ERRORS = [c for c in URI_VECTORS if "error" in c]

# Core UriError variant -> the InvalidInput kind raised in Python (bindings/src/error.rs).
ERROR_KIND = {
    "InvalidSecret": InvalidInputKind.SECRET,
    "Params": InvalidInputKind.PARAMETERS,
}


def error_kind(case):
    return ERROR_KIND.get(case["error"], InvalidInputKind.URI)


def secret_in(uri):
    m = re.search(r"[?&]secret=([^&]*)", uri, re.IGNORECASE)
    return unquote(m.group(1)) if m else None


def pin_text(account):
    return None if account.pin is None else account.pin.reveal()


def test_vector_file_covers_success_and_errors():
    assert len(OK) >= 20 and len(ERRORS) >= 10
    assert {c["expect"]["type"] for c in OK} == {"totp", "hotp", "steam", "motp", "yandex"}


@pytest.mark.parametrize("case", cases(OK))
def test_parse(case):
    x = case["expect"]
    a = parse_uri(case["uri"])
    assert isinstance(a, OtpAuthUri)
    assert isinstance(a.secret, Secret)
    assert kind_of(a.params) == x["type"]
    assert a.params == params_for(x["type"], x["algorithm"], x["digits"], x["period"], 0, x["counter"])
    assert hash_algorithm(a.params) == algorithm(x["algorithm"])
    assert code_length(a.params) == x["digits"]
    assert a.issuer == x["issuer"]
    assert a.label_issuer == x["label_issuer"]
    assert a.account == x["account"]
    assert a.secret.reveal_base32() == x["secret"]
    assert [(p.name, p.value) for p in a.extra] == [tuple(p) for p in x["extra"]]
    assert all(isinstance(p, UriParameter) for p in a.extra)
    assert [warning_name(w) for w in a.warnings] == x["warnings"]
    assert pin_text(a) == x.get("pin")


def test_warnings_carry_their_data():
    short = parse_uri("otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP")
    assert short.warnings == [UriWarning.SHORT_SECRET(bits=80)]
    both = parse_uri("otpauth://totp/Contoso:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Microsoft")
    assert both.warnings == [UriWarning.ISSUER_MISMATCH(label_issuer="Contoso", issuer="Microsoft")]
    nine = parse_uri("otpauth://totp/S:nine?secret=JBSWY3DPE")
    trailing = [w for w in nine.warnings if isinstance(w, UriWarning.SECRET_TRAILING_BITS)]
    assert len(trailing) == 1 and trailing[0].bits == 5


@pytest.mark.parametrize("case", cases(OK))
def test_canonical(case):
    canonical = case["canonical"]
    assert canonical_uri(case["uri"]) == canonical
    account = parse_uri(case["uri"])
    assert to_uri(account) == canonical
    # Canonical form is a fixed point and parses to the same account (minus the
    # secret_trailing_bits note: the canonical secret has no dropped bits left).
    assert canonical_uri(canonical) == canonical
    account.warnings = [w for w in account.warnings if warning_name(w) != "secret_trailing_bits"]
    assert parse_uri(canonical) == account


@pytest.mark.parametrize("case", cases(OK))
def test_generator_from_uri(case):
    account = parse_uri(case["uri"])
    if case["expect"]["type"] in PIN_KINDS and account.pin is None:
        # mOTP/Yandex codes need the PIN: the URI parses, a generator is refused.
        with pytest.raises(OtpError.InvalidInput):
            CodeGenerator.from_uri(case["uri"])
        with pytest.raises(OtpError.InvalidInput):
            CodeGenerator(account.secret, account.params)
        ref = CodeGenerator(account.secret, account.params, SensitiveText("0000"))
        account.pin = SensitiveText("0000")
        assert CodeGenerator.from_account(account).code_at(59) == ref.code_at(59)
        return
    g = CodeGenerator.from_uri(case["uri"])
    assert g.params() == account.params
    ref = CodeGenerator(account.secret, account.params, account.pin)
    for t in (0, 59, 1_234_567_890, 2_000_000_000):
        assert g.code_at(t) == ref.code_at(t)
    assert CodeGenerator.from_account(account).code_at(59) == ref.code_at(59)


def test_warnings_are_ignored_on_input_and_fields_have_defaults():
    account = OtpAuthUri(secret=Secret.from_base32("JBSWY3DPEHPK3PXP"), account="alice", label_issuer="ACME",
                         warnings=[UriWarning.SECRET_TRAILING_BITS(bits=3)])
    assert (account.issuer, account.params, account.extra, account.pin) == (None, None, [], None)
    assert to_uri(account) == "otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30"


@pytest.mark.parametrize("case", cases(ERRORS))
def test_errors(case):
    kind = error_kind(case)
    for call in (parse_uri, canonical_uri, CodeGenerator.from_uri):
        with pytest.raises(OtpError.InvalidInput) as info:
            call(case["uri"])
        e = info.value
        assert e.kind == kind, (e, case)
        assert e.reason  # a human-readable message
        secret = secret_in(case["uri"])
        if secret:
            assert secret not in str(e) and secret not in repr(e) and secret not in e.reason


def test_to_uri_validates_parameters():
    good = parse_uri("otpauth://totp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
    for digits, period, field in ((0, 30, "digits"), (11, 30, "digits"), (6, 0, "period"), (6, -30, "period")):
        bad = OtpAuthUri(secret=good.secret, params=params_for("totp", digits=digits, period=period), account="a")
        with pytest.raises(OtpError.InvalidInput) as info:
            to_uri(bad)
        assert (info.value.kind, info.value.field) == (InvalidInputKind.PARAMETERS, field)
