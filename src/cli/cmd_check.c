/* cmd_check.c — `clude providers check [NAME…]`: is each vendor answering
 * right now? One live call per vendor (its model list, else a 1-token chat),
 * a table of health, latency and reason. Exit 2 when any probed one fails. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clude/app.h"
#include "clude/proto.h"
#include "clude/client.h"
#include "clude/router.h"
#include "clude/table.h"
#include "clude/util.h"

struct probe {
	const char *health;
	char latency[32];
	char reason[600];
};

static void probe_one(struct app *app, struct provider *p, struct probe *out)
{
	struct clude_err err;
	err_clear(&err);
	snprintf(out->latency, sizeof out->latency, "-");
	out->reason[0] = '\0';
	if (!p->enabled) {
		out->health = "disabled";
		return;
	}
	if (proto_find(p->decl->protocol) && proto_find(p->decl->protocol)->local_chat) {
		out->health = "ok"; /* answered in-process (echo): nothing to reach */
		snprintf(out->reason, sizeof out->reason, "built in");
		return;
	}
	if (p->decl->type == VENDOR_LOCAL && !provider_probe(p, 500)) {
		out->health = "not running";
		snprintf(out->reason, sizeof out->reason, "nothing listens at %s", p->base_url);
		return;
	}
	if (app_check_key(p, &err) != 0) {
		out->health = "no key";
		snprintf(out->reason, sizeof out->reason, "%s", err.msg);
		return;
	}
	struct http_opts opts = app->http;
	if (!opts.connect_timeout_ms || opts.connect_timeout_ms > 5000)
		opts.connect_timeout_ms = 5000;
	opts.total_timeout_ms = 15000;
	const char *model = p->default_model ? p->default_model : "";
	struct target t;
	app_target(p, model, &t);
	const struct proto_ops *ops = proto_find(p->decl->protocol);
	double t0 = now_ms();
	int rc;
	if (ops && ops->build_models) {
		struct model_list ml;
		rc = client_list_models(&t, &opts, &ml, &err);
		if (rc == 0)
			model_list_free(&ml);
	} else {
		struct message m = { .role = ROLE_USER, .content = "ping" };
		struct chat_request req = { .model = model, .messages = &m, .n_messages = 1,
					    .max_tokens = 1, .temperature = -1 };
		struct chat_result r;
		rc = client_chat(&t, &req, &opts, NULL, NULL, &r, &err);
		chat_result_free(&r);
	}
	snprintf(out->latency, sizeof out->latency, "%.0f", now_ms() - t0);
	out->health = rc == 0 ? "ok" : "failing";
	if (rc != 0)
		snprintf(out->reason, sizeof out->reason, "%s", err.msg);
}

/* Without names: every vendor the config mentions, and every one with a key. */
static bool wanted(const struct provider *p)
{
	if (!strcmp(p->decl->name, "echo"))
		return false;
	if (p->decl->type == VENDOR_CUSTOM)
		return p->conf != NULL;
	return p->conf != NULL || (p->decl->type != VENDOR_LOCAL && provider_has_key(p));
}

int providers_check(struct app *app, int argc, char **argv)
{
	struct provider *list[256];
	size_t n = 0;
	for (int i = 1; i < argc; i++) {
		if (argv[i][0] == '-') {
			fprintf(stderr, "clude: providers check: unknown option '%s'\n", argv[i]);
			return 1;
		}
		struct provider *p = provider_find(&app->providers, argv[i]);
		if (!p) {
			const char *near = provider_suggest(&app->providers, argv[i]);
			fprintf(stderr, "clude: unknown provider '%s'%s%s%s\n", argv[i],
				near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
			return 1;
		}
		if (n < ARRAY_LEN(list))
			list[n++] = p;
	}
	if (argc <= 1)
		for (size_t i = 0; i < app->providers.n && n < ARRAY_LEN(list); i++)
			if (wanted(&app->providers.items[i]))
				list[n++] = &app->providers.items[i];
	if (!n) {
		fprintf(stderr, "clude: no vendor to check: none is configured or has a key "
				"(name one: clude providers check openai)\n");
		return 1;
	}
	struct table t;
	table_init(&t, 4);
	table_add(&t, (const char *[]){ "VENDOR", "HEALTH", "LATENCY MS", "REASON" });
	t.right_align = 1u << 2;
	int bad = 0;
	for (size_t i = 0; i < n; i++) {
		struct probe pr;
		probe_one(app, list[i], &pr);
		bad |= !strcmp(pr.health, "failing") || !strcmp(pr.health, "not running");
		table_add(&t, (const char *[]){ list[i]->decl->name, pr.health, pr.latency, pr.reason });
	}
	table_print(&t, stdout);
	table_free(&t);
	return bad ? 2 : 0;
}
