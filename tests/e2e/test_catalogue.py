"""The vendor catalogue as `clude providers list` / `providers show` present it:
every declaration in providers/*.c is listed once (60 or more of them), and the
--region / --type / --configured filters return exactly the declared subsets.

The expected values are read from the declarations themselves (the .name,
.type, .region and .key_env fields of each providers/NAME.c), so a vendor added
or changed there is checked without editing this file."""

import glob
import os
import re
import unittest

from harness import ROOT, CludeTestCase, parse_table, row_status

HEADER = ["NAME", "TYPE", "REGION", "STATUS", "DEFAULT MODEL"]
TYPES = {"VENDOR_CLOUD": "cloud", "VENDOR_LOCAL": "local",
         "VENDOR_AGGREGATOR": "aggregator", "VENDOR_CUSTOM": "custom"}
REGIONS = {"REGION_INTL": "intl", "REGION_CHINA": "china", "REGION_ANY": "any"}


def declarations():
    """name -> {type, region, key_env, base_url, protocol} for providers/*.c."""
    out = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "providers", "*.c"))):
        with open(path, encoding="utf-8") as f:
            text = f.read()

        def field(name, pattern=r'"([^"]*)"'):
            m = re.search(r"\.%s\s*=\s*%s" % (name, pattern), text)
            return m.group(1) if m else None

        name = field("name")
        if not name:
            continue
        out[name] = {
            "type": TYPES.get(field("type", r"(\w+)")),
            "region": REGIONS.get(field("region", r"(\w+)")),
            "key_env": field("key_env"),
            "base_url": field("base_url"),
            "protocol": field("protocol"),
        }
    return out


DECL = declarations()
# What `providers list` shows: every declaration but the custom templates.
LISTED = {n: d for n, d in DECL.items() if d["type"] != "custom"}


class TestCatalogue(CludeTestCase):
    def no_keys(self, **keys):
        """An environment with every vendor's key variable empty (an empty
        variable is no key), but the ones given."""
        env = {d["key_env"]: "" for d in DECL.values() if d["key_env"]}
        env.update(keys)
        return env

    def table(self, *args, env=None):
        r = self.clude("providers", "list", *args, env=env if env is not None else self.no_keys())
        self.assert_ok(r)
        cols, rows = parse_table(r.out, HEADER)
        self.assertIsNotNone(cols, "no header line with %s%s" % (HEADER, r.describe()))
        return r, rows

    def names(self, rows):
        return [row.get("NAME") for row in rows]

    def test_declarations_parsed(self):
        self.assertGreaterEqual(len(DECL), 60, "providers/*.c declarations found: %d" % len(DECL))
        for name, d in DECL.items():
            self.assertRegex(name, r"^[a-z0-9_]+$")
            self.assertIsNotNone(d["type"], "%s: type not found" % name)
            self.assertIsNotNone(d["region"], "%s: region not found" % name)

    def test_all_listed_once(self):
        r, rows = self.table()
        names = self.names(rows)
        self.assertGreaterEqual(len(rows), 60, r.describe())
        self.assertEqual(len(names), len(set(names)), "a NAME listed twice" + r.describe())
        self.assertEqual(sorted(names), sorted(LISTED), r.describe())
        for row in rows:
            d = LISTED[row["NAME"]]
            self.assertEqual(row.get("TYPE"), d["type"], row["_line"])
            self.assertEqual(row.get("REGION"), d["region"], row["_line"])

    def test_filter_region(self):
        for region in ("intl", "china", "any"):
            r, rows = self.table("--region", region)
            want = sorted(n for n, d in LISTED.items() if d["region"] == region)
            self.assertTrue(want, region)
            self.assertEqual(sorted(self.names(rows)), want, r.describe())

    def test_filter_type(self):
        for vtype in ("cloud", "local", "aggregator"):
            r, rows = self.table("--type", vtype)
            want = sorted(n for n, d in LISTED.items() if d["type"] == vtype)
            self.assertTrue(want, vtype)
            self.assertEqual(sorted(self.names(rows)), want, r.describe())
        r, rows = self.table("--type", "custom")
        self.assertEqual(rows, [], r.describe())

    def test_filter_region_and_type(self):
        r, rows = self.table("--region", "china", "--type", "cloud")
        want = sorted(n for n, d in LISTED.items()
                      if d["region"] == "china" and d["type"] == "cloud")
        self.assertEqual(sorted(self.names(rows)), want, r.describe())
        r, rows = self.table("--region", "china", "--type", "local")
        self.assertEqual(rows, [], "local servers have no region" + r.describe())

    def test_filter_configured_by_env(self):
        picked = [n for n in ("minimax", "huggingface", "ernie", "cerebras")
                  if n in LISTED and LISTED[n]["key_env"]]
        self.assertTrue(picked)
        keys = {LISTED[n]["key_env"]: "test-key-0123456789" for n in picked}
        keys[LISTED["sagemaker"]["key_env"]] = "test-key-0123456789"
        env = self.no_keys(**keys)
        r, rows = self.table("--configured", env=env)
        self.assertNotIn("sagemaker", self.names(rows),
                         "a template base URL is not configured by a key alone")
        for row in rows:
            self.assertIn(row_status(row), ("configured", "running"), row["_line"])
        names = self.names(rows)
        for n in picked:
            self.assertIn(n, names, r.describe())
        # a vendor sharing a key variable (ernie and qianfan both read
        # QIANFAN_API_KEY) is configured by it too; nothing else is
        keyed = {LISTED[n]["key_env"] for n in picked + ["sagemaker"]}
        for n in names:
            if LISTED[n]["type"] != "local":
                self.assertIn(LISTED[n]["key_env"], keyed, "%s configured%s" % (n, r.describe()))
        self.assert_no_secret(r, "test-key-0123456789")

    def test_show_every_vendor(self):
        for name, d in sorted(LISTED.items()):
            if name == "echo":
                continue
            r = self.clude("providers", "show", name, env=self.no_keys())
            self.assert_ok(r)
            self.assertIn(d["base_url"], r.out, name + r.describe())
            self.assertRegex(r.out, r"(?m)^protocol:\s+%s$" % re.escape(d["protocol"]),
                             name + r.describe())
            self.assertRegex(r.out, r"(?m)^type:\s+%s$" % d["type"], name + r.describe())


if __name__ == "__main__":
    unittest.main()
