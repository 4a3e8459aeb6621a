/* test_window.c — the conversation window's strategies on long (2 000-
 * turn) histories: system prompt and newest turn kept, replies never
 * without their question, the budget held, truncate cutting on UTF-8
 * boundaries, summarize with a fake summariser, and its failure. The
 * budget, the config section and the notices: test_window_config.c. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clude/util.h"
#include "clude/window.h"

#define SYSTEM "You are a terse assistant. Answer in English."

/* ---- histories ---- */

struct hist {
	struct message *m;
	size_t n;
};

static const char *const texts[] = {
	"How do I reverse a list in Python without copying it?",
	"Use lst.reverse() — it works in place:\n\n    xs = [1, 2, 3]\n    xs.reverse()\n",
	"请用中文解释一下什么是上下文窗口，以及为什么它很重要。",
	"上下文窗口是模型一次能处理的最大词元数量。超出部分会被截断或需要总结。😀👍",
	"{\"name\": \"clude\", \"tokens\": 123456, \"ok\": true, \"tags\": [\"a\", \"b\"]}",
	"Emoji test 🇨🇳👨‍👩‍👧 and accents: café, naïve, Ελλάδα, привет мир.",
};

/* turns user/assistant pairs, then one newest user message */
static struct hist history(size_t turns, const char *newest)
{
	struct hist h = { xcalloc(2 * turns + 1, sizeof(struct message)), 0 };
	for (size_t t = 0; t < turns; t++) {
		struct buf b = { 0 };
		buf_printf(&b, "turn %zu: %s", t, texts[(2 * t) % ARRAY_LEN(texts)]);
		for (size_t r = 0; r < t % 3; r++) /* uneven lengths */
			buf_printf(&b, " %s", texts[(t + r) % ARRAY_LEN(texts)]);
		h.m[h.n++] = (struct message){ .role = ROLE_USER, .content = buf_steal(&b) };
		buf_printf(&b, "reply %zu: %s", t, texts[(2 * t + 1) % ARRAY_LEN(texts)]);
		h.m[h.n++] = (struct message){ .role = ROLE_ASSISTANT, .content = buf_steal(&b) };
	}
	h.m[h.n++] = (struct message){ .role = ROLE_USER, .content = xstrdup(newest) };
	return h;
}

static void hist_free(struct hist *h)
{
	for (size_t i = 0; i < h->n; i++)
		free(h->m[i].content);
	free(h->m);
}

/* Tokens of a request made of out, counted afresh (not from the cache). */
static long request_tokens(const struct window_out *out)
{
	long t = WINDOW_REQ_OVERHEAD;
	for (size_t i = 0; i < out->n; i++)
		t += estimate_tokens(out->msgs[i].content, strlen(out->msgs[i].content)) +
		     WINDOW_MSG_OVERHEAD;
	return t;
}

static bool valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		size_t n = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3
				     : (*p & 0xF8) == 0xF0			? 4
										: 0;
		if (!n)
			return false;
		for (size_t k = 1; k < n; k++)
			if ((p[k] & 0xC0) != 0x80)
				return false;
		p += n;
	}
	return true;
}

/* What every fitted request must be: the system prompt first, the newest
 * user message last and whole, no reply at the front, each reply after
 * the message it answers, within budget unless over_budget. */
static void check_shape(const struct window_out *out, const struct hist *h, long budget,
			const struct window_report *rep)
{
	assert_true(out->n >= 2);
	assert_int_equal(out->msgs[0].role, ROLE_SYSTEM);
	assert_string_equal(out->msgs[0].content, SYSTEM);
	assert_ptr_equal(out->msgs[out->n - 1].content, h->m[h->n - 1].content);
	assert_int_equal(out->msgs[1].role == ROLE_ASSISTANT, false);
	for (size_t i = 2; i < out->n; i++)
		if (out->msgs[i].role == ROLE_ASSISTANT)
			assert_int_equal(out->msgs[i - 1].role, ROLE_USER);
	for (size_t i = 0; i < out->n; i++)
		assert_true(valid_utf8(out->msgs[i].content));
	long t = request_tokens(out);
	assert_int_equal(t, rep->tokens_after);
	if (!rep->over_budget)
		assert_true(t <= budget);
}

static void fit(enum conv_strategy s, long budget, struct hist *h, struct window_out *out,
		struct window_report *rep)
{
	struct window_params p = { .system = SYSTEM, .budget = budget, .strategy = s };
	window_fit(&p, &h->m, &h->n, out, rep);
}

/* ---- fitting ---- */

static void test_fits_untouched(void **state)
{
	(void)state;
	struct hist h = history(3, "and now?");
	struct window_out out;
	struct window_report rep;
	fit(CONV_TRUNCATE, 100000, &h, &out, &rep);
	assert_false(rep.trimmed);
	assert_int_equal(out.n, h.n + 1);
	for (size_t i = 0; i < h.n; i++)
		assert_ptr_equal(out.msgs[i + 1].content, h.m[i].content);
	assert_int_equal(rep.tokens_before, rep.tokens_after);
	char line[300];
	struct window_budget b = { 100000, 0, 100000 };
	window_describe(&rep, &b, line, sizeof line);
	assert_string_equal(line, "");
	window_out_free(&out);
	assert_int_equal(window_msg_tokens(&h.m[0]),
			 estimate_tokens(h.m[0].content, strlen(h.m[0].content)) + WINDOW_MSG_OVERHEAD);
	hist_free(&h);
}

static void test_sliding_2000_turns(void **state)
{
	(void)state;
	struct hist h = history(2000, "So what is the answer?");
	size_t n0 = h.n;
	struct window_out out;
	struct window_report rep;
	long budget = 20000;
	fit(CONV_SLIDING_WINDOW, budget, &h, &out, &rep);
	assert_int_equal(h.n, n0); /* the conversation itself is left alone */
	assert_true(rep.trimmed);
	assert_false(rep.over_budget);
	check_shape(&out, &h, budget, &rep);
	/* a suffix of whole turns: the kept messages are the session's own */
	size_t first = h.n - (out.n - 1);
	for (size_t i = 1; i < out.n; i++)
		assert_ptr_equal(out.msgs[i].content, h.m[first + i - 1].content);
	assert_int_equal(first % 2, 0);
	assert_int_equal(rep.dropped_turns, first / 2);
	/* no more than needed: one more turn would not fit */
	long more = request_tokens(&out) + window_msg_tokens(&h.m[first - 2]) +
		    window_msg_tokens(&h.m[first - 1]);
	assert_true(more > budget);
	assert_true(rep.tokens_before > budget);
	char line[300];
	struct window_budget b = { 24000, 4000, 20000 };
	window_describe(&rep, &b, line, sizeof line);
	char want[300], before[32], after[32];
	window_fmt_count(rep.tokens_before, before, sizeof before);
	window_fmt_count(rep.tokens_after, after, sizeof after);
	snprintf(want, sizeof want, "trimmed %zu old turns to fit the 24K context: %s → %s tokens",
		 rep.dropped_turns, before, after);
	assert_string_equal(line, want);
	window_out_free(&out);
	hist_free(&h);
}

static void test_truncate_2000_turns(void **state)
{
	(void)state;
	for (long budget = 3000; budget <= 30000; budget += 2701) {
		struct hist h = history(2000, "Last question: 你觉得呢？");
		struct window_out out;
		struct window_report rep;
		fit(CONV_TRUNCATE, budget, &h, &out, &rep);
		assert_true(rep.trimmed);
		check_shape(&out, &h, budget, &rep);
		assert_true(rep.dropped_turns > 0);
		/* cut messages come first, in the oldest kept turn: whole marks,
		 * then at most one with its start cut away (its end kept) */
		size_t i = 1, marks = 0, cuts = 0;
		while (i < out.n && !strcmp(out.msgs[i].content, WINDOW_MARK)) {
			i++;
			marks++;
		}
		if (i < out.n && !strncmp(out.msgs[i].content, WINDOW_MARK " ", strlen(WINDOW_MARK) + 1)) {
			const char *tail = out.msgs[i].content + strlen(WINDOW_MARK) + 1;
			size_t first = h.n - (out.n - 1);
			const char *orig = h.m[first + i - 1].content;
			assert_true(strlen(tail) < strlen(orig));
			assert_string_equal(orig + strlen(orig) - strlen(tail), tail);
			assert_ptr_equal(out.cut, out.msgs[i].content);
			cuts = 1;
			i++;
		}
		assert_int_equal(rep.cut_messages, marks + cuts);
		assert_true(marks <= 1); /* a turn is two messages: at most the question is a mark */
		for (; i < out.n; i++)
			assert_null(strstr(out.msgs[i].content, WINDOW_MARK));
		window_out_free(&out);
		hist_free(&h);
	}
}

/* A cut inside CJK and emoji lands on a character boundary. */
static void test_truncate_utf8_boundary(void **state)
{
	(void)state;
	struct buf b = { 0 };
	for (int i = 0; i < 200; i++)
		buf_puts(&b, "上下文窗口😀é");
	for (long budget = 120; budget < 900; budget += 37) {
		struct hist h = { xcalloc(3, sizeof(struct message)), 3 };
		h.m[0] = (struct message){ .role = ROLE_USER, .content = xstrdup(b.data) };
		h.m[1] = (struct message){ .role = ROLE_ASSISTANT, .content = xstrdup("好的。") };
		h.m[2] = (struct message){ .role = ROLE_USER, .content = xstrdup("继续") };
		struct window_out out;
		struct window_report rep;
		fit(CONV_TRUNCATE, budget, &h, &out, &rep);
		check_shape(&out, &h, budget, &rep);
		assert_int_equal(out.n, 4);
		assert_int_equal(rep.cut_messages, 1);
		assert_int_equal(rep.dropped_turns, 0);
		assert_non_null(out.cut);
		assert_true(valid_utf8(out.cut));
		assert_true(request_tokens(&out) > budget - 20); /* cut no more than needed */
		window_out_free(&out);
		hist_free(&h);
	}
	buf_free(&b);
}

/* The newest message alone is larger than the budget: it goes whole,
 * alone with the system prompt, whatever the strategy. */
static char *never(void *ctx, const struct message *m, size_t n, int max, struct usage *u,
		   struct clude_err *err)
{
	(void)ctx, (void)m, (void)n, (void)max, (void)u;
	err_set(err, CLUDE_EHTTP, "should not matter");
	return NULL;
}

static void test_newest_over_budget(void **state)
{
	(void)state;
	struct buf big = { 0 };
	for (int i = 0; i < 500; i++)
		buf_puts(&big, "a long pasted log line with numbers 12345 and words ");
	for (enum conv_strategy s = CONV_SLIDING_WINDOW; s <= CONV_SUMMARIZE; s++) {
		struct hist h = history(50, big.data);
		struct window_out out;
		struct window_report rep;
		struct window_params p = { .system = SYSTEM, .budget = 1000, .strategy = s,
					   .summarize = never };
		window_fit(&p, &h.m, &h.n, &out, &rep);
		assert_true(rep.over_budget);
		assert_int_equal(out.n, 2);
		check_shape(&out, &h, 1000, &rep);
		assert_true(rep.tokens_after > 1000);
		char line[600];
		struct window_budget b = { 1200, 200, 1000 };
		window_describe_over(&rep, &b, line, sizeof line);
		assert_non_null(strstr(line, "more than the 1,000 that fit"));
		assert_non_null(strstr(line, "it is sent whole"));
		window_out_free(&out);
		hist_free(&h);
	}
	buf_free(&big);
}

/* ---- summarize ---- */

struct fake {
	int calls;
	size_t n_in;
	char *first_in, *last_in;
	long max_request; /* the largest summary request, in tokens */
	bool fail;
};

static char *fake_summarize(void *ctx, const struct message *m, size_t n, int max_tokens,
			    struct usage *u, struct clude_err *err)
{
	struct fake *f = ctx;
	f->calls++;
	f->n_in = n;
	free(f->first_in);
	free(f->last_in);
	f->first_in = xstrdup(m[0].content);
	f->last_in = xstrdup(m[n - 1].content);
	long req = WINDOW_REQ_OVERHEAD + WINDOW_MSG_OVERHEAD +
		   estimate_tokens(WINDOW_SUMMARY_INSTRUCTION, strlen(WINDOW_SUMMARY_INSTRUCTION));
	for (size_t i = 0; i < n; i++)
		req += estimate_tokens(m[i].content, strlen(m[i].content)) + WINDOW_MSG_OVERHEAD;
	if (req > f->max_request)
		f->max_request = req;
	assert_true(max_tokens >= 64 && max_tokens <= 1024);
	u->input_tokens = 1000;
	u->output_tokens = 20;
	u->present = true;
	if (f->fail) {
		err_set(err, CLUDE_EHTTP, "HTTP 500: summary refused");
		return NULL;
	}
	return xstrdup("  the user asked about lists, JSON and 上下文.\n");
}

static void fake_free(struct fake *f)
{
	free(f->first_in);
	free(f->last_in);
}

static void fit_summarize(struct fake *f, long budget, struct hist *h, struct window_out *out,
			  struct window_report *rep)
{
	struct window_params p = { .system = SYSTEM, .budget = budget, .strategy = CONV_SUMMARIZE,
				   .summarize = fake_summarize, .summarize_ctx = f };
	window_fit(&p, &h->m, &h->n, out, rep);
}

static void push(struct hist *h, enum role r, const char *text)
{
	h->m = xrealloc(h->m, (h->n + 1) * sizeof *h->m);
	h->m[h->n++] = (struct message){ .role = r, .content = xstrdup(text) };
}

/* As in the chat: one turn after the other, 2 000 of them. A summary
 * brings the request to half the budget, so they are rare; every request
 * and every summary request fits. */
static void test_summarize_as_the_chat_grows(void **state)
{
	(void)state;
	struct fake f = { 0 };
	struct hist h = { NULL, 0 };
	long budget = 8000;
	int summaries = 0;
	for (size_t t = 0; t < 2000; t++) {
		push(&h, ROLE_USER, texts[(2 * t) % ARRAY_LEN(texts)]);
		struct window_out out;
		struct window_report rep;
		fit_summarize(&f, budget, &h, &out, &rep);
		assert_false(rep.summary_failed);
		assert_int_equal(rep.dropped_turns, 0);
		assert_false(rep.over_budget);
		check_shape(&out, &h, budget, &rep);
		if (rep.summarized_turns) {
			summaries++;
			assert_int_equal(h.m[0].role, ROLE_SYSTEM);
			assert_true(rep.tokens_after <= budget / 2 + 64);
			char line[400];
			struct window_budget b = { 10000, 2000, budget };
			window_describe(&rep, &b, line, sizeof line);
			assert_true(!strncmp(line, "summarised ", 11));
			assert_non_null(strstr(line, " old turns into a note to fit the 10K context: "));
		}
		window_out_free(&out);
		push(&h, ROLE_ASSISTANT, texts[(2 * t + 1) % ARRAY_LEN(texts)]);
	}
	assert_int_equal(summaries, f.calls);
	assert_in_range(f.calls, 10, 200); /* not once a turn */
	assert_true(f.max_request <= budget);
	/* after the first, each summary folds the last note in */
	assert_true(!strncmp(f.first_in, WINDOW_SUMMARY_PREFIX, strlen(WINDOW_SUMMARY_PREFIX)));
	fake_free(&f);
	hist_free(&h);
}

/* A history far over the window at once (a resumed chat, a smaller
 * model): a few summary requests, each fitting the window, then what
 * still does not fit slides out behind the note. */
static void test_summarize_2000_turns(void **state)
{
	(void)state;
	struct fake f = { 0 };
	struct hist h = history(2000, "What did we decide?");
	char *newest = h.m[h.n - 1].content;
	struct window_out out;
	struct window_report rep;
	long budget = 20000;
	fit_summarize(&f, budget, &h, &out, &rep);
	assert_in_range(f.calls, 1, 4);
	assert_true(rep.summary_requested);
	assert_false(rep.summary_failed);
	assert_true(rep.summary_usage.present);
	assert_int_equal(rep.summary_usage.input_tokens, 1000 * f.calls);
	assert_true(f.max_request <= budget);
	/* the session now starts with the note; the turns after it are its own */
	assert_int_equal(h.m[0].role, ROLE_SYSTEM);
	assert_string_equal(h.m[0].content, WINDOW_SUMMARY_PREFIX
			    "the user asked about lists, JSON and 上下文.");
	assert_ptr_equal(h.m[h.n - 1].content, newest);
	assert_int_equal(h.n, 1 + 2 * (2000 - rep.summarized_turns) + 1);
	assert_true(!strncmp(h.m[1].content, "turn ", 5));
	check_shape(&out, &h, budget, &rep);
	assert_ptr_equal(out.msgs[1].content, h.m[0].content); /* the note goes after the prompt */
	char line[400];
	struct window_budget b = { 131072, 16384, budget };
	window_describe(&rep, &b, line, sizeof line);
	assert_non_null(strstr(line, "into a note"));
	assert_non_null(strstr(line, "to fit the 128K context"));
	window_out_free(&out);
	fake_free(&f);
	hist_free(&h);
}

static void test_summarize_failure_slides(void **state)
{
	(void)state;
	struct fake f = { .fail = true };
	struct hist h = history(2000, "Still there?");
	size_t n0 = h.n;
	char *first = h.m[0].content;
	struct window_out out;
	struct window_report rep;
	long budget = 15000;
	fit_summarize(&f, budget, &h, &out, &rep);
	assert_int_equal(f.calls, 1);
	assert_true(rep.summary_failed);
	assert_true(rep.summary_usage.present); /* the failed request is still counted */
	assert_string_equal(rep.summary_error, "HTTP 500: summary refused");
	assert_int_equal(rep.summarized_turns, 0);
	assert_int_equal(h.n, n0); /* the conversation is untouched */
	assert_ptr_equal(h.m[0].content, first);
	assert_true(rep.dropped_turns > 0);
	check_shape(&out, &h, budget, &rep);
	/* exactly what sliding_window gives */
	struct window_out slid;
	struct window_report srep;
	fit(CONV_SLIDING_WINDOW, budget, &h, &slid, &srep);
	assert_int_equal(slid.n, out.n);
	assert_int_equal(srep.dropped_turns, rep.dropped_turns);
	char line[800];
	struct window_budget b = { 16384, 1384, budget };
	window_describe(&rep, &b, line, sizeof line);
	assert_true(!strncmp(line, "could not summarise old turns (HTTP 500: summary refused); "
			     "trimmed ", 67));
	window_out_free(&slid);
	window_out_free(&out);
	fake_free(&f);
	hist_free(&h);
}

/* A note is kept like the system prompt when turns must go. */
static void test_note_is_kept(void **state)
{
	(void)state;
	struct hist h = history(100, "next?");
	free(h.m[0].content);
	h.m[0] = (struct message){ .role = ROLE_SYSTEM,
				   .content = xstrdup(WINDOW_SUMMARY_PREFIX "earlier things.") };
	for (enum conv_strategy s = CONV_SLIDING_WINDOW; s <= CONV_TRUNCATE; s++) {
		struct window_out out;
		struct window_report rep;
		fit(s, 1500, &h, &out, &rep);
		assert_true(rep.trimmed);
		assert_ptr_equal(out.msgs[1].content, h.m[0].content);
		assert_true(out.msgs[2].role != ROLE_ASSISTANT);
		assert_true(request_tokens(&out) <= 1500);
		window_out_free(&out);
	}
	hist_free(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fits_untouched),
		cmocka_unit_test(test_sliding_2000_turns),
		cmocka_unit_test(test_truncate_2000_turns),
		cmocka_unit_test(test_truncate_utf8_boundary),
		cmocka_unit_test(test_newest_over_budget),
		cmocka_unit_test(test_summarize_as_the_chat_grows),
		cmocka_unit_test(test_summarize_2000_turns),
		cmocka_unit_test(test_summarize_failure_slides),
		cmocka_unit_test(test_note_is_kept),
	};
	return cmocka_run_group_tests_name("window", tests, NULL, NULL);
}
