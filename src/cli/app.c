/* app.c — what every command needs before it can run: the config loaded,
 * the provider set built, and the current vendor and model resolved. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clude/app.h"
#include "clude/util.h"

int app_init(struct app *app, struct clude_err *err)
{
	config_path(app->cfg_path, sizeof app->cfg_path);
	if (config_load(app->cfg_path, &app->cfg, err) != 0)
		return -1;
	for (size_t i = 0; i < app->cfg.n_warnings; i++)
		if (!app->opt.quiet)
			fprintf(stderr, "clude: %s\n", app->cfg.warnings[i]);
	if (provider_set_init(&app->providers, &app->cfg, err) != 0) {
		char prefix[4200];
		snprintf(prefix, sizeof prefix, "%s:", app->cfg_path); /* + "LINE: message" */
		err_prefix(err, prefix);
		return -1;
	}
	const char *def = app->cfg.default_provider;
	if (def && *def) {
		const struct provider *p = provider_find(&app->providers, def);
		if (!p || (p->decl->type == VENDOR_CUSTOM && !p->conf)) {
			const char *near = provider_suggest(&app->providers, def);
			err_set(err, CLUDE_ECONFIG, "%s: providers.default names unknown provider '%s'%s%s%s",
				app->cfg_path, def, near ? " (did you mean '" : "", near ? near : "",
				near ? "'?)" : "");
			return -1;
		}
	}
	app->http.connect_timeout_ms = app->cfg.connect_timeout_ms;
	app->http.idle_timeout_ms = app->cfg.idle_timeout_ms;
	if (app->opt.timeout_s > 0)
		app->http.idle_timeout_ms = (long)(app->opt.timeout_s * 1000.0);
	return 0;
}

void app_free(struct app *app)
{
	provider_set_free(&app->providers);
	config_free(&app->cfg);
}

int app_bad_option(const char *cmd, int c, int argc, char **argv)
{
	const char *word = optind > 0 && optind <= argc ? argv[optind - 1] : "?";
	if (c == ':')
		fprintf(stderr, "clude: %s%soption '%s' needs a value\n", cmd ? cmd : "", cmd ? ": " : "",
			word);
	else
		fprintf(stderr, "clude: %s%sunknown option '%s' (see 'clude help%s%s')\n", cmd ? cmd : "",
			cmd ? ": " : "", word, cmd ? " " : "", cmd ? cmd : "");
	return 1;
}

void app_report(const char *who, const struct clude_err *err)
{
	if (who)
		fprintf(stderr, "clude: %s: %s\n", who, err->msg);
	else
		fprintf(stderr, "clude: %s\n", err->msg);
}

int app_resolve(struct app *app, const char *name, const char *model, struct provider **p_out,
		const char **model_out, struct clude_err *err)
{
	struct provider *p;
	if (name) {
		p = provider_find(&app->providers, name);
		if (!p || (p->decl->type == VENDOR_CUSTOM && !p->conf)) {
			const char *near = provider_suggest(&app->providers, name);
			err_set(err, CLUDE_ECONFIG, "unknown provider '%s'%s%s%s (see: clude providers list)",
				name, near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
			return -1;
		}
		if (!p->enabled) {
			err_set(err, CLUDE_ECONFIG, "provider '%s' is disabled in %s", name, app->cfg_path);
			return -1;
		}
	} else {
		bool fell_back;
		p = provider_pick_default(&app->providers, &app->cfg, &fell_back);
		if (fell_back && !app->hinted && !app->opt.quiet) {
			fprintf(stderr,
				"clude: no vendor is configured, so the offline 'echo' vendor answers; "
				"set a key such as OPENAI_API_KEY, or run 'clude providers config NAME --api-key KEY'\n");
			app->hinted = true;
		}
	}
	if (!model)
		model = p->default_model;
	if (!model) {
		err_set(err, CLUDE_ECONFIG,
			"%s has no default model; pass -m MODEL or set providers.%s.default_model",
			p->decl->name, p->decl->name);
		return -1;
	}
	if (app_check_key(p, err) != 0)
		return -1;
	if (p->decl->needs_base_url && !(p->conf && p->conf->base_url && *p->conf->base_url)) {
		err_set(err, CLUDE_ECONFIG,
			"%s: set providers.%s.base_url to your own endpoint (the default %s is a template)",
			p->decl->name, p->decl->name, p->decl->base_url);
		return -1;
	}
	*p_out = p;
	*model_out = model;
	return 0;
}

int app_check_key(const struct provider *p, struct clude_err *err)
{
	if (provider_has_key(p) || p->decl->key_optional || p->decl->auth == AUTH_NONE)
		return 0;
	if (p->decl->key_env)
		err_set(err, CLUDE_ECONFIG,
			"%s: no API key; set %s or run 'clude providers config %s --api-key KEY'",
			p->decl->name, p->decl->key_env, p->decl->name);
	else
		err_set(err, CLUDE_ECONFIG, "%s: no API key; run 'clude providers config %s --api-key KEY'",
			p->decl->name, p->decl->name);
	return -1;
}

const struct model_info *app_check_model(const struct provider *p, const char *model, char *warn,
				       size_t warnsz)
{
	const struct model_info *mi = provider_find_model(p, model);
	warn[0] = '\0';
	if (!mi && provider_model_count(p) > 0) {
		const char *near = model_suggest(p, model);
		snprintf(warn, warnsz,
			 "warning: model '%s' is not in %s's table%s%s%s; sending it as is (cost unknown)",
			 model, p->decl->name, near ? " (did you mean '" : "", near ? near : "",
			 near ? "'?)" : "");
	}
	return mi;
}

void app_target(const struct provider *p, const char *model, struct target *t)
{
	t->provider = p;
	t->base_url = p->base_url;
	t->api_key = p->api_key;
	t->model = model;
}

/* The only mutable global: a signal handler can reach nothing else. */
static volatile sig_atomic_t cancel_flag;
static struct sigaction old_int;

static void on_sigint(int sig)
{
	(void)sig;
	cancel_flag = 1;
}

volatile sig_atomic_t *signals_install(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	cancel_flag = 0;
	return &cancel_flag;
}

void signals_restore(void)
{
	sigaction(SIGINT, &old_int, NULL);
}
