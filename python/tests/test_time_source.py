"""The foreign TimeSource trait: Python objects passed to CodeGenerator.snapshot() supply the time;
the Rust system_time_source() and fixed_time_source() are usable from Python."""

import threading
import time

import pytest

from otpkit import CodeGenerator, TimeSource, fixed_time_source, system_time_source
from otp_vectors import FixedTime, cases, load, params_of, secret, totp_params

SNAPSHOT_VECTORS = load("codes.json")["snapshot_vectors"]


class SequenceTime(TimeSource):
    def __init__(self, times):
        self.times = list(times)

    def now_unix(self):
        return self.times.pop(0)


class BrokenTime(TimeSource):
    def now_unix(self):
        raise RuntimeError("clock failure")


def shown(snap):
    return (snap.current.reveal(), snap.next.reveal(), snap.remaining, snap.counter, snap.valid_from)


@pytest.mark.parametrize("v", cases(SNAPSHOT_VECTORS))
def test_snapshot_with_python_time_source(v):
    g = CodeGenerator(secret(v["secret_base32"]), params_of(v))
    clock = FixedTime(v["time"])
    snap = g.snapshot(clock)
    assert clock.calls == 1
    assert shown(snap) == (v["expected_current"], v["expected_next"], v["expected_remaining"],
                           v["expected_counter"], v["expected_valid_from"])
    assert snap == g.snapshot_at(v["time"])
    assert shown(g.snapshot(fixed_time_source(v["time"]))) == shown(snap)


def test_time_source_is_read_once_per_snapshot():
    g = CodeGenerator(secret(), totp_params())
    clock = SequenceTime([59, 60, 89, 90])
    got = [(s.current.reveal(), s.remaining, s.counter) for s in (g.snapshot(clock) for _ in range(4))]
    assert got == [("287082", 1, 1), ("359152", 30, 2), ("359152", 1, 2), ("969429", 30, 3)]
    assert clock.times == []


def test_same_time_source_across_generators_and_threads():
    clock = FixedTime(1_111_111_109)
    gens = [CodeGenerator(secret(), totp_params(digits=8)) for _ in range(4)]
    out, errors = [], []

    def work(g):
        try:
            for _ in range(200):
                out.append(g.snapshot(clock).current.reveal())
        except Exception as e:  # pragma: no cover
            errors.append(e)

    threads = [threading.Thread(target=work, args=(g,)) for g in gens]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors
    assert set(out) == {"07081804"}  # RFC 6238 Appendix B, SHA1, T = 1111111109
    assert clock.calls == 800


class WrongTypeTime(TimeSource):
    def now_unix(self):
        return "59"


class NoSubclassTime:
    """Any object with now_unix() is accepted (duck typing)."""

    def now_unix(self):
        return 59


def test_time_source_exception_surfaces_as_python_error():
    # The exception now_unix() raised propagates unchanged from the call that read the time.
    g = CodeGenerator(secret(), totp_params())
    clock = BrokenTime()
    with pytest.raises(RuntimeError, match="clock failure"):
        g.snapshot(clock)
    with pytest.raises(RuntimeError, match="clock failure"):  # every read raises again
        g.snapshot(clock)
    with pytest.raises(TypeError):
        g.snapshot(WrongTypeTime())
    with pytest.raises(OverflowError):
        g.snapshot(FixedTime(2**63))
    with pytest.raises(NotImplementedError):
        g.snapshot(TimeSource())
    # The generator is still usable afterwards.
    assert g.snapshot(FixedTime(59)).current.reveal() == "287082"


def test_time_source_argument_types():
    g = CodeGenerator(secret(), totp_params())
    assert g.snapshot(NoSubclassTime()).current.reveal() == "287082"
    for bad in (59, None, "59", object()):
        with pytest.raises(TypeError):
            g.snapshot(bad)


def test_negative_time_from_a_time_source_reads_as_the_epoch():
    # No code is valid before 1970: a foreign source answering a negative time reads as 0.
    g = CodeGenerator(secret(), totp_params())
    for t in (-1, -(2**63)):
        assert shown(g.snapshot(FixedTime(t))) == shown(g.snapshot_at(0))


def test_system_and_fixed_time_sources():
    clock = system_time_source()
    before = int(time.time())
    now = clock.now_unix()
    after = int(time.time())
    assert before - 1 <= now <= after + 1
    g = CodeGenerator(secret(), totp_params())
    snap = g.snapshot(clock)
    assert abs(snap.counter - int(time.time()) // 30) <= 1
    assert 1 <= snap.remaining <= 30
    fixed = fixed_time_source(59)
    assert fixed.now_unix() == 59 and fixed.now_unix() == 59
    assert g.snapshot(fixed).current.reveal() == "287082"
