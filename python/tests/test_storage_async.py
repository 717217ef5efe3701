"""The async forms of storage (uniffi coroutines, run with asyncio.run): vault create/open and
change passphrase, encrypted backup import/export, and read_backup."""

import asyncio
import gc
import inspect
import time

import pytest

from otpkit import (
    Accounts,
    AuthenticationKind,
    ExportFormat,
    ImportFormat,
    KdfParams,
    OtpError,
    read_backup,
    read_backup_blocking,
)
from otp_vectors import REPO, RFC_SECRET, FixedTime

FIXTURES = REPO / "tests" / "fixtures" / "import"
T = 1_700_000_010
FAST = KdfParams(memory_kib=8, iterations=1, parallelism=1)


def run(coro):
    assert inspect.iscoroutine(coro), f"{coro!r} is not a coroutine"
    return asyncio.run(coro)


def test_the_async_forms_are_coroutine_functions():
    for fn in (Accounts.create_vault, Accounts.open_vault, Accounts.import_backup, Accounts.export,
               Accounts.change_passphrase, read_backup):
        assert inspect.iscoroutinefunction(fn), fn


# ----- vault -----------------------------------------------------------------------------------


def test_vault_create_open_and_change_passphrase(tmp_path):
    path = str(tmp_path / "v.otpkit")

    async def create_and_add():
        vault = await Accounts.create_vault(path, "old", FAST, FixedTime(T))
        return vault.add_uri(f"otpauth://totp/ACME:alice?secret={RFC_SECRET}&issuer=ACME").id

    id = run(create_and_add())
    gc.collect()

    async def change():
        vault = await Accounts.open_vault(path, "old", FixedTime(T))
        assert [a.id for a in vault.list()] == [id]
        await vault.change_passphrase("new", FAST)

    run(change())
    gc.collect()

    async def reopen():
        with pytest.raises(OtpError.Authentication) as info:
            await Accounts.open_vault(path, "old", FixedTime(T))
        assert info.value.kind == AuthenticationKind.WRONG_PASSPHRASE
        vault = await Accounts.open_vault(path, "new", FixedTime(59))
        return vault.snapshot(id).code.current.reveal()

    assert run(reopen()) == "287082"


def test_default_kdf_strength_and_time_source(tmp_path):
    """create_vault with only path and passphrase: the INTERACTIVE preset and the system time."""
    path = str(tmp_path / "d.otpkit")

    async def go():
        vault = await Accounts.create_vault(path, "pass")
        a = vault.add_uri(f"otpauth://totp/x?secret={RFC_SECRET}")
        return abs(vault.snapshot(a.id).code.counter * 30 - time.time()) < 90

    assert run(go())


def test_encrypted_import_export_and_read_backup(tmp_path):
    data = (FIXTURES / "aegis_encrypted.json").read_bytes()

    async def go():
        vault = await Accounts.create_vault(str(tmp_path / "v"), "pass", FAST, FixedTime(T))
        with pytest.raises(OtpError.Authentication) as info:
            await vault.import_backup(ImportFormat.AEGIS, data)
        assert info.value.kind == AuthenticationKind.PASSWORD_REQUIRED
        summary = await vault.import_backup(ImportFormat.AEGIS, data, "aegis-test-pw")
        again = await vault.import_backup(ImportFormat.AEGIS, data, "aegis-test-pw")
        exported = await vault.export(ExportFormat.AEGIS, password="export-pw")
        read = await read_backup(ImportFormat.AEGIS, exported.encode(), "export-pw")
        lines = await vault.export(ExportFormat.OTPAUTH)
        return summary, again, exported, read, lines, len(vault.list())

    summary, again, exported, read, lines, count = run(go())
    assert len(summary.added) == 5 and [f.index for f in summary.unreadable] == [4, 5]
    assert (again.added, len(again.duplicates)) == ([], 5)
    assert count == 5 and exported.startswith("{")
    assert [a.secret for a in read.accounts] == [a.secret for a in read_backup_blocking(
        ImportFormat.OTPAUTH, lines.encode()).accounts]
    assert len(read.accounts) == 5 and read.unreadable == []
    with pytest.raises(OtpError.Authentication):
        run(read_backup(ImportFormat.AEGIS, exported.encode(), "wrong"))
