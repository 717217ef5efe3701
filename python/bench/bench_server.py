#!/usr/bin/env python3
"""Server-side TOTP checks per second from one Python process: memory and Redis stores, 1, 4
and 16 threads (not run by the tests; bounded: each row runs for --seconds and stops).

    OTPKIT_REDIS_URL=redis://127.0.0.1:6390/ target/py-venv/bin/python python/bench/bench_server.py

Without OTPKIT_REDIS_URL (or --redis) the Redis rows start a throwaway loopback server with
tests/redis/start.sh (CARGO_TARGET_DIR decides where its pidfile lives; stop it with
tests/redis/stop.sh). Only loopback URLs are accepted.

Each check is `Verifier.verify_totp_blocking(credential, generator, code, unix_time)` with the
right code of a fresh step, so every check is ACCEPTED and does the store's full attempt (one
EVALSHA round trip on Redis): thread k cycles over its own 64 credentials, one TOTP step after
the other (codes precomputed; explicit time, no clock call). The GIL is released for the whole
store call, so threads overlap their round trips.

CPU per check is the process CPU time (all threads) and the Redis server's `INFO cpu` per check;
the "2-core ceiling" is 2 CPU-seconds divided by their sum: the rate an otherwise idle 2-core
machine would allow (compare it with the measured rate when other work shares the machine).

Goal (issue 14): Redis-backed checks with 16 threads >= 30 000/s. Prints one row per
configuration, then `goal redis-16-threads <rate>/s >= 30000/s met|missed`.
"""

import argparse
import os
import secrets
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import otpkit
from otpkit import CodeGenerator, OtpParams, RedisStoreOptions, Secret, VerificationStore, Verifier

ROOT = Path(__file__).resolve().parents[2]
T = 1_700_000_010
GOAL = 30_000
CREDENTIALS = 64  # per thread
STEPS = 65_536  # precomputed codes; a thread that runs out of steps stops early (its time counts)


def redis_url(given):
    url = given or os.environ.get("OTPKIT_REDIS_URL", "")
    if not url:
        url = subprocess.run(["bash", str(ROOT / "tests/redis/start.sh")], check=True,
                             capture_output=True, text=True).stdout.strip()
    host = urlparse(url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        sys.exit(f"bench_server.py: loopback Redis only, got host {host!r}")
    return url


def redis_cpu(url):
    """Seconds of CPU the Redis server has used (INFO cpu), or None without redis-cli."""
    try:
        out = subprocess.run(["redis-cli", "-u", url, "info", "cpu"], check=True, capture_output=True,
                             text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    fields = dict(line.split(":", 1) for line in out.splitlines() if ":" in line)
    return float(fields["used_cpu_sys"]) + float(fields["used_cpu_user"])


def run(verifier, codes, threads, seconds):
    # Threads stop at the first step boundary after `seconds`; each records when it stopped.
    """Checks per second over `seconds` with `threads` threads (each its own credentials)."""
    gen = CodeGenerator(Secret.from_base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), OtpParams.TOTP())
    run_id = secrets.token_hex(4)
    counts = [0] * threads
    ends = [0.0] * threads
    failures = []
    start_barrier = threading.Barrier(threads + 1)
    stop = threading.Event()

    def work(k):
        ids = [f"{run_id}-{k}-{c}" for c in range(CREDENTIALS)]
        check = verifier.verify_totp_blocking
        n = 0
        start_barrier.wait()
        for step in range(STEPS):
            code, t = codes[step]
            for cid in ids:
                if not check(cid, gen, code, t).is_accepted():
                    failures.append((cid, step))
                    return
            n += CREDENTIALS
            if stop.is_set():
                break
        counts[k] = n
        ends[k] = time.perf_counter()

    pool = [threading.Thread(target=work, args=(k,)) for k in range(threads)]
    for th in pool:
        th.start()
    start_barrier.wait()
    began = time.perf_counter()
    deadline = began + seconds
    for th in pool:
        th.join(max(0.0, deadline - time.perf_counter()))
    stop.set()
    for th in pool:
        th.join()
    elapsed = max(ends) - began
    if failures:
        sys.exit(f"bench_server.py: a check was not accepted: {failures[0]}")
    return sum(counts) / elapsed, sum(counts)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=3.0, help="duration of each row (default 3)")
    ap.add_argument("--threads", default="1,4,16", help="thread counts (default 1,4,16)")
    ap.add_argument("--redis", default="", help="loopback Redis URL (default: OTPKIT_REDIS_URL or a throwaway one)")
    ap.add_argument("--backends", default="memory,redis", help="stores to run (default memory,redis)")
    ap.add_argument("--max-idle", type=int, default=32, help="RedisStoreOptions.max_idle (default 32)")
    args = ap.parse_args()
    threads = [int(x) for x in args.threads.split(",")]

    gen = CodeGenerator(Secret.from_base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), OtpParams.TOTP())
    codes = [(gen.code_at(T + 30 * s), T + 30 * s) for s in range(STEPS)]
    url = redis_url(args.redis)
    print(f"otpkit {otpkit.__version__}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
          f"{args.seconds:g} s per row, Redis {url}")
    results = {}
    for backend in args.backends.split(","):
        for n in threads:
            if backend == "memory":
                store = VerificationStore.memory()
            else:
                options = RedisStoreOptions(prefix=f"otpkit-bench-{secrets.token_hex(4)}", max_idle=args.max_idle)
                store = VerificationStore.redis_blocking(url, options)
            server0 = redis_cpu(url) if backend == "redis" else 0.0
            cpu0 = time.process_time()
            rate, checks = run(Verifier(store), codes, n, args.seconds)
            client_us = (time.process_time() - cpu0) / checks * 1e6
            server1 = redis_cpu(url) if backend == "redis" else 0.0
            server_us = (server1 - server0) / checks * 1e6 if server0 is not None and server1 is not None else 0.0
            results[(backend, n)] = rate
            ceiling = 2e6 / (client_us + server_us) if os.cpu_count() == 2 else float("nan")
            print(f"{backend:6} {n:3} threads  {rate:10.0f} checks/s   CPU per check: client {client_us:5.1f} us,"
                  f" Redis {server_us:5.1f} us (2-core ceiling {ceiling:8.0f}/s)   load {os.getloadavg()[0]:.1f}")
    if (got := results.get(("redis", 16))) is not None:
        verdict = "met" if got >= GOAL else "missed"
        print(f"goal redis-16-threads {got:.0f}/s >= {GOAL}/s {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
