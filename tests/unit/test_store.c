/* test_store.c — clude.db: the schema on an empty file and its migration
 * from v1, usage rows and their totals, saved sessions, and databases that
 * are corrupt or read-only (errors, never crashes). */
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
#include <time.h>
#include <unistd.h>

#include "clude/store.h"
#include "clude/util.h"

static char tmpdir[PATH_MAX];
static char path[PATH_MAX + 32];
static int seq;

static int setup(void **state)
{
	(void)state;
	snprintf(path, sizeof path, "%s/t%d.db", tmpdir, ++seq);
	return 0;
}

static struct store *open_ok(unsigned flags)
{
	struct store *st = NULL;
	struct clude_err err;
	err_clear(&err);
	if (store_open_path(path, flags, &st, &err) != 0)
		fail_msg("store_open_path: %s", err.msg);
	return st;
}

/* One value from a query run with the sqlite3 API directly. */
static long long scalar(const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	long long v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static void test_schema_on_empty_file(void **state)
{
	(void)state;
	struct store *st = open_ok(0);
	assert_int_equal(store_version(st), STORE_VERSION);
	assert_int_equal(store_n_steps(), STORE_VERSION);
	assert_null(store_step_sql(STORE_VERSION));
	store_close(st);
	assert_int_equal(scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN"
				" ('usage', 'sessions', 'messages')"), 3);
	assert_int_equal(scalar("SELECT count(*) FROM pragma_table_info('usage')"
				" WHERE name = 'session_id'"), 1);
	assert_int_equal(scalar("PRAGMA user_version"), STORE_VERSION);
	assert_int_equal(scalar("SELECT journal_mode = 'wal' FROM pragma_journal_mode"), 1);
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	/* opening again changes nothing */
	st = open_ok(0);
	assert_int_equal(store_version(st), STORE_VERSION);
	store_close(st);
}

/* The log is kept across processes (no checkpoint on close) and truncated
 * once it holds 64 pages, so it never grows past ~256 KiB. */
static void test_wal_stays_small(void **state)
{
	(void)state;
	char wal[PATH_MAX + 40];
	snprintf(wal, sizeof wal, "%s-wal", path);
	struct usage_row row = { .provider = "p", .model = "m", .cost_usd = -1, .latency_ms = 9,
				 .ttft_ms = -1, .outcome = "ok" };
	struct clude_err err;
	struct stat sb;
	off_t most = 0;
	for (int i = 0; i < 300; i++) { /* one process per request, as clude -p */
		struct store *st = open_ok(0);
		if (usage_add(st, &row, &err) != 0)
			fail_msg("usage_add: %s", err.msg);
		store_close(st);
		assert_int_equal(stat(wal, &sb), 0); /* kept: no checkpoint on close */
		assert_int_equal(sb.st_mode & 0777, 0600);
		if (sb.st_size > most)
			most = sb.st_size;
	}
	assert_true(most > 0);
	assert_true(most <= 65 * (4096 + 24) + 32);
	assert_int_equal(scalar("SELECT count(*) FROM usage"), 300);
}

static void test_store_open_modes(void **state)
{
	(void)state;
	char home[PATH_MAX + 32], db[PATH_MAX + 64];
	snprintf(home, sizeof home, "%s/home-%d/deeper", tmpdir, seq);
	setenv("CLUDE_HOME", home, 1);
	mode_t old = umask(0);
	struct store *st;
	struct clude_err err;
	err_clear(&err);
	int rc = store_open(&st, &err);
	umask(old);
	assert_int_equal(rc, 0);
	store_close(st);
	assert_string_equal(store_path(db, sizeof db) + strlen(home), "/clude.db");
	struct stat sb;
	assert_int_equal(stat(home, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	assert_int_equal(stat(db, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
}

static void test_migration_from_v1(void **state)
{
	(void)state;
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	char *msg = NULL;
	int rc = sqlite3_exec(db, store_step_sql(0), NULL, NULL, &msg);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db,
				  "PRAGMA user_version = 1;"
				  "INSERT INTO usage (ts, provider, model, input_tokens, output_tokens,"
				  " cost_usd, latency_ms, outcome) VALUES (1000, 'openai', 'gpt-x', 10, 5,"
				  " 0.5, 120, 'ok');"
				  "INSERT INTO sessions (created, updated, provider, model)"
				  " VALUES (1, 2, 'openai', 'gpt-x');"
				  "INSERT INTO messages (session_id, seq, role, content, created)"
				  " VALUES (1, 1, 'user', 'old question', 1);",
				  NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		fail_msg("v1: %s", msg);
	sqlite3_close(db);
	assert_int_equal(scalar("SELECT count(*) FROM pragma_table_info('usage')"
				" WHERE name = 'session_id'"), 0);

	struct store *st = open_ok(0);
	assert_int_equal(store_version(st), 2);
	struct usage_sum total;
	struct clude_err err;
	assert_int_equal(usage_query(st, 0, USAGE_BY_NONE, &total, NULL, NULL, &err), 0);
	assert_int_equal(total.requests, 1);
	assert_int_equal(total.input_tokens, 10);
	assert_true(total.cost_usd > 0.49 && total.cost_usd < 0.51);
	struct saved_session s;
	assert_int_equal(sess_load(st, 1, &s, &err), 0);
	assert_int_equal(s.n_msgs, 1);
	assert_string_equal(s.msgs[0].content, "old question");
	saved_session_free(&s);
	/* the v2 column works */
	struct usage_row row = { .provider = "p", .model = "m", .cost_usd = -1, .latency_ms = -1,
				 .ttft_ms = -1, .outcome = "ok", .session_id = 1 };
	assert_int_equal(usage_add(st, &row, &err), 0);
	store_close(st);
	assert_int_equal(scalar("PRAGMA user_version"), 2);
	assert_int_equal(scalar("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN"
				" ('usage_session', 'sessions_updated')"), 2);
	assert_int_equal(scalar("SELECT count(*) FROM usage WHERE session_id = 1"), 1);
	assert_int_equal(scalar("SELECT count(*) FROM usage WHERE session_id IS NULL"), 1);
}

static void test_newer_schema_refused(void **state)
{
	(void)state;
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	struct store *st = (struct store *)1;
	struct clude_err err;
	err_clear(&err);
	assert_int_equal(store_open_path(path, 0, &st, &err), -1);
	assert_null(st);
	assert_int_equal(err.code, CLUDE_EIO);
	assert_non_null(strstr(err.msg, "newer"));
}

static void add(struct store *st, long long ts, const char *prov, const char *model, long in,
		long out, double cost, double lat, const char *outcome)
{
	struct usage_row r = { .ts = ts, .provider = prov, .model = model, .input_tokens = in,
			       .output_tokens = out, .cached_tokens = in / 2, .reasoning_tokens = 1,
			       .cost_usd = cost, .latency_ms = lat, .ttft_ms = lat / 2,
			       .outcome = outcome };
	struct clude_err err;
	err_clear(&err);
	if (usage_add(st, &r, &err) != 0)
		fail_msg("usage_add: %s", err.msg);
}

static const struct usage_sum *group(const struct usage_sum *g, size_t n, const char *prov,
				     const char *model, const char *day)
{
	for (size_t i = 0; i < n; i++)
		if ((!prov || !strcmp(g[i].provider, prov)) && (!model || !strcmp(g[i].model, model)) &&
		    (!day || !strcmp(g[i].day, day)))
			return &g[i];
	fail_msg("no group %s/%s/%s", prov, model, day);
	return NULL;
}

static void test_usage_totals(void **state)
{
	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	const long long day1 = 1700000000000LL; /* 2023-11-14 22:13 UTC */
	const long long day2 = day1 + 86400000LL;
	struct store *st = open_ok(0);
	add(st, day1, "openai", "gpt-a", 100, 10, 0.25, 200, "ok");
	add(st, day1 + 1000, "openai", "gpt-a", 50, 5, 0.125, 400, "ok");
	add(st, day1 + 2000, "openai", "gpt-b", 30, 0, -1, 50, "http_429");
	add(st, day2, "groq", "llama", 20, 4, -1, 100, "interrupted");
	add(st, day2 + 5, "groq", "llama", 10, 2, 0.5, 300, "ok");

	struct usage_sum t, *g;
	size_t n;
	struct clude_err err;
	assert_int_equal(usage_query(st, 0, USAGE_BY_MODEL, &t, &g, &n, &err), 0);
	assert_int_equal(t.requests, 5);
	assert_int_equal(t.input_tokens, 210);
	assert_int_equal(t.output_tokens, 21);
	assert_int_equal(t.cached_tokens, 50 + 25 + 15 + 10 + 5);
	assert_int_equal(t.reasoning_tokens, 5);
	assert_int_equal(t.errors, 1);
	assert_int_equal(t.interrupted, 1);
	assert_int_equal(t.unpriced, 2);
	assert_true(t.cost_usd > 0.874 && t.cost_usd < 0.876);
	assert_true(t.avg_latency_ms > 299.9 && t.avg_latency_ms < 300.1); /* ok rows only */
	assert_null(t.provider);
	assert_int_equal(n, 3);
	const struct usage_sum *a = group(g, n, "openai", "gpt-a", NULL);
	assert_int_equal(a->requests, 2);
	assert_int_equal(a->input_tokens, 150);
	assert_true(a->cost_usd > 0.374 && a->cost_usd < 0.376);
	assert_int_equal(group(g, n, "openai", "gpt-b", NULL)->errors, 1);
	assert_int_equal(group(g, n, "openai", "gpt-b", NULL)->avg_latency_ms < 0, 1);
	usage_sums_free(g, n);

	assert_int_equal(usage_query(st, 0, USAGE_BY_PROVIDER, &t, &g, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(group(g, n, "openai", NULL, NULL)->requests, 3);
	assert_int_equal(group(g, n, "groq", NULL, NULL)->output_tokens, 6);
	assert_null(g[0].model);
	usage_sums_free(g, n);

	assert_int_equal(usage_query(st, 0, USAGE_BY_DAY, &t, &g, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(group(g, n, NULL, NULL, "2023-11-14")->requests, 3);
	assert_int_equal(group(g, n, NULL, NULL, "2023-11-15")->requests, 2);
	usage_sums_free(g, n);

	/* --since */
	assert_int_equal(usage_query(st, day2, USAGE_BY_PROVIDER, &t, &g, &n, &err), 0);
	assert_int_equal(t.requests, 2);
	assert_int_equal(n, 1);
	assert_string_equal(g[0].provider, "groq");
	usage_sums_free(g, n);
	long long since;
	assert_int_equal(usage_parse_since("2023-11-15", 0, &since, &err), 0);
	assert_int_equal(since, 1700006400000LL); /* midnight UTC */
	assert_int_equal(usage_query(st, since, USAGE_BY_NONE, &t, NULL, NULL, &err), 0);
	assert_int_equal(t.requests, 2);
	assert_int_equal(usage_query(st, day2 + 10, USAGE_BY_MODEL, &t, &g, &n, &err), 0);
	assert_int_equal(t.requests, 0);
	assert_int_equal(t.avg_latency_ms < 0, 1);
	assert_int_equal(n, 0);
	usage_sums_free(g, n);
	store_close(st);
	unsetenv("TZ");
	tzset();
}

static void test_usage_since_and_outcome(void **state)
{
	(void)state;
	long long v;
	struct clude_err err;
	const long long now = 1000LL * 86400000LL;
	assert_int_equal(usage_parse_since("7d", now, &v, &err), 0);
	assert_int_equal(v, now - 7 * 86400000LL);
	assert_int_equal(usage_parse_since("24h", now, &v, &err), 0);
	assert_int_equal(v, now - 86400000LL);
	assert_int_equal(usage_parse_since("30m", now, &v, &err), 0);
	assert_int_equal(v, now - 1800000LL);
	assert_int_equal(usage_parse_since("2w", now, &v, &err), 0);
	assert_int_equal(v, now - 14 * 86400000LL);
	const char *bad[] = { "", "7", "d", "0d", "-1d", "7x", "7dd", "2023-02-29", "2023-13-01",
			      "2023-1-01", " 7d", "2023-01-011" };
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		err_clear(&err);
		if (usage_parse_since(bad[i], now, &v, &err) == 0)
			fail_msg("'%s' was accepted", bad[i]);
		assert_int_equal(err.code, CLUDE_EUSAGE);
	}
	assert_int_equal(usage_parse_since("2024-02-29", now, &v, &err), 0);

	char buf[32];
	err_clear(&err);
	assert_string_equal(usage_outcome(0, &err, buf, sizeof buf), "ok");
	err_set(&err, CLUDE_EHTTP, "x");
	err.http_status = 429;
	assert_string_equal(usage_outcome(-1, &err, buf, sizeof buf), "http_429");
	err_set(&err, CLUDE_ECANCEL, "x");
	assert_string_equal(usage_outcome(-1, &err, buf, sizeof buf), "interrupted");
	err_set(&err, CLUDE_ETIMEOUT, "x");
	assert_string_equal(usage_outcome(-1, &err, buf, sizeof buf), "timeout");
	err_set(&err, CLUDE_ENET, "x");
	assert_string_equal(usage_outcome(-1, &err, buf, sizeof buf), "network");
}

static void test_sessions(void **state)
{
	(void)state;
	struct store *st = open_ok(0);
	struct clude_err err;
	long long a, b, id;
	assert_int_equal(sess_find(st, NULL, &id, &err), -1);
	assert_non_null(strstr(err.msg, "no saved conversations"));
	assert_int_equal(sess_create(st, "openai", "gpt-a", "be brief", &a, &err), 0);
	long long u1, r1, u2, r2;
	assert_int_equal(sess_append(st, a, ROLE_USER, "first question\nmore", false, &u1, &err), 0);
	assert_int_equal(sess_append(st, a, ROLE_ASSISTANT, "", true, &r1, &err), 0);
	assert_int_equal(sess_update_msg(st, r1, "partial ans", true, &err), 0);
	assert_int_equal(sess_update_msg(st, r1, "partial answer", false, &err), 0);
	assert_int_equal(sess_append(st, a, ROLE_USER, "second", false, &u2, &err), 0);
	assert_int_equal(sess_append(st, a, ROLE_ASSISTANT, "cut sh", true, &r2, &err), 0);
	usleep(2000);
	assert_int_equal(sess_create(st, "groq", "llama", NULL, &b, &err), 0);
	assert_int_equal(sess_find(st, "", &id, &err), 0);
	assert_int_equal(id, b); /* the most recent */

	/* /retry drops the replies after the last user turn */
	assert_int_equal(sess_drop_tail(st, a, &err), 0);
	assert_int_equal(sess_append(st, a, ROLE_ASSISTANT, "again", false, &r2, &err), 0);
	usleep(2000);
	assert_int_equal(sess_touch(st, a, "openai", "gpt-b", NULL, &err), 0);
	assert_int_equal(sess_find(st, NULL, &id, &err), 0);
	assert_int_equal(id, a);

	struct saved_session s;
	assert_int_equal(sess_load(st, a, &s, &err), 0);
	assert_string_equal(s.model, "gpt-b");
	assert_null(s.system);
	assert_null(s.name);
	assert_int_equal(s.turns, 2);
	assert_string_equal(s.first_line, "first question");
	assert_int_equal(s.n_msgs, 4);
	assert_int_equal(s.msgs[0].role, ROLE_USER);
	assert_string_equal(s.msgs[1].content, "partial answer");
	assert_false(s.msgs[1].interrupted);
	assert_string_equal(s.msgs[3].content, "again");
	saved_session_free(&s);

	/* names: unique, not digits, found */
	assert_int_equal(sess_set_name(st, a, "work", &err), 0);
	assert_int_equal(sess_set_name(st, b, "work", &err), -1);
	assert_non_null(strstr(err.msg, "taken by session"));
	assert_int_equal(sess_set_name(st, b, "123", &err), -1);
	assert_int_equal(sess_set_name(st, b, "", &err), -1);
	assert_int_equal(sess_set_name(st, 999, "x", &err), -1);
	assert_int_equal(sess_find(st, "work", &id, &err), 0);
	assert_int_equal(id, a);
	char key[32];
	snprintf(key, sizeof key, "%lld", b);
	assert_int_equal(sess_find(st, key, &id, &err), 0);
	assert_int_equal(id, b);
	assert_int_equal(sess_find(st, "nope", &id, &err), -1);
	assert_int_equal(err.code, CLUDE_EUSAGE);
	assert_int_equal(sess_find(st, "777", &id, &err), -1);

	struct saved_session *list;
	size_t n;
	assert_int_equal(sess_list(st, 0, &list, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].id, a);
	assert_string_equal(list[0].name, "work");
	assert_int_equal(list[1].turns, 0);
	assert_string_equal(list[1].first_line, "");
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	sess_print_table(list, n, a, f);
	fclose(f);
	assert_non_null(strstr(text, "FIRST MESSAGE"));
	assert_non_null(strstr(text, "★ 1"));
	assert_non_null(strstr(text, "first question"));
	free(text);
	saved_sessions_free(list, n);
	assert_int_equal(sess_list(st, 1, &list, &n, &err), 0);
	assert_int_equal(n, 1);
	saved_sessions_free(list, n);

	/* rm cascades to the messages and unlinks usage rows */
	struct usage_row row = { .provider = "p", .model = "m", .cost_usd = -1, .latency_ms = -1,
				 .ttft_ms = -1, .outcome = "ok", .session_id = a };
	assert_int_equal(usage_add(st, &row, &err), 0);
	assert_int_equal(sess_remove(st, a, &err), 0);
	assert_int_equal(sess_remove(st, a, &err), -1);
	assert_int_equal(sess_load(st, a, &s, &err), -1);
	store_close(st);
	assert_int_equal(scalar("SELECT count(*) FROM messages"), 0);
	assert_int_equal(scalar("SELECT count(*) FROM usage WHERE session_id IS NULL"), 1);
}

static void test_clip(void **state)
{
	(void)state;
	char out[64];
	store_fmt_clip("short", 10, out, sizeof out);
	assert_string_equal(out, "short");
	store_fmt_clip("exactly10!", 10, out, sizeof out);
	assert_string_equal(out, "exactly10!");
	store_fmt_clip("a much longer line", 10, out, sizeof out);
	assert_string_equal(out, "a much lo…");
	store_fmt_clip("世界世界世界", 5, out, sizeof out);
	assert_string_equal(out, "世界…");
	store_fmt_clip("tab\there", 20, out, sizeof out);
	assert_string_equal(out, "tab here");
}

static void test_corrupt_file(void **state)
{
	(void)state;
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	for (int i = 0; i < 8192; i++)
		fputc((i * 7919 + 13) & 0xff, f);
	fclose(f);
	struct store *st = NULL;
	struct clude_err err;
	err_clear(&err);
	assert_int_equal(store_open_path(path, 0, &st, &err), -1);
	assert_null(st);
	assert_int_equal(err.code, CLUDE_EIO);
	assert_non_null(strstr(err.msg, path));
	assert_non_null(strstr(err.msg, "not a database"));
	/* a directory where the file should be */
	snprintf(path, sizeof path, "%s/dir%d.db", tmpdir, seq);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(store_open_path(path, 0, &st, &err), -1);
	assert_null(st);
	assert_int_equal(err.code, CLUDE_EIO);
}

static void assert_write_fails(struct store *st)
{
	struct clude_err err;
	err_clear(&err);
	struct usage_row row = { .provider = "p", .model = "m", .cost_usd = -1, .latency_ms = -1,
				 .ttft_ms = -1, .outcome = "ok" };
	assert_int_equal(usage_add(st, &row, &err), -1);
	assert_int_equal(err.code, CLUDE_EIO);
	assert_non_null(strstr(err.msg, "readonly"));
	long long id;
	assert_int_equal(sess_create(st, "p", "m", NULL, &id, &err), -1);
	/* reading still works */
	struct usage_sum t;
	assert_int_equal(usage_query(st, 0, USAGE_BY_NONE, &t, NULL, NULL, &err), 0);
	assert_int_equal(t.requests, 0);
}

static void test_read_only(void **state)
{
	(void)state;
	store_close(open_ok(0));
	/* opened read-only */
	struct store *st = open_ok(STORE_READONLY);
	assert_write_fails(st);
	store_close(st);
	/* PRAGMA query_only, as a read-only mount behaves */
	st = open_ok(0);
	struct clude_err err;
	assert_int_equal(store_exec(st, "PRAGMA query_only = 1", &err), 0);
	assert_write_fails(st);
	store_close(st);
	/* file mode 0400: root writes anyway, so only others can check it */
	if (geteuid() == 0) {
		print_message("[  SKIP    ] chmod 0400 case: running as root, which writes "
			      "regardless (covered by the read-only opens above)\n");
		return;
	}
	assert_int_equal(chmod(path, 0400), 0);
	struct store *ro = NULL;
	err_clear(&err);
	if (store_open_path(path, 0, &ro, &err) == 0) {
		assert_write_fails(ro);
		store_close(ro);
	} else {
		assert_int_equal(err.code, CLUDE_EIO);
	}
	chmod(path, 0600);
}

static int make_tmp(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "%s/clude-store-XXXXXX",
		 getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_tmp(void **state)
{
	(void)state;
	char cmd[PATH_MAX + 16];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_schema_on_empty_file, setup),
		cmocka_unit_test_setup(test_store_open_modes, setup),
		cmocka_unit_test_setup(test_wal_stays_small, setup),
		cmocka_unit_test_setup(test_migration_from_v1, setup),
		cmocka_unit_test_setup(test_newer_schema_refused, setup),
		cmocka_unit_test_setup(test_usage_totals, setup),
		cmocka_unit_test_setup(test_usage_since_and_outcome, setup),
		cmocka_unit_test_setup(test_sessions, setup),
		cmocka_unit_test(test_clip),
		cmocka_unit_test_setup(test_corrupt_file, setup),
		cmocka_unit_test_setup(test_read_only, setup),
	};
	return cmocka_run_group_tests_name("store", tests, make_tmp, remove_tmp);
}
