/* config.c — reads ~/.clude/.clude.yaml with libyaml into struct config.
 * Every error names file:line:col; unknown keys are warnings, so a config
 * written for a newer clude still loads. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "clude/config.h"
#include "clude/router.h"
#include "clude/util.h"
#include "clude/vendor.h"

struct loader {
	const char *name; /* file name for messages */
	yaml_document_t *doc;
	struct config *cfg;
	struct clude_err *err;
};

static int fail_at(struct loader *L, const yaml_node_t *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail_at(struct loader *L, const yaml_node_t *n, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	err_set(L->err, CLUDE_ECONFIG, "%s:%zu:%zu: %s", L->name, n->start_mark.line + 1,
		n->start_mark.column + 1, msg);
	return -1;
}

/* "file:line:col: warning: unknown <kind> '<key>' (ignored)" */
static void warn_unknown(struct loader *L, const yaml_node_t *n, const char *kind, const char *key)
{
	struct buf b = { 0 };
	buf_printf(&b, "%s:%zu:%zu: warning: unknown %s '%s' (ignored)", L->name,
		   n->start_mark.line + 1, n->start_mark.column + 1, kind, key);
	L->cfg->warnings = xrealloc(L->cfg->warnings, (L->cfg->n_warnings + 1) * sizeof(char *));
	L->cfg->warnings[L->cfg->n_warnings++] = buf_steal(&b);
}

static const char *node_kind(const yaml_node_t *n)
{
	switch (n->type) {
	case YAML_SCALAR_NODE:
		return "a value";
	case YAML_SEQUENCE_NODE:
		return "a list";
	case YAML_MAPPING_NODE:
		return "a mapping";
	default:
		return "nothing";
	}
}

static const char *scalar(const yaml_node_t *n)
{
	return (const char *)n->data.scalar.value;
}

static int is_null(const yaml_node_t *n)
{
	if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return 0;
	const char *s = scalar(n);
	return !*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL");
}

/* A string value, ${}-expanded. */
static int get_string(struct loader *L, const yaml_node_t *n, const char *key, char **out)
{
	if (n->type != YAML_SCALAR_NODE)
		return fail_at(L, n, "'%s' must be a string, not %s", key, node_kind(n));
	free(*out);
	*out = NULL;
	if (is_null(n))
		return 0;
	struct clude_err e;
	err_clear(&e);
	char *v = config_expand(scalar(n), &e);
	if (!v)
		return fail_at(L, n, "%s", e.msg);
	*out = v;
	return 0;
}

static int get_bool(struct loader *L, const yaml_node_t *n, const char *key, int *out)
{
	char *s = NULL;
	if (n->type != YAML_SCALAR_NODE)
		return fail_at(L, n, "'%s' must be true or false", key);
	if (get_string(L, n, key, &s) != 0)
		return -1;
	if (!s)
		return fail_at(L, n, "'%s' must be true or false", key);
	static const char *yes[] = { "true", "True", "TRUE", "yes", "Yes", "on", "On", "1" };
	static const char *no[] = { "false", "False", "FALSE", "no", "No", "off", "Off", "0" };
	int v = -1;
	for (size_t i = 0; i < ARRAY_LEN(yes); i++) {
		if (!strcmp(s, yes[i]))
			v = 1;
		if (!strcmp(s, no[i]))
			v = 0;
	}
	free(s);
	if (v < 0)
		return fail_at(L, n, "'%s' must be true or false", key);
	*out = v;
	return 0;
}

static int get_number(struct loader *L, const yaml_node_t *n, const char *key, double *out,
		      int integer)
{
	char *s = NULL;
	if (n->type != YAML_SCALAR_NODE)
		return fail_at(L, n, "'%s' must be a number, not %s", key, node_kind(n));
	if (get_string(L, n, key, &s) != 0)
		return -1;
	char *end = NULL;
	errno = 0;
	double v = s ? strtod(s, &end) : 0;
	int ok = s && *s && end && !*end && errno == 0 && v >= 0 && (!integer || v == (long)v);
	free(s);
	if (!ok)
		return fail_at(L, n, "'%s' must be a %s number", key,
			       integer ? "non-negative whole" : "non-negative");
	*out = v;
	return 0;
}

static int get_int(struct loader *L, const yaml_node_t *n, const char *key, int *out)
{
	double d;
	if (get_number(L, n, key, &d, 1) != 0)
		return -1;
	if (d > 2147483647.0)
		return fail_at(L, n, "'%s' is too large", key);
	*out = (int)d;
	return 0;
}

#define FOR_PAIRS(L, map, pair) \
	for (yaml_node_pair_t *pair = (map)->data.mapping.pairs.start; \
	     pair < (map)->data.mapping.pairs.top; pair++)

static yaml_node_t *node(struct loader *L, int idx)
{
	return yaml_document_get_node(L->doc, idx);
}

static int expect_mapping(struct loader *L, const yaml_node_t *n, const char *what)
{
	if (n->type != YAML_MAPPING_NODE)
		return fail_at(L, n, "'%s' must be a mapping, not %s", what, node_kind(n));
	return 0;
}

static int key_of(struct loader *L, yaml_node_pair_t *pair, const yaml_node_t **k, const char **name)
{
	*k = node(L, pair->key);
	if ((*k)->type != YAML_SCALAR_NODE)
		return fail_at(L, *k, "a key must be a plain name, not %s", node_kind(*k));
	*name = scalar(*k);
	return 0;
}

static int load_kv_map(struct loader *L, const yaml_node_t *map, const char *what, struct kv **out,
		       size_t *n_out)
{
	if (is_null(map))
		return 0;
	if (expect_mapping(L, map, what) != 0)
		return -1;
	FOR_PAIRS(L, map, pair) {
		const yaml_node_t *k;
		const char *name;
		if (key_of(L, pair, &k, &name) != 0)
			return -1;
		char *v = NULL;
		if (get_string(L, node(L, pair->value), name, &v) != 0)
			return -1;
		*out = xrealloc(*out, (*n_out + 1) * sizeof **out);
		(*out)[*n_out].key = xstrdup(name);
		(*out)[*n_out].value = v ? v : xstrdup("");
		(*n_out)++;
	}
	return 0;
}

static unsigned cap_bit(const char *key)
{
	return !strcmp(key, "vision")		  ? CAP_VISION
	       : !strcmp(key, "function_calling") ? CAP_TOOLS
	       : !strcmp(key, "streaming")	  ? CAP_STREAM
	       : !strcmp(key, "reasoning")	  ? CAP_REASONING
						  : 0;
}

static int load_model(struct loader *L, const yaml_node_t *n, struct model_conf *m)
{
	memset(m, 0, sizeof *m);
	m->price_in = m->price_out = PRICE_UNKNOWN;
	if (n->type == YAML_SCALAR_NODE) { /* "- my-model"; "- " / "- ~" has no id */
		m->caps = CAP_STREAM; /* the same default as a mapping without caps */
		if (get_string(L, n, "id", &m->id) != 0)
			return -1;
		return m->id && *m->id ? 0 : fail_at(L, n, "a models entry needs an 'id'");
	}
	if (expect_mapping(L, n, "models entry") != 0)
		return -1;
	unsigned caps = 0;
	FOR_PAIRS(L, n, pair) {
		const yaml_node_t *k;
		const char *key;
		if (key_of(L, pair, &k, &key) != 0)
			return -1;
		const yaml_node_t *v = node(L, pair->value);
		int rc = 0, flag = 0;
		unsigned bit = 0;
		if (!strcmp(key, "id"))
			rc = get_string(L, v, key, &m->id);
		else if (!strcmp(key, "name"))
			rc = get_string(L, v, key, &m->name);
		else if (!strcmp(key, "context_window"))
			rc = get_int(L, v, key, &m->context_window);
		else if (!strcmp(key, "max_output_tokens"))
			rc = get_int(L, v, key, &m->max_output_tokens);
		else if (!strcmp(key, "input_price"))
			rc = get_number(L, v, key, &m->price_in, 0);
		else if (!strcmp(key, "output_price"))
			rc = get_number(L, v, key, &m->price_out, 0);
		else if ((bit = cap_bit(key)) == 0)
			warn_unknown(L, k, "model key", key);
		if (rc != 0)
			return -1;
		if (bit) {
			if (get_bool(L, v, key, &flag) != 0)
				return -1;
			caps = flag ? caps | bit : caps & ~bit;
			m->caps_set = true;
		}
	}
	m->caps = m->caps_set ? caps : CAP_STREAM;
	if (!m->id || !*m->id)
		return fail_at(L, n, "a models entry needs an 'id'");
	return 0;
}

static int load_models(struct loader *L, const yaml_node_t *seq, struct provider_conf *pc)
{
	if (is_null(seq))
		return 0;
	if (seq->type != YAML_SEQUENCE_NODE)
		return fail_at(L, seq, "'models' must be a list, not %s", node_kind(seq));
	for (yaml_node_item_t *it = seq->data.sequence.items.start; it < seq->data.sequence.items.top;
	     it++) {
		pc->models = xrealloc(pc->models, (pc->n_models + 1) * sizeof *pc->models);
		struct model_conf *m = &pc->models[pc->n_models++];
		if (load_model(L, node(L, *it), m) != 0)
			return -1;
	}
	return 0;
}

static int load_provider(struct loader *L, const yaml_node_t *name_node, const yaml_node_t *map,
			 struct provider_conf *pc)
{
	const char *name = scalar(name_node);
	memset(pc, 0, sizeof *pc);
	pc->name = xstrdup(name);
	pc->line = (int)name_node->start_mark.line + 1; /* where "name:" stands */
	pc->enabled = -1;
	if (is_null(map))
		return 0;
	if (expect_mapping(L, map, name) != 0)
		return -1;
	FOR_PAIRS(L, map, pair) {
		const yaml_node_t *k;
		const char *key;
		if (key_of(L, pair, &k, &key) != 0)
			return -1;
		const yaml_node_t *v = node(L, pair->value);
		int rc = 0;
		if (!strcmp(key, "enabled"))
			rc = get_bool(L, v, key, &pc->enabled);
		else if (!strcmp(key, "type"))
			rc = get_string(L, v, key, &pc->type);
		else if (!strcmp(key, "api_key"))
			rc = get_string(L, v, key, &pc->api_key);
		else if (!strcmp(key, "base_url"))
			rc = get_string(L, v, key, &pc->base_url);
		else if (!strcmp(key, "api_version"))
			rc = get_string(L, v, key, &pc->api_version);
		else if (!strcmp(key, "organization"))
			rc = get_string(L, v, key, &pc->organization);
		else if (!strcmp(key, "default_model"))
			rc = get_string(L, v, key, &pc->default_model);
		else if (!strcmp(key, "extra"))
			rc = load_kv_map(L, v, key, &pc->extra, &pc->n_extra);
		else if (!strcmp(key, "deployment_map"))
			rc = load_kv_map(L, v, key, &pc->deployment_map, &pc->n_deployment_map);
		else if (!strcmp(key, "models"))
			rc = load_models(L, v, pc);
		else
			warn_unknown(L, k, "key", key);
		if (rc != 0)
			return -1;
	}
	return 0;
}

static int load_providers(struct loader *L, const yaml_node_t *map)
{
	if (is_null(map))
		return 0;
	if (expect_mapping(L, map, "providers") != 0)
		return -1;
	FOR_PAIRS(L, map, pair) {
		const yaml_node_t *k;
		const char *name;
		if (key_of(L, pair, &k, &name) != 0)
			return -1;
		const yaml_node_t *v = node(L, pair->value);
		if (!strcmp(name, "default")) {
			if (get_string(L, v, "default", &L->cfg->default_provider) != 0)
				return -1;
			continue;
		}
		if (config_find_provider(L->cfg, name))
			return fail_at(L, k, "provider '%s' is configured twice", name);
		struct config *c = L->cfg;
		c->providers = xrealloc(c->providers, (c->n_providers + 1) * sizeof *c->providers);
		if (load_provider(L, k, v, &c->providers[c->n_providers++]) != 0)
			return -1;
	}
	return 0;
}

static int load_http(struct loader *L, const yaml_node_t *map)
{
	if (is_null(map))
		return 0;
	if (expect_mapping(L, map, "http") != 0)
		return -1;
	FOR_PAIRS(L, map, pair) {
		const yaml_node_t *k;
		const char *key;
		if (key_of(L, pair, &k, &key) != 0)
			return -1;
		double secs;
		long *dst = !strcmp(key, "connect_timeout") ? &L->cfg->connect_timeout_ms
			    : !strcmp(key, "idle_timeout") ? &L->cfg->idle_timeout_ms
							     : NULL;
		if (!dst) {
			warn_unknown(L, k, "key", key);
			continue;
		}
		if (get_number(L, node(L, pair->value), key, &secs, 0) != 0)
			return -1;
		*dst = (long)(secs * 1000.0);
	}
	return 0;
}

/* conversation: { strategy, max_tokens, reserve_output } */
static int load_conversation(struct loader *L, const yaml_node_t *map)
{
	static const char *const names[] = { "sliding_window", "truncate", "summarize" };
	struct conversation_conf *c = &L->cfg->conversation;
	const yaml_node_t *max_at = NULL, *reserve_at = NULL;
	if (is_null(map))
		return 0;
	if (expect_mapping(L, map, "conversation") != 0)
		return -1;
	FOR_PAIRS(L, map, pair) {
		const yaml_node_t *k;
		const char *key;
		if (key_of(L, pair, &k, &key) != 0)
			return -1;
		const yaml_node_t *v = node(L, pair->value);
		int rc = 0, n = 0;
		if (!strcmp(key, "strategy")) {
			char *name = NULL;
			if (get_string(L, v, key, &name) != 0)
				return -1;
			int found = -1;
			for (int i = 0; name && i < (int)ARRAY_LEN(names); i++)
				if (!strcmp(name, names[i]) || (i == 2 && !strcmp(name, "summarise")))
					found = i;
			free(name);
			if (found < 0)
				return fail_at(L, v, "'strategy' must be sliding_window, truncate or summarize");
			c->strategy = (enum conv_strategy)found;
		} else if (!strcmp(key, "max_tokens")) {
			rc = get_int(L, v, key, &n);
			if (rc == 0 && n < 1)
				return fail_at(L, v, "'max_tokens' must be at least 1");
			c->max_tokens = n;
			max_at = v;
		} else if (!strcmp(key, "reserve_output")) {
			rc = get_int(L, v, key, &n);
			c->reserve_output = n;
			c->reserve_set = true;
			reserve_at = v;
		} else {
			warn_unknown(L, k, "key", key);
		}
		if (rc != 0)
			return -1;
	}
	if (max_at && reserve_at && c->reserve_output >= c->max_tokens)
		return fail_at(L, reserve_at, "'reserve_output' (%ld) must be less than 'max_tokens' (%ld)",
			       c->reserve_output, c->max_tokens);
	return 0;
}

/* Sections that later parts of clude read; accepted here without checks. */
static const char *const later_sections[] = {
	"gateway",
};

static int load_root(struct loader *L, const yaml_node_t *root)
{
	if (is_null(root))
		return 0;
	if (root->type != YAML_MAPPING_NODE)
		return fail_at(L, root, "the file must be a mapping of sections (providers: …), not %s",
			       node_kind(root));
	FOR_PAIRS(L, root, pair) {
		const yaml_node_t *k;
		const char *key;
		if (key_of(L, pair, &k, &key) != 0)
			return -1;
		const yaml_node_t *v = node(L, pair->value);
		int rc = 0, known = 0;
		if (!strcmp(key, "providers"))
			rc = load_providers(L, v);
		else if (!strcmp(key, "http"))
			rc = load_http(L, v);
		else if (!strcmp(key, "conversation"))
			rc = load_conversation(L, v);
		else if (config_routing_owns(key))
			rc = config_routing_load(L->name, L->doc, key, (void *)v, L->cfg, L->err);
		else {
			for (size_t i = 0; i < ARRAY_LEN(later_sections); i++)
				known |= !strcmp(key, later_sections[i]);
			if (!known)
				warn_unknown(L, k, "section", key);
		}
		if (rc != 0)
			return -1;
	}
	return 0;
}

int config_parse(const char *name, const char *text, size_t len, struct config *cfg,
		 struct clude_err *err)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	struct loader L = { .name = name, .doc = &doc, .cfg = cfg, .err = err };

	if (!cfg->path)
		cfg->path = xstrdup(name);
	cfg->loaded = true;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &doc)) {
		yaml_mark_t m = parser.problem_mark;
		if (parser.problem_mark.line == 0 && parser.problem_mark.column == 0 &&
		    parser.context)
			m = parser.context_mark;
		err_set(err, CLUDE_ECONFIG, "%s:%zu:%zu: %s%s%s", name, m.line + 1, m.column + 1,
			parser.problem ? parser.problem : "syntax error",
			parser.context ? " " : "", parser.context ? parser.context : "");
		yaml_parser_delete(&parser);
		return -1;
	}
	int rc = 0;
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	if (root)
		rc = load_root(&L, root);
	yaml_document_delete(&doc);
	/* a second document in the same file is almost always a mistake */
	if (rc == 0 && root) {
		yaml_document_t extra;
		if (yaml_parser_load(&parser, &extra)) {
			yaml_node_t *r2 = yaml_document_get_root_node(&extra);
			if (r2) {
				err_set(err, CLUDE_ECONFIG, "%s:%zu:%zu: only one YAML document is allowed",
					name, r2->start_mark.line + 1, r2->start_mark.column + 1);
				rc = -1;
			}
			yaml_document_delete(&extra);
		}
	}
	yaml_parser_delete(&parser);
	return rc;
}

int config_load(const char *path, struct config *cfg, struct clude_err *err)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->path = xstrdup(path);
	size_t len;
	char *text = read_file(path, &len);
	if (!text) {
		if (errno == ENOENT)
			return 0;
		err_set(err, CLUDE_ECONFIG, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (memchr(text, '\0', len)) {
		err_set(err, CLUDE_ECONFIG, "%s: not a text file", path);
		free(text);
		return -1;
	}
	int rc = config_parse(path, text, len, cfg, err);
	free(text);
	return rc;
}

const char *config_path(char *out, size_t outsz)
{
	const char *p = getenv("CLUDE_CONFIG");
	if (p && *p) {
		snprintf(out, outsz, "%s", p);
		return out;
	}
	char home[4096];
	snprintf(out, outsz, "%s/.clude.yaml", clude_home(home, sizeof home));
	return out;
}

const struct provider_conf *config_find_provider(const struct config *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->n_providers; i++)
		if (!strcmp(cfg->providers[i].name, name))
			return &cfg->providers[i];
	return NULL;
}

static void free_kvs(struct kv *kv, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(kv[i].key);
		free(kv[i].value);
	}
	free(kv);
}

void config_free(struct config *cfg)
{
	for (size_t i = 0; i < cfg->n_providers; i++) {
		struct provider_conf *p = &cfg->providers[i];
		free(p->name);
		free(p->type);
		free(p->api_key);
		free(p->base_url);
		free(p->api_version);
		free(p->organization);
		free(p->default_model);
		free_kvs(p->extra, p->n_extra);
		free_kvs(p->deployment_map, p->n_deployment_map);
		for (size_t j = 0; j < p->n_models; j++) {
			free(p->models[j].id);
			free(p->models[j].name);
		}
		free(p->models);
	}
	free(cfg->providers);
	for (size_t i = 0; i < cfg->n_warnings; i++)
		free(cfg->warnings[i]);
	free(cfg->warnings);
	free(cfg->default_provider);
	free(cfg->path);
	routing_conf_free(cfg->routing);
	memset(cfg, 0, sizeof *cfg);
}
