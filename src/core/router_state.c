/* router_state.c — what the router must remember across `clude -p`
 * processes: circuit breakers, TTFT averages, in-flight counts, round-robin
 * counters and rate-limit windows, in <clude_home>/state/router.json
 * (flock'd, written atomically, mode 0600). Trouble here never fails a request. */
#include <cJSON.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "clude/router.h"
#include "clude/util.h"

const char *state_path(char *out, size_t outsz)
{
	char home[4096];
	snprintf(out, outsz, "%s/state/router.json", clude_home(home, sizeof home));
	return out;
}

static double wall(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef bool (*edit_fn)(cJSON *root, void *ctx); /* true: write it back */

/* Lock, load, edit, save. Without a usable state directory fn still runs
 * on an empty document, so the caller's logic is the same. */
static void edit(edit_fn fn, void *ctx)
{
	char path[4200], dir[4200], lock[4300];
	state_path(path, sizeof path);
	snprintf(dir, sizeof dir, "%s", path);
	*strrchr(dir, '/') = '\0';
	snprintf(lock, sizeof lock, "%s/router.lock", dir);
	int fd = -1;
	if (mkdir_p(dir, 0700) == 0)
		fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd >= 0)
		flock(fd, LOCK_EX);
	size_t len;
	char *text = fd >= 0 ? read_file(path, &len) : NULL;
	cJSON *root = text ? cJSON_Parse(text) : NULL;
	free(text);
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		root = cJSON_CreateObject();
	}
	if (fn(root, ctx) && fd >= 0) {
		char *out = cJSON_PrintUnformatted(root);
		write_file_atomic(path, out, strlen(out), 0600);
		free(out);
	}
	cJSON_Delete(root);
	if (fd >= 0) {
		flock(fd, LOCK_UN);
		close(fd);
	}
}

static cJSON *obj(cJSON *parent, const char *key)
{
	cJSON *o = cJSON_GetObjectItem(parent, key);
	if (!cJSON_IsObject(o)) {
		cJSON_DeleteItemFromObject(parent, key);
		o = cJSON_AddObjectToObject(parent, key);
	}
	return o;
}

static cJSON *arr(cJSON *parent, const char *key)
{
	cJSON *a = cJSON_GetObjectItem(parent, key);
	if (!cJSON_IsArray(a)) {
		cJSON_DeleteItemFromObject(parent, key);
		a = cJSON_AddArrayToObject(parent, key);
	}
	return a;
}

static double numv(const cJSON *o, const char *key, double dflt)
{
	const cJSON *v = cJSON_GetObjectItem(o, key);
	return cJSON_IsNumber(v) ? v->valuedouble : dflt;
}

static void setnum(cJSON *o, const char *key, double v)
{
	cJSON *old = cJSON_GetObjectItem(o, key);
	if (cJSON_IsNumber(old))
		cJSON_SetNumberValue(old, v);
	else {
		cJSON_DeleteItemFromObject(o, key);
		cJSON_AddNumberToObject(o, key, v);
	}
}

/* Drop array entries (numbers, or [time, n] pairs) older than horizon. */
static void prune(cJSON *a, double horizon)
{
	while (cJSON_GetArraySize(a) > 0) {
		cJSON *first = cJSON_GetArrayItem(a, 0);
		const cJSON *tv = cJSON_IsArray(first) ? cJSON_GetArrayItem(first, 0) : first;
		double t = cJSON_IsNumber(tv) ? tv->valuedouble : 0;
		if (t >= horizon)
			break;
		cJSON_DeleteItemFromArray(a, 0);
	}
}

/* ---- circuit breaker ---- */

struct cb {
	const struct retry_conf *rc;
	const char *key;
	bool ok, probe, allowed;
	double ttft;
};

static bool cb_allows(cJSON *root, void *p)
{
	struct cb *c = p;
	cJSON *t = obj(obj(root, "targets"), c->key);
	double now = wall(), until = numv(t, "open_until", 0);
	c->allowed = true;
	if (until <= 0)
		return false;
	if (now < until)
		c->allowed = false;
	else if (numv(t, "probe_at", 0) > until && now - numv(t, "probe_at", 0) < 30)
		c->allowed = false; /* another process is probing right now */
	else {
		c->probe = true;
		setnum(t, "probe_at", now);
		return true;
	}
	return false;
}

bool state_circuit_allows(const struct retry_conf *rc, const char *key, bool *probe)
{
	struct cb c = { .rc = rc, .key = key };
	edit(cb_allows, &c);
	*probe = c.probe;
	return c.allowed;
}

static bool cb_record(cJSON *root, void *p)
{
	struct cb *c = p;
	cJSON *targets = obj(root, "targets");
	cJSON *t = obj(targets, c->key);
	double now = wall();
	cJSON *fails = arr(t, "fails");
	if (c->ok) {
		bool had = cJSON_GetArraySize(fails) > 0 || numv(t, "open_until", 0) > 0;
		if (had) {
			cJSON_DeleteItemFromObject(t, "fails");
			cJSON_DeleteItemFromObject(t, "open_until");
			cJSON_DeleteItemFromObject(t, "probe_at");
		}
		if (c->ttft >= 0) {
			double avg = numv(t, "ttft", -1);
			setnum(t, "ttft", avg < 0 ? c->ttft : 0.7 * avg + 0.3 * c->ttft);
			return true;
		}
		return had;
	}
	prune(fails, now - c->rc->circuit_window);
	cJSON_AddItemToArray(fails, cJSON_CreateNumber(now));
	bool was_probe = numv(t, "open_until", 0) > 0 && now >= numv(t, "open_until", 0);
	if (was_probe || (c->rc->circuit_failures > 0 &&
			  cJSON_GetArraySize(fails) >= c->rc->circuit_failures)) {
		setnum(t, "open_until", now + c->rc->circuit_cooldown);
		cJSON_DeleteItemFromObject(t, "probe_at");
	}
	return true;
}

void state_record(const struct retry_conf *rc, const char *key, bool ok, double ttft_ms)
{
	struct cb c = { .rc = rc, .key = key, .ok = ok, .ttft = ttft_ms };
	edit(cb_record, &c);
}

/* ---- load-balancing inputs ---- */

struct gi {
	const struct group_conf *g;
	double *ttft;
	int *busy;
	bool *closed;
	unsigned long counter;
};

static int live_pids(cJSON *a)
{
	int n = 0;
	for (int i = cJSON_GetArraySize(a) - 1; i >= 0; i--) {
		pid_t pid = (pid_t)cJSON_GetArrayItem(a, i)->valuedouble;
		if (pid > 0 && kill(pid, 0) == 0)
			n++;
		else
			cJSON_DeleteItemFromArray(a, i); /* a process that died mid-request */
	}
	return n;
}

static bool gi_read(cJSON *root, void *p)
{
	struct gi *x = p;
	cJSON *targets = obj(root, "targets");
	for (size_t i = 0; i < x->g->n; i++) {
		char key[256];
		snprintf(key, sizeof key, "%s:%s", x->g->d[i].provider, x->g->d[i].alias);
		cJSON *t = cJSON_GetObjectItem(targets, key);
		x->ttft[i] = numv(t, "ttft", -1);
		x->busy[i] = t ? live_pids(arr(t, "inflight")) : 0;
		x->closed[i] = wall() >= numv(t, "open_until", 0);
	}
	cJSON *rr = obj(root, "rr");
	x->counter = (unsigned long)numv(rr, x->g->name, 0);
	setnum(rr, x->g->name, (double)(x->counter + 1));
	return true;
}

void state_group_inputs(const struct group_conf *g, double *ttft, int *busy, bool *closed,
			unsigned long *counter)
{
	struct gi x = { .g = g, .ttft = ttft, .busy = busy, .closed = closed };
	edit(gi_read, &x);
	*counter = x.counter;
}

struct inflight {
	const char *key;
	int delta;
};

static bool if_edit(cJSON *root, void *p)
{
	struct inflight *x = p;
	cJSON *a = arr(obj(obj(root, "targets"), x->key), "inflight");
	double me = (double)getpid();
	if (x->delta > 0) {
		cJSON_AddItemToArray(a, cJSON_CreateNumber(me));
		return true;
	}
	for (int i = 0; i < cJSON_GetArraySize(a); i++)
		if (cJSON_GetArrayItem(a, i)->valuedouble == me) {
			cJSON_DeleteItemFromArray(a, i);
			return true;
		}
	return false;
}

void state_inflight(const char *key, int delta)
{
	struct inflight x = { key, delta };
	edit(if_edit, &x);
}

/* ---- rate limits: sliding windows of request times and [time, tokens] ---- */

struct lim {
	const struct limit_conf *l;
	long tokens;
	long wait_ms;
};

/* Milliseconds until the window [now-span, now] holds room for `need` more
 * of what arr counts (entries or their token sums); 0 when it has room now. */
static long window_wait(cJSON *a, double now, double span, long limit, long need, bool tokens)
{
	if (limit <= 0)
		return 0;
	double used = 0;
	cJSON *e;
	cJSON_ArrayForEach(e, a)
		used += tokens ? cJSON_GetArrayItem(e, 1)->valuedouble : 1;
	if (used + (double)need <= (double)limit || cJSON_GetArraySize(a) == 0)
		return 0;
	/* free the oldest entries until it fits */
	cJSON_ArrayForEach(e, a) {
		double t = tokens ? cJSON_GetArrayItem(e, 0)->valuedouble : e->valuedouble;
		used -= tokens ? cJSON_GetArrayItem(e, 1)->valuedouble : 1;
		if (used + (double)need <= (double)limit)
			return (long)((t + span - now) * 1000.0) + 1;
	}
	return (long)(span * 1000.0);
}

static bool lim_take(cJSON *root, void *p)
{
	struct lim *x = p;
	cJSON *v = obj(obj(root, "limits"), x->l->provider);
	double now = wall();
	cJSON *min = arr(v, "minute"), *day = arr(v, "day"), *tok = arr(v, "tokens");
	prune(min, now - 60);
	prune(day, now - 86400);
	prune(tok, now - 60);
	long w = window_wait(min, now, 60, x->l->rpm, 1, false);
	long w2 = window_wait(day, now, 86400, x->l->rpd, 1, false);
	long w3 = window_wait(tok, now, 60, x->l->tpm, x->tokens, true);
	x->wait_ms = w > w2 ? w : w2;
	x->wait_ms = x->wait_ms > w3 ? x->wait_ms : w3;
	if (x->wait_ms == 0) {
		cJSON_AddItemToArray(min, cJSON_CreateNumber(now));
		if (x->l->rpd > 0)
			cJSON_AddItemToArray(day, cJSON_CreateNumber(now));
		if (x->l->tpm > 0) {
			cJSON *pair = cJSON_CreateArray();
			cJSON_AddItemToArray(pair, cJSON_CreateNumber(now));
			cJSON_AddItemToArray(pair, cJSON_CreateNumber((double)x->tokens));
			cJSON_AddItemToArray(tok, pair);
		}
	}
	return true;
}

long state_limit_take(const struct limit_conf *lim, long tokens)
{
	struct lim x = { .l = lim, .tokens = tokens };
	edit(lim_take, &x);
	return x.wait_ms < 1 && x.wait_ms != 0 ? 1 : x.wait_ms;
}
