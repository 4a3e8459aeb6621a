#!/usr/bin/env python3
"""A mock of the Anthropic Messages API, for clude's end-to-end tests.
Python 3 standard library only; listens on 127.0.0.1. Shapes follow the
Messages, Streaming Messages, Errors and List Models reference pages.

As a module:

    from anthropic_mock import AnthropicMock
    srv = AnthropicMock(api_key="sk-test-1234abcd").start()
    ... srv.port, srv.base_url, srv.requests ...
    srv.stop()

As a script:

    python3 tests/mock/anthropic_mock.py --port 0 [--port-file F] [--log F] [--api-key KEY]

Every request is recorded as {"method", "path", "query", "headers", "body"}:
path without the query string, query as {name: [values]}, header names
lower-cased, body the parsed JSON (else the raw text, or None).

Endpoints:
  POST /v1/messages   streamed (SSE) or not
  GET  /v1/models     claude-mock-small, claude-mock-large

Requests are checked like the real API does: a missing anthropic-version,
a key other than the server's api_key in x-api-key (401), a missing or
non-positive max_tokens, a role other than user/assistant, empty content,
or a system message inside messages get the vendor's error answer.

Scenarios by the request's model id:
  (anything else)   "Hello from mock: <last user message>" in small deltas,
                    after a thinking block whose text must not be shown
  mock-tokens-N     N one-word deltas "w1", " w2", ... " wN"
  mock-401/403/404/500/529   that status in the vendor's error shape
  mock-429          429 rate_limit_error with Retry-After: 7
  mock-html         502 with an HTML body (not JSON)
  mock-overloaded   stream: "partial ", then an error event (overloaded_error)
  mock-badjson      stream: "partial ", then an event whose data is not JSON
  mock-cut          stream: "partial ", "reply", then the connection closes
                    (no message_delta, no message_stop, no last HTTP chunk)
  mock-cut-close    the same without chunked encoding (a clean EOF)
  mock-nostop       the whole reply and message_delta, but no message_stop
  mock-max          stop_reason max_tokens; mock-refusal: refusal;
  mock-tool         tool_use; mock-stopseq: stop_sequence; mock-pause: pause_turn
  mock-cache        usage with cache reads/writes and thinking_tokens
  mock-crlf         default reply, CRLF line ends, pings
  mock-split        default reply, every event written byte by byte
"""

import json
import os
import re
import sys
from urllib.parse import urlsplit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mockbase  # noqa: E402
from openai_mock import message_text, split_small  # noqa: E402

MODELS = [("claude-mock-small", "Claude Mock Small", 200000, 64000),
          ("claude-mock-large", "Claude Mock Large", 1000000, 128000)]
THINKING = "secret reasoning that is not reply text"
STOP_REASONS = {"mock-max": "max_tokens", "mock-refusal": "refusal", "mock-tool": "tool_use",
                "mock-stopseq": "stop_sequence", "mock-pause": "pause_turn"}
ERRORS = {
    400: "invalid_request_error", 401: "authentication_error", 403: "permission_error",
    404: "not_found_error", 429: "rate_limit_error", 500: "api_error", 529: "overloaded_error",
}
REQUEST_ID = {"request-id": "req_011mock"}


def error_obj(status, message):
    return {"type": "error", "error": {"type": ERRORS[status], "message": message},
            "request_id": "req_011mock"}


def last_user_text(body):
    for m in reversed(body.get("messages") or []):
        if isinstance(m, dict) and m.get("role") == "user":
            return message_text(m.get("content"))
    return ""


def input_tokens(body):
    total = len(message_text(body.get("system") or ""))
    for m in body.get("messages") or []:
        if isinstance(m, dict):
            total += len(message_text(m.get("content"))) + 4
    return max(1, total // 4)


def validate(body):
    """The message of the real API's 400 for this body, or None."""
    if not isinstance(body, dict):
        return "There was an error parsing the body of your request."
    mt = body.get("max_tokens")
    if not isinstance(mt, int) or isinstance(mt, bool):
        return "max_tokens: Field required"
    if mt < 1:
        return "max_tokens: Input should be greater than or equal to 1"
    msgs = body.get("messages")
    if not isinstance(msgs, list) or not msgs:
        return "messages: Field required"
    for i, m in enumerate(msgs):
        role = m.get("role") if isinstance(m, dict) else None
        if role == "system":
            return ('messages.%d.role: Unexpected role "system". The Messages API accepts a '
                    'top-level `system` parameter, not "system" as an input message role.' % i)
        if role not in ("user", "assistant"):
            return "messages.%d.role: Input should be 'user' or 'assistant'" % i
        if not message_text(m.get("content")).strip():
            return ("messages.%d: all messages must have non-empty content except for the "
                    "optional final assistant message" % i)
    if "system" in body and not isinstance(body["system"], (str, list)):
        return "system: Input should be a valid string"
    return None


class Handler(mockbase.Handler):
    server_version = "anthropic-mock/1.0"
    lower_headers = True

    def _send(self, status, obj=None, raw=None, ctype="application/json", headers=None):
        data = raw if raw is not None else json.dumps(obj, separators=(",", ":")).encode()
        self._send_raw(status, data, ctype, {**REQUEST_ID, **(headers or {})})

    def _error(self, status, message, headers=None):
        self._send(status, error_obj(status, message), headers=headers)

    def _check_headers(self):
        """True when the request may go on; else the error was sent."""
        if not self.headers.get("anthropic-version"):
            self._error(400, "anthropic-version: header is required")
            return False
        want = self.server.owner.api_key
        if want is not None and self.headers.get("x-api-key") != want:
            self._error(401, "invalid x-api-key")
            return False
        return True

    def do_GET(self):
        self._record(b"")
        if urlsplit(self.path).path != "/v1/models":
            return self._error(404, "Not found")
        if not self._check_headers():
            return
        data = [{"type": "model", "id": i, "display_name": n, "created_at": "2026-10-07T00:00:00Z",
                 "max_input_tokens": c, "max_tokens": o} for i, n, c, o in MODELS]
        self._send(200, {"data": data, "has_more": False, "first_id": data[0]["id"],
                         "last_id": data[-1]["id"]})

    def do_POST(self):
        body = self._record(self._read_body())["body"]
        if urlsplit(self.path).path != "/v1/messages":
            return self._error(404, "Not found")
        if not self._check_headers():
            return
        model = body.get("model") if isinstance(body, dict) else None
        model = model if isinstance(model, str) else ""
        m = re.fullmatch(r"mock-(\d{3})", model)
        if m and int(m.group(1)) in ERRORS:
            status = int(m.group(1))
            msg = {401: "invalid x-api-key", 403: "Your API key does not have permission",
                   404: "model: %s" % model, 429: "Number of request tokens has exceeded your "
                   "per-minute rate limit", 500: "Internal server error",
                   529: "Overloaded"}.get(status, "Bad request")
            return self._error(status, msg, {"Retry-After": "7"} if status == 429 else None)
        if model == "mock-html":
            return self._send(502, raw=b"<html><body><h1>502 Bad Gateway</h1></body></html>",
                              ctype="text/html")
        problem = validate(body)
        if problem:
            return self._error(400, problem)
        if body.get("stream") is True:
            return self._stream(body, model)
        return self._complete(body, model)

    # ---- replies ----------------------------------------------------------------
    def _deltas(self, body, model):
        m = re.fullmatch(r"mock-tokens-(\d+)", model)
        if m:
            n = int(m.group(1))
            return ["w1"] + [" w%d" % i for i in range(2, n + 1)] if n else []
        if model in ("mock-overloaded", "mock-badjson"):
            return ["partial "]
        if model in ("mock-cut", "mock-cut-close"):
            return ["partial ", "reply"]
        return split_small("Hello from mock: " + last_user_text(body))

    def _usage(self, body, model, deltas, start=False):
        u = {"input_tokens": input_tokens(body), "output_tokens": 1 if start else len(deltas)}
        if model == "mock-cache":
            u.update(input_tokens=5, cache_creation_input_tokens=20, cache_read_input_tokens=100)
            if not start:
                u["output_tokens_details"] = {"thinking_tokens": 3}
        return u

    def _complete(self, body, model):
        if model == "mock-badjson":
            return self._send(200, raw=b"{not json")
        deltas = self._deltas(body, model)
        content = [{"type": "thinking", "thinking": THINKING, "signature": "c2lnbmF0dXJl"},
                   {"type": "text", "text": "".join(deltas)}]
        if model == "mock-tool":
            content.append({"type": "tool_use", "id": "toolu_01", "name": "get_weather",
                            "input": {"city": "Paris"}})
        self._send(200, {"id": "msg_01mock", "type": "message", "role": "assistant",
                         "model": model, "content": content,
                         "stop_reason": STOP_REASONS.get(model, "end_turn"),
                         "stop_sequence": "\n\nHuman:" if model == "mock-stopseq" else None,
                         "usage": self._usage(body, model, deltas)})

    def _stream(self, body, model):
        eol = "\r\n" if model == "mock-crlf" else "\n"
        self._start_stream("text/event-stream; charset=utf-8", model != "mock-cut-close",
                           {"Cache-Control": "no-cache", **REQUEST_ID})

        def event(name, obj=None, raw=None):
            data = raw if raw is not None else json.dumps(obj, separators=(",", ":"))
            b = ("event: %s%sdata: %s%s%s" % (name, eol, data, eol, eol)).encode()
            if model == "mock-split":
                for i in range(len(b)):
                    self._write(b[i:i + 1])
            else:
                self._write(b)

        deltas = self._deltas(body, model)
        try:
            event("message_start", {"type": "message_start", "message": {
                "id": "msg_01mock", "type": "message", "role": "assistant", "model": model,
                "content": [], "stop_reason": None, "stop_sequence": None,
                "usage": self._usage(body, model, deltas, start=True)}})
            if model == "mock-crlf":
                self._write(b": keep-alive\r\n\r\n")
            event("content_block_start", {"type": "content_block_start", "index": 0,
                                          "content_block": {"type": "thinking", "thinking": "",
                                                            "signature": ""}})
            event("content_block_delta", {"type": "content_block_delta", "index": 0,
                                          "delta": {"type": "thinking_delta",
                                                    "thinking": THINKING}})
            event("content_block_delta", {"type": "content_block_delta", "index": 0,
                                          "delta": {"type": "signature_delta",
                                                    "signature": "c2lnbmF0dXJl"}})
            event("content_block_stop", {"type": "content_block_stop", "index": 0})
            event("content_block_start", {"type": "content_block_start", "index": 1,
                                          "content_block": {"type": "text", "text": ""}})
            event("ping", {"type": "ping"})
            for d in deltas:
                event("content_block_delta", {"type": "content_block_delta", "index": 1,
                                              "delta": {"type": "text_delta", "text": d}})
            if model == "mock-overloaded":
                event("error", {"type": "error", "error": {"type": "overloaded_error",
                                                           "message": "Overloaded"}})
                return self._end_stream()
            if model == "mock-badjson":
                event("content_block_delta", raw="{not json")
                event("content_block_delta", {"type": "content_block_delta", "index": 1,
                                              "delta": {"type": "text_delta", "text": "LATE"}})
                event("message_stop", {"type": "message_stop"})
                return self._end_stream()
            if model in ("mock-cut", "mock-cut-close"):
                self.close_connection = True
                return  # no message_delta, no message_stop, no last HTTP chunk
            event("content_block_stop", {"type": "content_block_stop", "index": 1})
            if model == "mock-tool":
                tool = {"type": "tool_use", "id": "toolu_01", "name": "get_weather", "input": {}}
                event("content_block_start", {"type": "content_block_start", "index": 2,
                                              "content_block": tool})
                event("content_block_delta", {"type": "content_block_delta", "index": 2,
                                              "delta": {"type": "input_json_delta",
                                                        "partial_json": "{\"city\": \"Paris\"}"}})
                event("content_block_stop", {"type": "content_block_stop", "index": 2})
            event("message_delta", {"type": "message_delta", "delta": {
                "stop_reason": STOP_REASONS.get(model, "end_turn"),
                "stop_sequence": "\n\nHuman:" if model == "mock-stopseq" else None},
                "usage": {k: v for k, v in self._usage(body, model, deltas).items()
                          if k != "input_tokens" or model == "mock-cache"}})
            if model == "mock-nostop":
                self.close_connection = True
                return self._end_stream()
            event("message_stop", {"type": "message_stop"})
            self._end_stream()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


class AnthropicMock(mockbase.MockServer):
    handler = Handler
    base_path = "/v1"

    @staticmethod
    def add_arguments(ap):
        ap.add_argument("--api-key", help="expected x-api-key")


def main(argv=None):
    return mockbase.main(AnthropicMock, "Mock Anthropic Messages server", argv)


if __name__ == "__main__":
    sys.exit(main())
