/* test_catalogue.c — every vendor in the registry, as the request it would
 * send: for each declaration (but echo and the VENDOR_CUSTOM templates) the
 * chat request for its default model is built with a dummy key by the
 * vendor's own protocol, and (method, URL, the header that carries the key,
 * the model as sent) is compared with the checked-in golden file
 * tests/unit/golden/requests.tsv, one tab-separated line per vendor:
 *
 *     name  method  url  auth-header  model
 *
 * The model column is the body's "model" field, or "url:<id>" when the
 * protocol puts the model in the URL (gemini, bedrock, azure). A vendor
 * added without a golden line, a golden line for a vendor that is gone, or
 * any changed field fails with one "catalogue:" line per difference.
 *
 * Regenerate the golden file after a deliberate change (from the repo root,
 * where tests/run.sh runs the binaries), then review the diff:
 *
 *     make build/tests/test_catalogue
 *     CLUDE_GOLDEN_WRITE=tests/unit/golden/requests.tsv build/tests/test_catalogue
 *     git diff tests/unit/golden/requests.tsv
 *
 * Keys: every vendor gets providers.NAME.api_key in a config built here,
 * except bedrock, which signs with the dummy AWS_ACCESS_KEY_ID /
 * AWS_SECRET_ACCESS_KEY / AWS_REGION set below; vertex's template base_url
 * is refused by design, so the config gives it a real-looking one. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clude/chat.h"
#include "clude/config.h"
#include "clude/proto.h"
#include "clude/provider.h"
#include "clude/registry.h"
#include "clude/util.h"

#define GOLDEN_PATH "tests/unit/golden/requests.tsv"
#define DUMMY_KEY "dummy-key-0123456789abcdef"
#define DUMMY_AWS_ID "AKIADUMMYKEY0123456"
#define VERTEX_BASE                                                                          \
	"https://aiplatform.googleapis.com/v1/projects/test-project/locations/global/publishers/" \
	"google"

static bool in_catalogue(const struct vendor *v)
{
	return strcmp(v->name, "echo") != 0 && v->type != VENDOR_CUSTOM;
}

/* The environment the requests are built in: no host key leaks in, the AWS
 * dummies for bedrock's SigV4, the region pinned so its URL is stable. */
static int setup(void **state)
{
	(void)state;
	unsetenv("CLUDE_CONFIG");
	for (size_t i = 0; i < registry_count(); i++)
		if (registry_at(i)->key_env)
			unsetenv(registry_at(i)->key_env);
	unsetenv("AWS_SESSION_TOKEN");
	unsetenv("AWS_DEFAULT_REGION");
	setenv("AWS_ACCESS_KEY_ID", DUMMY_AWS_ID, 1);
	setenv("AWS_SECRET_ACCESS_KEY", "dummy-secret-0123456789", 1);
	setenv("AWS_REGION", "us-east-1", 1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unsetenv("AWS_ACCESS_KEY_ID");
	unsetenv("AWS_SECRET_ACCESS_KEY");
	unsetenv("AWS_REGION");
	return 0;
}

/* A config giving every catalogued vendor (but bedrock) the dummy key. */
static char *catalogue_config(void)
{
	struct buf b = { 0 };
	buf_puts(&b, "providers:\n");
	for (size_t i = 0; i < registry_count(); i++) {
		const struct vendor *v = registry_at(i);
		if (!in_catalogue(v) || !strcmp(v->name, "bedrock"))
			continue;
		buf_printf(&b, "  %s:\n    api_key: %s\n", v->name, DUMMY_KEY);
		if (!strcmp(v->name, "vertex"))
			buf_puts(&b, "    base_url: " VERTEX_BASE "\n");
	}
	return buf_steal(&b);
}

/* Name of the header whose value carries key, or "-" when none does. */
static char *auth_header(const struct http_request *r, const char *key)
{
	for (size_t i = 0; i < r->n_headers; i++) {
		const char *h = r->headers[i];
		const char *colon = strchr(h, ':');
		if (colon && key && *key && strstr(colon + 1, key))
			return xstrndup(h, (size_t)(colon - h));
	}
	return xstrdup("-");
}

/* The model as sent: the body's "model", else "url:<id>" when the URL holds
 * it (raw or percent-encoded), else "MISSING". */
static char *model_sent(const struct http_request *r, const char *model)
{
	char *out = NULL;
	cJSON *j = r->body ? cJSON_ParseWithLength(r->body, r->body_len) : NULL;
	const cJSON *m = j ? cJSON_GetObjectItemCaseSensitive(j, "model") : NULL;
	if (cJSON_IsString(m)) {
		out = xstrdup(m->valuestring);
	} else {
		char *esc = proto_escape(model);
		if (strstr(r->url, model) || strstr(r->url, esc)) {
			struct buf b = { 0 };
			buf_printf(&b, "url:%s", model);
			out = buf_steal(&b);
		}
		free(esc);
	}
	cJSON_Delete(j);
	return out ? out : xstrdup("MISSING");
}

/* One vendor's line, or NULL with a message on a build failure. */
static char *request_line(const struct provider *p, char *why, size_t whysz)
{
	const struct proto_ops *ops = proto_find(p->decl->protocol);
	if (!ops || !ops->build_chat) {
		snprintf(why, whysz, "protocol '%s' builds no chat request", p->decl->protocol);
		return NULL;
	}
	const struct message one[] = { { ROLE_USER, "hi", false } };
	struct target t = { .provider = p, .base_url = p->base_url, .api_key = p->api_key,
			    .model = p->default_model };
	struct chat_request req = { .model = t.model, .messages = one, .n_messages = 1,
				    .stream = true, .temperature = -1 };
	struct http_request hr = { 0 };
	struct clude_err err;
	err_clear(&err);
	if (!t.model || ops->build_chat(&t, &req, &hr, &err) != 0) {
		snprintf(why, whysz, "build_chat failed: %.400s", t.model ? err.msg : "no default model");
		http_request_free(&hr);
		return NULL;
	}
	char *hdr = auth_header(&hr, p->api_key);
	char *model = model_sent(&hr, t.model);
	struct buf b = { 0 };
	buf_printf(&b, "%s\t%s\t%s\t%s\t%s", p->decl->name, hr.method, hr.url, hdr, model);
	free(hdr);
	free(model);
	http_request_free(&hr);
	return buf_steal(&b);
}

struct lines {
	char **items;
	size_t n;
};

static void lines_add(struct lines *l, char *s)
{
	l->items = xrealloc(l->items, (l->n + 1) * sizeof *l->items);
	l->items[l->n++] = s;
}

static void lines_free(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

/* The golden line for name, NULL when none. */
static const char *find_line(const struct lines *l, const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < l->n; i++)
		if (!strncmp(l->items[i], name, n) && l->items[i][n] == '\t')
			return l->items[i];
	return NULL;
}

/* The golden file's data lines (# comments and blank lines dropped). */
static bool read_golden(const char *path, struct lines *out)
{
	size_t len = 0;
	char *text = read_file(path, &len);
	if (!text)
		return false;
	for (char *line = text, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		size_t n = strlen(line);
		if (n && line[n - 1] == '\r')
			line[--n] = '\0';
		if (n && line[0] != '#')
			lines_add(out, xstrdup(line));
	}
	free(text);
	return true;
}

static bool write_golden(const char *path, const struct lines *actual)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return false;
	fputs("# Golden requests of every vendor in the registry, checked by\n"
	      "# tests/unit/test_catalogue.c (see its top comment to regenerate).\n"
	      "# name\tmethod\turl\tauth-header\tmodel\n",
	      f);
	for (size_t i = 0; i < actual->n; i++)
		fprintf(f, "%s\n", actual->items[i]);
	return fclose(f) == 0;
}

static void test_requests_match_golden(void **state)
{
	(void)state;
	char *yaml = catalogue_config();
	struct config cfg = { 0 };
	struct provider_set set = { 0 };
	struct clude_err err;
	err_clear(&err);
	if (config_parse("catalogue.yaml", yaml, strlen(yaml), &cfg, &err) != 0)
		fail_msg("config: %s", err.msg);
	if (provider_set_init(&set, &cfg, &err) != 0)
		fail_msg("provider set: %s", err.msg);

	struct lines actual = { 0 };
	int failures = 0;
	for (size_t i = 0; i < registry_count(); i++) {
		const struct vendor *v = registry_at(i);
		if (!in_catalogue(v))
			continue;
		const struct provider *p = provider_find(&set, v->name);
		assert_non_null(p);
		char why[512];
		char *line = request_line(p, why, sizeof why);
		if (!line) {
			print_error("catalogue: %s: %s\n", v->name, why);
			failures++;
			continue;
		}
		if (strstr(line, "\tMISSING")) {
			print_error("catalogue: %s: model '%s' is neither in the body nor in the URL\n",
				    v->name, p->default_model);
			failures++;
		}
		if (strstr(line, "\t-\t")) {
			print_error("catalogue: %s: no header carries the key\n", v->name);
			failures++;
		}
		lines_add(&actual, line);
	}

	const char *write_path = getenv("CLUDE_GOLDEN_WRITE");
	if (write_path && *write_path) {
		if (!write_golden(write_path, &actual))
			fail_msg("catalogue: cannot write %s", write_path);
		print_message("catalogue: wrote %zu lines to %s\n", actual.n, write_path);
	} else {
		struct lines golden = { 0 };
		if (!read_golden(GOLDEN_PATH, &golden))
			fail_msg("catalogue: cannot read %s (run from the repo root; to create it: "
				 "CLUDE_GOLDEN_WRITE=%s %s)",
				 GOLDEN_PATH, GOLDEN_PATH, "build/tests/test_catalogue");
		for (size_t i = 0; i < actual.n; i++) {
			const char *name_end = strchr(actual.items[i], '\t');
			char *name = xstrndup(actual.items[i], (size_t)(name_end - actual.items[i]));
			const char *want = find_line(&golden, name);
			if (!want) {
				print_error("catalogue: %s has no line in %s; it sends:\n+ %s\n", name,
					    GOLDEN_PATH, actual.items[i]);
				failures++;
			} else if (strcmp(want, actual.items[i]) != 0) {
				print_error("catalogue: %s differs from %s:\n- %s\n+ %s\n", name,
					    GOLDEN_PATH, want, actual.items[i]);
				failures++;
			}
			free(name);
		}
		for (size_t i = 0; i < golden.n; i++) {
			const char *tab = strchr(golden.items[i], '\t');
			char *name = tab ? xstrndup(golden.items[i], (size_t)(tab - golden.items[i]))
					 : xstrdup(golden.items[i]);
			if (!find_line(&actual, name)) {
				print_error("catalogue: %s has '%s', which is no catalogued vendor:\n- %s\n",
					    GOLDEN_PATH, name, golden.items[i]);
				failures++;
			}
			free(name);
		}
		lines_free(&golden);
		if (failures)
			print_error("catalogue: if the change is deliberate, regenerate with "
				    "CLUDE_GOLDEN_WRITE=%s build/tests/test_catalogue\n",
				    GOLDEN_PATH);
	}
	lines_free(&actual);
	provider_set_free(&set);
	config_free(&cfg);
	free(yaml);
	if (failures)
		fail_msg("catalogue: %d difference(s), see the catalogue: lines above", failures);
}

/* The catalogue is as large as the issue asks and every vendor is in it. */
static void test_catalogue_size(void **state)
{
	(void)state;
	size_t n = 0;
	for (size_t i = 0; i < registry_count(); i++)
		n += in_catalogue(registry_at(i));
	if (n < 60)
		fail_msg("catalogue: %zu vendors, the issue asks for at least 60", n);
	static const char *const required[] = {
		"sagemaker", "tencentcloud", "nim", "triton", "nvidia", "ernie", "baichuan",
		"minimax", "spark", "hunyuan", "stepfun", "modelscope", "qianfan", "pai",
		"tencent_ti", "qiniu", "replicate", "huggingface", "lepton", "novita", "jina",
		"gpustack", "perfxcloud", "xinference", "openllm", "tei", "ai21", "meta_llama",
		NULL,
	};
	for (const char *const *r = required; *r; r++)
		if (!registry_find(*r))
			fail_msg("catalogue: vendor '%s' is missing", *r);
}

/* Local servers work without a key on a loopback URL and cost nothing;
 * cloud vendors name their key variable. */
static void test_local_vendors(void **state)
{
	(void)state;
	for (size_t i = 0; i < registry_count(); i++) {
		const struct vendor *v = registry_at(i);
		if (!in_catalogue(v) || v->type != VENDOR_LOCAL)
			continue;
		if (!v->key_optional)
			fail_msg("%s: a local server whose key is not optional", v->name);
		if (strncmp(v->base_url, "http://127.0.0.1", 16))
			fail_msg("%s: local base_url '%s' is not on 127.0.0.1", v->name, v->base_url);
		if (v->region != REGION_ANY)
			fail_msg("%s: a local server with a region", v->name);
		for (size_t j = 0; j < v->n_models; j++)
			if (v->models[j].price_in != 0.0 || v->models[j].price_out != 0.0)
				fail_msg("%s/%s: a local model with a price", v->name, v->models[j].id);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalogue_size),
		cmocka_unit_test(test_local_vendors),
		cmocka_unit_test(test_requests_match_golden),
	};
	return cmocka_run_group_tests_name("catalogue", tests, setup, teardown);
}
