"""The Cohere v2 chat protocol end to end: the real binary against
tests/mock/cohere_mock.py (POST /v2/chat SSE, GET /v1/models)."""

import atexit
import unittest

from harness import KEY, CludeTestCase

import cohere_mock  # noqa: E402  (tests/mock is on the path once harness is imported)
import openai_mock  # noqa: E402

_srv = []


def srv():
    if not _srv:
        _srv.append(cohere_mock.MockServer(api_key=KEY).start())
    return _srv[0]


@atexit.register
def _stop():
    for s in _srv:
        s.stop()
    del _srv[:]


class CohereCase(CludeTestCase):
    def setUp(self):
        super().setUp()
        srv().clear()

    def use_cohere(self, api_key=KEY, extra=""):
        m = srv()
        self.write_config(
            "providers:\n"
            "  default: cohere\n"
            "  cohere:\n" +
            ("    api_key: %s\n" % api_key if api_key else "") +
            "    base_url: %s\n" % m.base_url + extra)
        return m

    def chats(self):
        return [r for r in srv().requests if r["method"] == "POST"]

    def one_chat(self, r):
        reqs = self.chats()
        self.assertEqual(len(reqs), 1, "expected one chat request" + r.describe())
        return reqs[0]

    def run_ok(self, *args, model=None):
        self.use_cohere()
        r = self.clude("-P", "cohere", *(("-m", model) if model else ()), *args)
        self.assertEqual(r.rc, 0, r.describe())
        return r


class TestCohereRequest(CohereCase):
    def test_stream_output_and_exact_request(self):
        r = self.run_ok("-p", "say hi")
        self.assertEqual(r.out, "Hello from mock: say hi\n", r.describe())
        self.assertEqual(r.err_lines, [], r.describe())
        req = self.one_chat(r)
        self.assertEqual(req["path"], "/v2/chat")
        self.assertEqual(req["query"], {})
        self.assertEqual(req["body"], {"model": "command-a-03-2025",
                                       "messages": [{"role": "user", "content": "say hi"}],
                                       "stream": True})
        h = req["headers"]
        self.assertEqual(h.get("Authorization"), "Bearer " + KEY)
        self.assertTrue(h.get("Content-Type", "").startswith("application/json"), h)
        self.assertEqual(h.get("Accept"), "text/event-stream")
        self.assert_no_secret(r)

    def test_system_max_tokens_temperature(self):
        self.run_ok("-s", "be brief", "--max-tokens", "50", "--temperature", "0.2", "-p", "hi")
        b = self.chats()[0]["body"]
        self.assertEqual(b["messages"], [{"role": "system", "content": "be brief"},
                                         {"role": "user", "content": "hi"}])
        self.assertEqual(b["max_tokens"], 50)
        self.assertEqual(b["temperature"], 0.2)
        self.assertNotIn("options", b)

    def test_no_stream(self):
        r = self.run_ok("--no-stream", "-p", "say hi")
        self.assertEqual(r.out, "Hello from mock: say hi\n", r.describe())
        req = self.one_chat(r)
        self.assertIs(req["body"]["stream"], False)
        self.assertEqual(req["headers"].get("Accept"), "application/json")

    def test_key_from_co_api_key(self):
        self.use_cohere(api_key=None)
        r = self.clude("-P", "cohere", "-p", "hi", env={"CO_API_KEY": KEY})
        self.assert_ok(r, "Hello from mock: hi\n")
        self.assertEqual(self.one_chat(r)["headers"].get("Authorization"), "Bearer " + KEY)


class TestCohereReply(CohereCase):
    def json_of(self, *args, model=None):
        r = self.run_ok("--json", *args, "-p", "say hi", model=model)
        return self.parse_json(r), self.chats()[0]["body"]

    def check_usage(self, j, body):
        p = openai_mock.prompt_tokens(body)
        self.assertEqual(j["usage"]["input_tokens"], p, "billed_units, not tokens")
        self.assertEqual(j["usage"]["output_tokens"], 5)
        self.assertIs(j["usage"]["estimated"], False)
        self.assertAlmostEqual(j["cost_usd"], (p * 2.50 + 5 * 10.00) / 1e6, places=9)

    def test_json_stream(self):
        j, body = self.json_of()
        self.assertEqual(j["text"], "Hello from mock: say hi")
        self.assertEqual(j["finish_reason"], "stop")
        self.assertEqual(j["provider"], "cohere")
        self.check_usage(j, body)

    def test_json_no_stream(self):
        j, body = self.json_of("--no-stream")
        self.assertEqual(j["text"], "Hello from mock: say hi")
        self.assertEqual(j["finish_reason"], "stop")
        self.check_usage(j, body)

    def test_tokens_fallback(self):
        for extra in ((), ("--no-stream",)):
            j, body = self.json_of(*extra, model="mock-tokens-only")
            self.assertEqual(j["usage"]["input_tokens"],
                             openai_mock.prompt_tokens(body) + cohere_mock.TEMPLATE_TOKENS)
            self.assertIs(j["usage"]["estimated"], False)
            srv().clear()

    def test_finish_mapping(self):
        for model, want in (("mock-length", "length"),
                            ("mock-blocked", "content_filter:CONTENT_BLOCKED")):
            for extra in ((), ("--no-stream",)):
                j, _ = self.json_of(*extra, model=model)
                self.assertEqual(j["finish_reason"], want, (model, extra))
                srv().clear()

    def test_thinking_not_shown(self):
        for extra in ((), ("--no-stream",)):
            r = self.run_ok(*extra, "-p", "say hi", model="mock-thinking")
            self.assertEqual(r.out, "Hello from mock: say hi\n", r.describe())

    def test_framing_variants(self):
        for model in ("mock-split", "mock-done"):
            r = self.run_ok("-p", "say hi", model=model)
            self.assertEqual(r.out, "Hello from mock: say hi\n", model + r.describe())


class TestCohereErrors(CohereCase):
    def err_of(self, model, *extra, api_key=KEY):
        self.use_cohere(api_key=api_key)
        r = self.clude("-P", "cohere", "-m", model, *extra, "-p", "hi")
        self.assert_no_secret(r)
        return r

    def test_http_errors(self):
        cases = [("mock-401", "HTTP 401", "invalid api token", "check the API key"),
                 ("mock-404", "HTTP 404", "model 'mock-404' not found"),
                 ("mock-429", "HTTP 429", "Trial key", "retry after 7s"),
                 ("mock-500", "HTTP 500", "internal server error")]
        for model, *frags in cases:
            for extra in ((), ("--no-stream",)):
                r = self.err_of(model, *extra)
                self.assert_error(r, 2, *frags, model=model)
                self.assertEqual(r.out, "", r.describe())

    def test_wrong_key_not_leaked(self):
        wrong = "co-wrong-0000efgh"
        r = self.err_of("command-a-03-2025", api_key=wrong)
        self.assert_error(r, 2, "HTTP 401", "invalid api token")
        self.assert_no_secret(r, wrong)
        self.assertEqual(self.one_chat(r)["headers"].get("Authorization"), "Bearer " + wrong)

    def test_malformed_event(self):
        r = self.err_of("mock-badjson")
        self.assert_error(r, 2, "malformed", model="mock-badjson")
        self.assertIn("partial", r.out, r.describe())

    def test_malformed_body_no_stream(self):
        r = self.err_of("mock-badjson", "--no-stream")
        self.assert_error(r, 2, "malformed", model="mock-badjson")

    def test_error_at_message_end(self):
        r = self.err_of("mock-error")
        self.assert_error(r, 2, "internal error: the model stopped responding",
                          model="mock-error")
        self.assertIn("partial", r.out, r.describe())

    def test_cut_streams(self):
        for model in ("mock-cut", "mock-cut-close"):
            r = self.err_of(model)
            self.assert_error(r, 2, "stream ended early", model=model)
            self.assertIn("partial reply", r.out, model + r.describe())

    def test_json_error_object(self):
        r = self.err_of("mock-429", "--json")
        self.assertEqual(r.rc, 2, r.describe())
        j = self.parse_json(r)
        self.assertEqual(j["error"]["http_status"], 429)
        self.assertIn("retry after 7s", j["error"]["message"])


class TestCohereModels(CohereCase):
    def test_live_models(self):
        m = self.use_cohere()
        r = self.clude("models", "list", "--provider", "cohere", "--live")
        self.assert_ok(r)
        self.assertIn("command-a-03-2025", r.out, r.describe())
        self.assertIn("command-r7b-12-2024", r.out, r.describe())
        self.assertNotIn("embed-v4.0", r.out, "an embed-only model is not a chat model")
        aya = [l for l in r.out.splitlines() if "c4ai-aya-vision-32b" in l]
        self.assertEqual(len(aya), 1, r.describe())
        self.assertIn("16K", aya[0], "context_length from the listing" + r.describe())
        gets = [q for q in m.requests if q["method"] == "GET"]
        self.assertEqual(len(gets), 1, r.describe())
        self.assertEqual(gets[0]["path"], "/v1/models")
        self.assertEqual(gets[0]["query"], {"endpoint": ["chat"], "page_size": ["1000"]})
        self.assertEqual(gets[0]["headers"].get("Authorization"), "Bearer " + KEY)

    def test_static_table(self):
        self.write_config("providers: {}\n")
        r = self.clude("models", "list", "--provider", "cohere")
        self.assert_ok(r)
        for mid in ("command-a-03-2025", "command-a-reasoning-08-2025", "command-r7b-12-2024"):
            self.assertIn(mid, r.out, r.describe())


if __name__ == "__main__":
    unittest.main()
