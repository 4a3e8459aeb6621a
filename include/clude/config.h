/* config.h — ~/.clude/.clude.yaml turned into plain structs. Values are
 * ${VAR}/${VAR:-default}-expanded; errors carry file:line:col. */
#ifndef CLUDE_CONFIG_H
#define CLUDE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "clude/err.h"

struct kv {
	char *key;
	char *value;
};

/* One entry of a custom model table (providers.NAME.models). */
struct model_conf {
	char *id;
	char *name;
	int context_window;
	int max_output_tokens;
	double price_in;  /* PRICE_UNKNOWN when absent */
	double price_out;
	unsigned caps;
	bool caps_set;
};

struct provider_conf {
	char *name;
	int line;            /* where the entry starts, for messages */
	int enabled;         /* -1 unset, 0, 1 */
	char *type;          /* "openai_compat" for custom endpoints, or a vendor name to clone */
	char *api_key;
	char *base_url;
	char *api_version;
	char *organization;
	char *default_model;
	struct kv *extra;
	size_t n_extra;
	struct kv *deployment_map;
	size_t n_deployment_map;
	struct model_conf *models;
	size_t n_models;
};

/* conversation: how a long chat is kept inside the model's context
 * window (window.h). */
enum conv_strategy { CONV_SLIDING_WINDOW, CONV_TRUNCATE, CONV_SUMMARIZE };

struct conversation_conf {
	enum conv_strategy strategy; /* default sliding_window */
	long max_tokens;             /* 0: the model's context window */
	long reserve_output;         /* kept free for the reply, when reserve_set */
	bool reserve_set;            /* else derived from the model (window_budget) */
};

struct config {
	char *path;             /* file that was read (or would be) */
	bool loaded;            /* false when the file does not exist */
	char *default_provider; /* providers.default */
	struct provider_conf *providers;
	size_t n_providers;
	long connect_timeout_ms; /* http.connect_timeout (seconds in the file) */
	long idle_timeout_ms;    /* http.idle_timeout */
	char **warnings;        /* "file:line:col: unknown key 'x'" … */
	size_t n_warnings;
	struct routing_conf *routing; /* retry, fallbacks, model_groups, limits, routing (router.h) */
	struct conversation_conf conversation;
};

/* Path of the config: $CLUDE_CONFIG, else <clude_home>/.clude.yaml. */
const char *config_path(char *out, size_t outsz);

/* Load path into cfg. A missing file is not an error (cfg->loaded = false).
 * Syntax/type errors: CLUDE_ECONFIG with "file:line:col: message". */
int config_load(const char *path, struct config *cfg, struct clude_err *err);
/* Parse YAML text as if read from `name` (used by tests and by config_load).
 * cfg must be zeroed (or fresh from config_free); ${A:-${B}} is not nested. */
int config_parse(const char *name, const char *text, size_t len, struct config *cfg,
		 struct clude_err *err);
void config_free(struct config *cfg);

const struct provider_conf *config_find_provider(const struct config *cfg, const char *name);

/* Expand ${VAR} and ${VAR:-default} ($${ is a literal ${). Unset VAR gives
 * "". Returns a heap string, or NULL with err set for an unterminated ${. */
char *config_expand(const char *s, struct clude_err *err);

/* Set providers.<name>.<key> = value for each pair in sets (a NULL value
 * removes the key) in the file at path, creating file and entry as needed;
 * the raw text of other values (${VAR} references) is kept. The file is
 * written atomically with mode 0600. Comments are not preserved: when the
 * old file had any, it is kept as path.bak and *backup_made is set. */
int config_edit_provider(const char *path, const char *name, const struct kv *sets,
			 size_t n_sets, bool *backup_made, struct clude_err *err);

#endif
