"""Shared plumbing for clude's end-to-end tests: the binary under test, an
isolated environment per test, the OpenAI mock, and assertion helpers.

Every test runs the real binary with a fresh temp dir as HOME and
CLUDE_HOME, CLUDE_CONFIG pointing at a file the test writes (or at a file
that does not exist), and no *_API_KEY / *_TOKEN / proxy variables."""

import atexit
import json
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "mock"))

import openai_mock  # noqa: E402

CLUDE = os.path.abspath(os.environ.get("CLUDE", "./clude"))
KEY = "sk-test-1234abcd"
PROC_TIMEOUT = 20

STATUSES = ("configured", "no key", "disabled", "not running", "running", "built-in",
            "no base url")

_DROP_SUFFIXES = ("_API_KEY", "_TOKEN", "_BASE_URL", "_API_BASE", "_API_HOST")
_DROP_NAMES = {"http_proxy", "https_proxy", "all_proxy", "no_proxy", "ftp_proxy",
               "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION", "AWS_DEFAULT_REGION",
               "AWS_PROFILE", "GOOGLE_API_KEY",
               "NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "FORCE_COLOR"}


def base_env():
    env = {}
    for k, v in os.environ.items():
        if k.upper().endswith(_DROP_SUFFIXES) or k.lower() in _DROP_NAMES or k in _DROP_NAMES:
            continue
        if k.startswith("CLUDE"):
            continue
        env[k] = v
    env["LC_ALL"] = "C.UTF-8"
    env["TERM"] = "dumb"
    return env


# ---- shared mock servers ------------------------------------------------------
_mocks = {}


def mock(keyed=True):
    """The shared mock: keyed=True expects 'Bearer sk-test-1234abcd'; keyed=False
    accepts any (or no) Authorization header."""
    name = "keyed" if keyed else "open"
    if name not in _mocks:
        _mocks[name] = openai_mock.MockServer(api_key=KEY if keyed else None).start()
    return _mocks[name]


def stop_mocks():
    for m in list(_mocks.values()):
        m.stop()
    _mocks.clear()


atexit.register(stop_mocks)


def closed_port():
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def port_open(port, host="127.0.0.1"):
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


# ---- results ------------------------------------------------------------------
class Result:
    def __init__(self, args, rc, out, err, elapsed):
        self.args, self.rc, self.out, self.err, self.elapsed = args, rc, out, err, elapsed

    @property
    def err_lines(self):
        return [l for l in self.err.splitlines() if l.strip()]

    def describe(self):
        return "\n  command: %s\n  exit: %s (%.2fs)\n  stdout: %r\n  stderr: %r" % (
            " ".join(self.args), self.rc, self.elapsed, self.out[-2000:], self.err[-2000:])


def parse_table(text, must_have):
    """Parse a space-aligned table. Returns (header_columns, rows) where each
    row is a dict column -> value plus '_current' (row starts with a star) and
    '_line'. The header is the first line containing every word of must_have."""
    lines = text.splitlines()
    hi = None
    for i, l in enumerate(lines):
        if all(w in l for w in must_have):
            hi = i
            break
    if hi is None:
        return None, []
    header = lines[hi]
    spans = [(m.start(), m.group()) for m in re.finditer(r"\S+(?: \S+)*", header)]
    cols = [c for _, c in spans]
    rows = []
    for l in lines[hi + 1:]:
        if not l.strip():
            break
        if set(l.strip()) <= set("-=─━ "):
            continue  # a rule under the header
        current = l.lstrip().startswith("★")
        body = l.lstrip().lstrip("★").strip()
        parts = re.split(r"\s{2,}", body)
        if len(parts) == len(cols):
            row = dict(zip(cols, parts))
        else:  # positional fallback
            row = {}
            for j, (start, c) in enumerate(spans):
                end = spans[j + 1][0] if j + 1 < len(spans) else None
                row[c] = l[start:end].strip().lstrip("★").strip()
        row["_current"] = current
        row["_line"] = l
        rows.append(row)
    return cols, rows


def row_status(row):
    """The status word(s) of a providers-list row, longest match first."""
    v = row.get("STATUS")
    if v is not None:
        return v.strip()
    for s in STATUSES:
        if re.search(r"(^|\s)%s(\s|$)" % s, row["_line"]):
            return s
    return None


# ---- the test case base ---------------------------------------------------------
class CludeTestCase(unittest.TestCase):
    maxDiff = 4000

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="clude-e2e-")
        self.home = os.path.join(self.tmp, "home")
        self.clude_home = os.path.join(self.tmp, "clude-home")
        os.makedirs(self.home)
        os.makedirs(self.clude_home)
        self.config_path = os.path.join(self.tmp, "config.yaml")
        for m in _mocks.values():
            m.clear()

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    # -- environment / config
    def env(self, extra=None):
        env = base_env()
        env.update(HOME=self.home, CLUDE_HOME=self.clude_home, CLUDE_CONFIG=self.config_path,
                   XDG_CONFIG_HOME=os.path.join(self.home, ".config"),
                   XDG_CACHE_HOME=os.path.join(self.home, ".cache"),
                   XDG_DATA_HOME=os.path.join(self.home, ".local", "share"))
        # one try per request, as the error tests expect; test_routing sets "" (the config's)
        env["CLUDE_RETRY_ATTEMPTS"] = "1"
        if extra:
            env.update(extra)
        return env

    def write_config(self, text, **fmt):
        text = textwrap.dedent(text)
        if fmt:
            text = text.format(**fmt)
        with open(self.config_path, "w", encoding="utf-8") as f:
            f.write(text)
        return self.config_path

    def use_mock(self, keyed=True, api_key=KEY, default_model="mock-small", extra=""):
        """Config: openai pointed at the mock (the brief's reference config)."""
        m = mock(keyed)
        self.write_config(
            "providers:\n"
            "  default: openai\n"
            "  openai:\n"
            "    api_key: %s\n"
            "    base_url: %s\n"
            "    default_model: %s\n" % (api_key, m.base_url, default_model) + extra)
        return m

    # -- running the binary
    def clude(self, *args, input=None, env=None, timeout=PROC_TIMEOUT):
        argv = [CLUDE] + list(args)
        t0 = time.monotonic()
        try:
            p = subprocess.run(argv, input=input.encode() if isinstance(input, str) else input,
                               stdin=subprocess.DEVNULL if input is None else None,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=self.env(env), cwd=self.tmp, timeout=timeout)
        except subprocess.TimeoutExpired as e:
            self.fail("timed out after %ss: %s\n  stdout: %r\n  stderr: %r" % (
                timeout, " ".join(argv), (e.stdout or b"")[-2000:], (e.stderr or b"")[-2000:]))
        return Result(argv, p.returncode, p.stdout.decode("utf-8", "replace"),
                      p.stderr.decode("utf-8", "replace"), time.monotonic() - t0)

    def spawn(self, *args, env=None):
        argv = [CLUDE] + list(args)
        p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=self.env(env), cwd=self.tmp)
        p.argv = argv
        self.addCleanup(lambda: p.poll() is None and p.kill())
        return p

    def read_until(self, proc, marker, deadline=10.0):
        """Read proc.stdout until marker (bytes) is seen. Returns the bytes read."""
        fd = proc.stdout.fileno()
        buf = b""
        end = time.monotonic() + deadline
        while marker not in buf:
            left = end - time.monotonic()
            if left <= 0:
                break
            r, _, _ = select.select([fd], [], [], left)
            if not r:
                break
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            buf += chunk
        return buf

    # -- mock helpers
    def chat_requests(self, keyed=True):
        return [r for r in mock(keyed).requests
                if r["method"] == "POST" and r["path"] == "/v1/chat/completions"]

    def one_chat_request(self, keyed=True, r=None):
        reqs = self.chat_requests(keyed)
        self.assertEqual(len(reqs), 1, "expected exactly one chat request, got %d%s" % (
            len(reqs), r.describe() if r else ""))
        return reqs[0]

    # -- assertions
    def assert_ok(self, r, stdout=None):
        self.assertEqual(r.rc, 0, "expected exit 0" + r.describe())
        if stdout is not None:
            self.assertEqual(r.out, stdout, r.describe())

    def assert_only_model_warnings(self, r, model):
        """stderr may only hold the unknown-model warning (a line naming model)."""
        for l in r.err_lines:
            self.assertIn(model, l, "unexpected stderr line %r%s" % (l, r.describe()))
        self.assertLessEqual(len(r.err_lines), 1, "more than one warning" + r.describe())

    def assert_error(self, r, rc, *fragments, model=None):
        """Exit code rc; the last stderr line is the error: starts with 'clude: ',
        contains every fragment. Other lines may only be an unknown-model warning."""
        self.assertEqual(r.rc, rc, "expected exit %d" % rc + r.describe())
        lines = r.err_lines
        self.assertTrue(lines, "nothing on stderr" + r.describe())
        last = lines[-1]
        self.assertTrue(last.startswith("clude: "),
                        "error line does not start with 'clude: '" + r.describe())
        for f in fragments:
            self.assertIn(f, last, "error line lacks %r" % f + r.describe())
        others = lines[:-1]
        self.assertLessEqual(len(others), 1, "error is not ONE line" + r.describe())
        for l in others:
            self.assertTrue(model and model in l,
                            "extra stderr line %r (only a model warning allowed)%s"
                            % (l, r.describe()))

    def assert_no_secret(self, r, secret=KEY):
        self.assertNotIn(secret, r.out, "key leaked on stdout" + r.describe())
        self.assertNotIn(secret, r.err, "key leaked on stderr" + r.describe())

    def parse_json(self, r):
        try:
            return json.loads(r.out)
        except ValueError as e:
            self.fail("stdout is not one JSON object (%s)%s" % (e, r.describe()))
