"""Storage records built from Python (tests, fakes) equal the ones Accounts and read_backup
return, with the uniffi keyword constructors and defaults."""

import pytest

from otpkit import (
    Account,
    AccountCode,
    Accounts,
    ImportedBackup,
    ImportFailure,
    ImportFormat,
    ImportSummary,
    OtpParams,
    memory_secret_store,
    read_backup_blocking,
)

from otp_vectors import FixedTime

NOW = 1_700_000_000
URI = "otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=ACME"


def test_account_records_round_trip_through_their_constructors():
    accounts = Accounts.in_memory(memory_secret_store(), FixedTime(NOW))
    a = accounts.add_uri(URI)
    made = Account(id=a.id, label="alice", issuer="ACME", params=OtpParams.TOTP(), created=NOW, updated=NOW)
    assert made == a and made.groups == [] and made.warnings == [] and made.note is None
    assert made != Account(id=a.id, label="bob", issuer="ACME", params=OtpParams.TOTP(), created=NOW, updated=NOW)
    snap = accounts.snapshot(a.id)
    assert AccountCode(account=made, code=snap.code) == snap
    assert AccountCode(account=made).code is None
    with pytest.raises(TypeError):
        Account(a.id, "alice")  # keyword-only, like the uniffi records


def test_import_records_round_trip_through_their_constructors():
    backup = read_backup_blocking(ImportFormat.OTPAUTH, f"{URI}\nnot a uri\n".encode())
    failure = ImportFailure(index=1, name=None, reason=backup.unreadable[0].reason)
    assert backup.unreadable == [failure]
    assert ImportedBackup(format=ImportFormat.OTPAUTH, accounts=backup.accounts, unreadable=[failure]) == backup
    assert ImportedBackup(format=ImportFormat.OTPAUTH) != backup
    accounts = Accounts.in_memory(memory_secret_store(), FixedTime(NOW))
    summary = accounts.import_backup_blocking(ImportFormat.OTPAUTH, f"{URI}\nnot a uri\n".encode())
    assert ImportSummary(format=ImportFormat.OTPAUTH, added=summary.added, unreadable=[failure]) == summary
    assert ImportSummary(format=ImportFormat.OTPAUTH).added == []
