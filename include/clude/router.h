/* router.h — the routing layer between the front ends and client_chat:
 * retries with backoff, failover chains, circuit breakers, model groups,
 * rate limits and `model: auto`. The config sections it reads live here too. */
#ifndef CLUDE_ROUTER_H
#define CLUDE_ROUTER_H

#include <stdbool.h>
#include <stddef.h>

#include "clude/client.h"
#include "clude/config.h"

struct app;
struct provider;

/* ---- configuration (retry:, fallbacks:, model_groups:, limits:, routing:) ---- */

struct retry_conf {
	int attempts;          /* tries per target, including the first (default 3) */
	long base_ms;          /* backoff base (default 500) */
	long max_ms;           /* cap of one wait, Retry-After included (default 20000) */
	int circuit_failures;  /* failures that open a target's circuit (default 3) */
	double circuit_window; /* … within this many seconds (default 60) */
	double circuit_cooldown; /* open for this long, then one probe (default 30) */
};

struct fallback_conf {
	char *key;      /* a vendor name or a model id */
	char **targets; /* "vendor" or "vendor:model" */
	size_t n;
};

enum group_strategy { STRAT_ROUND_ROBIN, STRAT_WEIGHTED, STRAT_LEAST_LATENCY, STRAT_LEAST_BUSY };

struct deployment_conf {
	char *provider;
	char *alias; /* the model id at that vendor */
	bool enable;
	double weight; /* default 1 */
};

struct group_conf {
	char *name;
	enum group_strategy strategy;
	struct deployment_conf *d;
	size_t n;
};

struct limit_conf {
	char *provider;
	long rpm, tpm, rpd, tpr; /* 0: no limit */
};

struct rule_conf {
	char *name;
	long min_tokens, max_tokens; /* 0: no bound */
	char *regex;                 /* POSIX extended, case-insensitive */
	char **keywords;
	size_t n_keywords;
	int has_code;                /* -1 any, 0 no, 1 yes */
	char *language;              /* a fenced block's language, e.g. python */
	char *target;                /* a model id, a group, or vendor:model */
};

struct routing_conf {
	struct retry_conf retry;
	struct fallback_conf *fallbacks;
	size_t n_fallbacks;
	struct group_conf *groups;
	size_t n_groups;
	struct limit_conf *limits;
	size_t n_limits;
	struct rule_conf *rules;
	size_t n_rules;
	char *default_target; /* routing.default */
	bool rules_set;       /* routing.rules was given (else the built-in set) */
};

/* Does config_routing_load handle this top-level section? */
bool config_routing_owns(const char *section);
/* Parse one section into cfg->routing (allocated on first use). The doc and
 * node are libyaml's (void * keeps yaml.h out of this header). */
int config_routing_load(const char *file, void *doc, const char *section, void *node,
			struct config *cfg, struct clude_err *err);
void routing_conf_free(struct routing_conf *rc);
/* The routing settings of cfg, or the defaults when it has none. */
const struct routing_conf *routing_conf_of(const struct config *cfg);

/* ---- the router ---- */

struct route_attempt {
	char provider[64];
	char model[128];
	char why[200]; /* "" when it answered */
	int http_status;
	int tries;
};

struct route_report {
	/* in: where to say "retrying …" (NULL: silent) */
	void (*notice)(void *ctx, const char *line);
	void *notice_ctx;
	/* out */
	struct route_attempt *attempts;
	size_t n_attempts;
	struct provider *provider; /* who answered (or was tried last) */
	char model[128];
	char rule[160];            /* `auto`: "rule NAME → TARGET", else "" */
	int retries;
	double retry_wait_ms;      /* time spent sleeping between tries */
};

/* client_chat with the routing layer around it: model may be a group name
 * or "auto"; p is the vendor the front end resolved. res/err as for
 * client_chat; report says which targets were tried and which answered. */
int router_chat(struct app *app, struct provider *p, const char *model,
		const struct chat_request *req, const struct http_opts *opts, chat_emit_fn emit,
		void *ctx, struct chat_result *res, struct route_report *report,
		struct clude_err *err);
void route_report_free(struct route_report *r);
/* "answered by groq · llama (openai failed: HTTP 500)"; "" when the first
 * target answered without trouble. */
void route_report_summary(const struct route_report *r, const struct provider *asked, char *out,
			  size_t outsz);
/* Is model a name the router resolves itself ("auto", a group)? */
bool router_is_virtual(const struct config *cfg, const char *model);

/* ---- pieces, exposed for tests and the benchmark ---- */

/* Retryable: ENET, ETIMEOUT, HTTP 408/429/500/502/503/504/529, or a stream
 * that broke before its first token (had_text false). */
bool route_retryable(const struct clude_err *err, bool had_text);
/* Wait before try number `retry` (1 = first retry): Retry-After (seconds,
 * < 0 absent) when given, else full jitter over base·2^(retry-1); both
 * capped at max_ms. rnd is uniform in [0,1). */
long route_backoff_ms(const struct retry_conf *rc, int retry, int retry_after, double rnd);
/* Pick a deployment of g: usable[i] false skips it; ttft[i] (< 0: unknown)
 * and busy[i] feed least_latency / least_busy; counter drives round_robin,
 * rnd ([0,1)) weighted. Returns the index or -1. */
int route_pick(const struct group_conf *g, const bool *usable, const double *ttft,
	       const int *busy, unsigned long counter, double rnd);
/* `model: auto`: the first rule matching the request; *rule_out its index
 * (-1: the default). Returns the target (never NULL for a sane set). */
const char *route_auto(const struct rule_conf *rules, size_t n, const char *dflt,
		       const struct chat_request *req, int *rule_out);
/* The built-in rule set, among the vendors of app that have keys. */
size_t route_default_rules(struct app *app, struct rule_conf *out, size_t max, char **dflt);
/* Tokens a request is estimated to use (input + max_tokens). */
long route_estimate(const struct chat_request *req);

/* ---- shared state across processes (<clude_home>/state/router.json) ---- */

/* Breaker: may target key ("vendor:model") be tried now? *probe is set when
 * this is the half-open probe. */
bool state_circuit_allows(const struct retry_conf *rc, const char *key, bool *probe);
void state_record(const struct retry_conf *rc, const char *key, bool ok, double ttft_ms);
/* Load-balancing inputs in one read: moving-average TTFT (< 0 unknown),
 * live in-flight count, whether the circuit is closed (or due a probe), and
 * a shared round-robin counter (incremented). */
void state_group_inputs(const struct group_conf *g, double *ttft, int *busy, bool *closed,
			unsigned long *counter);
void state_inflight(const char *key, int delta);
/* Rate limits: 0 when a request of `tokens` fits lim now (and it is counted),
 * else the milliseconds until it would. */
long state_limit_take(const struct limit_conf *lim, long tokens);
/* Path of the state file (for messages and tests). */
const char *state_path(char *out, size_t outsz);

/* `clude providers check [NAME…]` */
int providers_check(struct app *app, int argc, char **argv);

#endif
