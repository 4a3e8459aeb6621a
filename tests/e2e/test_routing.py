"""The routing layer: retries and backoff, failover chains, the circuit
breaker, model groups, rate limits, `model: auto`, `providers check`.
Two vendors: openai on a private mock that can be switched to fail, and
`backup` (openai_compat) on the shared open mock."""

import json
import os
import time
import unittest

import openai_mock
from harness import KEY, CludeTestCase, closed_port, mock

NO_ENV_RETRY = {"CLUDE_RETRY_ATTEMPTS": ""}  # use the config's retry: section


class RoutingCase(CludeTestCase):
    @classmethod
    def setUpClass(cls):
        cls.primary = openai_mock.MockServer(api_key=KEY).start()

    @classmethod
    def tearDownClass(cls):
        cls.primary.stop()

    def setUp(self):
        super().setUp()
        self.primary.clear()
        self.primary.fail_status = 0
        self.primary.counters.clear()
        mock(False).counters.clear()

    def config(self, extra="", model="mock-small"):
        self.write_config(
            "providers:\n"
            "  default: openai\n"
            "  openai:\n"
            "    api_key: %s\n"
            "    base_url: %s\n"
            "    default_model: %s\n"
            "  backup:\n"
            "    type: openai_compat\n"
            "    base_url: %s\n"
            "    api_key: any\n"
            "    default_model: mock-small\n" % (KEY, self.primary.base_url, model,
                                                  mock(False).base_url) + extra)

    def run_p(self, *args, env=None, input=None):
        e = dict(NO_ENV_RETRY)
        e.update(env or {})
        return self.clude(*args, env=e, input=input)

    def primary_chats(self):
        return [r for r in self.primary.requests if r["method"] == "POST"]

    def backup_chats(self):
        return self.chat_requests(keyed=False)


class TestRetry(RoutingCase):
    def test_retry_until_ok(self):
        self.config("retry: { attempts: 3, base_ms: 50, max_ms: 200 }\n")
        r = self.run_p("-m", "mock-fail-2-then-ok", "-p", "hi")
        self.assert_ok(r, "Hello from mock: hi\n")
        self.assertEqual(len(self.primary_chats()), 3)
        retries = [l for l in r.err_lines if "retry" in l]
        self.assertEqual(len(retries), 2, r.describe())
        self.assertIn("HTTP 500", retries[0])

    def test_retry_after_is_honoured(self):
        self.config("retry: { attempts: 2, base_ms: 10, max_ms: 5000 }\n")
        r = self.run_p("-m", "mock-429-1-then-ok", "-p", "hi")
        self.assert_ok(r)
        self.assertGreaterEqual(r.elapsed, 0.95, "Retry-After: 1 not waited" + r.describe())
        self.assertIn("retry 1/1 in 1.0 s", r.err)

    def test_retry_after_capped(self):
        self.config("retry: { attempts: 3, base_ms: 10, max_ms: 200 }\n")
        r = self.run_p("-m", "mock-429", "-p", "hi")
        self.assertEqual(r.rc, 2, r.describe())
        self.assertEqual(len(self.primary_chats()), 3)
        self.assertLess(r.elapsed, 3, "Retry-After: 7 was not capped at 200 ms" + r.describe())
        self.assertIn("HTTP 429", r.err_lines[-1])

    def test_quiet_hides_retry_lines(self):
        self.config("retry: { attempts: 2, base_ms: 10, max_ms: 50 }\n")
        r = self.run_p("-q", "-m", "mock-fail-1-then-ok", "-p", "hi")
        self.assert_ok(r, "Hello from mock: hi\n")
        self.assertEqual(r.err, "", r.describe())

    def test_401_not_retried(self):
        self.config("retry: { attempts: 3, base_ms: 10 }\n")
        r = self.run_p("-m", "mock-401", "-p", "hi")
        self.assert_error(r, 2, "HTTP 401", model="mock-401")
        self.assertEqual(len(self.primary_chats()), 1)

    def test_partial_stream_not_resent(self):
        self.config("retry: { attempts: 3, base_ms: 10 }\nfallbacks: { openai: [backup] }\n")
        r = self.run_p("-m", "mock-cut", "-p", "hi")
        self.assertEqual(r.rc, 2, r.describe())
        self.assertEqual(r.out, "partial reply\n")
        self.assertIn("stream ended early", r.err)
        self.assertEqual(len(self.primary_chats()), 1)
        self.assertEqual(self.backup_chats(), [])

    def test_connect_error_retried(self):
        self.write_config("providers:\n  default: openai\n  openai:\n    api_key: %s\n"
                          "    base_url: http://127.0.0.1:%d/v1\n    default_model: x\n"
                          "retry: { attempts: 3, base_ms: 10, max_ms: 20 }\n"
                          % (KEY, closed_port()))
        r = self.run_p("-p", "hi")
        self.assertEqual(r.rc, 2, r.describe())
        self.assertEqual(len([l for l in r.err_lines if "retry" in l]), 2, r.describe())

    def test_default_is_two_retries(self):
        self.config()
        r = self.run_p("-m", "mock-fail-2-then-ok", "-p", "hi")
        self.assert_ok(r)
        self.assertEqual(len(self.primary_chats()), 3)


class TestFailover(RoutingCase):
    def test_vendor_fallback_answers(self):
        self.primary.fail_status = 500
        self.config("retry: { attempts: 2, base_ms: 10 }\nfallbacks: { openai: [backup] }\n")
        r = self.run_p("-p", "hi")
        self.assert_ok(r, "Hello from mock: hi\n")
        self.assertEqual(len(self.primary_chats()), 2)
        self.assertEqual(len(self.backup_chats()), 1)
        self.assertIn("answered by backup · mock-small (openai failed: HTTP 500", r.err)

    def test_json_reports_attempts(self):
        self.primary.fail_status = 503
        self.config("retry: { attempts: 1 }\nfallbacks: { openai: [\"backup:mock-large\"] }\n")
        r = self.run_p("--json", "-p", "hi")
        self.assert_ok(r)
        j = self.parse_json(r)
        self.assertEqual(j["provider"], "backup")
        self.assertEqual(j["model"], "mock-large")
        self.assertEqual([(a["provider"], a["ok"]) for a in j["attempts"]],
                         [("openai", False), ("backup", True)])
        self.assertIn("HTTP 503", j["attempts"][0]["error"])

    def test_model_fallback(self):
        self.config("retry: { attempts: 1 }\nfallbacks: { \"mock-500\": [\"backup:mock-small\"] }\n")
        r = self.run_p("--json", "-m", "mock-500", "-p", "hi")
        self.assert_ok(r)
        self.assertEqual(self.parse_json(r)["provider"], "backup")

    def test_all_fail(self):
        self.primary.fail_status = 500
        self.config("retry: { attempts: 1 }\nfallbacks: { openai: [\"backup:mock-500\"] }\n")
        r = self.run_p("-p", "hi")
        self.assertEqual(r.rc, 2, r.describe())
        self.assertIn("HTTP 500", r.err_lines[-1])

    def test_circuit_opens_then_half_opens(self):
        self.primary.fail_status = 500
        self.config("retry: { attempts: 1, circuit_failures: 2, circuit_window: 60,"
                    " circuit_cooldown: 1 }\nfallbacks: { openai: [backup] }\n")
        for _ in range(2):
            self.assert_ok(self.run_p("-p", "hi"))
        self.assertEqual(len(self.primary_chats()), 2)
        r = self.run_p("--json", "-p", "hi")  # open: openai is skipped
        self.assert_ok(r)
        self.assertEqual(len(self.primary_chats()), 2, "an open circuit was tried")
        self.assertEqual(self.parse_json(r)["attempts"][0]["error"], "circuit open")
        state = os.path.join(self.clude_home, "state", "router.json")
        self.assertEqual(os.stat(state).st_mode & 0o777, 0o600)
        time.sleep(1.1)
        self.primary.fail_status = 0
        r = self.run_p("-p", "hi")  # half-open: one probe, which succeeds
        self.assert_ok(r)
        self.assertIn("half-open", r.err)
        self.assertEqual(len(self.primary_chats()), 3)
        r = self.run_p("-p", "hi")  # closed again
        self.assert_ok(r)
        self.assertNotIn("answered by", r.err)


GROUP = """model_groups:
  gpt-4o:
    strategy: {strategy}
    deployments:
      - {{ provider: openai, alias: {a}, weight: {wa} }}
      - {{ provider: backup, alias: {b}, weight: {wb} }}
"""


class TestGroups(RoutingCase):
    def group(self, strategy, a="mock-small", b="mock-small", wa=1, wb=1):
        self.config(GROUP.format(strategy=strategy, a=a, b=b, wa=wa, wb=wb))

    def spread(self, n):
        for _ in range(n):
            r = self.run_p("-m", "gpt-4o", "-p", "hi")
            self.assert_ok(r)
            self.assertEqual(r.err, "", "a group name is not an unknown model" + r.describe())
        return len(self.primary_chats()), len(self.backup_chats())

    def test_round_robin(self):
        self.group("round_robin")
        self.assertEqual(self.spread(10), (5, 5))

    def test_short_form_is_round_robin(self):
        self.config("model_groups:\n  gpt-4o:\n"
                    "    - { provider: openai, alias: mock-small, enable: true }\n"
                    "    - { provider: backup, alias: mock-small, enable: true }\n")
        self.assertEqual(self.spread(4), (2, 2))

    def test_weighted(self):
        self.group("weighted", wa=3, wb=1)
        a, b = self.spread(40)
        self.assertGreater(a, b, (a, b))
        self.assertTrue(20 <= a <= 38, (a, b))

    def test_least_latency(self):
        self.group("least_latency", a="mock-slowfirst-400", b="mock-slowfirst-10")
        a, b = self.spread(6)
        self.assertLessEqual(a, 1, "the slow deployment kept being picked: %r" % ((a, b),))

    def test_disabled_deployment_skipped(self):
        self.config("model_groups:\n  gpt-4o:\n"
                    "    - { provider: openai, alias: mock-small, enable: false }\n"
                    "    - { provider: backup, alias: mock-small }\n")
        self.assertEqual(self.spread(3), (0, 3))

    def test_bad_strategy_is_a_config_error(self):
        self.group("fastest")
        r = self.run_p("-p", "hi")
        self.assertEqual(r.rc, 1, r.describe())
        self.assertRegex(r.err, r"config.yaml:\d+:\d+: strategy must be")


class TestLimits(RoutingCase):
    def test_tpr_refused_before_sending(self):
        self.config("limits: { openai: { tpr: 50 } }\n")
        r = self.run_p("-p", "word " * 200)
        self.assert_error(r, 1, "tpr", "nothing was sent", model="mock-small")
        self.assertEqual(self.primary_chats(), [])

    def test_rpm_shared_across_processes(self):
        self.config("limits: { openai: { rpm: 1 } }\nfallbacks: { openai: [backup] }\n")
        procs = [self.spawn("--json", "-p", "hi", env=NO_ENV_RETRY) for _ in range(2)]
        outs = [json.loads(p.communicate(timeout=20)[0]) for p in procs]
        self.assertEqual(sorted(o["provider"] for o in outs), ["backup", "openai"])
        self.assertEqual(len(self.primary_chats()), 1)

    def test_rpm_waits_and_says_so(self):
        self.config("limits: { openai: { tpm: 60 } }\n")
        self.assert_ok(self.run_p("-p", "hi"))
        # the budget is spent for a minute: the next request waits; ^C ends it
        p = self.spawn("-p", "x " * 110, env=NO_ENV_RETRY)
        time.sleep(1.0)
        p.send_signal(2)
        out, err = p.communicate(timeout=5)
        self.assertIn(b"rate limit reached", err)
        self.assertEqual(p.returncode, 130, err)


class TestAuto(RoutingCase):
    def auto(self, prompt):
        r = self.run_p("--json", "-m", "auto", "-p", "", input=prompt)
        self.assert_ok(r)
        return self.parse_json(r)

    def test_default_rules_route_their_examples(self):
        self.config()
        self.assertTrue(self.auto("hi")["route"].startswith("short-chat → openai:"))
        self.assertTrue(self.auto("```python\nprint(1)\n```")["route"].startswith("code → "))
        self.assertTrue(self.auto("please refactor this function " * 50)["route"]
                        .startswith("code-words → "))
        self.assertTrue(self.auto("lorem ipsum dolor " * 8000)["route"]
                        .startswith("long-context → "))
        self.assertTrue(self.auto("tell me " * 300)["route"].startswith("default → "))

    def test_configured_rules(self):
        self.config("routing:\n  default: backup:mock-large\n  rules:\n"
                    "    - { name: greet, regex: '^(hi|hello)', target: 'backup:mock-small' }\n"
                    "    - { name: py, language: python, target: 'openai:mock-small' }\n")
        j = self.auto("hello there")
        self.assertEqual((j["provider"], j["model"], j["route"]),
                         ("backup", "mock-small", "greet → backup:mock-small"))
        j = self.auto("```python\nx = 1\n```")
        self.assertEqual(j["provider"], "openai")
        j = self.auto("what is up")
        self.assertEqual((j["model"], j["route"]), ("mock-large", "default → backup:mock-large"))


class TestCheck(RoutingCase):
    def test_table(self):
        self.config("  down:\n    type: openai_compat\n    base_url: http://127.0.0.1:%d/v1\n"
                    "    api_key: k\n  mistral:\n    enabled: true\n" % closed_port())
        r = self.clude("providers", "check")
        self.assertEqual(r.rc, 2, r.describe())
        rows = {l.split()[0]: l for l in r.out.splitlines()[1:]}
        self.assertRegex(rows["openai"], r"openai\s+ok\s+\d+")
        self.assertIn("ok", rows["backup"])
        self.assertIn("failing", rows["down"])
        self.assertIn("no key", rows["mistral"])

    def test_named(self):
        self.config()
        r = self.clude("providers", "check", "openai")
        self.assert_ok(r)
        self.assertEqual(len(r.out.splitlines()), 2, r.describe())
        r = self.clude("providers", "check", "opnai")
        self.assertEqual(r.rc, 1)
        self.assertIn("did you mean 'openai'", r.err)


if __name__ == "__main__":
    unittest.main()
