/* provider.h — the runtime view of vendors: each static declaration merged
 * with its config entry and its key, plus custom endpoints declared only in
 * the config. This is what commands list, pick from and send to. */
#ifndef CLUDE_PROVIDER_H
#define CLUDE_PROVIDER_H

#include <stdbool.h>

#include "clude/config.h"
#include "clude/vendor.h"

struct provider {
	const struct vendor *decl;        /* the declaration (static, or &custom) */
	struct vendor custom;             /* storage for config-declared vendors */
	struct model_info *own_models;    /* models from the config, owned */
	const struct provider_conf *conf; /* NULL when the config does not mention it */
	bool enabled;
	char *api_key;                    /* resolved key, NULL when none */
	const char *key_source;           /* "config" or the env var name */
	const char *base_url;             /* config base_url or the default */
	const char *default_model;
};

struct provider_set {
	struct provider *items;
	size_t n;
};

/* Build the set from the registry and the config. Fails (ECONFIG) for a
 * config entry that is neither a known vendor nor has type: openai_compat /
 * a base_url. */
int provider_set_init(struct provider_set *set, const struct config *cfg, struct clude_err *err);
void provider_set_free(struct provider_set *set);

struct provider *provider_find(const struct provider_set *set, const char *name);
/* Closest name for a "did you mean" hint, or NULL when nothing is close. */
const char *provider_suggest(const struct provider_set *set, const char *name);

/* The model entry for id: from the config's table first, then the vendor's. */
const struct model_info *provider_find_model(const struct provider *p, const char *id);
const char *model_suggest(const struct provider *p, const char *id);
/* All models of p: the config's table first, then the declaration's. */
size_t provider_model_count(const struct provider *p);
const struct model_info *provider_model_at(const struct provider *p, size_t i);

/* A cloud vendor is usable when it has a key; a local one when running. */
bool provider_has_key(const struct provider *p);
/* Is something listening at the base URL's host:port? (raw TCP connect,
 * timeout_ms bound). Used for local servers only. */
bool provider_probe(const struct provider *p, int timeout_ms);

/* "configured", "no key", "disabled", "running", "not running", "built-in". */
const char *provider_status(const struct provider *p);

/* Pick the vendor to use when none is named: providers.default, else the
 * first one with a key, else a running local server, else "echo".
 * *fell_back is set when echo was chosen for lack of anything else. */
struct provider *provider_pick_default(const struct provider_set *set, const struct config *cfg,
				       bool *fell_back);

#endif
