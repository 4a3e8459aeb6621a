/* persist.c — the chat session written to clude.db as it happens: each
 * turn when it is added, the reply while it streams (so a crash keeps the
 * partial text), and one usage row per request. A database that fails is
 * reported once and then left alone: the chat never stops for it. */
#include <stdlib.h>
#include <string.h>

#include "clude/client.h"
#include "clude/repl.h"
#include "clude/store.h"

#define SAVE_EVERY_MS 250.0 /* a streaming reply is rewritten at most this often */

struct persist {
	bool failed;        /* warned; nothing more is written */
	bool borrowed;      /* the store belongs to the caller (--resume) */
	long long user_row; /* the last user turn */
	long long reply_row;
	struct buf reply;   /* the reply so far */
	double saved_ms;    /* when reply_row was last written */
	bool dirty;         /* reply has text reply_row lacks */
};

static struct persist *state(struct session *s)
{
	if (!s->persist)
		s->persist = xcalloc(1, sizeof *s->persist);
	return s->persist;
}

static void fail(struct session *s, const struct clude_err *err)
{
	struct persist *p = state(s);
	if (p->failed)
		return;
	p->failed = true;
	p->reply_row = 0;
	session_printf(s, ENTRY_ERROR, "warning: %s; this chat is not being saved", err->msg);
}

struct store *session_store(struct session *s)
{
	struct persist *p = state(s);
	if (p->failed)
		return NULL;
	if (!s->store) {
		struct clude_err err;
		err_clear(&err);
		if (store_open(&s->store, &err) != 0) {
			fail(s, &err);
			return NULL;
		}
	}
	return s->store;
}

/* The saved session, created on the first message: an opened and quit
 * chat leaves nothing behind. */
static int ensure_session(struct session *s, struct store *st, struct clude_err *err)
{
	if (s->store_sid)
		return sess_touch(st, s->store_sid, s->provider->decl->name, s->model, s->system, err);
	return sess_create(st, s->provider->decl->name, s->model, s->system, &s->store_sid, err);
}

void persist_user(struct session *s, const char *text)
{
	struct store *st = session_store(s);
	struct clude_err err;
	err_clear(&err);
	if (!st)
		return;
	if (ensure_session(s, st, &err) != 0 ||
	    sess_append(st, s->store_sid, ROLE_USER, text, false, &state(s)->user_row, &err) != 0)
		fail(s, &err);
}

void persist_reply_begin(struct session *s)
{
	struct persist *p = state(s);
	struct clude_err err;
	err_clear(&err);
	p->reply_row = 0;
	buf_reset(&p->reply);
	p->dirty = false;
	p->saved_ms = now_ms();
	if (p->failed || !s->store || !s->store_sid)
		return;
	/* /retry: the replies after the last user turn are being redone; the
	 * reply counts as interrupted until it is complete */
	if (sess_drop_tail(s->store, s->store_sid, &err) != 0 ||
	    sess_append(s->store, s->store_sid, ROLE_ASSISTANT, "", true, &p->reply_row, &err) != 0)
		fail(s, &err);
}

void persist_reply_delta(struct session *s, const char *text, size_t len)
{
	struct persist *p = s->persist;
	if (!p || !p->reply_row || !len)
		return;
	buf_append(&p->reply, text, len);
	p->dirty = true;
	double now = now_ms();
	if (now - p->saved_ms < SAVE_EVERY_MS)
		return;
	struct clude_err err;
	err_clear(&err);
	if (sess_update_msg(s->store, p->reply_row, p->reply.data, true, &err) != 0) {
		fail(s, &err);
		return;
	}
	p->saved_ms = now;
	p->dirty = false;
}

static void record_usage(struct session *s, const struct chat_result *r, int rc,
			 const struct clude_err *err)
{
	const struct provider *p = s->answered ? s->answered : s->provider;
	const char *model = s->answered ? s->answered_model : s->model;
	const struct model_info *mi = provider_find_model(p, model);
	char code[32];
	struct usage_row row = {
		.provider = p->decl->name,
		.model = model,
		.input_tokens = r->usage.input_tokens,
		.output_tokens = r->usage.output_tokens,
		.cached_tokens = r->usage.cached_tokens,
		.reasoning_tokens = r->usage.reasoning_tokens,
		.estimated = r->usage.estimated,
		.cost_usd = mi ? cost_usd(&r->usage, mi->price_in, mi->price_out) : -1,
		.latency_ms = r->latency_ms,
		.ttft_ms = r->ttft_ms,
		.outcome = usage_outcome(rc, err, code, sizeof code),
		.session_id = s->store_sid,
	};
	struct clude_err e2;
	err_clear(&e2);
	if (usage_add(s->store, &row, &e2) != 0)
		fail(s, &e2);
}

void persist_reply_end(struct session *s, const struct chat_result *r, int rc,
		       const struct clude_err *err, bool kept)
{
	struct persist *p = state(s);
	if (p->failed || !session_store(s))
		return;
	record_usage(s, r, rc, err);
	struct clude_err e2;
	err_clear(&e2);
	if (p->reply_row && !p->failed) {
		int bad;
		if (kept)
			bad = sess_update_msg(s->store, p->reply_row, r->text, rc != 0, &e2);
		else /* the user turn left the conversation with its empty reply */
			bad = sess_delete_msg(s->store, p->reply_row, &e2) ||
			      (p->user_row && sess_delete_msg(s->store, p->user_row, &e2));
		if (bad)
			fail(s, &e2);
	}
	p->reply_row = 0;
	buf_reset(&p->reply);
}

int persist_name(struct session *s, const char *name, struct clude_err *err)
{
	struct store *st = session_store(s);
	if (!st) {
		err_set(err, CLUDE_EIO, "the conversation database is not available (see the "
					"warning above)");
		return -1;
	}
	if (!s->store_sid && ensure_session(s, st, err) != 0) {
		fail(s, err);
		return -1;
	}
	return sess_set_name(st, s->store_sid, name, err);
}

void persist_resume(struct session *s, struct store *st, const struct saved_session *saved,
		    bool replay)
{
	struct persist *p = state(s);
	s->store = st;
	p->borrowed = true;
	s->store_sid = saved->id;
	for (size_t i = 0; i < s->n_msgs; i++)
		free(s->msgs[i].content);
	s->msgs = xrealloc(s->msgs, (saved->n_msgs + 1) * sizeof *s->msgs);
	s->n_msgs = 0;
	for (size_t i = 0; i < saved->n_msgs; i++) {
		const struct saved_msg *m = &saved->msgs[i];
		if (m->role == ROLE_SYSTEM || (m->role == ROLE_ASSISTANT && !*m->content))
			continue; /* a reply killed before its first chunk was saved */
		s->msgs[s->n_msgs++] = (struct message){ .role = m->role,
							 .content = xstrdup(m->content),
							 .interrupted = m->interrupted };
		if (m->role == ROLE_USER)
			p->user_row = m->id;
		if (!replay)
			continue;
		s->ui->print(s, m->role == ROLE_USER ? ENTRY_USER : ENTRY_REPLY, m->content);
		if (m->interrupted)
			s->ui->print(s, ENTRY_INFO, "[interrupted]");
	}
	char when[32];
	store_fmt_time(saved->updated, when, sizeof when);
	session_printf(s, ENTRY_INFO, "resumed session %lld%s%s%s: %zu message%s, last %s", saved->id,
		       saved->name ? " \"" : "", saved->name ? saved->name : "",
		       saved->name ? "\"" : "", s->n_msgs, s->n_msgs == 1 ? "" : "s", when);
}

void persist_free(struct session *s)
{
	struct persist *p = s->persist;
	if (p && p->dirty && p->reply_row && !p->failed) {
		struct clude_err err;
		sess_update_msg(s->store, p->reply_row, p->reply.data, true, &err);
	}
	if (!p || !p->borrowed)
		store_close(s->store);
	s->store = NULL;
	if (p)
		buf_free(&p->reply);
	free(p);
	s->persist = NULL;
}
