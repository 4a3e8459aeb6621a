"""clude -p -P bedrock against the Bedrock Converse mock, which checks every
request's SigV4 signature the way AWS does: the request on the wire (path
with the model id encoded, signed headers, region, session token, body),
streamed (binary event stream) and whole replies, usage, finish reasons,
signature failures and every error path."""

import datetime
import re
import unittest

import bedrock_mock
from harness import CludeTestCase, parse_table, row_status

AKID = "AKIDMOCKBEDROCK01"
SECRET = "mockSecret/K7MDENG+bPxRfiCYEXAMPLEKEY"
TMP_AKID = "ASIAMOCKTEMPORARY02"
TMP_SECRET = "tempSecret/abcdefghij+0123456789"
TOKEN = "FwoGZXIvYXdzEMOCK//////////session+token/=="
REGION = "eu-west-3"
CLAUDE = "anthropic.claude-test-v1:0"

_srv = None


def server():
    global _srv
    if _srv is None:
        _srv = bedrock_mock.BedrockMock(
            credentials={AKID: (SECRET, None), TMP_AKID: (TMP_SECRET, TOKEN)},
            region=REGION).start()
    return _srv


def tearDownModule():
    global _srv
    if _srv is not None:
        _srv.stop()
        _srv = None


class BedrockCase(CludeTestCase):
    def setUp(self):
        super().setUp()
        server().clear()
        server().region = REGION

    def env(self, extra=None):
        """No AWS_* from the outside; the secret and region by default; a
        None value removes a variable."""
        e = {k: v for k, v in super().env().items() if not k.startswith("AWS_")}
        e.update(AWS_SECRET_ACCESS_KEY=SECRET, AWS_REGION=REGION)
        for k, v in (extra or {}).items():
            if v is None:
                e.pop(k, None)
            else:
                e[k] = v
        return e

    def use_bedrock(self, api_key=AKID, extra=""):
        m = server()
        self.write_config(
            "providers:\n"
            "  default: bedrock\n"
            "  bedrock:\n" + ("    api_key: %s\n" % api_key if api_key else "") +
            "    base_url: %s\n" % m.base_url + extra)
        return m

    def run_model(self, model, *args, env=None):
        self.use_bedrock()
        r = self.clude("-P", "bedrock", "-m", model, *args, env=env)
        self.assert_clean(r)
        return r

    def assert_clean(self, r):
        for secret in (SECRET, TMP_SECRET, TOKEN):
            self.assertNotIn(secret, r.out, "secret on stdout" + r.describe())
            self.assertNotIn(secret, r.err, "secret on stderr" + r.describe())

    def requests(self):
        return [q for q in server().requests if q["method"] == "POST"]

    def one_request(self, r=None):
        reqs = self.requests()
        self.assertEqual(len(reqs), 1, "expected exactly one POST, got %d%s"
                         % (len(reqs), r.describe() if r else ""))
        return reqs[0]

    def assert_signed(self, q, akid=AKID, region=REGION, token=None):
        self.assertEqual(q["auth"], "ok", "the mock refused the signature")
        h = q["headers"]
        today = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%d")
        signed = "accept;content-type;host;x-amz-date" + (";x-amz-security-token" if token else "")
        self.assertRegex(h.get("authorization", ""),
                         r"^AWS4-HMAC-SHA256 Credential=%s/%s/%s/bedrock/aws4_request, "
                         r"SignedHeaders=%s, Signature=[0-9a-f]{64}$"
                         % (re.escape(akid), today, re.escape(region), re.escape(signed)))
        self.assertRegex(h.get("x-amz-date", ""), r"^%sT\d{6}Z$" % today)
        self.assertEqual(h.get("x-amz-security-token"), token)
        self.assertNotIn("x-api-key", h)
        for v in h.values():
            self.assertNotIn(SECRET, v)
            self.assertNotIn(TMP_SECRET, v)


class TestRequest(BedrockCase):
    def test_stream_request_on_the_wire(self):
        r = self.run_model(CLAUDE, "-s", "Be brief.", "-p", "say hi")
        self.assert_ok(r, "Hello from mock: say hi\n")
        self.assert_only_model_warnings(r, CLAUDE)
        q = self.one_request(r)
        self.assertEqual(q["path"], "/model/anthropic.claude-test-v1%3A0/converse-stream",
                         "the ':' of the model id is percent-encoded in the path")
        self.assertEqual(q["model"], CLAUDE)
        self.assertEqual(q["query"], {})
        self.assert_signed(q)
        h = q["headers"]
        self.assertEqual(h.get("content-type"), "application/json")
        self.assertEqual(h.get("accept"), "application/vnd.amazon.eventstream")
        self.assertEqual(h.get("host"), "127.0.0.1:%d" % server().port)
        self.assertEqual(q["body"], {
            "messages": [{"role": "user", "content": [{"text": "say hi"}]}],
            "system": [{"text": "Be brief."}],
        })

    def test_no_stream_request(self):
        r = self.run_model(CLAUDE, "--no-stream", "-p", "say hi")
        self.assert_ok(r, "Hello from mock: say hi\n")
        q = self.one_request(r)
        self.assertEqual(q["path"], "/model/anthropic.claude-test-v1%3A0/converse")
        self.assertEqual(q["headers"].get("accept"), "application/json")
        self.assert_signed(q)
        self.assertNotIn("system", q["body"], "no system prompt, no system field")
        self.assertNotIn("inferenceConfig", q["body"])

    def test_max_tokens_and_temperature(self):
        r = self.run_model("amazon.nova-pro-v1:0", "--max-tokens", "77", "--temperature", "0.5",
                           "-p", "hi")
        self.assert_ok(r, "Hello from mock: hi\n")
        self.assertEqual(r.err, "", "a model from the table must not warn" + r.describe())
        q = self.one_request(r)
        self.assertEqual(q["path"], "/model/amazon.nova-pro-v1%3A0/converse-stream")
        self.assertEqual(q["body"]["inferenceConfig"], {"maxTokens": 77, "temperature": 0.5})

    def test_stdin_and_prompt(self):
        self.use_bedrock()
        r = self.clude("-m", CLAUDE, "-p", "summarise", input="some text\n")
        self.assert_ok(r)
        q = self.one_request(r)
        self.assertEqual(q["body"]["messages"],
                         [{"role": "user", "content": [{"text": "some text\n\nsummarise"}]}])

    def test_access_key_from_environment(self):
        self.use_bedrock(api_key=None)
        r = self.clude("-m", CLAUDE, "-p", "hi", env={"AWS_ACCESS_KEY_ID": AKID})
        self.assert_ok(r, "Hello from mock: hi\n")
        self.assert_signed(self.one_request(r))

    def test_session_token(self):
        self.use_bedrock(api_key=None)
        r = self.clude("-m", CLAUDE, "-p", "hi", env={
            "AWS_ACCESS_KEY_ID": TMP_AKID, "AWS_SECRET_ACCESS_KEY": TMP_SECRET,
            "AWS_SESSION_TOKEN": TOKEN})
        self.assert_clean(r)
        self.assert_ok(r, "Hello from mock: hi\n")
        self.assert_signed(self.one_request(r), akid=TMP_AKID, token=TOKEN)

    def test_credentials_in_config_extra(self):
        self.use_bedrock(api_key=TMP_AKID, extra=(
            "    extra:\n"
            "      secret_access_key: %s\n"
            "      session_token: %s\n"
            "      region: %s\n" % (TMP_SECRET, TOKEN, REGION)))
        r = self.clude("-m", CLAUDE, "-p", "hi", env={
            "AWS_SECRET_ACCESS_KEY": None, "AWS_REGION": "us-west-2"})
        self.assert_clean(r)
        self.assert_ok(r, "Hello from mock: hi\n")
        self.assert_signed(self.one_request(r), akid=TMP_AKID, token=TOKEN)

    def test_region_default_and_fallbacks(self):
        server().region = "us-east-1"
        r = self.run_model(CLAUDE, "-p", "hi", env={"AWS_REGION": None})
        self.assert_ok(r, "Hello from mock: hi\n")
        self.assert_signed(self.one_request(r), region="us-east-1")
        server().clear()
        server().region = "ap-south-1"
        r = self.run_model(CLAUDE, "-p", "hi",
                           env={"AWS_REGION": None, "AWS_DEFAULT_REGION": "ap-south-1"})
        self.assert_ok(r, "Hello from mock: hi\n")
        self.assert_signed(self.one_request(r), region="ap-south-1")


class TestSignatureRefused(BedrockCase):
    def test_wrong_secret(self):
        r = self.run_model(CLAUDE, "-p", "hi", env={"AWS_SECRET_ACCESS_KEY": "not-the-secret"})
        self.assert_error(r, 2, "bedrock", "HTTP 403 Forbidden",
                          "The request signature we calculated does not match", model=CLAUDE)
        self.assertEqual(r.out, "")
        q = self.one_request(r)
        self.assertIn("signature we calculated", q["auth"])

    def test_wrong_region(self):
        r = self.run_model(CLAUDE, "-p", "hi", env={"AWS_REGION": "us-west-2"})
        self.assert_error(r, 2, "HTTP 403", "Credential should be scoped to a valid region",
                          model=CLAUDE)

    def test_unknown_access_key(self):
        self.use_bedrock(api_key="AKIDNOBODYKNOWS999")
        r = self.clude("-m", CLAUDE, "-p", "hi")
        self.assert_error(r, 2, "HTTP 403",
                          "The security token included in the request is invalid", model=CLAUDE)
        self.assertNotIn("AKIDNOBODYKNOWS999", r.err, "the key id is scrubbed from errors")

    def test_token_required(self):
        self.use_bedrock(api_key=None)
        r = self.clude("-m", CLAUDE, "-p", "hi", env={
            "AWS_ACCESS_KEY_ID": TMP_AKID, "AWS_SECRET_ACCESS_KEY": TMP_SECRET})
        self.assert_error(r, 2, "HTTP 403", "security token", model=CLAUDE)

    def test_missing_secret_sends_nothing(self):
        r = self.run_model(CLAUDE, "-p", "hi", env={"AWS_SECRET_ACCESS_KEY": None})
        self.assert_error(r, 1, "AWS_SECRET_ACCESS_KEY", model=CLAUDE)
        self.assertEqual(self.requests(), [])

    def test_missing_access_key(self):
        self.use_bedrock(api_key=None)
        r = self.clude("-m", CLAUDE, "-p", "hi")
        self.assert_error(r, 1, "no API key", "AWS_ACCESS_KEY_ID")
        self.assertEqual(self.requests(), [])


class TestReply(BedrockCase):
    def check_json(self, r, text, finish):
        self.assert_ok(r)
        j = self.parse_json(r)
        self.assertEqual(j["text"], text, r.describe())
        self.assertEqual(j["provider"], "bedrock")
        self.assertEqual(j["finish_reason"], finish, r.describe())
        return j

    def test_json_stream_usage(self):
        r = self.run_model(CLAUDE, "--json", "-p", "say hi")
        j = self.check_json(r, "Hello from mock: say hi", "stop")
        q = self.one_request(r)
        p = bedrock_mock.prompt_tokens(q["body"])
        self.assertEqual(j["usage"]["input_tokens"], p)
        self.assertEqual(j["usage"]["output_tokens"], 5, "one per delta")
        self.assertIs(j["usage"]["estimated"], False)
        self.assertNotIn("cached_tokens", j["usage"])

    def test_json_no_stream_usage(self):
        r = self.run_model(CLAUDE, "--json", "--no-stream", "-p", "say hi there")
        j = self.check_json(r, "Hello from mock: say hi there", "stop")
        self.assertEqual(j["usage"]["output_tokens"], 6)
        self.assertIs(j["usage"]["estimated"], False)

    def test_cache_tokens_count_as_input(self):
        for flags in ([], ["--no-stream"]):
            server().clear()
            r = self.run_model("mock-cache", "--json", *flags, "-p", "hi")
            j = self.check_json(r, "Hello from mock: hi", "stop")
            p = bedrock_mock.prompt_tokens(self.one_request(r)["body"])
            self.assertEqual(j["usage"]["input_tokens"], p + 120, "inputTokens + cache read + write")
            self.assertEqual(j["usage"]["cached_tokens"], 100)

    def test_many_deltas_and_split_frames(self):
        r = self.run_model("mock-tokens-40", "-p", "x")
        self.assert_ok(r, " ".join("w%d" % i for i in range(1, 41)) + "\n")
        r = self.run_model("mock-split", "-p", "split me")
        self.assert_ok(r, "Hello from mock: split me\n")

    def test_finish_reasons(self):
        for model, finish in (("mock-maxtokens", "length"),
                              ("mock-guardrail", "content_filter:guardrail_intervened"),
                              ("mock-tooluse", "tool_calls")):
            for flags in ([], ["--no-stream"]):
                r = self.run_model(model, "--json", *flags, "-p", "hi")
                self.check_json(r, "Hello from mock: hi", finish)


class TestErrors(BedrockCase):
    def test_http_errors(self):
        cases = (
            ("mock-401", "HTTP 401 Unauthorized: The security token included in the request is invalid."),
            ("mock-403", "HTTP 403 Forbidden: You don't have access to the model"),
            ("mock-400", "HTTP 400 Bad Request: The provided model identifier is invalid."),
            ("mock-429", "HTTP 429 Too Many Requests: Too many requests, please wait before "
                         "trying again. (retry after 7s)"),
            ("mock-500", "HTTP 500 Internal Server Error: The system encountered an unexpected error"),
        )
        for model, line in cases:
            for flags in ([], ["--no-stream"]):
                r = self.run_model(model, *flags, "-p", "hi")
                self.assert_error(r, 2, "clude: bedrock: " + line, model=model)
                self.assertEqual(r.out, "")

    def test_json_error(self):
        r = self.run_model("mock-429", "--json", "-p", "hi")
        self.assertEqual(r.rc, 2, r.describe())
        j = self.parse_json(r)
        self.assertEqual(j["error"]["http_status"], 429)
        self.assertIn("retry after 7s", j["error"]["message"])

    def test_cut_streams(self):
        for model, text in (("mock-cut", "partial reply\n"), ("mock-cut-mid", "partial \n"),
                            ("mock-nometa", "Hello from mock: hi\n")):
            r = self.run_model(model, "-p", "hi")
            self.assert_error(r, 2, "stream ended early", model=model)
            self.assertEqual(r.out, text, r.describe())

    def test_cut_whole_response(self):
        r = self.run_model("mock-cut", "--no-stream", "-p", "hi")
        self.assertEqual(r.rc, 2, r.describe())
        self.assertTrue(r.err_lines[-1].startswith("clude: "), r.describe())

    def test_malformed(self):
        r = self.run_model("mock-badcrc", "-p", "hi")
        self.assert_error(r, 2, "malformed event stream: bad message CRC", model="mock-badcrc")
        self.assertEqual(r.out, "partial \n")
        r = self.run_model("mock-badjson", "-p", "hi")
        self.assert_error(r, 2, "malformed contentBlockDelta event", model="mock-badjson")
        r = self.run_model("mock-badjson", "--no-stream", "-p", "hi")
        self.assert_error(r, 2, "malformed response", model="mock-badjson")

    def test_exception_in_stream(self):
        r = self.run_model("mock-exception", "-p", "hi")
        self.assert_error(r, 2, "error in stream: Too many tokens, please wait before trying "
                                "again. (throttlingException)", model="mock-exception")
        self.assertEqual(r.out, "partial \n")


class TestListing(BedrockCase):
    def status(self, env):
        self.write_config("providers: {}\n")
        r = self.clude("providers", "list", env=env)
        self.assert_ok(r)
        cols, rows = parse_table(r.out, ["NAME", "STATUS"])
        row = {x.get("NAME"): x for x in rows}.get("bedrock")
        self.assertIsNotNone(row, r.describe())
        return row_status(row)

    def test_configured_by_access_key_env(self):
        self.assertEqual(self.status({"AWS_ACCESS_KEY_ID": AKID}), "configured")
        self.assertEqual(self.status({}), "no key")

    def test_models_table(self):
        r = self.clude("models", "list", "-P", "bedrock")
        self.assert_ok(r)
        for mid in ("global.anthropic.claude-sonnet-4-6", "amazon.nova-pro-v1:0",
                    "us.meta.llama4-maverick-17b-instruct-v1:0",
                    "mistral.mistral-large-3-675b-instruct"):
            self.assertIn(mid, r.out, r.describe())


if __name__ == "__main__":
    unittest.main()
