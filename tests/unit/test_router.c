/* test_router.c — the routing layer's pure parts: which errors are
 * retried, backoff and Retry-After, the deployment pickers, routing rules,
 * the config sections, and the shared state file (breaker, limits). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clude/config.h"
#include "clude/router.h"
#include "clude/util.h"

static struct clude_err http_err(int status)
{
	struct clude_err e;
	err_clear(&e);
	err_set(&e, CLUDE_EHTTP, "HTTP %d", status);
	e.http_status = status;
	return e;
}

static void test_retryable(void **state)
{
	(void)state;
	int yes[] = { 429, 500, 502, 503, 504 }, no[] = { 400, 401, 403, 404 };
	for (size_t i = 0; i < ARRAY_LEN(yes); i++) {
		struct clude_err e = http_err(yes[i]);
		assert_true(route_retryable(&e, false));
		assert_false(route_retryable(&e, true)); /* text already shown */
	}
	for (size_t i = 0; i < ARRAY_LEN(no); i++) {
		struct clude_err e = http_err(no[i]);
		assert_false(route_retryable(&e, false));
	}
	struct clude_err e;
	err_set(&e, CLUDE_ENET, "connection refused");
	assert_true(route_retryable(&e, false));
	err_set(&e, CLUDE_ETIMEOUT, "timed out");
	assert_true(route_retryable(&e, false));
	err_set(&e, CLUDE_EPROTO, "stream ended early: connection closed");
	assert_true(route_retryable(&e, false));
	err_set(&e, CLUDE_EPROTO, "malformed chunk");
	assert_false(route_retryable(&e, false));
	err_set(&e, CLUDE_ECANCEL, "interrupted");
	assert_false(route_retryable(&e, false));
}

static void test_backoff(void **state)
{
	(void)state;
	struct retry_conf rc = { .attempts = 5, .base_ms = 500, .max_ms = 20000 };
	assert_int_equal(route_backoff_ms(&rc, 1, 7, 0.5), 7000);   /* Retry-After wins */
	assert_int_equal(route_backoff_ms(&rc, 1, 60, 0.5), 20000); /* … up to the cap */
	assert_int_equal(route_backoff_ms(&rc, 1, -1, 0.999), 499); /* full jitter [0, base) */
	assert_int_equal(route_backoff_ms(&rc, 3, -1, 0.5), 1000);  /* base·4 · 0.5 */
	assert_int_equal(route_backoff_ms(&rc, 20, -1, 0.5), 10000); /* capped ceiling */
	assert_int_equal(route_backoff_ms(&rc, 2, -1, 0.0), 0);
}

static struct deployment_conf deps[50];

static struct group_conf group(enum group_strategy s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		deps[i] = (struct deployment_conf){ .provider = "p", .alias = "m", .enable = true,
						    .weight = 1 };
	return (struct group_conf){ .name = "g", .strategy = s, .d = deps, .n = n };
}

static void test_round_robin(void **state)
{
	(void)state;
	struct group_conf g = group(STRAT_ROUND_ROBIN, 3);
	bool ok[3] = { true, true, true };
	int count[3] = { 0 };
	for (unsigned long i = 0; i < 200; i++)
		count[route_pick(&g, ok, NULL, NULL, i, 0.3)]++;
	for (int i = 0; i < 3; i++)
		assert_in_range(count[i], 66, 67);
	ok[1] = false; /* skipped while unusable */
	int c2[3] = { 0 };
	for (unsigned long i = 0; i < 200; i++)
		c2[route_pick(&g, ok, NULL, NULL, i, 0.3)]++;
	assert_int_equal(c2[1], 0);
	assert_int_equal(c2[0], 100);
	bool none[3] = { false, false, false };
	assert_int_equal(route_pick(&g, none, NULL, NULL, 0, 0), -1);
}

static void test_weighted(void **state)
{
	(void)state;
	struct group_conf g = group(STRAT_WEIGHTED, 3);
	deps[0].weight = 6;
	deps[1].weight = 3;
	deps[2].weight = 1;
	bool ok[3] = { true, true, true };
	int count[3] = { 0 };
	srand48(7);
	for (int i = 0; i < 200; i++)
		count[route_pick(&g, ok, NULL, NULL, 0, drand48())]++;
	assert_in_range(count[0], 100, 140); /* 120 expected */
	assert_in_range(count[1], 40, 80);   /* 60 */
	assert_in_range(count[2], 6, 35);    /* 20 */
}

static void test_least_latency_and_busy(void **state)
{
	(void)state;
	struct group_conf g = group(STRAT_LEAST_LATENCY, 3);
	bool ok[3] = { true, true, true };
	double ttft[3] = { 300, 40, 120 };
	int busy[3] = { 0, 0, 0 };
	assert_int_equal(route_pick(&g, ok, ttft, busy, 0, 0), 1);
	ttft[2] = -1; /* never measured: tried first */
	assert_int_equal(route_pick(&g, ok, ttft, busy, 0, 0), 2);
	g.strategy = STRAT_LEAST_BUSY;
	int b2[3] = { 4, 1, 2 };
	assert_int_equal(route_pick(&g, ok, ttft, b2, 0, 0), 1);
}

static struct chat_request one(const char *text, struct message *m)
{
	*m = (struct message){ .role = ROLE_USER, .content = (char *)text };
	return (struct chat_request){ .model = "auto", .messages = m, .n_messages = 1 };
}

static void test_rules(void **state)
{
	(void)state;
	char *kw[] = { "invoice", "refund" };
	struct rule_conf rules[] = {
		{ .name = "long", .min_tokens = 1000, .has_code = -1, .target = "big" },
		{ .name = "py", .language = "python", .has_code = -1, .target = "coder" },
		{ .name = "code", .has_code = 1, .target = "coder2" },
		{ .name = "billing", .keywords = kw, .n_keywords = 2, .has_code = -1, .target = "cheap" },
		{ .name = "greet", .regex = "^(hi|hello)\\b", .has_code = -1, .target = "tiny" },
		{ .name = "short", .max_tokens = 50, .has_code = -1, .target = "fast" },
	};
	struct message m;
	int which;
	struct chat_request r = one("```python\nprint(1)\n```", &m);
	assert_string_equal(route_auto(rules, 6, "dflt", &r, &which), "coder");
	r = one("```c\n#include <stdio.h>\n```", &m);
	assert_string_equal(route_auto(rules, 6, "dflt", &r, &which), "coder2");
	r = one("where is my REFUND", &m);
	assert_string_equal(route_auto(rules, 6, "dflt", &r, &which), "cheap");
	assert_int_equal(which, 3);
	r = one("Hello there", &m);
	assert_string_equal(route_auto(rules, 6, "dflt", &r, &which), "tiny");
	r = one("what time is it", &m);
	assert_string_equal(route_auto(rules, 6, "dflt", &r, &which), "fast");
	char *big = xmalloc(8001);
	memset(big, 'a', 8000);
	big[8000] = '\0';
	for (int i = 100; i < 8000; i += 100)
		big[i] = ' ';
	r = one(big, &m);
	assert_string_equal(route_auto(rules, 6, "dflt", &r, &which), "big");
	r = one(big + 7000, &m); /* ~250 tokens, no rule */
	assert_string_equal(route_auto(rules, 6, "dflt", &r, &which), "dflt");
	assert_int_equal(which, -1);
	free(big);
}

static const char *yaml =
	"retry: { attempts: 4, base_ms: 100, max_ms: 900, circuit_failures: 2 }\n"
	"fallbacks:\n"
	"  openai: [anthropic, \"deepseek:deepseek-chat\"]\n"
	"  gpt-4o: groq\n"
	"model_groups:\n"
	"  gpt-4o:\n"
	"    - { provider: openai, alias: gpt-4o, enable: true }\n"
	"    - { provider: azure_openai, alias: my-dep, enable: false }\n"
	"  fast:\n"
	"    strategy: weighted\n"
	"    deployments:\n"
	"      - { provider: groq, alias: llama, weight: 3 }\n"
	"limits:\n"
	"  openai: { rpm: 60, tpm: 10000, rpd: 1000, tpr: 4000 }\n"
	"routing:\n"
	"  default: gpt-4o\n"
	"  rules:\n"
	"    - { name: code, has_code: true, target: fast }\n"
	"    - { keywords: [a, b], max_tokens: 10, target: x }\n";

static void test_config_sections(void **state)
{
	(void)state;
	struct config cfg = { 0 };
	struct clude_err err;
	err_clear(&err);
	assert_int_equal(config_parse("c.yaml", yaml, strlen(yaml), &cfg, &err), 0);
	assert_int_equal(cfg.n_warnings, 0);
	const struct routing_conf *rc = routing_conf_of(&cfg);
	assert_int_equal(rc->retry.attempts, 4);
	assert_int_equal(rc->retry.max_ms, 900);
	assert_int_equal(rc->retry.circuit_failures, 2);
	assert_int_equal((int)rc->retry.circuit_cooldown, 30); /* default kept */
	assert_int_equal(rc->n_fallbacks, 2);
	assert_string_equal(rc->fallbacks[0].targets[1], "deepseek:deepseek-chat");
	assert_int_equal(rc->fallbacks[1].n, 1);
	assert_int_equal(rc->n_groups, 2);
	assert_int_equal(rc->groups[0].strategy, STRAT_ROUND_ROBIN);
	assert_false(rc->groups[0].d[1].enable);
	assert_int_equal(rc->groups[1].strategy, STRAT_WEIGHTED);
	assert_true(rc->groups[1].d[0].weight == 3);
	assert_int_equal(rc->limits[0].tpr, 4000);
	assert_int_equal(rc->n_rules, 2);
	assert_int_equal(rc->rules[0].has_code, 1);
	assert_string_equal(rc->rules[1].name, "x");
	assert_string_equal(rc->default_target, "gpt-4o");
	assert_true(router_is_virtual(&cfg, "fast"));
	assert_true(router_is_virtual(&cfg, "auto"));
	assert_false(router_is_virtual(&cfg, "gpt-4o-mini"));
	config_free(&cfg);

	const char *bad = "model_groups:\n  g:\n    strategy: fastest\n    deployments: []\n";
	assert_int_equal(config_parse("c.yaml", bad, strlen(bad), &cfg, &err), -1);
	assert_string_equal(err.msg,
			    "c.yaml:3:15: strategy must be round_robin, weighted, least_latency or least_busy");
	config_free(&cfg);
	const char *nodefault = "providers: {}\n";
	assert_int_equal(config_parse("c.yaml", nodefault, strlen(nodefault), &cfg, &err), 0);
	assert_int_equal(routing_conf_of(&cfg)->retry.attempts, 3);
	config_free(&cfg);
}

static char home[256];

static int make_home(void **state)
{
	(void)state;
	snprintf(home, sizeof home, "/tmp/clude-router-XXXXXX");
	assert_non_null(mkdtemp(home));
	setenv("CLUDE_HOME", home, 1);
	return 0;
}

static int drop_home(void **state)
{
	(void)state;
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", home);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_breaker(void **state)
{
	(void)state;
	struct retry_conf rc = { .circuit_failures = 2, .circuit_window = 60,
				 .circuit_cooldown = 0.2 };
	bool probe;
	assert_true(state_circuit_allows(&rc, "v:m", &probe));
	state_record(&rc, "v:m", false, -1);
	assert_true(state_circuit_allows(&rc, "v:m", &probe));
	state_record(&rc, "v:m", false, -1);
	assert_false(state_circuit_allows(&rc, "v:m", &probe)); /* open */
	assert_true(state_circuit_allows(&rc, "other:m", &probe));
	usleep(250000);
	assert_true(state_circuit_allows(&rc, "v:m", &probe)); /* half-open */
	assert_true(probe);
	assert_false(state_circuit_allows(&rc, "v:m", &probe)); /* one probe at a time */
	state_record(&rc, "v:m", false, -1);                    /* the probe failed */
	assert_false(state_circuit_allows(&rc, "v:m", &probe));
	usleep(250000);
	assert_true(state_circuit_allows(&rc, "v:m", &probe));
	state_record(&rc, "v:m", true, 50); /* the probe worked: closed */
	assert_true(state_circuit_allows(&rc, "v:m", &probe));
	assert_false(probe);
	char path[512];
	struct stat st;
	assert_int_equal(stat(state_path(path, sizeof path), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
}

static void test_limits(void **state)
{
	(void)state;
	struct limit_conf lim = { .provider = "v", .rpm = 2, .tpm = 100 };
	assert_int_equal(state_limit_take(&lim, 10), 0);
	assert_int_equal(state_limit_take(&lim, 10), 0);
	long wait = state_limit_take(&lim, 10); /* third in a minute */
	assert_in_range(wait, 55000, 60001);
	struct limit_conf tl = { .provider = "t", .tpm = 100 };
	assert_int_equal(state_limit_take(&tl, 60), 0);
	assert_true(state_limit_take(&tl, 60) > 0);
	assert_int_equal(state_limit_take(&tl, 40), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_retryable),
		cmocka_unit_test(test_backoff),
		cmocka_unit_test(test_round_robin),
		cmocka_unit_test(test_weighted),
		cmocka_unit_test(test_least_latency_and_busy),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_config_sections),
		cmocka_unit_test_setup_teardown(test_breaker, make_home, drop_home),
		cmocka_unit_test_setup_teardown(test_limits, make_home, drop_home),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
