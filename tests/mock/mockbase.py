"""What the provider mocks share: the server object (start/stop, the
recorded requests and their JSON-lines log, base_url), the script entry
point (--port, --port-file, --log, --api-key, -v) and the request-handler
plumbing (reading and recording a request, sending a whole JSON body,
framing a streamed one). Python 3 standard library only.

A mock defines its Handler (a subclass of Handler here) and a server class:

    class MockServer(mockbase.MockServer):
        handler = Handler
        base_path = "/v2"           # base_url is http://host:port/v2

    def main(argv=None):
        return mockbase.main(MockServer, "Mock Foo API server", argv)

A server class that takes other settings than api_key overrides
add_arguments and options to match its __init__.
"""

import argparse
import json
import os
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from openai_mock import _Server  # noqa: E402  (the threading server, quiet on client resets)


def parse_body(raw):
    """A request body: the parsed JSON, else its text, None when empty."""
    if not raw:
        return None
    text = raw.decode("utf-8", "replace")
    try:
        return json.loads(text)
    except ValueError:
        return text


class Handler(BaseHTTPRequestHandler):
    """A request is recorded as {"method", "path" (without the query),
    "query" (parse_query of it), "headers", "body" (parse_body)}."""

    protocol_version = "HTTP/1.1"
    lower_headers = False  # record header names lower-cased
    parse_query = staticmethod(parse_qs)

    def log_message(self, fmt, *args):  # keep the test output clean
        if self.server.owner.verbose:
            sys.stderr.write("mock: " + (fmt % args) + "\n")

    # ---- requests -----------------------------------------------------------
    def _read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            data = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    def _parse_body(self, raw):
        return parse_body(raw)

    def _entry(self, raw, **extra):
        u = urlsplit(self.path)
        entry = {"method": self.command, "path": u.path, "query": self.parse_query(u.query),
                 "headers": {k.lower() if self.lower_headers else k: v
                             for k, v in self.headers.items()},
                 "body": self._parse_body(raw)}
        entry.update(extra)
        return entry

    def _record(self, raw):
        """Record the request whose body is raw; -> its entry."""
        entry = self._entry(raw)
        self.server.owner._record(entry)
        return entry

    def _auth_ok(self):
        """The server has no api_key, or the request has "Bearer <api_key>"."""
        want = self.server.owner.api_key
        return want is None or self.headers.get("Authorization", "") == "Bearer " + want

    def _not_served(self):
        """For the methods a mock does not serve: record, then _not_found."""
        self._record(self._read_body())
        self._not_found()

    # ---- whole replies ----------------------------------------------------------
    def _send_raw(self, status, data, ctype="application/json", headers=None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()

    def _send_json(self, status, obj, headers=None, raw=None):
        """obj as compact JSON (or the bytes raw instead)."""
        data = raw if raw is not None else json.dumps(obj, separators=(",", ":")).encode()
        self._send_raw(status, data, headers=headers)

    # ---- streamed replies -------------------------------------------------------
    def _start_stream(self, ctype, chunked=True, headers=None):
        """A 200 whose body is sent piece by piece with _write: in HTTP chunks,
        or (chunked=False) ended by closing the connection."""
        self._chunked = chunked
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.flush()

    def _write(self, b):
        """One piece of a streamed body, flushed on its own."""
        self.wfile.write(b"%x\r\n%s\r\n" % (len(b), b) if self._chunked else b)
        self.wfile.flush()

    def _end_stream(self):
        """The last HTTP chunk (nothing when the connection's close ends the body)."""
        if self._chunked:
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()


class MockServer:
    """One mock on 127.0.0.1: handler answers, base_path makes base_url.
    requests holds what was recorded (also one JSON line each in log_path)."""

    handler = Handler
    base_path = ""

    def __init__(self, api_key=None, host="127.0.0.1", port=0, log_path=None, verbose=False):
        self.api_key = api_key
        self.host = host
        self.verbose = verbose
        self.requests = []
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._log = open(log_path, "a", encoding="utf-8") if log_path else None
        self._httpd = _Server((host, port), self.handler)
        self._httpd.owner = self
        self.port = self._httpd.server_address[1]
        self._thread = None

    @property
    def base_url(self):
        return "http://%s:%d%s" % (self.host, self.port, self.base_path)

    def _record(self, entry):
        with self._lock:
            self.requests.append(entry)
            if self._log:
                self._log.write(json.dumps(entry, ensure_ascii=False) + "\n")
                self._log.flush()

    def clear(self):
        with self._lock:
            del self.requests[:]

    def start(self):
        """Serve in a thread; -> self."""
        self._thread = threading.Thread(target=self._httpd.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def serve_forever(self):
        self._httpd.serve_forever(poll_interval=0.05)

    def stop(self):
        self.stopping.set()
        if self._thread:
            self._httpd.shutdown()
            self._thread.join(5)
        self._httpd.server_close()
        if self._log:
            self._log.close()
            self._log = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # ---- as a script: the options of __init__ beyond port, log_path, verbose
    @staticmethod
    def add_arguments(ap):
        ap.add_argument("--api-key", help="expected key (Authorization: Bearer KEY)")

    @staticmethod
    def options(args):
        return {"api_key": args.api_key}


def main(server_cls, description, argv=None):
    """Run server_cls until SIGTERM or SIGINT; its port goes to --port-file
    (written atomically) or to stdout."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--port", type=int, default=0, help="port (0: pick a free one)")
    ap.add_argument("--port-file", help="write the chosen port here")
    ap.add_argument("--log", help="append one JSON line per request here")
    server_cls.add_arguments(ap)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)

    srv = server_cls(port=args.port, log_path=args.log, verbose=args.verbose,
                     **server_cls.options(args))
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % srv.port)
        os.replace(tmp, args.port_file)
    else:
        print(srv.port, flush=True)

    def on_term(signum, frame):
        srv.stopping.set()
        threading.Thread(target=srv._httpd.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)
    try:
        srv.serve_forever()
    finally:
        srv.stop()
    return 0
