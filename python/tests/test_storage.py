"""Storage and imports through the bindings: the one Accounts object (an encrypted vault, a
metadata file over a Python SecretStore, or in memory), backup reads/imports (fixtures in
tests/fixtures/import) and export round trips. The blocking forms; test_async.py runs the
coroutines."""

import gc
import json
import threading

import pytest

from otpkit import (
    Account,
    AccountCode,
    Accounts,
    AccountUpdate,
    AuthenticationKind,
    CodeGenerator,
    ExportFormat,
    ImportFormat,
    InvalidInputKind,
    OneTimeCode,
    OtpAuthUri,
    OtpError,
    OtpParams,
    Secret,
    SecretStore,
    SecretStoreError,
    StorageFailureKind,
    KdfParams,
    memory_secret_store,
    read_backup_blocking,
    totp_code,
)
from otp_vectors import REPO, FixedTime, params_for, warning_name

FIXTURES = REPO / "tests" / "fixtures" / "import"
SECRET = "JBSWY3DPEHPK3PXP"
NOW = 1_700_000_000
# The cheapest Argon2id parameters, for tests only (the default is 64 MiB, 3 passes).
FAST = KdfParams(memory_kib=8, iterations=1, parallelism=1)

# Fixture "format" names -> ImportFormat.
FORMATS = {
    "otpauth": ImportFormat.OTPAUTH, "google": ImportFormat.GOOGLE, "aegis": ImportFormat.AEGIS,
    "2fas": ImportFormat.TWO_FAS, "ente": ImportFormat.ENTE, "proton": ImportFormat.PROTON,
    "andotp": ImportFormat.AND_OTP, "freeotp-plus": ImportFormat.FREE_OTP_PLUS, "freeotp": ImportFormat.FREE_OTP,
    "bitwarden": ImportFormat.BITWARDEN, "authy": ImportFormat.AUTHY, "stratum": ImportFormat.STRATUM,
    "steam": ImportFormat.STEAM, "lastpass": ImportFormat.LAST_PASS, "proton-pass": ImportFormat.PROTON_PASS,
}


class DictStore(SecretStore):
    """A SecretStore implemented in Python (a dict), as a Keychain/Keystore adapter would be."""

    def __init__(self):
        self.items = {}
        self.lock = threading.Lock()
        self.fail = False

    def put(self, id, secret):
        if self.fail == "key lost":
            raise SecretStoreError.KeyLost("keystore key invalidated")
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
    return params_for("totp", digits=digits, period=period)


def uri(account="alice", issuer="ACME", secret=SECRET, params=None):
    return OtpAuthUri(secret=Secret.from_base32(secret), params=params or totp(), account=account, issuer=issuer)


def expected(name):
    return json.loads((FIXTURES / f"{name}.expected.json").read_text())


def create(path, passphrase="correct horse", time=None):
    return Accounts.create_vault_blocking(str(path), passphrase, FAST, time or FixedTime(NOW))


def open_vault(path, passphrase="correct horse", time=None):
    return Accounts.open_vault_blocking(str(path), passphrase, time or FixedTime(NOW))


def close(accounts):
    """Drops a temporary Accounts object (releasing the file's writer lock). For a named one,
    `del name` drops it: CPython frees it at once, and uniffi's __del__ frees the Rust side."""
    del accounts
    gc.collect()


def storage_kind(info):
    assert isinstance(info.value, OtpError.Storage)
    return info.value.kind


def current(accounts, id):
    return accounts.snapshot(id).code.current.reveal()


# ----- vault -----

def test_vault_create_add_reopen_list_snapshot(tmp_path):
    path = tmp_path / "v.otpkit"
    clock = FixedTime(NOW)
    vault = create(path, time=clock)
    a = vault.add(uri("alice@example.com"), "note", ["Work"])
    assert isinstance(a, Account)
    assert len(a.id) == 32 and a.created == NOW and a.updated == NOW
    assert (a.issuer, a.label, a.note, a.groups, a.icon) == ("ACME", "alice@example.com", "note", ["Work"], None)
    b = vault.add_uri("otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQ&counter=5&issuer=Bank")
    assert b.params == OtpParams.HOTP(counter=5)
    snap = vault.snapshot(a.id)
    assert isinstance(snap, AccountCode) and snap.account == a
    assert snap.code.current.reveal() == totp_code(Secret.from_base32(SECRET), NOW, totp())
    assert snap.code.remaining == 30 - NOW % 30
    assert vault.code(a.id).code.current == snap.code.current  # time-based: code() is the snapshot
    # HOTP: a snapshot has no code and does not advance the counter; code() saves the advanced
    # counter first, then returns the code of the value it had.
    assert vault.snapshot(b.id).code is None
    assert vault.get(b.id).params.counter == 5
    shown = vault.code(b.id)
    hotp = CodeGenerator(Secret.from_base32("GEZDGNBVGY3TQOJQ"), OtpParams.HOTP())
    assert isinstance(shown.code.current, OneTimeCode)
    assert (shown.code.current.reveal(), shown.code.counter) == (hotp.code_for_counter(5), 5)
    assert [c.code is None for c in vault.snapshots()] == [False, True]
    del vault

    vault = open_vault(path, time=clock)
    records = vault.list()
    assert [r.id for r in records] == [a.id, b.id]
    assert records[0].issuer == "ACME" and records[0].groups == ["Work"]
    assert records[0].note == "note"
    assert vault.get(b.id).params.counter == 6
    back = vault.otp_auth_uri(a.id)
    assert back.secret.reveal_base32() == SECRET and back.account == "alice@example.com"
    clock.now = 59
    assert current(vault, a.id) == totp_code(Secret.from_base32(SECRET), 59, totp())
    assert vault.remove(b.id).id == b.id
    assert vault.get(b.id) is None
    for call in (lambda: vault.snapshot(b.id), lambda: vault.remove(b.id), lambda: vault.code(b.id)):
        with pytest.raises(OtpError.NotFound) as info:
            call()
        assert info.value.id == b.id


def test_hotp_code_returns_each_counter_once(tmp_path):
    vault = create(tmp_path / "h.otpkit")
    h = vault.add_uri("otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=5&issuer=Bank")
    g = CodeGenerator(Secret.from_base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), OtpParams.HOTP())
    shown = [vault.code(h.id).code.current.reveal() for _ in range(3)]
    assert shown == [g.code_for_counter(c) for c in (5, 6, 7)]
    assert vault.get(h.id).params.counter == 8


def test_add_secret_manual_entry(tmp_path):
    vault = create(tmp_path / "m.otpkit")
    a = vault.add_secret(Secret.from_base32(SECRET), "alice", "ACME", totp(digits=8))
    assert (a.issuer, a.label, a.params) == ("ACME", "alice", totp(digits=8))
    d = vault.add_secret(Secret.generate(), "bob")  # issuer none, TOTP defaults
    assert (d.issuer, d.params) == (None, OtpParams.TOTP())
    assert vault.otp_auth_uri(a.id).secret == Secret.from_base32(SECRET)
    with pytest.raises(OtpError.InvalidInput) as info:
        vault.add_secret(Secret.generate(), "x", None, totp(digits=0))
    assert info.value.field == "digits"
    assert len(vault.list()) == 2


def test_find_search_and_update(tmp_path):
    vault = create(tmp_path / "f.otpkit")
    a = vault.add(uri("alice@example.com", "ACME"))
    b = vault.add(uri("bob", "Bank", "GEZDGNBVGY3TQOJQ"))
    c = vault.add(uri("carol", "Bank", "GEZDGNBVGY3TQOJQGEZA"))
    assert vault.find("acme").id == a.id
    assert vault.find("BOB").id == b.id
    assert vault.find(a.id[:8]).id == a.id
    assert vault.find("Bank:carol").id == c.id
    with pytest.raises(OtpError.NotFound):
        vault.find("nobody")
    with pytest.raises(OtpError.InvalidInput) as info:
        vault.find("bank")  # two match: the error names them, never picks one
    assert info.value.kind == InvalidInputKind.ACCOUNT
    assert [r.id for r in vault.search("bank")] == [b.id, c.id]
    assert vault.search("nobody") == []
    assert [r.id for r in vault.search()] == [r.id for r in vault.search("")] == [a.id, b.id, c.id]
    u = vault.update(a.id, AccountUpdate(issuer="ACME Corp", label="alice", note="n", icon=None, groups=["G"]))
    assert (u.issuer, u.label, u.note, u.groups) == ("ACME Corp", "alice", "n", ["G"])
    assert vault.get(a.id) == u
    assert AccountUpdate(label="x") == AccountUpdate(issuer=None, label="x", note=None, icon=None, groups=[])
    with pytest.raises(OtpError.NotFound):
        vault.update("0" * 32, AccountUpdate(label="x"))
    with pytest.raises(OtpError.InvalidInput) as info:
        vault.update(a.id, AccountUpdate(label="x" * 5000))
    assert info.value.kind == InvalidInputKind.ACCOUNT
    assert vault.get(a.id) == u  # nothing stored is lost


def test_vault_wrong_passphrase_lock_and_errors(tmp_path):
    path = tmp_path / "v.otpkit"
    vault = create(path, "right")
    with pytest.raises(OtpError.Storage) as info:
        open_vault(path, "right")
    assert storage_kind(info) == StorageFailureKind.LOCKED
    with pytest.raises(OtpError.Storage) as info:
        create(path, "again")  # held by `vault`
    assert storage_kind(info) in (StorageFailureKind.LOCKED, StorageFailureKind.BACKEND)
    with pytest.raises(OtpError.InvalidInput) as info:
        vault.add(uri(params=totp(digits=0)))
    assert info.value.kind in (InvalidInputKind.ACCOUNT, InvalidInputKind.PARAMETERS)
    assert vault.list() == []
    other = tmp_path / "w.otpkit"
    close(create(other, "right"))
    with pytest.raises(OtpError.Authentication) as info:
        open_vault(other, "wrong")
    assert info.value.kind == AuthenticationKind.WRONG_PASSPHRASE
    assert "wrong" not in info.value.reason.replace("wrong passphrase", "").replace("Wrong", "")
    (tmp_path / "junk").write_bytes(b"not a vault at all")
    with pytest.raises(OtpError.Storage) as info:
        open_vault(tmp_path / "junk", "right")
    assert storage_kind(info) == StorageFailureKind.CORRUPTED
    with pytest.raises(OtpError.Storage) as info:
        open_vault(tmp_path / "missing", "right")
    assert storage_kind(info) == StorageFailureKind.BACKEND
    with pytest.raises(OtpError.InvalidInput) as info:
        create(tmp_path / "empty-pass", "")
    assert info.value.kind == InvalidInputKind.PASSPHRASE


def test_vault_change_passphrase(tmp_path):
    path = tmp_path / "v.otpkit"
    vault = create(path, "old")
    a = vault.add_uri(f"otpauth://totp/x?secret={SECRET}")
    vault.change_passphrase_blocking("new", FAST)
    del vault
    with pytest.raises(OtpError.Authentication):
        open_vault(path, "old")
    vault = open_vault(path, "new")
    assert vault.get(a.id) is not None


def test_change_passphrase_on_a_key_store_is_unsupported(tmp_path):
    accounts = Accounts.in_memory(DictStore(), FixedTime(NOW))
    with pytest.raises(OtpError.Storage) as info:
        accounts.change_passphrase_blocking("new", FAST)
    assert storage_kind(info) == StorageFailureKind.UNSUPPORTED


# ----- accounts over a Python secret store -----

def test_accounts_with_python_secret_store(tmp_path):
    store = DictStore()
    meta = tmp_path / "accounts.json"
    accounts = Accounts.with_secret_store(store, str(meta), FixedTime(NOW))
    a = accounts.add(uri("alice"))
    assert set(store.items) == {a.id}
    assert store.items[a.id] == bytes.fromhex("48656c6c6f21deadbeef")  # base32 JBSWY3DPEHPK3PXP
    assert accounts.otp_auth_uri(a.id).secret == Secret.from_base32(SECRET)
    assert current(accounts, a.id) == totp_code(Secret.from_base32(SECRET), NOW, totp())
    assert "alice" in meta.read_text()
    assert SECRET not in meta.read_text()
    del accounts
    accounts = Accounts.with_secret_store(store, str(meta), FixedTime(NOW))
    assert [r.id for r in accounts.list()] == [a.id]
    accounts.remove(a.id)
    assert store.items == {}
    assert accounts.list() == []


def test_secret_store_backend_failure(tmp_path):
    store = DictStore()
    accounts = Accounts.in_memory(store, FixedTime(NOW))
    store.fail = True
    with pytest.raises(OtpError.Storage, match="keystore is locked") as info:
        accounts.add_uri(f"otpauth://totp/x?secret={SECRET}")
    assert storage_kind(info) == StorageFailureKind.BACKEND
    assert accounts.list() == []


def test_secret_store_key_lost_is_typed(tmp_path):
    store = DictStore()
    accounts = Accounts.in_memory(store, FixedTime(NOW))
    store.fail = "key lost"
    with pytest.raises(OtpError.Storage, match="re-enrol") as info:
        accounts.add_uri(f"otpauth://totp/x?secret={SECRET}")
    assert storage_kind(info) == StorageFailureKind.KEY_LOST
    assert accounts.list() == []


def test_pin_accounts_in_the_vault_and_foreign_stores(tmp_path):
    """mOTP/Yandex accounts keep their PIN in the vault (codes after reopening); a foreign store
    holds only key bytes and refuses the PIN instead of dropping it."""
    path = tmp_path / "pins.otpkit"
    clock = FixedTime(NOW)
    vault = create(path, time=clock)
    # Aegis' published YAOTP vector: PIN 7586 -> "oactmacq" at 1581064020.
    ya = vault.add_uri("otpauth://yaotp/Yandex:me?secret=LA2V6KMCGYMWWVEW64RNP3JA3I&pin=7586")
    assert isinstance(ya.params, OtpParams.YANDEX)
    m = vault.add_uri("motp://Corp:me?secret=e3152afee62599c8&pin=1234")
    assert isinstance(m.params, OtpParams.MOTP)
    del vault
    vault = open_vault(path, time=clock)
    clock.now = 1581064020
    assert current(vault, ya.id) == "oactmacq"
    clock.now = 165892298
    assert current(vault, m.id) == "e7d8b6"  # Aegis MOTPTest
    assert vault.otp_auth_uri(m.id).pin.reveal() == "1234"
    with pytest.raises(OtpError.InvalidInput) as info:
        vault.add_uri("motp://Corp:no-pin?secret=e3152afee62599c8")
    assert info.value.kind == InvalidInputKind.ACCOUNT

    accounts = Accounts.in_memory(DictStore(), FixedTime(NOW))
    with pytest.raises(OtpError.InvalidInput, match="PIN") as info:
        accounts.add_uri("motp://Corp:me?secret=e3152afee62599c8&pin=1234")
    assert info.value.kind == InvalidInputKind.ACCOUNT
    assert "1234" not in str(info.value)
    assert accounts.list() == []


def test_accounts_with_memory_secret_store():
    store = memory_secret_store()
    accounts = Accounts.in_memory(store, FixedTime(NOW))
    a = accounts.add_uri(f"otpauth://totp/ACME:alice?secret={SECRET}&issuer=ACME")
    assert store.list_ids() == [a.id]
    assert store.get(a.id) == bytes.fromhex("48656c6c6f21deadbeef")
    assert store.get("nope") is None
    store.delete("nope")
    assert [r.id for r in accounts.list()] == [a.id]
    # The Rust store is usable from Python directly too.
    other = memory_secret_store()
    other.put("k1", b"\x01\x02")
    other.put("k1", b"\x03")  # replaces
    assert (other.get("k1"), other.list_ids()) == (b"\x03", ["k1"])
    other.delete("k1")
    assert (other.get("k1"), other.list_ids()) == (None, [])


# ----- imports -----

IMPORT_FIXTURES = sorted(p.name[: -len(".expected.json")] for p in FIXTURES.glob("*.expected.json"))


def test_every_import_format_has_a_fixture():
    assert set(FORMATS.values()) == set(ImportFormat) - {ImportFormat.AUTO}
    assert {expected(n)["format"] for n in IMPORT_FIXTURES} == set(FORMATS)


@pytest.mark.parametrize("name", IMPORT_FIXTURES)
def test_read_backup_fixture(name):
    exp = expected(name)
    data = (FIXTURES / name).read_bytes()
    backup = read_backup_blocking(FORMATS[exp["format"]], data, exp["password"])
    assert backup.format == FORMATS[exp["format"]]
    assert len(backup.accounts) == len(exp["accounts"])
    assert [f.index for f in backup.unreadable] == [f["index"] for f in exp["failures"]]
    for got, want in zip(backup.unreadable, exp["failures"]):
        assert got.name == want["name"]
        assert want["reason_contains"] in got.reason
    for got, want in zip(backup.accounts, exp["accounts"]):
        assert isinstance(got, OtpAuthUri)
        assert got.secret.reveal_base32() == want["secret"]
        assert got.account == want["account"]
    # AUTO finds the format from the content ("detect" when it differs: a Google file with a
    # stray otpauth:// line is read as an otpauth list, which reads both kinds) and reads the
    # same accounts.
    auto = read_backup_blocking(ImportFormat.AUTO, data, exp["password"])
    assert auto.format == FORMATS[exp.get("detect", exp["format"])]
    if "detect" in exp:  # the otpauth reader also reads the stray line
        assert all(a.secret in [b.secret for b in auto.accounts] for a in backup.accounts)
    else:
        assert [a.secret for a in auto.accounts] == [a.secret for a in backup.accounts]


def test_read_encrypted_aegis_errors():
    data = (FIXTURES / "aegis_encrypted.json").read_bytes()
    with pytest.raises(OtpError.Authentication) as info:
        read_backup_blocking(ImportFormat.AEGIS, data)
    assert info.value.kind == AuthenticationKind.PASSWORD_REQUIRED
    with pytest.raises(OtpError.Authentication) as info:
        read_backup_blocking(ImportFormat.AEGIS, data, "nope")
    assert info.value.kind == AuthenticationKind.WRONG_PASSWORD
    for fmt, bad in ((ImportFormat.LAST_PASS, data), (ImportFormat.AEGIS, b"{}")):
        with pytest.raises(OtpError.InvalidInput) as info:
            read_backup_blocking(fmt, bad)
        assert info.value.kind == InvalidInputKind.BACKUP


def test_import_backup_into_vault(tmp_path):
    exp = expected("aegis_encrypted.json")
    vault = create(tmp_path / "v")
    summary = vault.import_backup_blocking(
        ImportFormat.AEGIS, (FIXTURES / "aegis_encrypted.json").read_bytes(), exp["password"]
    )
    assert summary.format == ImportFormat.AEGIS
    assert len(summary.added) == len(exp["accounts"])
    assert [f.index for f in summary.unreadable] == [f["index"] for f in exp["failures"]]
    assert (summary.duplicates, summary.refused) == ([], [])
    records = vault.list()  # display order; `added` is in backup order
    assert sorted(r.id for r in records) == sorted(r.id for r in summary.added)
    first = summary.added[0]
    assert first.issuer == exp["accounts"][0]["issuer"]
    assert first.groups == exp["accounts"][0]["groups"]
    assert first.note == exp["accounts"][0]["note"]
    assert first.icon == exp["accounts"][0]["icon"]


def test_export_import_round_trip(tmp_path):
    vault = create(tmp_path / "v")
    a = vault.add(uri("alice", params=totp(digits=8)), "n", ["G"])
    vault.add_uri("otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQ&counter=3&issuer=Bank")

    text = vault.export_blocking(ExportFormat.OTPAUTH)
    lines = text.splitlines()
    assert len(lines) == 2 and all(line.startswith("otpauth://") for line in lines)
    back = read_backup_blocking(ImportFormat.OTPAUTH, text.encode())
    assert [x.secret.reveal_base32() for x in back.accounts] == [SECRET, "GEZDGNBVGY3TQOJQ"]
    assert back.unreadable == []
    only = vault.export_blocking(ExportFormat.OTPAUTH, only=a.id)
    assert only.splitlines() == lines[:1]
    with pytest.raises(OtpError.InvalidInput) as info:
        vault.export_blocking(ExportFormat.OTPAUTH, password="pw")  # only Aegis can be encrypted
    assert (info.value.kind, info.value.field) == (InvalidInputKind.EXPORT, "password")

    qr = vault.export_blocking(ExportFormat.GOOGLE).splitlines()
    assert len(qr) == 1 and qr[0].startswith("otpauth-migration://offline?data=")
    google = read_backup_blocking(ImportFormat.GOOGLE, qr[0].encode())
    assert [x.secret for x in google.accounts] == [x.secret for x in back.accounts]

    encrypted = vault.export_blocking(ExportFormat.AEGIS, password="pw")
    assert SECRET not in encrypted
    other = Accounts.in_memory(DictStore(), FixedTime(NOW))
    summary = other.import_backup_blocking(ImportFormat.AEGIS, encrypted.encode(), "pw")
    assert (len(summary.added), summary.duplicates, summary.unreadable, summary.refused) == (2, [], [], [])
    assert [(r.issuer, r.label, r.params) for r in other.list()] == [
        (r.issuer, r.label, r.params) for r in vault.list()
    ]
    assert other.list()[0].groups == ["G"]
    plain = vault.export_blocking(ExportFormat.AEGIS)
    assert SECRET in plain  # no password: a plain Aegis file, asked for explicitly
    again = read_backup_blocking(ImportFormat.AEGIS, plain.encode())
    assert [x.secret.reveal_base32() for x in again.accounts] == [SECRET, "GEZDGNBVGY3TQOJQ"]


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
    vault = create(tmp_path / "v")
    summary = vault.import_backup_blocking(ImportFormat.AEGIS, data)
    assert (len(summary.added), summary.duplicates, summary.unreadable, summary.refused) == (9, [], [], [])
    assert all(r.icon.startswith("data:image/png;base64,") for r in vault.list())
    again = vault.import_backup_blocking(ImportFormat.AEGIS, data)
    assert (again.added, len(again.duplicates)) == ([], 9)
    assert [d.index for d in again.duplicates] == list(range(9))
    assert len(vault.list()) == 9


def test_import_reports_refused_and_unreadable_entries_by_index_and_name():
    store = Accounts.in_memory(DictStore(), FixedTime(NOW))
    too_long = "x" * 2000
    text = (f"otpauth://totp/A:ok?secret={SECRET}\n"
            f"otpauth://totp/A:{too_long}?secret={SECRET}\n"
            "not an otpauth line\n").encode()
    summary = store.import_backup_blocking(ImportFormat.OTPAUTH, text)
    assert [r.label for r in summary.added] == ["ok"]
    assert [(f.index, f.name[:9]) for f in summary.refused] == [(1, "A: xxxxxx")]
    assert "label" in summary.refused[0].reason
    assert [f.index for f in summary.unreadable] == [2]
    assert [r.label for r in store.list()] == ["ok"]


def test_import_into_a_foreign_store_refuses_pin_accounts_one_by_one():
    """A foreign secret store cannot hold an mOTP/Yandex PIN: such an entry is refused on its own
    (never stored without its PIN) and the other entries of the backup are stored."""
    store = Accounts.in_memory(DictStore(), FixedTime(NOW))
    text = (f"otpauth://totp/A:ok?secret={SECRET}\n"
            "motp://Corp:me?secret=e3152afee62599c8&pin=1234\n").encode()
    summary = store.import_backup_blocking(ImportFormat.OTPAUTH, text)
    assert [r.label for r in summary.added] == ["ok"]
    assert [f.index for f in summary.refused] == [1]
    assert "PIN" in summary.refused[0].reason and "1234" not in summary.refused[0].reason
    assert [r.label for r in store.list()] == ["ok"]


def test_partial_byte_secret_is_imported_with_a_warning(tmp_path):
    vault = create(tmp_path / "v")
    summary = vault.import_backup_blocking(ImportFormat.OTPAUTH, b"otpauth://totp/S:nine?secret=JBSWY3DPE\n")
    assert len(summary.added) == 1
    record = vault.list()[0]
    assert [warning_name(w) for w in record.warnings] == ["secret_trailing_bits"]
    assert vault.otp_auth_uri(record.id).secret.reveal_base32() == "JBSWY3DP"
    read = read_backup_blocking(ImportFormat.OTPAUTH, b"otpauth://totp/S:nine?secret=JBSWY3DPE\n")
    assert "secret_trailing_bits" in [warning_name(w) for w in read.accounts[0].warnings]
    bad = read_backup_blocking(ImportFormat.OTPAUTH, b"otpauth://totp/S:bad?secret=JBSWY3D1E\n")
    assert bad.accounts == [] and len(bad.unreadable) == 1


# ----- string forms never show secrets or codes (see test_redaction.py for the rest) -----


def test_string_forms_of_accounts_records_and_backups(tmp_path):
    from test_redaction import KEY, assert_hidden, key_forms

    account = OtpAuthUri(secret=Secret.from_base32(KEY), account="alice", issuer="ACME")
    backup = read_backup_blocking(ImportFormat.OTPAUTH, f"otpauth://totp/x?secret={KEY}\n".encode())
    assert_hidden(backup, *key_forms(KEY))
    assert_hidden(backup.accounts[0], *key_forms(KEY))
    for accounts in (Accounts.in_memory(memory_secret_store(), FixedTime(NOW)),
                     create(tmp_path / "v", "hunter2-passphrase")):
        stored = accounts.add(account)
        h = accounts.add_uri(f"otpauth://hotp/Bank:bob?secret={KEY}&counter=7&issuer=Bank")
        code = accounts.code(h.id)
        snap = accounts.snapshot(stored.id)
        shown = (*key_forms(KEY), code.code.current.reveal(), code.code.next.reveal(),
                 snap.code.current.reveal(), "hunter2")
        for value in (accounts, stored, accounts.list(), accounts.snapshots(), accounts.otp_auth_uri(stored.id),
                      code, code.code, snap, snap.code):
            assert_hidden(value, *shown)
        summary = accounts.import_backup_blocking(ImportFormat.OTPAUTH, f"otpauth://totp/y?secret={KEY}\n".encode())
        assert_hidden(summary, *shown)


def test_passphrase_and_password_errors_do_not_echo_them(tmp_path):
    from test_redaction import assert_hidden

    path = tmp_path / "p"
    close(create(path, "right-passphrase-1"))
    with pytest.raises(OtpError.Authentication) as info:
        open_vault(path, "guessed-passphrase-2")
    assert_hidden(info.value, "guessed-passphrase-2", "right-passphrase-1")
    data = (FIXTURES / "aegis_encrypted.json").read_bytes()
    with pytest.raises(OtpError.Authentication) as info:
        read_backup_blocking(ImportFormat.AEGIS, data, "tried-password-3")
    assert_hidden(info.value, "tried-password-3")


def test_storage_names_are_exported():
    import otpkit

    for name in ("Accounts", "Account", "AccountCode", "AccountUpdate", "KdfParams", "SecretStore",
                 "SecretStoreError", "memory_secret_store", "ImportFormat", "ExportFormat", "read_backup",
                 "read_backup_blocking", "ImportedBackup", "ImportSummary", "ImportFailure"):
        assert name in otpkit.__all__, name


def test_kdf_params_defaults_and_ranges(tmp_path):
    assert KdfParams() == KdfParams(memory_kib=65536, iterations=3, parallelism=1)
    for bad, kind, field in (
        (KdfParams(memory_kib=4, iterations=1, parallelism=1), InvalidInputKind.PASSPHRASE, "kdf"),
        (KdfParams(iterations=0), InvalidInputKind.PASSPHRASE, "kdf"),
        (KdfParams(parallelism=256), InvalidInputKind.PASSPHRASE, "kdf"),
        (KdfParams(memory_kib=-8), InvalidInputKind.PARAMETERS, "memory_kib"),
    ):
        with pytest.raises(OtpError.InvalidInput) as info:
            Accounts.create_vault_blocking(str(tmp_path / "k"), "pass", bad, FixedTime(NOW))
        assert (info.value.kind, info.value.field) == (kind, field)
        assert not (tmp_path / "k").exists()  # nothing written
    vault = create(tmp_path / "ok")
    with pytest.raises(OtpError.InvalidInput) as info:
        vault.change_passphrase_blocking("new", KdfParams(iterations=0))
    assert info.value.field == "kdf"
    del vault, info  # the traceback holds the method's frame, and so the vault
    gc.collect()
    open_vault(tmp_path / "ok")  # the old passphrase still opens it
