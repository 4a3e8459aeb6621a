/* cmd_prompt.c — `clude -p PROMPT`: one request for shell pipes. The reply
 * streams to stdout, status and errors go to stderr, and the exit code
 * says what happened (0 ok, 1 usage/config, 2 vendor, 130 interrupted). */
#include <cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clude/app.h"
#include "clude/client.h"
#include "clude/router.h"
#include "clude/store.h"
#include "clude/util.h"
#include "clude/window.h"

#define EXIT_PIPE 141 /* as a shell reports a process killed by SIGPIPE */

struct out_state {
	bool json;
	bool wrote;
	bool last_nl;
	bool pipe_broken;
	bool flush_each;
};

/* Text is written as it is decoded and flushed once per network read, so a
 * pipe sees every piece as soon as it arrived without a write() per token. */
static int on_event(void *p, const struct chat_event *ev)
{
	struct out_state *o = p;
	if (o->json)
		return 0;
	if (ev->kind == CHAT_FLUSH) {
		if (fflush(stdout) != 0) {
			o->pipe_broken = errno == EPIPE;
			return 1;
		}
		return 0;
	}
	if (ev->kind != CHAT_DELTA || !ev->len)
		return 0;
	if (fwrite(ev->text, 1, ev->len, stdout) != ev->len) {
		o->pipe_broken = errno == EPIPE;
		return 1;
	}
	if (o->flush_each && fflush(stdout) != 0) { /* local protocols (echo) have no reads */
		o->pipe_broken = errno == EPIPE;
		return 1;
	}
	o->wrote = true;
	o->last_nl = ev->text[ev->len - 1] == '\n';
	return 0;
}

static char *read_stdin(struct clude_err *err)
{
	struct buf b = { 0 };
	char chunk[65536];
	ssize_t n;
	while ((n = read(STDIN_FILENO, chunk, sizeof chunk)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err_set(err, CLUDE_EIO, "cannot read standard input: %s", strerror(errno));
			buf_free(&b);
			return NULL;
		}
		buf_append(&b, chunk, (size_t)n);
	}
	return buf_steal(&b);
}

/* "attempts": every target the router tried, and why it failed ("" = answered). */
static void json_attempts(cJSON *root, const struct route_report *rep)
{
	if (!rep || !rep->n_attempts)
		return;
	cJSON *a = cJSON_AddArrayToObject(root, "attempts");
	for (size_t i = 0; i < rep->n_attempts; i++) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "provider", rep->attempts[i].provider);
		cJSON_AddStringToObject(o, "model", rep->attempts[i].model);
		cJSON_AddBoolToObject(o, "ok", !rep->attempts[i].why[0]);
		if (rep->attempts[i].why[0])
			cJSON_AddStringToObject(o, "error", rep->attempts[i].why);
		cJSON_AddItemToArray(a, o);
	}
	if (rep->rule[0])
		cJSON_AddStringToObject(root, "route", rep->rule);
	cJSON_AddNumberToObject(root, "retries", rep->retries);
}

static void notice_stderr(void *ctx, const char *line)
{
	(void)ctx;
	fprintf(stderr, "clude: %s\n", line);
}

static void print_json(const struct app *app, const struct provider *p, const char *model,
		       const struct model_info *mi, const struct chat_result *r,
		       const struct clude_err *err, const struct route_report *rep)
{
	cJSON *root = cJSON_CreateObject();
	if (err && err->code) {
		cJSON *e = cJSON_AddObjectToObject(root, "error");
		cJSON_AddStringToObject(e, "message", err->msg);
		cJSON_AddNumberToObject(e, "code", err_exit_code(err));
		if (err->http_status)
			cJSON_AddNumberToObject(e, "http_status", err->http_status);
		else
			cJSON_AddNullToObject(e, "http_status");
	}
	if (r) {
		cJSON_AddStringToObject(root, "text", r->text ? r->text : "");
		cJSON_AddStringToObject(root, "provider", p->decl->name);
		cJSON_AddStringToObject(root, "model", model);
		if (r->finish_reason)
			cJSON_AddStringToObject(root, "finish_reason", r->finish_reason);
		else
			cJSON_AddNullToObject(root, "finish_reason");
		cJSON *u = cJSON_AddObjectToObject(root, "usage");
		cJSON_AddNumberToObject(u, "input_tokens", (double)r->usage.input_tokens);
		cJSON_AddNumberToObject(u, "output_tokens", (double)r->usage.output_tokens);
		cJSON_AddNumberToObject(u, "total_tokens",
					(double)(r->usage.input_tokens + r->usage.output_tokens));
		if (r->usage.cached_tokens)
			cJSON_AddNumberToObject(u, "cached_tokens", (double)r->usage.cached_tokens);
		if (r->usage.reasoning_tokens)
			cJSON_AddNumberToObject(u, "reasoning_tokens", (double)r->usage.reasoning_tokens);
		cJSON_AddBoolToObject(u, "estimated", r->usage.estimated);
		double cost = mi ? cost_usd(&r->usage, mi->price_in, mi->price_out) : -1;
		if (cost >= 0)
			cJSON_AddNumberToObject(root, "cost_usd", cost);
		else
			cJSON_AddNullToObject(root, "cost_usd");
		cJSON_AddNumberToObject(root, "latency_ms", (double)(long)(r->latency_ms + 0.5));
		if (r->ttft_ms >= 0)
			cJSON_AddNumberToObject(root, "ttft_ms", (double)(long)(r->ttft_ms + 0.5));
		else
			cJSON_AddNullToObject(root, "ttft_ms");
	}
	json_attempts(root, rep);
	(void)app;
	char *s = cJSON_Print(root);
	printf("%s\n", s);
	fflush(stdout);
	free(s);
	cJSON_Delete(root);
}

static void print_status(const struct provider *p, const char *model, const struct model_info *mi,
			 const struct chat_result *r)
{
	double cost = mi ? cost_usd(&r->usage, mi->price_in, mi->price_out) : -1;
	fprintf(stderr, "[%s · %s · %ld in / %ld out%s · ", p->decl->name, model,
		r->usage.input_tokens, r->usage.output_tokens, r->usage.estimated ? " (est.)" : "");
	if (cost >= 0)
		fprintf(stderr, "$%.4f · ", cost);
	fprintf(stderr, "%.2f s]\n", r->latency_ms / 1000.0);
}

/* One row in clude.db per request, whatever its outcome. A database that
 * cannot be opened or written costs one warning line, never the answer. */
static void record_usage(const struct app *app, const struct provider *p, const char *model,
			 const struct model_info *mi, const struct chat_result *r, int rc,
			 const struct clude_err *cerr, bool pipe_broken)
{
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
		.outcome = pipe_broken ? "interrupted" : usage_outcome(rc, cerr, code, sizeof code),
	};
	struct store *st;
	struct clude_err err;
	err_clear(&err);
	if ((store_open(&st, &err) != 0 || usage_add(st, &row, &err) != 0) && !app->opt.quiet)
		fprintf(stderr, "clude: warning: usage not recorded: %s\n", err.msg);
	store_close(st);
}

int cmd_prompt(struct app *app, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct clude_err err;
	err_clear(&err);
	const struct global_opts *o = &app->opt;

	struct provider *p;
	const char *model;
	if (app_resolve(app, o->provider, o->model, &p, &model, &err) != 0) {
		app_report(NULL, &err);
		if (o->json)
			print_json(app, NULL, NULL, NULL, NULL, &err, NULL);
		return err_exit_code(&err);
	}
	char warn[512] = "";
	const struct model_info *mi = router_is_virtual(&app->cfg, model)
		? NULL : app_check_model(p, model, warn, sizeof warn);
	if (warn[0] && !o->quiet)
		fprintf(stderr, "clude: %s\n", warn);

	char *input = NULL;
	if (!isatty(STDIN_FILENO)) {
		input = read_stdin(&err);
		if (!input) {
			app_report(NULL, &err);
			return 1;
		}
	}
	struct buf content = { 0 };
	size_t in_len = input ? strlen(input) : 0;
	while (in_len && (input[in_len - 1] == '\n' || input[in_len - 1] == '\r'))
		input[--in_len] = '\0'; /* "STDIN\n\nPROMPT", not three newlines */
	if (input && *input)
		buf_puts(&content, input);
	if (input && *input && *o->prompt)
		buf_puts(&content, "\n\n");
	buf_puts(&content, o->prompt);
	free(input);
	if (content.len == 0) {
		fprintf(stderr, "clude: nothing to send: the prompt and standard input are empty\n");
		buf_free(&content);
		return 1;
	}

	struct message msgs[2];
	size_t n = 0;
	if (o->system && *o->system)
		msgs[n++] = (struct message){ .role = ROLE_SYSTEM, .content = (char *)o->system };
	msgs[n++] = (struct message){ .role = ROLE_USER, .content = content.data };
	char too_big[400]; /* the prompt goes whole even when the window is smaller */
	if (!router_is_virtual(&app->cfg, model) && !o->quiet &&
	    window_check_prompt(&app->cfg.conversation, mi, msgs, n, too_big, sizeof too_big))
		fprintf(stderr, "clude: warning: %s\n", too_big);
	struct chat_request req = {
		.model = model,
		.messages = msgs,
		.n_messages = n,
		.stream = !o->no_stream,
		.max_tokens = o->max_tokens,
		.temperature = o->temperature,
	};
	struct out_state out = { .json = o->json, .last_nl = true,
				 .flush_each = !o->no_stream && !strcmp(p->decl->protocol, "echo") };
	struct chat_result r;
	app->http.cancel = signals_install();
	struct route_report rep = { .notice = o->quiet ? NULL : notice_stderr };
	struct provider *asked = p;
	int rc = router_chat(app, p, model, &req, &app->http, on_event, &out, &r, &rep, &err);
	signals_restore();
	p = rep.provider; /* who answered: after a failover not the vendor asked */
	model = rep.model;
	mi = provider_find_model(p, model);
	char summary[600];
	route_report_summary(&rep, asked, summary, sizeof summary);
	if (rc == 0 && summary[0] && !o->quiet)
		fprintf(stderr, "clude: %s\n", summary);

	if (!o->json && !out.wrote && r.text[0] && !out.pipe_broken) {
		/* non-streamed or nothing printed yet: print what we have */
		fputs(r.text, stdout);
		out.wrote = true;
		out.last_nl = r.text[strlen(r.text) - 1] == '\n';
	}
	if (!o->json && out.wrote && !out.last_nl && !out.pipe_broken)
		fputc('\n', stdout);
	fflush(stdout);
	record_usage(app, p, model, mi, &r, rc, &err, out.pipe_broken);

	int code = 0;
	if (out.pipe_broken) {
		code = EXIT_PIPE;
	} else if (rc != 0) {
		if (err.code == CLUDE_ECANCEL)
			fprintf(stderr, "clude: interrupted\n");
		else
			app_report(p->decl->name, &err);
		code = err_exit_code(&err);
		if (o->json)
			print_json(app, p, model, mi, &r, &err, &rep);
	} else if (o->json) {
		print_json(app, p, model, mi, &r, NULL, &rep);
	}
	if (rc == 0 && (o->verbose || (isatty(STDERR_FILENO) && !o->quiet && !o->json)))
		print_status(p, model, mi, &r);
	chat_result_free(&r);
	route_report_free(&rep);
	buf_free(&content);
	return code;
}
