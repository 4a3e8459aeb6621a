#!/usr/bin/env python3
"""A mock of the OpenAI Chat Completions API, for clude's end-to-end tests
and benchmarks. Python 3 standard library only; listens on 127.0.0.1.

As a module:

    from openai_mock import MockServer
    srv = MockServer(api_key="sk-test-1234abcd").start()
    ... srv.port, srv.base_url, srv.requests ...
    srv.stop()

As a script:

    python3 tests/mock/openai_mock.py --port 0 --port-file F [--log F]
        [--api-key KEY] [--stream-mode chunked|close]

writes the chosen port to F (atomically) and every received request as one
JSON line to the log: {"method", "path", "headers", "body"} where body is
the parsed JSON when the request body is JSON, else the raw text (or null).

Endpoints:
  POST /v1/chat/completions   streamed (SSE) or not, OpenAI shapes
  GET  /v1/models             mock-small, mock-large

Scenarios are chosen by the request's model id:
  (anything else)   reply "Hello from mock: <last user message>" in small deltas
  mock-tokens-N     N one-word deltas "w1", " w2", ... " wN"
  mock-401          401 invalid_api_key
  mock-404          404 model_not_found
  mock-429          429 rate_limit_exceeded, Retry-After: 7
  mock-500          500 server_error
  mock-badjson      stream: delta "partial ", then "data: {not json"
  mock-cut          stream: deltas "partial ", "reply", then the connection
                    closes (no finish chunk, no [DONE], no last HTTP chunk)
  mock-cut-close    same as mock-cut, but the stream is not chunked (framed by
                    Connection: close), so the cut is a clean EOF
  mock-slow         deltas "slow-1 " .. "slow-5" 300 ms apart
  mock-slow-MS      same, MS milliseconds apart
  mock-stall        delta "waiting for more", then 30 s of silence
  mock-crlf         default reply, lines end in CRLF, ": keep-alive" comments
  mock-nousage      stream never carries usage, non-stream has no usage
  mock-split        default reply, each SSE event written in two pieces
                    (split inside a multi-byte UTF-8 character when there is
                    one, else mid-JSON), flushed separately
  mock-close        default reply streamed without chunked encoding, the
                    body ending when the connection closes
  mock-escaped      default reply, JSON with \\uXXXX escapes (ensure_ascii)
  mock-nostream-500 streamed requests get the default reply, non-streamed
                    ones (clude's conversation summaries) 500 server_error
  mock-fail-N-then-ok   the first N requests for this model id get 500,
                    later ones the default reply (counted per server)
  mock-429-N-then-ok    same with 429 and Retry-After: 1
  mock-flaky-P      500 for P % of requests at random, else the default reply
  mock-slowfirst-MS the default reply, after MS milliseconds of silence
A server whose fail_status is set (e.g. 500) answers every chat request with
that status (a vendor that is down); fail_status = 0 heals it.
When the server has an api_key, a request whose Authorization header is
not "Bearer <api_key>" gets the 401 answer.
"""

import argparse
import json
import os
import re
import urllib.parse
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODELS = ["mock-small", "mock-large"]
CREATED = 1700000000


def mask_key(key):
    """OpenAI-style masking of a provided key: first 7 chars ... last 4."""
    if not key:
        return ""
    if len(key) <= 11:
        return key[:3] + "..." + key[-2:]
    return key[:7] + "..." + key[-4:]


def error_body(status, model, provided_key):
    if status == 401:
        return {"error": {
            "message": "Incorrect API key provided: %s. You can find your API key at "
                       "https://platform.openai.com/account/api-keys." % mask_key(provided_key),
            "type": "invalid_request_error", "param": None, "code": "invalid_api_key"}}
    if status == 404:
        return {"error": {
            "message": "The model `%s` does not exist or you do not have access to it." % model,
            "type": "invalid_request_error", "param": None, "code": "model_not_found"}}
    if status == 429:
        return {"error": {
            "message": "Rate limit reached for %s in organization org-mock on requests per "
                       "min (RPM): Limit 3, Used 3, Requested 1." % model,
            "type": "rate_limit_exceeded", "param": None, "code": "rate_limit_exceeded"}}
    if status == 500:
        return {"error": {"message": "The server had an error while processing your request.",
                          "type": "server_error"}}
    raise ValueError(status)


def message_text(content):
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # [{"type": "text", "text": ...}, ...]
        return "".join(p.get("text", "") for p in content if isinstance(p, dict))
    return "" if content is None else str(content)


def last_user_text(body):
    msgs = body.get("messages") if isinstance(body, dict) else None
    if not isinstance(msgs, list):
        return ""
    for m in reversed(msgs):
        if isinstance(m, dict) and m.get("role") == "user":
            return message_text(m.get("content"))
    return ""


def split_small(text):
    """Split into small deltas: words with their trailing whitespace."""
    parts = re.findall(r"\S+\s*|\s+", text)
    assert "".join(parts) == text
    return parts or [""]


def prompt_tokens(body):
    msgs = body.get("messages") if isinstance(body, dict) else None
    total = 0
    for m in msgs if isinstance(msgs, list) else []:
        if isinstance(m, dict):
            total += len(message_text(m.get("content"))) + 4
    return max(1, total // 4)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "openai-mock/1.0"

    def log_message(self, fmt, *args):  # keep the test output clean
        if self.server.owner.verbose:
            sys.stderr.write("mock: " + (fmt % args) + "\n")

    # ---- request plumbing -------------------------------------------------
    def _read_body(self):
        te = self.headers.get("Transfer-Encoding", "")
        if "chunked" in te.lower():
            data = b""
            while True:
                line = self.rfile.readline()
                size = int(line.split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    break
                data += self.rfile.read(size)
                self.rfile.readline()
            return data
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    def _record(self, raw):
        body = None
        if raw:
            text = raw.decode("utf-8", "replace")
            try:
                body = json.loads(text)
            except ValueError:
                body = text
        entry = {"method": self.command, "path": self.path,
                 "headers": {k: v for k, v in self.headers.items()}, "body": body}
        self.server.owner._record(entry)
        return body

    def _send_json(self, status, obj, extra_headers=None, raw=None):
        data = raw if raw is not None else json.dumps(obj, separators=(",", ":")).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (extra_headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()

    AZURE_CHAT = re.compile(r"/openai/deployments/([^/]+)/chat/completions")

    def _is_azure(self):
        return self.path.startswith("/openai/")

    def _auth_ok(self):
        want = self.server.owner.api_key
        if want is None:
            return True
        if self._is_azure():  # Azure OpenAI: api-key header
            return self.headers.get("api-key", "") == want
        return self.headers.get("Authorization", "") == "Bearer " + want

    def _provided_key(self):
        if self._is_azure():
            return self.headers.get("api-key", "")
        h = self.headers.get("Authorization", "")
        return h[7:] if h.startswith("Bearer ") else h

    # ---- endpoints ----------------------------------------------------------
    def do_GET(self):
        self._record(b"")
        if self.path.split("?")[0] not in ("/v1/models", "/openai/models"):
            return self._not_found()
        if not self._auth_ok():
            return self._send_json(401, error_body(401, "", self._provided_key()))
        self._send_json(200, {"object": "list", "data": [
            {"id": m, "object": "model", "created": CREATED, "owned_by": "mock"}
            for m in MODELS]})

    def do_POST(self):
        raw = self._read_body()
        body = self._record(raw)
        path = self.path.split("?")[0]
        azure = self.AZURE_CHAT.fullmatch(path)
        if path != "/v1/chat/completions" and not azure:
            return self._not_found()
        if azure and "api-version=" not in self.path:
            return self._send_json(404, {"error": {"code": "404", "message": "Resource not found"}})
        if not self._auth_ok():
            return self._send_json(401, error_body(401, "", self._provided_key()))
        if not isinstance(body, dict):
            return self._send_json(400, {"error": {
                "message": "We could not parse the JSON body of your request.",
                "type": "invalid_request_error", "param": None, "code": None}})
        model = body.get("model")
        model = model if isinstance(model, str) else ""
        if azure:  # the deployment in the URL decides, as on Azure
            model = urllib.parse.unquote(azure.group(1))
        owner = self.server.owner
        if owner.fail_status:
            return self._send_json(owner.fail_status, error_body(500, model, ""))
        m = re.fullmatch(r"mock-(fail|429)-(\d+)-then-ok", model)
        if m:
            with owner._lock:
                seen = owner.counters.get(model, 0)
                owner.counters[model] = seen + 1
            if seen < int(m.group(2)):
                status = 500 if m.group(1) == "fail" else 429
                return self._send_json(status, error_body(status, model, ""),
                                       {"Retry-After": "1"} if status == 429 else None)
        m = re.fullmatch(r"mock-flaky-(\d+)", model)
        if m and owner.rng.random() * 100 < int(m.group(1)):
            return self._send_json(500, error_body(500, model, ""))
        m = re.fullmatch(r"mock-slowfirst-(\d+)", model)
        if m:
            owner.stopping.wait(int(m.group(1)) / 1000.0)
        for status in (401, 404, 429, 500):
            if model == "mock-%d" % status:
                hdrs = {"Retry-After": "7"} if status == 429 else None
                return self._send_json(status, error_body(status, model, self._provided_key()),
                                       hdrs)
        if model == "mock-nostream-500" and body.get("stream") is not True:
            return self._send_json(500, error_body(500, model, self._provided_key()))
        if body.get("stream") is True:
            return self._stream(body, model)
        return self._complete(body, model)

    def do_PUT(self):
        self._record(self._read_body())
        self._not_found()

    do_DELETE = do_PUT
    do_PATCH = do_PUT

    def _not_found(self):
        self._send_json(404, {"error": {
            "message": "Invalid URL (%s %s)" % (self.command, self.path),
            "type": "invalid_request_error", "param": None, "code": None}})

    # ---- replies ------------------------------------------------------------
    def _plan(self, body, model):
        """-> (list of deltas, seconds between deltas)"""
        m = re.fullmatch(r"mock-tokens-(\d+)", model)
        if m:
            n = int(m.group(1))
            return ["w1"] + [" w%d" % i for i in range(2, n + 1)] if n else [], 0
        m = re.fullmatch(r"mock-slow(?:-(\d+))?", model)
        if m:
            delay = int(m.group(1)) / 1000.0 if m.group(1) else 0.3
            return ["slow-1 ", "slow-2 ", "slow-3 ", "slow-4 ", "slow-5"], delay
        if model == "mock-badjson":
            return ["partial "], 0
        if model in ("mock-cut", "mock-cut-close"):
            return ["partial ", "reply"], 0
        if model == "mock-stall":
            return ["waiting for more"], 0
        return split_small("Hello from mock: " + last_user_text(body)), 0

    def _usage(self, body, deltas):
        p, c = prompt_tokens(body), len(deltas)
        return {"prompt_tokens": p, "completion_tokens": c, "total_tokens": p + c}

    def _complete(self, body, model):
        if model == "mock-badjson":
            return self._send_json(200, None, raw=b"{not json")
        if model in ("mock-cut", "mock-cut-close"):
            data = json.dumps({"id": "chatcmpl-mock", "object": "chat.completion"}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data) + 100))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        deltas, delay = self._plan(body, model)
        if model == "mock-stall":
            self.server.owner.stopping.wait(30)
        elif delay:
            self.server.owner.stopping.wait(delay * len(deltas))
        resp = {"id": "chatcmpl-mock", "object": "chat.completion", "created": CREATED,
                "model": model, "system_fingerprint": "fp_mock",
                "choices": [{"index": 0,
                             "message": {"role": "assistant", "content": "".join(deltas)},
                             "logprobs": None, "finish_reason": "stop"}]}
        if model != "mock-nousage":
            resp["usage"] = self._usage(body, deltas)
        data = json.dumps(resp, ensure_ascii=(model == "mock-escaped"),
                          separators=(",", ":")).encode()
        self._send_json(200, None, raw=data)

    def _stream(self, body, model):
        owner = self.server.owner
        chunked = owner.stream_mode == "chunked" and model not in ("mock-close",
                                                                   "mock-cut-close")
        crlf = model == "mock-crlf"
        split = model == "mock-split"
        ascii_ = model == "mock-escaped"
        eol = "\r\n" if crlf else "\n"

        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.flush()

        def write(b):
            if chunked:
                b = b"%x\r\n" % len(b) + b + b"\r\n"
            self.wfile.write(b)
            self.wfile.flush()

        def event(text):
            b = text.encode("utf-8")
            if split and len(b) > 4:
                # split inside a multi-byte UTF-8 sequence when there is one,
                # else in the middle
                cut = next((i + 1 for i, c in enumerate(b) if c >= 0x80), len(b) // 2)
                write(b[:cut])
                write(b[cut:])
            else:
                write(b)

        def chunk(choices, usage=None, include_usage_field=False):
            obj = {"id": "chatcmpl-mock", "object": "chat.completion.chunk",
                   "created": CREATED, "model": model, "system_fingerprint": "fp_mock",
                   "choices": choices}
            if include_usage_field:
                obj["usage"] = usage
            event("data: " + json.dumps(obj, ensure_ascii=ascii_, separators=(",", ":")) + eol + eol)

        so = body.get("stream_options")
        want_usage = isinstance(so, dict) and so.get("include_usage") is True
        want_usage = want_usage and model != "mock-nousage"
        deltas, delay = self._plan(body, model)

        try:
            if crlf:
                event(": keep-alive" + eol + eol)
            chunk([{"index": 0, "delta": {"role": "assistant", "content": ""},
                    "logprobs": None, "finish_reason": None}], None, want_usage)
            for i, d in enumerate(deltas):
                if delay and i > 0 and owner.stopping.wait(delay):
                    return
                chunk([{"index": 0, "delta": {"content": d}, "logprobs": None,
                        "finish_reason": None}], None, want_usage)
                if crlf and i % 2 == 1:
                    event(": keep-alive" + eol + eol)
            if model == "mock-badjson":
                event("data: {not json" + eol + eol)
                # what follows must not matter: the client has to stop here
                chunk([{"index": 0, "delta": {}, "logprobs": None, "finish_reason": "stop"}])
                event("data: [DONE]" + eol + eol)
                if chunked:
                    self.wfile.write(b"0\r\n\r\n")
                    self.wfile.flush()
                return
            if model in ("mock-cut", "mock-cut-close"):
                self.close_connection = True
                return  # no finish chunk, no [DONE], no terminating HTTP chunk
            if model == "mock-stall":
                owner.stopping.wait(30)
                self.close_connection = True
                return
            chunk([{"index": 0, "delta": {}, "logprobs": None, "finish_reason": "stop"}],
                  None, want_usage)
            if want_usage:
                chunk([], self._usage(body, deltas), True)
            event("data: [DONE]" + eol + eol)
            if chunked:
                self.wfile.write(b"0\r\n\r\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        exc = sys.exc_info()[1]
        if isinstance(exc, (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


class MockServer:
    def __init__(self, api_key=None, host="127.0.0.1", port=0, log_path=None,
                 stream_mode="chunked", verbose=False):
        if stream_mode not in ("chunked", "close"):
            raise ValueError("stream_mode must be 'chunked' or 'close'")
        self.api_key = api_key
        self.host = host
        self.stream_mode = stream_mode
        self.verbose = verbose
        self.requests = []
        self.fail_status = 0
        self.counters = {}
        self.rng = __import__("random").Random()
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._log = open(log_path, "a", encoding="utf-8") if log_path else None
        self._httpd = _Server((host, port), Handler)
        self._httpd.owner = self
        self.port = self._httpd.server_address[1]
        self._thread = None

    @property
    def base_url(self):
        return "http://%s:%d/v1" % (self.host, self.port)

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


def main(argv=None):
    ap = argparse.ArgumentParser(description="Mock OpenAI Chat Completions server")
    ap.add_argument("--port", type=int, default=0, help="port (0: pick a free one)")
    ap.add_argument("--port-file", help="write the chosen port here")
    ap.add_argument("--log", help="append one JSON line per request here")
    ap.add_argument("--api-key", help="expected key (Authorization: Bearer KEY)")
    ap.add_argument("--stream-mode", choices=("chunked", "close"), default="chunked")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)

    srv = MockServer(api_key=args.api_key, port=args.port, log_path=args.log,
                     stream_mode=args.stream_mode, verbose=args.verbose)
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
        srv.stopping.set()
        srv._httpd.server_close()
        if srv._log:
            srv._log.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
