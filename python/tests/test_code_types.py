"""The Python forms of the code/URI types of the PyO3 module: tagged-enum variants (is_*(), match,
repr, hash, defaults), records (keyword constructors, equality, settable OtpAuthUri fields) and
TimeSource objects."""

import sys

import pytest

from otpkit import (
    CodeGenerator,
    CodeSnapshot,
    HashAlgorithm,
    OtpAuthUri,
    OtpParams,
    Secret,
    SensitiveText,
    TimeSource,
    UriParameter,
    UriWarning,
    fixed_time_source,
    parse_uri,
    system_time_source,
    to_uri,
)
from otp_vectors import RFC_SECRET, secret

ALL_PARAMS = [OtpParams.TOTP(), OtpParams.HOTP(), OtpParams.STEAM(), OtpParams.MOTP(), OtpParams.YANDEX()]


def test_is_methods_name_exactly_one_variant():
    names = ["totp", "hotp", "steam", "motp", "yandex"]
    for p, name in zip(ALL_PARAMS, names):
        assert isinstance(p, OtpParams)
        assert [getattr(p, f"is_{n}")() for n in names] == [n == name for n in names]
    w = [UriWarning.SHORT_SECRET(bits=80), UriWarning.ISSUER_MISMATCH(label_issuer="a", issuer="b"),
         UriWarning.SECRET_TRAILING_BITS(bits=3)]
    assert [x.is_short_secret() for x in w] == [True, False, False]
    assert [x.is_issuer_mismatch() for x in w] == [False, True, False]
    assert [x.is_secret_trailing_bits() for x in w] == [False, False, True]


def test_params_match_repr_and_hash():
    p = OtpParams.TOTP(algorithm=HashAlgorithm.SHA256, digits=8, period=60, t0=5)
    if sys.version_info >= (3, 10):  # `match` is a syntax error before 3.10: compile it at run time
        scope = {"OtpParams": OtpParams, "p": p}
        exec("match p:\n    case OtpParams.TOTP(a, d, s, t):\n        got = (a, d, s, t)\n"
             "    case _:\n        got = None\n", scope)
        assert scope["got"] == (HashAlgorithm.SHA256, 8, 60, 5)
    assert (p.algorithm, p.digits, p.period, p.t0) == (HashAlgorithm.SHA256, 8, 60, 5)
    assert repr(p) == "OtpParams.TOTP(algorithm=HashAlgorithm.SHA256, digits=8, period=60, t0=5)"
    assert repr(OtpParams.HOTP(counter=3)) == "OtpParams.HOTP(algorithm=None, digits=6, counter=3)"
    assert repr(OtpParams.MOTP()) == "OtpParams.MOTP(period=10)"
    assert len({*ALL_PARAMS, OtpParams.TOTP(), OtpParams.STEAM(period=30)}) == 5
    assert OtpParams.TOTP() != OtpParams.HOTP() and OtpParams.STEAM() != OtpParams.YANDEX()
    assert OtpParams.TOTP() != "TOTP"
    with pytest.raises(TypeError):
        OtpParams.TOTP(algorithm="SHA256")
    with pytest.raises(TypeError):
        OtpParams.TOTP(digits="6")


def test_records():
    assert UriParameter(name="a", value="b") == UriParameter(name="a", value="b")
    assert repr(UriParameter(name="a", value="b'")) == """UriParameter(name='a', value="b'")"""
    with pytest.raises(TypeError):
        UriParameter("a", "b")  # keyword-only, like the uniffi dataclass
    a = parse_uri(f"otpauth://totp/ACME:alice?secret={RFC_SECRET}&issuer=ACME&x=1")
    b = OtpAuthUri(secret=secret(), account="alice", issuer="ACME", params=OtpParams.TOTP(), label_issuer="ACME",
                   extra=[UriParameter(name="x", value="1")])
    assert a == b and a is not b
    b.account = "bob"
    assert a != b and to_uri(b).startswith("otpauth://totp/ACME:bob?")
    b.secret = Secret.from_base32("JBSWY3DPEHPK3PXP")
    assert b.secret == Secret.from_base32("JBSWY3DPEHPK3PXP")
    with pytest.raises(TypeError):
        b.secret = "JBSWY3DPEHPK3PXP"
    b.pin = SensitiveText("1234")
    assert b.pin.reveal() == "1234" and "1234" not in repr(b)
    assert repr(a).startswith("OtpAuthUri(secret=Secret(<redacted>, 20 bytes), account='alice', issuer='ACME', ")


def test_snapshot_record():
    snap = CodeGenerator(secret()).snapshot_at(59)
    again = CodeSnapshot(current=snap.current, next=snap.next, remaining=1, counter=1, valid_from=30)
    assert again == snap
    assert CodeSnapshot(current=snap.next, next=snap.current, remaining=1, counter=1, valid_from=30) != snap
    assert repr(snap) == ("CodeSnapshot(current=OneTimeCode(<redacted>), next=OneTimeCode(<redacted>), "
                          "remaining=1, counter=1, valid_from=30)")


def test_time_source_objects():
    assert isinstance(system_time_source(), TimeSource) and isinstance(fixed_time_source(5), TimeSource)
    assert repr(fixed_time_source(5)) == "TimeSource(fixed=5)"
    assert repr(system_time_source()) == "TimeSource(system)"

    class Mine(TimeSource):
        def __init__(self, t, *, extra=None):
            self.t = t

        def now_unix(self):
            return self.t

    assert Mine(59, extra=1).now_unix() == 59
    assert CodeGenerator(secret()).snapshot(Mine(59)).current.reveal() == "287082"
    with pytest.raises(NotImplementedError):
        TimeSource().now_unix()
