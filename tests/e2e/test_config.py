"""The config file: syntax and type errors with file:line:col, unknown keys,
and `clude providers config` writing it."""

import os
import re
import stat
import unittest

from harness import KEY, CludeTestCase, mock, parse_table, row_status


class TestConfigErrors(CludeTestCase):
    def config_error(self, text, *args):
        self.write_config(text)
        r = self.clude(*(args or ("-p", "hi")))
        self.assertEqual(r.rc, 1, r.describe())
        self.assertEqual(len(r.err_lines), 1, "expected ONE error line" + r.describe())
        m = re.match(r"^clude: (.+):(\d+):(\d+): \S", r.err_lines[0])
        self.assertTrue(m, "expected 'clude: <path>:<line>:<col>: ...'" + r.describe())
        self.assertEqual(m.group(1), self.config_path, r.describe())
        self.assertEqual(self.chat_requests(), [], "nothing should be sent")
        return int(m.group(2)), int(m.group(3)), r

    def test_syntax_error_bad_indentation(self):
        m = mock()
        line, col, r = self.config_error(
            "providers:\n"
            "  default: openai\n"
            "  openai:\n"
            "    api_key: %s\n"
            "   base_url: %s\n"
            "    default_model: mock-small\n" % (KEY, m.base_url))
        self.assertEqual(line, 5, r.describe())
        self.assert_no_secret(r)

    def test_syntax_error_unterminated_quote(self):
        line, col, r = self.config_error(
            "providers:\n"
            "  default: openai\n"
            "  openai:\n"
            "    default_model: \"mock-small\n")
        self.assertGreaterEqual(line, 4, r.describe())
        self.assertLessEqual(line, 5, r.describe())

    def test_type_error_providers_is_a_list(self):
        line, col, r = self.config_error("providers: [1, 2]\n")
        self.assertEqual(line, 1, r.describe())

    def test_type_error_model_is_a_list(self):
        m = mock()
        line, col, r = self.config_error(
            "providers:\n"
            "  default: openai\n"
            "  openai:\n"
            "    base_url: %s\n"
            "    default_model: [a]\n" % m.base_url)
        self.assertEqual(line, 5, r.describe())

    def test_config_error_also_for_other_commands(self):
        self.write_config("providers: [1, 2]\n")
        r = self.clude("providers", "list")
        self.assertEqual(r.rc, 1, r.describe())
        self.assertRegex(r.err_lines[-1] if r.err_lines else "",
                         r"^clude: .+:1:\d+: ", r.describe())

    def test_unknown_key_is_a_warning(self):
        self.use_mock(extra="    colour: blue\n")
        r = self.clude("-p", "hi")
        self.assert_ok(r, "Hello from mock: hi\n")
        warn = [l for l in r.err_lines if "colour" in l]
        self.assertEqual(len(warn), 1, "expected a warning naming 'colour'" + r.describe())
        self.assertEqual(len(self.chat_requests()), 1)

    def test_unknown_top_level_key_is_a_warning(self):
        m = mock()
        self.write_config("""\
            telemetry: off
            providers:
              default: openai
              openai:
                api_key: {key}
                base_url: {url}
                default_model: mock-small
            """, key=KEY, url=m.base_url)
        r = self.clude("-p", "hi")
        self.assert_ok(r, "Hello from mock: hi\n")
        self.assertTrue([l for l in r.err_lines if "telemetry" in l],
                        "expected a warning naming 'telemetry'" + r.describe())


class TestProvidersConfig(CludeTestCase):
    NEW_KEY = "sk-new-9999zzzz"

    def providers_list(self):
        r = self.clude("providers", "list")
        self.assert_ok(r)
        cols, rows = parse_table(r.out, ["NAME", "STATUS"])
        self.assertTrue(rows, "no table" + r.describe())
        return r, {row["NAME"]: row for row in rows}

    def test_config_creates_file_0600(self):
        self.assertFalse(os.path.exists(self.config_path))
        r = self.clude("providers", "config", "openai", "--api-key", self.NEW_KEY,
                       "--default-model", "gpt-4o")
        self.assert_ok(r)
        self.assert_no_secret(r, self.NEW_KEY)
        self.assertTrue(os.path.exists(self.config_path), "config file not written")
        mode = stat.S_IMODE(os.stat(self.config_path).st_mode)
        self.assertEqual(mode, 0o600, "config mode is %o" % mode)
        with open(self.config_path, encoding="utf-8") as f:
            text = f.read()
        self.assertIn(self.NEW_KEY, text)
        self.assertIn("gpt-4o", text)

        r2, rows = self.providers_list()
        self.assert_no_secret(r2, self.NEW_KEY)
        self.assertIn("openai", rows, r2.describe())
        self.assertEqual(row_status(rows["openai"]), "configured", r2.describe())
        dm = rows["openai"].get("DEFAULT MODEL")
        if dm is not None:
            self.assertEqual(dm, "gpt-4o", r2.describe())

    def test_config_then_chat_uses_new_settings(self):
        m = mock(keyed=False)
        self.write_config("""\
            providers:
              default: openai
              openai:
                api_key: sk-old-1111aaaa
                base_url: ${CLUDE_E2E_URL}
                default_model: mock-small
            """)
        r = self.clude("providers", "config", "openai", "--api-key", self.NEW_KEY,
                       "--default-model", "gpt-4o", env={"CLUDE_E2E_URL": m.base_url})
        self.assert_ok(r)
        self.assert_no_secret(r, self.NEW_KEY)
        r = self.clude("-p", "hi", env={"CLUDE_E2E_URL": m.base_url})
        self.assert_ok(r, "Hello from mock: hi\n")
        req = self.one_chat_request(keyed=False, r=r)
        self.assertEqual(req["headers"].get("Authorization"), "Bearer " + self.NEW_KEY)
        self.assertEqual(req["body"]["model"], "gpt-4o")
        with open(self.config_path, encoding="utf-8") as f:
            text = f.read()
        self.assertIn("${CLUDE_E2E_URL}", text,
                      "the ${VAR} reference of an untouched value should be kept")
        self.assertNotIn("sk-old-1111aaaa", text)


if __name__ == "__main__":
    unittest.main()
