"""tests/vectors/migration.json through migration_decode, migration_encode (round trips) and
MigrationAssembler (multi-QR batches, missing parts, IncompleteBatch)."""

import pytest

from otpkit import (
    InvalidInputKind,
    MigrationAssembler,
    OtpAuthUri,
    OtpError,
    migration_decode,
    migration_encode,
    parse_uri,
)
from otp_vectors import RFC_SECRET, cases, kind_of, load, params_for, secret

MIGRATION = load("migration.json")
OK = [c for c in MIGRATION if "error" not in c]
ERRORS = [c for c in MIGRATION if "error" in c]
NON_EMPTY = [c for c in OK if c["expect"]]
PREFIX = "otpauth-migration://offline?data="


def accounts(n, prefix="acct"):
    return [parse_uri(f"otpauth://totp/{prefix}{i}?secret={RFC_SECRET}&issuer=Issuer{i}") for i in range(n)]


def key(a):
    """An account's fields except warnings (recomputed on decode) and extras (not exported)."""
    return (a.secret.reveal_base32(), a.params, a.issuer, a.label_issuer, a.account)


def same_entries(a, b):
    return [key(x) for x in a] == [key(x) for x in b]


def invalid_migration(info):
    assert info.value.kind == InvalidInputKind.MIGRATION, info.value
    assert info.value.reason


def test_vector_file_covers_success_and_errors():
    assert len(OK) >= 15 and len(ERRORS) >= 10
    assert any(c["batch"]["size"] > 1 for c in OK)


@pytest.mark.parametrize("case", cases(OK))
def test_decode(case):
    got = migration_decode(case["uri"])
    assert len(got) == len(case["expect"])
    for a, x in zip(got, case["expect"]):
        assert isinstance(a, OtpAuthUri)
        assert kind_of(a.params) == x["type"]
        assert a.params == params_for(x["type"], x["algorithm"], x["digits"], 30, 0, x["counter"] or 0)
        assert a.issuer == x["issuer"]
        assert a.label_issuer == x["label_issuer"]
        assert a.account == x["account"]
        assert a.secret.reveal_base32() == x["secret_base32"]
        assert a.extra == []
        assert a.pin is None


@pytest.mark.parametrize("case", cases(NON_EMPTY))
def test_encode_round_trip(case):
    decoded = migration_decode(case["uri"])
    uris = migration_encode(decoded)  # batch_size defaults to 10
    assert len(uris) == 1 and uris[0].startswith(PREFIX)
    again = migration_decode(uris[0])
    # Everything survives; an account without an issuer field exports its label issuer as issuer.
    expected = [(a.secret.reveal_base32(), a.params, a.issuer or a.label_issuer, a.label_issuer, a.account)
                for a in decoded]
    assert [key(a) for a in again] == expected
    # From there on the round trip is exact.
    assert migration_decode(migration_encode(again, 10)[0]) == again
    # One account per QR code: as many URIs, same accounts in order.
    singles = migration_encode(again, 1)
    assert len(singles) == len(again)
    assert [a for u in singles for a in migration_decode(u)] == again


@pytest.mark.parametrize("case", cases(ERRORS))
def test_decode_errors(case):
    with pytest.raises(OtpError.InvalidInput) as info:
        migration_decode(case["uri"])
    invalid_migration(info)
    a = MigrationAssembler()
    with pytest.raises(OtpError.InvalidInput) as info:
        a.add(case["uri"])
    invalid_migration(info)
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


@pytest.mark.parametrize("size", [0, -1, -(2**31)])
def test_batch_size_below_one_is_refused(size):
    with pytest.raises(OtpError.InvalidInput) as info:
        migration_encode(accounts(2), size)
    assert (info.value.kind, info.value.field) == (InvalidInputKind.PARAMETERS, "batch_size")


def test_assembler_with_vector_part():
    case = next(c for c in OK if c["batch"]["size"] == 3)
    a = MigrationAssembler()
    a.add(case["uri"])
    missing = [i for i in range(3) if i != case["batch"]["index"]]
    assert a.missing() == missing
    with pytest.raises(OtpError.IncompleteBatch) as info:
        a.finish()
    assert info.value.missing_count == len(missing)
    assert info.value.first_missing == missing
    assert info.value.reason


def test_finish_without_parts():
    with pytest.raises(OtpError.InvalidInput) as info:
        MigrationAssembler().finish()
    invalid_migration(info)


def test_assembler_rejects_other_batches():
    first = migration_encode(accounts(4, "x"), 2)
    other = migration_encode(accounts(4, "y"), 2)  # another random batch id
    a = MigrationAssembler()
    a.add(first[0])
    with pytest.raises(OtpError.InvalidInput) as info:
        a.add(other[1])
    invalid_migration(info)
    assert a.missing() == [1]
    a.add(first[1])
    assert same_entries(a.finish(), accounts(4, "x"))


def test_incomplete_batch_keeps_parts():
    uris = migration_encode(accounts(4), 2)
    a = MigrationAssembler()
    a.add(uris[1])
    with pytest.raises(OtpError.IncompleteBatch) as info:
        a.finish()
    assert (info.value.missing_count, info.value.first_missing) == (1, [0])
    # A failed finish() must not lose the parts already scanned.
    assert a.missing() == [0]
    a.add(uris[0])
    assert same_entries(a.finish(), accounts(4))


def test_encode_rejects_unrepresentable_accounts():
    good = accounts(1)[0]
    seven = OtpAuthUri(secret=secret(), params=params_for("totp", digits=7), account="seven")
    with pytest.raises(OtpError.InvalidInput) as info:
        migration_encode([good, seven], 10)
    invalid_migration(info)
    bad = OtpAuthUri(secret=secret(), params=params_for("totp", digits=0), account="zero")
    with pytest.raises(OtpError.InvalidInput) as info:
        migration_encode([good, bad], 10)
    assert info.value.kind in (InvalidInputKind.PARAMETERS, InvalidInputKind.MIGRATION)
