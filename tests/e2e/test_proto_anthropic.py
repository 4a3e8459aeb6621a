"""clude -p -P anthropic against the Anthropic Messages mock: the request
on the wire (path, x-api-key, anthropic-version, system, max_tokens), the
streamed and whole replies, usage, finish reasons, and every error path."""

import unittest

import anthropic_mock
from harness import KEY, CludeTestCase

_srv = None


def server():
    global _srv
    if _srv is None:
        _srv = anthropic_mock.AnthropicMock(api_key=KEY).start()
    return _srv


def tearDownModule():
    global _srv
    if _srv is not None:
        _srv.stop()
        _srv = None


class AnthropicCase(CludeTestCase):
    def setUp(self):
        super().setUp()
        server().clear()

    def use_anthropic(self, api_key=KEY, extra=""):
        m = server()
        self.write_config(
            "providers:\n"
            "  default: anthropic\n"
            "  anthropic:\n"
            "    api_key: %s\n"
            "    base_url: %s\n" % (api_key, m.base_url) + extra)
        return m

    def run_model(self, model, *args):
        self.use_anthropic()
        r = self.clude("-P", "anthropic", "-m", model, *args)
        self.assert_no_secret(r)
        return r

    def one_request(self, r=None):
        reqs = [q for q in server().requests if q["method"] == "POST"]
        self.assertEqual(len(reqs), 1, "expected exactly one POST, got %d%s"
                         % (len(reqs), r.describe() if r else ""))
        self.assertEqual(reqs[0]["path"], "/v1/messages")
        return reqs[0]


class TestRequest(AnthropicCase):
    def test_stream_request_on_the_wire(self):
        r = self.run_model("claude-sonnet-5-5", "-s", "Be brief.", "-p", "say hi")
        self.assert_ok(r, "Hello from mock: say hi\n")
        self.assertEqual(r.err, "", "a model from the table must not warn" + r.describe())
        q = self.one_request(r)
        self.assertEqual(q["query"], {})
        h = q["headers"]
        self.assertEqual(h.get("x-api-key"), KEY)
        self.assertNotIn("authorization", h, "the key goes in x-api-key only")
        self.assertEqual(h.get("anthropic-version"), "2023-06-01")
        self.assertTrue(h.get("content-type", "").startswith("application/json"), h)
        b = q["body"]
        self.assertEqual(b["model"], "claude-sonnet-5-5")
        self.assertEqual(b["system"], "Be brief.")
        self.assertEqual(b["messages"], [{"role": "user", "content": "say hi"}])
        self.assertIs(b["stream"], True)
        self.assertEqual(b["max_tokens"], 128000, "max_tokens comes from the model table")
        self.assertNotIn("temperature", b)
        self.assertNotIn("stream_options", b)

    def test_no_stream_request_and_reply(self):
        r = self.run_model("claude-haiku-5-5", "--no-stream", "-p", "say hi")
        self.assert_ok(r, "Hello from mock: say hi\n")
        b = self.one_request(r)["body"]
        self.assertIs(b["stream"], False)
        self.assertNotIn("system", b, "no system prompt, no system field")

    def test_max_tokens_and_temperature_flags(self):
        r = self.run_model("claude-opus-5-5", "--max-tokens", "77", "--temperature", "0.5",
                           "-p", "hi")
        self.assert_ok(r, "Hello from mock: hi\n")
        b = self.one_request(r)["body"]
        self.assertEqual(b["max_tokens"], 77)
        self.assertEqual(b["temperature"], 0.5)

    def test_unknown_model_gets_fallback_max_tokens(self):
        r = self.run_model("mock-whatever", "-p", "hi")
        self.assert_ok(r, "Hello from mock: hi\n")
        self.assert_only_model_warnings(r, "mock-whatever")
        self.assertEqual(self.one_request(r)["body"]["max_tokens"], 4096)

    def test_api_version_from_config(self):
        self.use_anthropic(extra="    api_version: 2099-01-01\n")
        r = self.clude("-m", "claude-sonnet-5-5", "-p", "hi")
        self.assert_ok(r, "Hello from mock: hi\n")
        self.assertEqual(self.one_request(r)["headers"].get("anthropic-version"), "2099-01-01")

    def test_key_from_environment(self):
        m = server()
        self.write_config("providers:\n  anthropic:\n    base_url: %s\n" % m.base_url)
        r = self.clude("-P", "anthropic", "-m", "claude-sonnet-5-5", "-p", "hi",
                       env={"ANTHROPIC_API_KEY": KEY})
        self.assert_ok(r, "Hello from mock: hi\n")
        self.assert_no_secret(r)
        self.assertEqual(self.one_request(r)["headers"].get("x-api-key"), KEY)


class TestReply(AnthropicCase):
    def check_json(self, r, text, finish):
        self.assert_ok(r)
        j = self.parse_json(r)
        self.assertEqual(j["text"], text, r.describe())
        self.assertEqual(j["provider"], "anthropic")
        self.assertEqual(j["finish_reason"], finish, r.describe())
        return j

    def test_json_stream_usage(self):
        r = self.run_model("mock-tokens-5", "--json", "-p", "hello")
        j = self.check_json(r, "w1 w2 w3 w4 w5", "stop")
        b = self.one_request(r)["body"]
        u = j["usage"]
        self.assertEqual((u["input_tokens"], u["output_tokens"]),
                         (anthropic_mock.input_tokens(b), 5), "the vendor's own numbers")
        self.assertIs(u["estimated"], False)

    def test_json_no_stream_usage(self):
        r = self.run_model("mock-tokens-3", "--json", "--no-stream", "-p", "hello")
        j = self.check_json(r, "w1 w2 w3", "stop")
        b = self.one_request(r)["body"]
        self.assertEqual((j["usage"]["input_tokens"], j["usage"]["output_tokens"]),
                         (anthropic_mock.input_tokens(b), 3))
        self.assertIs(j["usage"]["estimated"], False)

    def test_cache_and_thinking_usage(self):
        for mode in ((), ("--no-stream",)):
            server().clear()
            r = self.run_model("mock-cache", "--json", *mode, "-p", "hi")
            j = self.check_json(r, "Hello from mock: hi", "stop")
            u = j["usage"]
            # input_tokens 5 + cache writes 20 + cache reads 100
            self.assertEqual(u["input_tokens"], 125, r.describe())
            self.assertEqual(u["cached_tokens"], 100, r.describe())
            self.assertEqual(u["reasoning_tokens"], 3, r.describe())
            self.assertEqual(u["output_tokens"], 4, r.describe())

    def test_thinking_is_not_reply_text(self):
        for mode in ((), ("--no-stream",)):
            r = self.run_model("mock-small", *mode, "-p", "hi")
            self.assert_ok(r, "Hello from mock: hi\n")
            self.assertNotIn(anthropic_mock.THINKING, r.out)

    def test_finish_reasons(self):
        cases = {"mock-max": "length", "mock-refusal": "content_filter",
                 "mock-tool": "tool_calls", "mock-stopseq": "stop", "mock-pause": "pause_turn"}
        for model, want in cases.items():
            for mode in ((), ("--no-stream",)):
                with self.subTest(model=model, mode=mode):
                    r = self.run_model(model, "--json", *mode, "-p", "hi")
                    self.check_json(r, "Hello from mock: hi", want)

    def test_crlf_and_byte_split_stream(self):
        for model in ("mock-crlf", "mock-split"):
            r = self.run_model(model, "--json", "-p", "hi there")
            j = self.check_json(r, "Hello from mock: hi there", "stop")
            self.assertIs(j["usage"]["estimated"], False)

    def test_live_model_list(self):
        self.use_anthropic()
        r = self.clude("models", "--live", "-P", "anthropic")
        self.assert_ok(r)
        self.assertIn("claude-mock-small", r.out)
        self.assertIn("claude-mock-large", r.out)
        gets = [q for q in server().requests if q["method"] == "GET"]
        self.assertEqual(len(gets), 1, r.describe())
        self.assertEqual(gets[0]["path"], "/v1/models")
        self.assertEqual(gets[0]["query"], {"limit": ["1000"]})
        self.assertEqual(gets[0]["headers"].get("x-api-key"), KEY)
        self.assertEqual(gets[0]["headers"].get("anthropic-version"), "2023-06-01")


class TestErrors(AnthropicCase):
    def test_401(self):
        for mode in ((), ("--no-stream",)):
            r = self.run_model("mock-401", *mode, "-p", "hi")
            self.assert_error(r, 2, "HTTP 401", "invalid x-api-key (authentication_error)",
                              model="mock-401")
            self.assertEqual(r.out, "")

    def test_wrong_key_rejected_and_not_leaked(self):
        wrong = "sk-ant-wrong-0000efgh"
        self.use_anthropic(api_key=wrong)
        r = self.clude("-m", "claude-sonnet-5-5", "-p", "hi")
        self.assert_error(r, 2, "HTTP 401", "authentication_error")
        self.assert_no_secret(r, wrong)
        self.assertEqual(self.one_request(r)["headers"].get("x-api-key"), wrong)

    def test_429_retry_after(self):
        r = self.run_model("mock-429", "-p", "hi")
        self.assert_error(r, 2, "HTTP 429", "(rate_limit_error)", "retry after 7s",
                          model="mock-429")

    def test_529_overloaded(self):
        r = self.run_model("mock-529", "--no-stream", "-p", "hi")
        self.assert_error(r, 2, "HTTP 529", "Overloaded (overloaded_error)", model="mock-529")

    def test_non_json_error_body(self):
        r = self.run_model("mock-html", "-p", "hi")
        self.assert_error(r, 2, "HTTP 502", "502 Bad Gateway", model="mock-html")

    def test_error_event_in_stream(self):
        r = self.run_model("mock-overloaded", "-p", "hi")
        self.assert_error(r, 2, "Overloaded", "overloaded_error", model="mock-overloaded")
        self.assertIn("partial", r.out)

    def test_malformed_event(self):
        r = self.run_model("mock-badjson", "-p", "hi")
        self.assert_error(r, 2, "malformed", model="mock-badjson")
        self.assertIn("partial", r.out)
        self.assertNotIn("LATE", r.out, "decoding must stop at the malformed event")

    def test_malformed_whole_body(self):
        r = self.run_model("mock-badjson", "--no-stream", "-p", "hi")
        self.assert_error(r, 2, "malformed", model="mock-badjson")

    def test_stream_cut(self):
        for model in ("mock-cut", "mock-cut-close", "mock-nostop"):
            with self.subTest(model=model):
                r = self.run_model(model, "-p", "hi")
                self.assert_error(r, 2, "stream ended early", model=model)


if __name__ == "__main__":
    unittest.main()
