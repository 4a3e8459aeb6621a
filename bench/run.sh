#!/bin/sh
# bench/run.sh — clude's benchmark (`make bench`): start-up time, one short
# streamed request against curl, and CPU/memory on a 100 000-token stream.
# Prints figures and same-run ratios, then a summary against the targets;
# exits 0 unless the benchmark itself could not run. Everything stays on
# 127.0.0.1: a small C mock (bench/fastmock.c) serves the streams, and
# tests/mock/openai_mock.py serves one reference figure.
#   CLUDE           the binary to measure (default ./clude)
#   BENCH_REPS=a,b,c,d  repetitions: start-up, 200-token, 100k-token, and
#                   100k-token against the Python mock (default 60,60,15,5)
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
CLUDE=${CLUDE:-$root/clude}

die() {
	echo "bench: $*" >&2
	exit 1
}

# Install a missing tool's Debian package when we can (root); else give up.
need() { # $1 = command, $2 = package
	command -v "$1" >/dev/null 2>&1 && return 0
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "bench: installing $2"
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2"; } \
			>/dev/null 2>&1
	fi
	command -v "$1" >/dev/null 2>&1 || die "$1 is missing (install the $2 package)"
}

[ -x "$CLUDE" ] || die "$CLUDE is not an executable (run 'make bench')"
need curl curl
need python3 python3
need cc gcc
PY=$(python3 -c 'import sys; print(sys.executable)') || die "python3 does not run"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/clude-bench.XXXXXX") || die "cannot make a temp dir"
pids=""
# shellcheck disable=SC2317 # called from the EXIT trap
cleanup() {
	for p in $pids; do
		kill "$p" 2>/dev/null
	done
	for p in $pids; do
		wait "$p" 2>/dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

cc -O2 -o "$tmp/fastmock" "$here/fastmock.c" || die "cannot build bench/fastmock.c"
cc -O2 -o "$tmp/runstat" "$here/runstat.c" || die "cannot build bench/runstat.c"

"$tmp/fastmock" "$tmp/fast.port" 2>"$tmp/fastmock.log" &
fast_pid=$!
pids="$pids $fast_pid"
"$PY" "$root/tests/mock/openai_mock.py" --port 0 --port-file "$tmp/py.port" \
	2>"$tmp/pymock.log" &
pids="$pids $!"

# wait (up to 10 s) for both servers to say where they listen
i=0
while [ ! -s "$tmp/fast.port" ] || [ ! -s "$tmp/py.port" ]; do
	i=$((i + 1))
	[ $i -le 100 ] || break
	sleep 0.1
done
[ -s "$tmp/fast.port" ] || { cat "$tmp/fastmock.log" >&2; die "bench/fastmock did not start"; }
py_arg=""
if [ -s "$tmp/py.port" ]; then
	py_arg="--py-port $(cat "$tmp/py.port")"
else
	echo "bench: tests/mock/openai_mock.py did not start; skipping its reference figure" >&2
fi

IFS=, read -r r_start r_rt r_big r_big_py <<EOF
${BENCH_REPS:-60,60,15,5}
EOF

# shellcheck disable=SC2086 # py_arg is empty or two words
"$PY" "$here/bench.py" --clude "$CLUDE" --runstat "$tmp/runstat" --tmp "$tmp" \
	--fast-port "$(cat "$tmp/fast.port")" $py_arg \
	--reps-start "${r_start:-60}" --reps-rt "${r_rt:-60}" --reps-big "${r_big:-15}" \
	--reps-big-py "${r_big_py:-5}"
rc=$?
if [ $rc -ne 0 ] && ! kill -0 "$fast_pid" 2>/dev/null; then
	echo "bench: bench/fastmock (pid $fast_pid) is gone; did something kill it?" >&2
	cat "$tmp/fastmock.log" >&2
fi
"$PY" "$here/repl.py" --clude "$CLUDE" --tmp "$tmp" || echo "bench: the REPL figures could not be measured" >&2

# in-process figures of the other issues' modules (built by `make bench`)
bin=${BENCH_BIN:-$root/build/bench}
echo
echo "Conversation window (2 000-turn history fitted to a 128K window)"
"$bin/window_bench" || echo "bench: the conversation window figures could not be measured" >&2
echo
echo "Usage database"
"$bin/store_bench" 2000 "$tmp" || echo "bench: the usage database figures could not be measured" >&2
echo
echo "Router"
"$bin/router_bench" || echo "bench: the router figures could not be measured" >&2
echo
echo "Failover (one vendor failing 30 % of requests, a fallback configured)"
CLUDE="$CLUDE" "$PY" "$here/failover_bench.py" 200 ||
	echo "bench: the failover figures could not be measured" >&2
exit $rc
