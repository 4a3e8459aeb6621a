/* test_util.c — the small helpers: key masking and scrubbing, edit
 * distance, role names, error mapping, Retry-After, the byte buffer,
 * display width, cost, and the file helpers. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clude/chat.h"
#include "clude/client.h"
#include "clude/config.h"
#include "clude/err.h"
#include "clude/http.h"
#include "clude/table.h"
#include "clude/utf8.h"
#include "clude/util.h"
#include "clude/vendor.h"

/* ---- mask_key ---- */

static const char *mask(const char *key)
{
	static char out[64];
	memset(out, 'X', sizeof out);
	mask_key(key, out, sizeof out);
	return out;
}

static void test_mask_key(void **state)
{
	(void)state;
	assert_string_equal(mask("sk-proj-abcdef123456a1b2"), "sk-…a1b2");
	assert_string_equal(mask("gsk_abcdefghijklmnWXYZ"), "…WXYZ"); /* no dash: no prefix */
	assert_string_equal(mask("abcd-efghijklmnop"), "…mnop");      /* dash too far in */
	assert_string_equal(mask("x-abcdefghij"), "x-…ghij");
	assert_string_equal(mask("123456789"), "…6789"); /* 9 chars: shown */
	assert_string_equal(mask("12345678"), "…");      /* 8 chars: hidden */
	assert_string_equal(mask("sk-1"), "…");
	assert_string_equal(mask(""), "");
	assert_string_equal(mask(NULL), "");
}

static void test_mask_key_small_out(void **state)
{
	(void)state;
	char out[4] = "zzz";
	mask_key("sk-proj-abcdef123456a1b2", out, sizeof out);
	assert_int_equal(strlen(out), 3); /* truncated, still terminated */
	assert_memory_equal(out, "sk-", 3);
	char one[1] = { 'q' };
	mask_key("sk-proj-abcdef123456a1b2", one, sizeof one);
	assert_int_equal(one[0], '\0');
	char untouched = 'q';
	mask_key("sk-proj-abcdef123456a1b2", &untouched, 0);
	assert_int_equal(untouched, 'q');
}

/* ---- scrub_secret ---- */

static void test_scrub_secret_all(void **state)
{
	(void)state;
	const char *key = "sk-proj-abcdef123456a1b2";
	char *t = xstrdup("HTTP 401: key sk-proj-abcdef123456a1b2 is bad; sk-proj-abcdef123456a1b2!"
			  "sk-proj-abcdef123456a1b2");
	t = scrub_secret(t, key);
	assert_string_equal(t, "HTTP 401: key sk-…a1b2 is bad; sk-…a1b2!sk-…a1b2");
	assert_null(strstr(t, "abcdef"));
	free(t);
}

static void test_scrub_secret_none(void **state)
{
	(void)state;
	char *t = xstrdup("nothing secret here");
	char *r = scrub_secret(t, "sk-proj-abcdef123456a1b2");
	assert_ptr_equal(r, t); /* untouched, same allocation */
	assert_string_equal(r, "nothing secret here");
	/* too short to be worth scrubbing */
	r = scrub_secret(r, "ere");
	assert_string_equal(r, "nothing secret here");
	r = scrub_secret(r, NULL);
	assert_string_equal(r, "nothing secret here");
	free(r);
	assert_null(scrub_secret(NULL, "sk-proj-abcdef123456a1b2"));
}

static void test_scrub_secret_short_key(void **state)
{
	(void)state;
	char *t = xstrdup("k=abcdefg;k=abcdefg");
	t = scrub_secret(t, "abcdefg");
	assert_string_equal(t, "k=…;k=…");
	free(t);
}

/* ---- edit_distance ---- */

static void test_edit_distance(void **state)
{
	(void)state;
	assert_int_equal(edit_distance("kitten", "sitting"), 3);
	assert_int_equal(edit_distance("flaw", "lawn"), 2);
	assert_int_equal(edit_distance("", ""), 0);
	assert_int_equal(edit_distance("", "abc"), 3);
	assert_int_equal(edit_distance("abc", ""), 3);
	assert_int_equal(edit_distance("deepsek", "deepseek"), 1);
	assert_int_equal(edit_distance("OpenAI", "openai"), 0); /* case-insensitive */
	assert_int_equal(edit_distance("abc", "abc"), 0);
	assert_int_equal(edit_distance("ab", "ba"), 2);
}

/* ---- role_name (estimate_tokens: test_estimate.c) ---- */

static void test_role_name(void **state)
{
	(void)state;
	assert_string_equal(role_name(ROLE_SYSTEM), "system");
	assert_string_equal(role_name(ROLE_USER), "user");
	assert_string_equal(role_name(ROLE_ASSISTANT), "assistant");
}

/* ---- err ---- */

static void test_err_exit_code(void **state)
{
	(void)state;
	struct clude_err e;
	err_clear(&e);
	assert_int_equal(e.code, CLUDE_OK);
	assert_int_equal(e.retry_after, -1);
	assert_string_equal(e.msg, "");
	assert_int_equal(err_exit_code(&e), 0);
	static const struct {
		int code, exit;
	} map[] = {
		{ CLUDE_EUSAGE, 1 }, { CLUDE_ECONFIG, 1 },  { CLUDE_EIO, 1 },
		{ CLUDE_EHTTP, 2 },  { CLUDE_ENET, 2 },     { CLUDE_ETIMEOUT, 2 },
		{ CLUDE_EPROTO, 2 }, { CLUDE_ECANCEL, 130 },
	};
	for (size_t i = 0; i < ARRAY_LEN(map); i++) {
		err_set(&e, map[i].code, "x");
		assert_int_equal(e.code, map[i].code);
		assert_int_equal(err_exit_code(&e), map[i].exit);
	}
}

static void test_err_set_prefix(void **state)
{
	(void)state;
	struct clude_err e;
	err_clear(&e);
	err_set(&e, CLUDE_EHTTP, "line one\nline two\r\tend %d", 42);
	assert_string_equal(e.msg, "line one line two  end 42");
	err_prefix(&e, "openai: ");
	assert_string_equal(e.msg, "openai: line one line two  end 42");

	char long_msg[600];
	memset(long_msg, 'a', sizeof long_msg - 1);
	long_msg[sizeof long_msg - 1] = '\0';
	err_set(&e, CLUDE_EPROTO, "%s", long_msg);
	assert_int_equal(strlen(e.msg), sizeof e.msg - 1);
	err_prefix(&e, "pre: ");
	assert_int_equal(strlen(e.msg), sizeof e.msg - 1);
	assert_memory_equal(e.msg, "pre: aaa", 8);
}

/* ---- http_parse_retry_after ---- */

#define NOW_2015 1445412480L /* Wed, 21 Oct 2015 07:28:00 GMT */

static void test_retry_after(void **state)
{
	(void)state;
	assert_int_equal(http_parse_retry_after("7", NOW_2015), 7);
	assert_int_equal(http_parse_retry_after("0", NOW_2015), 0);
	assert_int_equal(http_parse_retry_after("  120", NOW_2015), 120);
	assert_int_equal(http_parse_retry_after(" 30\r\n", NOW_2015), 30);
	assert_int_equal(http_parse_retry_after("999999", NOW_2015), 86400); /* capped at a day */
	assert_int_equal(http_parse_retry_after("abc", NOW_2015), -1);
	assert_int_equal(http_parse_retry_after("7abc", NOW_2015), -1);
	assert_int_equal(http_parse_retry_after("-5", NOW_2015), -1);
	assert_int_equal(http_parse_retry_after("", NOW_2015), -1);
	assert_int_equal(http_parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", NOW_2015), 30);
	assert_int_equal(http_parse_retry_after(" Wed, 21 Oct 2015 08:28:00 GMT", NOW_2015), 3600);
	assert_int_equal(http_parse_retry_after("Wed, 21 Oct 2015 07:27:00 GMT", NOW_2015), 0);
	assert_int_equal(http_parse_retry_after("Thu, 01 Jan 2030 00:00:00 GMT", NOW_2015), 86400);
	assert_int_equal(http_parse_retry_after("Wed, 21 Foo 2015 07:28:30 GMT", NOW_2015), -1);
	assert_int_equal(http_parse_retry_after("Wed, 21 Oct 2015", NOW_2015), -1);
}

/* ---- buf ---- */

static void test_buf_basic(void **state)
{
	(void)state;
	struct buf b = { 0 };
	buf_puts(&b, "hello");
	buf_putc(&b, ' ');
	buf_append(&b, "world!!", 5);
	assert_int_equal(b.len, 11);
	assert_string_equal(b.data, "hello world");
	assert_true(b.cap > b.len);
	buf_printf(&b, " %d-%s", 42, "x");
	assert_string_equal(b.data, "hello world 42-x");
	assert_int_equal(b.len, strlen("hello world 42-x"));

	buf_consume(&b, 6);
	assert_string_equal(b.data, "world 42-x");
	assert_int_equal(b.len, 10);
	buf_consume(&b, 100);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");

	buf_puts(&b, "again");
	size_t cap = b.cap;
	char *mem = b.data;
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	assert_int_equal(b.cap, cap); /* memory kept */
	assert_ptr_equal(b.data, mem);
	buf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
}

static void test_buf_growth_and_binary(void **state)
{
	(void)state;
	struct buf b = { 0 };
	for (int i = 0; i < 1000; i++)
		buf_printf(&b, "%04d", i);
	assert_int_equal(b.len, 4000);
	assert_memory_equal(b.data, "00000001", 8);
	assert_memory_equal(b.data + 3996, "0999", 4);
	assert_int_equal(b.data[b.len], '\0');

	struct buf big = { 0 };
	char chunk[300];
	memset(chunk, 'z', sizeof chunk);
	buf_append(&big, chunk, sizeof chunk); /* one append bigger than the first block */
	assert_int_equal(big.len, 300);
	assert_int_equal(big.data[299], 'z');
	assert_int_equal(big.data[300], '\0');
	buf_free(&big);

	buf_reset(&b);
	buf_append(&b, "a\0b", 3); /* embedded NUL */
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.data, "a\0b", 4);
	buf_append(&b, NULL, 0);
	assert_int_equal(b.len, 3);
	buf_free(&b);
}

static void test_buf_steal(void **state)
{
	(void)state;
	struct buf b = { 0 };
	char *s = buf_steal(&b); /* never used: "" */
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);

	buf_puts(&b, "mine");
	s = buf_steal(&b);
	assert_string_equal(s, "mine");
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	free(s);
	buf_free(&b); /* harmless after a steal */

	struct buf r = { 0 };
	buf_reset(&r); /* zero-initialised buffer: reset is fine */
	buf_consume(&r, 3);
	assert_int_equal(r.len, 0);
	buf_free(&r);
}

static void test_xalloc(void **state)
{
	(void)state;
	char *s = xstrndup("abcdef", 3);
	assert_string_equal(s, "abc");
	free(s);
	s = xstrdup("");
	assert_string_equal(s, "");
	free(s);
	int *z = xcalloc(8, sizeof *z);
	for (int i = 0; i < 8; i++)
		assert_int_equal(z[i], 0);
	z = xrealloc(z, 16 * sizeof *z);
	assert_int_equal(z[7], 0);
	free(z);
	free(xmalloc(0)); /* non-NULL even for 0 */
}

/* ---- utf8_width ---- */

static void test_utf8_width(void **state)
{
	(void)state;
	assert_int_equal(utf8_width(""), 0);
	assert_int_equal(utf8_width("abc"), 3);
	assert_int_equal(utf8_width("你好"), 4);
	assert_int_equal(utf8_width("a你b"), 4);
	assert_int_equal(utf8_width("한국어"), 6);
	assert_int_equal(utf8_width("★"), 1);
	assert_int_equal(utf8_width("…"), 1);
	assert_int_equal(utf8_width("é"), 1);
	assert_int_equal(utf8_width("😀"), 2);
	assert_int_equal(utf8_width("ＡＢ"), 4); /* full-width forms */
	assert_int_equal(utf8_width("e\xcc\x81"), 1);  /* e + combining acute */
	assert_int_equal(utf8_width("a\tb"), 2);        /* control characters take none */
	/* a cut or invalid sequence: one U+FFFD (one column) per byte, and
	 * never a read past the NUL */
	static const char cut[] = "a\xe4\xbd";
	assert_int_equal(utf8_width(cut), 3);
	assert_int_equal(utf8_width("\xff"), 1);
	assert_int_equal(utf8_nwidth("你好", 3), 2);    /* only len bytes */
}

/* ---- cost_usd ---- */

static void test_cost_usd(void **state)
{
	(void)state;
	struct usage u = { .input_tokens = 1000000, .output_tokens = 1000000 };
	assert_float_equal(cost_usd(&u, 2.0, 8.0), 10.0, 1e-9);
	u.input_tokens = 500000;
	u.output_tokens = 0;
	assert_float_equal(cost_usd(&u, 2.0, 8.0), 1.0, 1e-9);
	u.input_tokens = 1234;
	u.output_tokens = 567;
	assert_float_equal(cost_usd(&u, 0.14, 0.28), (1234 * 0.14 + 567 * 0.28) / 1e6, 1e-12);
	assert_float_equal(cost_usd(&u, 0.0, 0.0), 0.0, 1e-12); /* local: free */
	assert_true(cost_usd(&u, PRICE_UNKNOWN, 8.0) < 0);
	assert_true(cost_usd(&u, 2.0, PRICE_UNKNOWN) < 0);
	struct usage zero = { 0 };
	assert_true(cost_usd(&zero, PRICE_UNKNOWN, PRICE_UNKNOWN) < 0);
}

/* ---- home, config path, files ---- */

static char tmpdir[PATH_MAX];

static int make_tmp(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "%s/clude-util-XXXXXX",
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

static void test_clude_home_and_config_path(void **state)
{
	(void)state;
	char out[PATH_MAX], want[PATH_MAX + 32];
	setenv("CLUDE_HOME", tmpdir, 1);
	assert_string_equal(clude_home(out, sizeof out), tmpdir);
	unsetenv("CLUDE_CONFIG");
	snprintf(want, sizeof want, "%s/.clude.yaml", tmpdir);
	assert_string_equal(config_path(out, sizeof out), want);
	setenv("CLUDE_CONFIG", "/somewhere/else.yaml", 1);
	assert_string_equal(config_path(out, sizeof out), "/somewhere/else.yaml");
	unsetenv("CLUDE_CONFIG");

	setenv("CLUDE_HOME", "", 1); /* empty: falls back to $HOME */
	char *old_home = getenv("HOME") ? xstrdup(getenv("HOME")) : NULL;
	setenv("HOME", "/home/someone", 1);
	assert_string_equal(clude_home(out, sizeof out), "/home/someone/.clude");
	if (old_home)
		setenv("HOME", old_home, 1);
	else
		unsetenv("HOME");
	free(old_home);
	setenv("CLUDE_HOME", tmpdir, 1);
}

static void test_files(void **state)
{
	(void)state;
	char dir[PATH_MAX + 32], path[PATH_MAX + 64];
	snprintf(dir, sizeof dir, "%s/a/b/c", tmpdir);
	assert_int_equal(mkdir_p(dir, 0700), 0);
	assert_int_equal(mkdir_p(dir, 0700), 0); /* exists: fine */
	struct stat st;
	assert_int_equal(stat(dir, &st), 0);
	assert_true(S_ISDIR(st.st_mode));

	snprintf(path, sizeof path, "%s/secret.yaml", dir);
	const char data[] = "providers:\n  openai: {}\n";
	assert_int_equal(write_file_atomic(path, data, sizeof data - 1, 0600), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	size_t len = 0;
	char *back = read_file(path, &len);
	assert_non_null(back);
	assert_int_equal(len, sizeof data - 1);
	assert_string_equal(back, data);
	free(back);

	/* overwrite keeps the requested mode, no temp file left behind */
	assert_int_equal(write_file_atomic(path, "x", 1, 0600), 0);
	back = read_file(path, &len);
	assert_string_equal(back, "x");
	assert_int_equal(len, 1);
	free(back);
	char tmpname[PATH_MAX + 96];
	snprintf(tmpname, sizeof tmpname, "%s.tmp.%ld", path, (long)getpid());
	assert_int_not_equal(access(tmpname, F_OK), 0);

	snprintf(path, sizeof path, "%s/missing", tmpdir);
	assert_null(read_file(path, &len));
	snprintf(path, sizeof path, "%s/no/such/dir/f", tmpdir);
	assert_int_not_equal(write_file_atomic(path, "x", 1, 0600), 0);
}

static void test_now_ms(void **state)
{
	(void)state;
	double a = now_ms();
	usleep(2000);
	double b = now_ms();
	assert_true(b - a >= 1.5);
	assert_true(b - a < 5000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mask_key),
		cmocka_unit_test(test_mask_key_small_out),
		cmocka_unit_test(test_scrub_secret_all),
		cmocka_unit_test(test_scrub_secret_none),
		cmocka_unit_test(test_scrub_secret_short_key),
		cmocka_unit_test(test_edit_distance),
		cmocka_unit_test(test_role_name),
		cmocka_unit_test(test_err_exit_code),
		cmocka_unit_test(test_err_set_prefix),
		cmocka_unit_test(test_retry_after),
		cmocka_unit_test(test_buf_basic),
		cmocka_unit_test(test_buf_growth_and_binary),
		cmocka_unit_test(test_buf_steal),
		cmocka_unit_test(test_xalloc),
		cmocka_unit_test(test_utf8_width),
		cmocka_unit_test(test_cost_usd),
		cmocka_unit_test(test_clude_home_and_config_path),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_now_ms),
	};
	return cmocka_run_group_tests_name("util", tests, make_tmp, remove_tmp);
}
