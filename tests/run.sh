#!/bin/sh
# tests/run.sh — runs every test suite (cmocka unit tests, end-to-end tests
# of the real binary against local mock servers) and ends with one line
# "N passed, N failed". Exit status is non-zero when anything failed.
#   CLUDE     the binary under test (default ./clude)
#   UNIT_DIR  where the cmocka test binaries are (default build/tests)
#   UNIT=0 / E2E=0 skip a part
set -u
CLUDE=${CLUDE:-$(pwd)/clude}
UNIT_DIR=${UNIT_DIR:-build/tests}
export CLUDE
passed=0
failed=0
broken=""

count_cmocka() { # $1 = output file
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$1" | tail -1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$1" | tail -1)
	echo "${p:-0} ${f:-0}"
}

if [ "${UNIT:-1}" != 0 ]; then
	for t in "$UNIT_DIR"/test_*; do
		[ -x "$t" ] || continue
		out=$(mktemp)
		"$t" >"$out" 2>&1
		rc=$?
		cat "$out"
		set -- $(count_cmocka "$out")
		passed=$((passed + $1))
		failed=$((failed + $2))
		if [ $rc -ne 0 ] && [ "$2" = 0 ]; then
			failed=$((failed + 1))
			broken="$broken $(basename "$t")(exit $rc)"
		fi
		rm -f "$out"
	done
fi

if [ "${E2E:-1}" != 0 ]; then
	for suite in tests/e2e/run.py tests/tmux/run.py; do
		[ -f "$suite" ] || continue
		out=$(mktemp)
		python3 "$suite" >"$out" 2>&1
		rc=$?
		cat "$out"
		line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -1)
		p=$(echo "$line" | sed -n 's/^\([0-9]*\) passed.*/\1/p')
		f=$(echo "$line" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
		passed=$((passed + ${p:-0}))
		failed=$((failed + ${f:-0}))
		if [ $rc -ne 0 ] && [ "${f:-0}" = 0 ]; then
			failed=$((failed + 1))
			broken="$broken $suite(exit $rc)"
		fi
		rm -f "$out"
	done
fi

[ -n "$broken" ] && echo "suites that failed without a count:$broken"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
