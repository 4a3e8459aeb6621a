/* router.c — what the front ends call instead of client_chat: expands a
 * model (group, `auto`) and its fallbacks into a chain of targets, then
 * tries them in order with retries, backoff, circuit breakers and limits. */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clude/app.h"
#include "clude/router.h"
#include "clude/util.h"

#define MAX_CHAIN 64

bool route_retryable(const struct clude_err *err, bool had_text)
{
	if (had_text)
		return false; /* never re-send a reply the user has partly seen */
	switch (err->code) {
	case CLUDE_ENET:
	case CLUDE_ETIMEOUT:
		return true;
	case CLUDE_EPROTO:
		return !strncmp(err->msg, "stream ended early", 18) || !strncmp(err->msg, "connection", 10);
	case CLUDE_EHTTP:
		switch (err->http_status) {
		case 408: case 429: case 500: case 502: case 503: case 504: case 529:
			return true;
		}
		return false;
	}
	return false;
}

long route_backoff_ms(const struct retry_conf *rc, int retry, int retry_after, double rnd)
{
	long cap = rc->max_ms > 0 ? rc->max_ms : 20000;
	if (retry_after >= 0) {
		long ms = (long)retry_after * 1000;
		return ms < cap ? ms : cap;
	}
	double ceiling = (double)rc->base_ms;
	for (int i = 1; i < retry && ceiling < (double)cap; i++)
		ceiling *= 2;
	if (ceiling > (double)cap)
		ceiling = (double)cap;
	return (long)(rnd * ceiling);
}

int route_pick(const struct group_conf *g, const bool *usable, const double *ttft,
	       const int *busy, unsigned long counter, double rnd)
{
	int best = -1;
	size_t n_ok = 0;
	double total = 0;
	for (size_t i = 0; i < g->n; i++)
		if (usable[i]) {
			n_ok++;
			total += g->d[i].weight;
		}
	if (!n_ok)
		return -1;
	switch (g->strategy) {
	case STRAT_ROUND_ROBIN: {
		size_t k = counter % n_ok;
		for (size_t i = 0; i < g->n; i++)
			if (usable[i] && k-- == 0)
				return (int)i;
		break;
	}
	case STRAT_WEIGHTED: {
		double x = rnd * total;
		for (size_t i = 0; i < g->n; i++) {
			if (!usable[i])
				continue;
			best = (int)i;
			if (x < g->d[i].weight)
				return best;
			x -= g->d[i].weight;
		}
		return best;
	}
	case STRAT_LEAST_LATENCY:
		/* an unmeasured deployment is tried first, so every one gets a number */
		for (size_t i = 0; i < g->n; i++)
			if (usable[i] && (best < 0 || (ttft[best] >= 0 && ttft[i] < ttft[best])))
				best = (int)i;
		return best;
	case STRAT_LEAST_BUSY:
		for (size_t i = 0; i < g->n; i++)
			if (usable[i] && (best < 0 || busy[i] < busy[best] ||
					  (busy[i] == busy[best] && (counter + i) % g->n < (counter + (size_t)best) % g->n)))
				best = (int)i;
		return best;
	}
	return best;
}

long route_estimate(const struct chat_request *req)
{
	long n = 0;
	for (size_t i = 0; i < req->n_messages; i++)
		n += estimate_tokens(req->messages[i].content, strlen(req->messages[i].content)) + 4;
	return n + (req->max_tokens > 0 ? req->max_tokens : 0);
}

static double rnd01(void)
{
	static bool seeded;
	if (!seeded) {
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		srand48(ts.tv_nsec ^ (long)getpid());
		seeded = true;
	}
	return drand48();
}

/* ---- the chain of targets ---- */

struct cand {
	struct provider *p; /* NULL: unknown vendor */
	char vendor[64];
	char model[128];
	const struct group_conf *group; /* set for a group's deployment */
};

struct chain {
	struct cand c[MAX_CHAIN];
	size_t n;
};

static void add(struct chain *ch, struct app *app, const char *vendor, const char *model,
		const struct group_conf *g)
{
	if (ch->n == MAX_CHAIN || !vendor || !model)
		return;
	for (size_t i = 0; i < ch->n; i++)
		if (!strcmp(ch->c[i].vendor, vendor) && !strcmp(ch->c[i].model, model))
			return;
	struct cand *c = &ch->c[ch->n++];
	snprintf(c->vendor, sizeof c->vendor, "%s", vendor);
	snprintf(c->model, sizeof c->model, "%s", model);
	c->p = provider_find(&app->providers, vendor);
	c->group = g;
}

/* "vendor:model", "vendor" (its default model) or a bare model at p. */
static void add_spec(struct chain *ch, struct app *app, struct provider *p, const char *spec,
		     const char *model)
{
	const char *colon = strchr(spec, ':');
	if (colon) {
		char v[64];
		snprintf(v, sizeof v, "%.*s", (int)(colon - spec), spec);
		add(ch, app, v, colon + 1, NULL);
		return;
	}
	struct provider *q = provider_find(&app->providers, spec);
	if (q)
		add(ch, app, spec, q == p && model ? model : q->default_model ? q->default_model : model,
		    NULL);
	else
		add(ch, app, p->decl->name, spec, NULL);
}

static const struct group_conf *find_group(const struct routing_conf *rc, const char *name)
{
	for (size_t i = 0; i < rc->n_groups; i++)
		if (!strcmp(rc->groups[i].name, name))
			return &rc->groups[i];
	return NULL;
}

bool router_is_virtual(const struct config *cfg, const char *model)
{
	return model && (!strcmp(model, "auto") || find_group(routing_conf_of(cfg), model));
}

static bool deployment_usable(struct app *app, const struct deployment_conf *d)
{
	struct provider *q = provider_find(&app->providers, d->provider);
	struct clude_err e;
	return d->enable && q && q->enabled && app_check_key(q, &e) == 0;
}

/* A group's deployments: the strategy's pick first, the others after it. */
static void add_group(struct chain *ch, struct app *app, const struct group_conf *g)
{
	bool usable[MAX_CHAIN] = { 0 };
	double ttft[MAX_CHAIN];
	int busy[MAX_CHAIN];
	struct group_conf gg = *g;
	if (gg.n > MAX_CHAIN)
		gg.n = MAX_CHAIN;
	unsigned long counter;
	bool closed[MAX_CHAIN];
	state_group_inputs(&gg, ttft, busy, closed, &counter);
	for (size_t i = 0; i < gg.n; i++)
		usable[i] = closed[i] && deployment_usable(app, &gg.d[i]);
	int first = route_pick(&gg, usable, ttft, busy, counter, rnd01());
	if (first >= 0)
		add(ch, app, gg.d[first].provider, gg.d[first].alias, g);
	for (size_t i = 0; i < gg.n; i++)
		if (gg.d[i].enable)
			add(ch, app, gg.d[i].provider, gg.d[i].alias, g);
}

static void add_fallbacks(struct chain *ch, struct app *app, struct provider *p, const char *key,
			  const char *model)
{
	const struct routing_conf *rc = routing_conf_of(&app->cfg);
	for (size_t i = 0; i < rc->n_fallbacks; i++)
		if (!strcmp(rc->fallbacks[i].key, key))
			for (size_t j = 0; j < rc->fallbacks[i].n; j++)
				add_spec(ch, app, p, rc->fallbacks[i].targets[j], model);
}

static void build_chain(struct chain *ch, struct app *app, struct provider *p, const char *model,
			const struct chat_request *req, struct route_report *rep)
{
	const struct routing_conf *rc = routing_conf_of(&app->cfg);
	if (!strcmp(model, "auto")) {
		struct rule_conf builtin[8];
		char *dflt = NULL;
		const struct rule_conf *rules = rc->rules;
		size_t n = rc->n_rules;
		size_t nb = 0;
		if (!rc->rules_set) {
			nb = route_default_rules(app, builtin, ARRAY_LEN(builtin), &dflt);
			rules = builtin;
			n = nb;
		}
		int which;
		const char *d = rc->default_target ? rc->default_target
				: dflt ? dflt : p->default_model ? p->default_model : "auto";
		const char *target = route_auto(rules, n, d, req, &which);
		snprintf(rep->rule, sizeof rep->rule, "%s → %s", which >= 0 ? rules[which].name : "default",
			 target);
		model = target;
		char tmp[200];
		snprintf(tmp, sizeof tmp, "%s", target);
		for (size_t i = 0; i < nb; i++) {
			free(builtin[i].name);
			free(builtin[i].target);
		}
		free(dflt);
		if (!strcmp(tmp, "auto")) /* nothing to route to: the vendor's default */
			snprintf(tmp, sizeof tmp, "%s", p->default_model ? p->default_model : "auto");
		const struct group_conf *g = find_group(rc, tmp);
		if (g)
			add_group(ch, app, g);
		else
			add_spec(ch, app, p, tmp, tmp);
		add_fallbacks(ch, app, p, tmp, tmp);
		if (ch->n)
			add_fallbacks(ch, app, ch->c[0].p ? ch->c[0].p : p, ch->c[0].vendor, ch->c[0].model);
		return;
	}
	const struct group_conf *g = find_group(rc, model);
	if (g)
		add_group(ch, app, g);
	else
		add(ch, app, p->decl->name, model, NULL);
	add_fallbacks(ch, app, p, model, model);
	if (ch->n)
		add_fallbacks(ch, app, p, ch->c[0].vendor, ch->c[0].model);
}

/* ---- waiting ---- */

/* Sleep ms, at once interrupted by the cancel flag; the REPL's terminal
 * and idle hooks keep running meanwhile. Returns -1 when cancelled. */
static int nap(const struct http_opts *o, long ms)
{
	double end = now_ms() + (double)ms;
	for (;;) {
		if (o && o->cancel && *o->cancel)
			return -1;
		double left = end - now_ms();
		if (left <= 0)
			return 0;
		int slice = left > 50 ? 50 : (int)left + 1;
		struct pollfd pfd = { .fd = o && o->on_fd ? o->watch_fd : -1, .events = POLLIN };
		int r = poll(&pfd, 1, slice);
		if (r > 0 && o->on_fd && (pfd.revents & POLLIN))
			o->on_fd(o->fd_ctx);
		if (o && o->on_idle)
			o->on_idle(o->fd_ctx);
	}
}

__attribute__((format(printf, 2, 3))) static void say(struct route_report *rep, const char *fmt, ...)
{
	if (!rep->notice)
		return;
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	rep->notice(rep->notice_ctx, line);
}

static struct route_attempt *note(struct route_report *rep, const struct cand *c, const char *why)
{
	rep->attempts = xrealloc(rep->attempts, (rep->n_attempts + 1) * sizeof *rep->attempts);
	struct route_attempt *a = &rep->attempts[rep->n_attempts++];
	memset(a, 0, sizeof *a);
	snprintf(a->provider, sizeof a->provider, "%s", c->vendor);
	snprintf(a->model, sizeof a->model, "%s", c->model);
	snprintf(a->why, sizeof a->why, "%s", why);
	return a;
}

static const struct limit_conf *limit_of(const struct routing_conf *rc, const char *vendor)
{
	for (size_t i = 0; i < rc->n_limits; i++)
		if (!strcmp(rc->limits[i].provider, vendor))
			return &rc->limits[i];
	return NULL;
}

/* Admission: 0 go, 1 skip this target, -1 stop (err set). */
static int admit(struct app *app, const struct cand *c, bool last, const struct chat_request *req,
		 const struct http_opts *opts, struct route_report *rep, struct clude_err *err)
{
	const struct routing_conf *rc = routing_conf_of(&app->cfg);
	if (!c->p || !c->p->enabled) {
		note(rep, c, c->p ? "disabled" : "unknown vendor");
		return 1;
	}
	if (app_check_key(c->p, err) != 0) {
		note(rep, c, "no key");
		return 1;
	}
	char key[256];
	snprintf(key, sizeof key, "%s:%s", c->vendor, c->model);
	bool probe = false;
	if (!last && !state_circuit_allows(&rc->retry, key, &probe)) {
		note(rep, c, "circuit open");
		return 1;
	}
	if (probe)
		say(rep, "%s · %s: circuit half-open, sending one probe request", c->vendor, c->model);
	const struct limit_conf *lim = limit_of(rc, c->vendor);
	if (!lim)
		return 0;
	long tokens = route_estimate(req);
	if (lim->tpr > 0 && tokens > lim->tpr) {
		if (!last) {
			note(rep, c, "over tpr");
			return 1;
		}
		err_set(err, CLUDE_EUSAGE,
			"the request is about %ld tokens, over limits.%s.tpr (%ld); nothing was sent",
			tokens, c->vendor, lim->tpr);
		note(rep, c, "over tpr");
		return -1;
	}
	for (;;) {
		long wait = state_limit_take(lim, tokens);
		if (wait == 0)
			return 0;
		if (!last) {
			note(rep, c, "rate limit");
			return 1;
		}
		say(rep, "%s: rate limit reached (limits.%s); waiting %.1f s", c->vendor, c->vendor,
		    (double)wait / 1000.0);
		if (nap(opts, wait > 60000 ? 60000 : wait) != 0) {
			err_set(err, CLUDE_ECANCEL, "interrupted");
			return -1;
		}
	}
}

/* One target with its retries. 0 ok; -1 failed (*stop: do not fail over). */
static int try_target(struct app *app, const struct cand *c, const struct chat_request *req0,
		      const struct http_opts *opts, chat_emit_fn emit, void *ctx,
		      struct chat_result *res, struct route_report *rep, struct clude_err *err,
		      bool *stop)
{
	const struct routing_conf *rc = routing_conf_of(&app->cfg);
	struct chat_request req = *req0;
	req.model = c->model;
	struct target t;
	app_target(c->p, c->model, &t);
	char key[256];
	snprintf(key, sizeof key, "%s:%s", c->vendor, c->model);
	int attempts = rc->retry.attempts > 0 ? rc->retry.attempts : 1;
	const char *env = getenv("CLUDE_RETRY_ATTEMPTS");
	if (env && *env)
		attempts = atoi(env) > 0 ? atoi(env) : 1;
	bool busy = c->group && c->group->strategy == STRAT_LEAST_BUSY;
	for (int i = 0;; i++) {
		if (busy)
			state_inflight(key, +1);
		int rc2 = client_chat(&t, &req, opts, emit, ctx, res, err);
		if (busy)
			state_inflight(key, -1);
		bool had_text = res->text && res->text[0];
		if (rc2 == 0) {
			state_record(&rc->retry, key, true, c->group ? res->ttft_ms : -1);
			return 0;
		}
		if (err->code == CLUDE_ECANCEL || had_text) {
			*stop = true;
			return -1;
		}
		bool retryable = route_retryable(err, had_text);
		if (retryable)
			state_record(&rc->retry, key, false, -1);
		if (!retryable || i + 1 >= attempts)
			return -1;
		long ms = route_backoff_ms(&rc->retry, i + 1, err->retry_after, rnd01());
		say(rep, "%s · %s: %s; retry %d/%d in %.1f s", c->vendor, c->model, err->msg, i + 1,
		    attempts - 1, (double)ms / 1000.0);
		chat_result_free(res);
		rep->retries++;
		double t0 = now_ms();
		int slept = nap(opts, ms);
		rep->retry_wait_ms += now_ms() - t0;
		if (slept != 0) {
			memset(res, 0, sizeof *res);
			res->text = xstrdup("");
			res->ttft_ms = -1;
			err_set(err, CLUDE_ECANCEL, "interrupted");
			*stop = true;
			return -1;
		}
	}
}

int router_chat(struct app *app, struct provider *p, const char *model,
		const struct chat_request *req, const struct http_opts *opts, chat_emit_fn emit,
		void *ctx, struct chat_result *res, struct route_report *rep, struct clude_err *err)
{
	struct chain ch = { 0 };
	build_chain(&ch, app, p, model, req, rep);
	err_clear(err);
	memset(res, 0, sizeof *res);
	res->text = xstrdup("");
	res->ttft_ms = -1;
	rep->provider = p;
	snprintf(rep->model, sizeof rep->model, "%s", model);
	int rc = -1;
	bool tried = false;
	for (size_t i = 0; i < ch.n; i++) {
		const struct cand *c = &ch.c[i];
		struct clude_err e;
		err_clear(&e);
		int a = admit(app, c, i + 1 == ch.n && !tried, req, opts, rep, &e);
		if (a == 1) {
			if (!tried && !err->code)
				*err = e;
			continue;
		}
		if (a < 0) {
			*err = e;
			break;
		}
		if (tried)
			say(rep, "trying %s · %s", c->vendor, c->model);
		tried = true;
		chat_result_free(res);
		bool stop = false;
		rc = try_target(app, c, req, opts, emit, ctx, res, rep, &e, &stop);
		*err = e;
		rep->provider = c->p;
		snprintf(rep->model, sizeof rep->model, "%s", c->model);
		struct route_attempt *at = note(rep, c, rc == 0 ? "" : e.msg);
		at->http_status = e.http_status;
		if (rc == 0 || stop)
			break;
	}
	if (!tried && !err->code)
		err_set(err, CLUDE_ECONFIG, "no usable target for '%s'", model);
	return rc;
}

void route_report_free(struct route_report *r)
{
	free(r->attempts);
	r->attempts = NULL;
	r->n_attempts = 0;
}

void route_report_summary(const struct route_report *r, const struct provider *asked, char *out,
			  size_t outsz)
{
	out[0] = '\0';
	(void)asked;
	bool failed = false;
	for (size_t i = 0; i < r->n_attempts; i++)
		failed |= r->attempts[i].why[0] != '\0';
	if (!failed && !r->rule[0])
		return;
	struct buf b = { 0 };
	buf_printf(&b, "answered by %s · %s", r->provider ? r->provider->decl->name : "?", r->model);
	const char *sep = " (";
	for (size_t i = 0; i < r->n_attempts; i++) {
		if (!r->attempts[i].why[0])
			continue;
		buf_printf(&b, "%s%s failed: %s", sep, r->attempts[i].provider, r->attempts[i].why);
		sep = "; ";
	}
	if (strcmp(sep, " ("))
		buf_puts(&b, ")");
	if (r->rule[0])
		buf_printf(&b, " [auto: %s]", r->rule);
	snprintf(out, outsz, "%s", b.data ? b.data : "");
	buf_free(&b);
}
