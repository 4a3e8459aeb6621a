/* cmd_providers.c — `clude providers list|show|config`: the vendor table
 * with status, one vendor's details (key masked), and writing a vendor's
 * settings to the config file. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clude/app.h"
#include "clude/listing.h"
#include "clude/registry.h"
#include "clude/router.h"
#include "clude/table.h"
#include "clude/util.h"

static int list(struct app *app, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "region", required_argument, NULL, 'r' },
		{ "type", required_argument, NULL, 't' },
		{ "configured", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *region = NULL, *type = NULL;
	bool only_configured = false;
	int c;
	optind = 0;
	while ((c = getopt_long(argc, argv, ":r:t:ch", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			region = optarg;
			break;
		case 't':
			type = optarg;
			break;
		case 'c':
			only_configured = true;
			break;
		case 'h':
			return cmd_help(app, 2, (char *[]){ "help", "providers", NULL });
		default:
			return app_bad_option("providers", c, argc, argv);
		}
	}
	if (optind < argc) {
		fprintf(stderr, "clude: providers list: unexpected argument '%s'\n", argv[optind]);
		return 1;
	}
	static const char *const regions[] = { "intl", "china", "any" };
	static const char *const types[] = { "cloud", "local", "aggregator", "custom" };
	bool ok_r = !region, ok_t = !type;
	for (size_t i = 0; i < ARRAY_LEN(regions); i++)
		ok_r |= region && !strcmp(region, regions[i]);
	for (size_t i = 0; i < ARRAY_LEN(types); i++)
		ok_t |= type && !strcmp(type, types[i]);
	if (!ok_r || !ok_t) {
		fprintf(stderr, "clude: providers list: %s must be one of %s\n",
			!ok_r ? "--region" : "--type",
			!ok_r ? "intl, china, any" : "cloud, local, aggregator, custom");
		return 1;
	}

	bool fell_back;
	const struct provider *cur = app->opt.provider ? provider_find(&app->providers, app->opt.provider)
						       : provider_pick_default(&app->providers, &app->cfg,
									       &fell_back);
	struct list_filter f = { .region = region, .type = type, .only_configured = only_configured };
	list_providers(&app->providers, cur, &f, stdout);
	return 0;
}

static int show(struct app *app, int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "clude: usage: clude providers show NAME\n");
		return 1;
	}
	struct provider *p = provider_find(&app->providers, argv[1]);
	if (!p || provider_is_template(p)) {
		const char *near = provider_suggest(&app->providers, argv[1]);
		fprintf(stderr, "clude: unknown provider '%s'%s%s%s\n", argv[1],
			near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
		return 1;
	}
	const struct vendor *v = p->decl;
	char masked[64];
	mask_key(p->api_key, masked, sizeof masked);
	printf("name:          %s\n", v->name);
	printf("display name:  %s\n", v->display);
	printf("type:          %s\n", vendor_type_name(v->type));
	printf("region:        %s\n", vendor_region_name(v->region));
	printf("status:        %s\n", provider_status(p));
	printf("protocol:      %s\n", v->protocol);
	printf("base url:      %s\n", p->base_url ? p->base_url : "-");
	printf("auth:          %s\n", v->auth == AUTH_BEARER   ? "Authorization: Bearer"
				      : v->auth == AUTH_HEADER ? v->auth_header
							       : "none");
	if (p->api_key)
		printf("api key:       %s (from %s)\n", masked, p->key_source);
	else
		printf("api key:       none%s%s%s\n", v->key_env ? " (set " : "",
		       v->key_env ? v->key_env : "", v->key_env ? ")" : "");
	printf("default model: %s\n", p->default_model ? p->default_model : "-");
	printf("models:        %zu in the table\n", provider_model_count(p));
	return 0;
}

static int config_cmd(struct app *app, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "api-key", required_argument, NULL, 'k' },
		{ "base-url", required_argument, NULL, 'u' },
		{ "default-model", required_argument, NULL, 'm' },
		{ "api-version", required_argument, NULL, 'V' },
		{ "organization", required_argument, NULL, 'o' },
		{ "type", required_argument, NULL, 't' },
		{ "enable", no_argument, NULL, 'e' },
		{ "disable", no_argument, NULL, 'd' },
		{ "unset", required_argument, NULL, 'x' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct kv sets[16];
	size_t n = 0;
	int c;
	optind = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		const char *key = NULL, *val = optarg;
		switch (c) {
		case 'k': key = "api_key"; break;
		case 'u': key = "base_url"; break;
		case 'm': key = "default_model"; break;
		case 'V': key = "api_version"; break;
		case 'o': key = "organization"; break;
		case 't': key = "type"; break;
		case 'e': key = "enabled"; val = "true"; break;
		case 'd': key = "enabled"; val = "false"; break;
		case 'x': key = optarg; val = NULL; break;
		case 'h':
			return cmd_help(app, 2, (char *[]){ "help", "providers", NULL });
		default:
			return app_bad_option("providers", c, argc, argv);
		}
		if (n < ARRAY_LEN(sets))
			sets[n++] = (struct kv){ .key = (char *)key, .value = (char *)val };
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "clude: usage: clude providers config NAME [--api-key K] [--base-url U] "
				"[--default-model M] [--enable|--disable]\n");
		return 1;
	}
	const char *name = argv[optind];
	struct provider *p = provider_find(&app->providers, name);
	bool has_type = false, has_url = false;
	for (size_t i = 0; i < n; i++) {
		has_type |= !strcmp(sets[i].key, "type");
		has_url |= !strcmp(sets[i].key, "base_url") && sets[i].value;
	}
	if ((!p || provider_is_template(p)) && !has_type && !has_url) {
		const char *near = provider_suggest(&app->providers, name);
		fprintf(stderr,
			"clude: unknown provider '%s'%s%s%s; for a custom endpoint give --base-url "
			"(and --type openai_compat)\n",
			name, near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
		return 1;
	}
	if (!p && !has_type)
		sets[n++] = (struct kv){ .key = "type", .value = "openai_compat" };
	if (n == 0) {
		fprintf(stderr, "clude: providers config %s: nothing to change (see clude help providers)\n",
			name);
		return 1;
	}
	struct clude_err err;
	err_clear(&err);
	bool backup;
	if (config_edit_provider(app->cfg_path, name, sets, n, &backup, &err) != 0) {
		app_report(NULL, &err);
		return err_exit_code(&err);
	}
	if (backup)
		fprintf(stderr, "clude: comments are not kept when clude writes the file; the previous "
				"version is in %s.bak\n", app->cfg_path);
	fprintf(stderr, "clude: updated providers.%s in %s\n", name, app->cfg_path);
	return 0;
}

int cmd_providers(struct app *app, int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "list";
	if (argc > 1 && argv[1][0] == '-')
		sub = "list";
	int sub_argc = argc > 1 && argv[1][0] != '-' ? argc - 1 : argc;
	char **sub_argv = argc > 1 && argv[1][0] != '-' ? argv + 1 : argv;
	if (!strcmp(sub, "list") || !strcmp(sub, "ls"))
		return list(app, sub_argc, sub_argv);
	if (!strcmp(sub, "show"))
		return show(app, sub_argc, sub_argv);
	if (!strcmp(sub, "config") || !strcmp(sub, "set"))
		return config_cmd(app, sub_argc, sub_argv);
	if (!strcmp(sub, "check"))
		return providers_check(app, sub_argc, sub_argv);
	fprintf(stderr, "clude: providers: unknown subcommand '%s' (list, show, config, check)\n", sub);
	return 1;
}
