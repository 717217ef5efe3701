"""The async forms of the server calls (uniffi coroutines, run with asyncio.run): every Verifier /
OobCodes / VerificationStore call on the memory store and, when OTPKIT_REDIS_URL is set, on
Redis; the coroutines see the same state as their `*_blocking` twins. (The storage coroutines are
in test_storage_async.py.)"""

import asyncio
import inspect
import os
import secrets

import pytest

from otpkit import (
    CodeGenerator,
    Delivery,
    DeliveryChannel,
    OobBinding,
    OobCodes,
    OobOutcome,
    OtpError,
    OtpParams,
    Pepper,
    Secret,
    VerificationStore,
    Verifier,
    VerifyOutcome,
    default_oob_policy,
    default_redis_store_options,
    default_verifier_config,
    no_send_limits,
)
from otp_vectors import RFC_SECRET, FixedTime, totp_params

T = 1_700_000_010
REDIS_URL = os.environ.get("OTPKIT_REDIS_URL", "")
LOGIN = OobBinding(purpose="login", subject="alice")


def run(coro):
    assert inspect.iscoroutine(coro), f"{coro!r} is not a coroutine"
    return asyncio.run(coro)


def test_the_async_forms_are_coroutine_functions():
    for fn in (VerificationStore.redis,
               VerificationStore.redis_cluster, VerificationStore.diagnostics, Verifier.verify_totp,
               Verifier.verify_hotp, Verifier.resync_hotp, Verifier.unlock, Verifier.state, OobCodes.issue,
               OobCodes.resend, OobCodes.verify, OobCodes.verify_detailed):
        assert inspect.iscoroutinefunction(fn), fn


# ----- server ----------------------------------------------------------------------------------


@pytest.fixture(params=["memory", "redis"])
def store(request):
    if request.param == "memory":
        return VerificationStore.memory()
    if not REDIS_URL:
        pytest.skip("OTPKIT_REDIS_URL is not set (start one with tests/redis/start.sh)")
    options = default_redis_store_options()
    options.prefix = f"otpkit-pytest-{secrets.token_hex(8)}"
    return run(VerificationStore.redis(REDIS_URL, options))


def test_verifier_coroutines(store):
    g = CodeGenerator(Secret.from_base32(RFC_SECRET), totp_params())
    h = CodeGenerator(Secret.from_base32(RFC_SECRET), OtpParams.HOTP())
    clock = FixedTime(T)
    v = Verifier(store, clock, default_verifier_config())

    async def go():
        ok = await v.verify_totp("a", g, g.code_at(T))
        replay = await v.verify_totp("a", g, g.code_at(T), T)
        wrong = await v.verify_totp("b", g, "000000")
        state = await v.state("b")
        await v.unlock("b")
        after = await v.state("b", T)
        hotp = await v.verify_hotp("h", h, h.code_for_counter(3))
        far = await v.verify_hotp("r", h, h.code_for_counter(50))
        resync = await v.resync_hotp("r", h, h.code_for_counter(50), h.code_for_counter(51), T)
        return ok, replay, wrong, state, after, hotp, far, resync

    ok, replay, wrong, state, after, hotp, far, resync = run(go())
    assert ok.is_accepted() and ok.offset == 0
    assert replay == VerifyOutcome.REPLAYED()
    assert wrong == VerifyOutcome.INVALID(remaining=99)
    assert state.failures == 1 and after.failures == 0
    assert hotp.is_accepted() and hotp.next_counter == 4
    assert far.is_invalid()
    assert resync.is_accepted() and resync.next_counter == 52
    assert clock.calls > 0
    # The blocking twin sees the state the coroutines left.
    assert v.verify_totp_blocking("a", g, g.code_at(T), T) == VerifyOutcome.REPLAYED()


def test_concurrent_coroutines_accept_a_code_once(store):
    g = CodeGenerator(Secret.from_base32(RFC_SECRET), totp_params())
    v = Verifier(store, FixedTime(T), default_verifier_config())
    code = g.code_at(T)

    async def go():
        return await asyncio.gather(*(v.verify_totp("par", g, code, T) for _ in range(10)))

    results = run(go())
    assert sum(r.is_accepted() for r in results) == 1, results
    assert all(r.is_accepted() or r.is_replayed() or r.is_locked() for r in results)


def test_oob_coroutines(store):
    s = OobCodes(store, [Pepper("k1", bytes([1]) * 32)], FixedTime(T), default_oob_policy(), no_send_limits())
    to = Delivery(channel=DeliveryChannel.SMS, destination="+15550000001")

    async def go():
        first = await s.issue(LOGIN, to)
        early = await s.resend(first.challenge_id, LOGIN, to, T + 10)
        second = await s.resend(first.challenge_id, LOGIN, to, T + 30)
        wrong = str((int(second.code.reveal()[0]) + 1) % 10) + second.code.reveal()[1:]
        detailed = await s.verify_detailed(first.challenge_id, LOGIN, wrong, T + 31)
        ok = await s.verify(first.challenge_id, LOGIN, second.code.reveal(), T + 32)
        used = await s.verify(first.challenge_id, LOGIN, second.code.reveal())
        return first, early, second, detailed, ok, used

    first, early, second, detailed, ok, used = run(go())
    assert first.is_issued() and first.expires_at == T + 300
    assert early.is_rate_limited() and early.retry_after == 20
    assert second.is_issued() and second.challenge_id == first.challenge_id
    assert detailed == OobOutcome.INVALID(remaining=4)
    assert ok == OobOutcome.ACCEPTED(challenge_id=first.challenge_id)
    assert used == OobOutcome.INVALID(remaining=None)


def test_store_diagnostics_coroutine(store):
    got = [d.name for d in run(store.diagnostics())]
    assert got == [d.name for d in store.diagnostics_blocking()]


def test_redis_coroutine_constructors_fail_closed():
    options = default_redis_store_options()
    with pytest.raises((OtpError.StoreUnavailable, OtpError.InvalidInput)):
        run(VerificationStore.redis("redis://127.0.0.1:1/", options))
    with pytest.raises(OtpError.StoreUnavailable):
        run(VerificationStore.redis_cluster([], options))


CLUSTER_URLS = [u for u in os.environ.get("OTPKIT_REDIS_CLUSTER_URLS", "").split(",") if u]


@pytest.mark.skipif(not CLUSTER_URLS, reason="OTPKIT_REDIS_CLUSTER_URLS is not set (tests/redis/cluster-start.sh)")
def test_redis_cluster_coroutines():
    options = default_redis_store_options()
    options.prefix = f"otpkit-pytest-{secrets.token_hex(8)}"
    g = CodeGenerator(Secret.from_base32(RFC_SECRET), totp_params())

    async def go():
        store = await VerificationStore.redis_cluster(CLUSTER_URLS, options)
        v = Verifier(store, FixedTime(T))
        firsts = [await v.verify_totp(f"c{i}", g, g.code_at(T)) for i in range(10)]  # keys on every master
        again = await v.verify_totp("c0", g, g.code_at(T))
        return firsts, again, [d.name for d in await store.diagnostics()]

    firsts, again, diagnostics = run(go())
    assert all(o.is_accepted() for o in firsts)
    assert again == VerifyOutcome.REPLAYED()
    assert "redis.persistence" in diagnostics


EXIT_SCRIPT = """
import asyncio
from otpkit import Delivery, DeliveryChannel, OobBinding, OobCodes, Pepper, VerificationStore
codes = OobCodes(VerificationStore.memory(), [Pepper.generate("k")])
async def main():
    return await codes.issue(OobBinding(purpose="login", subject="a"),
                             Delivery(channel=DeliveryChannel.SMS, destination="+15550000000"))
assert asyncio.run(main()).is_issued()
"""


def test_exit_right_after_a_coroutine_does_not_abort():
    """The pool thread that finished a coroutine's work wakes the loop; the process may exit
    while that wake-up waits for the GIL. Before the atexit hook (python/src/wake.rs)
    about 1 run in 6 aborted with "Fatal Python error: PyGILState_Release"."""
    import subprocess
    import sys

    for _ in range(20):
        done = subprocess.run([sys.executable, "-c", EXIT_SCRIPT], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0 and "Fatal" not in done.stderr, done.stderr
