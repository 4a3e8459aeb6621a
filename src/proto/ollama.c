/* ollama.c — Ollama's native API, per ollama/ollama docs/api.md and
 * docs/api/{streaming,errors,usage}.mdx: POST {base}/api/chat, the stream
 * is NDJSON (one object a line) ending in a "done": true object that carries
 * done_reason and the token counts; errors are {"error": "..."}, mid-stream too. */
#include <cJSON.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "clude/proto.h"
#include "clude/util.h"

/* The native API root: tolerate a base that still ends in /v1 (the
 * OpenAI-compatible endpoint) or /api, so old configs keep working. */
static char *api_url(const char *base, const char *path)
{
	struct buf b = { 0 };
	buf_puts(&b, base);
	while (b.len && b.data[b.len - 1] == '/')
		b.data[--b.len] = '\0';
	if (b.len >= 3 && !strcmp(b.data + b.len - 3, "/v1"))
		b.data[b.len -= 3] = '\0';
	else if (b.len >= 4 && !strcmp(b.data + b.len - 4, "/api"))
		b.data[b.len -= 4] = '\0';
	buf_puts(&b, path);
	return buf_steal(&b);
}

static int build_chat(const struct target *t, const struct chat_request *req,
		      struct http_request *out, struct clude_err *err)
{
	(void)err;
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "model", t->model);
	cJSON *msgs = cJSON_AddArrayToObject(root, "messages");
	for (size_t i = 0; i < req->n_messages; i++) {
		cJSON *m = cJSON_CreateObject();
		cJSON_AddStringToObject(m, "role", role_name(req->messages[i].role));
		cJSON_AddStringToObject(m, "content", req->messages[i].content);
		cJSON_AddItemToArray(msgs, m);
	}
	cJSON_AddBoolToObject(root, "stream", req->stream); /* Ollama streams by default */
	if (req->max_tokens > 0 || req->temperature >= 0) {
		cJSON *o = cJSON_AddObjectToObject(root, "options");
		if (req->max_tokens > 0)
			cJSON_AddNumberToObject(o, "num_predict", req->max_tokens);
		if (req->temperature >= 0)
			cJSON_AddNumberToObject(o, "temperature", req->temperature);
	}
	out->body = cJSON_PrintUnformatted(root);
	out->body_len = strlen(out->body);
	cJSON_Delete(root);

	out->method = xstrdup("POST");
	out->url = api_url(t->base_url, "/api/chat");
	http_request_add_header(out, "Content-Type: application/json");
	http_request_add_header(out, "Accept: %s",
				req->stream ? "application/x-ndjson" : "application/json");
	proto_add_auth(t, out); /* none locally; a key for a remote Ollama behind a proxy */
	return 0;
}

static const cJSON *field(const cJSON *obj, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(obj, key);
}

static int emit_text(const cJSON *s, chat_emit_fn emit, void *ctx)
{
	if (!cJSON_IsString(s) || !s->valuestring[0])
		return 0;
	struct chat_event ev = { .kind = CHAT_DELTA, .text = s->valuestring,
				 .len = strlen(s->valuestring) };
	return emit(ctx, &ev);
}

/* The final object: done_reason ("stop", "length", "load", …; absent in
 * older servers, which means a natural end) and the counts. */
static int emit_done(const cJSON *root, chat_emit_fn emit, void *ctx)
{
	const cJSON *in = field(root, "prompt_eval_count"), *out = field(root, "eval_count");
	if (cJSON_IsNumber(in) || cJSON_IsNumber(out)) {
		struct usage us = {
			.input_tokens = cJSON_IsNumber(in) ? (long)in->valuedouble : 0,
			.output_tokens = cJSON_IsNumber(out) ? (long)out->valuedouble : 0,
			.present = true,
		};
		struct chat_event ev = { .kind = CHAT_USAGE, .usage = &us };
		if (emit(ctx, &ev))
			return 1;
	}
	const cJSON *dr = field(root, "done_reason");
	char reason[64] = "stop";
	if (cJSON_IsString(dr) && dr->valuestring[0]) {
		size_t i = 0;
		for (; dr->valuestring[i] && i < sizeof reason - 1; i++)
			reason[i] = (char)tolower((unsigned char)dr->valuestring[i]);
		reason[i] = '\0';
	}
	struct chat_event ev = { .kind = CHAT_FINISH, .finish_reason = reason };
	return emit(ctx, &ev);
}

/* One response object, streamed or whole. 1 when it was the final one. */
static int handle_object(const cJSON *root, chat_emit_fn emit, void *ctx, struct clude_err *err,
			 const char *where)
{
	if (field(root, "error")) {
		struct buf d = { 0 };
		proto_error_detail(root, &d);
		err_set(err, CLUDE_EHTTP, "error in %s: %s", where, d.len ? d.data : "unknown error");
		buf_free(&d);
		return -1;
	}
	if (emit_text(field(field(root, "message"), "content"), emit, ctx))
		goto stopped;
	if (!cJSON_IsTrue(field(root, "done")))
		return 0;
	if (emit_done(root, emit, ctx))
		goto stopped;
	return 1;
stopped:
	err_set(err, CLUDE_ECANCEL, "stopped");
	return -1;
}

struct proto_stream {
	struct buf line; /* a partial line carried between feeds */
	chat_emit_fn emit;
	void *ctx;
	int done; /* the "done": true object was seen */
};

static int process_line(struct proto_stream *s, char *line, size_t len, struct clude_err *err)
{
	while (len && (line[len - 1] == '\r' || line[len - 1] == ' ' || line[len - 1] == '\t'))
		line[--len] = '\0';
	if (!len || s->done)
		return 0; /* blank line, or anything after the end */
	cJSON *root = cJSON_ParseWithLength(line, len);
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		proto_malformed(err, "line in stream", line, len);
		return -1;
	}
	int rc = handle_object(root, s->emit, s->ctx, err, "stream");
	cJSON_Delete(root);
	if (rc == 1)
		s->done = 1;
	return rc < 0 ? -1 : 0;
}

static struct proto_stream *stream_new(chat_emit_fn emit, void *ctx)
{
	struct proto_stream *s = xcalloc(1, sizeof *s);
	s->emit = emit;
	s->ctx = ctx;
	return s;
}

/* Split into lines whatever the chunking; a line may span many feeds. */
static int stream_feed(struct proto_stream *s, const char *data, size_t len, struct clude_err *err)
{
	while (len) {
		const char *nl = memchr(data, '\n', len);
		if (!nl) {
			buf_append(&s->line, data, len);
			return 0;
		}
		size_t n = (size_t)(nl - data);
		buf_append(&s->line, data, n);
		int rc = s->line.len ? process_line(s, s->line.data, s->line.len, err) : 0;
		buf_reset(&s->line);
		if (rc)
			return -1;
		data += n + 1;
		len -= n + 1;
	}
	return 0;
}

static int stream_end(struct proto_stream *s, struct clude_err *err)
{
	if (s->line.len && !s->done) { /* a last line without its newline */
		cJSON *whole = cJSON_ParseWithLength(s->line.data, s->line.len);
		cJSON_Delete(whole);
		if (!whole) { /* cut in the middle of a line */
			err_set(err, CLUDE_EPROTO, "stream ended early: the reply is incomplete");
			return -1;
		}
		int rc = process_line(s, s->line.data, s->line.len, err);
		buf_reset(&s->line);
		if (rc)
			return -1;
	}
	if (s->done)
		return 0;
	err_set(err, CLUDE_EPROTO, "stream ended early: the reply is incomplete");
	return -1;
}

static void stream_free(struct proto_stream *s)
{
	buf_free(&s->line);
	free(s);
}

static int parse_response(const char *body, size_t len, chat_emit_fn emit, void *ctx,
			  struct clude_err *err)
{
	cJSON *root = cJSON_ParseWithLength(body, len);
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		err_set(err, CLUDE_EPROTO, "malformed response: %.60s", body);
		return -1;
	}
	int rc = handle_object(root, emit, ctx, err, "response");
	cJSON_Delete(root);
	if (rc == 0) {
		err_set(err, CLUDE_EPROTO, "response is incomplete: no \"done\": true");
		return -1;
	}
	return rc < 0 ? -1 : 0;
}

static void parse_error(int status, const char *body, size_t len, struct clude_err *err)
{
	proto_error_body(status, body, len, proto_error_detail, err);
}

static int build_models(const struct target *t, struct http_request *out, struct clude_err *err)
{
	(void)err;
	out->method = xstrdup("GET");
	out->url = api_url(t->base_url, "/api/tags");
	http_request_add_header(out, "Accept: application/json");
	proto_add_auth(t, out);
	return 0;
}

/* {"models": [{"name": "llama3.2:latest", "model": …, "details": {…}}]} */
static int parse_models(const char *body, size_t len, struct model_list *out, struct clude_err *err)
{
	cJSON *root = cJSON_ParseWithLength(body, len);
	const cJSON *models = field(root, "models");
	if (!cJSON_IsArray(models)) {
		err_set(err, CLUDE_EPROTO, "malformed model list");
		cJSON_Delete(root);
		return -1;
	}
	const cJSON *it;
	cJSON_ArrayForEach(it, models) {
		const cJSON *name = field(it, "name");
		if (!cJSON_IsString(name))
			name = field(it, "model");
		if (!cJSON_IsString(name) || !name->valuestring[0])
			continue;
		out->items = xrealloc(out->items, (out->n + 1) * sizeof *out->items);
		out->items[out->n++] = (struct model_entry){ .id = xstrdup(name->valuestring) };
	}
	cJSON_Delete(root);
	return 0;
}

const struct proto_ops proto_ollama = {
	.name = "ollama",
	.build_chat = build_chat,
	.stream_new = stream_new,
	.stream_feed = stream_feed,
	.stream_end = stream_end,
	.stream_free = stream_free,
	.parse_response = parse_response,
	.parse_error = parse_error,
	.build_models = build_models,
	.parse_models = parse_models,
};
