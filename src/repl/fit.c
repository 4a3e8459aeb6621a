/* fit.c — the chat's side of the conversation window (window.c): the
 * budget for the current model, the summary request sent like a reply
 * is (cancellable, the screen kept alive), and the line that tells the
 * user what was left out. */
#include <limits.h>
#include <unistd.h>

#include "clude/repl.h"
#include "clude/router.h"
#include "clude/window.h"

struct fit {
	struct session *s;
	struct window_chat chat;
};

static char *summarize(void *ctx, const struct message *msgs, size_t n, int max_tokens,
		       struct usage *usage, struct clude_err *err)
{
	struct fit *f = ctx;
	const char *was = f->s->state;
	f->s->state = "summarising…";
	f->s->ui->status(f->s);
	char *text = window_summarize_chat(&f->chat, msgs, n, max_tokens, usage, err);
	f->s->state = was;
	return text;
}

bool session_fit(struct session *s, struct window_out *out, struct usage *summary_usage)
{
	struct app *app = s->app;
	const struct conversation_conf *cc = &app->cfg.conversation;
	struct window_budget b;
	window_budget(cc, provider_find_model(s->provider, s->model), &b);
	if (router_is_virtual(&app->cfg, s->model) && !cc->max_tokens)
		b.budget = LONG_MAX / 4; /* auto, a group: which window is not known yet */
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
	struct fit f = { .s = s, .chat = { .target = &t, .opts = &opts, .model = s->model } };
	struct window_params p = { .system = s->system, .budget = b.budget,
				   .strategy = cc->strategy, .summarize = summarize,
				   .summarize_ctx = &f };
	struct window_report rep;
	window_fit(&p, &s->msgs, &s->n_msgs, out, &rep);
	char line[1400];
	window_describe(&rep, &b, line, sizeof line);
	if (line[0])
		session_printf(s, ENTRY_INFO, "[%s]", line);
	if (rep.over_budget) {
		window_describe_over(&rep, &b, line, sizeof line);
		session_printf(s, ENTRY_ERROR, "%s", line);
	}
	*summary_usage = rep.summary_usage;
	return rep.summary_requested && (!rep.summary_failed || rep.summary_usage.present);
}
