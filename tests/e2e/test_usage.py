"""clude.db end to end: usage rows from `clude -p` (ok, 429, interrupted) and
their totals in `clude usage`, concurrent writers, a corrupt database that
must not cost the answer, saved chat sessions (`clude sessions`, --resume)
and a reply cut by kill -9 kept up to its last saved chunk."""

import json
import os
import signal
import sqlite3
import subprocess
import time

from harness import CLUDE, CludeTestCase, parse_table

PRICED = """\
    models:
      - {{ id: mock-small, input_price: 1000, output_price: 2000 }}
      - {{ id: mock-large, input_price: 3000, output_price: 6000 }}
      - {{ id: mock-429, input_price: 1000, output_price: 2000 }}
      - {{ id: mock-slow-300 }}
      - {{ id: mock-slow-500 }}
"""


class UsageCase(CludeTestCase):
    def setUp(self):
        super().setUp()
        self.mock = self.use_mock(extra=PRICED.format())
        self.db = os.path.join(self.clude_home, "clude.db")

    def json_of(self, *args):
        r = self.clude(*args)
        self.assertEqual(r.rc, 0, r.describe())
        return self.parse_json(r)

    def chat(self, lines, *args, env=None):
        """The plain chat with stdin from a pipe: one message per line."""
        return self.clude("chat", "--plain", *args, input="".join(l + "\n" for l in lines),
                          env=env)


class TestUsage(UsageCase):
    def test_counts_tokens_costs_by_model(self):
        runs = []
        for args, rc in ((("-p", "hello there"), 0), (("-p", "second prompt, longer"), 0),
                         (("-m", "mock-429", "-p", "hi"), 2)):
            r = self.clude("--json", *args)
            self.assertEqual(r.rc, rc, r.describe())
            self.assertEqual(len([l for l in r.err_lines if "warning" in l]), 0, r.describe())
            runs.append(self.parse_json(r))
        # interrupted mid-stream
        p = self.spawn("-m", "mock-slow-300", "-p", "hi")
        got = self.read_until(p, b"slow-1")
        self.assertIn(b"slow-1", got)
        p.send_signal(signal.SIGINT)
        _, err = p.communicate(timeout=10)
        self.assertEqual(p.returncode, 130, err)

        j = self.json_of("usage", "--json")
        t = j["total"]
        self.assertIsNone(j["since_ms"])
        self.assertEqual(t["requests"], 4, j)
        self.assertEqual(t["errors"], 1, j)
        self.assertEqual(t["interrupted"], 1, j)
        self.assertEqual(t["unpriced_requests"], 1, j)  # mock-slow-300 has no price

        by = self.json_of("usage", "--by", "model", "--json")
        self.assertEqual(by["by"], "model")
        groups = {(g["provider"], g["model"]): g for g in by["groups"]}
        self.assertEqual(set(groups), {("openai", "mock-small"), ("openai", "mock-429"),
                                       ("openai", "mock-slow-300")}, by)
        small = groups[("openai", "mock-small")]
        ok = runs[:2]
        self.assertEqual(small["requests"], 2)
        self.assertEqual(small["errors"], 0)
        self.assertEqual(small["input_tokens"], sum(x["usage"]["input_tokens"] for x in ok))
        self.assertEqual(small["output_tokens"], sum(x["usage"]["output_tokens"] for x in ok))
        self.assertAlmostEqual(small["cost_usd"], sum(x["cost_usd"] for x in ok), places=9)
        self.assertGreater(small["cost_usd"], 0)
        self.assertIsInstance(small["avg_latency_ms"], (int, float))
        e429 = groups[("openai", "mock-429")]
        self.assertEqual((e429["requests"], e429["errors"], e429["interrupted"]), (1, 1, 0))
        self.assertEqual(e429["input_tokens"], runs[2]["usage"]["input_tokens"])
        self.assertIsNone(e429["avg_latency_ms"])  # latency counts successful requests
        slow = groups[("openai", "mock-slow-300")]
        self.assertEqual((slow["requests"], slow["interrupted"], slow["errors"]), (1, 1, 0))
        self.assertGreaterEqual(slow["output_tokens"], 1)  # the part that came
        self.assertEqual(t["input_tokens"], sum(g["input_tokens"] for g in groups.values()))
        self.assertAlmostEqual(t["cost_usd"], sum(g["cost_usd"] for g in groups.values()),
                               places=9)

        # the table
        r = self.clude("usage", "--by", "model")
        self.assert_ok(r)
        cols, rows = parse_table(r.out, ["PROVIDER", "MODEL", "REQUESTS"])
        self.assertEqual(cols[:3], ["PROVIDER", "MODEL", "REQUESTS"], r.out)
        for c in ("TOKENS IN", "TOKENS OUT", "COST", "AVG LATENCY", "ERRORS"):
            self.assertIn(c, cols, r.out)
        byname = {row["MODEL"]: row for row in rows if row["PROVIDER"] == "openai"}
        self.assertEqual(byname["mock-small"]["REQUESTS"], "2", r.out)
        self.assertEqual(byname["mock-429"]["ERRORS"], "1", r.out)
        self.assertEqual(byname["mock-slow-300"]["COST"], "?", r.out)
        total = [row for row in rows if row["PROVIDER"] == "total"]
        self.assertEqual(len(total), 1, r.out)
        self.assertEqual(total[0]["REQUESTS"], "4", r.out)
        self.assertIn("interrupted", r.out)

        r = self.clude("usage", "--by", "provider")
        self.assert_ok(r)
        cols, rows = parse_table(r.out, ["PROVIDER", "REQUESTS"])
        self.assertEqual([row["REQUESTS"] for row in rows if row["PROVIDER"] == "openai"], ["4"])

    def test_since_and_arguments(self):
        self.assert_ok(self.clude("-p", "one"))
        self.assertEqual(self.json_of("usage", "--since", "30m", "--json")["total"]["requests"], 1)
        self.assertEqual(self.json_of("usage", "--since", "2000-01-01", "--json")["total"]
                         ["requests"], 1)
        future = time.strftime("%Y-%m-%d", time.localtime(time.time() + 3 * 86400))
        j = self.json_of("usage", "--since", future, "--by", "day", "--json")
        self.assertEqual((j["total"]["requests"], j["groups"]), (0, []))
        r = self.clude("usage", "--since", future)
        self.assert_ok(r)
        self.assertIn("no requests recorded", r.out)
        day = self.json_of("usage", "--by", "day", "--json")["groups"]
        self.assertEqual([g["day"] for g in day], [time.strftime("%Y-%m-%d")])
        self.assert_error(self.clude("usage", "--since", "yesterday"), 1, "--since")
        self.assert_error(self.clude("usage", "--by", "vendor"), 1, "--by")
        self.assert_error(self.clude("usage", "extra"), 1, "extra")

    def test_no_requests_yet(self):
        r = self.clude("usage")
        self.assert_ok(r)
        self.assertIn("no requests recorded yet", r.out)
        j = self.json_of("usage", "--json")
        self.assertEqual(j["total"]["requests"], 0)

    def test_db_file_modes(self):
        self.assert_ok(self.clude("-p", "hi"))
        self.assertEqual(os.stat(self.db).st_mode & 0o777, 0o600)
        home = os.path.join(self.tmp, "fresh", "home")
        self.assert_ok(self.clude("-p", "hi", env={"CLUDE_HOME": home}))
        self.assertEqual(os.stat(home).st_mode & 0o777, 0o700)
        self.assertEqual(os.stat(os.path.join(home, "clude.db")).st_mode & 0o777, 0o600)

    def test_concurrent_writers_lose_nothing(self):
        procs = [subprocess.Popen([CLUDE, "-p", "writer %d" % i],
                                  stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, env=self.env(), cwd=self.tmp)
                 for i in range(20)]
        for i, p in enumerate(procs):
            out, err = p.communicate(timeout=60)
            self.assertEqual(p.returncode, 0, err)
            self.assertEqual(out, b"Hello from mock: writer %d\n" % i)
            self.assertNotIn(b"warning", err)
        j = self.json_of("usage", "--json")
        self.assertEqual(j["total"]["requests"], 20, j)
        self.assertEqual(j["total"]["errors"], 0, j)


class TestBrokenDatabase(UsageCase):
    def one_warning(self, r, *fragments):
        self.assert_ok(r, "Hello from mock: still answers\n")
        self.assertEqual(len(r.err_lines), 1, "want ONE warning line" + r.describe())
        line = r.err_lines[0]
        self.assertTrue(line.startswith("clude: warning: usage not recorded"), r.describe())
        for f in fragments:
            self.assertIn(f, line, r.describe())

    def test_corrupt_db_does_not_fail_prompt(self):
        with open(self.db, "wb") as f:
            f.write(bytes((i * 7 + 3) % 256 for i in range(8192)))
        self.one_warning(self.clude("-p", "still answers"), "clude.db", "not a database")
        r = self.clude("--json", "-p", "still answers")
        self.assertEqual(r.rc, 0, r.describe())
        self.assertEqual(self.parse_json(r)["text"], "Hello from mock: still answers")
        self.assertEqual(len(r.err_lines), 1, r.describe())
        r = self.clude("-q", "-p", "still answers")
        self.assert_ok(r, "Hello from mock: still answers\n")
        self.assertEqual(r.err, "", r.describe())
        self.assert_error(self.clude("usage"), 1, "not a database")
        self.assert_error(self.clude("sessions", "list"), 1, "not a database")

    def test_locked_db_waits_then_warns(self):
        self.assert_ok(self.clude("-p", "still answers"))
        con = sqlite3.connect(self.db, isolation_level=None, timeout=0)
        con.execute("BEGIN EXCLUSIVE")  # as a writer stuck for longer than clude waits
        try:
            r = self.clude("-p", "still answers")
        finally:
            con.execute("ROLLBACK")
            con.close()
        self.one_warning(r, "locked")
        self.assertGreater(r.elapsed, 4, "clude should wait ~5 s for the lock")
        self.assertEqual(self.json_of("usage", "--json")["total"]["requests"], 1)

    def test_db_that_cannot_be_opened(self):
        os.mkdir(self.db)  # a directory where the file should be
        self.one_warning(self.clude("-p", "still answers"), "clude.db")

    def test_corrupt_db_chat_goes_on(self):
        with open(self.db, "wb") as f:
            f.write(b"\xff" * 4096)
        r = self.chat(["first", "second"])
        self.assert_ok(r)
        self.assertIn("Hello from mock: first", r.out)
        self.assertIn("Hello from mock: second", r.out)
        warnings = [l for l in r.out.splitlines() if "warning" in l]
        self.assertEqual(len(warnings), 1, r.describe())
        self.assertIn("not being saved", warnings[0])


class TestSessions(UsageCase):
    def test_list_show_rm(self):
        self.assert_ok(self.chat(["alpha question", "/save first-chat", "follow up"]))
        self.assert_ok(self.chat(["beta question\nsecond line"], "-m", "mock-large"))
        r = self.clude("sessions", "list")
        self.assert_ok(r)
        cols, rows = parse_table(r.out, ["ID", "NAME", "UPDATED", "TURNS"])
        self.assertEqual([row["ID"] for row in rows], ["2", "1"], r.out)  # newest first
        self.assertEqual(rows[1]["NAME"], "first-chat")
        self.assertEqual(rows[1]["TURNS"], "2")
        self.assertEqual(rows[1]["FIRST MESSAGE"], "alpha question")
        self.assertEqual(rows[0]["FIRST MESSAGE"], "beta question")

        j = self.json_of("sessions", "show", "first-chat", "--json")
        self.assertEqual((j["id"], j["provider"], j["model"]), (1, "openai", "mock-small"))
        self.assertEqual([(m["role"], m["content"]) for m in j["messages"]], [
            ("user", "alpha question"), ("assistant", "Hello from mock: alpha question"),
            ("user", "follow up"), ("assistant", "Hello from mock: follow up")])
        r = self.clude("sessions", "show", "2")
        self.assert_ok(r)
        self.assertIn("mock-large", r.out.splitlines()[0])
        self.assertIn("you: beta question", r.out)
        self.assertIn("assistant: Hello from mock: beta question", r.out)

        r = self.clude("sessions", "rm", "first-chat")
        self.assert_ok(r)
        self.assertIn("removed session 1", r.out)
        self.assert_error(self.clude("sessions", "show", "first-chat"), 1, "first-chat")
        self.assert_error(self.clude("sessions", "rm", "1"), 1, "no session 1")
        self.assertEqual([s["id"] for s in self.json_of("sessions", "list", "--json")], [2])
        self.assert_error(self.clude("sessions", "frob"), 1, "frob")
        self.assert_error(self.clude("sessions", "rm"), 1, "ID or NAME")
        self.assert_error(self.clude("sessions", "show", "1", "2"), 1, "too many")
        self.assertEqual(self.json_of("sessions", "show", "--json")["id"], 2)

    def test_opening_and_quitting_saves_nothing(self):
        self.assert_ok(self.chat(["/help", "/quit"]))
        r = self.clude("sessions", "list")
        self.assert_ok(r)
        self.assertIn("no saved conversations", r.out)

    def test_resume_sends_earlier_turns(self):
        self.assert_ok(self.chat(["my name is Ann"], "-m", "mock-large", "-s", "be brief"))
        self.assert_ok(self.chat(["another chat"]))
        self.mock.clear()
        r = self.chat(["what is my name?"], "--resume", "1")
        self.assert_ok(r)
        self.assertIn("resumed session 1", r.out)
        body = self.one_chat_request(r=r)["body"]
        self.assertEqual(body["model"], "mock-large")  # the session's model
        self.assertEqual(body["messages"], [
            {"role": "system", "content": "be brief"},
            {"role": "user", "content": "my name is Ann"},
            {"role": "assistant", "content": "Hello from mock: my name is Ann"},
            {"role": "user", "content": "what is my name?"}])
        # no argument: the most recent (session 1 again, just updated)
        self.mock.clear()
        self.assert_ok(self.chat(["and again"], "--resume"))
        msgs = self.one_chat_request()["body"]["messages"]
        self.assertEqual(len(msgs), 6, msgs)
        self.assertEqual(msgs[-1], {"role": "user", "content": "and again"})
        j = self.json_of("sessions", "show", "1", "--json")
        self.assertEqual(len(j["messages"]), 6)
        # -m overrides the saved model
        self.mock.clear()
        self.assert_ok(self.chat(["x"], "--resume=1", "-m", "mock-small"))
        self.assertEqual(self.one_chat_request()["body"]["model"], "mock-small")
        self.assert_error(self.chat(["x"], "--resume", "nosuch"), 1, "nosuch")

    def test_resume_with_nothing_saved(self):
        r = self.chat(["x"], "--resume")
        self.assert_error(r, 1, "no saved conversations")
        self.assertEqual(self.chat_requests(), [])

    def test_kill9_mid_stream_keeps_partial_reply(self):
        p = subprocess.Popen([CLUDE, "chat", "--plain", "-m", "mock-slow-500"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=self.env(), cwd=self.tmp)
        self.addCleanup(lambda: p.poll() is None and p.kill())
        p.stdin.write(b"tell me slowly\n")
        p.stdin.flush()
        got = self.read_until(p, b"slow-2")
        self.assertIn(b"slow-2", got)
        time.sleep(0.3)  # the chunk is on screen; its write follows at once
        p.kill()  # SIGKILL: no clean-up of any kind
        p.wait(10)
        p.stdin.close()
        p.stdout.close()
        p.stderr.close()
        j = self.json_of("sessions", "show", "--json")  # the most recent
        msgs = j["messages"]
        self.assertEqual(len(msgs), 2, msgs)
        self.assertEqual((msgs[0]["role"], msgs[0]["content"], msgs[0]["interrupted"]),
                         ("user", "tell me slowly", False))
        self.assertEqual(msgs[1]["role"], "assistant")
        self.assertTrue(msgs[1]["content"].startswith("slow-1 slow-2"), msgs[1])
        self.assertNotIn("slow-5", msgs[1]["content"])
        self.assertTrue(msgs[1]["interrupted"], msgs[1])
        r = self.clude("sessions", "show", str(j["id"]))
        self.assertIn("[interrupted]", r.out, r.describe())
        # and the next chat can resume it: the partial reply is sent back
        self.mock.clear()
        self.assert_ok(self.chat(["go on"], "--resume", "-m", "mock-small"))
        sent = self.one_chat_request()["body"]["messages"]
        self.assertEqual(sent[1]["role"], "assistant")
        self.assertTrue(sent[1]["content"].startswith("slow-1 slow-2"), sent)
