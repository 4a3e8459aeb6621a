/* provider.c — the runtime provider set: every declaration in the registry
 * merged with its config entry and key, plus endpoints declared only in the
 * config (type: openai_compat, or another vendor's name to clone it). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clude/provider.h"
#include "clude/registry.h"
#include "clude/util.h"

static void apply_conf(struct provider *p, const struct provider_conf *c)
{
	p->conf = c;
	p->enabled = !c || c->enabled != 0;
	p->base_url = c && c->base_url && *c->base_url ? c->base_url : p->decl->base_url;
	p->default_model = c && c->default_model && *c->default_model ? c->default_model
								       : p->decl->default_model;
	if (c && c->api_key && *c->api_key) {
		p->api_key = xstrdup(c->api_key);
		p->key_source = "config";
	} else if (p->decl->key_env) {
		const char *k = getenv(p->decl->key_env);
		if (k && *k) {
			p->api_key = xstrdup(k);
			p->key_source = p->decl->key_env;
		}
	}
	if (c && c->n_models) {
		p->own_models = xcalloc(c->n_models, sizeof *p->own_models);
		for (size_t i = 0; i < c->n_models; i++) {
			const struct model_conf *m = &c->models[i];
			p->own_models[i] = (struct model_info){
				.id = m->id,
				.name = m->name ? m->name : m->id,
				.context_window = m->context_window,
				.max_output = m->max_output_tokens,
				.caps = m->caps,
				.price_in = m->price_in,
				.price_out = m->price_out,
			};
		}
		if (!p->default_model)
			p->default_model = c->models[0].id;
	}
}

/* A config entry that is not a vendor of the registry: a custom endpoint. */
static int init_custom(struct provider *p, const struct provider_conf *c, struct clude_err *err)
{
	const char *base = c->type && *c->type ? c->type : "openai_compat";
	const struct vendor *tmpl = registry_find(base);
	if (!tmpl || (!c->type && !c->base_url)) {
		if (c->type)
			err_set(err, CLUDE_ECONFIG,
				"%d: provider '%s' has unknown type '%s' (use openai_compat or a vendor name)",
				c->line, c->name, c->type);
		else
			err_set(err, CLUDE_ECONFIG,
				"%d: '%s' is not a known vendor; give it 'type: openai_compat' and a 'base_url'",
				c->line, c->name);
		return -1;
	}
	p->custom = *tmpl;
	p->custom.name = c->name;
	p->custom.display = c->name;
	if (tmpl->type != VENDOR_CUSTOM)
		p->custom.display = tmpl->display;
	else
		p->custom.type = VENDOR_CUSTOM;
	p->decl = &p->custom;
	apply_conf(p, c);
	return 0;
}

int provider_set_init(struct provider_set *set, const struct config *cfg, struct clude_err *err)
{
	size_t n = registry_count();
	set->items = xcalloc(n + cfg->n_providers, sizeof *set->items);
	set->n = 0;
	for (size_t i = 0; i < n; i++) {
		struct provider *p = &set->items[set->n++];
		p->decl = registry_at(i);
		const struct provider_conf *c = config_find_provider(cfg, p->decl->name);
		if (c && c->type && *c->type && strcmp(c->type, p->decl->name) != 0) {
			err_set(err, CLUDE_ECONFIG,
				"%d: '%s' is a built-in vendor; pick another name for a custom endpoint",
				c->line, c->name);
			return -1;
		}
		apply_conf(p, c);
	}
	for (size_t i = 0; i < cfg->n_providers; i++) {
		const struct provider_conf *c = &cfg->providers[i];
		if (registry_find(c->name))
			continue;
		if (init_custom(&set->items[set->n++], c, err) != 0)
			return -1;
	}
	return 0;
}

void provider_set_free(struct provider_set *set)
{
	for (size_t i = 0; i < set->n; i++) {
		free(set->items[i].api_key);
		free(set->items[i].own_models);
	}
	free(set->items);
	set->items = NULL;
	set->n = 0;
}

struct provider *provider_find(const struct provider_set *set, const char *name)
{
	for (size_t i = 0; i < set->n; i++)
		if (!strcmp(set->items[i].decl->name, name))
			return &set->items[i];
	return NULL;
}

static const char *closest(const char *want, const char *(*name_at)(const void *, size_t),
			   const void *ctx, size_t n)
{
	const char *best = NULL;
	size_t best_d = (size_t)-1;
	for (size_t i = 0; i < n; i++) {
		const char *cand = name_at(ctx, i);
		size_t d = edit_distance(want, cand);
		if (strncmp(want, cand, strlen(want)) == 0 && *want)
			d = 1; /* a prefix is a good guess */
		if (d < best_d) {
			best_d = d;
			best = cand;
		}
	}
	size_t limit = strlen(want) / 3 + 1;
	return best && best_d <= (limit > 3 ? 3 : limit) ? best : NULL;
}

static const char *provider_name_at(const void *ctx, size_t i)
{
	return ((const struct provider_set *)ctx)->items[i].decl->name;
}

const char *provider_suggest(const struct provider_set *set, const char *name)
{
	return closest(name, provider_name_at, set, set->n);
}

static size_t model_count(const struct provider *p)
{
	return (p->conf ? p->conf->n_models : 0) + p->decl->n_models;
}

static const struct model_info *model_at(const struct provider *p, size_t i)
{
	size_t own = p->conf ? p->conf->n_models : 0;
	return i < own ? &p->own_models[i] : &p->decl->models[i - own];
}

static const char *model_name_at(const void *ctx, size_t i)
{
	return model_at(ctx, i)->id;
}

const struct model_info *provider_find_model(const struct provider *p, const char *id)
{
	for (size_t i = 0; i < model_count(p); i++)
		if (!strcmp(model_at(p, i)->id, id))
			return model_at(p, i);
	return NULL;
}

const char *model_suggest(const struct provider *p, const char *id)
{
	return closest(id, model_name_at, p, model_count(p));
}

size_t provider_model_count(const struct provider *p)
{
	return model_count(p);
}

const struct model_info *provider_model_at(const struct provider *p, size_t i)
{
	return model_at(p, i);
}

bool provider_has_key(const struct provider *p)
{
	return p->api_key != NULL;
}

/* host and port of an http(s) URL */
static int url_host_port(const char *url, char *host, size_t hostsz, char *port, size_t portsz)
{
	const char *p = strstr(url, "://");
	if (!p)
		return -1;
	int https = !strncmp(url, "https", 5);
	p += 3;
	size_t n = strcspn(p, ":/?#");
	if (*p == '[') { /* [::1]:port */
		const char *close = strchr(p, ']');
		if (!close)
			return -1;
		snprintf(host, hostsz, "%.*s", (int)(close - p - 1), p + 1);
		p = close + 1;
	} else {
		snprintf(host, hostsz, "%.*s", (int)n, p);
		p += n;
	}
	if (*p == ':')
		snprintf(port, portsz, "%.*s", (int)strcspn(p + 1, "/?#"), p + 1);
	else
		snprintf(port, portsz, "%s", https ? "443" : "80");
	return 0;
}

bool provider_probe(const struct provider *p, int timeout_ms)
{
	char host[256], port[16];
	if (!p->base_url || url_host_port(p->base_url, host, sizeof host, port, sizeof port) != 0)
		return false;
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
				  .ai_flags = AI_NUMERICSERV };
	struct addrinfo *res = NULL;
	if (getaddrinfo(host, port, &hints, &res) != 0)
		return false;
	bool up = false;
	for (struct addrinfo *a = res; a && !up; a = a->ai_next) {
		int fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (fd < 0)
			continue;
		int rc = connect(fd, a->ai_addr, a->ai_addrlen);
		if (rc == 0) {
			up = true;
		} else if (errno == EINPROGRESS) {
			struct pollfd pfd = { .fd = fd, .events = POLLOUT };
			if (poll(&pfd, 1, timeout_ms) == 1) {
				int soerr = 0;
				socklen_t sl = sizeof soerr;
				getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl);
				up = soerr == 0;
			}
		}
		close(fd);
	}
	freeaddrinfo(res);
	return up;
}

/* configured / no key / disabled / running / not running / built-in */
const char *provider_status(const struct provider *p)
{
	if (!strcmp(p->decl->protocol, "echo"))
		return "built-in";
	if (!p->enabled)
		return "disabled";
	if (p->decl->type == VENDOR_LOCAL)
		return provider_probe(p, 200) ? "running" : "not running";
	if (p->decl->type == VENDOR_CUSTOM)
		return "configured";
	if (p->decl->needs_base_url && !(p->conf && p->conf->base_url && *p->conf->base_url))
		return "no base url";
	return provider_has_key(p) ? "configured" : "no key";
}

static bool usable_cloud(const struct provider *p)
{
	return p->enabled && p->decl->type != VENDOR_LOCAL && p->decl->type != VENDOR_CUSTOM &&
	       provider_has_key(p) &&
	       !(p->decl->needs_base_url && !(p->conf && p->conf->base_url && *p->conf->base_url));
}

/* Vendors tried first when several keys are in the environment. */
static const char *const preferred[] = { "openai", "anthropic", "gemini", "deepseek", "mistral" };

struct provider *provider_pick_default(const struct provider_set *set, const struct config *cfg,
				       bool *fell_back)
{
	*fell_back = false;
	if (cfg->default_provider && *cfg->default_provider) {
		struct provider *p = provider_find(set, cfg->default_provider);
		if (p && p->enabled) /* a disabled default falls through to the rest */
			return p;
	}
	/* an endpoint the user declared in the config wins over the environment */
	for (size_t i = 0; i < set->n; i++) {
		struct provider *p = &set->items[i];
		if (p->conf && p->enabled && p->decl->type == VENDOR_CUSTOM)
			return p;
		if (p->conf && usable_cloud(p))
			return p;
	}
	for (size_t i = 0; i < ARRAY_LEN(preferred); i++) {
		struct provider *p = provider_find(set, preferred[i]);
		if (p && usable_cloud(p))
			return p;
	}
	for (size_t i = 0; i < set->n; i++)
		if (usable_cloud(&set->items[i]))
			return &set->items[i];
	/* local servers: the ones the config mentions, then the usual two */
	for (size_t i = 0; i < set->n; i++) {
		struct provider *p = &set->items[i];
		if (p->conf && p->enabled && p->decl->type == VENDOR_LOCAL &&
		    strcmp(p->decl->protocol, "echo") != 0 && provider_probe(p, 150))
			return p;
	}
	static const char *const local[] = { "ollama", "llamacpp" };
	for (size_t i = 0; i < ARRAY_LEN(local); i++) {
		struct provider *p = provider_find(set, local[i]);
		if (p && p->enabled && provider_probe(p, 150))
			return p;
	}
	*fell_back = true;
	return provider_find(set, "echo");
}
