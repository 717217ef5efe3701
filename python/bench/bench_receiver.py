#!/usr/bin/env python3
"""Per-call cost of otpkit.extract_code from Python over the SMS corpus (not run by the tests).

    target/py-venv/bin/python python/bench/bench_receiver.py [--number N] [--repeat R]

The corpus is tests/sms/{corpus,holdout,holdout2,holdout3,holdout4}.jsonl (the messages
core/benches/receiver.rs times in Rust as `extract/corpus`), found from this file's path. Each
row is the minimum over R repeats of N passes over the corpus, in microseconds per message. Works
with any installed otpkit that has extract_code (the PyO3 module, or the older uniffi one), so the
two can be compared with the same script from two venvs.

Rows:
  extract_code(text)          the binding call: str in, SmsCode record (or None) out
  ... + code.reveal()         plus reading the code text out of the OneTimeCode handle
  extract_code, 4 threads     the same calls from 4 threads at once (the GIL is released around
                              the scan), messages per second over all threads
  python no-op f(text)        floor: the cost of a Python call in the same loop
"""

import argparse
import json
import sys
import threading
import time
import timeit
from pathlib import Path

import otpkit

REPO = Path(__file__).resolve().parents[2]
FILES = ["corpus", "holdout", "holdout2", "holdout3", "holdout4"]


def corpus():
    texts = []
    for name in FILES:
        with (REPO / "tests" / "sms" / f"{name}.jsonl").open(encoding="utf-8") as f:
            texts += [json.loads(line)["text"] for line in f if line.strip()]
    return texts


def per_message(fn, texts, number, repeat):
    def run():
        for t in texts:
            fn(t)

    best = min(timeit.repeat(run, number=number, repeat=repeat))
    return best / (number * len(texts)) * 1e6


def threaded_rate(texts, threads, passes):
    def work():
        for _ in range(passes):
            for t in texts:
                otpkit.extract_code(t)

    pool = [threading.Thread(target=work) for _ in range(threads)]
    start = time.perf_counter()
    for p in pool:
        p.start()
    for p in pool:
        p.join()
    return threads * passes * len(texts) / (time.perf_counter() - start)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--number", type=int, default=5, help="passes over the corpus per timing")
    ap.add_argument("--repeat", type=int, default=7, help="timings per row (the minimum is kept)")
    args = ap.parse_args()
    texts = corpus()
    found = sum(otpkit.extract_code(t) is not None for t in texts)

    def reveal(t):
        c = otpkit.extract_code(t)
        if c is None:
            return None
        # The old uniffi module returned the code as a plain str.
        return c.code if isinstance(c.code, str) else c.code.reveal()

    def noop(t):
        return t

    print(f"otpkit {getattr(otpkit, '__version__', '?')} from {Path(otpkit.__file__).parent}")
    print(f"python {sys.version.split()[0]}; {len(texts)} messages, {found} with a code")
    rows = [("extract_code(text)", otpkit.extract_code), ("... + code.reveal()", reveal),
            ("python no-op f(text)", noop)]
    for name, fn in rows:
        print(f"{name:<28} {per_message(fn, texts, args.number, args.repeat):8.2f} us/message")
    single = threaded_rate(texts, 1, args.number)
    multi = threaded_rate(texts, 4, args.number)
    print(f"{'extract_code, 1 thread':<28} {single:10.0f} messages/s")
    print(f"{'extract_code, 4 threads':<28} {multi:10.0f} messages/s ({multi / single:.2f}x)")


if __name__ == "__main__":
    main()
