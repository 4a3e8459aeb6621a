/* client.c — one chat request from start to finish: the protocol builds
 * it, http.c carries it, the protocol decodes the reply, and this file
 * keeps the text, timing and usage, and turns failures into one line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clude/client.h"
#include "clude/provider.h"
#include "clude/util.h"

#define MAX_ERROR_BODY (64 * 1024)

struct drive {
	const struct proto_ops *ops;
	struct proto_stream *stream;
	const struct chat_request *req;
	chat_emit_fn emit;
	void *ctx;
	struct chat_result *res;
	struct buf text;
	struct buf body; /* error body, or the whole non-streamed response */
	double t0;
	struct clude_err *err;
};

static int on_event(void *p, const struct chat_event *ev)
{
	struct drive *d = p;
	switch (ev->kind) {
	case CHAT_DELTA:
		if (d->res->ttft_ms < 0)
			d->res->ttft_ms = now_ms() - d->t0;
		buf_append(&d->text, ev->text, ev->len);
		break;
	case CHAT_USAGE:
		d->res->usage = *ev->usage;
		break;
	case CHAT_FINISH:
		free(d->res->finish_reason);
		d->res->finish_reason = ev->finish_reason ? xstrdup(ev->finish_reason) : NULL;
		break;
	case CHAT_FLUSH:
		break;
	}
	return d->emit ? d->emit(d->ctx, ev) : 0;
}

static int on_data(void *p, int status, const char *data, size_t len)
{
	struct drive *d = p;
	if (status < 200 || status >= 300 || !d->req->stream) {
		if (d->body.len < MAX_ERROR_BODY || (status >= 200 && status < 300))
			buf_append(&d->body, data, len);
		return 0;
	}
	if (d->ops->stream_feed(d->stream, data, len, d->err) != 0)
		return 1;
	struct chat_event flush = { .kind = CHAT_FLUSH };
	return d->emit ? d->emit(d->ctx, &flush) : 0;
}

static void scrub_err(struct clude_err *err, const char *key)
{
	if (!key || !*key)
		return;
	char *copy = scrub_secret(xstrdup(err->msg), key);
	snprintf(err->msg, sizeof err->msg, "%s", copy);
	free(copy);
}

static void estimate_usage(const struct chat_request *req, struct chat_result *res)
{
	if (res->usage.present)
		return;
	long in = 0;
	for (size_t i = 0; i < req->n_messages; i++)
		in += estimate_tokens(req->messages[i].content, strlen(req->messages[i].content)) + 4;
	res->usage.input_tokens = in;
	res->usage.output_tokens = estimate_tokens(res->text, strlen(res->text));
	res->usage.estimated = true;
}

int client_chat(const struct target *t, const struct chat_request *req,
		const struct http_opts *opts, chat_emit_fn emit, void *ctx,
		struct chat_result *res, struct clude_err *err)
{
	memset(res, 0, sizeof *res);
	res->ttft_ms = -1;
	err_clear(err);
	const struct proto_ops *ops = proto_find(t->provider->decl->protocol);
	if (!ops) {
		err_set(err, CLUDE_ECONFIG, "protocol '%s' is not built in", t->provider->decl->protocol);
		res->text = xstrdup("");
		return -1;
	}
	struct drive d = { .ops = ops, .req = req, .emit = emit, .ctx = ctx, .res = res,
			   .t0 = now_ms(), .err = err };
	int rc;
	if (ops->local_chat) {
		rc = ops->local_chat(t, req, on_event, &d, opts ? opts->cancel : NULL, err);
		goto done;
	}
	struct http_request hr = { 0 };
	if (ops->build_chat(t, req, &hr, err) != 0) {
		http_request_free(&hr);
		rc = -1;
		goto done;
	}
	if (req->stream)
		d.stream = ops->stream_new(on_event, &d);
	struct http_response resp;
	rc = http_perform(&hr, opts, on_data, &d, &resp, err);
	http_request_free(&hr);
	res->http_status = resp.status;
	if (rc != 0) {
		if (err->code == CLUDE_EPROTO && req->stream && !strncmp(err->msg, "connection", 10)) {
			err_prefix(err, "stream ended early: ");
		}
	} else if (resp.status < 200 || resp.status >= 300) {
		err->retry_after = resp.retry_after;
		ops->parse_error(resp.status, d.body.data ? d.body.data : "", d.body.len, err);
		rc = -1;
	} else if (req->stream) {
		rc = ops->stream_end(d.stream, err);
	} else {
		rc = ops->parse_response(d.body.data ? d.body.data : "", d.body.len, on_event, &d, err);
	}
	if (d.stream)
		ops->stream_free(d.stream);
done:
	res->latency_ms = now_ms() - d.t0;
	res->text = buf_steal(&d.text);
	buf_free(&d.body);
	estimate_usage(req, res);
	if (rc != 0)
		scrub_err(err, t->api_key);
	return rc;
}

void chat_result_free(struct chat_result *r)
{
	free(r->text);
	free(r->finish_reason);
	memset(r, 0, sizeof *r);
}

static int collect(void *p, int status, const char *data, size_t len)
{
	(void)status;
	struct buf *b = p;
	if (b->len < 16 * 1024 * 1024)
		buf_append(b, data, len);
	return 0;
}

int client_list_models(const struct target *t, const struct http_opts *opts,
		       struct model_list *out, struct clude_err *err)
{
	memset(out, 0, sizeof *out);
	err_clear(err);
	const struct proto_ops *ops = proto_find(t->provider->decl->protocol);
	if (!ops || !ops->build_models) {
		err_set(err, CLUDE_EUSAGE, "no live model list for this vendor; its table: clude models list -P %s",
			t->provider->decl->name);
		return -1;
	}
	struct http_request hr = { 0 };
	if (ops->build_models(t, &hr, err) != 0) {
		http_request_free(&hr);
		return -1;
	}
	struct buf body = { 0 };
	struct http_response resp;
	int rc = http_perform(&hr, opts, collect, &body, &resp, err);
	http_request_free(&hr);
	if (rc == 0 && (resp.status < 200 || resp.status >= 300)) {
		err->retry_after = resp.retry_after;
		ops->parse_error(resp.status, body.data ? body.data : "", body.len, err);
		rc = -1;
	} else if (rc == 0) {
		rc = ops->parse_models(body.data ? body.data : "", body.len, out, err);
	}
	buf_free(&body);
	if (rc != 0)
		scrub_err(err, t->api_key);
	return rc;
}

double cost_usd(const struct usage *u, double price_in, double price_out)
{
	if (price_in < 0 || price_out < 0)
		return -1.0;
	return ((double)u->input_tokens * price_in + (double)u->output_tokens * price_out) / 1e6;
}
