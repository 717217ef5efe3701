"""The foreign Clock trait: Python objects passed to CodeGenerator.snapshot() supply the time,
and the Rust system_clock() is usable from Python."""

import threading
import time

import pytest

from otpkit import Clock, CodeGenerator, CodeSnapshot, InternalError, system_clock
from otp_vectors import cases, load, params_of, totp_params

SNAPSHOT_VECTORS = load("codes.json")["snapshot_vectors"]


class FixedClock(Clock):
    """A Python implementation of the Rust Clock trait returning a fixed time."""

    def __init__(self, now):
        self.now = now
        self.calls = 0

    def now_unix(self):
        self.calls += 1
        return self.now


class SequenceClock(Clock):
    def __init__(self, times):
        self.times = list(times)

    def now_unix(self):
        return self.times.pop(0)


class BrokenClock(Clock):
    def now_unix(self):
        raise RuntimeError("clock failure")


@pytest.mark.parametrize("v", cases(SNAPSHOT_VECTORS))
def test_snapshot_with_python_clock(v):
    g = CodeGenerator(v["secret_base32"], params_of(v))
    clock = FixedClock(v["time"])
    snap = g.snapshot(clock)
    assert clock.calls == 1
    assert snap == CodeSnapshot(
        current=v["expected_current"],
        next=v["expected_next"],
        remaining=v["expected_remaining"],
        counter=v["expected_counter"],
        valid_from=v["expected_valid_from"],
    )
    assert snap == g.snapshot_at(v["time"])


def test_clock_is_read_once_per_snapshot():
    g = CodeGenerator("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", totp_params())
    clock = SequenceClock([59, 60, 89, 90])
    got = [(s.current, s.remaining, s.counter) for s in (g.snapshot(clock) for _ in range(4))]
    assert got == [("287082", 1, 1), ("359152", 30, 2), ("359152", 1, 2), ("969429", 30, 3)]
    assert clock.times == []


def test_same_clock_object_across_generators_and_threads():
    clock = FixedClock(1_111_111_109)
    gens = [CodeGenerator("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", totp_params(digits=8)) for _ in range(4)]
    out, errors = [], []

    def work(g):
        try:
            for _ in range(200):
                out.append(g.snapshot(clock).current)
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


def test_clock_exception_surfaces_as_python_error():
    g = CodeGenerator("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", totp_params())
    with pytest.raises(InternalError) as info:
        g.snapshot(BrokenClock())
    assert "clock failure" in str(info.value)
    # The generator is still usable afterwards.
    assert g.snapshot(FixedClock(59)).current == "287082"


def test_system_clock():
    clock = system_clock()
    before = int(time.time())
    now = clock.now_unix()
    after = int(time.time())
    assert before - 1 <= now <= after + 1
    g = CodeGenerator("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", totp_params())
    snap = g.snapshot(clock)
    assert abs(snap.counter - int(time.time()) // 30) <= 1
    assert 1 <= snap.remaining <= 30
