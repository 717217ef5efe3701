"""Server verification helpers through the binding: Verifier (TOTP/HOTP with throttling and
replay protection), OobCodes (out-of-band codes) and VerificationStore.

Every scenario runs against the in-memory store and, when OTPKIT_REDIS_URL is set (scripts/test.sh
starts a throwaway server: `export OTPKIT_REDIS_URL="$(bash tests/redis/start.sh)"`), against
Redis with a fresh random key prefix per test. Time is injected: a Python TimeSource given at
construction, or an explicit `unix_time` argument. These use the `*_blocking` forms; test_async.py
runs the coroutines. Window, look-ahead and backoff tables come from tests/vectors/server.json.
"""

import os
import re
import secrets
import threading
import time
from contextlib import contextmanager

import pytest

from otpkit import (
    CodeFormat,
    CodeGenerator,
    Delivery,
    DeliveryChannel,
    InvalidInputKind,
    IssueOutcome,
    LimitScope,
    MalformedReason,
    OobBinding,
    OobCodes,
    OobOutcome,
    OtpError,
    Pepper,
    RateLimit,
    RedisStoreOptions,
    Secret,
    TimeSource,
    VerificationStore,
    Verifier,
    VerifyOutcome,
    default_oob_policy,
    default_redis_store_options,
    default_send_limits,
    default_verifier_config,
    no_send_limits,
    strict_verifier_config,
)
from otp_vectors import FixedTime, cases, hotp_params, load, steam_params, totp_params

SERVER_CONFIG, REQUEST = InvalidInputKind.SERVER_CONFIG, InvalidInputKind.REQUEST
VECTORS = load("server.json")
SECRET = VECTORS["secret_base32"]  # "12345678901234567890"
T = 1_700_000_010  # the middle of a TOTP step
REDIS_URL = os.environ.get("OTPKIT_REDIS_URL", "")


class FakeClock(FixedTime):
    """A settable Python clock (the foreign TimeSource trait), at T unless told."""

    def __init__(self, now=T):
        super().__init__(now)


@contextmanager
def raises_input(kind, match=None):
    """pytest.raises(OtpError.InvalidInput) that also checks the error's kind."""
    with pytest.raises(OtpError.InvalidInput, match=match) as info:
        yield info
    assert info.value.kind == kind, info.value


def redis_options(prefix, **fields):
    options = default_redis_store_options()
    options.prefix = prefix
    for name, value in fields.items():
        setattr(options, name, value)
    return options


def redis(url, prefix, **fields):
    return VerificationStore.redis_blocking(url, redis_options(prefix, **fields))


def redis_store():
    return redis(REDIS_URL, f"otpkit-pytest-{secrets.token_hex(8)}")


@pytest.fixture(params=["memory", "redis"])
def backend(request):
    if request.param == "redis" and not REDIS_URL:
        pytest.skip("OTPKIT_REDIS_URL is not set (start one with tests/redis/start.sh)")
    return request.param


@pytest.fixture
def new_store(backend):
    """A factory of fresh, empty stores of one backend (Redis: a new random prefix each)."""
    return redis_store if backend == "redis" else VerificationStore.memory


@pytest.fixture
def store(new_store):
    return new_store()


def totp():
    return CodeGenerator(Secret.from_base32(SECRET), totp_params())


def verifier(store, config=None, clock=None):
    return Verifier(store, clock or FakeClock(), config or default_verifier_config())


def no_backoff():
    config = default_verifier_config()
    config.throttle.free_failures = 100
    return config


def accepted(outcome):
    assert outcome.is_accepted(), outcome
    return outcome


# --- configuration ----------------------------------------------------------------------------


def test_default_configurations_come_from_the_core():
    c = default_verifier_config()
    assert (c.totp.back, c.totp.forward, c.totp.drift) == (1, 1, None)
    assert (c.hotp.look_ahead, c.hotp.resync_window) == (10, 100)
    t = c.throttle
    assert (t.free_failures, t.base_backoff, t.max_backoff, t.max_failures) == (3, 2, 900, 100)
    assert (t.rate, t.state_ttl) == (None, 30 * 86_400)
    s = strict_verifier_config()
    assert (s.totp.back, s.totp.forward) == (1, 0) and s.throttle == c.throttle
    p = default_oob_policy()
    assert p.format == CodeFormat.DIGITS(length=6)
    assert (p.ttl, p.max_attempts, p.resend_cooldown, p.max_sends) == (300, 5, 30, 3)
    limits = default_send_limits()
    assert limits.per_destination == [RateLimit(max=5, window=3600), RateLimit(max=10, window=86_400)]
    assert limits.per_ip == [RateLimit(max=20, window=3600)]
    assert limits.per_prefix == [RateLimit(max=50, window=3600)] and limits.prefix_digits == 6
    assert limits.per_country == [RateLimit(max=1000, window=3600)]
    assert limits.global_budget == [RateLimit(max=10_000, window=3600)]
    none = no_send_limits()
    assert none.per_destination == [] and none.per_ip == []


@pytest.mark.parametrize(
    "change",
    [
        lambda c: setattr(c.throttle, "max_failures", 101),
        lambda c: setattr(c.throttle, "max_failures", 0),
        lambda c: setattr(c.throttle, "base_backoff", 0),
        lambda c: setattr(c.totp, "back", 11),
        lambda c: setattr(c.totp, "drift", 11),
        lambda c: setattr(c.hotp, "look_ahead", 101),
        lambda c: setattr(c.throttle, "rate", RateLimit(max=0, window=60)),
    ],
    ids=["cap-101", "cap-0", "backoff-0", "back-11", "drift-11", "look-ahead-101", "rate-0"],
)
def test_out_of_range_verifier_config_is_refused(change):
    config = default_verifier_config()
    change(config)
    with raises_input(SERVER_CONFIG):
        Verifier(VerificationStore.memory(), FakeClock(), config)


# --- TOTP windows, replay, throttling -----------------------------------------------------------


@pytest.mark.parametrize("case", cases(VECTORS["totp_window"]))
def test_totp_window_vectors_with_injected_clock(store, case):
    config = strict_verifier_config() if case["profile"] == "strict" else default_verifier_config()
    clock = FakeClock(case["check_time"])
    v = verifier(store, config, clock)
    g = totp()
    code = g.code_at(case["code_time"])
    got = v.verify_totp_blocking("window", g, code)
    assert clock.calls == 1
    if case["expect"] == "ok":
        assert accepted(got).offset == case["offset"]
        assert got.step == case["code_time"] // 30
        assert got.drift == 0
    else:
        assert got == VerifyOutcome.INVALID(remaining=99)
    # The same check with explicit time on a fresh credential agrees.
    again = v.verify_totp_blocking("window-at", g, code, case["check_time"])
    assert again == got
    assert clock.calls == 1


def test_replay_is_refused_and_counted(store):
    clock = FakeClock(T)
    v = verifier(store, clock=clock)
    g = totp()
    code = g.code_at(T)
    assert accepted(v.verify_totp_blocking("alice", g, code)).offset == 0
    assert v.verify_totp_blocking("alice", g, code) == VerifyOutcome.REPLAYED()
    assert v.state_blocking("alice").failures == 1
    # The previous step is inside the window but at/below the high-water mark: replayed too.
    assert v.verify_totp_blocking("alice", g, g.code_at(T - 30)) == VerifyOutcome.REPLAYED()
    # The next step is above the mark.
    clock.now = T + 30
    ok = accepted(v.verify_totp_blocking("alice", g, g.code_at(T + 30)))
    assert ok.step == (T + 30) // 30
    state = v.state_blocking("alice")
    assert (state.failures, state.locked_until, state.high_water) == (0, 0, ok.step)
    # Another credential with the same secret has its own mark.
    assert v.verify_totp_blocking("bob", g, g.code_at(T + 30)).is_accepted()


def test_hotp_look_ahead_vectors(store):
    v = verifier(store)
    g = CodeGenerator(Secret.from_base32(SECRET), hotp_params(0))
    for case in VECTORS["hotp_look_ahead"]:
        got = v.verify_hotp_blocking("h", g, g.code_for_counter(case["counter"]), T)
        if case["expect"] == "ok":
            assert accepted(got).next_counter == case["next"], case
            assert got.step == case["counter"]
        else:
            assert got.is_invalid(), (case, got)
    # The generator's counter is a floor (a counter kept in the application's database).
    floored = CodeGenerator(Secret.from_base32(SECRET), hotp_params(40))
    assert v.verify_hotp_blocking("h2", floored, g.code_for_counter(35)).is_invalid()
    assert accepted(v.verify_hotp_blocking("h2", floored, g.code_for_counter(40))).next_counter == 41


def test_hotp_resync(store):
    v = verifier(store)
    g = CodeGenerator(Secret.from_base32(SECRET), hotp_params(0))
    c = g.code_for_counter
    # Far beyond the look-ahead: a single code is refused, two consecutive ones resync.
    assert v.verify_hotp_blocking("r", g, c(50), T).is_invalid()
    ok = accepted(v.resync_hotp_blocking("r", g, c(50), c(51), T))
    assert (ok.step, ok.next_counter) == (51, 52)
    assert accepted(v.verify_hotp_blocking("r", g, c(52), T)).offset == 0
    assert v.resync_hotp_blocking("r", g, c(60), c(62)).is_invalid()
    assert v.resync_hotp_blocking("r", g, "12", c(61)) == VerifyOutcome.MALFORMED(reason=MalformedReason.WRONG_LENGTH)


def test_backoff_vectors_locked_until_and_remaining(store):
    clock = FakeClock(T)
    v = verifier(store, clock=clock)
    g = totp()
    wrong = "000000"
    assert g.verify_at(wrong, T, 10) is None
    now = T
    for i, lock in enumerate(VECTORS["backoff"]):
        n = i + 1
        clock.now = now
        assert v.verify_totp_blocking("b", g, wrong) == VerifyOutcome.INVALID(remaining=100 - n), n
        if lock:
            # Locked: even the right code is refused, and the refusal is not counted.
            clock.now = now + lock - 1
            got = v.verify_totp_blocking("b", g, g.code_at(now + lock - 1))
            assert got == VerifyOutcome.LOCKED(until=now + lock)
            assert v.state_blocking("b").failures == n
            assert v.state_blocking("b").locked_until == now + lock
        now += lock
    clock.now = now
    accepted(v.verify_totp_blocking("b", g, g.code_at(now)))
    assert (v.state_blocking("b").failures, v.state_blocking("b").locked_until) == (0, 0)


def test_hard_cap_exhausts_until_unlock(store):
    config = no_backoff()
    config.throttle.max_failures = 5
    v = verifier(store, config)
    g = totp()
    for left in range(4, -1, -1):
        assert v.verify_totp_blocking("cap", g, "000000", T) == VerifyOutcome.INVALID(remaining=left)
    right = g.code_at(T)
    assert v.verify_totp_blocking("cap", g, right, T) == VerifyOutcome.EXHAUSTED()
    assert v.verify_totp_blocking("cap", g, right, T + 86_400) == VerifyOutcome.EXHAUSTED()
    v.unlock_blocking("cap")
    assert v.verify_totp_blocking("cap", g, right, T).is_accepted()


def test_attempt_rate_limit(store):
    config = no_backoff()
    config.throttle.rate = RateLimit(max=3, window=60)
    v = verifier(store, config)
    g = totp()
    assert v.verify_totp_blocking("rl", g, g.code_at(T), T).is_accepted()  # successes count too
    assert v.verify_totp_blocking("rl", g, "000000", T + 1).is_invalid()
    assert v.verify_totp_blocking("rl", g, "000000", T + 2).is_invalid()
    assert v.verify_totp_blocking("rl", g, "000000", T + 10) == VerifyOutcome.RATE_LIMITED(retry_after=50)
    assert v.state_blocking("rl").failures == 2
    assert v.verify_totp_blocking("rl", g, "000000", T + 60).is_invalid()


@pytest.mark.parametrize(
    "typed,reason",
    [
        ("", MalformedReason.EMPTY),
        (" - ", MalformedReason.EMPTY),
        ("12345", MalformedReason.WRONG_LENGTH),
        ("1234567", MalformedReason.WRONG_LENGTH),
        ("12345x", MalformedReason.BAD_CHARACTER),
        ("１２３４５６", MalformedReason.BAD_CHARACTER),
        ("1" * 65, MalformedReason.TOO_LONG),
    ],
    ids=["empty", "separators-only", "short", "long", "letter", "fullwidth", "too-long"],
)
def test_malformed_input_is_typed_and_not_counted(store, typed, reason):
    v = verifier(store)
    g = totp()
    assert v.verify_totp_blocking("m", g, typed, T) == VerifyOutcome.MALFORMED(reason=reason)
    assert v.state_blocking("m").failures == 0
    code = g.code_at(T)
    assert v.verify_totp_blocking("m", g, f" {code[:3]}-{code[3:]} ", T).is_accepted()


def test_generator_kind_mismatch_is_a_config_error(store):
    v = verifier(store)
    hotp = CodeGenerator(Secret.from_base32(SECRET), hotp_params(0))
    with raises_input(SERVER_CONFIG):
        v.verify_totp_blocking("k", hotp, "123456", T)
    with raises_input(SERVER_CONFIG):
        v.verify_hotp_blocking("k", totp(), "123456", T)


def test_steam_codes_and_drift_tracking(store):
    steam = CodeGenerator(Secret.from_base32(SECRET), steam_params())
    v = verifier(store)
    assert accepted(v.verify_totp_blocking("steam", steam, steam.code_at(T).lower(), T)).offset == 0
    config = default_verifier_config()
    config.totp.drift = 2
    d = verifier(store, config)
    g = totp()
    now = T
    # The client runs two steps fast: +2 is outside ±1 until the drift is learnt.
    assert d.verify_totp_blocking("drift", g, g.code_at(now + 60), now).is_invalid()
    ok = accepted(d.verify_totp_blocking("drift", g, g.code_at(now + 30), now))
    assert (ok.offset, ok.drift) == (1, 1)
    now += 60
    ok = accepted(d.verify_totp_blocking("drift", g, g.code_at(now + 60), now))
    assert (ok.offset, ok.drift) == (2, 2)
    assert d.state_blocking("drift").drift == 2


def test_parallel_checks_of_one_code_accept_exactly_once(store):
    v = verifier(store)
    g = totp()
    code = g.code_at(T)
    results, barrier = [], threading.Barrier(12)

    def work():
        barrier.wait()
        results.append(v.verify_totp_blocking("par", g, code, T))

    threads = [threading.Thread(target=work) for _ in range(12)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sum(r.is_accepted() for r in results) == 1, results
    assert all(r.is_accepted() or r.is_replayed() or r.is_locked() for r in results)


class BrokenClock(TimeSource):
    def now_unix(self):
        raise RuntimeError("clock failure")


def test_failing_clock_refuses_and_leaves_the_store_usable(store):
    """A Python clock that raises refuses the call with its own exception (uniffi wrapped it in
    InternalError), before the store is touched: nothing accepted, nothing counted; the same
    store keeps working with a good clock."""
    g = totp()
    broken = verifier(store, clock=BrokenClock())
    with pytest.raises(RuntimeError, match="clock failure"):
        broken.verify_totp_blocking("c", g, g.code_at(T))
    good = verifier(store, clock=FakeClock(T))
    assert good.state_blocking("c").failures == 0
    assert good.verify_totp_blocking("c", g, g.code_at(T)).is_accepted()


# --- out-of-band codes ------------------------------------------------------------------------

LOGIN = OobBinding(purpose="login", subject="alice")


def sms(to):
    return Delivery(channel=DeliveryChannel.SMS, destination=to)


def oob(store, policy=None, limits=None, clock=None, peppers=None):
    return OobCodes(
        store,
        peppers or [Pepper("k1", bytes([1]) * 32)],
        clock or FakeClock(),
        policy or default_oob_policy(),
        limits if limits is not None else no_send_limits(),
    )


def issued(outcome):
    assert outcome.is_issued(), outcome
    return outcome


def wrong_code(right):
    return str((int(right[0]) + 1) % 10) + right[1:]


def test_oob_issue_verify_single_use_with_injected_clock(store):
    clock = FakeClock(T)
    s = oob(store, limits=default_send_limits(), clock=clock)
    i = issued(s.issue_blocking(LOGIN, sms("+15550000001")))
    assert re.fullmatch(r"[0-9]{6}", i.code.reveal())
    assert re.fullmatch(r"[0-9a-f]{32}", i.challenge_id)
    assert i.expires_at == T + 300
    clock.now = T + 10
    spaced = f"{i.code.reveal()[:3]} {i.code.reveal()[3:]}"
    assert s.verify_blocking(i.challenge_id, LOGIN, spaced) == OobOutcome.ACCEPTED(challenge_id=i.challenge_id)
    # Single use: the same code again fails, with the public "invalid" outcome.
    clock.now = T + 11
    assert s.verify_blocking(i.challenge_id, LOGIN, i.code.reveal()) == OobOutcome.INVALID(remaining=None)
    assert s.verify_detailed_blocking(i.challenge_id, LOGIN, i.code.reveal()) == OobOutcome.INVALID(remaining=None)


def test_oob_wrong_binding_looks_like_unknown(store):
    s = oob(store)
    tx = b"EUR 10.00 to DE89..."
    pay = OobBinding(purpose="payment", subject="alice", transaction=tx)
    i = issued(s.issue_blocking(pay, sms("+15550000004"), T))
    unknown = s.verify_blocking("0123456789abcdef0123456789abcdef", pay, "123456", T + 1)
    garbage = s.verify_blocking("not-a-challenge-id", pay, "123456", T + 1)
    assert unknown == garbage == OobOutcome.INVALID(remaining=None)
    for other in [
        OobBinding(purpose="login", subject="alice", transaction=tx),  # wrong purpose
        OobBinding(purpose="payment", subject="bob", transaction=tx),  # wrong subject
        OobBinding(purpose="payment", subject="alice", transaction=b"EUR 99.00 to XX00..."),
        OobBinding(purpose="payment", subject="alice"),  # no transaction
    ]:
        assert s.verify_blocking(i.challenge_id, other, i.code.reveal(), T + 1) == unknown, other
    # Each of those used one of the 5 attempts; the right binding still works.
    assert s.verify_blocking(i.challenge_id, pay, i.code.reveal(), T + 1).is_accepted()


def test_oob_detailed_outcomes_for_logs(store):
    s = oob(store)
    i = issued(s.issue_blocking(LOGIN, sms("+15550000003"), T))
    wrong = wrong_code(i.code.reveal())
    for left in range(4, -1, -1):
        assert s.verify_detailed_blocking(i.challenge_id, LOGIN, wrong, T + 1) == OobOutcome.INVALID(remaining=left)
    assert s.verify_detailed_blocking(i.challenge_id, LOGIN, i.code.reveal(), T + 2) == OobOutcome.EXHAUSTED()
    assert s.verify_blocking(i.challenge_id, LOGIN, i.code.reveal(), T + 2) == OobOutcome.INVALID(remaining=None)
    e = issued(s.issue_blocking(LOGIN, sms("+15550000003"), T))
    assert s.verify_detailed_blocking(e.challenge_id, LOGIN, e.code.reveal(), T + 300) == OobOutcome.EXPIRED()
    late = issued(s.issue_blocking(LOGIN, sms("+15550000003"), T))
    assert s.verify_blocking(late.challenge_id, LOGIN, late.code.reveal(), T + 300) == OobOutcome.INVALID(remaining=None)


def test_oob_malformed_uses_no_attempt(store):
    s = oob(store)
    i = issued(s.issue_blocking(LOGIN, sms("+15550000005"), T))
    assert s.verify_blocking(i.challenge_id, LOGIN, "12a456", T + 1) == OobOutcome.MALFORMED(
        reason=MalformedReason.BAD_CHARACTER
    )
    assert s.verify_blocking(i.challenge_id, LOGIN, "12345", T + 1) == OobOutcome.MALFORMED(
        reason=MalformedReason.WRONG_LENGTH
    )
    assert s.verify_detailed_blocking(i.challenge_id, LOGIN, wrong_code(i.code.reveal()), T + 1) == OobOutcome.INVALID(
        remaining=4
    )


def test_oob_resend_cooldown_rate_limited_and_max_sends(store):
    s = oob(store)
    to = sms("+15550000006")
    first = issued(s.issue_blocking(LOGIN, to, T))
    cid = first.challenge_id
    assert s.resend_blocking(cid, LOGIN, to, T + 10) == IssueOutcome.RATE_LIMITED(
        scope=LimitScope.COOLDOWN, retry_after=20
    )
    second = issued(s.resend_blocking(cid, LOGIN, to, T + 30))
    assert (second.challenge_id, second.expires_at) == (cid, T + 330)
    if first.code.reveal() != second.code.reveal():
        assert not s.verify_blocking(cid, LOGIN, first.code.reveal(), T + 31).is_accepted()
    third = issued(s.resend_blocking(cid, LOGIN, to, T + 60))
    refused = s.resend_blocking(cid, LOGIN, to, T + 90)
    assert refused.is_rate_limited() and refused.scope == LimitScope.CHALLENGE_SENDS
    assert s.verify_blocking(cid, LOGIN, third.code.reveal(), T + 91).is_accepted()
    # Used and unknown challenges cannot be re-sent.
    other = issued(s.issue_blocking(LOGIN, to, T))
    assert s.verify_blocking(other.challenge_id, LOGIN, other.code.reveal(), T + 1).is_accepted()
    assert s.resend_blocking(other.challenge_id, LOGIN, to, T + 100) == IssueOutcome.UNKNOWN_CHALLENGE()
    assert s.resend_blocking("zz", LOGIN, to, T + 200) == IssueOutcome.UNKNOWN_CHALLENGE()


def test_oob_send_limits(store):
    limits = no_send_limits()
    limits.per_destination = [RateLimit(max=2, window=3600)]
    s = oob(store, limits=limits)
    issued(s.issue_blocking(LOGIN, sms("+15551000001"), T))
    # Formatting does not make another destination; a voice call counts too.
    voice = Delivery(channel=DeliveryChannel.VOICE, destination="+1 555 100 0001", ip="192.0.2.7", country="US")
    issued(s.issue_blocking(LOGIN, voice, T + 1))
    refused = s.issue_blocking(LOGIN, sms("+1-555-100-0001"), T + 2)
    assert refused.is_rate_limited(), refused
    assert refused.scope == LimitScope.DESTINATION
    assert 0 < refused.retry_after <= 3600
    issued(s.issue_blocking(LOGIN, sms("+15551000002"), T + 2))


def test_oob_invalid_requests_raise(store):
    s = oob(store)
    with raises_input(REQUEST):
        s.issue_blocking(LOGIN, sms("12ab"), T)
    with raises_input(REQUEST):
        s.issue_blocking(LOGIN, Delivery(channel=DeliveryChannel.EMAIL, destination="nobody"), T)
    with raises_input(REQUEST):
        s.issue_blocking(OobBinding(purpose="", subject="alice"), sms("+15550000009"), T)


def test_oob_alphanumeric_email_codes(store):
    policy = default_oob_policy()
    policy.format = CodeFormat.ALPHANUMERIC(length=8)
    s = oob(store, policy=policy)
    email = Delivery(channel=DeliveryChannel.EMAIL, destination="Alice@Example.com")
    i = issued(s.issue_blocking(LOGIN, email, T))
    assert re.fullmatch(r"[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{8}", i.code.reveal())
    assert s.verify_blocking(i.challenge_id, LOGIN, i.code.reveal().lower(), T + 1).is_accepted()


def test_peppers_rotation_and_validation(store):
    old, new = Pepper("2025", bytes([5]) * 32), Pepper("2026", bytes([6]) * 32)
    assert (old.key_id(), new.key_id()) == ("2025", "2026")
    before = oob(store, peppers=[old])
    after = oob(store, peppers=[new, old])
    only_new = oob(store, peppers=[new])
    a = issued(before.issue_blocking(LOGIN, sms("+15550000007"), T))
    b = issued(before.issue_blocking(LOGIN, sms("+15550000007"), T))
    assert after.verify_blocking(a.challenge_id, LOGIN, a.code.reveal(), T + 1).is_accepted()
    assert not only_new.verify_blocking(b.challenge_id, LOGIN, b.code.reveal(), T + 1).is_accepted()
    with raises_input(SERVER_CONFIG):
        Pepper("k1", b"too short")
    with raises_input(SERVER_CONFIG):
        Pepper("bad id!", bytes(32))
    with raises_input(SERVER_CONFIG):
        oob(store, peppers=[old, Pepper("2025", bytes([7]) * 32)])
    with raises_input(SERVER_CONFIG):
        OobCodes(store, [], FakeClock(), default_oob_policy(), no_send_limits())
    assert len(Pepper.generate("gen").key_id()) == 3


def test_out_of_range_oob_policy_is_refused(store):
    policy = default_oob_policy()
    policy.ttl = 601
    with raises_input(SERVER_CONFIG):
        oob(store, policy=policy)
    policy = default_oob_policy()
    policy.format = CodeFormat.DIGITS(length=3)
    with raises_input(SERVER_CONFIG):
        oob(store, policy=policy)


# --- stores -----------------------------------------------------------------------------------


def test_store_diagnostics(store, backend):
    # The test Redis runs with noeviction but without persistence (a restart would forget
    # high-water marks): exactly that is reported. The memory store has nothing to report.
    codes = [d.name for d in store.diagnostics_blocking()]
    assert codes == (["redis.persistence"] if backend == "redis" else [])


def test_stores_sharing_a_backend_share_state(backend):
    """Two store objects: for Redis, two connections with the same prefix (as two processes
    would be); for memory, separate stores (nothing shared)."""
    if backend == "memory":
        a, b, shared = VerificationStore.memory(), VerificationStore.memory(), False
    else:
        prefix = f"otpkit-pytest-{secrets.token_hex(8)}"
        a, b, shared = redis(REDIS_URL, prefix), redis(REDIS_URL, prefix), True
    g = totp()
    code = g.code_at(T)
    assert verifier(a).verify_totp_blocking("shared", g, code, T).is_accepted()
    again = verifier(b).verify_totp_blocking("shared", g, code, T)
    assert (again.is_replayed(), again.is_accepted()) == (shared, not shared)
    s1, s2 = oob(a), oob(b)
    i = issued(s1.issue_blocking(LOGIN, sms("+15550000008"), T))
    assert s2.verify_blocking(i.challenge_id, LOGIN, i.code.reveal(), T + 1).is_accepted() == shared


@pytest.mark.skipif(not REDIS_URL, reason="OTPKIT_REDIS_URL is not set")
def test_redis_failures_fail_closed():
    # Nothing listens on port 1: connecting fails with StoreUnavailable (no outcome at all).
    with pytest.raises(OtpError.StoreUnavailable):
        redis("redis://127.0.0.1:1/", "otpkit-pytest")
    with pytest.raises(OtpError.StoreUnavailable):
        redis("not a url", "otpkit-pytest")
    with raises_input(SERVER_CONFIG):
        redis(REDIS_URL, "bad {prefix}")


def test_redis_constructor_without_server_or_feature_raises():
    """Without a reachable server the constructor raises (StoreUnavailable), never returns a store
    that would silently accept; builds without the `redis` feature raise InvalidInput."""
    with pytest.raises((OtpError.StoreUnavailable, OtpError.InvalidInput)):
        redis("redis://127.0.0.1:1/", "otpkit-pytest")


# --- issue 9: send budgets, state lifetime, credential ids, Redis options ---------------------


def test_dead_resends_cost_no_send_budget(store):
    """Resends of unknown, used, burned and expired challenges are UnknownChallenge and count
    against no budget: the victim still gets all 5 hourly sends (before: 2 of 5 after 3)."""
    limits = no_send_limits()
    limits.per_destination = [RateLimit(max=5, window=3600)]
    limits.per_ip = [RateLimit(max=5, window=3600)]
    limits.global_budget = [RateLimit(max=8, window=3600)]
    policy = default_oob_policy()
    policy.ttl, policy.max_attempts = 60, 1
    s = oob(store, policy=policy, limits=limits)
    setup = Delivery(channel=DeliveryChannel.SMS, destination="+442079460001", ip="198.51.100.1", country=None)
    used = issued(s.issue_blocking(LOGIN, setup, T))
    assert s.verify_blocking(used.challenge_id, LOGIN, used.code.reveal(), T + 1).is_accepted()
    burned = issued(s.issue_blocking(LOGIN, setup, T))
    assert not s.verify_blocking(burned.challenge_id, LOGIN, wrong_code(burned.code.reveal()), T + 1).is_accepted()
    expired = issued(s.issue_blocking(LOGIN, setup, T))
    victim = Delivery(channel=DeliveryChannel.SMS, destination="+15550100099", ip="203.0.113.9", country=None)
    dead = ["0123456789abcdef0123456789abcdef", used.challenge_id, burned.challenge_id, expired.challenge_id]
    for cid in dead:
        for _ in range(3):
            assert s.resend_blocking(cid, LOGIN, victim, T + 100) == IssueOutcome.UNKNOWN_CHALLENGE()
    for _ in range(5):
        issued(s.issue_blocking(LOGIN, victim, T + 100))
    refused = s.issue_blocking(LOGIN, victim, T + 100)
    assert refused.is_rate_limited() and refused.scope == LimitScope.DESTINATION


def test_state_ttl_shorter_than_a_lock_is_refused(store):
    config = default_verifier_config()
    config.throttle.state_ttl = 1  # 2 s backoff: the state would expire while locked
    with raises_input(SERVER_CONFIG, match="state_ttl"):
        verifier(store, config)
    config.throttle.state_ttl = 900  # the default policy's longest lock
    with raises_input(SERVER_CONFIG):
        verifier(store, config)
    config.throttle.state_ttl = 901
    verifier(store, config)


def test_empty_credential_id_is_an_invalid_request(store):
    v, g = verifier(store), totp()
    with raises_input(REQUEST, match="credential"):
        v.verify_totp_blocking("", g, g.code_at(T), T)
    with raises_input(REQUEST):
        v.state_blocking("", T)
    with raises_input(REQUEST):
        v.unlock_blocking("", T)
    assert v.verify_totp_blocking("someone", g, g.code_at(T), T).is_accepted()


def test_state_at_and_unlock_at_use_the_given_time(store):
    config = default_verifier_config()
    config.throttle.free_failures = 0
    clock = FakeClock(now=1)  # far in the past: only the given times matter
    v, g = verifier(store, config, clock), totp()
    assert v.verify_totp_blocking("s", g, "000000", T).is_invalid()
    st = v.state_blocking("s", T)
    assert (st.failures, st.locked_until) == (1, T + 2)
    v.unlock_blocking("s", T + 1)
    assert v.state_blocking("s", T + 1).failures == 0
    assert v.verify_totp_blocking("s", g, g.code_at(T + 1), T + 1).is_accepted()
    assert clock.calls == 0


def test_redis_store_options_defaults_and_ranges():
    d = default_redis_store_options()
    assert (d.prefix, d.timeout_ms, d.max_idle) == ("otpkit", 2000, 32)
    for bad in (
        RedisStoreOptions(prefix="p", timeout_ms=0, max_idle=4),
        RedisStoreOptions(prefix="p", timeout_ms=60_001, max_idle=4),
        RedisStoreOptions(prefix="p", timeout_ms=500, max_idle=1025),
        RedisStoreOptions(prefix="bad {prefix}", timeout_ms=500, max_idle=4),
    ):
        with raises_input(SERVER_CONFIG):
            VerificationStore.redis_blocking(REDIS_URL or "redis://127.0.0.1:1/", bad)


@pytest.mark.skipif(not REDIS_URL, reason="OTPKIT_REDIS_URL is not set")
def test_redis_store_with_options_shares_state():
    prefix = f"otpkit-pytest-{secrets.token_hex(8)}"
    a = VerificationStore.redis_blocking(REDIS_URL, RedisStoreOptions(prefix=prefix, timeout_ms=500, max_idle=0))
    b = redis(REDIS_URL, prefix)
    g = totp()
    code = g.code_at(T)
    assert verifier(a).verify_totp_blocking("opt", g, code, T).is_accepted()
    assert verifier(b).verify_totp_blocking("opt", g, code, T).is_replayed()


CLUSTER_URLS = [u for u in os.environ.get("OTPKIT_REDIS_CLUSTER_URLS", "").split(",") if u]


@pytest.mark.skipif(not CLUSTER_URLS, reason="OTPKIT_REDIS_CLUSTER_URLS is not set (tests/redis/cluster-start.sh)")
def test_redis_cluster_store():
    options = default_redis_store_options()
    options.prefix = f"otpkit-pytest-{secrets.token_hex(8)}"
    store = VerificationStore.redis_cluster_blocking(CLUSTER_URLS, options)
    g = totp()
    v = verifier(store)
    for i in range(20):  # credentials on every master
        assert v.verify_totp_blocking(f"c{i}", g, g.code_at(T), T).is_accepted()
        assert v.verify_totp_blocking(f"c{i}", g, g.code_at(T), T).is_replayed()
    s = oob(store)
    i = issued(s.issue_blocking(LOGIN, sms("+15550000010"), T))
    assert s.verify_blocking(i.challenge_id, LOGIN, i.code.reveal(), T + 1).is_accepted()
    assert "redis.persistence" in [d.name for d in store.diagnostics_blocking()]
    with raises_input(SERVER_CONFIG):
        VerificationStore.redis_cluster_blocking(CLUSTER_URLS, RedisStoreOptions(prefix="p", timeout_ms=0, max_idle=1))
    with pytest.raises(OtpError.StoreUnavailable):
        VerificationStore.redis_cluster_blocking([], options)


# --- issue 10: signed integers are checked, never clamped --------------------------------------


@pytest.mark.parametrize("section,field", [("throttle", "free_failures"), ("throttle", "base_backoff"),
                                           ("throttle", "max_backoff"), ("throttle", "max_failures"),
                                           ("throttle", "state_ttl"), ("totp", "back"), ("totp", "forward"),
                                           ("hotp", "look_ahead")])
def test_negative_config_values_name_the_field(section, field):
    config = default_verifier_config()
    setattr(getattr(config, section), field, -1)
    with raises_input(InvalidInputKind.PARAMETERS) as info:
        Verifier(VerificationStore.memory(), FakeClock(), config)
    assert info.value.field == field


def test_negative_times_and_policy_values_are_refused(store):
    v, g = verifier(store), totp()
    for call in (lambda: v.verify_totp_blocking("n", g, g.code_at(T), -1),
                 lambda: v.state_blocking("n", -30), lambda: v.unlock_blocking("n", -1),
                 lambda: oob(store).issue_blocking(LOGIN, sms("+15550000011"), -1)):
        with raises_input(InvalidInputKind.PARAMETERS) as info:
            call()
        assert info.value.field == "unix_time"
    assert v.state_blocking("n", T).failures == 0  # nothing was counted
    policy = default_oob_policy()
    policy.ttl = -300
    with raises_input(InvalidInputKind.PARAMETERS) as info:
        oob(store, policy=policy)
    assert info.value.field == "ttl"


def test_defaults_of_the_constructors():
    """Verifier(store) and OobCodes(store, peppers): system time, default config/policy/limits."""
    store = VerificationStore.memory()
    v = Verifier(store)
    g = totp()
    assert v.verify_totp_blocking("d", g, g.code_at(int(time.time()))).is_accepted()
    s = OobCodes(store, [Pepper.generate("k")])
    i = issued(s.issue_blocking(LOGIN, sms("+15550000012")))
    assert s.verify_blocking(i.challenge_id, LOGIN, i.code.reveal()).is_accepted()
    d = RedisStoreOptions()
    assert (d.prefix, d.timeout_ms, d.max_idle) == ("otpkit", 2000, 32)


def test_verifier_reports_its_config():
    strict = strict_verifier_config()
    assert Verifier(VerificationStore.memory(), FakeClock(), strict).config() == strict
    assert Verifier(VerificationStore.memory()).config() == default_verifier_config()
