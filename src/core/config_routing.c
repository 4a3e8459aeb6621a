/* config_routing.c — the routing sections of the config (retry, fallbacks,
 * model_groups, limits, routing) read into struct routing_conf. Kept apart
 * from config.c so the router can grow without touching the core loader. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "clude/router.h"
#include "clude/util.h"

struct rl {
	const char *file;
	yaml_document_t *doc;
	struct routing_conf *rc;
	struct config *cfg;
	struct clude_err *err;
};

static const char *const sections[] = { "retry", "fallbacks", "model_groups", "limits", "routing" };

bool config_routing_owns(const char *section)
{
	for (size_t i = 0; i < ARRAY_LEN(sections); i++)
		if (!strcmp(section, sections[i]))
			return true;
	return false;
}

static const struct routing_conf defaults = {
	.retry = { .attempts = 3, .base_ms = 500, .max_ms = 20000, .circuit_failures = 3,
		   .circuit_window = 60, .circuit_cooldown = 30 },
};

const struct routing_conf *routing_conf_of(const struct config *cfg)
{
	return cfg && cfg->routing ? cfg->routing : &defaults;
}

__attribute__((format(printf, 3, 4))) static int bad(struct rl *L, const yaml_node_t *n,
						      const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	err_set(L->err, CLUDE_ECONFIG, "%s:%zu:%zu: %s", L->file, n->start_mark.line + 1,
		n->start_mark.column + 1, msg);
	return -1;
}

static void warn(struct rl *L, const yaml_node_t *n, const char *what, const char *key)
{
	struct buf b = { 0 };
	buf_printf(&b, "%s:%zu:%zu: warning: unknown %s '%s' (ignored)", L->file,
		   n->start_mark.line + 1, n->start_mark.column + 1, what, key);
	L->cfg->warnings = xrealloc(L->cfg->warnings, (L->cfg->n_warnings + 1) * sizeof(char *));
	L->cfg->warnings[L->cfg->n_warnings++] = buf_steal(&b);
}

static yaml_node_t *nd(struct rl *L, int i)
{
	return yaml_document_get_node(L->doc, i);
}

/* A scalar, ${}-expanded, as a heap string. */
static int str(struct rl *L, const yaml_node_t *n, const char *key, char **out)
{
	if (n->type != YAML_SCALAR_NODE)
		return bad(L, n, "'%s' must be a value", key);
	struct clude_err e;
	err_clear(&e);
	char *v = config_expand((const char *)n->data.scalar.value, &e);
	if (!v)
		return bad(L, n, "%s", e.msg);
	free(*out);
	*out = v;
	return 0;
}

static int num(struct rl *L, const yaml_node_t *n, const char *key, double *out)
{
	char *s = NULL;
	if (str(L, n, key, &s) != 0)
		return -1;
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	int ok = *s && !*end && !errno && v >= 0;
	free(s);
	if (!ok)
		return bad(L, n, "'%s' must be a non-negative number", key);
	*out = v;
	return 0;
}

static int boolean(struct rl *L, const yaml_node_t *n, const char *key, bool *out)
{
	char *s = NULL;
	if (str(L, n, key, &s) != 0)
		return -1;
	int v = !strcmp(s, "true") || !strcmp(s, "yes") || !strcmp(s, "on") ? 1
		: !strcmp(s, "false") || !strcmp(s, "no") || !strcmp(s, "off") ? 0 : -1;
	free(s);
	if (v < 0)
		return bad(L, n, "'%s' must be true or false", key);
	*out = v;
	return 0;
}

static int mapping(struct rl *L, const yaml_node_t *n, const char *what)
{
	if (n->type != YAML_MAPPING_NODE)
		return bad(L, n, "'%s' must be a mapping", what);
	return 0;
}

/* A list of scalars (a single scalar counts as a list of one). */
static int str_list(struct rl *L, const yaml_node_t *n, const char *key, char ***out, size_t *nout)
{
	if (n->type == YAML_SCALAR_NODE) {
		*out = xcalloc(1, sizeof **out);
		*nout = 1;
		return str(L, n, key, &(*out)[0]);
	}
	if (n->type != YAML_SEQUENCE_NODE)
		return bad(L, n, "'%s' must be a list", key);
	size_t cnt = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	*out = xcalloc(cnt ? cnt : 1, sizeof **out);
	for (size_t i = 0; i < cnt; i++) {
		*nout = i + 1;
		if (str(L, nd(L, n->data.sequence.items.start[i]), key, &(*out)[i]) != 0)
			return -1;
	}
	*nout = cnt;
	return 0;
}

#define PAIRS(map, pair) \
	for (yaml_node_pair_t *pair = (map)->data.mapping.pairs.start; \
	     pair < (map)->data.mapping.pairs.top; pair++)
#define KEY(pair) ((const char *)nd(L, (pair)->key)->data.scalar.value)

static int load_retry(struct rl *L, const yaml_node_t *map)
{
	if (mapping(L, map, "retry") != 0)
		return -1;
	struct retry_conf *r = &L->rc->retry;
	PAIRS(map, pair) {
		const char *k = KEY(pair);
		double v;
		if (!strcmp(k, "attempts") || !strcmp(k, "base_ms") || !strcmp(k, "max_ms") ||
		    !strcmp(k, "circuit_failures") || !strcmp(k, "circuit_window") ||
		    !strcmp(k, "circuit_cooldown")) {
			if (num(L, nd(L, pair->value), k, &v) != 0)
				return -1;
		} else {
			warn(L, nd(L, pair->key), "key", k);
			continue;
		}
		if (!strcmp(k, "attempts"))
			r->attempts = v < 1 ? 1 : (int)v;
		else if (!strcmp(k, "base_ms"))
			r->base_ms = (long)v;
		else if (!strcmp(k, "max_ms"))
			r->max_ms = (long)v;
		else if (!strcmp(k, "circuit_failures"))
			r->circuit_failures = (int)v;
		else if (!strcmp(k, "circuit_window"))
			r->circuit_window = v;
		else
			r->circuit_cooldown = v;
	}
	return 0;
}

static int load_fallbacks(struct rl *L, const yaml_node_t *map)
{
	if (mapping(L, map, "fallbacks") != 0)
		return -1;
	PAIRS(map, pair) {
		L->rc->fallbacks = xrealloc(L->rc->fallbacks,
					    (L->rc->n_fallbacks + 1) * sizeof *L->rc->fallbacks);
		struct fallback_conf *f = &L->rc->fallbacks[L->rc->n_fallbacks++];
		memset(f, 0, sizeof *f);
		f->key = xstrdup(KEY(pair));
		if (str_list(L, nd(L, pair->value), f->key, &f->targets, &f->n) != 0)
			return -1;
	}
	return 0;
}

static int load_deployment(struct rl *L, const yaml_node_t *n, struct deployment_conf *d)
{
	d->enable = true;
	d->weight = 1;
	if (mapping(L, n, "deployment") != 0)
		return -1;
	PAIRS(n, pair) {
		const char *k = KEY(pair);
		const yaml_node_t *v = nd(L, pair->value);
		int rc = 0;
		if (!strcmp(k, "provider"))
			rc = str(L, v, k, &d->provider);
		else if (!strcmp(k, "alias") || !strcmp(k, "model"))
			rc = str(L, v, k, &d->alias);
		else if (!strcmp(k, "enable") || !strcmp(k, "enabled"))
			rc = boolean(L, v, k, &d->enable);
		else if (!strcmp(k, "weight"))
			rc = num(L, v, k, &d->weight);
		else
			warn(L, nd(L, pair->key), "key", k);
		if (rc != 0)
			return -1;
	}
	if (!d->provider)
		return bad(L, n, "a deployment needs 'provider'");
	return 0;
}

static int load_group(struct rl *L, const char *name, const yaml_node_t *n, struct group_conf *g)
{
	g->name = xstrdup(name);
	const yaml_node_t *list = n;
	if (n->type == YAML_MAPPING_NODE) {
		list = NULL;
		PAIRS(n, pair) {
			const char *k = KEY(pair);
			const yaml_node_t *v = nd(L, pair->value);
			if (!strcmp(k, "deployments")) {
				list = v;
			} else if (!strcmp(k, "strategy")) {
				char *s = NULL;
				if (str(L, v, k, &s) != 0)
					return -1;
				static const char *names[] = { "round_robin", "weighted", "least_latency",
							       "least_busy" };
				int found = -1;
				for (size_t i = 0; i < ARRAY_LEN(names); i++)
					if (!strcmp(s, names[i]))
						found = (int)i;
				free(s);
				if (found < 0)
					return bad(L, v, "strategy must be round_robin, weighted, "
							 "least_latency or least_busy");
				g->strategy = (enum group_strategy)found;
			} else {
				warn(L, nd(L, pair->key), "key", k);
			}
		}
		if (!list)
			return bad(L, n, "model group '%s' needs 'deployments'", name);
	}
	if (list->type != YAML_SEQUENCE_NODE)
		return bad(L, list, "model group '%s' must be a list of deployments", name);
	size_t cnt = (size_t)(list->data.sequence.items.top - list->data.sequence.items.start);
	g->d = xcalloc(cnt ? cnt : 1, sizeof *g->d);
	for (size_t i = 0; i < cnt; i++) {
		g->n = i + 1;
		if (load_deployment(L, nd(L, list->data.sequence.items.start[i]), &g->d[i]) != 0)
			return -1;
		if (!g->d[i].alias)
			g->d[i].alias = xstrdup(name);
	}
	return 0;
}

static int load_groups(struct rl *L, const yaml_node_t *map)
{
	if (mapping(L, map, "model_groups") != 0)
		return -1;
	PAIRS(map, pair) {
		L->rc->groups = xrealloc(L->rc->groups, (L->rc->n_groups + 1) * sizeof *L->rc->groups);
		struct group_conf *g = &L->rc->groups[L->rc->n_groups++];
		memset(g, 0, sizeof *g);
		if (load_group(L, KEY(pair), nd(L, pair->value), g) != 0)
			return -1;
	}
	return 0;
}

static int load_limits(struct rl *L, const yaml_node_t *map)
{
	if (mapping(L, map, "limits") != 0)
		return -1;
	PAIRS(map, pair) {
		const yaml_node_t *v = nd(L, pair->value);
		if (mapping(L, v, KEY(pair)) != 0)
			return -1;
		L->rc->limits = xrealloc(L->rc->limits, (L->rc->n_limits + 1) * sizeof *L->rc->limits);
		struct limit_conf *lim = &L->rc->limits[L->rc->n_limits++];
		memset(lim, 0, sizeof *lim);
		lim->provider = xstrdup(KEY(pair));
		PAIRS(v, p2) {
			const char *k = KEY(p2);
			long *dst = !strcmp(k, "rpm") ? &lim->rpm : !strcmp(k, "tpm") ? &lim->tpm
				    : !strcmp(k, "rpd") ? &lim->rpd : !strcmp(k, "tpr") ? &lim->tpr
											  : NULL;
			double d;
			if (!dst) {
				warn(L, nd(L, p2->key), "key", k);
				continue;
			}
			if (num(L, nd(L, p2->value), k, &d) != 0)
				return -1;
			*dst = (long)d;
		}
	}
	return 0;
}

static int load_rule(struct rl *L, const yaml_node_t *n, struct rule_conf *r)
{
	r->has_code = -1;
	if (mapping(L, n, "rule") != 0)
		return -1;
	PAIRS(n, pair) {
		const char *k = KEY(pair);
		const yaml_node_t *v = nd(L, pair->value);
		double d = 0;
		int rc = 0;
		bool b;
		if (!strcmp(k, "name"))
			rc = str(L, v, k, &r->name);
		else if (!strcmp(k, "target") || !strcmp(k, "model"))
			rc = str(L, v, k, &r->target);
		else if (!strcmp(k, "regex"))
			rc = str(L, v, k, &r->regex);
		else if (!strcmp(k, "language"))
			rc = str(L, v, k, &r->language);
		else if (!strcmp(k, "keywords"))
			rc = str_list(L, v, k, &r->keywords, &r->n_keywords);
		else if (!strcmp(k, "has_code")) {
			if ((rc = boolean(L, v, k, &b)) == 0)
				r->has_code = b;
		} else if (!strcmp(k, "min_tokens") || !strcmp(k, "min_prompt_tokens")) {
			if ((rc = num(L, v, k, &d)) == 0)
				r->min_tokens = (long)d;
		} else if (!strcmp(k, "max_tokens") || !strcmp(k, "max_prompt_tokens")) {
			if ((rc = num(L, v, k, &d)) == 0)
				r->max_tokens = (long)d;
		} else
			warn(L, nd(L, pair->key), "key", k);
		if (rc != 0)
			return -1;
	}
	if (!r->target)
		return bad(L, n, "a routing rule needs 'target'");
	if (!r->name)
		r->name = xstrdup(r->target);
	return 0;
}

static int load_routing(struct rl *L, const yaml_node_t *map)
{
	if (mapping(L, map, "routing") != 0)
		return -1;
	PAIRS(map, pair) {
		const char *k = KEY(pair);
		const yaml_node_t *v = nd(L, pair->value);
		if (!strcmp(k, "default")) {
			if (str(L, v, k, &L->rc->default_target) != 0)
				return -1;
		} else if (!strcmp(k, "rules")) {
			if (v->type != YAML_SEQUENCE_NODE)
				return bad(L, v, "'rules' must be a list");
			L->rc->rules_set = true;
			for (yaml_node_item_t *it = v->data.sequence.items.start;
			     it < v->data.sequence.items.top; it++) {
				L->rc->rules = xrealloc(L->rc->rules,
							(L->rc->n_rules + 1) * sizeof *L->rc->rules);
				struct rule_conf *r = &L->rc->rules[L->rc->n_rules++];
				memset(r, 0, sizeof *r);
				if (load_rule(L, nd(L, *it), r) != 0)
					return -1;
			}
		} else {
			warn(L, nd(L, pair->key), "key", k);
		}
	}
	return 0;
}

int config_routing_load(const char *file, void *doc, const char *section, void *node,
			struct config *cfg, struct clude_err *err)
{
	const yaml_node_t *n = node;
	if (n->type == YAML_SCALAR_NODE && !*(const char *)n->data.scalar.value)
		return 0; /* an empty section */
	if (!cfg->routing) {
		cfg->routing = xcalloc(1, sizeof *cfg->routing);
		*cfg->routing = defaults;
	}
	struct rl L = { .file = file, .doc = doc, .rc = cfg->routing, .cfg = cfg, .err = err };
	if (n->type == YAML_MAPPING_NODE)
		PAIRS(n, pair) if (nd(&L, pair->key)->type != YAML_SCALAR_NODE)
			return bad(&L, nd(&L, pair->key), "a key must be a plain name");
	if (!strcmp(section, "retry"))
		return load_retry(&L, n);
	if (!strcmp(section, "fallbacks"))
		return load_fallbacks(&L, n);
	if (!strcmp(section, "model_groups"))
		return load_groups(&L, n);
	if (!strcmp(section, "limits"))
		return load_limits(&L, n);
	return load_routing(&L, n);
}

static void free_strs(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void routing_conf_free(struct routing_conf *rc)
{
	if (!rc)
		return;
	for (size_t i = 0; i < rc->n_fallbacks; i++) {
		free(rc->fallbacks[i].key);
		free_strs(rc->fallbacks[i].targets, rc->fallbacks[i].n);
	}
	free(rc->fallbacks);
	for (size_t i = 0; i < rc->n_groups; i++) {
		for (size_t j = 0; j < rc->groups[i].n; j++) {
			free(rc->groups[i].d[j].provider);
			free(rc->groups[i].d[j].alias);
		}
		free(rc->groups[i].d);
		free(rc->groups[i].name);
	}
	free(rc->groups);
	for (size_t i = 0; i < rc->n_limits; i++)
		free(rc->limits[i].provider);
	free(rc->limits);
	for (size_t i = 0; i < rc->n_rules; i++) {
		struct rule_conf *r = &rc->rules[i];
		free(r->name);
		free(r->regex);
		free(r->language);
		free(r->target);
		free_strs(r->keywords, r->n_keywords);
	}
	free(rc->rules);
	free(rc->default_target);
	free(rc);
}
