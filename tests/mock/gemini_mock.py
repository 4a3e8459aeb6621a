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

import json
import os
import re
import sys
from urllib.parse import parse_qsl, unquote

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mockbase  # noqa: E402
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


class Handler(mockbase.Handler):
    server_version = "gemini-mock/1.0"
    parse_query = staticmethod(lambda query: dict(parse_qsl(query)))

    def _send(self, status, obj=None, raw=None, headers=None, ctype="application/json"):
        data = raw if raw is not None else json.dumps(obj, indent=2).encode()
        self._send_raw(status, data, ctype + "; charset=UTF-8", headers)

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

    do_PUT = do_DELETE = do_PATCH = mockbase.Handler._not_served

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
        self._start_stream("text/event-stream" if sse else "application/json")

        def event(obj):
            text = json.dumps(obj, separators=(",", ":"), ensure_ascii=False) \
                if isinstance(obj, dict) else obj
            b = ("data: " + text + eol + eol).encode("utf-8")
            if model == "mock-split" and len(b) > 4:
                cut = next((i + 1 for i, c in enumerate(b) if c >= 0x80), len(b) // 2)
                self._write(b[:cut])
                self._write(b[cut:])
            else:
                self._write(b)

        try:
            if model == "mock-blocked":
                event(self._blocked(body, model))
                return self._end_stream()
            chunks = self._plan(body, model)
            objs, n = [], 0
            for text, finish in chunks:
                n += 1 if text else 0
                objs.append(self._response(body, model, text, finish, n,
                                           thought=model == "mock-thinking"))
            if not sse:  # JSON-array framing
                self._write(json.dumps(objs).encode())
                return self._end_stream()
            for o in objs:
                event(o)
            if model == "mock-badjson":
                event("{not json")
                event(self._response(body, model, "", "STOP", n))  # must not matter
                return self._end_stream()
            if model == "mock-streamerror":
                event(status_error(503, "UNAVAILABLE",
                                   "The model is overloaded. Please try again later."))
                return self._end_stream()
            if model == "mock-cut":
                self.close_connection = True
                return  # no terminating HTTP chunk
            self._end_stream()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


class MockServer(mockbase.MockServer):
    handler = Handler
    base_path = "/v1beta"

    def __init__(self, api_key=None, token=None, host="127.0.0.1", port=0, log_path=None,
                 verbose=False):
        self.token = token
        super().__init__(api_key, host, port, log_path, verbose)

    @property
    def vertex_base_url(self):
        return "http://%s:%d/v1/projects/%s/locations/global/publishers/google" % (
            self.host, self.port, PROJECT)

    @staticmethod
    def add_arguments(ap):
        ap.add_argument("--api-key", help="expected x-goog-api-key")
        ap.add_argument("--token", help="expected Vertex bearer token")

    @staticmethod
    def options(args):
        return {"api_key": args.api_key, "token": args.token}


def main(argv=None):
    return mockbase.main(MockServer, "Mock Google Gemini / Vertex AI server", argv)


if __name__ == "__main__":
    sys.exit(main())
