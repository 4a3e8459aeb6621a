/* test_window_config.c — the conversation window's inputs and outputs:
 * the budget from the config and the model table, the conversation
 * section of the config (values, defaults, file:line:col errors), and
 * the one-line notices the chat prints. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "clude/config.h"
#include "clude/util.h"
#include "clude/window.h"

static void test_budget(void **state)
{
	(void)state;
	struct conversation_conf c = { 0 };
	struct window_budget b;
	window_budget(&c, NULL, &b); /* unknown model */
	assert_int_equal(b.context, 8192);
	assert_int_equal(b.reserve, 1024);
	assert_int_equal(b.budget, 8192 - 1024);
	struct model_info gpt = { .id = "m", .context_window = 128000, .max_output = 16384 };
	window_budget(&c, &gpt, &b);
	assert_int_equal(b.reserve, 16384);
	assert_int_equal(b.budget, 128000 - 16384);
	struct model_info big_out = { .id = "m", .context_window = 200000, .max_output = 128000 };
	window_budget(&c, &big_out, &b);
	assert_int_equal(b.reserve, 50000); /* a quarter of the window at most */
	c.max_tokens = 200;
	window_budget(&c, &gpt, &b);
	assert_int_equal(b.context, 200);
	assert_int_equal(b.reserve, 50);
	assert_int_equal(b.budget, 150);
	c.reserve_set = true;
	c.reserve_output = 10;
	window_budget(&c, &gpt, &b);
	assert_int_equal(b.budget, 190);
	c.max_tokens = 0;
	c.reserve_output = 100000; /* explicit, but at most half */
	window_budget(&c, &gpt, &b);
	assert_int_equal(b.reserve, 64000);
	window_budget(NULL, NULL, &b);
	assert_int_equal(b.budget, 8192 - 1024);
}

static int parse(const char *text, struct config *cfg, struct clude_err *err)
{
	memset(cfg, 0, sizeof *cfg);
	err_clear(err);
	return config_parse("c.yaml", text, strlen(text), cfg, err);
}

static void test_config(void **state)
{
	(void)state;
	struct config cfg;
	struct clude_err err;
	assert_int_equal(parse("providers: {}\n", &cfg, &err), 0);
	assert_int_equal(cfg.conversation.strategy, CONV_SLIDING_WINDOW);
	assert_int_equal(cfg.conversation.max_tokens, 0);
	assert_false(cfg.conversation.reserve_set);
	config_free(&cfg);

	assert_int_equal(parse("conversation:\n  strategy: summarize\n  max_tokens: 32000\n"
			       "  reserve_output: 4000\n  colour: blue\n",
			       &cfg, &err), 0);
	assert_int_equal(cfg.conversation.strategy, CONV_SUMMARIZE);
	assert_int_equal(cfg.conversation.max_tokens, 32000);
	assert_int_equal(cfg.conversation.reserve_output, 4000);
	assert_true(cfg.conversation.reserve_set);
	assert_int_equal(cfg.n_warnings, 1);
	assert_string_equal(cfg.warnings[0], "c.yaml:5:3: warning: unknown key 'colour' (ignored)");
	config_free(&cfg);

	assert_int_equal(parse("conversation: { strategy: truncate }\n", &cfg, &err), 0);
	assert_int_equal(cfg.conversation.strategy, CONV_TRUNCATE);
	config_free(&cfg);
	assert_int_equal(parse("conversation: ~\n", &cfg, &err), 0);
	assert_int_equal(cfg.n_warnings, 0);
	config_free(&cfg);

	static const struct {
		const char *text, *msg;
	} bad[] = {
		{ "conversation:\n  strategy: fifo\n",
		  "c.yaml:2:13: 'strategy' must be sliding_window, truncate or summarize" },
		{ "conversation:\n  max_tokens: lots\n",
		  "c.yaml:2:15: 'max_tokens' must be a non-negative whole number" },
		{ "conversation:\n  max_tokens: 0\n", "c.yaml:2:15: 'max_tokens' must be at least 1" },
		{ "conversation:\n  reserve_output: -5\n",
		  "c.yaml:2:19: 'reserve_output' must be a non-negative whole number" },
		{ "conversation:\n  max_tokens: 100\n  reserve_output: 100\n",
		  "c.yaml:3:19: 'reserve_output' (100) must be less than 'max_tokens' (100)" },
		{ "conversation: [a, b]\n", "c.yaml:1:15: 'conversation' must be a mapping, not a list" },
		{ "conversation:\n  strategy: [x]\n",
		  "c.yaml:2:13: 'strategy' must be a string, not a list" },
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		assert_int_equal(parse(bad[i].text, &cfg, &err), -1);
		assert_int_equal(err.code, CLUDE_ECONFIG);
		assert_string_equal(err.msg, bad[i].msg);
		config_free(&cfg);
	}
}

static void test_describe(void **state)
{
	(void)state;
	char buf[400];
	window_fmt_count(0, buf, sizeof buf);
	assert_string_equal(buf, "0");
	window_fmt_count(999, buf, sizeof buf);
	assert_string_equal(buf, "999");
	window_fmt_count(131002, buf, sizeof buf);
	assert_string_equal(buf, "131,002");
	window_fmt_count(1234567, buf, sizeof buf);
	assert_string_equal(buf, "1,234,567");
	struct window_report rep = { .trimmed = true, .dropped_turns = 4, .tokens_before = 131002,
				     .tokens_after = 120500 };
	struct window_budget b = { 128000, 7500, 120500 };
	window_describe(&rep, &b, buf, sizeof buf);
	assert_string_equal(buf, "trimmed 4 old turns to fit the 128K context: 131,002 → 120,500 tokens");
	rep = (struct window_report){ .trimmed = true, .dropped_turns = 1, .cut_messages = 2,
				      .tokens_before = 250, .tokens_after = 150 };
	b = (struct window_budget){ 200, 50, 150 };
	window_describe(&rep, &b, buf, sizeof buf);
	assert_string_equal(buf, "cut 2 old messages and left out 1 old turn to fit the 200-token "
			    "context: 250 → 150 tokens");
	rep = (struct window_report){ .trimmed = true, .summarized_turns = 1, .tokens_before = 9000,
				      .tokens_after = 3000 };
	b = (struct window_budget){ 8192, 1024, 7168 };
	window_describe(&rep, &b, buf, sizeof buf);
	assert_string_equal(buf, "summarised 1 old turn into a note to fit the 8K context: 9,000 → "
			    "3,000 tokens");
	assert_string_equal(conv_strategy_name(CONV_TRUNCATE), "truncate");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_budget),
		cmocka_unit_test(test_config),
		cmocka_unit_test(test_describe),
	};
	return cmocka_run_group_tests_name("window_config", tests, NULL, NULL);
}
