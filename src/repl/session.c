/* session.c — one chat session: the conversation, the current vendor and
 * model, and what the session has cost. Both front ends drive it; it talks
 * back to them only through struct repl_ui. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clude/client.h"
#include "clude/router.h"
#include "clude/repl.h"
#include "clude/window.h"

void session_init(struct session *s, struct app *app, const struct repl_ui *ui,
		  struct provider *p, const char *model)
{
	memset(s, 0, sizeof *s);
	s->app = app;
	s->ui = ui;
	s->provider = p;
	s->model = model;
	s->state = "ready";
	if (app->opt.system && *app->opt.system)
		s->system = xstrdup(app->opt.system);
}

void session_greet(struct session *s, const struct repl_start *start, bool repeat_stderr)
{
	session_printf(s, ENTRY_INFO, "clude · %s · %s — /help for commands, Ctrl-D to quit",
		       s->provider->decl->display, s->model);
	for (size_t i = 0; repeat_stderr && i < s->app->cfg.n_warnings && !s->app->opt.quiet; i++)
		s->ui->print(s, ENTRY_ERROR, s->app->cfg.warnings[i]);
	if (repeat_stderr && s->app->hinted)
		s->ui->print(s, ENTRY_INFO,
			     "no vendor is configured, so the offline 'echo' vendor answers; set a key "
			     "such as OPENAI_API_KEY, or run 'clude providers config NAME --api-key KEY'");
	if (start->warning && start->warning[0] && !s->app->opt.quiet)
		s->ui->print(s, ENTRY_ERROR, start->warning);
	if (start->resume)
		persist_resume(s, start->store, start->resume, repeat_stderr);
}

void session_clear(struct session *s)
{
	for (size_t i = 0; i < s->n_msgs; i++)
		free(s->msgs[i].content);
	s->n_msgs = 0;
	s->store_sid = 0; /* the next message starts a new saved conversation */
}

void session_free(struct session *s)
{
	session_clear(s);
	free(s->msgs);
	free(s->system);
	free(s->model_owned);
	free(s->unsent);
	for (size_t i = 0; i < s->n_costs; i++) {
		free(s->costs[i].provider);
		free(s->costs[i].model);
	}
	free(s->costs);
	persist_free(s);
}

void session_printf(struct session *s, enum entry_kind kind, const char *fmt, ...)
{
	struct buf b = { 0 };
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	s->ui->print(s, kind, b.data ? b.data : "");
	buf_free(&b);
}

void session_print_with(struct session *s, enum entry_kind kind,
			void (*fn)(struct session *s, FILE *out))
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		return;
	fn(s, f);
	fclose(f);
	while (len && text[len - 1] == '\n')
		text[--len] = '\0';
	s->ui->print(s, kind, text);
	free(text);
}

static void push(struct session *s, enum role role, const char *text, bool interrupted)
{
	s->msgs = xrealloc(s->msgs, (s->n_msgs + 1) * sizeof *s->msgs);
	s->msgs[s->n_msgs++] = (struct message){ .role = role, .content = xstrdup(text),
						 .interrupted = interrupted };
}

static void account(struct session *s, const struct usage *u)
{
	const char *pname = s->answered->decl->name, *model = s->answered_model;
	struct cost_line *c = NULL;
	for (size_t i = 0; i < s->n_costs && !c; i++)
		if (!strcmp(s->costs[i].provider, pname) && !strcmp(s->costs[i].model, model))
			c = &s->costs[i];
	if (!c) {
		s->costs = xrealloc(s->costs, (s->n_costs + 1) * sizeof *s->costs);
		c = &s->costs[s->n_costs++];
		memset(c, 0, sizeof *c);
		c->provider = xstrdup(pname);
		c->model = xstrdup(model);
	}
	const struct model_info *mi = provider_find_model(s->answered, model);
	double cost = mi ? cost_usd(u, mi->price_in, mi->price_out) : -1;
	c->requests++;
	c->input_tokens += u->input_tokens;
	c->output_tokens += u->output_tokens;
	c->estimated |= u->estimated;
	if (cost >= 0) {
		c->cost += cost;
		s->cost += cost;
	} else {
		c->unknown_price = true;
	}
	s->tokens += u->input_tokens + u->output_tokens;
}

static int on_event(void *ctx, const struct chat_event *ev)
{
	struct session *s = ctx;
	if (ev->kind == CHAT_DELTA) {
		s->ui->reply_delta(s, ev->text, ev->len);
		persist_reply_delta(s, ev->text, ev->len);
	} else if (ev->kind == CHAT_FLUSH && s->ui->reply_flush)
		s->ui->reply_flush(s);
	return 0;
}

static void route_notice(void *ctx, const char *line)
{
	session_printf(ctx, ENTRY_INFO, "%s", line);
}

/* Send the conversation as it stands; the reply (or its part) is appended. */
static void send_conversation(struct session *s)
{
	struct app *app = s->app;
	struct window_out win; /* what of the conversation fits the context window */
	struct usage summary;
	s->answered = s->provider;
	snprintf(s->answered_model, sizeof s->answered_model, "%s", s->model);
	if (session_fit(s, &win, &summary))
		account(s, &summary);
	struct chat_request req = { .model = s->model, .messages = win.msgs, .n_messages = win.n,
				    .stream = !app->opt.no_stream, .max_tokens = app->opt.max_tokens,
				    .temperature = app->opt.temperature };
	struct http_opts opts = app->http;
	opts.cancel = s->cancel;
	if (s->ui->on_input) {
		opts.watch_fd = STDIN_FILENO;
		opts.on_fd = s->ui->on_input;
	}
	opts.on_idle = s->ui->on_idle;
	opts.fd_ctx = s->ui->ctx;
	s->state = "streaming…";
	s->ui->status(s);
	s->ui->reply_begin(s);
	persist_reply_begin(s);
	struct chat_result r;
	struct clude_err err;
	struct route_report rep = { .notice = route_notice, .notice_ctx = s };
	int rc = router_chat(app, s->provider, s->model, &req, &opts, on_event, s, &r, &rep, &err);
	char routed[600];
	route_report_summary(&rep, s->provider, routed, sizeof routed);
	if (rep.provider) {
		s->answered = rep.provider;
		if (rep.model[0])
			snprintf(s->answered_model, sizeof s->answered_model, "%s", rep.model);
	}
	route_report_free(&rep);
	window_out_free(&win);
	s->ui->reply_end(s);
	persist_reply_end(s, &r, rc, &err, r.text[0] || rc == 0);
	if (r.text[0] || rc == 0) {
		push(s, ROLE_ASSISTANT, r.text, rc != 0);
		account(s, &r.usage);
	} else {
		/* nothing came back: keep the turn out of the conversation, for /retry */
		free(s->unsent);
		s->unsent = s->msgs[--s->n_msgs].content;
		if (r.usage.present)
			account(s, &r.usage);
	}
	if (rc != 0 && err.code == CLUDE_ECANCEL) {
		s->state = "interrupted";
		session_printf(s, ENTRY_INFO, "[interrupted%s]",
			       r.text[0] ? "; the partial reply is kept" : "");
		*s->cancel = 0;
	} else if (rc != 0) {
		s->state = "error";
		session_printf(s, ENTRY_ERROR, "%s: %s%s", s->provider->decl->name, err.msg,
			       r.text[0] ? " (partial reply kept)" : " (/retry sends it again)");
	} else {
		s->state = "ready";
	}
	if (rc == 0 && routed[0])
		session_printf(s, ENTRY_INFO, "%s", routed);
	s->ui->status(s);
	chat_result_free(&r);
}

void session_say(struct session *s, const char *text)
{
	free(s->unsent); /* the user moved on */
	s->unsent = NULL;
	push(s, ROLE_USER, text, false);
	s->ui->print(s, ENTRY_USER, text);
	persist_user(s, text);
	send_conversation(s);
}

void session_retry(struct session *s)
{
	if (s->unsent) { /* the last message failed before any reply: send it again */
		char *text = s->unsent;
		s->unsent = NULL;
		session_say(s, text);
		free(text);
		return;
	}
	while (s->n_msgs && s->msgs[s->n_msgs - 1].role == ROLE_ASSISTANT)
		free(s->msgs[--s->n_msgs].content);
	if (!s->n_msgs) {
		s->ui->print(s, ENTRY_ERROR, "nothing to retry");
		return;
	}
	s->ui->print(s, ENTRY_USER, s->msgs[s->n_msgs - 1].content);
	send_conversation(s);
}

int session_set_provider(struct session *s, const char *name, struct clude_err *err)
{
	struct provider *p;
	const char *model;
	if (app_resolve(s->app, name, NULL, &p, &model, err) != 0)
		return -1;
	s->provider = p;
	s->model = model;
	free(s->model_owned);
	s->model_owned = NULL;
	s->ui->status(s);
	return 0;
}

void session_set_model(struct session *s, const char *model)
{
	char *copy = xstrdup(model);
	free(s->model_owned);
	s->model = s->model_owned = copy;
	s->ui->status(s);
}
