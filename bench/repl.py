#!/usr/bin/env python3
"""bench/repl.py — the interactive chat's figures, for `make bench`
(bench/run.sh calls it after bench.py). Figures, not pass/fail; exits 0
unless the benchmark itself could not run.

1. In-process (bench/switch_bench.c, built here against clude's objects as
   the unit tests are): /provider and /model switch times, pane_append per
   streamed token, one full frame as the TUI draws it.
2. End to end: the real clude TUI in a pseudo-terminal (100x30,
   TERM=xterm-256color) against a mock in this process that streams
   one-word tokens " t1", " t2" … at a fixed rate. Every byte clude writes
   to the terminal is timestamped; a token's latency is from the moment the
   mock wrote it to the socket to the first time clude drew it. At 2 000
   tokens/s it also reports clude's CPU over the stream (/proc/PID/stat)
   and whether the screen kept up.

  --clude BIN  [--tmp DIR] [--build DIR (the objects; default: BIN's directory
  when it holds vendors.gen.o, else ROOT/build)] [--slow-rate 20] [--slow-tokens 60] [--fast-rate 2000]
  [--fast-tokens 10000]"""

import argparse
import glob
import json
import os
import pty
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import fcntl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
def makefile_pkgs():
    """The pkg-config packages clude links with, as the Makefile lists them."""
    try:
        with open(os.path.join(ROOT, "Makefile")) as f:
            for l in f:
                m = re.match(r"PKGS\s*:?=\s*(.*)$", l)
                if m:
                    return m.group(1).split()
    except OSError:
        pass
    return ["libcurl", "libcjson", "yaml-0.1", "readline", "ncursesw"]


PKGS = makefile_pkgs()
ROWS, COLS = 30, 100


class BenchError(Exception):
    pass


def line(label, value, unit="", note=""):
    print("  %-42s %10s %-4s %s" % (label, value, unit, note))


# ---- 1. in-process ---------------------------------------------------------------
def lib_objects(build):
    """The objects `make` links the unit tests with: every source but
    src/main.c, the providers, and the generated vendor list."""
    srcs = sorted(set(glob.glob(os.path.join(ROOT, "src", "*.c")) +
                      glob.glob(os.path.join(ROOT, "src", "*", "*.c")) +
                      glob.glob(os.path.join(ROOT, "src", "*", "*", "*.c")) +
                      glob.glob(os.path.join(ROOT, "providers", "*.c"))))
    objs = []
    for s in srcs:
        rel = os.path.relpath(s, ROOT)
        if rel == os.path.join("src", "main.c"):
            continue
        objs.append(os.path.join(build, rel[:-2] + ".o"))
    objs.append(os.path.join(build, "vendors.gen.o"))
    missing = [o for o in objs if not os.path.exists(o)]
    if missing:
        raise BenchError("objects missing in %s (run make first): %s" % (
            build, ", ".join(os.path.relpath(m, build) for m in missing[:3])))
    return objs


def pkg_config(flag):
    p = subprocess.run(["pkg-config", flag] + PKGS, capture_output=True, text=True)
    if p.returncode != 0:
        raise BenchError("pkg-config %s failed: %s" % (flag, p.stderr.strip()))
    return p.stdout.split()


def in_process(build, tmp):
    exe = os.path.join(tmp, "switch_bench")
    cc = os.environ.get("CC", "cc")
    argv = ([cc, "-O2", "-std=c11", "-D_GNU_SOURCE", "-I", os.path.join(ROOT, "include")] +
            pkg_config("--cflags") + ["-o", exe, os.path.join(HERE, "switch_bench.c")] +
            lib_objects(build) + pkg_config("--libs"))
    p = subprocess.run(argv, capture_output=True, text=True)
    if p.returncode != 0:
        raise BenchError("cannot build bench/switch_bench.c: %s" % p.stderr.strip()[-600:])
    cfg = os.path.join(tmp, "switch.yaml")
    with open(cfg, "w") as f:
        f.write("providers:\n"
                "  openai:\n"
                "    api_key: sk-bench-0000\n"
                "  bench:\n"
                "    type: openai_compat\n"
                "    api_key: sk-bench-0000\n"
                "    base_url: http://127.0.0.1:9/v1\n"
                "    default_model: m1\n"
                "    models:\n"
                "      - id: m1\n"
                "      - id: m2\n")
    env = dict(os.environ, TERM="xterm-256color", LC_ALL="C.UTF-8", CLUDE_HOME=tmp, HOME=tmp)
    p = subprocess.run([exe, cfg], capture_output=True, text=True, env=env, timeout=120)
    if p.returncode != 0:
        raise BenchError("switch_bench failed: %s" % p.stderr.strip())
    return {name: float(v) for name, v, _ in (l.split() for l in p.stdout.splitlines())}


# ---- 2. end to end: a paced mock and clude in a pty ----------------------------------------
class PacedMock:
    """POST /v1/chat/completions answering model "rate-R-N": N deltas " t1"
    … " tN", R per second, written as they fall due (one write per tick
    of ~1 ms), then a finish chunk, usage and [DONE]. sent[i] is when
    token i+1 was flushed to the socket (time.monotonic)."""

    def __init__(self):
        mock = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def do_POST(self):
                n = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(n) or b"{}")
                m = re.fullmatch(r"rate-(\d+)-(\d+)", body.get("model", ""))
                if not m:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                mock.stream(self, int(m.group(1)), int(m.group(2)))

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.sent = []
        self.started = threading.Event()
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def stream(self, h, rate, n):
        self.sent = [None] * n
        self.done.clear()
        h.send_response(200)
        h.send_header("Content-Type", "text/event-stream")
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()
        h.wfile.flush()

        def write(data):
            h.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            h.wfile.flush()

        def event(obj):
            return b"data: " + json.dumps(obj, separators=(",", ":")).encode() + b"\n\n"

        def delta(text):
            return event({"id": "c", "object": "chat.completion.chunk", "created": 0,
                          "model": "m", "choices": [{"index": 0, "delta": {"content": text},
                                                     "finish_reason": None}]})
        try:
            write(delta(""))
            self.started.set()
            t0 = time.monotonic()
            i = 0
            while i < n:
                now = time.monotonic()
                due = min(n, int((now - t0) * rate) + 1)
                if due > i:
                    write(b"".join(delta(" t%d" % (k + 1)) for k in range(i, due)))
                    t = time.monotonic()
                    for k in range(i, due):
                        self.sent[k] = t
                    i = due
                nxt = t0 + i / rate
                time.sleep(max(0.0, min(0.005, nxt - time.monotonic())))
            write(event({"id": "c", "object": "chat.completion.chunk", "created": 0,
                         "model": "m", "choices": [{"index": 0, "delta": {},
                                                    "finish_reason": "stop"}]}))
            write(event({"id": "c", "object": "chat.completion.chunk", "created": 0,
                         "model": "m", "choices": [],
                         "usage": {"prompt_tokens": 3, "completion_tokens": n,
                                   "total_tokens": n + 3}}))
            write(b"data: [DONE]\n\n")
            h.wfile.write(b"0\r\n\r\n")
            h.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            self.done.set()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def cpu_ticks(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime (fields 14, 15)


class Tty:
    """clude in a pseudo-terminal; a thread timestamps everything it writes."""

    def __init__(self, argv, env):
        pid, fd = pty.fork()
        if pid == 0:
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self.chunks = []  # (time, bytes)
        self.lock = threading.Lock()
        self.alive = True
        self.reader = threading.Thread(target=self.read, daemon=True)
        self.reader.start()

    def read(self):
        while self.alive:
            r, _, _ = select.select([self.fd], [], [], 0.1)
            if not r:
                continue
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                break
            if not data:
                break
            t = time.monotonic()
            with self.lock:
                self.chunks.append((t, data))

    def output(self):
        with self.lock:
            return b"".join(d for _, d in self.chunks)

    def wait_for(self, pattern, timeout=10.0, start=0):
        """-> the offset just past the first match of pattern after start."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            m = re.compile(pattern).search(self.output(), start)
            if m:
                return m.end()
            time.sleep(0.005)
        raise BenchError("clude never wrote %r; the screen output ends with %r"
                         % (pattern, self.output()[-300:]))

    def write(self, data):
        os.write(self.fd, data)

    def close(self):
        try:
            self.write(b"/quit\r")
        except OSError:
            pass
        end = time.monotonic() + 3
        while time.monotonic() < end:
            pid, _ = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                break
            time.sleep(0.02)
        else:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        self.alive = False
        self.reader.join(1)
        os.close(self.fd)

    def first_seen(self, n, since):
        """Token number -> first time clude wrote it (a token is "t<digits>"
        not followed by a digit), looking at output after time `since`."""
        seen = {}
        tail = b""
        with self.lock:
            chunks = [c for c in self.chunks if c[0] >= since]
        for t, data in chunks:
            buf = tail + data
            for m in re.finditer(rb"t(\d+)(?!\d)", buf):
                if m.end() <= len(tail):
                    continue
                k = int(m.group(1))
                if 1 <= k <= n and k not in seen:
                    seen[k] = t
            tail = buf[-12:]
        return seen


def stream_run(clude, tmp, mock, rate, n):
    home = os.path.join(tmp, "repl-home-%d" % rate)
    os.makedirs(home, exist_ok=True)
    cfg = os.path.join(tmp, "repl-%d.yaml" % rate)
    with open(cfg, "w") as f:
        f.write("providers:\n"
                "  default: paced\n"
                "  paced:\n"
                "    type: openai_compat\n"
                "    api_key: sk-bench-0000\n"
                "    base_url: http://127.0.0.1:%d/v1\n"
                "    default_model: rate-%d-%d\n"
                "    models:\n"
                "      - id: rate-%d-%d\n" % (mock.port, rate, n, rate, n))
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "CLUDE_HOME": home,
           "CLUDE_CONFIG": cfg, "TERM": "xterm-256color", "LC_ALL": "C.UTF-8"}
    tty = Tty([clude], env)
    try:
        tty.wait_for(rb"ready")
        tty.wait_for(rb"you: ")
        mock.started.clear()
        mark = len(tty.output())
        tty.write(b"go\r")
        if not mock.started.wait(10):
            raise BenchError("the request never reached the paced mock")
        t_start = time.monotonic()
        c_start = cpu_ticks(tty.pid)
        # the state on the status line: "streaming…" while it lasts, then
        # "ready" once the reply is in and drawn
        at = tty.wait_for("streaming\u2026".encode(), start=mark)
        if not mock.done.wait(n / rate + 30):
            raise BenchError("the paced stream did not finish")
        tty.wait_for(rb"ready", timeout=10, start=at)
        seen = tty.first_seen(n, t_start - 0.5)
        # CPU from the first token to the last one drawn
        t_last = max(seen.values()) if seen else time.monotonic()
        t_end = time.monotonic()
        c_end = cpu_ticks(tty.pid)
        hz = os.sysconf("SC_CLK_TCK")
        cpu_pct = 100.0 * (c_end - c_start) / hz / (t_end - t_start)
        lat = [(seen[k] - mock.sent[k - 1]) * 1000.0 for k in seen if mock.sent[k - 1]]
        last_lag = (seen[n] - mock.sent[n - 1]) * 1000.0 if n in seen else None
        return {"lat": lat, "found": len(seen), "n": n, "cpu": cpu_pct,
                "wall": t_last - t_start, "ideal": (n - 1) / rate, "last_lag": last_lag}
    finally:
        tty.close()


def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, int(round(q * (len(xs) - 1)))))]


def report_stream(label, r):
    lat = r["lat"]
    if not lat:
        line(label, "n/a", "", "(no token found on screen)")
        return
    line(label + ": median", "%.1f" % statistics.median(lat), "ms",
         "[p90 %.1f, max %.1f; %d of %d tokens seen]" % (pct(lat, 0.9), max(lat), r["found"],
                                                         r["n"]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--clude", required=True)
    ap.add_argument("--tmp")
    ap.add_argument("--build")
    ap.add_argument("--slow-rate", type=int, default=20)
    ap.add_argument("--slow-tokens", type=int, default=60)
    ap.add_argument("--fast-rate", type=int, default=2000)
    ap.add_argument("--fast-tokens", type=int, default=10000)
    a = ap.parse_args()
    clude = os.path.abspath(a.clude)
    if not os.access(clude, os.X_OK):
        raise BenchError("%s is not an executable" % clude)
    build = a.build
    if not build:
        near = os.path.dirname(clude)
        build = (near if os.path.exists(os.path.join(near, "vendors.gen.o"))
                 else os.path.join(ROOT, "build"))
    own_tmp = not a.tmp
    tmp = tempfile.mkdtemp(prefix="clude-repl-bench-") if own_tmp else a.tmp
    t0 = time.monotonic()
    try:
        print("\n4. The interactive chat (REPL)")
        try:
            ip = in_process(build, tmp)
            line("/provider NAME (in-process, slash_dispatch)", "%.2f" % ip["provider_switch"],
                 "us")
            line("/model ID (in-process, slash_dispatch)", "%.2f" % ip["model_switch"], "us")
            line("session_set_provider alone", "%.2f" % ip["set_provider"], "us")
            line("pane_append, one streamed token", "%.2f" % ip["pane_append"], "us",
                 "(100 columns, reply already 20k tokens)")
            if "frame" in ip:
                line("one full frame (28x100 pane, curses)", "%.1f" % ip["frame"], "us",
                     "(pane_view + mvwaddnstr + doupdate to /dev/null)")
                line("token appended + frame drawn", "%.1f" % ip["token_and_frame"], "us")
        except (BenchError, subprocess.TimeoutExpired, OSError) as e:
            line("in-process figures", "n/a", "", "(%s)" % " ".join(str(e).split())[-200:])

        mock = PacedMock()
        try:
            print("  clude TUI in a 100x30 pty, tokens from a paced mock; latency = mock's"
                  " write -> clude's draw")
            slow = stream_run(clude, tmp, mock, a.slow_rate, a.slow_tokens)
            report_stream("chunk -> screen at %d tokens/s" % a.slow_rate, slow)
            fast = stream_run(clude, tmp, mock, a.fast_rate, a.fast_tokens)
            report_stream("chunk -> screen at %d tokens/s" % a.fast_rate, fast)
            line("clude CPU while streaming %d tokens/s" % a.fast_rate, "%.1f" % fast["cpu"],
                 "%", "(of one core, /proc/PID/stat over %.1f s)" % fast["wall"])
            lag = fast["last_lag"]
            kept = (lag is not None and lag < 250 and fast["found"] >= 0.95 * fast["n"]
                    and fast["wall"] < fast["ideal"] + 0.5)
            line("last token on screen after it was sent", "%.1f" % lag if lag is not None
                 else "n/a", "ms", "(stream %.2f s, ideal %.2f s)" % (fast["wall"],
                                                                     fast["ideal"]))
            line("pane keeps up at %d tokens/s" % a.fast_rate, "yes" if kept else "no", "",
                 "(CPU to spare: %s)" % ("yes" if fast["cpu"] < 50 else "no"))
        finally:
            mock.stop()
        print("  (REPL figures: %.0f s)" % (time.monotonic() - t0))
    finally:
        if own_tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (BenchError, subprocess.TimeoutExpired, OSError) as e:
        print("bench: repl: could not run: %s" % e, file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
