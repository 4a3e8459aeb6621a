"""Azure OpenAI: the OpenAI wire format at /openai/deployments/{deployment}/
chat/completions?api-version=…, authenticated with an api-key header, the
deployment taken from deployment_map."""

import json

from harness import KEY, CludeTestCase, mock


class TestAzure(CludeTestCase):
    def azure_config(self, extra=""):
        m = mock(keyed=True)
        self.write_config(
            "providers:\n"
            "  default: azure_openai\n"
            "  azure_openai:\n"
            "    api_key: %s\n"
            "    base_url: http://127.0.0.1:%d\n"
            "    default_model: gpt-4o\n"
            "    deployment_map: { gpt-4o: mock-small, gpt-4o-mini: mock-429 }\n%s"
            % (KEY, m.port, extra))
        return m

    def azure_requests(self):
        return [r for r in mock(True).requests if r["path"].startswith("/openai/deployments/")]

    def test_stream_via_deployment_map(self):
        self.azure_config()
        r = self.clude("-p", "hi")
        self.assert_ok(r, "Hello from mock: hi\n")
        self.assertEqual(r.err, "", r.describe())  # gpt-4o is in the table: no warning
        reqs = self.azure_requests()
        self.assertEqual(len(reqs), 1)
        req = reqs[0]
        self.assertEqual(req["path"],
                         "/openai/deployments/mock-small/chat/completions?api-version=2024-10-21")
        self.assertEqual(req["headers"].get("api-key"), KEY)
        self.assertNotIn("Authorization", req["headers"])
        self.assertEqual(req["body"]["stream_options"], {"include_usage": True})

    def test_api_version_from_config_and_json_cost(self):
        self.azure_config("    api_version: 2025-01-01-preview\n")
        r = self.clude("--json", "-p", "hello")
        self.assert_ok(r)
        out = json.loads(r.out)
        self.assertEqual(out["provider"], "azure_openai")
        self.assertEqual(out["model"], "gpt-4o")
        self.assertFalse(out["usage"]["estimated"])
        self.assertIsNotNone(out["cost_usd"])
        self.assertTrue(self.azure_requests()[0]["path"].endswith("api-version=2025-01-01-preview"))

    def test_unmapped_model_is_its_own_deployment(self):
        self.azure_config()
        r = self.clude("-m", "mock-404", "-p", "hi")
        self.assert_error(r, 2, "HTTP 404", model="mock-404")
        self.assertIn("/openai/deployments/mock-404/", self.azure_requests()[0]["path"])

    def test_429_from_mapped_deployment(self):
        self.azure_config()
        r = self.clude("-m", "gpt-4o-mini", "-p", "hi")
        self.assert_error(r, 2, "HTTP 429", "retry after 7s")

    def test_wrong_key_is_401_and_masked(self):
        m = mock(keyed=True)
        wrong = "azkey-wrong-5555abcd"
        self.write_config(
            "providers:\n  azure_openai:\n    api_key: %s\n    base_url: %s\n"
            "    default_model: gpt-4o\n" % (wrong, "http://127.0.0.1:%d" % m.port))
        r = self.clude("-P", "azure_openai", "-p", "hi")
        self.assert_error(r, 2, "HTTP 401")
        self.assert_no_secret(r, wrong)

    def test_live_models(self):
        self.azure_config()
        r = self.clude("models", "list", "--live", "--provider", "azure_openai")
        self.assert_ok(r)
        self.assertIn("mock-small", r.out)
        paths = [q["path"] for q in mock(True).requests if q["method"] == "GET"]
        self.assertIn("/openai/models?api-version=2024-10-21", paths)
