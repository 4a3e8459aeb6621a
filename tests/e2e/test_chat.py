"""clude -p against the OpenAI mock: what is sent, what is printed."""

import json
import re
import unittest

import openai_mock
from harness import KEY, CludeTestCase, mock, parse_table


def expected_usage(body, n_deltas):
    p = openai_mock.prompt_tokens(body)
    return p, n_deltas, p + n_deltas


class TestChatRequest(CludeTestCase):
    def test_stream_basic_output_and_request(self):
        self.use_mock()
        r = self.clude("-p", "say hi")
        self.assert_ok(r, "Hello from mock: say hi\n")
        self.assert_only_model_warnings(r, "mock-small")
        req = self.one_chat_request(r=r)
        self.assertEqual(req["path"], "/v1/chat/completions")
        b = req["body"]
        self.assertIsInstance(b, dict, "request body is not JSON: %r" % (b,))
        self.assertEqual(b.get("model"), "mock-small")
        self.assertEqual(b.get("messages"), [{"role": "user", "content": "say hi"}])
        self.assertIs(b.get("stream"), True)
        self.assertEqual(b.get("stream_options"), {"include_usage": True})
        h = req["headers"]
        self.assertEqual(h.get("Authorization"), "Bearer " + KEY)
        self.assertTrue(h.get("User-Agent", "").startswith("clude/"), h)

    def test_request_content_type_is_json(self):
        self.use_mock()
        r = self.clude("-p", "hi")
        self.assert_ok(r)
        req = self.one_chat_request(r=r)
        self.assertTrue(req["headers"].get("Content-Type", "").startswith("application/json"),
                        req["headers"])

    def test_no_stream(self):
        self.use_mock()
        r = self.clude("--no-stream", "-p", "say hi")
        self.assert_ok(r, "Hello from mock: say hi\n")
        b = self.one_chat_request(r=r)["body"]
        self.assertIs(b.get("stream"), False, b)
        self.assertNotIn("stream_options", b)
        self.assertEqual(b.get("messages"), [{"role": "user", "content": "say hi"}])

    def test_system_prompt(self):
        self.use_mock()
        r = self.clude("-s", "be brief", "-p", "hi")
        self.assert_ok(r, "Hello from mock: hi\n")
        b = self.one_chat_request(r=r)["body"]
        self.assertEqual(b["messages"], [{"role": "system", "content": "be brief"},
                                         {"role": "user", "content": "hi"}])

    def test_stdin_before_prompt(self):
        self.use_mock()
        r = self.clude("-p", "summarize", input="line one\nline two")
        self.assert_ok(r)
        b = self.one_chat_request(r=r)["body"]
        self.assertEqual(b["messages"],
                         [{"role": "user", "content": "line one\nline two\n\nsummarize"}])
        self.assertEqual(r.out, "Hello from mock: line one\nline two\n\nsummarize\n")

    def test_stdin_with_trailing_newline(self):
        self.use_mock()
        r = self.clude("-p", "summarize", input="alpha\nbeta\n")
        self.assert_ok(r)
        b = self.one_chat_request(r=r)["body"]
        self.assertEqual(len(b["messages"]), 1, b)
        # the file's own newline may be kept or not; the blank line must be there
        self.assertIn(b["messages"][0]["content"],
                      ("alpha\nbeta\n\nsummarize", "alpha\nbeta\n\n\nsummarize"))

    def test_stdin_with_system_prompt(self):
        self.use_mock()
        r = self.clude("-s", "sys", "-p", "q", input="data")
        self.assert_ok(r)
        b = self.one_chat_request(r=r)["body"]
        self.assertEqual(b["messages"], [{"role": "system", "content": "sys"},
                                         {"role": "user", "content": "data\n\nq"}])

    def test_explicit_provider_and_model(self):
        self.use_mock()
        r = self.clude("-P", "openai", "-m", "mock-large", "-p", "hi")
        self.assert_ok(r, "Hello from mock: hi\n")
        self.assertEqual(self.one_chat_request(r=r)["body"]["model"], "mock-large")

    def test_unknown_model_warns_but_is_sent(self):
        self.use_mock()
        r = self.clude("-m", "gpt-nonexistent-e2e", "-p", "hi")
        self.assert_ok(r, "Hello from mock: hi\n")
        self.assertEqual(len(r.err_lines), 1, "expected one warning line" + r.describe())
        self.assertIn("gpt-nonexistent-e2e", r.err_lines[0], r.describe())
        self.assertEqual(self.one_chat_request(r=r)["body"]["model"], "gpt-nonexistent-e2e")

    def test_known_model_no_warning_and_cost(self):
        # a model from openai's own table (whatever it holds), preferably one
        # with a price
        r = self.clude("models", "list", "--provider", "openai")
        self.assert_ok(r)
        cols, rows = parse_table(r.out, ["ID", "CONTEXT"])
        self.assertTrue(rows, "openai has no model table" + r.describe())
        priced = [row for row in rows
                  if re.fullmatch(r"\$?[0-9.]+", row.get("$IN/1M", "") or "")]
        model = (priced or rows)[0]["ID"]
        self.use_mock()
        r = self.clude("-m", model, "--json", "-p", "hi")
        self.assert_ok(r)
        self.assertEqual(r.err, "", "a model from the vendor's table should not warn"
                         + r.describe())
        j = self.parse_json(r)
        self.assertEqual(j.get("model"), model)
        if priced:
            self.assertIsInstance(j.get("cost_usd"), (int, float),
                                  "%s has known prices, cost_usd should be a number%s"
                                  % (model, r.describe()))
            self.assertGreater(j["cost_usd"], 0)

    def test_final_newline_not_doubled(self):
        self.use_mock()
        r = self.clude("-p", "ends with newline\n")
        self.assert_ok(r, "Hello from mock: ends with newline\n")

    def test_key_from_environment_variable(self):
        m = mock()
        self.write_config("""\
            providers:
              default: openai
              openai:
                base_url: {url}
                default_model: mock-small
            """, url=m.base_url)
        r = self.clude("-p", "hi", env={"OPENAI_API_KEY": KEY})
        self.assert_ok(r, "Hello from mock: hi\n")
        self.assertEqual(self.one_chat_request(r=r)["headers"].get("Authorization"),
                         "Bearer " + KEY)


class TestStreamingShapes(CludeTestCase):
    """Different but valid ways the same stream can arrive."""

    def check(self, model, prompt="hi", expect=None):
        self.use_mock()
        r = self.clude("-m", model, "-p", prompt)
        self.assert_ok(r, expect if expect is not None else "Hello from mock: %s\n" % prompt)
        self.assert_only_model_warnings(r, model)
        return r

    def test_tokens_200(self):
        self.check("mock-tokens-200",
                   expect=" ".join("w%d" % i for i in range(1, 201)) + "\n")

    def test_crlf_and_comments(self):
        self.check("mock-crlf", prompt="crlf lines")

    def test_events_split_across_reads(self):
        self.check("mock-split", prompt="split héllo 世界")

    def test_connection_close_framing(self):
        self.check("mock-close", prompt="no chunked encoding")

    def test_unicode_raw_utf8(self):
        r = self.check("mock-small", prompt="héllo 世界 😀")
        b = self.one_chat_request(r=r)["body"]
        self.assertEqual(b["messages"][-1]["content"], "héllo 世界 😀")

    def test_unicode_json_escapes(self):
        # \\u00e9 and surrogate pairs (\\ud83d\\ude00) in the JSON
        self.check("mock-escaped", prompt="héllo 世界 😀")

    def test_no_stream_unicode(self):
        self.use_mock()
        r = self.clude("--no-stream", "-m", "mock-escaped", "-p", "héllo 😀")
        self.assert_ok(r, "Hello from mock: héllo 😀\n")


class TestJsonOutput(CludeTestCase):
    def check_common(self, r, text, model):
        self.assert_ok(r)
        j = self.parse_json(r)
        self.assertIsInstance(j, dict)
        for k in ("text", "provider", "model", "finish_reason", "usage", "cost_usd",
                  "latency_ms", "ttft_ms"):
            self.assertIn(k, j, "missing %r in %s" % (k, r.out))
        self.assertEqual(j["text"], text)
        self.assertEqual(j["provider"], "openai")
        self.assertEqual(j["model"], model)
        self.assertEqual(j["finish_reason"], "stop")
        u = j["usage"]
        for k in ("input_tokens", "output_tokens", "total_tokens", "estimated"):
            self.assertIn(k, u, "missing usage.%s in %s" % (k, r.out))
        self.assertTrue(j["cost_usd"] is None or isinstance(j["cost_usd"], (int, float)),
                        j["cost_usd"])
        self.assertIsInstance(j["latency_ms"], (int, float))
        self.assertIsInstance(j["ttft_ms"], (int, float))
        self.assertGreaterEqual(j["latency_ms"], 0)
        self.assertGreaterEqual(j["ttft_ms"], 0)
        self.assertLessEqual(j["ttft_ms"], j["latency_ms"] + 1)
        return j

    def test_json_stream(self):
        self.use_mock()
        r = self.clude("--json", "-p", "hi")
        j = self.check_common(r, "Hello from mock: hi", "mock-small")
        b = self.one_chat_request(r=r)["body"]
        self.assertIs(b.get("stream"), True)
        p, c, t = expected_usage(b, 4)
        self.assertEqual((j["usage"]["input_tokens"], j["usage"]["output_tokens"],
                          j["usage"]["total_tokens"]), (p, c, t),
                         "usage should be the vendor's numbers" + r.describe())
        self.assertIs(j["usage"]["estimated"], False)

    def test_json_no_stream(self):
        self.use_mock()
        r = self.clude("--json", "--no-stream", "-p", "hi")
        j = self.check_common(r, "Hello from mock: hi", "mock-small")
        b = self.one_chat_request(r=r)["body"]
        self.assertIs(b.get("stream"), False)
        p, c, t = expected_usage(b, 4)
        self.assertEqual((j["usage"]["input_tokens"], j["usage"]["output_tokens"],
                          j["usage"]["total_tokens"]), (p, c, t))
        self.assertIs(j["usage"]["estimated"], False)

    def test_json_usage_estimated_when_vendor_sends_none(self):
        self.use_mock()
        r = self.clude("--json", "-m", "mock-nousage", "-p", "hello there")
        j = self.check_common(r, "Hello from mock: hello there", "mock-nousage")
        u = j["usage"]
        self.assertIs(u["estimated"], True, r.describe())
        self.assertGreater(u["input_tokens"], 0)
        self.assertGreater(u["output_tokens"], 0)
        self.assertEqual(u["total_tokens"], u["input_tokens"] + u["output_tokens"])

    def test_nousage_plain_output(self):
        self.use_mock()
        r = self.clude("-m", "mock-nousage", "-p", "hi")
        self.assert_ok(r, "Hello from mock: hi\n")


class TestCustomEndpoints(CludeTestCase):
    def test_custom_openai_compat_with_model_table(self):
        m = mock()
        self.write_config("""\
            providers:
              default: openai
              mylocal:
                type: openai_compat
                base_url: {url}
                api_key: {key}
                models:
                  - id: m1
                    context_window: 32768
                    max_output_tokens: 4096
            """, url=m.base_url, key=KEY)
        r = self.clude("-P", "mylocal", "-m", "m1", "-p", "hi")
        self.assert_ok(r, "Hello from mock: hi\n")
        self.assertEqual(r.err, "", "m1 is in the entry's table: no warning" + r.describe())
        req = self.one_chat_request(r=r)
        self.assertEqual(req["body"]["model"], "m1")
        self.assertEqual(req["headers"].get("Authorization"), "Bearer " + KEY)

    def test_custom_openai_compat_without_key(self):
        m = mock(keyed=False)
        self.write_config("""\
            providers:
              nokey:
                type: openai_compat
                base_url: {url}
            """, url=m.base_url)
        r = self.clude("-P", "nokey", "-m", "anything", "-p", "hi")
        self.assert_ok(r, "Hello from mock: hi\n")
        req = self.one_chat_request(keyed=False, r=r)
        self.assertNotIn("Authorization", req["headers"],
                         "no api_key configured: no Authorization header expected")
        self.assertEqual(req["body"]["model"], "anything")


class TestEnvExpansion(CludeTestCase):
    def test_var_and_default_expansion(self):
        m = mock()
        self.write_config("""\
            providers:
              default: openai
              openai:
                api_key: ${{CLUDE_E2E_KEY}}
                base_url: ${{CLUDE_E2E_UNSET_URL:-{url}}}
                default_model: ${{CLUDE_E2E_MODEL:-mock-small}}
            """, url=m.base_url)
        r = self.clude("-p", "hi", env={"CLUDE_E2E_KEY": KEY, "CLUDE_E2E_MODEL": "mock-large"})
        self.assert_ok(r, "Hello from mock: hi\n")
        req = self.one_chat_request(r=r)
        self.assertEqual(req["headers"].get("Authorization"), "Bearer " + KEY)
        self.assertEqual(req["body"]["model"], "mock-large")

    def test_default_used_when_var_unset(self):
        m = mock()
        self.write_config("""\
            providers:
              default: openai
              openai:
                api_key: ${{CLUDE_E2E_KEY}}
                base_url: {url}
                default_model: ${{CLUDE_E2E_MODEL:-mock-large}}
            """, url=m.base_url)
        r = self.clude("-p", "hi", env={"CLUDE_E2E_KEY": KEY})
        self.assert_ok(r, "Hello from mock: hi\n")
        self.assertEqual(self.one_chat_request(r=r)["body"]["model"], "mock-large")


if __name__ == "__main__":
    unittest.main()
