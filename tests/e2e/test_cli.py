"""Command-line basics: --version, --help, unknown commands, usage errors,
the offline echo fallback."""

import re
import unittest

from harness import CludeTestCase, mock, port_open


class TestCli(CludeTestCase):
    def assert_usage_error(self, r):
        """exit 1; the error is the first stderr line and starts with 'clude: '
        (a second hint line such as "Try 'clude --help'." is tolerated)."""
        self.assertEqual(r.rc, 1, r.describe())
        self.assertTrue(r.err_lines, "nothing on stderr" + r.describe())
        self.assertTrue(r.err_lines[0].startswith("clude: "),
                        "error line should start with 'clude: '" + r.describe())
        self.assertLessEqual(len(r.err_lines), 2, r.describe())

    def test_version(self):
        r = self.clude("--version")
        self.assert_ok(r)
        self.assertRegex(r.out, r"^clude \S*\d", r.describe())

    def test_help(self):
        r = self.clude("--help")
        self.assert_ok(r)
        self.assertIn("clude", r.out, "help text expected on stdout" + r.describe())
        self.assertIn("-p", r.out, "help should document -p" + r.describe())

    def test_unknown_command(self):
        r = self.clude("nosuchcmd")
        self.assertEqual(r.rc, 1, r.describe())
        self.assert_usage_error(r)

    def test_unknown_option(self):
        r = self.clude("--no-such-option", "-p", "hi")
        self.assertEqual(r.rc, 1, r.describe())
        self.assert_usage_error(r)
        self.assertEqual(r.out, "", r.describe())

    def test_prompt_option_without_value(self):
        r = self.clude("-p")
        self.assertEqual(r.rc, 1, r.describe())
        self.assert_usage_error(r)

    def test_bad_timeout_value(self):
        m = self.use_mock()
        r = self.clude("--timeout", "soon", "-p", "hi")
        self.assertEqual(r.rc, 1, r.describe())
        self.assert_usage_error(r)
        self.assertEqual(self.chat_requests(), [], "nothing should be sent")

    def test_echo_fallback_without_config(self):
        for port in (11434, 8080):
            if port_open(port):
                self.skipTest("something listens on 127.0.0.1:%d" % port)
        # self.config_path is never written: no config file at all
        r = self.clude("-p", "hi")
        self.assert_ok(r)
        self.assertIn("hi", r.out, r.describe())
        self.assertEqual(len(r.err_lines), 1, "expected exactly one hint line" + r.describe())
        self.assertRegex(r.err_lines[0].lower(), r"config",
                         "hint should mention configuration" + r.describe())


if __name__ == "__main__":
    unittest.main()
