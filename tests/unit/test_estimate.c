/* test_estimate.c — the token estimator against real tokenizer counts
 * (tests/unit/data/calibration.tsv, where each count comes from), and
 * its behaviour on CJK, emoji, code, digits, whitespace and odd input. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clude/chat.h"
#include "clude/util.h"

/* The documented tolerance (chat.c, README): ±20% for samples of 20
 * tokens or more, ±4 tokens for shorter ones. */
#define TOL_PCT 20
#define TOL_SHORT 4
#define SHORT_BELOW 20

static long est(const char *s)
{
	return estimate_tokens(s, strlen(s));
}

/* tests/unit/data/calibration.tsv next to this file */
static FILE *open_data(void)
{
	char path[PATH_MAX];
	const char *env = getenv("CLUDE_CALIBRATION");
	if (env && *env)
		return fopen(env, "r");
	snprintf(path, sizeof path, "%s", __FILE__);
	char *slash = strrchr(path, '/');
	snprintf(slash ? slash + 1 : path, sizeof path - (size_t)(slash ? slash + 1 - path : 0),
		 "data/calibration.tsv");
	return fopen(path, "r");
}

/* Undo the file's escapes (\n \t \\) in place. */
static size_t unescape(char *s)
{
	size_t o = 0;
	for (size_t i = 0; s[i]; i++) {
		if (s[i] == '\\' && s[i + 1]) {
			i++;
			s[o++] = s[i] == 'n' ? '\n' : s[i] == 't' ? '\t' : s[i];
		} else {
			s[o++] = s[i];
		}
	}
	s[o] = '\0';
	return o;
}

/* At most about 40 bytes of s on one line: whole characters, \n shown. */
static void print_short(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (n >= 40 && (*p & 0xC0) != 0x80)
			break;
		if (*p == '\n' || *p == '\t')
			n += (size_t)printf("\\%c", *p == '\n' ? 'n' : 't');
		else
			n += (size_t)(putchar(*p) != EOF);
	}
}

static void test_calibration(void **state)
{
	(void)state;
	FILE *f = open_data();
	assert_non_null(f);
	char *line = NULL;
	size_t cap = 0;
	int samples = 0, bad = 0;
	double sum_abs = 0;
	printf("  real   est    err  kind    tokenizer    text\n");
	while (getline(&line, &cap, f) > 0) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		line[strcspn(line, "\n")] = '\0';
		char *fields[5] = { 0 }, *p = line;
		for (int k = 0; k < 5 && p; k++) {
			fields[k] = p;
			p = k < 4 ? strchr(p, '\t') : NULL;
			if (p)
				*p++ = '\0';
		}
		assert_non_null(fields[4]);
		long real = atol(fields[0]);
		size_t len = unescape(fields[4]);
		long e = estimate_tokens(fields[4], len);
		double err = 100.0 * (double)(e - real) / (double)real;
		bool ok = real >= SHORT_BELOW ? err >= -TOL_PCT && err <= TOL_PCT
					      : labs(e - real) <= TOL_SHORT;
		printf("%6ld %5ld %+6.1f%% %-7s %-12s ", real, e, err, fields[2], fields[1]);
		print_short(fields[4]);
		printf("%s\n", ok ? "" : "   <-- out of tolerance");
		bad += !ok;
		sum_abs += err < 0 ? -err : err;
		samples++;
	}
	free(line);
	fclose(f);
	printf("  %d samples, mean |error| %.1f%%\n", samples, sum_abs / samples);
	assert_true(samples >= 50);
	assert_int_equal(bad, 0);
}

static void test_empty_and_bounds(void **state)
{
	(void)state;
	assert_int_equal(estimate_tokens("", 0), 0);
	assert_int_equal(estimate_tokens(NULL, 0), 0);
	assert_int_equal(est("a"), 1);
	/* only len bytes are looked at */
	assert_int_equal(estimate_tokens("hello world and more", 5), 1);
	/* a multi-byte sequence cut by len is not read past len */
	char *cut = xmalloc(2);
	memcpy(cut, "\xe4\xbd", 2);
	assert_true(estimate_tokens(cut, 2) >= 1);
	free(cut);
	/* stray continuation bytes and control characters still count */
	assert_true(est("\x80\x80\x80") >= 1);
	assert_true(est("\x01\x02") >= 1);
}

static void test_english(void **state)
{
	(void)state;
	assert_int_equal(est("hello world"), 2); /* cl100k: [15339, 1917] */
	assert_int_equal(est("This is a test         with a lot of spaces"), 10);
	/* contractions are one more token, not three */
	assert_int_equal(est("don't"), est("don") + 1);
	/* longer text costs more, about 4-5 characters a token */
	const char *t = "The quick brown fox jumps over the lazy dog while the cat sleeps.";
	long n = est(t);
	assert_in_range(n, 12, 18);
}

static void test_cjk(void **state)
{
	(void)state;
	/* an ideograph is more than a token in cl100k (1.25), kana less */
	assert_int_equal(est("你好世界"), 5);
	assert_int_equal(est("こんにちは"), 4);
	assert_int_equal(est("안녕하세요"), 7);
	/* CJK costs far more per byte than English */
	const char *zh = "我们今天讨论这个问题";
	const char *en = "we discuss this question today";
	assert_true(est(zh) > est(en));
	/* full-width punctuation is a token each */
	assert_int_equal(est("。！？"), 3);
	/* no token joins a space and an ideograph */
	assert_int_equal(est("hi 你好"), est("hi") + 1 + est("你好"));
}

static void test_emoji(void **state)
{
	(void)state;
	assert_int_equal(est("👍"), 3); /* cl100k: [9468, 239, 235] */
	assert_int_equal(est("🇨🇳"), 6); /* a flag: two regional indicators */
	/* zero-width joiner sequences cost their parts */
	assert_int_equal(est("👨‍👩"), 3 + 2 + 3);
	assert_int_equal(est("hello 👋"), 1 + 3);
}

static void test_code(void **state)
{
	(void)state;
	/* pairs code is full of stay together: "();" is one piece */
	assert_int_equal(est("f();"), 2);
	assert_int_equal(est("a => b"), 3);
	/* random punctuation does not merge */
	assert_true(est("@!^%") >= 3);
	/* one mark before a word joins it: ".map" */
	assert_int_equal(est("x.map"), 2);
	/* indentation and newlines count, a newline after punctuation joins it */
	assert_int_equal(est("{\n    return x;\n}"), 1 + 1 + 1 + 1 + 1 + 1);
	/* a space before digits is its own token, digits go in threes */
	assert_int_equal(est("x = 1234567"), 1 + 1 + 1 + 3);
	/* camelCase identifiers are words put together, random case flips are
	 * not; a long run of letters in one case is a blob, split often */
	assert_int_equal(est("getElementById"), 2);
	assert_true(est("aGbHcJdK") >= 5);
	assert_in_range(est("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), 8, 12);
	/* JSON: 2-space indentation, quoted keys */
	const char *json = "{\n  \"name\": \"clude\",\n  \"tokens\": 1234\n}";
	assert_in_range(est(json), 14, 22);
}

static void test_other_scripts(void **state)
{
	(void)state;
	assert_int_equal(est("привет"), 3);  /* Cyrillic: 0.5 a letter */
	assert_int_equal(est("ґїєі"), 4);    /* Ukrainian letters: 1 */
	assert_int_equal(est("αβγδ"), 4);    /* Greek: 1 */
	assert_int_equal(est("café"), 2);    /* an accent adds half a token */
	assert_int_equal(est("नमस्ते"), 7); /* Devanagari: 1.1 a code point */
}

/* Many messages of the same text cost n times one (no state between
 * calls), and long text stays linear. */
static void test_additive_and_long(void **state)
{
	(void)state;
	const char *unit = "Some words, some code: f(x) => x * 2;\n";
	size_t ul = strlen(unit), reps = 20000;
	char *big = xmalloc(ul * reps + 1);
	for (size_t i = 0; i < reps; i++)
		memcpy(big + i * ul, unit, ul);
	big[ul * reps] = '\0';
	long one = est(unit), all = estimate_tokens(big, ul * reps);
	assert_in_range(all, one * (long)reps * 9 / 10, one * (long)reps * 11 / 10);
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_calibration),  cmocka_unit_test(test_empty_and_bounds),
		cmocka_unit_test(test_english),      cmocka_unit_test(test_cjk),
		cmocka_unit_test(test_emoji),        cmocka_unit_test(test_code),
		cmocka_unit_test(test_other_scripts), cmocka_unit_test(test_additive_and_long),
	};
	return cmocka_run_group_tests_name("estimate", tests, NULL, NULL);
}
