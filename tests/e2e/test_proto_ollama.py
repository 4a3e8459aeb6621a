"""The Ollama native protocol end to end: the real binary against
tests/mock/ollama_mock.py (POST /api/chat NDJSON, GET /api/tags)."""

import atexit
import time
import unittest

from harness import KEY, CludeTestCase, closed_port, parse_table, row_status

import ollama_mock  # noqa: E402  (tests/mock is on the path once harness is imported)

_srv = {}


def srv(keyed=False):
    name = "keyed" if keyed else "open"
    if name not in _srv:
        _srv[name] = ollama_mock.MockServer(api_key=KEY if keyed else None).start()
    return _srv[name]


@atexit.register
def _stop():
    for s in _srv.values():
        s.stop()
    _srv.clear()


class OllamaCase(CludeTestCase):
    def setUp(self):
        super().setUp()
        for s in _srv.values():
            s.clear()

    def use_ollama(self, keyed=False, base_url=None, extra=""):
        m = srv(keyed)
        self.write_config(
            "providers:\n"
            "  default: ollama\n"
            "  ollama:\n"
            "    base_url: %s\n" % (base_url or m.base_url) +
            ("    api_key: %s\n" % KEY if keyed else "") + extra)
        return m

    def chats(self, keyed=False):
        return [r for r in srv(keyed).requests if r["method"] == "POST"]

    def one_chat(self, r, keyed=False):
        reqs = self.chats(keyed)
        self.assertEqual(len(reqs), 1, "expected one chat request" + r.describe())
        return reqs[0]

    def run_ok(self, *args, model="llama3.2"):
        self.use_ollama()
        r = self.clude("-P", "ollama", "-m", model, *args)
        self.assertEqual(r.rc, 0, r.describe())
        return r


class TestOllamaRequest(OllamaCase):
    def test_stream_output_and_exact_request(self):
        r = self.run_ok("-p", "say hi")
        self.assertEqual(r.out, "Hello from mock: say hi\n", r.describe())
        self.assertEqual(r.err_lines, [], r.describe())
        req = self.one_chat(r)
        self.assertEqual(req["path"], "/api/chat")
        self.assertEqual(req["query"], {})
        self.assertEqual(req["body"], {"model": "llama3.2",
                                       "messages": [{"role": "user", "content": "say hi"}],
                                       "stream": True})
        h = req["headers"]
        self.assertNotIn("Authorization", h, "no key configured: no auth header")
        self.assertTrue(h.get("Content-Type", "").startswith("application/json"), h)

    def test_options_and_system_prompt(self):
        self.run_ok("-s", "be brief", "--max-tokens", "50", "--temperature", "0.2",
                    "-p", "hi")
        b = self.chats()[0]["body"]
        self.assertEqual(b["messages"], [{"role": "system", "content": "be brief"},
                                         {"role": "user", "content": "hi"}])
        self.assertEqual(b["options"], {"num_predict": 50, "temperature": 0.2})
        self.assertNotIn("max_tokens", b)
        self.assertNotIn("temperature", b)

    def test_no_stream(self):
        r = self.run_ok("--no-stream", "-p", "say hi")
        self.assertEqual(r.out, "Hello from mock: say hi\n", r.describe())
        b = self.one_chat(r)["body"]
        self.assertIs(b["stream"], False)
        self.assertNotIn("options", b)

    def test_key_sent_when_configured(self):
        self.use_ollama(keyed=True)
        r = self.clude("-P", "ollama", "-m", "llama3.2", "-p", "hi")
        self.assert_ok(r, "Hello from mock: hi\n")
        self.assertEqual(self.one_chat(r, keyed=True)["headers"].get("Authorization"),
                         "Bearer " + KEY)

    def test_old_v1_base_url_still_reaches_native_api(self):
        m = srv()
        self.use_ollama(base_url=m.base_url + "/v1/")
        r = self.clude("-P", "ollama", "-m", "llama3.2", "-p", "hi")
        self.assert_ok(r, "Hello from mock: hi\n")
        self.assertEqual(self.one_chat(r)["path"], "/api/chat")


class TestOllamaReply(OllamaCase):
    def json_of(self, *args, model="llama3.2"):
        r = self.run_ok("--json", *args, "-p", "say hi", model=model)
        return self.parse_json(r), self.chats()[0]["body"]

    def test_json_usage_stream(self):
        j, body = self.json_of()
        self.assertEqual(j["text"], "Hello from mock: say hi")
        self.assertEqual(j["usage"]["input_tokens"], ollama_mock.prompt_tokens(body))
        self.assertEqual(j["usage"]["output_tokens"], 5)
        self.assertIs(j["usage"]["estimated"], False)
        self.assertEqual(j["finish_reason"], "stop")
        self.assertEqual(j["provider"], "ollama")
        self.assertEqual(j["cost_usd"], 0)

    def test_json_usage_no_stream(self):
        j, body = self.json_of("--no-stream")
        self.assertEqual(j["text"], "Hello from mock: say hi")
        self.assertEqual(j["usage"]["input_tokens"], ollama_mock.prompt_tokens(body))
        self.assertEqual(j["usage"]["output_tokens"], 5)
        self.assertIs(j["usage"]["estimated"], False)
        self.assertEqual(j["finish_reason"], "stop")

    def test_length(self):
        for extra in ((), ("--no-stream",)):
            j, _ = self.json_of(*extra, model="mock-length")
            self.assertEqual(j["finish_reason"], "length", extra)

    def test_no_done_reason_means_stop(self):
        j, _ = self.json_of(model="mock-noreason")
        self.assertEqual(j["finish_reason"], "stop")

    def test_no_counts_falls_back_to_estimate(self):
        j, _ = self.json_of(model="mock-nousage")
        self.assertIs(j["usage"]["estimated"], True)
        self.assertEqual(j["text"], "Hello from mock: say hi")

    def test_framing_variants(self):
        for model in ("mock-split", "mock-crlf", "mock-final"):
            r = self.run_ok("-p", "say hi", model=model)
            self.assertEqual(r.out, "Hello from mock: say hi\n", model + r.describe())


class TestOllamaErrors(OllamaCase):
    def err_of(self, model, *extra):
        self.use_ollama()
        r = self.clude("-P", "ollama", "-m", model, *extra, "-p", "hi")
        return r

    def test_http_errors(self):
        cases = [("mock-401", "HTTP 401", "unauthorized"),
                 ("mock-404", "HTTP 404", 'model "mock-404" not found, try pulling it first'),
                 ("mock-429", "HTTP 429", "too many requests", "retry after 7s"),
                 ("mock-500", "HTTP 500", "llama runner process has terminated")]
        for model, *frags in cases:
            for extra in ((), ("--no-stream",)):
                r = self.err_of(model, *extra)
                self.assert_error(r, 2, *frags, model=model)
                self.assertEqual(r.out, "", r.describe())

    def test_malformed_line(self):
        r = self.err_of("mock-badjson")
        self.assert_error(r, 2, "malformed", model="mock-badjson")
        self.assertIn("partial", r.out, r.describe())

    def test_malformed_body_no_stream(self):
        r = self.err_of("mock-badjson", "--no-stream")
        self.assert_error(r, 2, "malformed", model="mock-badjson")

    def test_error_line_mid_stream(self):
        r = self.err_of("mock-error")
        self.assert_error(r, 2, "an error was encountered while running the model",
                          model="mock-error")
        self.assertIn("partial", r.out, r.describe())

    def test_cut_streams(self):
        for model in ("mock-cut", "mock-cut-close", "mock-cut-line"):
            r = self.err_of(model)
            self.assert_error(r, 2, "stream ended early", model=model)
            self.assertIn("partial reply", r.out, model + r.describe())

    def test_json_error_object(self):
        r = self.err_of("mock-404", "--json")
        self.assertEqual(r.rc, 2, r.describe())
        j = self.parse_json(r)
        self.assertEqual(j["error"]["http_status"], 404)
        self.assertIn("not found", j["error"]["message"])

    def test_key_not_leaked_on_401(self):
        self.use_ollama(keyed=True)
        r = self.clude("-P", "ollama", "-m", "mock-401", "-p", "hi")
        self.assert_error(r, 2, "HTTP 401", model="mock-401")
        self.assert_no_secret(r)


class TestOllamaListing(OllamaCase):
    def test_live_models_from_tags(self):
        m = self.use_ollama()
        r = self.clude("models", "list", "--provider", "ollama", "--live")
        self.assert_ok(r)
        self.assertIn("mock-small:latest", r.out, r.describe())
        self.assertIn("mock-large:latest", r.out, r.describe())
        gets = [q for q in m.requests if q["method"] == "GET"]
        self.assertEqual([q["path"] for q in gets], ["/api/tags"])

    def status_of_ollama(self, base_url):
        self.use_ollama(base_url=base_url)
        t0 = time.monotonic()
        r = self.clude("providers", "list", "--type", "local")
        elapsed = time.monotonic() - t0
        self.assert_ok(r)
        _, rows = parse_table(r.out, ("STATUS",))
        by = {}
        for row in rows:
            for v in row.values():
                if v == "ollama":
                    by["ollama"] = row
        self.assertIn("ollama", by, r.describe())
        return row_status(by["ollama"]), elapsed, r

    def test_status_running(self):
        status, _, r = self.status_of_ollama(srv().base_url)
        self.assertEqual(status, "running", r.describe())

    def test_status_not_running_is_fast(self):
        status, elapsed, r = self.status_of_ollama("http://127.0.0.1:%d" % closed_port())
        self.assertEqual(status, "not running", r.describe())
        # a refused loopback connect answers at once, well under the probe timeout
        self.assertLess(elapsed, 3.0, r.describe())


if __name__ == "__main__":
    unittest.main()
