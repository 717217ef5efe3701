"""Storage and imports through the bindings: the encrypted OtpVault, OtpAccountStore with a
Python SecretStore, backup imports (fixtures in tests/fixtures/import) and export round trips."""

import gc
import json
import threading

import pytest

from otpkit import (
    Clock,
    HashAlgorithm,
    OtpAccountStore,
    OtpError,
    OtpParameters,
    OtpType,
    OtpVault,
    SecretStore,
    SecretStoreError,
    export_aegis,
    export_otpauth_list,
    import_backup,
    memory_secret_store,
    totp_code,
)
from otp_vectors import REPO

FIXTURES = REPO / "tests" / "fixtures" / "import"
SECRET = "JBSWY3DPEHPK3PXP"
NOW = 1_700_000_000


class FixedClock(Clock):
    def __init__(self, now=NOW):
        self.now = now

    def now_unix(self):
        return self.now


class DictStore(SecretStore):
    """A SecretStore implemented in Python (a dict), as a Keychain/Keystore adapter would be."""

    def __init__(self):
        self.items = {}
        self.lock = threading.Lock()
        self.fail = False

    def put(self, id, secret):
        if self.fail:
            raise SecretStoreError.Backend("keystore is locked")
        with self.lock:
            self.items[id] = bytes(secret)

    def get(self, id):
        with self.lock:
            return self.items.get(id)

    def delete(self, id):
        with self.lock:
            self.items.pop(id, None)

    def list_ids(self):
        with self.lock:
            return list(self.items)


def totp(digits=6, period=30):
    return OtpParameters(
        otp_type=OtpType.TOTP, algorithm=HashAlgorithm.SHA1, digits=digits, period=period,
        t0=0, counter=0,
    )


def expected(name):
    return json.loads((FIXTURES / f"{name}.expected.json").read_text())


# ----- vault -----

def test_vault_create_add_reopen_list_snapshot(tmp_path):
    path = str(tmp_path / "v.otpkit")
    vault = OtpVault.create(path, "correct horse", FixedClock())
    a = vault.add("ACME", "alice@example.com", totp(), "note", None, ["Work"], SECRET)
    assert len(a.id) == 32 and a.created == NOW and a.updated == NOW
    b = vault.add_uri("otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQ&counter=5&issuer=Bank")
    assert b.params.otp_type == OtpType.HOTP and b.params.counter == 5
    snap = vault.snapshot(a.id)
    assert snap.current == totp_code(SECRET, totp(), NOW)
    assert snap.remaining == 30 - NOW % 30
    assert vault.bump_counter(b.id) == 6
    del vault  # releases the writer lock
    gc.collect()

    vault = OtpVault.open(path, "correct horse", FixedClock())
    records = vault.list()
    assert [r.id for r in records] == [a.id, b.id]
    assert records[0].issuer == "ACME" and records[0].groups == ["Work"]
    assert records[0].note == "note"
    assert vault.get(b.id).params.counter == 6
    assert vault.secret(a.id) == SECRET
    assert vault.snapshot_at(a.id, 59).current == totp_code(SECRET, totp(), 59)
    assert vault.remove(b.id).id == b.id
    assert vault.get(b.id) is None
    with pytest.raises(OtpError.AccountNotFound):
        vault.snapshot(b.id)
    with pytest.raises(OtpError.AccountNotFound):
        vault.remove(b.id)


def test_vault_wrong_passphrase_lock_and_errors(tmp_path):
    path = str(tmp_path / "v.otpkit")
    vault = OtpVault.create(path, "right", FixedClock())
    with pytest.raises(OtpError.VaultLocked):
        OtpVault.open(path, "right", FixedClock())
    with pytest.raises(OtpError.VaultLocked):
        OtpVault.create(path, "again", FixedClock())  # held by `vault`
    with pytest.raises(OtpError.InvalidSecret):
        vault.add(None, "x", totp(), None, None, [], "not base32!")
    with pytest.raises(OtpError.InvalidAccount):
        vault.add(None, "x", totp(digits=0), None, None, [], SECRET)
    other = str(tmp_path / "w.otpkit")
    OtpVault.create(other, "right", FixedClock())
    gc.collect()
    with pytest.raises(OtpError.WrongPassphrase):
        OtpVault.open(other, "wrong", FixedClock())
    (tmp_path / "junk").write_bytes(b"not a vault at all")
    with pytest.raises(OtpError.VaultCorrupted):
        OtpVault.open(str(tmp_path / "junk"), "right", FixedClock())
    with pytest.raises(OtpError.StorageFailed):
        OtpVault.open(str(tmp_path / "missing"), "right", FixedClock())


def test_vault_change_passphrase(tmp_path):
    path = str(tmp_path / "v.otpkit")
    vault = OtpVault.create(path, "old", FixedClock())
    a = vault.add_uri(f"otpauth://totp/x?secret={SECRET}")
    vault.change_passphrase("new")
    del vault
    gc.collect()
    with pytest.raises(OtpError.WrongPassphrase):
        OtpVault.open(path, "old", FixedClock())
    vault = OtpVault.open(path, "new", FixedClock())
    assert vault.get(a.id) is not None


def test_vault_enroll_key_and_open_with_python_store(tmp_path):
    path = str(tmp_path / "v.otpkit")
    store = DictStore()
    vault = OtpVault.create(path, "pass", FixedClock())
    a = vault.add_uri(f"otpauth://totp/x?secret={SECRET}")
    slot = vault.enroll_key(store, "vault-key")
    assert len(slot) > 0
    assert len(store.items["vault-key"]) == 32
    del vault
    gc.collect()
    vault = OtpVault.open_with_key_store(path, store, "vault-key", FixedClock())
    assert vault.get(a.id) is not None
    del vault
    gc.collect()
    with pytest.raises(OtpError.WrongPassphrase):
        OtpVault.open_with_key_store(path, store, "other-entry", FixedClock())
    store.items["vault-key"] = bytes(32)
    with pytest.raises(OtpError.WrongPassphrase):
        OtpVault.open_with_key_store(path, store, "vault-key", FixedClock())
    # the passphrase still works
    OtpVault.open(path, "pass", FixedClock())


def test_enroll_key_store_failure_is_storage_failed(tmp_path):
    store = DictStore()
    store.fail = True
    vault = OtpVault.create(str(tmp_path / "v"), "pass", FixedClock())
    with pytest.raises(OtpError.StorageFailed, match="keystore is locked"):
        vault.enroll_key(store, "k")


# ----- account store with a Python secret store -----

def test_account_store_with_python_secret_store(tmp_path):
    store = DictStore()
    meta = str(tmp_path / "accounts.json")
    accounts = OtpAccountStore.open(meta, store, FixedClock())
    a = accounts.add("ACME", "alice", totp(), None, None, [], SECRET)
    assert set(store.items) == {a.id}
    assert store.items[a.id] == bytes.fromhex("48656c6c6f21deadbeef")  # base32 JBSWY3DPEHPK3PXP
    assert accounts.secret(a.id) == SECRET
    assert accounts.snapshot(a.id).current == totp_code(SECRET, totp(), NOW)
    assert "alice" in (tmp_path / "accounts.json").read_text()
    assert SECRET not in (tmp_path / "accounts.json").read_text()
    del accounts
    gc.collect()
    accounts = OtpAccountStore.open(meta, store, FixedClock())
    assert [r.id for r in accounts.list()] == [a.id]
    accounts.remove(a.id)
    assert store.items == {}
    assert accounts.list() == []


def test_account_store_backend_failure(tmp_path):
    store = DictStore()
    accounts = OtpAccountStore.in_memory(store, FixedClock())
    store.fail = True
    with pytest.raises(OtpError.StorageFailed, match="keystore is locked"):
        accounts.add_uri(f"otpauth://totp/x?secret={SECRET}")
    assert accounts.list() == []


def test_pin_accounts_in_the_vault_and_foreign_stores(tmp_path):
    """mOTP/Yandex accounts keep their PIN in the vault (codes after reopening); a foreign store
    holds only key bytes and refuses the PIN instead of dropping it."""
    path = str(tmp_path / "pins.otpkit")
    vault = OtpVault.create(path, "correct horse", FixedClock())
    # Aegis' published YAOTP vector: PIN 7586 -> "oactmacq" at 1581064020.
    ya = vault.add_uri("otpauth://yaotp/Yandex:me?secret=LA2V6KMCGYMWWVEW64RNP3JA3I&pin=7586")
    assert ya.params.otp_type == OtpType.YANDEX
    m = vault.add_uri("motp://Corp:me?secret=e3152afee62599c8&pin=1234")
    assert m.params.otp_type == OtpType.MOTP
    del vault
    gc.collect()
    vault = OtpVault.open(path, "correct horse", FixedClock())
    assert vault.snapshot_at(ya.id, 1581064020).current == "oactmacq"
    assert vault.snapshot_at(m.id, 165892298).current == "e7d8b6"  # Aegis MOTPTest
    with pytest.raises(OtpError.InvalidAccount):
        vault.add_uri("motp://Corp:no-pin?secret=e3152afee62599c8")

    accounts = OtpAccountStore.in_memory(DictStore(), FixedClock())
    with pytest.raises(OtpError.InvalidAccount, match="PIN") as info:
        accounts.add_uri("motp://Corp:me?secret=e3152afee62599c8&pin=1234")
    assert "1234" not in str(info.value)
    assert accounts.list() == []


def test_account_store_with_memory_secret_store():
    store = memory_secret_store()
    accounts = OtpAccountStore.in_memory(store, FixedClock())
    a = accounts.add_uri(f"otpauth://totp/ACME:alice?secret={SECRET}&issuer=ACME")
    assert store.list_ids() == [a.id]
    assert store.get(a.id) == bytes.fromhex("48656c6c6f21deadbeef")
    assert store.get("nope") is None
    store.delete("nope")
    assert accounts.orphan_secret_ids() == []


# ----- imports -----

IMPORT_FIXTURES = [
    "aegis_plain.json",
    "aegis_encrypted.json",
    "aegis_plain_v1.json",
    "otpauth_list.txt",
    "google_migration.txt",
    "twofas_plain.2fas",
    "proton_plain.json",
    "ente_plain.txt",
]


@pytest.mark.parametrize("name", IMPORT_FIXTURES)
def test_import_fixture(name):
    exp = expected(name)
    data = (FIXTURES / name).read_bytes()
    backup = import_backup(exp["format"], data, exp["password"])
    assert len(backup.accounts) == len(exp["accounts"])
    assert [f.index for f in backup.failures] == [f["index"] for f in exp["failures"]]
    for got, want in zip(backup.failures, exp["failures"]):
        assert got.name == want["name"]
        assert want["reason_contains"] in got.reason
    for got, want in zip(backup.accounts, exp["accounts"]):
        assert got.secret == want["secret"]
        assert got.account == want["account"]


def test_import_encrypted_aegis_errors():
    data = (FIXTURES / "aegis_encrypted.json").read_bytes()
    with pytest.raises(OtpError.PasswordRequired):
        import_backup("aegis", data, None)
    with pytest.raises(OtpError.WrongPassword):
        import_backup("aegis", data, "nope")
    with pytest.raises(OtpError.ImportFailed):
        import_backup("lastpass", data, None)
    with pytest.raises(OtpError.ImportFailed):
        import_backup("aegis", b"{}", None)


def test_import_backup_into_vault(tmp_path):
    exp = expected("aegis_encrypted.json")
    vault = OtpVault.create(str(tmp_path / "v"), "pass", FixedClock())
    summary = vault.import_backup(
        "aegis", (FIXTURES / "aegis_encrypted.json").read_bytes(), exp["password"]
    )
    assert summary.imported == len(exp["accounts"])
    assert [f.index for f in summary.failures] == [f["index"] for f in exp["failures"]]
    records = vault.list()
    assert len(records) == len(exp["accounts"])
    first = records[0]
    assert first.issuer == exp["accounts"][0]["issuer"]
    assert first.groups == exp["accounts"][0]["groups"]
    assert first.note == exp["accounts"][0]["note"]


def test_export_import_round_trip(tmp_path):
    vault = OtpVault.create(str(tmp_path / "v"), "pass", FixedClock())
    vault.add("ACME", "alice", totp(digits=8, period=60), "n", None, ["G"], SECRET)
    vault.add_uri("otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQ&counter=3&issuer=Bank")

    text = vault.export_otpauth()
    assert len(text.splitlines()) == 2
    back = import_backup("otpauth", text.encode(), None)
    assert [a.secret for a in back.accounts] == [SECRET, "GEZDGNBVGY3TQOJQ"]
    assert back.failures == []

    encrypted = vault.export_aegis("pw")
    assert SECRET not in encrypted
    other = OtpAccountStore.in_memory(DictStore(), FixedClock())
    summary = other.import_backup("aegis", encrypted.encode(), "pw")
    assert summary.imported == 2 and summary.failures == []
    assert [(r.issuer, r.label, r.params) for r in other.list()] == [
        (r.issuer, r.label, r.params) for r in vault.list()
    ]
    assert other.list()[0].groups == ["G"]

    # free functions on OtpAccount records
    assert export_otpauth_list(back.accounts) == text
    again = import_backup("aegis", export_aegis(back.accounts, None).encode(), None)
    assert [a.secret for a in again.accounts] == [SECRET, "GEZDGNBVGY3TQOJQ"]


# ----- one import operation (issue 9: icons, duplicates, partial-byte secrets) -----


def aegis_with_icons(n, icon_len):
    entries = [
        {"type": "totp", "uuid": f"00000000-0000-0000-0000-{i:012d}", "name": f"user{i}",
         "issuer": f"Svc{i}", "note": "", "icon": "QUFB" * (icon_len // 3),
         "icon_mime": "image/png",
         "info": {"secret": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQO" + chr(ord("A") + i) + "A",
                  "algo": "SHA1", "digits": 6, "period": 30}}
        for i in range(n)
    ]
    doc = {"version": 1, "header": {"slots": None, "params": None},
           "db": {"version": 3, "entries": entries, "groups": []}}
    return json.dumps(doc).encode()


def test_vault_import_keeps_icons_and_a_rerun_adds_nothing(tmp_path):
    data = aegis_with_icons(9, 20_000)
    vault = OtpVault.create(str(tmp_path / "v"), "pass", FixedClock())
    summary = vault.import_backup("aegis", data, None)
    assert (summary.imported, summary.duplicates, summary.failures) == (9, 0, [])
    assert all(r.icon.startswith("data:image/png;base64,") for r in vault.list())
    again = vault.import_backup("aegis", data, None)
    assert (again.imported, again.duplicates, again.failures) == (0, 9, [])
    assert len(vault.list()) == 9


def test_account_store_import_reports_refused_entries_by_index_and_name():
    store = OtpAccountStore.in_memory(DictStore(), FixedClock())
    too_long = "x" * 2000
    text = (f"otpauth://totp/A:ok?secret={SECRET}\n"
            f"otpauth://totp/A:{too_long}?secret={SECRET}\n").encode()
    summary = store.import_backup("otpauth", text, None)
    assert summary.imported == 1
    assert [(f.index, f.name[:9]) for f in summary.failures] == [(1, "A: xxxxxx")]
    assert "label" in summary.failures[0].reason


def test_partial_byte_secret_is_imported_with_a_warning(tmp_path):
    vault = OtpVault.create(str(tmp_path / "v"), "pass", FixedClock())
    summary = vault.import_backup("otpauth", b"otpauth://totp/S:nine?secret=JBSWY3DPE\n", None)
    assert summary.imported == 1
    record = vault.list()[0]
    assert record.warnings == ["secret_trailing_bits"]
    assert vault.secret(record.id) == "JBSWY3DP"
    read = import_backup("otpauth", b"otpauth://totp/S:nine?secret=JBSWY3DPE\n", None)
    assert "secret_trailing_bits" in read.accounts[0].warnings
    bad = import_backup("otpauth", b"otpauth://totp/S:bad?secret=JBSWY3D1E\n", None)
    assert bad.accounts == [] and len(bad.failures) == 1
