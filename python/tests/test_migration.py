"""tests/vectors/migration.json through migration_decode, migration_encode (round trips) and
MigrationAssembler (multi-QR batches, missing parts, IncompleteBatch)."""

import pytest

from otpkit import (
    MigrationAssembler,
    OtpAccount,
    OtpError,
    OtpParameters,
    migration_decode,
    migration_encode,
    parse_uri,
)
from otp_vectors import algorithm, cases, load, otp_type

MIGRATION = load("migration.json")
OK = [c for c in MIGRATION if "error" not in c]
ERRORS = [c for c in MIGRATION if "error" in c]
NON_EMPTY = [c for c in OK if c["expect"]]
PREFIX = "otpauth-migration://offline?data="


def accounts(n, prefix="acct"):
    base = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    return [
        parse_uri(f"otpauth://totp/{prefix}{i}?secret={base}&issuer=Issuer{i}") for i in range(n)
    ]


def same_entries(a, b):
    """Accounts equal except for warnings (recomputed on decode) and extras (not exported)."""
    key = lambda x: (x.secret, x.params, x.issuer, x.label_issuer, x.account)
    return [key(x) for x in a] == [key(x) for x in b]


def test_vector_file_covers_success_and_errors():
    assert len(OK) >= 15 and len(ERRORS) >= 10
    assert any(c["batch"]["size"] > 1 for c in OK)


@pytest.mark.parametrize("case", cases(OK))
def test_decode(case):
    got = migration_decode(case["uri"])
    assert len(got) == len(case["expect"])
    for a, x in zip(got, case["expect"]):
        assert isinstance(a, OtpAccount)
        assert a.params.otp_type == otp_type(x["type"])
        assert a.issuer == x["issuer"]
        assert a.label_issuer == x["label_issuer"]
        assert a.account == x["account"]
        assert a.secret == x["secret_base32"]
        assert a.params.algorithm == algorithm(x["algorithm"])
        assert a.params.digits == x["digits"]
        assert a.params.counter == (x["counter"] or 0)
        assert a.params.period == (30 if x["type"] == "totp" else 0)
        assert a.params.t0 == 0
        assert a.extra == []


@pytest.mark.parametrize("case", cases(NON_EMPTY))
def test_encode_round_trip(case):
    decoded = migration_decode(case["uri"])
    uris = migration_encode(decoded, 10)
    assert len(uris) == 1 and uris[0].startswith(PREFIX)
    again = migration_decode(uris[0])
    # Everything survives; an account without an issuer field exports its label issuer as issuer.
    expected = [(a.secret, a.params, a.issuer or a.label_issuer, a.label_issuer, a.account) for a in decoded]
    assert [(a.secret, a.params, a.issuer, a.label_issuer, a.account) for a in again] == expected
    # From there on the round trip is exact.
    assert migration_decode(migration_encode(again, 10)[0]) == again
    # One account per QR code: as many URIs, same accounts in order.
    singles = migration_encode(again, 1)
    assert len(singles) == len(again)
    assert [a for u in singles for a in migration_decode(u)] == again


@pytest.mark.parametrize("case", cases(ERRORS))
def test_decode_errors(case):
    with pytest.raises(OtpError.InvalidMigration) as info:
        migration_decode(case["uri"])
    assert str(info.value)
    a = MigrationAssembler()
    with pytest.raises(OtpError.InvalidMigration):
        a.add(case["uri"])
    assert a.missing() == [] and not a.is_complete()


def test_encode_nothing():
    assert migration_encode([], 10) == []


def test_encode_batches_share_an_id_and_assemble_in_any_order():
    accts = accounts(7)
    uris = migration_encode(accts, 3)
    assert len(uris) == 3
    assert [len(migration_decode(u)) for u in uris] == [3, 3, 1]
    a = MigrationAssembler()
    assert a.missing() == [] and not a.is_complete()
    a.add(uris[2])
    assert a.missing() == [0, 1] and not a.is_complete()
    a.add(uris[0])
    a.add(uris[0])  # scanning the same QR code twice is harmless
    assert a.missing() == [1]
    a.add(uris[1])
    assert a.missing() == [] and a.is_complete()
    assert same_entries(a.finish(), accts)


def test_batch_size_zero_means_one():
    accts = accounts(2)
    assert len(migration_encode(accts, 0)) == 2


def test_assembler_with_vector_part():
    case = next(c for c in OK if c["batch"]["size"] == 3)
    a = MigrationAssembler()
    a.add(case["uri"])
    assert a.missing() == [i for i in range(3) if i != case["batch"]["index"]]
    with pytest.raises(OtpError.IncompleteBatch) as info:
        a.finish()
    for i in a.missing() or [0, 1]:
        assert str(i) in str(info.value)


def test_finish_without_parts():
    with pytest.raises(OtpError.InvalidMigration):
        MigrationAssembler().finish()


def test_assembler_rejects_other_batches():
    first = migration_encode(accounts(4, "x"), 2)
    other = migration_encode(accounts(4, "y"), 2)  # another random batch id
    a = MigrationAssembler()
    a.add(first[0])
    with pytest.raises(OtpError.InvalidMigration):
        a.add(other[1])
    assert a.missing() == [1]
    a.add(first[1])
    assert same_entries(a.finish(), accounts(4, "x"))


def test_incomplete_batch_keeps_parts():
    uris = migration_encode(accounts(4), 2)
    a = MigrationAssembler()
    a.add(uris[1])
    with pytest.raises(OtpError.IncompleteBatch) as info:
        a.finish()
    assert "0" in str(info.value)
    # A failed finish() must not lose the parts already scanned.
    assert a.missing() == [0]
    a.add(uris[0])
    assert same_entries(a.finish(), accounts(4))


def test_encode_rejects_unrepresentable_and_invalid_accounts():
    good = accounts(1)[0]
    p = good.params
    seven = OtpAccount(
        secret=good.secret,
        params=OtpParameters(otp_type=p.otp_type, algorithm=p.algorithm, digits=7, period=30, t0=0, counter=0),
        issuer=None, label_issuer=None, account="seven", extra=[], warnings=[],
    )
    with pytest.raises(OtpError.InvalidMigration):
        migration_encode([good, seven], 10)
    bad_secret = OtpAccount(secret="0000", params=p, issuer=None, label_issuer=None, account="b",
                            extra=[], warnings=[])
    with pytest.raises(OtpError.InvalidSecret):
        migration_encode([good, bad_secret], 10)
