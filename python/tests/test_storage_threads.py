"""Storage calls release the GIL: while one thread derives a vault key (Argon2id, default cost)
other Python threads keep running, and a Python SecretStore can be called from the thread that
runs a storage call while other threads use the same Accounts object.

No timing thresholds: the check is an ordering one. The opener thread is inside
open_vault_blocking from just after it sets `entered` until it sets `done`; the main thread
waits for `entered`, then does a small fixed amount of pure-Python work and checks that the open
had not finished by then. Were the GIL held during key derivation, the main thread could not run
any bytecode until the open returned, so `done` would already be set."""

import threading

from otpkit import Accounts, KdfParams, OtpError

from otp_vectors import FixedTime
from test_storage import SECRET, DictStore

NOW = 1_700_000_000


def test_open_vault_blocking_lets_other_threads_run(tmp_path):
    path = str(tmp_path / "slow.otpkit")
    # The default cost (64 MiB, 3 passes): the open takes far longer than the work below.
    vault = Accounts.create_vault_blocking(path, "passphrase", KdfParams(), FixedTime(NOW))
    account = vault.add_uri(f"otpauth://totp/ACME:alice?secret={SECRET}&issuer=ACME")
    del vault

    entered, done = threading.Event(), threading.Event()
    result = {}

    def opener():
        entered.set()
        try:
            result["vault"] = Accounts.open_vault_blocking(path, "passphrase", FixedTime(NOW))
        except OtpError as e:  # reported below, not swallowed
            result["error"] = e
        finally:
            done.set()

    thread = threading.Thread(target=opener)
    thread.start()
    try:
        assert entered.wait(30)
        total = 0
        for i in range(20_000):  # pure Python, a few milliseconds
            total += i * i
        finished_first = not done.is_set()
    finally:
        thread.join(60)
    assert not thread.is_alive()
    assert "error" not in result, result.get("error")
    assert total == sum(i * i for i in range(20_000))
    assert finished_first, "the main thread made no progress while open_vault_blocking ran"
    assert [a.id for a in result["vault"].list()] == [account.id]


def test_python_secret_store_under_concurrent_calls():
    """Several threads add to one Accounts over a Python store: each call runs the store's
    methods from its own thread without deadlocking on the GIL, and every account is kept."""
    store = DictStore()
    accounts = Accounts.in_memory(store, FixedTime(NOW))
    errors = []

    def worker(n):
        try:
            for i in range(10):
                accounts.add_uri(f"otpauth://totp/T{n}:user{i}?secret={SECRET}&issuer=T{n}")
                accounts.list()
        except Exception as e:  # collected and asserted below
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not any(t.is_alive() for t in threads)
    assert errors == []
    ids = {a.id for a in accounts.list()}
    assert len(ids) == 40
    assert set(store.items) == ids
