#!/usr/bin/env python3
"""End-to-end tests of clude's interactive chat in a real terminal: the real
binary runs inside tmux (a PRIVATE server, `tmux -L clude-test-<pid>`, killed
at the end), keys are sent with send-keys and the screen is read back with
capture-pane, polling until a condition holds (a short fixed sleep only
where a test checks that something does NOT happen).

Every test gets a fresh HOME and CLUDE_HOME, CLUDE_CONFIG pointing at a
config whose vendors talk to tests/mock/openai_mock.py on 127.0.0.1,
TERM=xterm-256color, LC_ALL=C.UTF-8 and no *_API_KEY variables: the pane's
command is `env -i ... sh launch.sh OUTDIR clude ARGS`, where launch.sh
runs clude, then records `stty -a` (was the terminal restored?) and prints
"[clude exited N]".

Python 3 standard library only. Prints one line per test and a last line
"N passed, N failed"; exits non-zero when a test failed. When tmux is not
installed it prints the reason and "0 passed, 0 failed" and exits 0.

  CLUDE=path/to/clude python3 tests/tmux/run.py [-v] [-k SUBSTRING] [-x]
     -v  dump the screen of passing tests too;  -k  run matching tests only;
     -x  stop at the first failure."""

import os
import re
import shlex
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import traceback
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "mock"))

import openai_mock  # noqa: E402

CLUDE = os.path.abspath(os.environ.get("CLUDE") or os.path.join(ROOT, "clude"))
WIDTH, HEIGHT = 100, 30
TIMEOUT = 5.0          # every wait: generous, the machine may be busy
POLL = 0.04
KEY_OPENAI = "sk-openai-1111"
KEY_MOCKB = "sk-mockb-2222"
PRICE_IN, PRICE_OUT = 1000.0, 2000.0  # USD per million tokens, for mock-small

# " openai · mock-small · 8 tokens · $0.0130 · ready [· scrolled up N]   /help"
STATUS_RE = re.compile(r"^ {0,2}(?P<vendor>\S+) · (?P<model>\S+) · (?P<tokens>\d+) tokens · "
                       r"\$(?P<cost>\d+\.\d+) · (?P<state>\S+)(?P<rest>.*)$")

LAUNCH_SH = r"""#!/bin/sh
# launch.sh OUTDIR COMMAND... — run the command, then record how it left the
# terminal. SIGINT is ignored here so a Ctrl-C sent to clude does not take
# this shell (the pane's process) with it; clude installs its own handler.
out=$1
shift
trap '' INT
"$@"
rc=$?
stty -a >"$out/stty.txt" 2>&1
echo "$rc" >"$out/rc.txt"
printf '[clude exited %s]\n' "$rc"
exec sleep 600
"""


class Failure(Exception):
    pass


def cols(s):
    """Display width of s, as a terminal shows it (wide = 2, combining = 0)."""
    w = 0
    for ch in s:
        if unicodedata.combining(ch):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return w


def norm(s):
    return " ".join(s.split())


# ---- tmux -----------------------------------------------------------------------
class Tmux:
    """A private tmux server: its own socket name, no config file."""

    def __init__(self):
        self.name = "clude-test-%d" % os.getpid()
        self.socket = None  # its path, learnt from the first session
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("TMUX")}

    def __call__(self, *args, check=True):
        p = subprocess.run(["tmux", "-L", self.name, "-f", "/dev/null"] + list(args),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           env=self.env, timeout=15)
        if check and p.returncode != 0:
            raise Failure("tmux %s: %s" % (" ".join(args), p.stderr.decode(errors="replace")))
        return p.stdout.decode("utf-8", "replace")

    def start_server(self):
        """Start the server with an idle session in it, so that it does not
        exit (and race the next new-session) whenever a test's session ends."""
        self("new-session", "-d", "-s", "keeper", "-x", "20", "-y", "5", "exec sleep 3600")
        self("set-option", "-g", "exit-empty", "off", check=False)
        self.socket = self("display-message", "-p", "-t", "keeper:", "#{socket_path}").strip()

    def kill_server(self):
        """Stop the server and remove its socket (tmux leaves it behind)."""
        try:
            self("kill-server", check=False)
        except Exception:
            pass
        if self.socket and os.path.basename(self.socket) == self.name:
            try:
                os.unlink(self.socket)
            except OSError:
                pass


class Term:
    """One tmux session running clude through launch.sh."""

    def __init__(self, tmux, name, command, width=WIDTH, height=HEIGHT):
        self.tmux, self.name = tmux, name
        self.width, self.height = width, height
        tmux("new-session", "-d", "-s", name, "-x", str(width), "-y", str(height), command)
        self.t = name + ":"

    # -- reading
    def rows(self, escapes=False):
        args = ["capture-pane", "-p", "-t", self.t] + (["-e"] if escapes else [])
        lines = self.tmux(*args).split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        lines += [""] * (self.height - len(lines))
        return [l.rstrip() for l in lines] if not escapes else lines

    def screen(self):
        return "\n".join(self.rows())

    def info(self, fmt):
        return self.tmux("display-message", "-p", "-t", self.t, fmt).strip()

    def cursor(self):
        x, y = self.info("#{cursor_x} #{cursor_y}").split()
        return int(x), int(y)

    def status(self, rows=None):
        rows = rows or self.rows()
        m = STATUS_RE.match(rows[self.height - 2])
        return m.groupdict() if m else None

    def input_row(self, rows=None):
        return (rows or self.rows())[self.height - 1]

    # -- writing
    def keys(self, *keys):
        self.tmux("send-keys", "-t", self.t, *keys)

    def type(self, text):
        self.tmux("send-keys", "-t", self.t, "-l", "--", text)

    def line(self, text):
        self.type(text)
        self.keys("Enter")

    def resize(self, width):
        self.tmux("resize-window", "-t", self.t, "-x", str(width))
        self.width = width

    # -- waiting
    def wait(self, cond, what, timeout=TIMEOUT):
        """Poll until cond(rows) is truthy; returns its value."""
        end = time.monotonic() + timeout
        while True:
            rows = self.rows()
            v = cond(rows)
            if v:
                return v
            if time.monotonic() > end:
                raise Failure("timed out (%.0fs) waiting for %s\n%s" % (timeout, what,
                                                                       dump(rows)))
            time.sleep(POLL)

    def wait_text(self, text, timeout=TIMEOUT):
        return self.wait(lambda rows: text in "\n".join(rows), repr(text), timeout)

    def wait_status(self, timeout=TIMEOUT, **want):
        def ok(rows):
            st = self.status(rows)
            if st and all(st[k] == v for k, v in want.items()):
                return st
            return None
        return self.wait(ok, "status line with %s" % want, timeout)

    def wait_gone(self, text, timeout=TIMEOUT):
        return self.wait(lambda rows: text not in "\n".join(rows), "%r to go" % text, timeout)


def dump(rows):
    out = ["  +" + "-" * WIDTH + "+"]
    for i, r in enumerate(rows):
        out.append("%2d|%s" % (i, r))
    out.append("  +" + "-" * WIDTH + "+")
    return "\n".join(out)


# ---- the suite ----------------------------------------------------------------------
class Suite:
    def __init__(self):
        self.tmux = Tmux()
        self.tmux.start_server()
        try:
            self.mock = openai_mock.MockServer(api_key=None).start()
        except BaseException:
            self.tmux.kill_server()
            raise
        self.tmp = tempfile.mkdtemp(prefix="clude-tmux-")
        self.launch = os.path.join(self.tmp, "launch.sh")
        with open(self.launch, "w") as f:
            f.write(LAUNCH_SH)
        self.n = 0

    def close(self):
        self.tmux.kill_server()
        self.mock.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)


class Case:
    """Per-test state: a temp HOME/CLUDE_HOME, a config, the terminals."""

    def __init__(self, suite, name):
        self.suite, self.name = suite, name
        suite.n += 1
        self.dir = os.path.join(suite.tmp, "%02d-%s" % (suite.n, name))
        self.home = os.path.join(self.dir, "home")
        self.clude_home = os.path.join(self.dir, "clude-home")
        self.out = os.path.join(self.dir, "out")
        for d in (self.home, self.clude_home, self.out):
            os.makedirs(d)
        self.config = os.path.join(self.dir, "config.yaml")
        self.write_config()
        self.terms = []
        self.mock = suite.mock
        self.mock.clear()

    def write_config(self, extra=""):
        base = self.suite.mock.base_url
        with open(self.config, "w") as f:
            f.write("providers:\n"
                    "  default: openai\n"
                    "  openai:\n"
                    "    api_key: %s\n"
                    "    base_url: %s\n"
                    "    default_model: mock-small\n"
                    "    models:\n"
                    "      - id: mock-small\n"
                    "        input_price: %g\n"
                    "        output_price: %g\n"
                    "  mockb:\n"
                    "    type: openai_compat\n"
                    "    api_key: %s\n"
                    "    base_url: %s\n"
                    "    default_model: mock-large\n"
                    "    models:\n"
                    "      - id: mock-large\n"
                    "      - id: mock-tokens-3\n"
                    "      - id: mock-tokens-1\n"
                    % (KEY_OPENAI, base, PRICE_IN, PRICE_OUT, KEY_MOCKB, base) + extra)

    def env(self, extra=None):
        env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": self.home,
               "CLUDE_HOME": self.clude_home, "CLUDE_CONFIG": self.config,
               "XDG_CONFIG_HOME": os.path.join(self.home, ".config"),
               "XDG_CACHE_HOME": os.path.join(self.home, ".cache"),
               "TERM": "xterm-256color", "LC_ALL": "C.UTF-8",
               # one attempt: these tests are about the screen, not the router's
               # retries (tests/e2e/test_routing.py covers those)
               "CLUDE_RETRY_ATTEMPTS": "1"}
        env.update(extra or {})
        return env

    def start(self, *args, env=None, width=WIDTH, height=HEIGHT):
        argv = ["env", "-i"] + ["%s=%s" % kv for kv in sorted(self.env(env).items())] + \
               ["/bin/sh", self.suite.launch, self.out, CLUDE] + list(args)
        sess = "t%d-%d" % (self.suite.n, len(self.terms))
        t = Term(self.suite.tmux, sess, " ".join(shlex.quote(a) for a in argv), width, height)
        self.terms.append(t)
        return t

    def start_tui(self, *args, env=None):
        t = self.start(*args, env=env)
        t.wait_status(state="ready")
        t.wait(lambda rows: t.input_row(rows).startswith("you:"), "the input line 'you:'")
        return t

    def cleanup(self):
        for t in self.terms:
            t.tmux("kill-session", "-t", t.name, check=False)

    # -- mock helpers
    def chats(self, key=None):
        return [r for r in self.mock.requests
                if r["method"] == "POST" and r["path"].endswith("/chat/completions")
                and (key is None or r["headers"].get("Authorization") == "Bearer " + key)]

    def exit_status(self, term, timeout=TIMEOUT):
        """Wait for launch.sh's "[clude exited N]"; -> (rc, stty -a output)."""
        term.wait_text("[clude exited", timeout)
        with open(os.path.join(self.out, "rc.txt")) as f:
            rc = int(f.read().strip())
        with open(os.path.join(self.out, "stty.txt")) as f:
            return rc, f.read()


def check(cond, msg, term=None):
    if not cond:
        raise Failure(msg + ("\n" + dump(term.rows()) if term else ""))


def find_row(rows, pred):
    for i, r in enumerate(rows):
        if pred(r):
            return i
    return -1


def entry_rows(rows, start):
    """Rows of the entry starting at row `start`, up to the next blank row."""
    out = []
    for r in rows[start:HEIGHT - 2]:
        if not r.strip():
            break
        out.append(r)
    return out


def expected_reply(text):
    return "Hello from mock: " + text


def usage_of(body):
    """(prompt, completion) tokens the mock reports for a default reply."""
    deltas = openai_mock.split_small(expected_reply(openai_mock.last_user_text(body)))
    return openai_mock.prompt_tokens(body), len(deltas)


# ---- the tests -------------------------------------------------------------------------
TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


@test
def stream_appears_in_pane(c):
    """A reply streams: the pane shows its start while it is still arriving."""
    t = c.start_tui("-m", "mock-slow-250")
    st = t.status()
    check(st["vendor"] == "openai" and st["model"] == "mock-slow-250", "status: %r" % st, t)
    check(t.rows()[0] == "", "the conversation should sit at the bottom of the pane", t)
    t.line("stream please")
    t.wait_text("you: stream please")
    # part of the reply is on screen while the request is still streaming
    t.wait(lambda rows: "slow-1" in "\n".join(rows) and "slow-5" not in "\n".join(rows)
           and (t.status(rows) or {}).get("state") == "streaming…",
           "'slow-1' on screen while streaming, before 'slow-5'")
    t.wait_text("slow-1 slow-2 slow-3 slow-4 slow-5")
    t.wait_status(state="ready")
    rows = t.rows()
    u = find_row(rows, lambda r: r == "you: stream please")
    r = find_row(rows, lambda r: r == "slow-1 slow-2 slow-3 slow-4 slow-5")
    check(0 <= u < r, "the reply should follow the user's line", t)
    check(t.input_row(rows) == "you:", "input line should be empty again: %r" % t.input_row(rows), t)
    check(t.cursor() == (5, HEIGHT - 1), "cursor after the prompt: %r" % (t.cursor(),), t)


@test
def status_tokens_and_cost(c):
    """After a reply the status line shows vendor, model, tokens and cost."""
    t = c.start_tui()
    st = t.status()
    check(st == dict(st, vendor="openai", model="mock-small", tokens="0", cost="0.0000",
                     state="ready"), "status before: %r" % st, t)
    check(t.rows()[HEIGHT - 2].rstrip().endswith("/help"), "no /help hint on the status line", t)
    t.line("hello there")
    t.wait_text(expected_reply("hello there"))
    body = c.chats(KEY_OPENAI)[-1]["body"]
    p, n = usage_of(body)
    cost = "%.4f" % ((p * PRICE_IN + n * PRICE_OUT) / 1e6)
    t.wait_status(vendor="openai", model="mock-small", tokens=str(p + n), cost=cost,
                  state="ready")
    t.line("/cost")
    t.wait_text("openai · mock-small: 1 request, %d in + %d out tokens, $%s" % (p, n, cost))
    t.wait_text("session total: %d tokens, $%s" % (p + n, cost))


@test
def provider_and_model_switch(c):
    """/provider and /model switch in-process; the status line follows and the
    next request goes to the new vendor with the conversation kept."""
    t = c.start_tui()
    t.line("first")
    t.wait_text(expected_reply("first"))
    t.line("/provider mockb")
    t.wait_text("✓ provider: mockb (mock-large)")
    t.wait_status(vendor="mockb", model="mock-large")
    t.line("/model mock-tokens-3")
    t.wait_text("✓ model: mock-tokens-3")
    t.wait_status(vendor="mockb", model="mock-tokens-3")
    t.line("second")
    t.wait(lambda rows: "w1 w2 w3" in rows, "the reply 'w1 w2 w3'")
    t.wait_status(vendor="mockb", model="mock-tokens-3", state="ready")
    reqs = c.chats(KEY_MOCKB)
    check(len(reqs) == 1, "expected one request with mockb's key, got %d" % len(reqs), t)
    b = reqs[0]["body"]
    check(b.get("model") == "mock-tokens-3", "model sent: %r" % b.get("model"))
    check([m["role"] for m in b["messages"]] == ["user", "assistant", "user"] and
          b["messages"][1]["content"] == expected_reply("first") and
          b["messages"][2]["content"] == "second",
          "the conversation should be kept across the switch: %r" % b["messages"])
    # an unknown vendor changes nothing
    t.line("/provider nosuch")
    t.wait_text("unknown provider 'nosuch'")
    t.wait_status(vendor="mockb", model="mock-tokens-3")
    t.line("/provider openai")
    t.wait_status(vendor="openai", model="mock-small")
    t.line("/model")
    t.wait_text("model: mock-small — /model ID to switch")


@test
def tab_completion(c):
    """Tab completes slash commands, vendor names and model ids."""
    t = c.start_tui()
    t.type("/pro")
    t.keys("Tab")
    t.wait(lambda rows: t.input_row(rows) == "you: /provider", "'/pro' + Tab -> '/provider'")
    # /provider and /providers both match: more Tabs list them. readline
    # needs two: the first after a partial completion only rings the bell.
    t.keys("Tab")
    t.keys("Tab")
    t.wait(lambda rows: any(norm(r) == "/provider /providers" for r in rows),
           "the candidates '/provider  /providers' in the pane")
    t.keys("C-u")
    t.wait(lambda rows: t.input_row(rows) == "you:", "the input line cleared by C-u")
    # vendor names: "/provider m" + Tab Tab lists those starting with m
    t.type("/provider m")
    t.keys("Tab")
    t.keys("Tab")
    listed = t.wait(lambda rows: next((r for r in rows if "mockb" in r and "mistral" in r), None),
                    "vendor names starting with 'm' listed")
    names = listed.split()
    check(all(n.startswith("m") for n in names) and "moonshot" in names,
          "listed vendors: %r" % names, t)
    t.type("oc")
    t.keys("Tab")
    t.wait(lambda rows: t.input_row(rows).rstrip() == "you: /provider mockb",
           "'/provider moc' + Tab -> '/provider mockb'")
    t.keys("Enter")
    t.wait_status(vendor="mockb", model="mock-large")
    # model ids of the current vendor
    t.type("/model mock-t")
    t.keys("Tab")
    t.wait(lambda rows: t.input_row(rows) == "you: /model mock-tokens-",
           "'/model mock-t' + Tab -> '/model mock-tokens-'")
    t.keys("Tab")
    t.keys("Tab")
    t.wait(lambda rows: any(sorted(r.split()) == ["mock-tokens-1", "mock-tokens-3"] for r in rows),
           "mockb's model ids 'mock-tokens-3  mock-tokens-1' listed")
    t.type("3")
    t.keys("Tab")
    t.wait(lambda rows: t.input_row(rows).rstrip() == "you: /model mock-tokens-3",
           "'/model mock-tokens-3' + Tab -> '/model mock-tokens-3'")
    t.keys("Enter")
    t.wait_status(vendor="mockb", model="mock-tokens-3")
    # plain text is never completed (no file names)
    t.type("hello wor")
    t.keys("Tab")
    time.sleep(0.2)
    check(t.input_row() == "you: hello wor", "Tab on plain text changed the line", t)


@test
def ctrl_c_mid_stream(c):
    """Ctrl-C while a reply streams stops that request only: the partial text
    stays, an '[interrupted…]' line appears, the prompt works at once."""
    t = c.start_tui("-m", "mock-slow-500")
    t.line("count")
    t.wait_text("slow-1 slow-2")
    t.keys("C-c")
    t0 = time.monotonic()
    t.wait_text("[interrupted; the partial reply is kept]")
    st = t.wait_status(state="interrupted")
    dt = time.monotonic() - t0
    check(dt < 1.0, "the interrupted line took %.2fs" % dt, t)
    check(st["vendor"] == "openai", "status: %r" % st, t)
    t.type("abc")
    t.wait(lambda rows: t.input_row(rows) == "you: abc", "typing works after Ctrl-C", timeout=1.0)
    dt = time.monotonic() - t0
    check(dt < 1.5, "the prompt took %.2fs to be usable again" % dt, t)
    t.keys("C-u")
    rows = t.rows()
    r = find_row(rows, lambda l: l.startswith("slow-1 slow-2"))
    check(r >= 0 and rows[r] in ("slow-1 slow-2", "slow-1 slow-2 slow-3"),
          "partial reply: %r" % (rows[r] if r >= 0 else None), t)
    t.line("/model mock-small")
    t.line("again")
    t.wait_text(expected_reply("again"))
    t.wait_status(state="ready", model="mock-small")
    # the partial reply went into the conversation, and the stream never resumed
    b = c.chats(KEY_OPENAI)[-1]["body"]
    roles = [m["role"] for m in b["messages"]]
    check(roles == ["user", "assistant", "user"] and
          b["messages"][1]["content"].startswith("slow-1 slow-2") and
          "slow-5" not in b["messages"][1]["content"],
          "conversation after the interrupt: %r" % b["messages"])
    check(not re.search(r"slow-[45]\b", t.screen()), "the interrupted stream kept going", t)


@test
def ctrl_c_at_prompt(c):
    """Ctrl-C at the prompt clears the line and says how to leave; clude stays."""
    t = c.start_tui()
    t.type("draft text")
    t.wait(lambda rows: t.input_row(rows) == "you: draft text", "the draft on the input line")
    t.keys("C-c")
    t.wait_text("(Ctrl-D or /quit to leave)")
    t.wait(lambda rows: t.input_row(rows) == "you:", "the input line cleared")
    t.line("still here")
    t.wait_text(expected_reply("still here"))
    check(len(c.chats()) == 1 and c.chats()[0]["body"]["messages"][-1]["content"] == "still here",
          "the draft must not have been sent")


@test
def resize_rewraps(c):
    """A resize re-wraps the conversation: a long reply spans more rows and no
    text is lost; growing back restores the old layout."""
    words = ("the quick brown fox jumps over the lazy dog while seven wizards quietly "
             "box jumping frogs and the sphinx of black quartz judges my vow at length")
    t = c.start_tui()
    t.line(words)
    want = norm(expected_reply(words))

    def reply_rows(rows):
        i = find_row(rows, lambda r: r.startswith("Hello from mock: "))
        return entry_rows(rows, i) if i >= 0 else None

    def wrapped(width):
        def ok(rows):
            rr = reply_rows(rows)
            if not rr or norm(" ".join(rr)) != want:
                return None
            if any(cols(r) > width for r in rr):
                return None
            # no row could have taken the next row's first word (greedy wrap)
            for a, b in zip(rr, rr[1:]):
                if cols(a) + 1 + cols(b.split()[0]) <= width:
                    return None
            return rr
        return ok

    rr100 = t.wait(wrapped(100), "the reply word-wrapped at 100 columns")
    check(len(rr100) == 2, "reply rows at 100 columns: %d" % len(rr100), t)
    t.resize(40)
    t.wait(lambda rows: t.info("#{pane_width}") == "40", "the pane to be 40 wide")
    rr40 = t.wait(wrapped(40), "the reply re-wrapped at 40 columns")
    check(len(rr40) >= 4, "at 40 columns the reply should span >= 4 rows: %d" % len(rr40), t)
    # 40 columns cannot hold the whole status line: its start must be there
    t.wait(lambda rows: rows[HEIGHT - 2].startswith(" openai · mock-small · "),
           "the status line, cut to 40 columns")
    check(t.input_row() == "you:", "input line after the resize", t)
    t.line("narrow")  # still usable
    t.wait_text(expected_reply("narrow"))
    t.resize(100)
    rr = t.wait(wrapped(100), "the reply wrapped at 100 columns again")
    check(len(rr) == 2, "reply rows back at 100 columns: %d" % len(rr), t)


@test
def resize_while_streaming(c):
    """A resize in the middle of a stream: the rest of the reply is wrapped to
    the new width too."""
    t = c.start_tui("-m", "mock-slow-200")
    t.line("x")
    t.wait_text("slow-1")
    t.resize(12)
    want = ["slow-1", "slow-2", "slow-3", "slow-4", "slow-5"]

    def reply(rows):
        i = find_row(rows, lambda r: r == "slow-1")
        return i >= 0 and entry_rows(rows, i) == want
    t.wait(reply, "the reply wrapped to 12 columns, one word per row", timeout=6)


@test
def error_429_one_line_then_ok(c):
    """A 429 is one error entry in the pane; the next message works."""
    t = c.start_tui()
    t.line("/model mock-429")
    t.wait_status(model="mock-429")
    t.line("hey")
    t.wait_status(state="error")
    rows = t.rows()
    hits = [i for i, r in enumerate(rows) if "HTTP 429" in r]
    check(len(hits) == 1, "'HTTP 429' should be on exactly one row, found %d" % len(hits), t)
    err = entry_rows(rows, hits[0])
    text = norm(" ".join(err))
    check(text.startswith("openai: ") and "Rate limit" in text and "retry" in text.lower(),
          "error entry: %r" % text, t)
    check(norm(" ".join(rows)).count("Rate limit reached") == 1, "the error is shown twice", t)
    check(len(c.chats()) == 1, "a 429 must not be retried behind the user's back (%d requests)"
          % len(c.chats()), t)
    t.line("/model mock-small")
    t.line("next one")
    t.wait_text(expected_reply("next one"))
    t.wait_status(state="ready", model="mock-small")
    b = c.chats()[-1]["body"]
    check([m["content"] for m in b["messages"]] == ["next one"],
          "the failed turn should not stay in the conversation: %r" % b["messages"])


@test
def no_empty_reply_row_on_error(c):
    """A request that fails before any text leaves no empty reply behind: one
    blank separator row between the user's line and the error."""
    t = c.start_tui()
    t.line("/model mock-401")
    t.line("hey")
    t.wait_status(state="error")
    rows = t.rows()
    u = find_row(rows, lambda r: r == "you: hey")
    e = find_row(rows, lambda r: "HTTP 401" in r)
    check(u >= 0 and e == u + 2, "rows between 'you: hey' (%d) and the error (%d)" % (u, e), t)


@test
def cjk_columns(c):
    """Wide characters take two columns: the input cursor, the reply, and
    wrapping between wide characters at the pane's edge."""
    t = c.start_tui()
    t.type("你好，世界x")
    t.wait(lambda rows: t.input_row(rows) == "you: 你好，世界x", "CJK on the input line")
    check(t.cursor() == (5 + 10 + 1, HEIGHT - 1),
          "cursor after 'you: 你好，世界x' should be at column 16: %r" % (t.cursor(),), t)
    t.keys("Left")
    t.wait(lambda rows: t.cursor() == (5 + 10, HEIGHT - 1), "cursor on the x after Left")
    t.keys("Left")
    t.wait(lambda rows: t.cursor() == (5 + 8, HEIGHT - 1), "cursor before 界 after Left")
    t.keys("End", "Enter")
    t.wait(lambda rows: expected_reply("你好，世界x") in rows, "the CJK reply, intact")
    rows = t.rows()
    r = rows.index(expected_reply("你好，世界x"))
    check(cols(rows[r][:rows[r].index("x")]) == 27, "the x after the CJK text is not at column 27", t)
    # 60 wide characters (120 columns) must wrap between characters at 100
    wide = "你好，世界" * 12 + "end"
    t.line(wide)
    full = expected_reply(wide)

    def split_rows(rows):
        i = find_row(rows, lambda l: l.startswith("Hello from mock: 你好，世界你"))
        rr = entry_rows(rows, i) if i >= 0 else []
        return rr if "".join(rr) == full else None
    rr = t.wait(split_rows, "the long CJK reply, wrapped, nothing lost")
    check(len(rr) == 2 and cols(rr[0]) == 99 and all(cols(x) <= WIDTH for x in rr),
          "rows %r (widths %r): the first should be 99 columns (a wide character "
          "does not fit in the last one)" % (rr, [cols(x) for x in rr]), t)
    check(cols(rr[1][:rr[1].index("end")]) == 2 * 19,
          "'end' should start at column 38 of the second row: %r" % rr[1], t)
    st = t.status()
    check(st and st["state"] == "ready", "status line damaged by wide text", t)


@test
def tabs_expand(c):
    """A tab in a message or reply is drawn as spaces to the next multiple of
    8 columns and the wrapping counts them: nothing runs off the pane."""
    t = c.start_tui()
    for part in ("a", "b", "c"):
        t.type(part)
        t.keys("C-v", "Tab")  # readline's quoted-insert: a literal tab
    t.type("w" * 60 + " end")
    t.keys("Enter")
    first = "Hello from mock: a" + " " * 6 + "b" + " " * 7 + "c" + " " * 7 + "w" * 60
    t.wait(lambda rows: first in rows and rows[rows.index(first) + 1] == "end",
           "the reply with its tabs expanded, wrapped before 'end'")
    check(c.chats()[0]["body"]["messages"][0]["content"] == "a\tb\tc\t" + "w" * 60 + " end",
          "the tabs should be sent as tabs: %r" % c.chats()[0]["body"]["messages"][0]["content"])


@test
def page_up_down(c):
    """PageUp shows older text and says 'scrolled up'; PageDown returns."""
    t = c.start_tui()
    t.line("MARKER-OLD")
    t.wait_text(expected_reply("MARKER-OLD"))
    for _ in range(3):
        t.line("/help")
    t.wait_gone("MARKER-OLD")
    t.wait(lambda rows: rows[HEIGHT - 3] == "PageUp/PageDown scroll the conversation.",
           "the end of the last /help at the bottom")
    ups = 0
    while "MARKER-OLD" not in t.screen():
        check(ups < 4, "4 PageUps never showed the older text", t)
        t.keys("PPage")
        ups += 1
        t.wait(lambda rows: "scrolled up" in (t.status(rows) or {}).get("rest", ""),
               "'scrolled up' on the status line")
        time.sleep(0.1)
    st = t.status()
    check("scrolled up" in st["rest"], "status while scrolled: %r" % st, t)
    check(t.input_row() == "you:", "input line while scrolled", t)
    for _ in range(ups):
        t.keys("NPage")
    t.wait(lambda rows: "scrolled up" not in t.status(rows)["rest"], "'scrolled up' to go")
    rows = t.rows()
    check(rows[HEIGHT - 3] == "PageUp/PageDown scroll the conversation.",
          "the newest line should be back at the bottom of the pane", t)
    check("MARKER-OLD" not in "\n".join(rows), "the older text should be off screen again", t)
    # more PageDowns than needed stay at the bottom
    t.keys("NPage")
    time.sleep(0.1)
    check("scrolled up" not in t.status()["rest"], "PageDown past the bottom", t)


@test
def quit_restores_terminal_and_history(c):
    """/quit exits 0 and restores the terminal (alternate screen left, tty
    modes back); the history file is written with mode 0600."""
    t = c.start_tui()
    t.line("remember me")
    t.wait_text(expected_reply("remember me"))
    t.line("/clear")
    t.wait_text("✓ new conversation")
    # Up recalls the newest line first, then the one before
    t.keys("Up")
    t.wait(lambda rows: t.input_row(rows) == "you: /clear", "Up recalls '/clear'")
    t.keys("Up")
    t.wait(lambda rows: t.input_row(rows) == "you: remember me", "Up Up recalls 'remember me'")
    t.keys("C-u")
    t.wait(lambda rows: t.input_row(rows) == "you:", "the line cleared")
    hist = os.path.join(c.clude_home, "history")
    check(not os.path.exists(hist), "history written before exit")
    t.line("/quit")
    rc, stty = c.exit_status(t)
    check(rc == 0, "exit status %d" % rc, t)
    flags = stty.replace(";", " ").split()
    for f in ("icanon", "echo", "isig", "icrnl", "opost"):
        check(f in flags and "-" + f not in flags, "tty mode %s not restored: %s" % (f, stty))
    rows = t.rows()
    check(not any(STATUS_RE.match(r) for r in rows), "the status line is still on screen", t)
    check(not any("remember me" in r for r in rows), "the chat is still on screen (alternate "
          "screen not left)", t)
    check(os.path.exists(hist), "no history file at %s" % hist)
    mode = stat.S_IMODE(os.stat(hist).st_mode)
    check(mode == 0o600, "history mode %o, want 600" % mode)
    with open(hist, encoding="utf-8") as f:
        lines = f.read().splitlines()
    check(lines == ["remember me", "/clear", "/quit"], "history file: %r" % lines)


@test
def ctrl_d_exits_history_reloaded(c):
    """Ctrl-D at an empty prompt exits 0; an existing history file is loaded
    (Up recalls it) and tightened to 0600."""
    hist = os.path.join(c.clude_home, "history")
    with open(hist, "w") as f:
        f.write("an earlier question\n")
    os.chmod(hist, 0o644)
    t = c.start_tui()
    t.keys("Up")
    t.wait(lambda rows: t.input_row(rows) == "you: an earlier question", "Up recalls history")
    t.keys("C-u")
    t.wait(lambda rows: t.input_row(rows) == "you:", "line cleared")
    t.keys("C-d")
    rc, stty = c.exit_status(t)
    check(rc == 0, "exit status %d after Ctrl-D" % rc, t)
    flags = stty.replace(";", " ").split()
    check("icanon" in flags and "echo" in flags, "tty modes not restored: %s" % stty)
    mode = stat.S_IMODE(os.stat(hist).st_mode)
    check(mode == 0o600, "history mode %o after exit, want 600" % mode)


@test
def queued_lines_while_streaming(c):
    """Lines typed while a reply streams are shown on the input line, queued,
    and run in order after the reply."""
    t = c.start_tui("-m", "mock-slow-300")
    t.line("first")
    t.wait_status(state="streaming…")
    t.type("/model mock-small")
    t.wait(lambda rows: t.input_row(rows) == "you: /model mock-small",
           "the line being typed shown during the stream")
    t.keys("Enter")
    t.line("second")
    t.wait_text(expected_reply("second"), timeout=8)
    t.wait_status(state="ready", model="mock-small")
    rows = t.rows()
    order = [find_row(rows, lambda r: r == "slow-1 slow-2 slow-3 slow-4 slow-5"),
             find_row(rows, lambda r: r == "✓ model: mock-small"),
             find_row(rows, lambda r: r == "you: second"),
             find_row(rows, lambda r: r == expected_reply("second"))]
    check(all(x >= 0 for x in order) and order == sorted(order),
          "queued lines out of order: rows %r" % order, t)
    models = [r["body"]["model"] for r in c.chats()]
    check(models == ["mock-slow-300", "mock-small"], "requests: %r" % models)


@test
def slash_errors_and_help(c):
    """An unknown command suggests the closest one; /help lists them all."""
    t = c.start_tui()
    t.line("/provdier")
    t.wait_text("unknown command /provdier (did you mean /provider?)")
    t.line("/help")
    t.wait_text("PageUp/PageDown scroll the conversation.")
    screen = t.screen()
    for cmd in ("/providers", "/provider NAME", "/models", "/model ID", "/cost", "/clear",
                "/system TEXT", "/retry", "/help", "/quit"):
        check(cmd in screen, "/help lacks %s" % cmd, t)
    check(not c.chats(), "a slash command reached the network")


def plain_session(c, t):
    """The plain layout: banner on the first row, then line by line."""
    t.wait(lambda rows: rows[0].startswith("clude · OpenAI · mock-small"), "the banner on row 0")
    t.wait(lambda rows: rows[1] == "you:", "the prompt on row 1")
    t.line("hello plain")
    t.wait(lambda rows: rows[2] == expected_reply("hello plain"), "the reply on row 2")
    t.wait(lambda rows: rows[3] == "you:", "the next prompt on row 3")
    rows = t.rows()
    check(rows[1] == "you: hello plain", "row 1: %r" % rows[1], t)
    check(not any(STATUS_RE.match(r) for r in rows), "a status line in plain mode", t)
    t.line("/provdier")
    t.wait(lambda rows: rows[4] == "clude: unknown command /provdier (did you mean /provider?)",
           "the error line on row 4")
    # a reply shorter than the prompt: nothing of "you: " may show through
    t.line("/provider mockb")
    t.wait(lambda rows: rows[6] == "✓ provider: mockb (mock-large)", "the switch on row 6")
    t.line("/model mock-tokens-1")
    t.wait(lambda rows: rows[8] == "✓ model: mock-tokens-1", "the model on row 8")
    t.line("short")
    t.wait(lambda rows: rows[9] == "you: short" and rows[10] == "w1" and rows[11] == "you:",
           "the reply 'w1' alone on row 10")
    t.line("/quit")
    rc, stty = c.exit_status(t)
    check(rc == 0, "exit status %d" % rc, t)
    flags = stty.replace(";", " ").split()
    check("icanon" in flags and "echo" in flags, "tty modes not restored: %s" % stty)


@test
def plain_flag(c):
    """--plain: no full-screen layout, the reply printed line by line."""
    plain_session(c, c.start("chat", "--plain"))


@test
def plain_term_dumb(c):
    """TERM=dumb picks the plain chat by itself."""
    plain_session(c, c.start("chat", env={"TERM": "dumb"}))


@test
def plain_streams(c):
    """In plain mode the reply is written as it streams."""
    t = c.start("--plain", "-m", "mock-slow-250")
    # the warning that mock-slow-250 is not in openai's table (stderr) and the
    # banner (stdout) come first, in either order
    p = t.wait(lambda rows: "you:" in rows and rows.index("you:") + 1, "the prompt") - 1
    t.line("go")
    t.wait(lambda rows: rows[p] == "you: go" and rows[p + 1].startswith("slow-1")
           and "slow-5" not in rows[p + 1], "a partial reply line")
    t.wait(lambda rows: rows[p + 1] == "slow-1 slow-2 slow-3 slow-4 slow-5"
           and rows[p + 2] == "you:", "the whole reply, then the prompt")


@test
def no_color(c):
    """NO_COLOR=1: no colours (the status line is reverse video), still works."""
    t = c.start_tui(env={"NO_COLOR": "1"})
    t.line("colourless")
    t.wait_text(expected_reply("colourless"))
    t.wait_status(state="ready")
    esc = "\n".join(t.rows(escapes=True))
    sgr = re.findall(r"\x1b\[([0-9;]*)m", esc)
    colour = [s for s in sgr if any(p in ("38", "48") or (len(p) == 2 and p[0] in "3494" and
                                                           p[1] in "01234567")
                                    for p in s.split(";"))]
    check(not colour, "colour escapes with NO_COLOR=1: %r" % colour[:5], t)
    check(any("7" in s.split(";") for s in sgr), "no reverse video for the status line", t)


@test
def colour_by_default(c):
    """Without NO_COLOR the status line is coloured (the NO_COLOR test's control)."""
    t = c.start_tui()
    esc = t.rows(escapes=True)[HEIGHT - 2]
    check(re.search(r"\x1b\[[0-9;]*(4[0-7]|48;5;\d+)[;m]", esc),
          "no background colour on the status line: %r" % esc[:80], t)


# ---- runner ---------------------------------------------------------------------------
def main(argv):
    verbose = "-v" in argv
    stop = "-x" in argv
    only = argv[argv.index("-k") + 1] if "-k" in argv else None
    if not shutil.which("tmux"):
        print("tmux is not installed: skipping the terminal tests (apt-get install tmux)")
        print("0 passed, 0 failed")
        return 0
    if not os.access(CLUDE, os.X_OK):
        print("clude binary not found at %s (set CLUDE or run make)" % CLUDE)
        print("0 passed, 1 failed")
        return 1
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # still clean up
    suite = Suite()
    passed = failed = 0
    t_all = time.monotonic()
    try:
        for fn in TESTS:
            if only and only not in fn.__name__:
                continue
            c = Case(suite, fn.__name__)
            t0 = time.monotonic()
            try:
                fn(c)
            except Failure as e:
                failed += 1
                print("FAIL %s (%.1fs): %s" % (fn.__name__, time.monotonic() - t0, e))
            except Exception:
                failed += 1
                print("FAIL %s (%.1fs): %s" % (fn.__name__, time.monotonic() - t0,
                                               traceback.format_exc()))
                for t in c.terms:
                    try:
                        print(dump(t.rows()))
                    except Exception:
                        pass
            else:
                passed += 1
                print("ok   %s (%.1fs)" % (fn.__name__, time.monotonic() - t0))
                if verbose:
                    for t in c.terms:
                        print(dump(t.rows()))
            finally:
                c.cleanup()
            sys.stdout.flush()
            if stop and failed:
                break
    finally:
        suite.close()
    print("tmux suite: %.1fs" % (time.monotonic() - t_all))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
