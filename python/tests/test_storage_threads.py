"""Storage calls release the GIL: while one thread opens a vault (file read, then Argon2id),
other Python threads keep running; and a Python SecretStore is called from whichever thread
runs a storage call while other threads use the same Accounts object, without deadlocking.

The open check is an ordering one, not a timing one: the vault file is replaced by a FIFO, so
open_vault_blocking can only finish once another Python thread has written the vault's bytes
into it. Were the GIL held inside the call, that thread could never run and the open would
never return: the check runs in a child interpreter with a timeout, so such a hang fails the
test instead of hanging it."""

import os
import subprocess
import sys
import textwrap
import threading

from otpkit import Accounts, KdfParams

from otp_vectors import FixedTime
from test_storage import SECRET, DictStore

NOW = 1_700_000_000

OPEN_FROM_FIFO = textwrap.dedent("""
    import os, sys, threading
    import otpkit

    path = sys.argv[1]
    data = open(path, "rb").read()
    os.remove(path)
    os.mkfifo(path, 0o600)
    result = {}

    def opener():
        try:
            vault = otpkit.Accounts.open_vault_blocking(path, "passphrase", otpkit.fixed_time_source(0))
            result["ids"] = [a.id for a in vault.list()]
        except BaseException as e:
            result["error"] = repr(e)

    thread = threading.Thread(target=opener)
    thread.start()
    # Python work in this thread while the opener is inside open_vault_blocking: feed it the file.
    with open(path, "wb") as fifo:
        fifo.write(data)
    thread.join()
    print(result)
""")


def test_open_vault_blocking_lets_other_threads_run(tmp_path):
    path = str(tmp_path / "slow.otpkit")
    # The default cost (64 MiB, 3 passes), as an app would use.
    vault = Accounts.create_vault_blocking(path, "passphrase", KdfParams(), FixedTime(NOW))
    account = vault.add_uri(f"otpauth://totp/ACME:alice?secret={SECRET}&issuer=ACME")
    del vault
    try:
        run = subprocess.run([sys.executable, "-c", OPEN_FROM_FIFO, path], capture_output=True,
                             text=True, timeout=60)
    except subprocess.TimeoutExpired:
        raise AssertionError("open_vault_blocking held the GIL: the writer thread never ran") from None
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == repr({"ids": [account.id]}), (run.stdout, run.stderr)


OPEN_FROM_FIFO_ASYNC = textwrap.dedent("""
    import asyncio, os, sys
    import otpkit

    path = sys.argv[1]
    data = open(path, "rb").read()
    os.remove(path)
    os.mkfifo(path, 0o600)

    def feed():
        with open(path, "wb") as fifo:
            fifo.write(data)

    async def main():
        ticks = 0

        async def ticker():
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0)

        tick = asyncio.ensure_future(ticker())
        opened = asyncio.ensure_future(Accounts.open_vault(path, "passphrase", otpkit.fixed_time_source(0)))
        await asyncio.sleep(0)
        # The open is waiting for the FIFO: the loop still runs other tasks, and a Python thread
        # (asyncio.to_thread) can feed it.
        await asyncio.to_thread(feed)
        vault = await opened
        tick.cancel()
        return ticks > 0, [a.id for a in vault.list()]

    Accounts = otpkit.Accounts
    print(asyncio.run(main()))
""")


def test_open_vault_coroutine_leaves_the_event_loop_and_the_gil_free(tmp_path):
    path = str(tmp_path / "slow.otpkit")
    vault = Accounts.create_vault_blocking(path, "passphrase", KdfParams(), FixedTime(NOW))
    account = vault.add_uri(f"otpauth://totp/ACME:alice?secret={SECRET}&issuer=ACME")
    del vault
    try:
        run = subprocess.run([sys.executable, "-c", OPEN_FROM_FIFO_ASYNC, path], capture_output=True,
                             text=True, timeout=60)
    except subprocess.TimeoutExpired:
        raise AssertionError("Accounts.open_vault blocked the event loop or held the GIL") from None
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == repr((True, [account.id])), (run.stdout, run.stderr)


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


EXIT_AFTER_COROUTINE = textwrap.dedent("""
    import asyncio
    import otpkit

    backup = asyncio.run(otpkit.read_backup(otpkit.ImportFormat.OTPAUTH,
                                            b"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP"))
    assert len(backup.accounts) == 1
""")


def test_the_interpreter_exits_cleanly_right_after_a_coroutine():
    """A storage coroutine is woken from a Rust pool thread that needs the GIL once more after
    the loop has seen the result; a script ending right there must not crash at exit (it did in
    most runs before otpkit waited for such wakes at exit)."""
    for _ in range(8):
        run = subprocess.run([sys.executable, "-c", EXIT_AFTER_COROUTINE], capture_output=True,
                             text=True, timeout=60)
        assert (run.returncode, run.stderr) == (0, "")
