/* cmd_models.c — `clude models list`: a vendor's model table (context,
 * capabilities, prices), or with --live what its /models endpoint says,
 * cached under ~/.clude/cache/ for an hour. */
#include <cJSON.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "clude/app.h"
#include "clude/client.h"
#include "clude/listing.h"
#include "clude/table.h"
#include "clude/util.h"

#define CACHE_TTL_S 3600

static void cache_path(const struct provider *p, char *out, size_t sz)
{
	char home[4096];
	snprintf(out, sz, "%s/cache/models-%s.json", clude_home(home, sizeof home), p->decl->name);
}

static int cache_load(const char *path, struct model_list *l)
{
	struct stat st;
	if (stat(path, &st) != 0 || time(NULL) - st.st_mtime > CACHE_TTL_S)
		return -1;
	size_t len;
	char *text = read_file(path, &len);
	cJSON *root = text ? cJSON_ParseWithLength(text, len) : NULL;
	free(text);
	if (!cJSON_IsArray(root)) {
		cJSON_Delete(root);
		return -1;
	}
	const cJSON *it;
	cJSON_ArrayForEach(it, root) {
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(it, "id");
		const cJSON *own = cJSON_GetObjectItemCaseSensitive(it, "owned_by");
		const cJSON *ctx = cJSON_GetObjectItemCaseSensitive(it, "context_window");
		if (!cJSON_IsString(id))
			continue;
		l->items = xrealloc(l->items, (l->n + 1) * sizeof *l->items);
		l->items[l->n++] = (struct model_entry){
			.id = xstrdup(id->valuestring),
			.owned_by = cJSON_IsString(own) ? xstrdup(own->valuestring) : NULL,
			.context_window = cJSON_IsNumber(ctx) ? ctx->valueint : 0,
		};
	}
	cJSON_Delete(root);
	return 0;
}

static void cache_save(const char *path, const struct model_list *l)
{
	cJSON *root = cJSON_CreateArray();
	for (size_t i = 0; i < l->n; i++) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "id", l->items[i].id);
		if (l->items[i].owned_by)
			cJSON_AddStringToObject(o, "owned_by", l->items[i].owned_by);
		if (l->items[i].context_window)
			cJSON_AddNumberToObject(o, "context_window", l->items[i].context_window);
		cJSON_AddItemToArray(root, o);
	}
	char *s = cJSON_Print(root);
	char *dir = xstrdup(path);
	*strrchr(dir, '/') = '\0';
	int ok = mkdir_p(dir, 0700) == 0;
	free(dir);
	if (ok)
		write_file_atomic(path, s, strlen(s), 0600); /* a cache: failure is harmless */
	free(s);
	cJSON_Delete(root);
}

static int list_live(struct app *app, const struct provider *p, const char *current, bool refresh)
{
	char path[4200];
	cache_path(p, path, sizeof path);
	struct model_list l = { 0 };
	struct clude_err kerr;
	if (app_check_key(p, &kerr) != 0) {
		app_report(NULL, &kerr);
		return err_exit_code(&kerr);
	}
	if (refresh || cache_load(path, &l) != 0) {
		model_list_free(&l);
		struct target t;
		app_target(p, NULL, &t);
		struct clude_err err;
		app->http.cancel = signals_install();
		int rc = client_list_models(&t, &app->http, &l, &err);
		signals_restore();
		if (rc != 0) {
			app_report(p->decl->name, &err);
			return err_exit_code(&err);
		}
		cache_save(path, &l);
	}
	struct table t;
	table_init(&t, 8);
	table_add(&t, (const char *[]){ " ", "ID", "OWNER", "CONTEXT", "MAX OUT", "CAPS", "$IN/1M",
					"$OUT/1M" });
	for (size_t i = 0; i < l.n; i++) {
		const char *mark = current && !strcmp(current, l.items[i].id) ? "★" : " ";
		const struct model_info *mi = provider_find_model(p, l.items[i].id);
		char ctx[16], out[16] = "-", caps[8] = "?", pin[16] = "?", pout[16] = "?";
		fmt_tokens(mi && mi->context_window ? mi->context_window : l.items[i].context_window,
			   ctx, sizeof ctx);
		if (mi) {
			fmt_tokens(mi->max_output, out, sizeof out);
			fmt_caps(mi->caps, caps);
			fmt_price(mi->price_in, pin, sizeof pin);
			fmt_price(mi->price_out, pout, sizeof pout);
		}
		table_add(&t, (const char *[]){ mark, l.items[i].id,
						l.items[i].owned_by ? l.items[i].owned_by : "-", ctx,
						out, caps, pin, pout });
	}
	t.right_align = (1u << 3) | (1u << 4) | (1u << 6) | (1u << 7);
	table_print(&t, stdout);
	table_free(&t);
	model_list_free(&l);
	return 0;
}

static int list(struct app *app, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "provider", required_argument, NULL, 'P' },
		{ "live", no_argument, NULL, 'l' },
		{ "refresh", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *name = app->opt.provider;
	bool live = false, refresh = false;
	int c;
	optind = 0;
	while ((c = getopt_long(argc, argv, ":P:lrh", longopts, NULL)) != -1) {
		switch (c) {
		case 'P':
			name = optarg;
			break;
		case 'l':
			live = true;
			break;
		case 'r':
			live = refresh = true;
			break;
		case 'h':
			return cmd_help(app, 2, (char *[]){ "help", "models", NULL });
		default:
			return app_bad_option("models", c, argc, argv);
		}
	}
	if (optind < argc) {
		fprintf(stderr, "clude: models list: unexpected argument '%s'\n", argv[optind]);
		return 1;
	}
	struct provider *p;
	if (name) {
		p = provider_find(&app->providers, name);
		if (!p || (p->decl->type == VENDOR_CUSTOM && !p->conf)) {
			const char *near = provider_suggest(&app->providers, name);
			fprintf(stderr, "clude: unknown provider '%s'%s%s%s\n", name,
				near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
			return 1;
		}
	} else {
		bool fell_back;
		p = provider_pick_default(&app->providers, &app->cfg, &fell_back);
	}
	const char *current = app->opt.model ? app->opt.model : p->default_model;
	if (live || provider_model_count(p) == 0)
		return list_live(app, p, current, refresh);
	list_models(p, current, stdout);
	return 0;
}

int cmd_models(struct app *app, int argc, char **argv)
{
	if (argc > 1 && argv[1][0] != '-') {
		if (!strcmp(argv[1], "list") || !strcmp(argv[1], "ls"))
			return list(app, argc - 1, argv + 1);
		fprintf(stderr, "clude: models: unknown subcommand '%s' (list)\n", argv[1]);
		return 1;
	}
	return list(app, argc, argv);
}
