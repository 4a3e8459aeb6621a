"""`clude providers list` and `clude models list`."""

import os
import re
import unittest

from harness import KEY, STATUSES, CludeTestCase, mock, parse_table, row_status

HEADER = ["NAME", "TYPE", "REGION", "STATUS", "DEFAULT MODEL"]


class TestProvidersList(CludeTestCase):
    def table(self, *args, env=None):
        r = self.clude("providers", "list", *args, env=env)
        self.assert_ok(r)
        cols, rows = parse_table(r.out, HEADER)
        self.assertIsNotNone(cols, "no header line with %s%s" % (HEADER, r.describe()))
        by_name = {row.get("NAME"): row for row in rows}
        return r, rows, by_name

    def test_table_shape(self):
        self.use_mock()
        r, rows, by = self.table()
        self.assert_no_secret(r)
        self.assertIn("openai", by, r.describe())
        self.assertIn("deepseek", by, r.describe())
        for row in rows:
            self.assertIn(row_status(row), STATUSES, "bad status in %r" % row["_line"])
            self.assertIn(row.get("TYPE"), ("cloud", "local", "aggregator", "custom"),
                          row["_line"])
            self.assertIn(row.get("REGION"), ("intl", "china", "any"), row["_line"])
        self.assertEqual(len(set(by)), len(rows), "one row per vendor")

    def test_current_vendor_starred(self):
        self.use_mock()
        r, rows, by = self.table()
        starred = [row for row in rows if row["_current"]]
        self.assertEqual(len(starred), 1, "exactly one row starts with ★" + r.describe())
        self.assertEqual(starred[0]["NAME"], "openai", r.describe())
        self.assertTrue(starred[0]["_line"].startswith("★"), r.describe())
        self.assertEqual(row_status(by["openai"]), "configured", r.describe())
        self.assertEqual(by["openai"].get("DEFAULT MODEL"), "mock-small", r.describe())

    def test_env_key_makes_configured(self):
        r, rows, by = self.table(env={"OPENAI_API_KEY": "sk-x"})
        self.assertEqual(row_status(by["openai"]), "configured", r.describe())
        self.assertEqual(row_status(by["deepseek"]), "no key", r.describe())

    def test_env_key_not_printed(self):
        secret = "sk-envonly-5678wxyz"
        r, rows, by = self.table(env={"OPENAI_API_KEY": secret})
        self.assert_no_secret(r, secret)
        self.assertEqual(row_status(by["openai"]), "configured", r.describe())

    def test_no_key_status(self):
        r, rows, by = self.table()
        self.assertEqual(row_status(by["openai"]), "no key", r.describe())

    def test_custom_entry_listed(self):
        m = mock()
        self.write_config("""\
            providers:
              mycustom:
                type: openai_compat
                base_url: {url}
                api_key: {key}
            """, url=m.base_url, key=KEY)
        r, rows, by = self.table()
        self.assert_no_secret(r)
        self.assertIn("mycustom", by, r.describe())
        self.assertEqual(by["mycustom"].get("TYPE"), "custom", r.describe())

    def test_filter_type_cloud(self):
        r, rows, by = self.table("--type", "cloud")
        self.assertIn("openai", by, r.describe())
        self.assertIn("deepseek", by, r.describe())
        for row in rows:
            self.assertEqual(row.get("TYPE"), "cloud", row["_line"])

    def test_filter_type_local(self):
        r, rows, by = self.table("--type", "local")
        self.assertTrue(rows, "expected local vendors (ollama, llama.cpp)" + r.describe())
        self.assertNotIn("openai", by)
        for row in rows:
            self.assertEqual(row.get("TYPE"), "local", row["_line"])
            self.assertIn(row_status(row), ("running", "not running", "disabled", "built-in"),
                          row["_line"])

    def test_filter_type_custom(self):
        m = mock()
        self.write_config("""\
            providers:
              mycustom:
                type: openai_compat
                base_url: {url}
            """, url=m.base_url)
        r, rows, by = self.table("--type", "custom")
        self.assertEqual(list(by), ["mycustom"], r.describe())

    def test_filter_region_china(self):
        r, rows, by = self.table("--region", "china")
        self.assertIn("deepseek", by, r.describe())
        self.assertNotIn("openai", by, r.describe())
        for row in rows:
            self.assertIn(row.get("REGION"), ("china", "any"), row["_line"])

    def test_filter_region_intl(self):
        r, rows, by = self.table("--region", "intl")
        self.assertIn("openai", by, r.describe())
        self.assertNotIn("deepseek", by, r.describe())
        for row in rows:
            self.assertIn(row.get("REGION"), ("intl", "any"), row["_line"])

    def test_filter_configured(self):
        self.use_mock()
        r, rows, by = self.table("--configured")
        self.assertIn("openai", by, r.describe())
        self.assertNotIn("deepseek", by, r.describe())
        for row in rows:
            self.assertIn(row_status(row), ("configured", "running"), row["_line"])

    def test_bad_filter_value(self):
        r = self.clude("providers", "list", "--type", "spaceship")
        self.assertEqual(r.rc, 1, r.describe())
        self.assertTrue(r.err_lines and r.err_lines[-1].startswith("clude: "), r.describe())


class TestModelsList(CludeTestCase):
    def test_static_table(self):
        r = self.clude("models", "list", "--provider", "deepseek")
        self.assert_ok(r)
        cols, rows = parse_table(r.out, ["ID", "CONTEXT"])
        self.assertIsNotNone(cols, "no header with ID and CONTEXT" + r.describe())
        ids = [row.get("ID") for row in rows]
        self.assertIn("deepseek-v4-flash", ids, r.describe())

    def test_live_from_mock(self):
        self.use_mock()
        r = self.clude("models", "list", "--provider", "openai", "--live")
        self.assert_ok(r)
        self.assert_no_secret(r)
        self.assertIn("mock-small", r.out, r.describe())
        self.assertIn("mock-large", r.out, r.describe())
        gets = [q for q in mock().requests if q["method"] == "GET"]
        self.assertEqual([q["path"] for q in gets], ["/v1/models"])
        self.assertEqual(gets[0]["headers"].get("Authorization"), "Bearer " + KEY)
        self.assertTrue(gets[0]["headers"].get("User-Agent", "").startswith("clude/"))
        cache = os.path.join(self.clude_home, "cache")
        files = [os.path.join(d, f) for d, _, fs in os.walk(cache) for f in fs]
        self.assertTrue(files, "no cache file under %s" % cache)
        for f in files:
            with open(f, "rb") as fh:
                self.assertNotIn(KEY.encode(), fh.read(), "key written to cache " + f)

    def test_custom_without_table_lists_live(self):
        m = mock()
        self.write_config("""\
            providers:
              mycustom:
                type: openai_compat
                base_url: {url}
                api_key: {key}
            """, url=m.base_url, key=KEY)
        r = self.clude("models", "list", "--provider", "mycustom")
        self.assert_ok(r)
        self.assertIn("mock-small", r.out, r.describe())
        self.assertIn("mock-large", r.out, r.describe())
        self.assertIn("/v1/models", [q["path"] for q in m.requests if q["method"] == "GET"])

    def test_custom_with_table(self):
        m = mock()
        self.write_config("""\
            providers:
              mytable:
                type: openai_compat
                base_url: {url}
                api_key: {key}
                models:
                  - id: m1
                    context_window: 32768
                    max_output_tokens: 4096
            """, url=m.base_url, key=KEY)
        r = self.clude("models", "list", "--provider", "mytable")
        self.assert_ok(r)
        cols, rows = parse_table(r.out, ["ID", "CONTEXT"])
        self.assertIsNotNone(cols, r.describe())
        m1 = [row for row in rows if row.get("ID") == "m1"]
        self.assertEqual(len(m1), 1, r.describe())
        self.assertRegex(m1[0].get("CONTEXT", m1[0]["_line"]), r"32(768|,768|\.8k|k|K)",
                         r.describe())
        self.assertEqual(m.requests, [], "a model table needs no network")

    def test_unknown_provider(self):
        r = self.clude("models", "list", "--provider", "nosuch")
        self.assertEqual(r.rc, 1, r.describe())
        self.assertIn("unknown provider", r.err, r.describe())


if __name__ == "__main__":
    unittest.main()
