/* session.c — one chat session: the conversation, the current vendor and
 * model, and what the session has cost. Both front ends drive it; it talks
 * back to them only through struct repl_ui. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clude/client.h"
#include "clude/repl.h"

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
}

void session_clear(struct session *s)
{
	for (size_t i = 0; i < s->n_msgs; i++)
		free(s->msgs[i].content);
	s->n_msgs = 0;
}

void session_free(struct session *s)
{
	session_clear(s);
	free(s->msgs);
	free(s->system);
	free(s->model_owned);
	for (size_t i = 0; i < s->n_costs; i++) {
		free(s->costs[i].provider);
		free(s->costs[i].model);
	}
	free(s->costs);
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
	const char *pname = s->provider->decl->name;
	struct cost_line *c = NULL;
	for (size_t i = 0; i < s->n_costs && !c; i++)
		if (!strcmp(s->costs[i].provider, pname) && !strcmp(s->costs[i].model, s->model))
			c = &s->costs[i];
	if (!c) {
		s->costs = xrealloc(s->costs, (s->n_costs + 1) * sizeof *s->costs);
		c = &s->costs[s->n_costs++];
		memset(c, 0, sizeof *c);
		c->provider = xstrdup(pname);
		c->model = xstrdup(s->model);
	}
	const struct model_info *mi = provider_find_model(s->provider, s->model);
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
	if (ev->kind == CHAT_DELTA)
		s->ui->reply_delta(s, ev->text, ev->len);
	else if (ev->kind == CHAT_FLUSH && s->ui->reply_flush)
		s->ui->reply_flush(s);
	return 0;
}

/* Send the conversation as it stands; the reply (or its part) is appended. */
static void send_conversation(struct session *s)
{
	struct app *app = s->app;
	struct message *all = xcalloc(s->n_msgs + 1, sizeof *all);
	size_t n = 0;
	if (s->system)
		all[n++] = (struct message){ .role = ROLE_SYSTEM, .content = s->system };
	for (size_t i = 0; i < s->n_msgs; i++)
		all[n++] = s->msgs[i];
	struct chat_request req = { .model = s->model, .messages = all, .n_messages = n,
				    .stream = !app->opt.no_stream, .max_tokens = app->opt.max_tokens,
				    .temperature = app->opt.temperature };
	struct target t;
	app_target(s->provider, s->model, &t);
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
	struct chat_result r;
	struct clude_err err;
	int rc = client_chat(&t, &req, &opts, on_event, s, &r, &err);
	free(all);
	s->ui->reply_end(s);
	if (r.text[0] || rc == 0) {
		push(s, ROLE_ASSISTANT, r.text, rc != 0);
		account(s, &r.usage);
	} else {
		free(s->msgs[--s->n_msgs].content); /* nothing came back: /retry resends */
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
	s->ui->status(s);
	chat_result_free(&r);
}

void session_say(struct session *s, const char *text)
{
	push(s, ROLE_USER, text, false);
	s->ui->print(s, ENTRY_USER, text);
	send_conversation(s);
}

void session_retry(struct session *s)
{
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
