#!/usr/bin/env python3
"""Totals the pass/fail counts that each test runner printed (cargo, pytest, Maven Surefire,
XCTest, Swift Testing, scripts/fuzz.sh) into one closing line. Usage: summarize.py LOGDIR SUITE..."""
import re
import sys
from pathlib import Path

PATTERNS = [
    # cargo test: "test result: ok. 12 passed; 0 failed; 0 ignored; ..."
    (re.compile(r"test result: \w+\. (\d+) passed; (\d+) failed"), 1, 2),
    # Maven Surefire final line: "Tests run: 12, Failures: 0, Errors: 0, Skipped: 0" (not per-class lines)
    (re.compile(r"^\[(?:INFO|ERROR|WARNING)\] Tests run: (\d+), Failures: (\d+), Errors: (\d+), Skipped: \d+$"), 1, 2),
    # XCTest: "Executed 12 tests, with 0 failures" / "..., with 3 tests skipped and 0 failures"
    (re.compile(r"^Test Suite 'All tests' (?:passed|failed).*\n\s*Executed (\d+) tests?, with (?:(\d+) tests? skipped and )?(\d+) failures?", re.M), 1, 3),
    # Swift Testing: "Test run with 5 tests in 2 suites passed after" / "... failed after ... with N issues"
    (re.compile(r"Test run with (\d+) tests? (?:in \d+ suites? )?passed"), 1, None),
    (re.compile(r"Test run with (\d+) tests? (?:in \d+ suites? )?failed.*?with (\d+) issues?"), 1, 2),
]
# scripts/fuzz.sh: "fuzz: 12 passed, 0 failed" (targets that ran their budget clean / crashed);
# tests/cli/watch-tmux.sh: "cli-tty: 19 passed, 0 failed"; scripts/mobile-libs.sh: one per target.
FUZZ = re.compile(r"^(?:fuzz|cli-tty|surface|swift-chroot|mobile-libs): (\d+) passed, (\d+) failed$", re.M)
PYTEST = re.compile(r"^=+ (?:(\d+) failed, )?(\d+) passed.* in [\d.]+s", re.M)


def count(text: str):
    passed = failed = 0
    for m in FUZZ.finditer(text):
        passed += int(m.group(1))
        failed += int(m.group(2))
    for m in PYTEST.finditer(text):
        failed += int(m.group(1) or 0)
        passed += int(m.group(2))
    for rx, p, f in PATTERNS[:1]:
        for m in rx.finditer(text):
            passed += int(m.group(p))
            failed += int(m.group(f))
    # Surefire prints a totals line after "Results:"; use the last such line.
    totals = [m for m in re.finditer(PATTERNS[1][0].pattern, text, re.M)]
    if totals:
        m = totals[-1]
        run, fail, err = int(m.group(1)), int(m.group(2)), int(m.group(3))
        passed += run - fail - err
        failed += fail + err
    for m in PATTERNS[2][0].finditer(text):
        run, skipped, fail = int(m.group(1)), int(m.group(2) or 0), int(m.group(3))
        passed += run - skipped - fail
        failed += fail
    for m in PATTERNS[3][0].finditer(text):
        passed += int(m.group(1))
    for m in PATTERNS[4][0].finditer(text):
        failed += int(m.group(1))
    return passed, failed


def main() -> int:
    logdir = Path(sys.argv[1])
    total_p = total_f = 0
    for suite in sys.argv[2:]:
        path = logdir / f"{suite}.log"
        if not path.exists():
            continue
        p, f = count(path.read_text(errors="replace"))
        print(f"  {suite:<12} {p:>5} passed, {f} failed")
        total_p += p
        total_f += f
    print(f"{total_p} passed, {total_f} failed")
    return 1 if total_f else 0


if __name__ == "__main__":
    sys.exit(main())
