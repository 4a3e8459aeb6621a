#!/usr/bin/env python3
"""A mock of Ollama's native API (docs/api.md: /api/chat, /api/tags), for
clude's end-to-end tests. Python 3 standard library only; 127.0.0.1.

As a module:

    from ollama_mock import MockServer
    srv = MockServer().start()          # MockServer(api_key=K) checks Bearer K
    ... srv.port, srv.base_url, srv.requests ...
    srv.stop()

As a script:

    python3 tests/mock/ollama_mock.py --port 0 --port-file F [--log F] [--api-key K]

Each request is recorded as {"method", "path", "query", "headers", "body"}
(path without the query; query as a dict of lists; body parsed when JSON).

Endpoints:
  POST /api/chat   streamed as NDJSON (one object a line, the last with
                   "done": true, done_reason and the counts) or one object
  GET  /api/tags   {"models": [{"name": "mock-small:latest", …}, …]}

Scenarios are chosen by the request's model id:
  (anything else)  reply "Hello from mock: <last user message>" in small deltas
  mock-length      default reply, done_reason "length"
  mock-401         401 {"error": "unauthorized"}
  mock-404         404 {"error": "model \\"mock-404\\" not found, try pulling it first"}
  mock-429         429 {"error": "too many requests"}, Retry-After: 7
  mock-500         500 {"error": "llama runner process has terminated: …"}
  mock-badjson     stream: delta "partial ", then the line "{not json"
  mock-error       stream: delta "partial ", then {"error": "an error was
                   encountered while running the model"} (status stays 200)
  mock-cut         stream: deltas "partial ", "reply", then the connection
                   closes mid-chunked-body (no done line)
  mock-cut-close   same, body framed by Connection: close (a clean EOF)
  mock-cut-line    Connection: close, deltas, then half a line and EOF
  mock-split       default reply, every line written in 3-byte pieces
  mock-final       default reply whose last piece rides on the done line
  mock-nousage     done line without prompt_eval_count / eval_count
  mock-noreason    done line without done_reason (older servers)
  mock-crlf        default reply, lines end in CRLF, blank lines between
"""

import json
import os
import sys
from urllib.parse import urlsplit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mockbase  # noqa: E402
import openai_mock  # noqa: E402  (text helpers)

MODELS = ["mock-small:latest", "mock-large:latest"]
STAMP = "2026-11-23T10:00:00.000000Z"

ERRORS = {
    401: "unauthorized",
    404: None,  # names the model
    429: "too many requests",
    500: "llama runner process has terminated: exit status 2",
}


def prompt_tokens(body):
    return openai_mock.prompt_tokens(body)


class Handler(mockbase.Handler):
    server_version = "ollama-mock/1.0"

    def _error(self, status, message, headers=None):
        self._send_json(status, {"error": message}, headers)

    def do_GET(self):
        self._record(b"")
        if urlsplit(self.path).path != "/api/tags":
            return self._not_found()
        if not self._auth_ok():
            return self._error(401, ERRORS[401])
        self._send_json(200, {"models": [
            {"name": m, "model": m, "modified_at": STAMP, "size": 2019393189,
             "digest": "a80c4f17acd5" + "0" * 52,
             "details": {"parent_model": "", "format": "gguf", "family": "llama",
                         "families": ["llama"], "parameter_size": "3.2B",
                         "quantization_level": "Q4_K_M"}} for m in MODELS]})

    def do_POST(self):
        body = self._record(self._read_body())["body"]
        if urlsplit(self.path).path != "/api/chat":
            return self._not_found()
        if not self._auth_ok():
            return self._error(401, ERRORS[401])
        if not isinstance(body, dict):
            return self._error(400, "invalid character 'x' looking for beginning of value")
        model = body.get("model") if isinstance(body.get("model"), str) else ""
        for status in ERRORS:
            if model == "mock-%d" % status:
                msg = ERRORS[status] or (
                    'model "%s" not found, try pulling it first' % model)
                return self._error(status, msg, {"Retry-After": "7"} if status == 429 else None)
        if body.get("stream", True) is not False:  # Ollama streams unless told not to
            return self._stream(body, model)
        return self._complete(body, model)

    def _not_found(self):
        self._send_raw(404, b"404 page not found", "text/plain")

    do_PUT = do_DELETE = do_PATCH = mockbase.Handler._not_served

    # ---- replies ------------------------------------------------------------
    def _deltas(self, body, model):
        if model in ("mock-badjson", "mock-error"):
            return ["partial "]
        if model.startswith("mock-cut"):
            return ["partial ", "reply"]
        return openai_mock.split_small("Hello from mock: " + openai_mock.last_user_text(body))

    def _final(self, body, model, deltas, content=""):
        obj = {"model": model, "created_at": STAMP,
               "message": {"role": "assistant", "content": content}, "done": True}
        if model != "mock-noreason":
            obj["done_reason"] = "length" if model == "mock-length" else "stop"
        obj.update(total_duration=4883583458, load_duration=1334875)
        if model != "mock-nousage":
            obj.update(prompt_eval_count=prompt_tokens(body), prompt_eval_duration=342546000,
                       eval_count=len(deltas), eval_duration=4535599000)
        return obj

    def _complete(self, body, model):
        if model == "mock-badjson":
            return self._send_json(200, None, raw=b"{not json")
        deltas = self._deltas(body, model)
        self._send_json(200, self._final(body, model, deltas, "".join(deltas)))

    def _stream(self, body, model):
        eol = b"\r\n" if model == "mock-crlf" else b"\n"
        self._start_stream("application/x-ndjson", model not in ("mock-cut-close",
                                                                  "mock-cut-line"))

        def write(b):
            if model == "mock-split":
                pieces = [b[i:i + 3] for i in range(0, len(b), 3)]
            else:
                pieces = [b]
            for p in pieces:
                self._write(p)

        def line(obj):
            write(json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode() + eol)
            if model == "mock-crlf":
                write(eol)

        deltas = self._deltas(body, model)
        last = deltas.pop() if model == "mock-final" and len(deltas) > 1 else ""
        try:
            for d in deltas:
                line({"model": model, "created_at": STAMP,
                      "message": {"role": "assistant", "content": d}, "done": False})
            if model == "mock-badjson":
                write(b"{not json" + eol)
                line(self._final(body, model, deltas))  # must not matter
                return self._end_stream()
            if model == "mock-error":
                line({"error": "an error was encountered while running the model"})
                return self._end_stream()
            if model.startswith("mock-cut"):
                if model == "mock-cut-line":
                    write(b'{"model":"mock-cut-line","created_at":"2026-11-2')
                self.close_connection = True
                return  # no done line, no terminating chunk
            line(self._final(body, model, deltas + ([last] if last else []), last))
            self._end_stream()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


class MockServer(mockbase.MockServer):
    handler = Handler


def main(argv=None):
    return mockbase.main(MockServer, "Mock Ollama native API server", argv)


if __name__ == "__main__":
    sys.exit(main())
