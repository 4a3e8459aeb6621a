#!/usr/bin/env python3
"""A mock of Cohere's v2 Chat API (docs.cohere.com v2 chat reference and
"Streaming Responses"; shapes as in the cohere-python SDK types), for
clude's end-to-end tests. Python 3 standard library only; 127.0.0.1.

As a module:

    from cohere_mock import MockServer
    srv = MockServer(api_key="co-test-key").start()
    ... srv.port, srv.base_url (…/v2), srv.requests ...
    srv.stop()

As a script:

    python3 tests/mock/cohere_mock.py --port 0 --port-file F [--log F] [--api-key K]

Each request is recorded as {"method", "path", "query", "headers", "body"}
(path without the query; query as a dict of lists; body parsed when JSON).

Endpoints:
  POST /v2/chat     SSE ("event: TYPE" + "data: {"type": TYPE, …}"): message-start,
                    content-start, content-delta…, content-end, message-end
                    (finish_reason, usage.billed_units / usage.tokens); or JSON
  GET  /v1/models   {"models": [{"name", "endpoints", "context_length", …}]}

Scenarios are chosen by the request's model id:
  (anything else)   reply "Hello from mock: <last user message>" in small deltas
  mock-length       default reply, finish_reason MAX_TOKENS
  mock-blocked      default reply, finish_reason CONTENT_BLOCKED
  mock-401 / -404 / -429 (Retry-After: 7) / -500   {"id", "message"} errors
  mock-badjson      stream: delta "partial ", then "data: {not json"
  mock-error        stream: delta "partial ", then message-end with
                    finish_reason ERROR and "error": "internal error …"
  mock-cut          stream: deltas "partial ", "reply", then the connection
                    closes mid-chunked-body (no message-end)
  mock-cut-close    same, body framed by Connection: close (a clean EOF)
  mock-split        default reply, every event written in 5-byte pieces
  mock-tokens-only  usage has "tokens" but no "billed_units"
  mock-thinking     a thinking delta/part before the text (not to be shown)
  mock-done         default reply followed by "data: [DONE]"
A request whose Authorization is not "Bearer <api_key>" gets the 401 answer.
"""

import json
import os
import sys
from urllib.parse import urlsplit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mockbase  # noqa: E402
import openai_mock  # noqa: E402  (text helpers)

GEN_ID = "c14c80c3-18eb-4519-9460-6c92edd8cfb4"
TEMPLATE_TOKENS = 200  # what "tokens" counts on top of "billed_units"

ERRORS = {
    401: "invalid api token",
    404: "model '%s' not found, make sure the correct model ID was used and that you "
         "have access to the model.",
    429: "You are using a Trial key, which is limited to 20 API calls / minute. You can "
         "continue to use the Trial key for free or upgrade to a Production key.",
    500: "internal server error, this has been reported to our developers",
}

MODELS = [
    {"name": "command-a-03-2025", "endpoints": ["generate", "chat", "summarize"],
     "finetuned": False, "context_length": 256000, "features": ["tools", "strict_tools"],
     "default_endpoints": ["chat"]},
    {"name": "command-r7b-12-2024", "endpoints": ["generate", "chat"], "finetuned": False,
     "context_length": 132000, "default_endpoints": []},
    {"name": "c4ai-aya-vision-32b", "endpoints": ["chat"], "finetuned": False,
     "context_length": 16384, "default_endpoints": []},
    {"name": "embed-v4.0", "endpoints": ["embed"], "finetuned": False,
     "context_length": 128000, "default_endpoints": ["embed"]},
]


class Handler(mockbase.Handler):
    server_version = "cohere-mock/1.0"

    def _error(self, status, message, headers=None):
        self._send_json(status, {"id": GEN_ID, "message": message}, headers)

    def do_GET(self):
        self._record(b"")
        if urlsplit(self.path).path != "/v1/models":
            return self._not_found()
        if not self._auth_ok():
            return self._error(401, ERRORS[401])
        self._send_json(200, {"models": MODELS})

    def do_POST(self):
        body = self._record(self._read_body())["body"]
        if urlsplit(self.path).path != "/v2/chat":
            return self._not_found()
        if not self._auth_ok():
            return self._error(401, ERRORS[401])
        if not isinstance(body, dict):
            return self._error(400, "invalid request: body must be valid JSON")
        model = body.get("model") if isinstance(body.get("model"), str) else ""
        for status, msg in ERRORS.items():
            if model == "mock-%d" % status:
                return self._error(status, msg % model if "%s" in msg else msg,
                                   {"Retry-After": "7"} if status == 429 else None)
        if body.get("stream") is True:
            return self._stream(body, model)
        return self._complete(body, model)

    def _not_found(self):
        self._error(404, "not found")

    do_PUT = do_DELETE = do_PATCH = mockbase.Handler._not_served

    # ---- replies ------------------------------------------------------------
    def _deltas(self, body, model):
        if model in ("mock-badjson", "mock-error"):
            return ["partial "]
        if model.startswith("mock-cut"):
            return ["partial ", "reply"]
        return openai_mock.split_small("Hello from mock: " + openai_mock.last_user_text(body))

    def _finish(self, model):
        return {"mock-length": "MAX_TOKENS", "mock-blocked": "CONTENT_BLOCKED",
                "mock-error": "ERROR"}.get(model, "COMPLETE")

    def _usage(self, body, model, deltas):
        p, c = openai_mock.prompt_tokens(body), len(deltas)
        u = {"tokens": {"input_tokens": p + TEMPLATE_TOKENS, "output_tokens": c}}
        if model != "mock-tokens-only":
            u["billed_units"] = {"input_tokens": p, "output_tokens": c}
        return u

    def _complete(self, body, model):
        if model == "mock-badjson":
            return self._send_json(200, None, raw=b"{not json")
        deltas = self._deltas(body, model)
        content = [{"type": "text", "text": "".join(deltas)}]
        if model == "mock-thinking":
            content.insert(0, {"type": "thinking", "thinking": "hidden thoughts"})
        self._send_json(200, {"id": GEN_ID, "finish_reason": self._finish(model),
                              "message": {"role": "assistant", "content": content},
                              "usage": self._usage(body, model, deltas)})

    def _stream(self, body, model):
        self._start_stream("text/event-stream", model != "mock-cut-close",
                           {"Cache-Control": "no-cache"})

        def write(b):
            step = 5 if model == "mock-split" else len(b)
            for i in range(0, len(b), step):
                self._write(b[i:i + step])

        def event(obj):
            data = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
            write(("event: %s\ndata: %s\n\n" % (obj["type"], data)).encode())

        deltas = self._deltas(body, model)
        try:
            event({"type": "message-start", "id": GEN_ID, "delta": {"message": {
                "role": "assistant", "content": [], "tool_plan": "", "tool_calls": [],
                "citations": []}}})
            if model == "mock-thinking":
                event({"type": "content-start", "index": 0, "delta": {"message": {
                    "content": {"type": "thinking", "thinking": ""}}}})
                event({"type": "content-delta", "index": 0, "delta": {"message": {
                    "content": {"thinking": "hidden thoughts"}}}})
                event({"type": "content-end", "index": 0})
            event({"type": "content-start", "index": 0, "delta": {"message": {
                "content": {"type": "text", "text": ""}}}})
            for d in deltas:
                event({"type": "content-delta", "index": 0,
                       "delta": {"message": {"content": {"text": d}}}})
            if model == "mock-badjson":
                write(b"event: content-delta\ndata: {not json\n\n")
                event({"type": "message-end", "delta": {"finish_reason": "COMPLETE"}})
                return self._end_stream()
            if model.startswith("mock-cut"):
                self.close_connection = True
                return  # no message-end, no terminating chunk
            event({"type": "content-end", "index": 0})
            delta = {"finish_reason": self._finish(model),
                     "usage": self._usage(body, model, deltas)}
            if model == "mock-error":
                delta["error"] = "internal error: the model stopped responding"
            event({"type": "message-end", "delta": delta})
            if model == "mock-done":
                write(b"data: [DONE]\n\n")
            self._end_stream()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


class MockServer(mockbase.MockServer):
    handler = Handler
    base_path = "/v2"


def main(argv=None):
    return mockbase.main(MockServer, "Mock Cohere v2 Chat API server", argv)


if __name__ == "__main__":
    sys.exit(main())
