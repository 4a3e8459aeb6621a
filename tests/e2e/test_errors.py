"""Vendor, HTTP, network and stream errors; signals."""

import json
import signal
import time
import unittest

from harness import KEY, CludeTestCase, closed_port, mock


class TestHttpErrors(CludeTestCase):
    def run_model(self, model, *extra):
        self.use_mock()
        r = self.clude("-m", model, *extra, "-p", "hi")
        self.assert_no_secret(r)
        return r

    def test_401_from_vendor(self):
        r = self.run_model("mock-401")
        self.assert_error(r, 2, "HTTP 401", "Incorrect API key provided", model="mock-401")
        self.assertEqual(r.out, "", r.describe())
        self.assertEqual(len(self.chat_requests()), 1, "a 401 must not be retried")

    def test_401_wrong_key_not_leaked(self):
        wrong = "sk-wrong-0000efgh"
        self.use_mock(api_key=wrong)
        r = self.clude("-p", "hi")
        self.assert_error(r, 2, "HTTP 401", model="mock-small")
        self.assert_no_secret(r, wrong)
        self.assertEqual(self.one_chat_request(r=r)["headers"].get("Authorization"),
                         "Bearer " + wrong)

    def test_401_no_stream(self):
        r = self.run_model("mock-401", "--no-stream")
        self.assert_error(r, 2, "HTTP 401", "Incorrect API key provided", model="mock-401")

    def test_404(self):
        r = self.run_model("mock-404")
        self.assert_error(r, 2, "HTTP 404", model="mock-404")
        self.assertEqual(len(self.chat_requests()), 1, "a 404 must not be retried")

    def test_429_retry_after(self):
        r = self.run_model("mock-429")
        self.assert_error(r, 2, "HTTP 429", "retry after 7s", model="mock-429")

    def test_500(self):
        r = self.run_model("mock-500")
        self.assert_error(r, 2, "HTTP 500", model="mock-500")

    def test_500_no_stream(self):
        r = self.run_model("mock-500", "--no-stream")
        self.assert_error(r, 2, "HTTP 500", model="mock-500")

    def test_request_seen_by_mock_on_error(self):
        r = self.run_model("mock-404")
        req = self.one_chat_request(r=r)
        self.assertEqual(req["path"], "/v1/chat/completions")
        self.assertEqual(req["body"]["model"], "mock-404")
        self.assertEqual(req["body"]["messages"], [{"role": "user", "content": "hi"}])
        self.assertEqual(req["headers"].get("Authorization"), "Bearer " + KEY)
        self.assertEqual(req["body"].get("stream_options"), {"include_usage": True})
        self.assertTrue(req["headers"].get("User-Agent", "").startswith("clude/"))


class TestStreamErrors(CludeTestCase):
    def test_malformed_chunk(self):
        self.use_mock()
        r = self.clude("-m", "mock-badjson", "-p", "hi")
        self.assert_error(r, 2, "malformed", model="mock-badjson")
        self.assertIn("partial", r.out, r.describe())

    def test_malformed_no_stream_body(self):
        self.use_mock()
        r = self.clude("--no-stream", "-m", "mock-badjson", "-p", "hi")
        # the contract names "malformed" for stream chunks only
        self.assert_error(r, 2, model="mock-badjson")

    def test_stream_cut(self):
        self.use_mock()
        r = self.clude("-m", "mock-cut", "-p", "hi")
        self.assert_error(r, 2, "stream ended early", model="mock-cut")
        self.assertIn("partial reply", r.out, r.describe())

    def test_stream_cut_clean_eof(self):
        # same cut, but the body is framed by Connection: close (a clean EOF)
        self.use_mock()
        r = self.clude("-m", "mock-cut-close", "-p", "hi")
        self.assert_error(r, 2, "stream ended early", model="mock-cut-close")
        self.assertIn("partial reply", r.out, r.describe())

    def test_connection_refused(self):
        port = closed_port()
        self.write_config("""\
            providers:
              default: openai
              openai:
                api_key: {key}
                base_url: http://127.0.0.1:{port}/v1
                default_model: mock-small
            """, key=KEY, port=port)
        r = self.clude("-p", "hi")
        self.assert_error(r, 2, "cannot connect", model="mock-small")
        self.assert_no_secret(r)
        self.assertLess(r.elapsed, 15, r.describe())

    def test_idle_timeout(self):
        self.use_mock()
        r = self.clude("--timeout", "1", "-m", "mock-stall", "-p", "hi")
        self.assert_error(r, 2, "timed out", model="mock-stall")
        self.assertIn("waiting for more", r.out, r.describe())
        self.assertLess(r.elapsed, 15, "a 1 s idle timeout took too long" + r.describe())

    def test_unknown_provider(self):
        self.use_mock()
        r = self.clude("-P", "nosuch", "-p", "hi")
        self.assert_error(r, 1, "unknown provider")
        self.assertEqual(self.chat_requests(), [], "nothing should be sent")


class TestJsonErrors(CludeTestCase):
    def check(self, model, status, rc=2):
        self.use_mock()
        r = self.clude("--json", "-m", model, "-p", "hi")
        self.assertEqual(r.rc, rc, r.describe())
        self.assert_no_secret(r)
        j = self.parse_json(r)
        self.assertIn("error", j, r.out)
        e = j["error"]
        for k in ("message", "code", "http_status"):
            self.assertIn(k, e, "missing error.%s in %s" % (k, r.out))
        self.assertIsInstance(e["message"], str)
        self.assertTrue(e["message"])
        self.assertEqual(e["http_status"], status)
        self.assertTrue(r.err_lines and r.err_lines[-1].startswith("clude: "),
                        "the stderr line is still expected with --json" + r.describe())
        return j

    def test_json_404(self):
        self.check("mock-404", 404)

    def test_json_401_no_key_leak(self):
        j = self.check("mock-401", 401)
        self.assertNotIn(KEY, json.dumps(j))

    def test_json_429(self):
        self.check("mock-429", 429)

    def test_json_connection_refused(self):
        port = closed_port()
        self.write_config("""\
            providers:
              default: openai
              openai:
                api_key: {key}
                base_url: http://127.0.0.1:{port}/v1
                default_model: mock-small
            """, key=KEY, port=port)
        r = self.clude("--json", "-p", "hi")
        self.assertEqual(r.rc, 2, r.describe())
        j = self.parse_json(r)
        self.assertIn("error", j)
        self.assertIn("message", j["error"])
        self.assertIn(j["error"].get("http_status", None), (None, 0), r.out)


class TestSignals(CludeTestCase):
    def test_sigint_during_slow_stream(self):
        self.use_mock()
        p = self.spawn("-m", "mock-slow", "-p", "hi")
        got = self.read_until(p, b"slow-1")
        self.assertIn(b"slow-1", got, "first delta never reached stdout before exit "
                      "(stdout not flushed per delta?) got %r" % got)
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=10)
        out = got + out
        self.assertEqual(p.returncode, 130, "stdout %r stderr %r" % (out, err))
        self.assertIn(b"slow-1", out)
        self.assertIn(b"interrupted", err, err)

    def test_stream_is_flushed_and_sigint_interrupts_a_stalled_read(self):
        self.use_mock()
        p = self.spawn("--timeout", "25", "-m", "mock-stall", "-p", "hi")
        got = self.read_until(p, b"waiting for more")
        self.assertIn(b"waiting for more", got,
                      "the first delta should be on stdout while the stream is open")
        self.assertIsNone(p.poll(), "clude exited although the stream is still open")
        t0 = time.monotonic()
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=10)
        self.assertLess(time.monotonic() - t0, 5, "SIGINT took too long to act")
        self.assertEqual(p.returncode, 130, "stdout %r stderr %r" % (got + out, err))
        self.assertIn(b"interrupted", err, err)


if __name__ == "__main__":
    unittest.main()
