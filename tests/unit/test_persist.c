/* test_persist.c — the chat session written to clude.db as it happens
 * (src/repl/persist.c), driven through the real session with the offline
 * echo vendor and a fake front end: turns, the streaming reply, /retry,
 * /save, /sessions, /clear, resuming, and a broken database that costs one
 * warning and nothing else. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clude/app.h"
#include "clude/client.h"
#include "clude/repl.h"
#include "clude/store.h"
#include "clude/util.h"

#define MAX_PRINTED 64

static struct {
	enum entry_kind kind;
	char *text;
} printed[MAX_PRINTED];
static size_t n_printed;

static void forget(void)
{
	for (size_t i = 0; i < n_printed; i++)
		free(printed[i].text);
	n_printed = 0;
}

static size_t count(enum entry_kind kind, const char *needle)
{
	size_t n = 0;
	for (size_t i = 0; i < n_printed; i++)
		if (printed[i].kind == kind && (!needle || strstr(printed[i].text, needle)))
			n++;
	return n;
}

static void ui_print(struct session *s, enum entry_kind kind, const char *text)
{
	(void)s;
	assert_true(n_printed < MAX_PRINTED);
	printed[n_printed].kind = kind;
	printed[n_printed++].text = xstrdup(text);
}

static void ui_nop(struct session *s)
{
	(void)s;
}

static void ui_delta(struct session *s, const char *text, size_t len)
{
	(void)s;
	(void)text;
	(void)len;
}

static const struct repl_ui fake_ui = {
	.print = ui_print, .reply_begin = ui_nop, .reply_delta = ui_delta,
	.reply_end = ui_nop, .status = ui_nop,
};

static const char CONFIG[] = "providers:\n  default: echo\n";

struct world {
	struct app app;
	struct session s;
	volatile sig_atomic_t cancel;
};

static char tmpdir[PATH_MAX];
static char dbpath[PATH_MAX + 32];

static int setup(void **state)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/clude-persist-XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	setenv("CLUDE_HOME", tmpdir, 1);
	snprintf(dbpath, sizeof dbpath, "%s/clude.db", tmpdir);
	struct world *w = xcalloc(1, sizeof *w);
	struct clude_err err;
	err_clear(&err);
	if (config_parse("t.yaml", CONFIG, strlen(CONFIG), &w->app.cfg, &err) != 0 ||
	    provider_set_init(&w->app.providers, &w->app.cfg, &err) != 0) {
		fprintf(stderr, "config: %s\n", err.msg);
		return -1;
	}
	w->app.opt.temperature = -1;
	w->app.opt.quiet = true;
	struct provider *p;
	const char *model;
	if (app_resolve(&w->app, "echo", NULL, &p, &model, &err) != 0)
		return -1;
	session_init(&w->s, &w->app, &fake_ui, p, model);
	w->s.cancel = &w->cancel;
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

/* A value from another connection, as `clude sessions show` would see it. */
static long long scalar(const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	long long v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static char *text_of(const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	char *v = sqlite3_step(st) == SQLITE_ROW ? xstrdup((const char *)sqlite3_column_text(st, 0))
						 : NULL;
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static void assert_text(const char *sql, const char *want)
{
	char *got = text_of(sql);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void test_turns_saved(void **state)
{
	struct world *w = *state;
	struct session *s = &w->s;
	struct stat sb;
	assert_int_equal(stat(dbpath, &sb), -1); /* opened on first use */
	session_say(s, "hello world");
	assert_int_equal(stat(dbpath, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(count(ENTRY_ERROR, NULL), 0);
	assert_int_equal(scalar("SELECT count(*) FROM sessions"), 1);
	assert_text("SELECT provider || '/' || model FROM sessions", "echo/echo");
	assert_text("SELECT group_concat(role || ':' || content || ':' || interrupted, '|')"
		    " FROM (SELECT * FROM messages ORDER BY seq)",
		    "user:hello world:0|assistant:hello world:0");
	assert_text("SELECT outcome || ' ' || session_id || ' ' || provider FROM usage", "ok 1 echo");

	slash_dispatch(s, "/save greeting");
	assert_int_equal(count(ENTRY_INFO, "saved as \"greeting\""), 1);
	assert_text("SELECT name FROM sessions", "greeting");
	slash_dispatch(s, "/save 42");
	assert_int_equal(count(ENTRY_ERROR, "not only digits"), 1);

	session_retry(s); /* the reply is redone: still two messages */
	assert_int_equal(scalar("SELECT count(*) FROM messages"), 2);
	assert_int_equal(scalar("SELECT count(*) FROM usage"), 2);

	free(s->system);
	s->system = xstrdup("be terse");
	session_say(s, "second turn");
	assert_int_equal(scalar("SELECT count(*) FROM messages"), 4);
	assert_text("SELECT system FROM sessions", "be terse");

	forget();
	slash_dispatch(s, "/sessions");
	assert_int_equal(count(ENTRY_INFO, "★ 1"), 1);
	assert_int_equal(count(ENTRY_INFO, "hello world"), 1);

	slash_dispatch(s, "/clear"); /* a new conversation: a new session */
	session_say(s, "fresh start");
	assert_int_equal(scalar("SELECT count(*) FROM sessions"), 2);
	assert_int_equal(s->store_sid, 2);
	assert_int_equal(scalar("SELECT count(*) FROM messages WHERE session_id = 2"), 2);
}

static void test_streaming_reply_saved(void **state)
{
	struct world *w = *state;
	struct session *s = &w->s;
	session_say(s, "q1");
	s->msgs = xrealloc(s->msgs, (s->n_msgs + 1) * sizeof *s->msgs);
	s->msgs[s->n_msgs++] = (struct message){ .role = ROLE_USER, .content = xstrdup("q2") };
	persist_user(s, "q2");
	persist_reply_begin(s);
	const char *last = "SELECT content || ':' || interrupted FROM messages ORDER BY seq DESC";
	assert_text(last, ":1"); /* there from the start, marked unfinished */
	persist_reply_delta(s, "abc ", 4);
	assert_text(last, ":1"); /* not every chunk is written */
	usleep(300 * 1000);
	persist_reply_delta(s, "def", 3);
	assert_text(last, "abc def:1"); /* a crash now keeps this */

	struct chat_result r = { .text = "abc def gh", .latency_ms = 5, .ttft_ms = 1,
				 .usage = { .input_tokens = 7, .output_tokens = 3 } };
	struct clude_err err;
	err_set(&err, CLUDE_ECANCEL, "interrupted");
	persist_reply_end(s, &r, -1, &err, true);
	assert_text(last, "abc def gh:1");
	assert_text("SELECT outcome FROM usage ORDER BY id DESC", "interrupted");

	/* nothing came back: the turn leaves the conversation and the database */
	persist_user(s, "q3");
	persist_reply_begin(s);
	struct chat_result empty = { .text = "", .latency_ms = 1, .ttft_ms = -1 };
	err_set(&err, CLUDE_EHTTP, "HTTP 429");
	err.http_status = 429;
	persist_reply_end(s, &empty, -1, &err, false);
	assert_int_equal(scalar("SELECT count(*) FROM messages WHERE content = 'q3'"), 0);
	assert_int_equal(scalar("SELECT count(*) FROM messages"), 4);
	assert_text("SELECT outcome FROM usage ORDER BY id DESC", "http_429");
	assert_int_equal(scalar("SELECT ttft_ms IS NULL FROM usage ORDER BY id DESC"), 1);
}

static void test_resume(void **state)
{
	struct world *w = *state;
	struct session *s = &w->s;
	session_say(s, "remember 7");
	slash_dispatch(s, "/save seven");
	session_free(s);

	struct store *st;
	struct clude_err err;
	long long sid;
	struct saved_session saved;
	assert_int_equal(store_open(&st, &err), 0);
	assert_int_equal(sess_find(st, "seven", &sid, &err), 0);
	assert_int_equal(sess_load(st, sid, &saved, &err), 0);
	session_init(s, &w->app, &fake_ui, s->provider, "echo");
	s->cancel = &w->cancel;
	forget();
	struct repl_start start = { .provider = s->provider, .model = "echo", .warning = "",
				    .resume = &saved, .store = st };
	session_greet(s, &start, true);
	assert_int_equal(s->n_msgs, 2);
	assert_string_equal(s->msgs[0].content, "remember 7");
	assert_int_equal(count(ENTRY_USER, "remember 7"), 1); /* replayed */
	assert_int_equal(count(ENTRY_INFO, "resumed session 1 \"seven\": 2 messages"), 1);
	session_say(s, "what number?");
	assert_int_equal(scalar("SELECT count(*) FROM sessions"), 1);
	assert_int_equal(scalar("SELECT count(*) FROM messages WHERE session_id = 1"), 4);
	session_free(s); /* borrowed: the store is still ours */
	session_init(s, &w->app, &fake_ui, start.provider, "echo");
	assert_int_equal(store_version(st), STORE_VERSION);
	saved_session_free(&saved);
	store_close(st);
}

static void test_broken_db_one_warning(void **state)
{
	struct world *w = *state;
	struct session *s = &w->s;
	FILE *f = fopen(dbpath, "wb");
	assert_non_null(f);
	for (int i = 0; i < 4096; i++)
		fputc(i * 31 & 0xff, f);
	fclose(f);
	session_say(s, "first");
	session_say(s, "second");
	slash_dispatch(s, "/sessions");
	slash_dispatch(s, "/save name");
	assert_int_equal(s->n_msgs, 4); /* the chat went on */
	assert_string_equal(s->msgs[3].content, "second");
	assert_int_equal(count(ENTRY_ERROR, "not a database"), 1);
	assert_int_equal(count(ENTRY_ERROR, "warning:"), 1);
	assert_int_equal(count(ENTRY_ERROR, "not available"), 1); /* /save says why not */
	assert_int_equal(count(ENTRY_REPLY, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_turns_saved, setup, teardown),
		cmocka_unit_test_setup_teardown(test_streaming_reply_saved, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resume, setup, teardown),
		cmocka_unit_test_setup_teardown(test_broken_db_one_warning, setup, teardown),
	};
	return cmocka_run_group_tests_name("persist", tests, NULL, NULL);
}
