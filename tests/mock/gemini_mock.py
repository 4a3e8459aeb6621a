#!/usr/bin/env python3
"""A mock of the Google Gemini API (generateContent) and of the same protocol
on Vertex AI's project paths, for clude's end-to-end tests. Python 3
standard library only; listens on 127.0.0.1.

As a module:

    from gemini_mock import MockServer
    srv = MockServer(api_key="sk-test-1234abcd", token="ya29.test").start()
    ... srv.base_url (Gemini), srv.vertex_base_url, srv.requests ...
    srv.stop()

As a script:

    python3 tests/mock/gemini_mock.py --port 0 --port-file F [--log F]
        [--api-key KEY] [--token TOKEN]

writes the chosen port to F and every received request as one JSON line to
the log: {"method", "path", "query", "headers", "body"} — path without the
query string, query as {name: value}, body parsed when it is JSON.

Endpoints (shapes of ai.google.dev/api and the Vertex AI REST reference):
  POST /v1beta/models/{model}:generateContent
  POST /v1beta/models/{model}:streamGenerateContent?alt=sse   SSE, CRLF, each
       "data:" a GenerateContentResponse, no [DONE]; without alt=sse the
       chunks come as one JSON array
  GET  /v1beta/models             models/mock-small, models/mock-large and
                                  models/embedding-mock (no generateContent)
  POST /v1/projects/{p}/locations/{l}/publishers/google/models/{model}:...
                                  the same two methods, Vertex AI style
  GET  /v1beta1/publishers/google/models   Vertex's publisherModels list

Authentication: on /v1beta paths x-goog-api-key must be the api_key (a
wrong one gets 400 INVALID_ARGUMENT / API_KEY_INVALID, none 403
PERMISSION_DENIED, as Google answers); on Vertex paths Authorization must
be "Bearer <token>" (else 401 UNAUTHENTICATED). None checks when unset.

Scenarios are chosen by the model id in the path:
  (anything else)   "Hello from mock: <last user text>" in small deltas
  mock-tokens-N     N one-word deltas "w1", " w2", ... " wN"
  mock-401/403/404/500/503   that error in Google's {"error": {...}} shape
  mock-429          429 RESOURCE_EXHAUSTED, Retry-After: 7 and RetryInfo 7s
  mock-429-info     429 with only RetryInfo {"retryDelay": "12.5s"}
  mock-html-502     502 with an HTML body (not JSON)
  mock-badjson      stream: delta "partial ", then "data: {not json";
                    non-stream: a body "{not json"
  mock-cut          stream: deltas "partial ", "reply", then the connection
                    closes without the last HTTP chunk
  mock-nofinish     stream: deltas "partial ", "reply", properly ended, but
                    no chunk has a finishReason (Gemini's only sign of a cut)
  mock-streamerror  stream: delta "partial ", then data: {"error": 503 ...}
  mock-blocked      promptFeedback.blockReason SAFETY, no candidates
  mock-safety       delta "I can", then finishReason SAFETY
  mock-length       deltas "cut ", "short", finishReason MAX_TOKENS
  mock-thinking     a thought part (thought: true) before the answer "42";
                    usage with thoughtsTokenCount 7, cachedContentTokenCount 3
  mock-split        default reply, each event written in two pieces (inside a
                    multi-byte UTF-8 character when there is one)
  mock-lf           default reply with LF line ends instead of CRLF
Every chunk carries usageMetadata (candidatesTokenCount counting up), as
Gemini does; promptTokenCount is (all text + 4 per message) // 4.
"""

import argparse
import json
import os
import re
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, unquote, urlsplit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from openai_mock import split_small  # noqa: E402

GEMINI_CHAT = re.compile(r"^/v1beta/models/([^/:]+):(generateContent|streamGenerateContent)$")
VERTEX_CHAT = re.compile(r"^/v1/projects/([^/]+)/locations/([^/]+)/publishers/google/models/"
                         r"([^/:]+):(generateContent|streamGenerateContent)$")
MODELS = [("mock-small", 1048576), ("mock-large", 2097152)]
PROJECT = "test-project"


def status_error(code, status, message, details=None):
    e = {"code": code, "message": message, "status": status}
    if details:
        e["details"] = details
    return {"error": e}


def scenario_error(model):
    """(status, body, extra headers) for an error scenario, else None."""
    if model == "mock-401":
        return 401, status_error(401, "UNAUTHENTICATED",
                                 "Request had invalid authentication credentials. Expected OAuth 2 "
                                 "access token, login cookie or other valid authentication "
                                 "credential."), None
    if model == "mock-403":
        return 403, status_error(403, "PERMISSION_DENIED",
                                 "Permission denied on resource project mock."), None
    if model == "mock-404":
        return 404, status_error(404, "NOT_FOUND",
                                 "models/%s is not found for API version v1beta, or is not "
                                 "supported for generateContent." % model), None
    if model in ("mock-429", "mock-429-info"):
        delay = "7s" if model == "mock-429" else "12.5s"
        body = status_error(429, "RESOURCE_EXHAUSTED",
                            "You exceeded your current quota, please check your plan and "
                            "billing details.", [
                                {"@type": "type.googleapis.com/google.rpc.QuotaFailure",
                                 "violations": [{"quotaMetric": "generativelanguage.googleapis.com/"
                                                 "generate_content_paid_tier_requests"}]},
                                {"@type": "type.googleapis.com/google.rpc.RetryInfo",
                                 "retryDelay": delay}])
        return 429, body, {"Retry-After": "7"} if model == "mock-429" else None
    if model == "mock-500":
        return 500, status_error(500, "INTERNAL",
                                 "An internal error has occurred. Please retry or report in "
                                 "https://developers.generativeai.google/guide/troubleshooting"), None
    if model == "mock-503":
        return 503, status_error(503, "UNAVAILABLE",
                                 "The model is overloaded. Please try again later."), None
    return None


def text_of(content):
    parts = content.get("parts") if isinstance(content, dict) else None
    if not isinstance(parts, list):
        return ""
    return "".join(p.get("text", "") for p in parts if isinstance(p, dict))


def last_user_text(body):
    contents = body.get("contents") if isinstance(body, dict) else None
    for c in reversed(contents if isinstance(contents, list) else []):
        if isinstance(c, dict) and c.get("role") == "user":
            return text_of(c)
    return ""


def prompt_tokens(body):
    total = 0
    contents = body.get("contents") if isinstance(body, dict) else None
    for c in contents if isinstance(contents, list) else []:
        total += len(text_of(c)) + 4
    if isinstance(body, dict) and isinstance(body.get("systemInstruction"), dict):
        total += len(text_of(body["systemInstruction"])) + 4
    return max(1, total // 4)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "gemini-mock/1.0"

    def log_message(self, fmt, *args):
        if self.server.owner.verbose:
            sys.stderr.write("mock: " + (fmt % args) + "\n")

    # ---- request plumbing -------------------------------------------------
    def _read_body(self):
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
        u = urlsplit(self.path)
        entry = {"method": self.command, "path": u.path, "query": dict(parse_qsl(u.query)),
                 "headers": {k: v for k, v in self.headers.items()}, "body": body}
        self.server.owner._record(entry)
        return entry

    def _send(self, status, obj=None, raw=None, headers=None, ctype="application/json"):
        data = raw if raw is not None else json.dumps(obj, indent=2).encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype + "; charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()

    def _auth_error(self, vertex):
        """None when the credentials are right, else (status, body)."""
        owner = self.server.owner
        if vertex:
            if owner.token is None or self.headers.get("Authorization") == "Bearer " + owner.token:
                return None
            return 401, status_error(401, "UNAUTHENTICATED",
                                     "Request had invalid authentication credentials. Expected "
                                     "OAuth 2 access token, login cookie or other valid "
                                     "authentication credential.")
        key = self.headers.get("x-goog-api-key")
        if owner.api_key is None or key == owner.api_key:
            return None
        if not key:
            return 403, status_error(403, "PERMISSION_DENIED",
                                     "Method doesn't allow unregistered callers (callers without "
                                     "established identity). Please use API Key or other form of "
                                     "API consumer identity to call this API.")
        return 400, status_error(400, "INVALID_ARGUMENT",
                                 "API key not valid. Please pass a valid API key.", [
                                     {"@type": "type.googleapis.com/google.rpc.ErrorInfo",
                                      "reason": "API_KEY_INVALID", "domain": "googleapis.com",
                                      "metadata": {"service": "generativelanguage.googleapis.com"}}])

    # ---- endpoints ----------------------------------------------------------
    def do_GET(self):
        entry = self._record(b"")
        path = entry["path"]
        if path == "/v1beta/models":
            err = self._auth_error(False)
            if err:
                return self._send(*err)
            models = [{"name": "models/" + m, "version": "001", "displayName": m,
                       "inputTokenLimit": ctx, "outputTokenLimit": 65536,
                       "supportedGenerationMethods": ["generateContent", "countTokens"]}
                      for m, ctx in MODELS]
            models.append({"name": "models/embedding-mock", "inputTokenLimit": 2048,
                           "supportedGenerationMethods": ["embedContent"]})
            return self._send(200, {"models": models})
        if path == "/v1beta1/publishers/google/models":
            err = self._auth_error(True)
            if err:
                return self._send(*err)
            return self._send(200, {"publisherModels": [
                {"name": "publishers/google/models/" + m, "versionId": "001",
                 "launchStage": "GA"} for m, _ in MODELS]})
        self._not_found()

    def do_POST(self):
        entry = self._record(self._read_body())
        m = GEMINI_CHAT.match(entry["path"])
        vm = VERTEX_CHAT.match(entry["path"])
        if not m and not vm:
            return self._not_found()
        model, method = (unquote(m.group(1)), m.group(2)) if m else (unquote(vm.group(3)),
                                                                      vm.group(4))
        err = self._auth_error(bool(vm))
        if err:
            return self._send(*err)
        body = entry["body"]
        if not isinstance(body, dict) or not isinstance(body.get("contents"), list):
            return self._send(400, status_error(400, "INVALID_ARGUMENT",
                                                "Invalid JSON payload received."))
        err = scenario_error(model)
        if err:
            return self._send(err[0], err[1], headers=err[2])
        if model == "mock-html-502":
            return self._send(502, raw=b"<html><body><h1>502 Bad Gateway</h1></body></html>",
                              ctype="text/html")
        if method == "generateContent":
            return self._complete(body, model)
        return self._stream(body, model, entry["query"].get("alt") == "sse")

    def do_PUT(self):
        self._record(self._read_body())
        self._not_found()

    do_DELETE = do_PUT
    do_PATCH = do_PUT

    def _not_found(self):
        self._send(404, raw=b"<!DOCTYPE html><html><title>Error 404 (Not Found)</title></html>",
                   ctype="text/html")

    # ---- replies ------------------------------------------------------------
    def _plan(self, body, model):
        """-> the chunks as (text or None, finishReason or None) pairs."""
        mt = re.fullmatch(r"mock-tokens-(\d+)", model)
        if mt:
            n = int(mt.group(1))
            words = ["w1"] + [" w%d" % i for i in range(2, n + 1)] if n else []
            return [(w, None) for w in words] + [("", "STOP")]
        if model in ("mock-badjson", "mock-streamerror"):
            return [("partial ", None)]
        if model in ("mock-cut", "mock-nofinish"):
            return [("partial ", None), ("reply", None)]
        if model == "mock-safety":
            return [("I can", None), (None, "SAFETY")]
        if model == "mock-length":
            return [("cut ", None), ("short", "MAX_TOKENS")]
        if model == "mock-thinking":
            return [("42", "STOP")]
        deltas = split_small("Hello from mock: " + last_user_text(body))
        return [(d, None) for d in deltas[:-1]] + [(deltas[-1], "STOP")]

    def _usage(self, body, model, n):
        p = prompt_tokens(body)
        u = {"promptTokenCount": p, "candidatesTokenCount": n, "totalTokenCount": p + n,
             "promptTokensDetails": [{"modality": "TEXT", "tokenCount": p}]}
        if model == "mock-thinking":
            u.update(thoughtsTokenCount=7, cachedContentTokenCount=3, totalTokenCount=p + n + 7)
        return u

    def _response(self, body, model, text, finish, n, thought=False):
        cand = {"index": 0}
        if text is not None:
            parts = [{"text": text}]
            if thought:
                parts.insert(0, {"text": "Let me think about the question.", "thought": True})
            cand["content"] = {"parts": parts, "role": "model"}
        if finish:
            cand["finishReason"] = finish
        if finish == "SAFETY":
            cand["safetyRatings"] = [{"category": "HARM_CATEGORY_DANGEROUS_CONTENT",
                                      "probability": "HIGH", "blocked": True}]
        return {"candidates": [cand], "usageMetadata": self._usage(body, model, n),
                "modelVersion": model, "responseId": "mock-response-1"}

    def _blocked(self, body, model):
        return {"promptFeedback": {"blockReason": "SAFETY", "safetyRatings": [
            {"category": "HARM_CATEGORY_DANGEROUS_CONTENT", "probability": "HIGH"}]},
            "usageMetadata": {"promptTokenCount": prompt_tokens(body),
                              "totalTokenCount": prompt_tokens(body)},
            "modelVersion": model, "responseId": "mock-response-1"}

    def _complete(self, body, model):
        if model == "mock-badjson":
            return self._send(200, raw=b"{not json")
        if model == "mock-blocked":
            return self._send(200, self._blocked(body, model))
        chunks = self._plan(body, model)
        text = "".join(t or "" for t, _ in chunks)
        finish = chunks[-1][1] if model != "mock-nofinish" else "STOP"
        n = sum(1 for t, _ in chunks if t)
        self._send(200, self._response(body, model, text if text or finish != "SAFETY" else None,
                                       finish, n, thought=model == "mock-thinking"))

    def _stream(self, body, model, sse):
        eol = "\n" if model == "mock-lf" else "\r\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream" if sse else "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.wfile.flush()

        def write(b):
            self.wfile.write(b"%x\r\n" % len(b) + b + b"\r\n")
            self.wfile.flush()

        def event(obj):
            text = json.dumps(obj, separators=(",", ":"), ensure_ascii=False) \
                if isinstance(obj, dict) else obj
            b = ("data: " + text + eol + eol).encode("utf-8")
            if model == "mock-split" and len(b) > 4:
                cut = next((i + 1 for i, c in enumerate(b) if c >= 0x80), len(b) // 2)
                write(b[:cut])
                write(b[cut:])
            else:
                write(b)

        def end():
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()

        try:
            if model == "mock-blocked":
                event(self._blocked(body, model))
                return end()
            chunks = self._plan(body, model)
            objs, n = [], 0
            for text, finish in chunks:
                n += 1 if text else 0
                objs.append(self._response(body, model, text, finish, n,
                                           thought=model == "mock-thinking"))
            if not sse:  # JSON-array framing
                write(json.dumps(objs).encode())
                return end()
            for o in objs:
                event(o)
            if model == "mock-badjson":
                event("{not json")
                event(self._response(body, model, "", "STOP", n))  # must not matter
                return end()
            if model == "mock-streamerror":
                event(status_error(503, "UNAVAILABLE",
                                   "The model is overloaded. Please try again later."))
                return end()
            if model == "mock-cut":
                self.close_connection = True
                return  # no terminating HTTP chunk
            end()
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
    def __init__(self, api_key=None, token=None, host="127.0.0.1", port=0, log_path=None,
                 verbose=False):
        self.api_key = api_key
        self.token = token
        self.host = host
        self.verbose = verbose
        self.requests = []
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._log = open(log_path, "a", encoding="utf-8") if log_path else None
        self._httpd = _Server((host, port), Handler)
        self._httpd.owner = self
        self.port = self._httpd.server_address[1]
        self._thread = None

    @property
    def base_url(self):
        return "http://%s:%d/v1beta" % (self.host, self.port)

    @property
    def vertex_base_url(self):
        return "http://%s:%d/v1/projects/%s/locations/global/publishers/google" % (
            self.host, self.port, PROJECT)

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
    ap = argparse.ArgumentParser(description="Mock Google Gemini / Vertex AI server")
    ap.add_argument("--port", type=int, default=0, help="port (0: pick a free one)")
    ap.add_argument("--port-file", help="write the chosen port here")
    ap.add_argument("--log", help="append one JSON line per request here")
    ap.add_argument("--api-key", help="expected x-goog-api-key")
    ap.add_argument("--token", help="expected Vertex bearer token")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)

    srv = MockServer(api_key=args.api_key, token=args.token, port=args.port,
                     log_path=args.log, verbose=args.verbose)
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
        srv._httpd.serve_forever(poll_interval=0.05)
    finally:
        srv._httpd.server_close()
        if srv._log:
            srv._log.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
