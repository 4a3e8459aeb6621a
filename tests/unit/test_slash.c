/* test_slash.c — the REPL's slash commands without a terminal or a
 * network: the table is well-formed, dispatch runs the right command or
 * answers "did you mean", Tab completion offers commands, vendor names and
 * model ids, and /provider, /model, /system, /clear … change the session
 * as they should. A fake struct repl_ui records what would be printed. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clude/app.h"
#include "clude/config.h"
#include "clude/listing.h"
#include "clude/provider.h"
#include "clude/registry.h"
#include "clude/repl.h"
#include "clude/util.h"

/* ---- a fake front end ---- */

#define MAX_PRINTED 32

struct printed {
	enum entry_kind kind;
	char *text;
};

static struct printed printed[MAX_PRINTED];
static size_t n_printed;
static int n_status;

static void forget(void)
{
	for (size_t i = 0; i < n_printed; i++)
		free(printed[i].text);
	n_printed = 0;
	n_status = 0;
}

static void ui_print(struct session *s, enum entry_kind kind, const char *text)
{
	(void)s;
	assert_true(n_printed < MAX_PRINTED);
	printed[n_printed].kind = kind;
	printed[n_printed].text = xstrdup(text);
	n_printed++;
}

static void ui_status(struct session *s)
{
	(void)s;
	n_status++;
}

static void ui_no_reply(struct session *s)
{
	(void)s;
	fail_msg("a slash command started a request");
}

static void ui_no_delta(struct session *s, const char *text, size_t len)
{
	(void)s;
	(void)text;
	(void)len;
	fail_msg("a slash command streamed a reply");
}

static const struct repl_ui fake_ui = {
	.print = ui_print,
	.reply_begin = ui_no_reply,
	.reply_delta = ui_no_delta,
	.reply_end = ui_no_reply,
	.status = ui_status,
};

/* The one entry printed since forget(), of the given kind. */
static const char *only(enum entry_kind kind)
{
	if (n_printed != 1)
		fail_msg("expected one entry, got %zu (first: '%s')", n_printed,
			 n_printed ? printed[0].text : "");
	assert_int_equal(printed[0].kind, kind);
	return printed[0].text;
}

/* ---- the world: a config, its provider set, a session ---- */

static const char CONFIG[] = "providers:\n"
			     "  default: openai\n"
			     "  openai:\n"
			     "    api_key: sk-test-openai-00001111\n"
			     "    default_model: gpt-test\n"
			     "    models:\n"
			     "      - id: gpt-test\n"
			     "        input_price: 1\n"
			     "        output_price: 2\n"
			     "  dmock:\n"
			     "    type: openai_compat\n"
			     "    api_key: dm-key-00001111\n"
			     "    base_url: http://127.0.0.1:9/v1\n"
			     "    default_model: m1\n"
			     "    models:\n"
			     "      - id: m1\n"
			     "      - id: m2\n"
			     "      - id: other\n"
			     "  doff:\n"
			     "    type: openai_compat\n"
			     "    base_url: http://127.0.0.1:9/v1\n"
			     "    default_model: x\n"
			     "    enabled: false\n"
			     "  nodefault:\n"
			     "    type: openai_compat\n"
			     "    base_url: http://127.0.0.1:9/v1\n";

struct world {
	struct app app;
	struct session s;
};

static char tmpdir[PATH_MAX];

static void unset_all_keys(void)
{
	for (size_t i = 0; i < registry_count(); i++)
		if (registry_at(i)->key_env)
			unsetenv(registry_at(i)->key_env);
}

static int setup(void **state)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/clude-slash-XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	setenv("CLUDE_HOME", tmpdir, 1);
	unsetenv("CLUDE_CONFIG");
	unset_all_keys();
	struct world *w = xcalloc(1, sizeof *w);
	struct clude_err err;
	err_clear(&err);
	if (config_parse("t.yaml", CONFIG, strlen(CONFIG), &w->app.cfg, &err) != 0 ||
	    provider_set_init(&w->app.providers, &w->app.cfg, &err) != 0) {
		fprintf(stderr, "config: %s\n", err.msg);
		return -1;
	}
	snprintf(w->app.cfg_path, sizeof w->app.cfg_path, "t.yaml");
	w->app.opt.temperature = -1;
	struct provider *p;
	const char *model;
	if (app_resolve(&w->app, NULL, NULL, &p, &model, &err) != 0) {
		fprintf(stderr, "resolve: %s\n", err.msg);
		return -1;
	}
	session_init(&w->s, &w->app, &fake_ui, p, model);
	forget();
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;
	forget();
	session_free(&w->s);
	app_free(&w->app);
	free(w);
	char cmd[PATH_MAX + 16];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Give the session a conversation, as if two turns had happened. */
static void fake_conversation(struct session *s)
{
	s->msgs = xcalloc(2, sizeof *s->msgs);
	s->msgs[0] = (struct message){ .role = ROLE_USER, .content = xstrdup("hi") };
	s->msgs[1] = (struct message){ .role = ROLE_ASSISTANT, .content = xstrdup("hello") };
	s->n_msgs = 2;
}

/* All completions of word (at byte start of line), joined by spaces. */
static const char *complete_all(struct session *s, const char *line, size_t start)
{
	static char out[4096];
	struct buf b = { 0 };
	char one[256];
	for (size_t i = 0; i < 200; i++) {
		if (!slash_complete(s, line, start, line + start, i, one, sizeof one))
			break;
		if (b.len)
			buf_putc(&b, ' ');
		buf_puts(&b, one);
	}
	snprintf(out, sizeof out, "%s", b.data ? b.data : "");
	buf_free(&b);
	return out;
}

/* ---- the table ---- */

static void test_table(void **state)
{
	(void)state;
	size_t n;
	const struct slash_cmd *const *t = slash_table(&n);
	assert_int_equal(n, 12);
	static const char *const want[] = { "providers", "provider", "models", "model",
					    "cost",      "clear",    "system", "retry",
					    "save",      "sessions", "help",   "quit" };
	for (size_t i = 0; i < ARRAY_LEN(want); i++)
		assert_non_null(slash_find(want[i]));
	for (size_t i = 0; i < n; i++) {
		const struct slash_cmd *c = t[i];
		assert_non_null(c);
		assert_non_null(c->name);
		assert_true(*c->name);
		for (const char *p = c->name; *p; p++)
			if (*p < 'a' || *p > 'z')
				fail_msg("command name '%s' is not [a-z]+", c->name);
		if (!c->summary || !*c->summary)
			fail_msg("/%s has no summary", c->name);
		if (!c->args)
			fail_msg("/%s: args is NULL (use \"\")", c->name);
		if (!c->run)
			fail_msg("/%s has no run function", c->name);
		assert_ptr_equal(slash_find(c->name), c);
		for (size_t j = 0; j < i; j++)
			if (!strcmp(t[j]->name, c->name))
				fail_msg("/%s twice in the table", c->name);
		size_t k;
		for (k = 0; k < ARRAY_LEN(want); k++)
			if (!strcmp(want[k], c->name))
				break;
		if (k == ARRAY_LEN(want))
			fail_msg("unexpected command /%s", c->name);
	}
	/* the commands that take an argument complete it */
	assert_non_null(slash_find("provider")->complete_arg);
	assert_non_null(slash_find("model")->complete_arg);
	assert_string_equal(slash_find("provider")->args, "NAME");
	assert_string_equal(slash_find("model")->args, "ID");
	assert_string_equal(slash_find("system")->args, "TEXT");
	assert_string_equal(slash_find("quit")->args, "");
	/* lookups are exact; exit and q are aliases of quit */
	assert_null(slash_find("nope"));
	assert_null(slash_find(""));
	assert_null(slash_find("prov"));
	assert_null(slash_find("QUIT"));
	assert_null(slash_find("/quit"));
	assert_ptr_equal(slash_find("exit"), slash_find("quit"));
	assert_ptr_equal(slash_find("q"), slash_find("quit"));
}

/* ---- dispatch ---- */

static void test_did_you_mean(void **state)
{
	struct world *w = *state;
	struct session *s = &w->s;
	static const struct {
		const char *line, *printed;
	} cases[] = {
		{ "/provdier", "unknown command /provdier (did you mean /provider?)" },
		{ "/providres", "unknown command /providres (did you mean /providers?)" },
		{ "/hlep", "unknown command /hlep (did you mean /help?)" },
		{ "/qiut", "unknown command /qiut (did you mean /quit?)" },
		{ "/cst", "unknown command /cst (did you mean /cost?)" },
		{ "/retr", "unknown command /retr (did you mean /retry?)" },
		{ "/QUIT", "unknown command /QUIT (did you mean /quit?)" },
		{ "/sys be brief", "unknown command /sys (did you mean /system?)" },
		{ "/xyzzy", "unknown command /xyzzy; /help lists them" },
		{ "/completelyunrelated", "unknown command /completelyunrelated; /help lists them" },
		{ "/", "unknown command /; /help lists them" },
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		forget();
		slash_dispatch(s, cases[i].line);
		assert_string_equal(only(ENTRY_ERROR), cases[i].printed);
		assert_false(s->quit);
	}
	/* a very long name is cut, not overflowed */
	char longname[200];
	memset(longname, 'x', sizeof longname - 1);
	longname[0] = '/';
	longname[sizeof longname - 1] = '\0';
	forget();
	slash_dispatch(s, longname);
	assert_true(strncmp(only(ENTRY_ERROR), "unknown command /xxxx", 21) == 0);
}

static void test_dispatch_args_trimmed(void **state)
{
	struct world *w = *state;
	struct session *s = &w->s;
	slash_dispatch(s, "/system   be brief  ");
	assert_string_equal(s->system, "be brief");
	assert_string_equal(only(ENTRY_INFO), "✓ system prompt set");
	forget();
	slash_dispatch(s, "/system\tterse\t");
	assert_string_equal(s->system, "terse");
	forget();
	slash_dispatch(s, "/system");
	assert_null(s->system);
	assert_string_equal(only(ENTRY_INFO), "✓ system prompt cleared");
	forget();
	slash_dispatch(s, "/system    ");
	assert_null(s->system);
}

static void test_quit_and_aliases(void **state)
{
	struct world *w = *state;
	slash_dispatch(&w->s, "/quit");
	assert_true(w->s.quit);
	assert_int_equal(n_printed, 0);
	w->s.quit = false;
	slash_dispatch(&w->s, "/exit");
	assert_true(w->s.quit);
	w->s.quit = false;
	slash_dispatch(&w->s, "/q");
	assert_true(w->s.quit);
}

static void test_help_lists_everything(void **state)
{
	struct world *w = *state;
	slash_dispatch(&w->s, "/help");
	const char *h = only(ENTRY_INFO);
	size_t n;
	const struct slash_cmd *const *t = slash_table(&n);
	for (size_t i = 0; i < n; i++) {
		char want[64];
		snprintf(want, sizeof want, "/%s%s%s", t[i]->name, *t[i]->args ? " " : "", t[i]->args);
		if (!strstr(h, want) || !strstr(h, t[i]->summary))
			fail_msg("/help lacks '%s' or its summary:\n%s", want, h);
	}
	assert_non_null(strstr(h, "Ctrl-C"));
	assert_non_null(strstr(h, "PageUp"));
}

static void test_clear_cost_retry_offline(void **state)
{
	struct world *w = *state;
	struct session *s = &w->s;
	slash_dispatch(s, "/cost");
	assert_string_equal(only(ENTRY_INFO), "no requests yet this session");
	forget();
	slash_dispatch(s, "/retry"); /* nothing said yet: no request */
	assert_string_equal(only(ENTRY_ERROR), "nothing to retry");
	forget();
	fake_conversation(s);
	s->system = xstrdup("keep me");
	slash_dispatch(s, "/clear");
	assert_int_equal(s->n_msgs, 0);
	assert_string_equal(s->system, "keep me"); /* the system prompt stays */
	assert_string_equal(only(ENTRY_INFO), "✓ new conversation");
}

static void test_providers_and_models_tables(void **state)
{
	struct world *w = *state;
	struct session *s = &w->s;
	slash_dispatch(s, "/providers");
	const char *t = only(ENTRY_INFO);
	assert_non_null(strstr(t, "openai"));
	assert_non_null(strstr(t, "dmock"));
	assert_non_null(strstr(t, "★")); /* the current one is marked */
	forget();
	slash_dispatch(s, "/provider dmock");
	forget();
	slash_dispatch(s, "/models");
	t = only(ENTRY_INFO);
	assert_non_null(strstr(t, "m1"));
	assert_non_null(strstr(t, "m2"));
	assert_non_null(strstr(t, "other"));
	forget();
	slash_dispatch(s, "/provider nodefault");
	assert_int_equal(n_printed, 1); /* no default model: an error, no switch */
	forget();
}

/* ---- /provider and /model switch the session, offline ---- */

static void test_provider_switch(void **state)
{
	struct world *w = *state;
	struct session *s = &w->s;
	struct provider *openai = provider_find(&w->app.providers, "openai");
	struct provider *dmock = provider_find(&w->app.providers, "dmock");
	assert_ptr_equal(s->provider, openai);
	assert_string_equal(s->model, "gpt-test");
	fake_conversation(s);

	slash_dispatch(s, "/provider");
	assert_string_equal(only(ENTRY_INFO), "provider: OpenAI (openai) — /provider NAME to switch");
	assert_ptr_equal(s->provider, openai);
	forget();

	slash_dispatch(s, "/provider dmock");
	assert_ptr_equal(s->provider, dmock);
	assert_string_equal(s->model, "m1"); /* the vendor's default model */
	assert_string_equal(only(ENTRY_INFO), "✓ provider: dmock (m1)");
	assert_true(n_status >= 1); /* the status line was told */
	assert_int_equal(s->n_msgs, 2); /* the conversation is kept */
	forget();

	/* failures change nothing and say why */
	slash_dispatch(s, "/provider nosuch");
	assert_non_null(strstr(only(ENTRY_ERROR), "unknown provider 'nosuch'"));
	assert_ptr_equal(s->provider, dmock);
	assert_string_equal(s->model, "m1");
	assert_int_equal(n_status, 0);
	forget();
	slash_dispatch(s, "/provider dmokc");
	assert_non_null(strstr(only(ENTRY_ERROR), "did you mean 'dmock'"));
	forget();
	slash_dispatch(s, "/provider doff");
	assert_non_null(strstr(only(ENTRY_ERROR), "disabled"));
	assert_ptr_equal(s->provider, dmock);
	forget();
	slash_dispatch(s, "/provider deepseek"); /* no key anywhere */
	const char *e = only(ENTRY_ERROR);
	assert_non_null(strstr(e, "no API key"));
	assert_non_null(strstr(e, "DEEPSEEK_API_KEY"));
	assert_ptr_equal(s->provider, dmock);
	forget();
	slash_dispatch(s, "/provider openai_compat"); /* the template is no vendor */
	assert_non_null(strstr(only(ENTRY_ERROR), "unknown provider"));
	forget();

	slash_dispatch(s, "/provider   openai  ");
	assert_ptr_equal(s->provider, openai);
	assert_string_equal(s->model, "gpt-test");
	assert_int_equal(s->n_msgs, 2);
}

static void test_model_switch(void **state)
{
	struct world *w = *state;
	struct session *s = &w->s;
	fake_conversation(s);
	slash_dispatch(s, "/provider dmock");
	forget();

	slash_dispatch(s, "/model");
	assert_string_equal(only(ENTRY_INFO), "model: m1 — /model ID to switch, /models lists them");
	forget();

	slash_dispatch(s, "/model m2");
	assert_string_equal(s->model, "m2");
	assert_string_equal(only(ENTRY_INFO), "✓ model: m2");
	assert_true(n_status >= 1);
	assert_ptr_equal(s->provider, provider_find(&w->app.providers, "dmock"));
	assert_int_equal(s->n_msgs, 2);
	forget();

	/* not in the table: allowed, with a hint first */
	slash_dispatch(s, "/model m3");
	assert_string_equal(s->model, "m3");
	assert_int_equal(n_printed, 2);
	assert_int_equal(printed[0].kind, ENTRY_ERROR);
	assert_non_null(strstr(printed[0].text, "'m3' is not in dmock's table"));
	assert_non_null(strstr(printed[0].text, "using it anyway"));
	assert_int_equal(printed[1].kind, ENTRY_INFO);
	assert_string_equal(printed[1].text, "✓ model: m3");
	forget();

	/* the session owns its copy of the id (the line is freed after) */
	char *line = xstrdup("/model   m1  ");
	slash_dispatch(s, line);
	memset(line, 'X', strlen(line));
	free(line);
	assert_string_equal(s->model, "m1");
	forget();

	/* switching vendor goes back to that vendor's default model */
	slash_dispatch(s, "/model other");
	slash_dispatch(s, "/provider openai");
	assert_string_equal(s->model, "gpt-test");
	forget();
	slash_dispatch(s, "/model gpt-test");
	assert_string_equal(only(ENTRY_INFO), "✓ model: gpt-test");
}

/* ---- completion ---- */

static void test_complete_commands(void **state)
{
	struct world *w = *state;
	struct session *s = &w->s;
	/* readline hands the word with its '/' */
	assert_string_equal(complete_all(s, "/pro", 0), "/providers /provider");
	assert_string_equal(complete_all(s, "/provider", 0), "/providers /provider");
	assert_string_equal(complete_all(s, "/providers", 0), "/providers");
	assert_string_equal(complete_all(s, "/mo", 0), "/models /model");
	assert_string_equal(complete_all(s, "/q", 0), "/quit");
	assert_string_equal(complete_all(s, "/zz", 0), "");
	assert_string_equal(complete_all(s, "/",
					 0), "/providers /provider /models /model /cost /clear "
					     "/system /retry /save /sessions /help /quit");
	/* plain text is never completed */
	assert_string_equal(complete_all(s, "pro", 0), "");
	assert_string_equal(complete_all(s, "hello wor", 6), "");
	/* the out buffer is respected */
	char small[5];
	assert_true(slash_complete(s, "/pro", 0, "/pro", 0, small, sizeof small));
	assert_string_equal(small, "/pro");
}

static void test_complete_vendor_names(void **state)
{
	struct world *w = *state;
	struct session *s = &w->s;
	/* "/provider d" + Tab: every usable vendor whose name starts with d */
	struct buf want = { 0 };
	for (size_t i = 0; i < w->app.providers.n; i++) {
		const struct provider *p = &w->app.providers.items[i];
		if (!provider_is_template(p) && p->decl->name[0] == 'd') {
			if (want.len)
				buf_putc(&want, ' ');
			buf_puts(&want, p->decl->name);
		}
	}
	const char *got = complete_all(s, "/provider d", 10);
	assert_string_equal(got, want.data);
	assert_non_null(strstr(got, "deepseek"));
	assert_non_null(strstr(got, "dmock"));
	for (const char *p = got; *p; p = strchr(p, ' ') ? strchr(p, ' ') + 1 : p + strlen(p))
		assert_int_equal(*p, 'd');
	buf_free(&want);
	assert_string_equal(complete_all(s, "/provider dm", 10), "dmock");
	assert_string_equal(complete_all(s, "/provider openai", 10), "openai");
	assert_string_equal(complete_all(s, "/provider zzz", 10), "");
	assert_null(strstr(complete_all(s, "/provider o", 10), "openai_compat"));
	/* "/provider " + Tab: all of them, as many as the set has usable */
	size_t usable = 0;
	for (size_t i = 0; i < w->app.providers.n; i++)
		usable += !provider_is_template(&w->app.providers.items[i]);
	const char *all = complete_all(s, "/provider ", 10);
	size_t words = *all ? 1 : 0;
	for (const char *p = all; *p; p++)
		words += *p == ' ';
	assert_int_equal(words, usable);
}

static void test_complete_model_ids(void **state)
{
	struct world *w = *state;
	struct session *s = &w->s;
	slash_dispatch(s, "/provider dmock");
	/* "/model " + Tab: the current vendor's model ids */
	assert_string_equal(complete_all(s, "/model ", 7), "m1 m2 other");
	assert_string_equal(complete_all(s, "/model m", 7), "m1 m2");
	assert_string_equal(complete_all(s, "/model o", 7), "other");
	assert_string_equal(complete_all(s, "/model z", 7), "");
	/* after a switch, the new vendor's */
	slash_dispatch(s, "/provider openai");
	const char *ids = complete_all(s, "/model ", 7);
	assert_true(strncmp(ids, "gpt-test", 8) == 0); /* the config's table first */
	size_t n = provider_model_count(s->provider);
	size_t words = 1;
	for (const char *p = ids; *p; p++)
		words += *p == ' ';
	assert_int_equal(words, n);
	/* commands without argument completion, and unknown ones, offer nothing */
	assert_string_equal(complete_all(s, "/cost ", 6), "");
	assert_string_equal(complete_all(s, "/system x", 8), "");
	assert_string_equal(complete_all(s, "/nope x", 6), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_did_you_mean, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dispatch_args_trimmed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quit_and_aliases, setup, teardown),
		cmocka_unit_test_setup_teardown(test_help_lists_everything, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clear_cost_retry_offline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_providers_and_models_tables, setup, teardown),
		cmocka_unit_test_setup_teardown(test_provider_switch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_model_switch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_complete_commands, setup, teardown),
		cmocka_unit_test_setup_teardown(test_complete_vendor_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_complete_model_ids, setup, teardown),
	};
	return cmocka_run_group_tests_name("slash", tests, NULL, NULL);
}
