/* test_expand.c — ${VAR} / ${VAR:-default} expansion, alone and inside
 * config values. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "clude/config.h"
#include "clude/util.h"

static const char *const vars[] = { "CLUDE_T_SET", "CLUDE_T_EMPTY", "CLUDE_T_UNSET",
				    "CLUDE_T_OTHER", "CLUDE_T_KEY", "CLUDE_T_HOST",
				    "CLUDE_T_PORT", "CLUDE_T_REF" };

static int setup(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(vars); i++)
		unsetenv(vars[i]);
	setenv("CLUDE_T_SET", "value", 1);
	setenv("CLUDE_T_EMPTY", "", 1);
	setenv("CLUDE_T_OTHER", "two words", 1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(vars); i++)
		unsetenv(vars[i]);
	return 0;
}

/* Expand s, which must succeed, and compare. */
static void expect(const char *s, const char *want)
{
	struct clude_err err;
	err_clear(&err);
	char *got = config_expand(s, &err);
	if (!got)
		fail_msg("'%s' failed: %s", s, err.msg);
	if (strcmp(got, want) != 0)
		fail_msg("'%s' -> '%s', wanted '%s'", s, got, want);
	free(got);
}

/* Expand s, which must fail with a message containing needle. */
static void expect_fail(const char *s, const char *needle)
{
	struct clude_err err;
	err_clear(&err);
	char *got = config_expand(s, &err);
	if (got)
		fail_msg("'%s' should fail, gave '%s'", s, got);
	assert_int_equal(err.code, CLUDE_ECONFIG);
	if (!strstr(err.msg, needle))
		fail_msg("'%s': message '%s' lacks '%s'", s, err.msg, needle);
}

static void test_plain(void **state)
{
	(void)state;
	expect("", "");
	expect("no variables here", "no variables here");
	expect("unicode ✓ 你好", "unicode ✓ 你好");
}

static void test_var(void **state)
{
	(void)state;
	expect("${CLUDE_T_SET}", "value");
	expect("${CLUDE_T_UNSET}", "");
	expect("${CLUDE_T_EMPTY}", "");
	expect("pre-${CLUDE_T_SET}-post", "pre-value-post");
	expect("${CLUDE_T_OTHER}", "two words");
}

static void test_default(void **state)
{
	(void)state;
	expect("${CLUDE_T_UNSET:-fallback}", "fallback");
	expect("${CLUDE_T_EMPTY:-fallback}", "fallback"); /* empty counts as unset */
	expect("${CLUDE_T_SET:-fallback}", "value");
	expect("${CLUDE_T_UNSET:-}", "");
	expect("${CLUDE_T_UNSET:-http://localhost:8080/v1}", "http://localhost:8080/v1");
	expect("${CLUDE_T_UNSET:-a b:-c}", "a b:-c");
	/* ":-" after the closing brace is plain text */
	expect("${CLUDE_T_UNSET}:-x", ":-x");
	expect("${CLUDE_T_SET}:-x", "value:-x");
}

static void test_several(void **state)
{
	(void)state;
	expect("${CLUDE_T_SET}${CLUDE_T_SET}", "valuevalue");
	expect("${CLUDE_T_SET}/${CLUDE_T_UNSET:-d}/${CLUDE_T_EMPTY}/${CLUDE_T_OTHER}",
	       "value/d//two words");
	expect("a${CLUDE_T_UNSET}b${CLUDE_T_UNSET:-c}d", "abcd");
}

static void test_literals(void **state)
{
	(void)state;
	expect("$${literal}", "${literal}");
	expect("$${CLUDE_T_SET}", "${CLUDE_T_SET}");
	expect("x$${CLUDE_T_SET}y${CLUDE_T_SET}", "x${CLUDE_T_SET}yvalue");
	expect("$", "$");
	expect("a$", "a$");
	expect("$$", "$$");
	expect("cost: $5", "cost: $5");
	expect("$CLUDE_T_SET", "$CLUDE_T_SET"); /* only the braced form expands */
	expect("$ {CLUDE_T_SET}", "$ {CLUDE_T_SET}");
	expect("{CLUDE_T_SET}", "{CLUDE_T_SET}");
	expect("}", "}");
}

static void test_value_not_reexpanded(void **state)
{
	(void)state;
	setenv("CLUDE_T_REF", "${CLUDE_T_SET}", 1);
	expect("${CLUDE_T_REF}", "${CLUDE_T_SET}");
	unsetenv("CLUDE_T_REF");
}

static void test_errors(void **state)
{
	(void)state;
	expect_fail("${CLUDE_T_SET", "unterminated ${");
	expect_fail("abc ${CLUDE_T_UNSET:-def", "unterminated ${");
	expect_fail("${", "unterminated ${");
	expect_fail("ok ${CLUDE_T_SET} then ${", "unterminated ${");
	expect_fail("${}", "variable name");
	expect_fail("${:-default}", "variable name");
	expect_fail("${A B}", "variable name");
	expect_fail("${1ABC}", "variable name");
	expect_fail("${A-B}", "variable name");
}

/* Expansion is applied to config values (strings and numbers alike). */
static void test_in_config(void **state)
{
	(void)state;
	setenv("CLUDE_T_KEY", "sk-from-env-123456", 1);
	setenv("CLUDE_T_HOST", "10.0.0.5", 1);
	setenv("CLUDE_T_PORT", "9000", 1);
	const char *text = "providers:\n"
			   "  default: ${CLUDE_T_UNSET:-groq}\n"
			   "  groq:\n"
			   "    api_key: ${CLUDE_T_KEY}\n"
			   "  mine:\n"
			   "    type: openai_compat\n"
			   "    api_key: \"${CLUDE_T_UNSET}\"\n"
			   "    base_url: 'http://${CLUDE_T_HOST}:${CLUDE_T_PORT}/v1'\n"
			   "    default_model: $${not-expanded}\n"
			   "    extra:\n"
			   "      header: ${CLUDE_T_OTHER}\n"
			   "    models:\n"
			   "      - id: ${CLUDE_T_UNSET:-m1}\n"
			   "        context_window: ${CLUDE_T_PORT}\n"
			   "      - ${CLUDE_T_SET}\n"
			   "http:\n"
			   "  idle_timeout: ${CLUDE_T_UNSET:-45}\n";
	struct config cfg = { 0 };
	struct clude_err err;
	err_clear(&err);
	if (config_parse("exp.yaml", text, strlen(text), &cfg, &err) != 0)
		fail_msg("%s", err.msg);
	assert_string_equal(cfg.default_provider, "groq");
	const struct provider_conf *g = config_find_provider(&cfg, "groq");
	assert_non_null(g);
	assert_string_equal(g->api_key, "sk-from-env-123456");
	const struct provider_conf *m = config_find_provider(&cfg, "mine");
	assert_non_null(m);
	assert_string_equal(m->api_key, ""); /* unset: empty, not NULL */
	assert_string_equal(m->base_url, "http://10.0.0.5:9000/v1");
	assert_string_equal(m->default_model, "${not-expanded}");
	assert_int_equal(m->n_extra, 1);
	assert_string_equal(m->extra[0].value, "two words");
	assert_int_equal(m->n_models, 2);
	assert_string_equal(m->models[0].id, "m1");
	assert_int_equal(m->models[0].context_window, 9000);
	assert_string_equal(m->models[1].id, "value");
	assert_int_equal(cfg.idle_timeout_ms, 45000);
	config_free(&cfg);

	/* the env var changes what the same text gives */
	setenv("CLUDE_T_KEY", "sk-other-654321", 1);
	err_clear(&err);
	assert_int_equal(config_parse("exp.yaml", text, strlen(text), &cfg, &err), 0);
	assert_string_equal(config_find_provider(&cfg, "groq")->api_key, "sk-other-654321");
	config_free(&cfg);

	/* a variable holding a non-number where a number is wanted */
	setenv("CLUDE_T_PORT", "ninety", 1);
	err_clear(&err);
	assert_int_equal(config_parse("exp.yaml", text, strlen(text), &cfg, &err), -1);
	assert_non_null(strstr(err.msg, "exp.yaml:14:25: 'context_window'"));
	config_free(&cfg);

	unsetenv("CLUDE_T_KEY");
	unsetenv("CLUDE_T_HOST");
	unsetenv("CLUDE_T_PORT");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_var),
		cmocka_unit_test(test_default),
		cmocka_unit_test(test_several),
		cmocka_unit_test(test_literals),
		cmocka_unit_test(test_value_not_reexpanded),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_in_config),
	};
	return cmocka_run_group_tests_name("expand", tests, setup, teardown);
}
