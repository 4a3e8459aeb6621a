/* test_registry.c — the static vendor catalogue is well-formed, and the
 * runtime provider set merges it with the config and the environment:
 * keys, clones, custom endpoints, suggestions and the default pick. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clude/config.h"
#include "clude/proto.h"
#include "clude/provider.h"
#include "clude/registry.h"
#include "clude/util.h"

static char tmpdir[PATH_MAX];

/* Every vendor's key variable is unset so the host's keys never leak in. */
static void unset_all_keys(void)
{
	for (size_t i = 0; i < registry_count(); i++)
		if (registry_at(i)->key_env)
			unsetenv(registry_at(i)->key_env);
}

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/clude-registry-XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	setenv("CLUDE_HOME", tmpdir, 1);
	unsetenv("CLUDE_CONFIG");
	unsetenv("CLUDE_T_UNSET");
	unset_all_keys();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unset_all_keys();
	char cmd[PATH_MAX + 16];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* ---- the static registry ---- */

static void test_sorted_and_findable(void **state)
{
	(void)state;
	size_t n = registry_count();
	assert_true(n >= 10);
	for (size_t i = 0; i < n; i++) {
		const struct vendor *v = registry_at(i);
		assert_non_null(v);
		if (i > 0 && strcmp(registry_at(i - 1)->name, v->name) >= 0)
			fail_msg("registry not sorted: '%s' before '%s'", registry_at(i - 1)->name,
				 v->name);
		assert_ptr_equal(registry_find(v->name), v);
	}
	assert_null(registry_at(n));
	assert_null(registry_find(""));
	assert_null(registry_find("OpenAI")); /* exact names only */
	assert_null(registry_find("zzzz"));
	assert_null(registry_find("aaaa"));
	assert_null(registry_find("openai "));
	for (const char *const *name = (const char *const[]){ "openai", "deepseek", "echo", "ollama",
							     "openai_compat", NULL };
	     *name; name++)
		assert_non_null(registry_find(*name));
}

static void test_vendor_fields(void **state)
{
	(void)state;
	for (size_t i = 0; i < registry_count(); i++) {
		const struct vendor *v = registry_at(i);
		const char *name = v->name;
		assert_non_null(name);
		assert_true(*name);
		for (const char *c = name; *c; c++)
			if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_'))
				fail_msg("vendor name '%s' is not [a-z0-9_]+", name);
		if (!v->display || !*v->display)
			fail_msg("%s: no display name", name);
		if (!v->protocol || !proto_find(v->protocol))
			fail_msg("%s: protocol '%s' is not built in", name,
				 v->protocol ? v->protocol : "(null)");
		if (!v->base_url)
			fail_msg("%s: no base_url", name);
		if (!strcmp(name, "echo"))
			assert_string_equal(v->base_url, "builtin:");
		else if (strncmp(v->base_url, "http://", 7) && strncmp(v->base_url, "https://", 8))
			fail_msg("%s: base_url '%s' is not http(s)://", name, v->base_url);
		assert_string_not_equal(vendor_type_name(v->type), "?");
		assert_string_not_equal(vendor_region_name(v->region), "?");
		if (v->auth == AUTH_HEADER && (!v->auth_header || !*v->auth_header))
			fail_msg("%s: AUTH_HEADER without a header name", name);
		if ((v->type == VENDOR_CLOUD || v->type == VENDOR_AGGREGATOR) &&
		    (!v->key_env || !*v->key_env))
			fail_msg("%s: a cloud vendor without a key variable", name);
		if (v->n_models)
			assert_non_null(v->models);
		if (v->n_models && (!v->default_model || !vendor_find_model(v, v->default_model)))
			fail_msg("%s: default_model '%s' is not in its table", name,
				 v->default_model ? v->default_model : "(null)");
	}
}

static void test_model_tables(void **state)
{
	(void)state;
	for (size_t i = 0; i < registry_count(); i++) {
		const struct vendor *v = registry_at(i);
		for (size_t j = 0; j < v->n_models; j++) {
			const struct model_info *m = &v->models[j];
			if (!m->id || !*m->id)
				fail_msg("%s: model %zu has no id", v->name, j);
			if (!m->name || !*m->name)
				fail_msg("%s/%s: no name", v->name, m->id);
			for (size_t k = 0; k < j; k++)
				if (!strcmp(v->models[k].id, m->id))
					fail_msg("%s: model id '%s' twice", v->name, m->id);
			if (!(m->price_in >= 0 || m->price_in == PRICE_UNKNOWN))
				fail_msg("%s/%s: bad input price %g", v->name, m->id, m->price_in);
			if (!(m->price_out >= 0 || m->price_out == PRICE_UNKNOWN))
				fail_msg("%s/%s: bad output price %g", v->name, m->id, m->price_out);
			if (m->context_window < 0 || m->max_output < 0)
				fail_msg("%s/%s: negative limits", v->name, m->id);
			if (m->context_window && m->max_output > m->context_window)
				fail_msg("%s/%s: max output %d > context %d", v->name, m->id,
					 m->max_output, m->context_window);
			assert_ptr_equal(vendor_find_model(v, m->id), m);
		}
	}
}

static void test_vendor_find_model(void **state)
{
	(void)state;
	const struct vendor *o = registry_find("openai");
	const struct model_info *m = vendor_find_model(o, "gpt-5.4");
	assert_non_null(m);
	assert_string_equal(m->id, "gpt-5.4");
	assert_true(m->context_window > 0);
	assert_true(m->price_in > 0);
	assert_null(vendor_find_model(o, "gpt-5.4 "));
	assert_null(vendor_find_model(o, "GPT-5.4"));
	assert_null(vendor_find_model(o, ""));
	assert_null(vendor_find_model(registry_find("openai_compat"), "anything"));
	const struct vendor *e = registry_find("echo");
	assert_non_null(vendor_find_model(e, e->default_model));
	assert_float_equal(vendor_find_model(e, "echo")->price_in, 0.0, 0);
}

static void test_type_region_names(void **state)
{
	(void)state;
	assert_string_equal(vendor_type_name(VENDOR_CLOUD), "cloud");
	assert_string_equal(vendor_type_name(VENDOR_LOCAL), "local");
	assert_string_equal(vendor_type_name(VENDOR_AGGREGATOR), "aggregator");
	assert_string_equal(vendor_type_name(VENDOR_CUSTOM), "custom");
	assert_string_equal(vendor_region_name(REGION_INTL), "intl");
	assert_string_equal(vendor_region_name(REGION_CHINA), "china");
	assert_string_equal(vendor_region_name(REGION_ANY), "any");
}

/* ---- the provider set ---- */

struct world {
	struct config cfg;
	struct provider_set set;
	struct clude_err err;
};

/* Parse text and build the set; returns provider_set_init's result. */
static int build(struct world *w, const char *text)
{
	memset(w, 0, sizeof *w);
	err_clear(&w->err);
	if (config_parse("t.yaml", text, strlen(text), &w->cfg, &w->err) != 0)
		fail_msg("config: %s", w->err.msg);
	return provider_set_init(&w->set, &w->cfg, &w->err);
}

static void destroy(struct world *w)
{
	provider_set_free(&w->set);
	config_free(&w->cfg);
}

static const char SET_CONFIG[] = "providers:\n"				/* 1 */
				 "  openai:\n"				/* 2 */
				 "    api_key: sk-config-111122223333\n"	/* 3 */
				 "  deepseek: {}\n"			/* 4 */
				 "  mistral:\n"				/* 5 */
				 "    enabled: false\n"			/* 6 */
				 "    api_key: mk-1234567890\n"		/* 7 */
				 "  mylocal:\n"				/* 8 */
				 "    type: openai_compat\n"		/* 9 */
				 "    base_url: http://127.0.0.1:9/v1\n"	/* 10 */
				 "    default_model: big\n"		/* 11 */
				 "    models:\n"				/* 12 */
				 "      - id: small\n"			/* 13 */
				 "        input_price: 0.5\n"		/* 14 */
				 "        output_price: 1.5\n"		/* 15 */
				 "      - id: big\n"			/* 16 */
				 "        context_window: 8192\n"		/* 17 */
				 "  work:\n"				/* 18 */
				 "    type: openai\n"			/* 19 */
				 "    api_key: x\n"			/* 20 */
				 "  bare:\n"				/* 21 */
				 "    base_url: http://127.0.0.1:9/api\n";	/* 22 */

static void test_set_from_config(void **state)
{
	(void)state;
	setenv("DEEPSEEK_API_KEY", "ds-env-key-000011112222", 1);
	setenv("OPENAI_API_KEY", "sk-env-should-lose-to-config", 1);
	struct world w;
	if (build(&w, SET_CONFIG) != 0)
		fail_msg("%s", w.err.msg);
	assert_int_equal(w.set.n, registry_count() + 3);

	/* every registry vendor is there, in order, then the config's own */
	for (size_t i = 0; i < registry_count(); i++)
		assert_ptr_equal(w.set.items[i].decl, registry_at(i));
	assert_null(provider_find(&w.set, "nope"));

	struct provider *o = provider_find(&w.set, "openai");
	assert_non_null(o);
	assert_ptr_equal(o->decl, registry_find("openai"));
	assert_non_null(o->conf);
	assert_true(o->enabled);
	assert_string_equal(o->api_key, "sk-config-111122223333"); /* config beats env */
	assert_string_equal(o->key_source, "config");
	assert_string_equal(o->base_url, o->decl->base_url);
	assert_string_equal(o->default_model, o->decl->default_model);
	assert_true(provider_has_key(o));
	assert_string_equal(provider_status(o), "configured");

	struct provider *d = provider_find(&w.set, "deepseek");
	assert_string_equal(d->api_key, "ds-env-key-000011112222");
	assert_string_equal(d->key_source, "DEEPSEEK_API_KEY");

	struct provider *g = provider_find(&w.set, "groq");
	assert_null(g->conf);
	assert_true(g->enabled);
	assert_null(g->api_key);
	assert_false(provider_has_key(g));
	assert_string_equal(provider_status(g), "no key");

	struct provider *mi = provider_find(&w.set, "mistral");
	assert_false(mi->enabled);
	assert_string_equal(provider_status(mi), "disabled");

	assert_string_equal(provider_status(provider_find(&w.set, "echo")), "built-in");

	/* a custom endpoint with its own models */
	struct provider *c = provider_find(&w.set, "mylocal");
	assert_non_null(c);
	assert_ptr_equal(c->decl, &c->custom);
	assert_string_equal(c->decl->name, "mylocal");
	assert_int_equal(c->decl->type, VENDOR_CUSTOM);
	assert_string_equal(c->decl->protocol, "openai");
	assert_string_equal(c->base_url, "http://127.0.0.1:9/v1");
	assert_string_equal(c->default_model, "big");
	assert_string_equal(provider_status(c), "configured");
	assert_int_equal(provider_model_count(c), 2);
	assert_string_equal(provider_model_at(c, 0)->id, "small");
	assert_string_equal(provider_model_at(c, 1)->id, "big");
	const struct model_info *sm = provider_find_model(c, "small");
	assert_non_null(sm);
	assert_string_equal(sm->name, "small"); /* no name: the id */
	assert_float_equal(sm->price_in, 0.5, 0);
	assert_float_equal(sm->price_out, 1.5, 0);
	assert_int_equal(provider_find_model(c, "big")->context_window, 8192);
	assert_float_equal(provider_find_model(c, "big")->price_in, PRICE_UNKNOWN, 0);
	assert_null(provider_find_model(c, "gpt-5.4"));

	/* a clone of a vendor under another name */
	struct provider *wk = provider_find(&w.set, "work");
	assert_non_null(wk);
	assert_string_equal(wk->decl->name, "work");
	assert_string_equal(wk->decl->display, registry_find("openai")->display);
	assert_int_equal(wk->decl->type, VENDOR_CLOUD);
	assert_string_equal(wk->decl->protocol, "openai");
	assert_string_equal(wk->base_url, registry_find("openai")->base_url);
	assert_string_equal(wk->api_key, "x");
	assert_string_equal(wk->default_model, registry_find("openai")->default_model);
	assert_non_null(provider_find_model(wk, "gpt-5.4"));
	assert_string_equal(provider_status(wk), "configured");

	/* base_url alone makes an openai_compat endpoint */
	struct provider *b = provider_find(&w.set, "bare");
	assert_non_null(b);
	assert_int_equal(b->decl->type, VENDOR_CUSTOM);
	assert_string_equal(b->base_url, "http://127.0.0.1:9/api");
	assert_null(b->api_key);
	assert_int_equal(provider_model_count(b), 0);

	destroy(&w);
	unsetenv("DEEPSEEK_API_KEY");
	unsetenv("OPENAI_API_KEY");
}

static void test_env_key_only(void **state)
{
	(void)state;
	struct world w;
	assert_int_equal(build(&w, ""), 0);
	assert_null(provider_find(&w.set, "openai")->api_key);
	destroy(&w);

	setenv("OPENAI_API_KEY", "sk-env-0000111122223333", 1);
	assert_int_equal(build(&w, "providers:\n  openai:\n    api_key: \"\"\n"), 0);
	struct provider *o = provider_find(&w.set, "openai");
	assert_string_equal(o->api_key, "sk-env-0000111122223333"); /* empty config key: env */
	assert_string_equal(o->key_source, "OPENAI_API_KEY");
	destroy(&w);

	setenv("OPENAI_API_KEY", "", 1); /* empty variable: no key */
	assert_int_equal(build(&w, ""), 0);
	assert_null(provider_find(&w.set, "openai")->api_key);
	destroy(&w);
	unsetenv("OPENAI_API_KEY");
}

static void expect_set_error(const char *text, const char *needle)
{
	struct world w;
	if (build(&w, text) == 0)
		fail_msg("accepted:\n%s", text);
	assert_int_equal(w.err.code, CLUDE_ECONFIG);
	if (!strstr(w.err.msg, needle))
		fail_msg("message '%s' lacks '%s'", w.err.msg, needle);
	destroy(&w); /* a half-built set is freed cleanly */
}

static void test_set_errors(void **state)
{
	(void)state;
	expect_set_error("providers:\n  strange:\n    api_key: x\n",
			 "'strange' is not a known vendor");
	expect_set_error("providers:\n  strange:\n    api_key: x\n", "2: ");
	expect_set_error("providers:\n  strange: {}\n", "type: openai_compat");
	expect_set_error("providers:\n  foo:\n    type: nope\n", "unknown type 'nope'");
	expect_set_error("providers:\n  openai:\n    type: deepseek\n", "built-in vendor");

	struct world w;
	assert_int_equal(build(&w, "providers:\n  openai:\n    type: openai\n"), 0);
	destroy(&w);
}

static void test_suggest(void **state)
{
	(void)state;
	struct world w;
	assert_int_equal(build(&w, SET_CONFIG), 0);
	assert_string_equal(provider_suggest(&w.set, "opena"), "openai");
	assert_string_equal(provider_suggest(&w.set, "deepsek"), "deepseek");
	assert_string_equal(provider_suggest(&w.set, "OPENAI"), "openai");
	assert_string_equal(provider_suggest(&w.set, "grok"), "groq");
	assert_string_equal(provider_suggest(&w.set, "mylocl"), "mylocal");
	assert_null(provider_suggest(&w.set, "zzzzzz"));
	assert_null(provider_suggest(&w.set, "completely-unrelated-name"));

	struct provider *o = provider_find(&w.set, "openai");
	assert_string_equal(model_suggest(o, "gpt-5.4-mimi"), "gpt-5.4-mini");
	assert_string_equal(model_suggest(o, "gpt5.4"), "gpt-5.4");
	assert_null(model_suggest(o, "zzzzzzzz"));
	struct provider *c = provider_find(&w.set, "mylocal");
	assert_string_equal(model_suggest(c, "smal"), "small");
	assert_null(model_suggest(provider_find(&w.set, "bare"), "anything"));
	destroy(&w);
}

/* ---- provider_pick_default ---- */

/* A local port that refuses connections: bound, never listening. */
static int closed_port(int *fd)
{
	*fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(*fd >= 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	assert_int_equal(bind(*fd, (struct sockaddr *)&a, sizeof a), 0);
	socklen_t l = sizeof a;
	assert_int_equal(getsockname(*fd, (struct sockaddr *)&a, &l), 0);
	return ntohs(a.sin_port);
}

static int open_port(int *fd)
{
	int port = closed_port(fd);
	assert_int_equal(listen(*fd, 4), 0);
	return port;
}

/* The config text with local servers pointed at port. */
static char *with_locals(const char *rest, int port)
{
	struct buf b = { 0 };
	buf_printf(&b,
		   "providers:\n"
		   "  ollama:\n    base_url: http://127.0.0.1:%d/v1\n"
		   "  llamacpp:\n    base_url: http://127.0.0.1:%d/v1\n"
		   "%s",
		   port, port, rest);
	return buf_steal(&b);
}

/* The name provider_pick_default chooses for rest (+ closed local ports). */
static const char *pick(const char *rest, bool *fell_back)
{
	static char name[64];
	int fd;
	char *text = with_locals(rest, closed_port(&fd));
	struct world w;
	if (build(&w, text) != 0)
		fail_msg("%s", w.err.msg);
	struct provider *p = provider_pick_default(&w.set, &w.cfg, fell_back);
	assert_non_null(p);
	snprintf(name, sizeof name, "%s", p->decl->name);
	destroy(&w);
	free(text);
	close(fd);
	return name;
}

static void test_pick_config_default(void **state)
{
	(void)state;
	bool fb = true;
	setenv("OPENAI_API_KEY", "sk-env-0000111122223333", 1);
	/* providers.default wins even without a key */
	assert_string_equal(pick("  default: deepseek\n", &fb), "deepseek");
	assert_false(fb);
	assert_string_equal(pick("  default: ${CLUDE_T_UNSET:-groq}\n", &fb), "groq");
	/* an unknown default falls through to the next rule */
	assert_string_equal(pick("  default: nosuchvendor\n", &fb), "openai");
	assert_false(fb);
	unsetenv("OPENAI_API_KEY");
}

static void test_pick_config_key_over_env(void **state)
{
	(void)state;
	bool fb = true;
	setenv("OPENAI_API_KEY", "sk-env-0000111122223333", 1);
	assert_string_equal(pick("  groq:\n    api_key: gsk-config-1234\n", &fb), "groq");
	assert_false(fb);
	/* a custom endpoint in the config also beats the environment */
	assert_string_equal(pick("  mine:\n    base_url: http://127.0.0.1:9/v1\n", &fb), "mine");
	/* but not when disabled */
	assert_string_equal(pick("  mine:\n    base_url: http://127.0.0.1:9/v1\n    enabled: no\n",
				 &fb),
			    "openai");
	unsetenv("OPENAI_API_KEY");
}

static void test_pick_env_order(void **state)
{
	(void)state;
	bool fb = true;
	setenv("MISTRAL_API_KEY", "m-0000111122223333", 1);
	assert_string_equal(pick("", &fb), "mistral");
	assert_false(fb);
	setenv("DEEPSEEK_API_KEY", "ds-0000111122223333", 1);
	assert_string_equal(pick("", &fb), "deepseek"); /* preferred over mistral */
	setenv("OPENAI_API_KEY", "sk-0000111122223333", 1);
	assert_string_equal(pick("", &fb), "openai");
	/* a disabled vendor is skipped even with a key */
	assert_string_equal(pick("  openai:\n    enabled: false\n", &fb), "deepseek");
	unsetenv("OPENAI_API_KEY");
	unsetenv("DEEPSEEK_API_KEY");
	unsetenv("MISTRAL_API_KEY");

	/* any other cloud vendor with a key */
	setenv("XAI_API_KEY", "xai-0000111122223333", 1);
	assert_string_equal(pick("", &fb), "xai");
	assert_false(fb);
	unsetenv("XAI_API_KEY");
}

static void test_pick_echo_fallback(void **state)
{
	(void)state;
	bool fb = false;
	assert_string_equal(pick("", &fb), "echo");
	assert_true(fb);
	fb = false;
	assert_string_equal(pick("  openai:\n    enabled: false\n    api_key: sk-1234567890\n", &fb),
			    "echo");
	assert_true(fb);
}

static void test_pick_running_local(void **state)
{
	(void)state;
	int lfd;
	int port = open_port(&lfd);
	char rest[128];
	snprintf(rest, sizeof rest, "  lmstudio:\n    base_url: http://127.0.0.1:%d/v1\n", port);
	bool fb = true;
	/* a local server from the config that is listening */
	assert_string_equal(pick(rest, &fb), "lmstudio");
	assert_false(fb);

	/* the usual ollama port, when something listens there */
	char *text = with_locals("", port);
	struct world w;
	assert_int_equal(build(&w, text), 0);
	struct provider *p = provider_pick_default(&w.set, &w.cfg, &fb);
	assert_string_equal(p->decl->name, "llamacpp" /* sorted first */);
	assert_false(fb);
	assert_true(provider_probe(p, 500));
	assert_string_equal(provider_status(p), "running");
	destroy(&w);
	free(text);
	close(lfd);

	/* the same port closed now */
	int cfd;
	text = with_locals("", closed_port(&cfd));
	assert_int_equal(build(&w, text), 0);
	p = provider_find(&w.set, "ollama");
	assert_false(provider_probe(p, 200));
	assert_string_equal(provider_status(p), "not running");
	destroy(&w);
	free(text);
	close(cfd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sorted_and_findable),
		cmocka_unit_test(test_vendor_fields),
		cmocka_unit_test(test_model_tables),
		cmocka_unit_test(test_vendor_find_model),
		cmocka_unit_test(test_type_region_names),
		cmocka_unit_test(test_set_from_config),
		cmocka_unit_test(test_env_key_only),
		cmocka_unit_test(test_set_errors),
		cmocka_unit_test(test_suggest),
		cmocka_unit_test(test_pick_config_default),
		cmocka_unit_test(test_pick_config_key_over_env),
		cmocka_unit_test(test_pick_env_order),
		cmocka_unit_test(test_pick_echo_fallback),
		cmocka_unit_test(test_pick_running_local),
	};
	return cmocka_run_group_tests_name("registry", tests, setup, teardown);
}
