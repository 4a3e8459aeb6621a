#!/usr/bin/env python3
"""Run clude's end-to-end tests.

    CLUDE=./clude python3 tests/e2e/run.py [-v] [-k PATTERN ...] [-x]

CLUDE is the binary under test (default ./clude, relative to the current
directory). -k keeps the tests whose id contains PATTERN (repeatable), -x
stops at the first failure. The last line of the output is always
"N passed, N failed"; the exit status is non-zero when anything failed."""

import argparse
import os
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import harness  # noqa: E402


def iter_tests(suite):
    for t in suite:
        if isinstance(t, unittest.TestSuite):
            yield from iter_tests(t)
        else:
            yield t


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-v", "--verbose", action="store_true", help="one line per test")
    ap.add_argument("-k", action="append", default=[], metavar="PATTERN")
    ap.add_argument("-x", "--failfast", action="store_true")
    args = ap.parse_args()

    if not (os.path.isfile(harness.CLUDE) and os.access(harness.CLUDE, os.X_OK)):
        print("e2e: no executable clude at %s (set CLUDE=...)" % harness.CLUDE)
        print("0 passed, 1 failed")
        return 1

    loader = unittest.TestLoader()
    suite = loader.discover(HERE, pattern="test_*.py", top_level_dir=HERE)
    tests = list(iter_tests(suite))
    if args.k:
        tests = [t for t in tests if any(k in t.id() for k in args.k)]
    suite = unittest.TestSuite(tests)

    t0 = time.monotonic()
    runner = unittest.TextTestRunner(stream=sys.stdout, verbosity=2 if args.verbose else 1,
                                     failfast=args.failfast)
    try:
        result = runner.run(suite)
    finally:
        harness.stop_mocks()
    elapsed = time.monotonic() - t0

    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    skipped = len(result.skipped)
    passed = result.testsRun - failed - skipped - len(result.expectedFailures)
    if skipped:
        print("%d skipped" % skipped)
    print("e2e: %.1fs, binary %s" % (elapsed, harness.CLUDE))
    # a loader error (import failure) shows up as a failed test too
    if result.testsRun == 0:
        failed = max(failed, 1)
    print("%d passed, %d failed" % (passed, failed))
    sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
