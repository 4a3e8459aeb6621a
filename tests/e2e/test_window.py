"""The conversation window end to end: the plain chat (lines piped on
stdin) against the OpenAI mock with a tiny context, for each strategy —
what the mock receives (the system prompt and the newest turn kept, whole
turns, within the budget), the notice in the chat, the summary request
and the note it leaves, a failing summary falling back to sliding_window,
and `clude -p` with a prompt larger than the window."""

import re

from harness import CludeTestCase

SYSTEM = "be brief"
INSTRUCTION = ("Summarize the conversation above for your own later reference, in at most a "
               "few short paragraphs: keep names, facts, numbers, decisions, code identifiers "
               "and open questions; leave out pleasantries. Reply with the summary only.")
NOTE = "Summary of earlier conversation: "


def estimate(text):
    """clude's estimate (src/core/chat.c) for text made of ASCII words,
    single spaces and ': ', which is all these tests send and the mock
    echoes: a word is 1 token + 0.1 per letter past 4, ':' before a space
    is 1."""
    assert re.fullmatch(r"[A-Za-z]+(?:(?: |: )[A-Za-z]+)*", text), text
    units = sum(100 + max(0, len(w) - 4) * 10 for w in re.findall(r"[A-Za-z]+", text))
    units += 100 * text.count(":")
    return (units + 50) // 100


def request_tokens(msgs):
    return 3 + sum(estimate(m["content"]) + 4 for m in msgs)


LINES = ["question %s about the old mill by the river and the stone bridge near the town" % w
         for w in ("one", "two", "three", "four", "five", "six")]


class WindowCase(CludeTestCase):
    def config(self, conversation="", models=""):
        self.use_mock(extra=models + conversation)

    def chat(self, lines, *args):
        r = self.clude("chat", "--plain", "-s", SYSTEM, *args,
                       input="".join(l + "\n" for l in lines))
        self.assertEqual(r.rc, 0, r.describe())
        for l in lines:
            self.assertIn("Hello from mock: " + l, r.out, r.describe())
        return r

    def streamed(self):
        return [q["body"] for q in self.chat_requests() if q["body"].get("stream") is True]

    def summaries(self):
        return [q["body"] for q in self.chat_requests() if q["body"].get("stream") is not True]

    def check_request(self, msgs, budget, newest, r):
        """System prompt first, newest line last, whole turns in order."""
        self.assertEqual(msgs[0], {"role": "system", "content": SYSTEM}, r.describe())
        self.assertEqual(msgs[-1], {"role": "user", "content": newest})
        rest = [m for m in msgs[1:] if not m["content"].startswith(NOTE)]
        self.assertEqual(rest[0]["role"], "user", msgs)
        for a, b in zip(rest, rest[1:]):
            self.assertNotEqual(a["role"], b["role"], msgs)
        self.assertLessEqual(request_tokens(msgs), budget, msgs)


class TestSlidingWindow(WindowCase):
    def test_old_turns_go_whole_and_the_chat_says_so(self):
        self.config("conversation:\n  max_tokens: 200\n")  # unknown model: 50 for the reply
        r = self.chat(LINES)
        reqs = self.streamed()
        self.assertEqual(len(reqs), len(LINES))
        full = 1 + 2 * len(LINES) - 1
        last = reqs[-1]["messages"]
        self.assertLess(len(last), full, last)
        self.check_request(last, 150, LINES[-1], r)
        # a suffix of the conversation: the kept turns are the newest ones
        self.assertEqual(last[-3]["content"], LINES[-2])
        self.assertEqual(last[-2]["content"], "Hello from mock: " + LINES[-2])
        # the first requests were sent whole
        self.assertEqual(len(reqs[0]["messages"]), 2)
        self.assertEqual(len(reqs[1]["messages"]), 4)
        notices = re.findall(r"\[trimmed (\d+) old turns? to fit the 200-token context: "
                             r"(\d+) → (\d+) tokens\]", r.out)
        self.assertTrue(notices, r.describe())
        for n, before, after in notices:
            self.assertGreater(int(before), 150)
            self.assertLessEqual(int(after), 150)
        self.assertEqual(int(notices[-1][2]), request_tokens(last))
        self.assertEqual(self.summaries(), [])

    def test_budget_from_the_model_table(self):
        self.config(models="    models:\n"
                           "      - { id: mock-small, context_window: 240, max_output_tokens: 40 }\n")
        r = self.chat(LINES)
        self.check_request(self.streamed()[-1]["messages"], 200, LINES[-1], r)
        self.assertIn("to fit the 240-token context", r.out, r.describe())

    def test_fits_nothing_trimmed(self):
        self.config("conversation:\n  max_tokens: 100000\n")
        r = self.chat(LINES[:3])
        self.assertEqual(len(self.streamed()[-1]["messages"]), 6)
        self.assertNotIn("[trimmed", r.out)


class TestTruncate(WindowCase):
    def test_oldest_text_cut_with_a_mark(self):
        self.config("conversation:\n  strategy: truncate\n  max_tokens: 200\n")
        r = self.chat(LINES)
        last = self.streamed()[-1]["messages"]
        self.assertEqual(last[0]["content"], SYSTEM)
        self.assertEqual(last[-1]["content"], LINES[-1])
        self.assertEqual(last[1]["role"], "user")
        cut = [m for m in last if m["content"].startswith("[…]")]
        self.assertTrue(cut, last)
        self.assertIn("cut ", r.out, r.describe())
        for m in cut:  # what is left of a cut message is the end of one
            tail = m["content"][len("[…]"):].strip()
            self.assertTrue(tail == "" or any(
                full.endswith(tail) for full in LINES + ["Hello from mock: " + l for l in LINES]),
                m)


class TestSummarize(WindowCase):
    CONV = "conversation:\n  strategy: summarize\n  max_tokens: 400\n"

    def test_summary_request_then_the_note(self):
        self.config(self.CONV)
        r = self.chat(LINES + LINES)
        sums = self.summaries()
        self.assertTrue(sums, r.describe())
        first = sums[0]
        self.assertEqual(first["model"], "mock-small")
        self.assertIn(first.get("stream"), (None, False))
        self.assertEqual(first["messages"][-1], {"role": "user", "content": INSTRUCTION})
        self.assertEqual(first["messages"][0], {"role": "user", "content": LINES[0]})
        self.assertEqual(first["messages"][1]["role"], "assistant")
        self.assertIn("[summarised ", r.out, r.describe())
        # the request after the summary carries the note, after the system prompt
        streamed = self.streamed()
        after = [b for b in streamed if any(m["content"].startswith(NOTE) for m in b["messages"])]
        self.assertTrue(after, streamed)
        msgs = after[0]["messages"]
        self.assertEqual(msgs[0]["content"], SYSTEM)
        self.assertEqual(msgs[1], {"role": "system",
                                   "content": NOTE + "Hello from mock: " + INSTRUCTION})
        # and every request from then on, without summarising each time
        self.assertLess(len(sums), len(streamed) // 2)
        for b in streamed[streamed.index(after[0]):]:
            self.assertTrue(b["messages"][1]["content"].startswith(NOTE), b["messages"])
            self.assertEqual(b["messages"][-1]["role"], "user")

    def test_failing_summary_falls_back_to_sliding_window(self):
        self.config(self.CONV.replace("400", "200"))
        r = self.chat(LINES, "-m", "mock-nostream-500")
        sums = self.summaries()
        self.assertTrue(sums)
        self.assertEqual(sums[0]["messages"][-1]["content"], INSTRUCTION)
        self.assertIn("[could not summarise old turns (HTTP 500", r.out, r.describe())
        self.assertRegex(r.out, r"trimmed \d+ old turns? instead to fit the 200-token context")
        last = self.streamed()[-1]["messages"]
        self.check_request(last, 150, LINES[-1], r)
        self.assertFalse(any(m["content"].startswith(NOTE) for m in last))


class TestPrompt(WindowCase):
    def test_too_big_prompt_is_sent_whole_with_a_warning(self):
        self.config("conversation:\n  max_tokens: 200\n")
        text = " ".join(["word"] * 400)
        r = self.clude("-p", "count them", input=text)
        self.assert_ok(r)
        self.assertIn("clude: warning: the prompt comes to about", r.err)
        self.assertIn("more than the 150 that fit (context 200 less 50 kept for the reply); "
                      "it is sent whole", r.err)
        msgs = self.one_chat_request(r=r)["body"]["messages"]
        self.assertEqual(msgs, [{"role": "user", "content": text + "\n\ncount them"}])

    def test_fitting_prompt_no_warning(self):
        self.config("conversation:\n  max_tokens: 200\n")
        r = self.clude("-p", "hi")
        self.assert_ok(r)
        self.assertNotIn("prompt comes to", r.err)


class TestConfig(WindowCase):
    def test_bad_strategy_names_the_place(self):
        self.config("conversation:\n  strategy: fifo\n")
        r = self.clude("-p", "hi")
        self.assertEqual(r.rc, 1, r.describe())
        self.assertRegex(r.err, r"config\.yaml:\d+:13: 'strategy' must be sliding_window, "
                                r"truncate or summarize")
