/* cohere.c — Cohere's v2 Chat API, per docs.cohere.com (v2 chat reference,
 * "Streaming Responses", "Errors") and the cohere-python SDK types: POST
 * {base}/chat, SSE events named by "type" (content-delta carries text,
 * message-end the finish_reason and usage), errors as {"message": "..."}. */
#include <cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clude/proto.h"
#include "clude/sse.h"
#include "clude/util.h"

static int build_chat(const struct target *t, const struct chat_request *req,
		      struct http_request *out, struct clude_err *err)
{
	(void)err;
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "model", t->model);
	cJSON *msgs = cJSON_AddArrayToObject(root, "messages");
	for (size_t i = 0; i < req->n_messages; i++) { /* v2 takes system turns in messages */
		cJSON *m = cJSON_CreateObject();
		cJSON_AddStringToObject(m, "role", role_name(req->messages[i].role));
		cJSON_AddStringToObject(m, "content", req->messages[i].content);
		cJSON_AddItemToArray(msgs, m);
	}
	cJSON_AddBoolToObject(root, "stream", req->stream);
	if (req->max_tokens > 0)
		cJSON_AddNumberToObject(root, "max_tokens", req->max_tokens);
	if (req->temperature >= 0)
		cJSON_AddNumberToObject(root, "temperature", req->temperature);
	out->body = cJSON_PrintUnformatted(root);
	out->body_len = strlen(out->body);
	cJSON_Delete(root);

	out->method = xstrdup("POST");
	out->url = proto_join_url(t->base_url, "/chat");
	http_request_add_header(out, "Content-Type: application/json");
	http_request_add_header(out, "Accept: %s", req->stream ? "text/event-stream" : "application/json");
	proto_add_auth(t, out);
	return 0;
}

static const cJSON *field(const cJSON *obj, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(obj, key);
}

static long num(const cJSON *obj, const char *key)
{
	const cJSON *v = field(obj, key);
	return cJSON_IsNumber(v) ? (long)v->valuedouble : 0;
}

/* usage: {"billed_units": {"input_tokens", "output_tokens"}, "tokens": {…}}.
 * billed_units is what Cohere charges for (prices apply to it); tokens also
 * counts its prompt template, so it is only the fallback. */
static int emit_usage(const cJSON *u, chat_emit_fn emit, void *ctx)
{
	const cJSON *b = field(u, "billed_units");
	if (!cJSON_IsObject(b) || (!field(b, "input_tokens") && !field(b, "output_tokens")))
		b = field(u, "tokens");
	if (!cJSON_IsObject(b))
		return 0;
	struct usage us = { .input_tokens = num(b, "input_tokens"),
			    .output_tokens = num(b, "output_tokens"),
			    .present = true };
	struct chat_event ev = { .kind = CHAT_USAGE, .usage = &us };
	return emit(ctx, &ev);
}

static int emit_text(const cJSON *s, chat_emit_fn emit, void *ctx)
{
	if (!cJSON_IsString(s) || !s->valuestring[0])
		return 0;
	struct chat_event ev = { .kind = CHAT_DELTA, .text = s->valuestring,
				 .len = strlen(s->valuestring) };
	return emit(ctx, &ev);
}

/* COMPLETE / STOP_SEQUENCE / MAX_TOKENS / TOOL_CALL / CONTENT_BLOCKED /
 * TIMEOUT / … (upper case on the wire, lower case in some SDK releases). */
static int emit_finish(const cJSON *s, chat_emit_fn emit, void *ctx)
{
	if (!cJSON_IsString(s) || !s->valuestring[0])
		return 0;
	const char *v = s->valuestring;
	char reason[96];
	if (!strcasecmp(v, "COMPLETE") || !strcasecmp(v, "STOP_SEQUENCE")) {
		strcpy(reason, "stop");
	} else if (!strcasecmp(v, "MAX_TOKENS")) {
		strcpy(reason, "length");
	} else if (!strcasecmp(v, "TOOL_CALL")) {
		strcpy(reason, "tool_calls");
	} else if (!strcasecmp(v, "CONTENT_BLOCKED")) {
		snprintf(reason, sizeof reason, "content_filter:%.60s", v);
	} else {
		size_t i = 0;
		for (; v[i] && i < sizeof reason - 1; i++)
			reason[i] = (char)tolower((unsigned char)v[i]);
		reason[i] = '\0';
	}
	struct chat_event ev = { .kind = CHAT_FINISH, .finish_reason = reason };
	return emit(ctx, &ev);
}

/* The generation failed on Cohere's side: message-end carries "error" or
 * finish_reason ERROR. Returns 1 (and sets err) when so. */
static int failed(const cJSON *end, struct clude_err *err, const char *where)
{
	const cJSON *e = field(end, "error");
	const cJSON *fr = field(end, "finish_reason");
	bool is_err = cJSON_IsString(fr) && !strcasecmp(fr->valuestring, "ERROR");
	if (!(cJSON_IsString(e) && e->valuestring[0]) && !is_err)
		return 0;
	err_set(err, CLUDE_EHTTP, "error in %s: %s", where,
		cJSON_IsString(e) && e->valuestring[0] ? e->valuestring
							: "the generation failed (finish_reason ERROR)");
	return 1;
}

struct proto_stream {
	struct sse_stream base; /* parser, emit, ctx, err */
	int ended;             /* message-end seen */
};

static int on_message_end(struct proto_stream *s, const cJSON *root)
{
	const cJSON *delta = field(root, "delta");
	s->ended = 1;
	if (failed(delta, s->base.err, "stream"))
		return -1;
	if (emit_finish(field(delta, "finish_reason"), s->base.emit, s->base.ctx) ||
	    emit_usage(field(delta, "usage"), s->base.emit, s->base.ctx)) {
		err_set(s->base.err, CLUDE_ECANCEL, "stopped");
		return -1;
	}
	return 0;
}

static int on_sse(void *p, const char *event, const char *data, size_t len)
{
	struct proto_stream *s = p;
	(void)event; /* the JSON's "type" says the same */
	if (s->ended || (len == 6 && !memcmp(data, "[DONE]", 6)))
		return 0;
	cJSON *root = cJSON_ParseWithLength(data, len);
	const cJSON *type = field(root, "type");
	if (!cJSON_IsObject(root) || (!cJSON_IsString(type) && !field(root, "message"))) {
		err_set(s->base.err, CLUDE_EPROTO, "malformed event in stream: %.60s", data);
		cJSON_Delete(root);
		return -1;
	}
	int rc = 0;
	if (!cJSON_IsString(type)) { /* an error body sent as an event */
		struct buf d = { 0 };
		proto_error_detail(root, &d);
		err_set(s->base.err, CLUDE_EHTTP, "error in stream: %s", d.len ? d.data : "unknown error");
		buf_free(&d);
		rc = -1;
	} else if (!strcmp(type->valuestring, "content-delta")) {
		const cJSON *content = field(field(field(root, "delta"), "message"), "content");
		if (emit_text(field(content, "text"), s->base.emit, s->base.ctx)) {
			err_set(s->base.err, CLUDE_ECANCEL, "stopped");
			rc = -1;
		}
	} else if (!strcmp(type->valuestring, "message-end")) {
		rc = on_message_end(s, root);
	}
	/* message-start, content-start/-end, tool-plan-delta, citation-*, …: nothing to show */
	cJSON_Delete(root);
	return rc;
}

static struct proto_stream *stream_new(chat_emit_fn emit, void *ctx)
{
	return proto_sse_new(sizeof(struct proto_stream), on_sse, emit, ctx);
}

static int stream_feed(struct proto_stream *s, const char *data, size_t len, struct clude_err *err)
{
	return proto_sse_feed(&s->base, data, len, err);
}

static int stream_end(struct proto_stream *s, struct clude_err *err)
{
	s->base.err = err;
	sse_finish(&s->base.sse);
	if (s->ended)
		return 0;
	err_set(err, CLUDE_EPROTO, "stream ended early: the reply is incomplete");
	return -1;
}

static void stream_free(struct proto_stream *s)
{
	sse_free(&s->base.sse);
	free(s);
}

/* {"id", "finish_reason", "message": {"role", "content": [{"type": "text",
 *  "text"}, {"type": "thinking", …}]}, "usage": {…}} */
static int parse_response(const char *body, size_t len, chat_emit_fn emit, void *ctx,
			  struct clude_err *err)
{
	cJSON *root = cJSON_ParseWithLength(body, len);
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		proto_malformed(err, "response", body, len);
		return -1;
	}
	const cJSON *msg = field(root, "message");
	if (!cJSON_IsObject(msg)) {
		struct buf d = { 0 };
		proto_error_detail(root, &d);
		err_set(err, CLUDE_EPROTO, "response has no message%s%s", d.len ? ": " : "",
			d.len ? d.data : "");
		buf_free(&d);
		cJSON_Delete(root);
		return -1;
	}
	if (failed(root, err, "response")) {
		cJSON_Delete(root);
		return -1;
	}
	int rc = 0;
	const cJSON *part;
	cJSON_ArrayForEach(part, field(msg, "content")) {
		const cJSON *type = field(part, "type");
		if (!cJSON_IsString(type) || !strcmp(type->valuestring, "text"))
			rc = rc ? rc : emit_text(field(part, "text"), emit, ctx);
	}
	if (!rc)
		rc = emit_finish(field(root, "finish_reason"), emit, ctx);
	if (!rc)
		rc = emit_usage(field(root, "usage"), emit, ctx);
	cJSON_Delete(root);
	if (rc)
		err_set(err, CLUDE_ECANCEL, "stopped");
	return rc ? -1 : 0;
}

static void parse_error(int status, const char *body, size_t len, struct clude_err *err)
{
	proto_error_body(status, body, len, proto_error_detail, err);
}

/* The model list only exists as v1: {base without /v2}/v1/models, filtered
 * to models the chat endpoint serves. */
static int build_models(const struct target *t, struct http_request *out, struct clude_err *err)
{
	(void)err;
	struct buf b = { 0 };
	buf_puts(&b, t->base_url);
	while (b.len && b.data[b.len - 1] == '/')
		b.data[--b.len] = '\0';
	if (b.len >= 3 && (!strcmp(b.data + b.len - 3, "/v2") || !strcmp(b.data + b.len - 3, "/v1")))
		b.data[b.len -= 3] = '\0';
	buf_puts(&b, "/v1/models?endpoint=chat&page_size=1000");
	out->method = xstrdup("GET");
	out->url = buf_steal(&b);
	http_request_add_header(out, "Accept: application/json");
	proto_add_auth(t, out);
	return 0;
}

/* {"models": [{"name", "endpoints": ["chat", …], "context_length", …}],
 *  "next_page_token"} */
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
		if (!cJSON_IsString(name) || !name->valuestring[0])
			continue;
		const cJSON *eps = field(it, "endpoints"), *ep;
		bool chat = !cJSON_IsArray(eps);
		cJSON_ArrayForEach(ep, eps)
			chat = chat || (cJSON_IsString(ep) && !strcmp(ep->valuestring, "chat"));
		if (!chat)
			continue;
		out->items = xrealloc(out->items, (out->n + 1) * sizeof *out->items);
		out->items[out->n++] = (struct model_entry){
			.id = xstrdup(name->valuestring),
			.owned_by = xstrdup(cJSON_IsTrue(field(it, "finetuned")) ? "you" : "cohere"),
			.context_window = (int)num(it, "context_length"),
		};
	}
	cJSON_Delete(root);
	return 0;
}

const struct proto_ops proto_cohere = {
	.name = "cohere",
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
