/* test_config.c — config_parse/config_load: a full valid file turned into
 * structs, every error with its file:line:col, unknown keys as warnings. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clude/config.h"
#include "clude/util.h"
#include "clude/vendor.h"

static char tmpdir[PATH_MAX];

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/clude-config-XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	setenv("CLUDE_HOME", tmpdir, 1);
	unsetenv("CLUDE_CONFIG");
	unsetenv("CLUDE_TEST_AZ_KEY");
	unsetenv("CLUDE_TEST_CTX");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[PATH_MAX + 16];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Parse text as "test.yaml"; cfg must be config_free'd. */
static int parse(const char *text, struct config *cfg, struct clude_err *err)
{
	memset(cfg, 0, sizeof *cfg);
	err_clear(err);
	return config_parse("test.yaml", text, strlen(text), cfg, err);
}

static const char FULL[] =
	"# clude configuration\n"				/* 1 */
	"providers:\n"						/* 2 */
	"  default: deepseek\n"					/* 3 */
	"  openai:\n"						/* 4 */
	"    enabled: true\n"					/* 5 */
	"    api_key: sk-test-abc\n"				/* 6 */
	"    base_url: https://api.openai.com/v1\n"		/* 7 */
	"    organization: org-123\n"				/* 8 */
	"    default_model: gpt-5.4\n"				/* 9 */
	"  azure:\n"						/* 10 */
	"    type: openai_compat\n"				/* 11 */
	"    enabled: yes\n"					/* 12 */
	"    api_key: \"${CLUDE_TEST_AZ_KEY:-fallback}\"\n"	/* 13 */
	"    base_url: https://example.openai.azure.com\n"	/* 14 */
	"    api_version: 2024-10-21\n"				/* 15 */
	"    extra:\n"						/* 16 */
	"      region: eastus\n"				/* 17 */
	"      tier: \"1\"\n"					/* 18 */
	"    deployment_map:\n"					/* 19 */
	"      gpt-4o: my-gpt4o-deploy\n"			/* 20 */
	"      gpt-5.4: prod-54\n"				/* 21 */
	"    models:\n"						/* 22 */
	"      - id: my-model\n"				/* 23 */
	"        name: My Model\n"				/* 24 */
	"        context_window: 128000\n"			/* 25 */
	"        max_output_tokens: 4096\n"			/* 26 */
	"        input_price: 2.5\n"				/* 27 */
	"        output_price: 10\n"				/* 28 */
	"        vision: true\n"				/* 29 */
	"        function_calling: false\n"			/* 30 */
	"        streaming: true\n"				/* 31 */
	"      - plain-id\n"					/* 32 */
	"      - id: no-caps\n"					/* 33 */
	"        context_window: ${CLUDE_TEST_CTX:-8192}\n"	/* 34 */
	"        input_price: 0\n"				/* 35 */
	"  mistral:\n"						/* 36 */
	"    enabled: off\n"					/* 37 */
	"  ollama:\n"						/* 38 */
	"http:\n"						/* 39 */
	"  connect_timeout: 5\n"				/* 40 */
	"  idle_timeout: 30\n"					/* 41 */
	"limits:\n"						/* 42 */
	"  openai: { rpm: 60 }\n"				/* 43 */
	"  groq: { tpm: 1000 }\n"				/* 44 */
	"model_groups:\n"					/* 45 */
	"  fast: [{ provider: groq, alias: llama }]\n";		/* 46 */

static void test_full_config(void **state)
{
	(void)state;
	struct config cfg;
	struct clude_err err;
	assert_int_equal(parse(FULL, &cfg, &err), 0);
	assert_int_equal(err.code, CLUDE_OK);
	assert_true(cfg.loaded);
	assert_string_equal(cfg.path, "test.yaml");
	assert_int_equal(cfg.n_warnings, 0);
	assert_string_equal(cfg.default_provider, "deepseek");
	assert_int_equal(cfg.connect_timeout_ms, 5000);
	assert_int_equal(cfg.idle_timeout_ms, 30000);
	assert_int_equal(cfg.n_providers, 4);

	const struct provider_conf *o = config_find_provider(&cfg, "openai");
	assert_non_null(o);
	assert_ptr_equal(o, &cfg.providers[0]);
	assert_string_equal(o->name, "openai");
	assert_int_equal(o->line, 4); /* the line of "openai:" itself */
	assert_int_equal(o->enabled, 1);
	assert_null(o->type);
	assert_string_equal(o->api_key, "sk-test-abc");
	assert_string_equal(o->base_url, "https://api.openai.com/v1");
	assert_string_equal(o->organization, "org-123");
	assert_string_equal(o->default_model, "gpt-5.4");
	assert_null(o->api_version);
	assert_int_equal(o->n_extra, 0);
	assert_int_equal(o->n_models, 0);

	const struct provider_conf *a = config_find_provider(&cfg, "azure");
	assert_non_null(a);
	assert_int_equal(a->enabled, 1);
	assert_string_equal(a->type, "openai_compat");
	assert_string_equal(a->api_key, "fallback");
	assert_string_equal(a->base_url, "https://example.openai.azure.com");
	assert_string_equal(a->api_version, "2024-10-21");
	assert_null(a->organization);
	assert_null(a->default_model);
	assert_int_equal(a->n_extra, 2);
	assert_string_equal(a->extra[0].key, "region");
	assert_string_equal(a->extra[0].value, "eastus");
	assert_string_equal(a->extra[1].key, "tier");
	assert_string_equal(a->extra[1].value, "1");
	assert_int_equal(a->n_deployment_map, 2);
	assert_string_equal(a->deployment_map[0].key, "gpt-4o");
	assert_string_equal(a->deployment_map[0].value, "my-gpt4o-deploy");
	assert_string_equal(a->deployment_map[1].key, "gpt-5.4");
	assert_string_equal(a->deployment_map[1].value, "prod-54");

	assert_int_equal(a->n_models, 3);
	const struct model_conf *m = &a->models[0];
	assert_string_equal(m->id, "my-model");
	assert_string_equal(m->name, "My Model");
	assert_int_equal(m->context_window, 128000);
	assert_int_equal(m->max_output_tokens, 4096);
	assert_float_equal(m->price_in, 2.5, 1e-12);
	assert_float_equal(m->price_out, 10.0, 1e-12);
	assert_true(m->caps_set);
	assert_int_equal(m->caps, CAP_VISION | CAP_STREAM);

	m = &a->models[1];
	assert_string_equal(m->id, "plain-id");
	assert_null(m->name);
	assert_int_equal(m->context_window, 0);
	assert_float_equal(m->price_in, PRICE_UNKNOWN, 0);
	assert_float_equal(m->price_out, PRICE_UNKNOWN, 0);
	assert_false(m->caps_set);
	assert_int_equal(m->caps, CAP_STREAM); /* default: streams */

	m = &a->models[2];
	assert_string_equal(m->id, "no-caps");
	assert_int_equal(m->context_window, 8192); /* ${VAR:-default} in a number */
	assert_float_equal(m->price_in, 0.0, 0);
	assert_float_equal(m->price_out, PRICE_UNKNOWN, 0);
	assert_int_equal(m->caps, CAP_STREAM);

	const struct provider_conf *mi = config_find_provider(&cfg, "mistral");
	assert_non_null(mi);
	assert_int_equal(mi->enabled, 0);
	const struct provider_conf *ol = config_find_provider(&cfg, "ollama");
	assert_non_null(ol); /* an empty entry is an entry */
	assert_int_equal(ol->enabled, -1);
	assert_null(ol->api_key);

	assert_null(config_find_provider(&cfg, "groq"));
	assert_null(config_find_provider(&cfg, "default"));
	config_free(&cfg);
	assert_null(cfg.providers);
	assert_int_equal(cfg.n_providers, 0);
}

static void test_bool_and_number_forms(void **state)
{
	(void)state;
	static const struct {
		const char *v;
		int want;
	} bools[] = {
		{ "true", 1 }, { "True", 1 }, { "yes", 1 }, { "on", 1 },  { "1", 1 },
		{ "false", 0 }, { "No", 0 },  { "off", 0 }, { "0", 0 },  { "FALSE", 0 },
	};
	for (size_t i = 0; i < ARRAY_LEN(bools); i++) {
		char text[128];
		snprintf(text, sizeof text, "providers:\n  groq:\n    enabled: %s\n", bools[i].v);
		struct config cfg;
		struct clude_err err;
		assert_int_equal(parse(text, &cfg, &err), 0);
		assert_int_equal(cfg.providers[0].enabled, bools[i].want);
		config_free(&cfg);
	}

	struct config cfg;
	struct clude_err err;
	assert_int_equal(parse("http:\n  connect_timeout: 0.5\n  idle_timeout: \"90\"\n", &cfg, &err),
			 0);
	assert_int_equal(cfg.connect_timeout_ms, 500);
	assert_int_equal(cfg.idle_timeout_ms, 90000);
	config_free(&cfg);
}

static void test_repeated_keys_no_leak(void **state)
{
	(void)state;
	/* a key given twice inside one entry: the last one wins (and ASan sees
	 * whether the first value leaked) */
	const char *text = "providers:\n"
			   "  default: a\n"
			   "  default: b\n"
			   "  openai:\n"
			   "    api_key: first\n"
			   "    api_key: second\n"
			   "    base_url: ~\n";
	struct config cfg;
	struct clude_err err;
	assert_int_equal(parse(text, &cfg, &err), 0);
	assert_string_equal(cfg.default_provider, "b");
	assert_string_equal(cfg.providers[0].api_key, "second");
	assert_null(cfg.providers[0].base_url);
	config_free(&cfg);
}

/* Parse text; expect failure with a message that starts with prefix and
 * contains needle. */
static void expect_error(const char *text, const char *prefix, const char *needle)
{
	struct config cfg;
	struct clude_err err;
	int rc = parse(text, &cfg, &err);
	if (rc == 0 || strncmp(err.msg, prefix, strlen(prefix)) != 0 ||
	    (needle && !strstr(err.msg, needle)))
		fail_msg("input:\n%s\nrc=%d msg='%s'\nwanted prefix '%s' and '%s'", text, rc, err.msg,
			 prefix, needle ? needle : "");
	assert_int_equal(err.code, CLUDE_ECONFIG);
	assert_null(strchr(err.msg, '\n'));
	config_free(&cfg);
}

static void test_syntax_errors(void **state)
{
	(void)state;
	/* bad indent */
	expect_error("providers:\n  openai:\n    api_key: x\n   bad: 1\n", "test.yaml:4:4: ",
		     "did not find expected key");
	/* unclosed [ : libyaml reports where it ran out of input */
	expect_error("providers:\n  openai:\n    models: [a, b\n", "test.yaml:4:1: ",
		     "flow sequence");
	/* unclosed { */
	expect_error("providers:\n  openai: {api_key: x\n", "test.yaml:3:1: ", "flow mapping");
	/* a tab for indentation */
	expect_error("providers:\n\topenai: {}\n", "test.yaml:2:1: ",
		     "found character that cannot start any token");
	/* unterminated quote */
	expect_error("providers:\n  openai:\n    api_key: \"abc\n", "test.yaml:", "quoted scalar");
}

static void test_type_errors(void **state)
{
	(void)state;
	expect_error("- a\n- b\n", "test.yaml:1:1: ",
		     "the file must be a mapping of sections (providers: …), not a list");
	expect_error("just text\n", "test.yaml:1:1: ", "not a value");
	expect_error("providers:\n  - openai\n", "test.yaml:2:3: ",
		     "'providers' must be a mapping, not a list");
	expect_error("providers:\n  openai: hello\n", "test.yaml:2:11: ",
		     "'openai' must be a mapping, not a value");
	expect_error("providers:\n  openai:\n    enabled: maybe\n", "test.yaml:3:14: ",
		     "'enabled' must be true or false");
	expect_error("providers:\n  openai:\n    enabled: ~\n", "test.yaml:3:14: ",
		     "'enabled' must be true or false");
	expect_error("providers:\n  openai:\n    enabled: [true]\n", "test.yaml:3:14: ",
		     "'enabled' must be true or false");
	expect_error("providers:\n  x:\n    models:\n      - id: m\n        context_window: -3\n",
		     "test.yaml:5:25: ", "'context_window' must be a non-negative whole number");
	expect_error("providers:\n  x:\n    models:\n      - id: m\n        context_window: abc\n",
		     "test.yaml:5:25: ", "'context_window' must be a non-negative whole number");
	expect_error("providers:\n  x:\n    models:\n      - id: m\n        context_window: 1.5\n",
		     "test.yaml:5:25: ", "whole number");
	expect_error("providers:\n  x:\n    models:\n      - id: m\n        max_output_tokens: 3000000000\n",
		     "test.yaml:5:28: ", "'max_output_tokens' is too large");
	expect_error("providers:\n  x:\n    models:\n      - id: m\n        input_price: cheap\n",
		     "test.yaml:5:22: ", "'input_price' must be a non-negative number");
	expect_error("providers:\n  x:\n    models:\n      - id: m\n        vision: sometimes\n",
		     "test.yaml:5:17: ", "'vision' must be true or false");
	expect_error("providers:\n  openai:\n    default_model: [a, b]\n", "test.yaml:3:20: ",
		     "'default_model' must be a string, not a list");
	expect_error("providers:\n  openai:\n    api_key: {a: 1}\n", "test.yaml:3:14: ",
		     "'api_key' must be a string, not a mapping");
	expect_error("providers:\n  openai:\n    models: gpt\n", "test.yaml:3:13: ",
		     "'models' must be a list, not a value");
	expect_error("providers:\n  openai:\n    extra: [a]\n", "test.yaml:3:12: ",
		     "'extra' must be a mapping, not a list");
	expect_error("providers:\n  openai:\n    extra:\n      k: [1]\n", "test.yaml:4:10: ",
		     "'k' must be a string, not a list");
	expect_error("http: 5\n", "test.yaml:1:7: ", "'http' must be a mapping, not a value");
	expect_error("http:\n  connect_timeout: soon\n", "test.yaml:2:20: ",
		     "'connect_timeout' must be a non-negative number");
	expect_error("http:\n  idle_timeout: -1\n", "test.yaml:2:17: ", "non-negative");
	expect_error("providers:\n  default: [openai]\n", "test.yaml:2:12: ",
		     "'default' must be a string, not a list");
	expect_error("? [a, b]\n: c\n", "test.yaml:1:3: ", "a key must be a plain name, not a list");
}

static void test_model_errors(void **state)
{
	(void)state;
	expect_error("providers:\n  openai:\n    models:\n      - name: foo\n        context_window: 5\n",
		     "test.yaml:4:9: ", "a models entry needs an 'id'");
	expect_error("providers:\n  openai:\n    models:\n      - id: ~\n", "test.yaml:4:9: ",
		     "needs an 'id'");
	/* an empty list item has no id either (it used to be accepted with
	 * id == NULL, which crashed provider_find_model later) */
	expect_error("providers:\n  openai:\n    models:\n      - a\n      -\n", "test.yaml:5:", "needs an 'id'");
	expect_error("providers:\n  openai:\n    models: [a, ~]\n", "test.yaml:3:17: ", "needs an 'id'");
	expect_error("providers:\n  openai:\n    models:\n      - [a]\n", "test.yaml:4:9: ",
		     "'models entry' must be a mapping, not a list");
}

static void test_structure_errors(void **state)
{
	(void)state;
	expect_error("providers:\n  openai: {}\n  groq: {}\n  openai:\n    api_key: x\n",
		     "test.yaml:4:3: ", "provider 'openai' is configured twice");
	expect_error("providers:\n  openai: {}\n---\nhttp: {}\n", "test.yaml:4:1: ",
		     "only one YAML document is allowed");
	expect_error("providers:\n  openai:\n    api_key: ${OPENAI\n", "test.yaml:3:14: ",
		     "unterminated ${");
	expect_error("providers:\n  openai:\n    models:\n      - id: ${X\n", "test.yaml:4:13: ",
		     "unterminated ${");
	expect_error("providers:\n  default: \"${}\"\n", "test.yaml:2:12: ", "variable name");
}

static void test_second_document_empty_is_fine(void **state)
{
	(void)state;
	/* an explicit end marker with nothing after it is one document */
	struct config cfg;
	struct clude_err err;
	assert_int_equal(parse("---\nproviders:\n  openai: {}\n...\n", &cfg, &err), 0);
	assert_int_equal(cfg.n_providers, 1);
	config_free(&cfg);
}

static void test_unknown_keys_warn(void **state)
{
	(void)state;
	const char *text = "providers:\n"		/* 1 */
			   "  openai:\n"		/* 2 */
			   "    api_key: k\n"		/* 3 */
			   "    api_keey: typo\n"	/* 4 */
			   "    models:\n"		/* 5 */
			   "      - id: m\n"		/* 6 */
			   "        colour: blue\n"	/* 7 */
			   "http:\n"			/* 8 */
			   "  zap: 1\n"			/* 9 */
			   "wierd_section: 2\n"		/* 10 */
			   "limits: {openai: {rpm: 1}}\n" /* 11 */
			   "model_groups: {x: [], y: []}\n"; /* 12 */
	struct config cfg;
	struct clude_err err;
	assert_int_equal(parse(text, &cfg, &err), 0);
	assert_int_equal(err.code, CLUDE_OK);
	assert_string_equal(cfg.providers[0].api_key, "k");
	assert_int_equal(cfg.providers[0].n_models, 1);
	assert_int_equal(cfg.n_warnings, 4);
	assert_string_equal(cfg.warnings[0], "test.yaml:4:5: warning: unknown key 'api_keey' (ignored)");
	assert_string_equal(cfg.warnings[1],
			    "test.yaml:7:9: warning: unknown model key 'colour' (ignored)");
	assert_string_equal(cfg.warnings[2], "test.yaml:9:3: warning: unknown key 'zap' (ignored)");
	assert_string_equal(cfg.warnings[3],
			    "test.yaml:10:1: warning: unknown section 'wierd_section' (ignored)");
	config_free(&cfg);
	assert_null(cfg.warnings);
	assert_int_equal(cfg.n_warnings, 0);
}

static void test_empty_and_comments(void **state)
{
	(void)state;
	static const char *const texts[] = {
		"", "# only a comment\n", "# one\n\n   # two\n", "\n\n\n", "---\n", "~\n",
		"providers:\n", "providers: ~\nhttp:\n",
	};
	for (size_t i = 0; i < ARRAY_LEN(texts); i++) {
		struct config cfg;
		struct clude_err err;
		if (parse(texts[i], &cfg, &err) != 0)
			fail_msg("'%s' failed: %s", texts[i], err.msg);
		assert_true(cfg.loaded);
		assert_int_equal(cfg.n_providers, 0);
		assert_int_equal(cfg.n_warnings, 0);
		assert_null(cfg.default_provider);
		assert_int_equal(cfg.connect_timeout_ms, 0);
		config_free(&cfg);
	}
}

static void write_text(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void test_load(void **state)
{
	(void)state;
	char path[PATH_MAX + 32];
	struct config cfg;
	struct clude_err err;

	/* missing file: not an error */
	snprintf(path, sizeof path, "%s/missing.yaml", tmpdir);
	err_clear(&err);
	assert_int_equal(config_load(path, &cfg, &err), 0);
	assert_false(cfg.loaded);
	assert_string_equal(cfg.path, path);
	assert_int_equal(cfg.n_providers, 0);
	assert_int_equal(err.code, CLUDE_OK);
	config_free(&cfg);

	/* a real file */
	snprintf(path, sizeof path, "%s/good.yaml", tmpdir);
	write_text(path, FULL, sizeof FULL - 1);
	err_clear(&err);
	assert_int_equal(config_load(path, &cfg, &err), 0);
	assert_true(cfg.loaded);
	assert_string_equal(cfg.path, path);
	assert_int_equal(cfg.n_providers, 4);
	config_free(&cfg);

	/* errors name the real path */
	snprintf(path, sizeof path, "%s/bad.yaml", tmpdir);
	write_text(path, "providers:\n  openai: hello\n", 27);
	err_clear(&err);
	assert_int_equal(config_load(path, &cfg, &err), -1);
	char want[PATH_MAX + 64];
	snprintf(want, sizeof want, "%s:2:11: ", path);
	assert_memory_equal(err.msg, want, strlen(want));
	config_free(&cfg);

	/* a binary file */
	snprintf(path, sizeof path, "%s/bin.yaml", tmpdir);
	write_text(path, "providers:\0\1\2", 13);
	err_clear(&err);
	assert_int_equal(config_load(path, &cfg, &err), -1);
	assert_int_equal(err.code, CLUDE_ECONFIG);
	assert_non_null(strstr(err.msg, "not a text file"));
	config_free(&cfg);
}

static void test_not_nul_terminated(void **state)
{
	(void)state;
	/* config_parse reads exactly len bytes */
	const char *text = "providers:\n  groq:\n    api_key: abc\n";
	size_t len = strlen(text);
	char *copy = xmalloc(len);
	memcpy(copy, text, len);
	struct config cfg = { 0 };
	struct clude_err err;
	err_clear(&err);
	assert_int_equal(config_parse("x.yaml", copy, len, &cfg, &err), 0);
	assert_string_equal(cfg.providers[0].api_key, "abc");
	config_free(&cfg);
	free(copy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_config),
		cmocka_unit_test(test_bool_and_number_forms),
		cmocka_unit_test(test_repeated_keys_no_leak),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_type_errors),
		cmocka_unit_test(test_model_errors),
		cmocka_unit_test(test_structure_errors),
		cmocka_unit_test(test_second_document_empty_is_fine),
		cmocka_unit_test(test_unknown_keys_warn),
		cmocka_unit_test(test_empty_and_comments),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_not_nul_terminated),
	};
	return cmocka_run_group_tests_name("config", tests, setup, teardown);
}
