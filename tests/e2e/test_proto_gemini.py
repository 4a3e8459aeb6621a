"""End-to-end tests of the Gemini protocol: the real binary against
tests/mock/gemini_mock.py, as the Gemini API (x-goog-api-key) and as
Vertex AI (bearer token, project-scoped paths)."""

import json

import harness
import gemini_mock

KEY = harness.KEY
TOKEN = "ya29.test-token-5678wxyz"


def setUpModule():
    global SRV
    SRV = gemini_mock.MockServer(api_key=KEY, token=TOKEN).start()


def tearDownModule():
    SRV.stop()


class GeminiCase(harness.CludeTestCase):
    def setUp(self):
        super().setUp()
        SRV.clear()

    def use_gemini(self, key=KEY, model="mock-small", base=None):
        lines = ["providers:", "  default: gemini", "  gemini:"]
        if key:
            lines.append("    api_key: %s" % key)
        lines += ["    base_url: %s" % (base or SRV.base_url), "    default_model: %s" % model]
        self.write_config("\n".join(lines) + "\n")

    def use_vertex(self, token=TOKEN, model="mock-small", base=None):
        lines = ["providers:", "  default: vertex", "  vertex:"]
        if token:
            lines.append("    api_key: %s" % token)
        if base is not False:
            lines.append("    base_url: %s" % (base or SRV.vertex_base_url))
        lines.append("    default_model: %s" % model)
        self.write_config("\n".join(lines) + "\n")

    def posts(self):
        return [r for r in SRV.requests if r["method"] == "POST"]

    def one_post(self, r=None):
        reqs = self.posts()
        self.assertEqual(len(reqs), 1, "expected one request, got %d%s" % (
            len(reqs), r.describe() if r else ""))
        return reqs[0]

    def ok(self, r, model, stdout=None):
        self.assert_ok(r, stdout)
        self.assert_only_model_warnings(r, model)


class TestGeminiRequest(GeminiCase):
    def test_stream_request_shape(self):
        self.use_gemini()
        r = self.clude("-P", "gemini", "-m", "mock-small", "-s", "Be brief.", "--max-tokens", "50",
                       "--temperature", "0.2", "-p", "hi there")
        self.ok(r, "mock-small", "Hello from mock: hi there\n")
        req = self.one_post(r)
        self.assertEqual(req["path"], "/v1beta/models/mock-small:streamGenerateContent")
        self.assertEqual(req["query"], {"alt": "sse"})
        self.assertEqual(req["headers"].get("x-goog-api-key"), KEY)
        self.assertNotIn("Authorization", req["headers"])
        self.assertTrue(req["headers"].get("Content-Type", "").startswith("application/json"))
        self.assertEqual(req["body"], {
            "contents": [{"role": "user", "parts": [{"text": "hi there"}]}],
            "systemInstruction": {"parts": [{"text": "Be brief."}]},
            "generationConfig": {"maxOutputTokens": 50, "temperature": 0.2},
        })

    def test_no_stream_request_shape(self):
        self.use_gemini()
        r = self.clude("--no-stream", "-p", "hi there")
        self.ok(r, "mock-small", "Hello from mock: hi there\n")
        req = self.one_post(r)
        self.assertEqual(req["path"], "/v1beta/models/mock-small:generateContent")
        self.assertEqual(req["query"], {})
        self.assertEqual(req["headers"].get("x-goog-api-key"), KEY)
        self.assertEqual(req["body"], {"contents": [{"role": "user",
                                                     "parts": [{"text": "hi there"}]}]})

    def test_key_never_in_url_or_body(self):
        self.use_gemini()
        r = self.clude("-p", "hi")
        self.ok(r, "mock-small")
        req = self.one_post(r)
        self.assertNotIn("key", req["query"])
        self.assertNotIn(KEY, req["path"] + json.dumps(req["body"]))

    def test_key_from_environment(self):
        self.use_gemini(key=None)
        r = self.clude("-p", "hi", env={"GEMINI_API_KEY": KEY})
        self.ok(r, "mock-small", "Hello from mock: hi\n")
        self.assertEqual(self.one_post(r)["headers"].get("x-goog-api-key"), KEY)

    def test_stdin_and_unicode(self):
        self.use_gemini(model="mock-split")
        r = self.clude("-p", "héllo 世界 ✓", input="context line\n")
        self.ok(r, "mock-split", "Hello from mock: context line\n\nhéllo 世界 ✓\n")

    def test_lf_line_ends(self):
        self.use_gemini(model="mock-lf")
        r = self.clude("-p", "hi")
        self.ok(r, "mock-lf", "Hello from mock: hi\n")


class TestGeminiReply(GeminiCase):
    def test_json_stream_usage(self):
        self.use_gemini(model="mock-tokens-5")
        r = self.clude("--json", "-p", "hello there")
        self.ok(r, "mock-tokens-5")
        j = self.parse_json(r)
        self.assertEqual(j["text"], "w1 w2 w3 w4 w5")
        self.assertEqual(j["finish_reason"], "stop")
        # promptTokenCount = (11 + 4) // 4; candidatesTokenCount of the last chunk
        self.assertEqual(j["usage"]["input_tokens"], 3)
        self.assertEqual(j["usage"]["output_tokens"], 5)
        self.assertIs(j["usage"]["estimated"], False)

    def test_json_no_stream_usage(self):
        self.use_gemini(model="mock-tokens-4")
        r = self.clude("--json", "--no-stream", "-s", "sys prompt", "-p", "hello there")
        self.ok(r, "mock-tokens-4")
        j = self.parse_json(r)
        self.assertEqual(j["text"], "w1 w2 w3 w4")
        self.assertEqual(j["usage"]["input_tokens"], (11 + 4 + 10 + 4) // 4)
        self.assertEqual(j["usage"]["output_tokens"], 4)
        self.assertIs(j["usage"]["estimated"], False)

    def test_thoughts_skipped_and_counted(self):
        for extra in ([], ["--no-stream"]):
            SRV.clear()
            self.use_gemini(model="mock-thinking")
            r = self.clude("--json", "-p", "meaning of life?", *extra)
            self.ok(r, "mock-thinking")
            j = self.parse_json(r)
            self.assertEqual(j["text"], "42", extra)
            self.assertEqual(j["usage"]["reasoning_tokens"], 7)
            self.assertEqual(j["usage"]["cached_tokens"], 3)
            self.assertEqual(j["usage"]["output_tokens"], 1 + 7)  # thoughts are output too

    def test_max_tokens_finish(self):
        self.use_gemini(model="mock-length")
        r = self.clude("--json", "-p", "x")
        self.ok(r, "mock-length")
        j = self.parse_json(r)
        self.assertEqual(j["text"], "cut short")
        self.assertEqual(j["finish_reason"], "length")

    def test_safety_finish(self):
        for extra in ([], ["--no-stream"]):
            self.use_gemini(model="mock-safety")
            r = self.clude("--json", "-p", "x", *extra)
            self.ok(r, "mock-safety")
            j = self.parse_json(r)
            self.assertEqual(j["finish_reason"], "content_filter:SAFETY", extra)
            self.assertEqual(j["text"], "I can")

    def test_blocked_prompt_is_an_error(self):
        for extra in ([], ["--no-stream"]):
            self.use_gemini(model="mock-blocked")
            r = self.clude("-p", "x", *extra)
            self.assert_error(r, 2, "gemini", "blocked", "SAFETY", model="mock-blocked")
            self.assertEqual(r.out, "")


class TestGeminiErrors(GeminiCase):
    def test_wrong_key(self):
        self.use_gemini(key="wrong-key-00000000")
        r = self.clude("-p", "hi")
        self.assert_error(r, 2, "HTTP 400", "API key not valid", "INVALID_ARGUMENT",
                          "API_KEY_INVALID", model="mock-small")
        self.assert_no_secret(r, "wrong-key-00000000")
        self.assertEqual(self.one_post(r)["headers"].get("x-goog-api-key"), "wrong-key-00000000")

    def test_401(self):
        self.use_gemini(model="mock-401")
        r = self.clude("-p", "hi")
        self.assert_error(r, 2, "HTTP 401", "invalid authentication credentials",
                          "(UNAUTHENTICATED)", "check the API key", model="mock-401")
        self.assert_no_secret(r)

    def test_429_retry_after_header(self):
        self.use_gemini(model="mock-429")
        r = self.clude("-p", "hi")
        self.assert_error(r, 2, "HTTP 429", "exceeded your current quota", "RESOURCE_EXHAUSTED",
                          "retry after 7s", model="mock-429")

    def test_429_retry_info_only(self):
        self.use_gemini(model="mock-429-info")
        r = self.clude("--json", "-p", "hi")
        self.assertEqual(r.rc, 2, r.describe())
        j = self.parse_json(r)
        self.assertEqual(j["error"]["http_status"], 429)
        self.assertIn("retry after 13s", j["error"]["message"])

    def test_404_and_500(self):
        for model, frags in (("mock-404", ("HTTP 404", "not found", "NOT_FOUND")),
                             ("mock-500", ("HTTP 500", "internal error", "INTERNAL"))):
            self.use_gemini(model=model)
            r = self.clude("--no-stream", "-p", "hi")
            self.assert_error(r, 2, *frags, model=model)

    def test_non_json_error_body(self):
        self.use_gemini(model="mock-html-502")
        r = self.clude("-p", "hi")
        self.assert_error(r, 2, "HTTP 502", "502 Bad Gateway", model="mock-html-502")

    def test_connection_cut(self):
        self.use_gemini(model="mock-cut")
        r = self.clude("-p", "hi")
        self.assert_error(r, 2, "stream ended early", model="mock-cut")
        self.assertIn("partial reply", r.out)

    def test_stream_without_finish_reason(self):
        self.use_gemini(model="mock-nofinish")
        r = self.clude("--json", "-p", "hi")
        self.assertEqual(r.rc, 2, r.describe())
        j = self.parse_json(r)
        self.assertTrue(j["error"]["message"].startswith("stream ended early"), r.describe())
        self.assertEqual(j["text"], "partial reply")
        r = self.clude("-p", "hi")
        self.assert_error(r, 2, "stream ended early", model="mock-nofinish")

    def test_malformed_event(self):
        self.use_gemini(model="mock-badjson")
        r = self.clude("-p", "hi")
        self.assert_error(r, 2, "malformed", model="mock-badjson")
        self.assertEqual(r.out, "partial \n")
        r = self.clude("--no-stream", "-p", "hi")
        self.assert_error(r, 2, "malformed", model="mock-badjson")

    def test_error_event_in_stream(self):
        self.use_gemini(model="mock-streamerror")
        r = self.clude("-p", "hi")
        self.assert_error(r, 2, "overloaded", "UNAVAILABLE", model="mock-streamerror")


class TestGeminiModels(GeminiCase):
    def test_live_list(self):
        self.use_gemini()
        r = self.clude("models", "list", "-P", "gemini", "--live")
        self.assert_ok(r)
        reqs = [q for q in SRV.requests if q["method"] == "GET"]
        self.assertEqual(len(reqs), 1, r.describe())
        self.assertEqual(reqs[0]["path"], "/v1beta/models")
        self.assertEqual(reqs[0]["query"], {"pageSize": "1000"})
        self.assertEqual(reqs[0]["headers"].get("x-goog-api-key"), KEY)
        cols, rows = harness.parse_table(r.out, ["ID", "CONTEXT"])
        ids = [row["ID"] for row in rows]
        self.assertEqual(ids, ["mock-small", "mock-large"], r.describe())  # no models/ prefix
        self.assertEqual(rows[1]["CONTEXT"], "2M")


class TestVertex(GeminiCase):
    PATH = "/v1/projects/test-project/locations/global/publishers/google/models/mock-small"

    def test_stream(self):
        self.use_vertex()
        r = self.clude("-P", "vertex", "-s", "Be brief.", "-p", "hi there")
        self.ok(r, "mock-small", "Hello from mock: hi there\n")
        req = self.one_post(r)
        self.assertEqual(req["path"], self.PATH + ":streamGenerateContent")
        self.assertEqual(req["query"], {"alt": "sse"})
        self.assertEqual(req["headers"].get("Authorization"), "Bearer " + TOKEN)
        self.assertNotIn("x-goog-api-key", req["headers"])
        self.assertEqual(req["body"]["systemInstruction"], {"parts": [{"text": "Be brief."}]})

    def test_no_stream_json(self):
        self.use_vertex(model="mock-tokens-3")
        r = self.clude("--no-stream", "--json", "-p", "hi")
        self.ok(r, "mock-tokens-3")
        j = self.parse_json(r)
        self.assertEqual(j["text"], "w1 w2 w3")
        self.assertEqual(j["usage"]["output_tokens"], 3)
        self.assertIs(j["usage"]["estimated"], False)
        req = self.one_post(r)
        self.assertEqual(req["path"], self.PATH.replace("mock-small", "mock-tokens-3")
                         + ":generateContent")

    def test_token_from_environment(self):
        self.use_vertex(token=None)
        r = self.clude("-p", "hi", env={"VERTEX_ACCESS_TOKEN": TOKEN})
        self.ok(r, "mock-small", "Hello from mock: hi\n")

    def test_bad_token(self):
        self.use_vertex(token="ya29.expired-token-0000")
        r = self.clude("-p", "hi")
        self.assert_error(r, 2, "HTTP 401", "UNAUTHENTICATED", "check the API key",
                          model="mock-small")
        self.assert_no_secret(r, "ya29.expired-token-0000")

    def test_placeholder_base_url(self):
        self.use_vertex(base=False)
        r = self.clude("-p", "hi")
        self.assert_error(r, 1, "projects/PROJECT", "base_url", model="mock-small")
        self.assertEqual(SRV.requests, [])

    def test_live_list(self):
        self.use_vertex()
        r = self.clude("models", "list", "-P", "vertex", "--live")
        self.assert_ok(r)
        reqs = [q for q in SRV.requests if q["method"] == "GET"]
        self.assertEqual(len(reqs), 1, r.describe())
        self.assertEqual(reqs[0]["path"], "/v1beta1/publishers/google/models")
        self.assertEqual(reqs[0]["headers"].get("x-goog-user-project"), "test-project")
        self.assertEqual(reqs[0]["headers"].get("Authorization"), "Bearer " + TOKEN)
        _, rows = harness.parse_table(r.out, ["ID", "OWNER"])
        self.assertEqual([(x["ID"], x["OWNER"]) for x in rows],
                         [("mock-small", "google"), ("mock-large", "google")], r.describe())
