/* openai.c — the OpenAI Chat Completions wire protocol, spoken by OpenAI
 * and by most vendors and local servers: POST {base}/chat/completions,
 * SSE "data:" chunks ending in [DONE], usage in a final chunk when
 * stream_options.include_usage is set, errors as {"error":{...}}. */
#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "clude/json_arena.h"
#include "clude/proto.h"
#include "clude/provider.h"
#include "clude/sse.h"
#include "clude/util.h"

/* The chat-completions body, shared by OpenAI and Azure OpenAI. */
static void chat_body(const struct target *t, const struct chat_request *req,
		      struct http_request *out)
{
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "model", t->model);
	cJSON *msgs = cJSON_AddArrayToObject(root, "messages");
	for (size_t i = 0; i < req->n_messages; i++) {
		cJSON *m = cJSON_CreateObject();
		cJSON_AddStringToObject(m, "role", role_name(req->messages[i].role));
		cJSON_AddStringToObject(m, "content", req->messages[i].content);
		cJSON_AddItemToArray(msgs, m);
	}
	cJSON_AddBoolToObject(root, "stream", req->stream);
	if (req->stream) {
		cJSON *so = cJSON_AddObjectToObject(root, "stream_options");
		cJSON_AddBoolToObject(so, "include_usage", 1);
	}
	if (req->max_tokens > 0)
		cJSON_AddNumberToObject(root, "max_tokens", req->max_tokens);
	if (req->temperature >= 0)
		cJSON_AddNumberToObject(root, "temperature", req->temperature);
	out->body = cJSON_PrintUnformatted(root);
	out->body_len = strlen(out->body);
	cJSON_Delete(root);
	out->method = xstrdup("POST");
	http_request_add_header(out, "Content-Type: application/json");
	http_request_add_header(out, "Accept: %s", req->stream ? "text/event-stream" : "application/json");
	proto_add_auth(t, out);
}

static int build_chat(const struct target *t, const struct chat_request *req,
		      struct http_request *out, struct clude_err *err)
{
	(void)err;
	chat_body(t, req, out);
	out->url = proto_join_url(t->base_url, "/chat/completions");
	const struct provider_conf *c = t->provider->conf;
	if (c && c->organization && *c->organization)
		http_request_add_header(out, "OpenAI-Organization: %s", c->organization);
	return 0;
}

static long num(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsNumber(v) ? (long)v->valuedouble : 0;
}

/* usage: {"prompt_tokens","completion_tokens","prompt_tokens_details":{"cached_tokens"},
 *         "completion_tokens_details":{"reasoning_tokens"}} */
static int emit_usage(const cJSON *u, chat_emit_fn emit, void *ctx)
{
	if (!cJSON_IsObject(u))
		return 0;
	struct usage us = {
		.input_tokens = num(u, "prompt_tokens"),
		.output_tokens = num(u, "completion_tokens"),
		.cached_tokens = num(cJSON_GetObjectItemCaseSensitive(u, "prompt_tokens_details"),
				     "cached_tokens"),
		.reasoning_tokens = num(cJSON_GetObjectItemCaseSensitive(u, "completion_tokens_details"),
					"reasoning_tokens"),
		.present = true,
	};
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

static int emit_finish(const cJSON *s, chat_emit_fn emit, void *ctx)
{
	if (!cJSON_IsString(s))
		return 0;
	struct chat_event ev = { .kind = CHAT_FINISH, .finish_reason = s->valuestring };
	return emit(ctx, &ev);
}

struct proto_stream {
	struct sse_stream base; /* parser, emit, ctx, err */
	int done;              /* [DONE] seen */
	int finished;          /* a finish_reason seen */
	struct json_arena arena; /* each event's JSON tree, reused */
};

static int on_sse(void *p, const char *event, const char *data, size_t len)
{
	struct proto_stream *s = p;
	(void)event;
	if (len == 6 && !memcmp(data, "[DONE]", 6)) {
		s->done = 1;
		return 0;
	}
	json_arena_reset(&s->arena); /* the previous event's tree */
	cJSON *root = json_arena_parse(&s->arena, data, len);
	if (!root) {
		proto_malformed(s->base.err, "data in stream", data, len);
		return -1;
	}
	int rc = 0;
	const cJSON *in_error = cJSON_GetObjectItemCaseSensitive(root, "error");
	if (cJSON_IsObject(in_error) || cJSON_IsString(in_error)) { /* "error": null is no error */
		struct buf d = { 0 };
		proto_error_detail(root, &d);
		err_set(s->base.err, CLUDE_EHTTP, "error in stream: %s", d.len ? d.data : "unknown error");
		buf_free(&d);
		return -1;
	}
	const cJSON *choices = cJSON_GetObjectItemCaseSensitive(root, "choices");
	const cJSON *c0 = cJSON_IsArray(choices) ? cJSON_GetArrayItem(choices, 0) : NULL;
	if (c0) {
		const cJSON *delta = cJSON_GetObjectItemCaseSensitive(c0, "delta");
		rc = emit_text(cJSON_GetObjectItemCaseSensitive(delta, "content"), s->base.emit, s->base.ctx);
		const cJSON *fr = cJSON_GetObjectItemCaseSensitive(c0, "finish_reason");
		if (!rc && cJSON_IsString(fr)) {
			s->finished = 1;
			rc = emit_finish(fr, s->base.emit, s->base.ctx);
		}
	}
	if (!rc)
		rc = emit_usage(cJSON_GetObjectItemCaseSensitive(root, "usage"), s->base.emit, s->base.ctx);
	if (rc)
		err_set(s->base.err, CLUDE_ECANCEL, "stopped");
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
	sse_finish(&s->base.sse);
	if (s->done || s->finished)
		return 0;
	err_set(err, CLUDE_EPROTO, "stream ended early: the reply is incomplete");
	return -1;
}

static void stream_free(struct proto_stream *s)
{
	json_arena_free(&s->arena);
	sse_free(&s->base.sse);
	free(s);
}

static int parse_response(const char *body, size_t len, chat_emit_fn emit, void *ctx,
			  struct clude_err *err)
{
	cJSON *root = cJSON_ParseWithLength(body, len);
	if (!root) {
		proto_malformed(err, "response", body, len);
		return -1;
	}
	const cJSON *choices = cJSON_GetObjectItemCaseSensitive(root, "choices");
	const cJSON *c0 = cJSON_IsArray(choices) ? cJSON_GetArrayItem(choices, 0) : NULL;
	if (!c0) {
		struct buf d = { 0 };
		proto_error_detail(root, &d);
		err_set(err, CLUDE_EPROTO, "response has no choices%s%s", d.len ? ": " : "",
			d.len ? d.data : "");
		buf_free(&d);
		cJSON_Delete(root);
		return -1;
	}
	const cJSON *msg = cJSON_GetObjectItemCaseSensitive(c0, "message");
	int rc = emit_text(cJSON_GetObjectItemCaseSensitive(msg, "content"), emit, ctx);
	if (!rc)
		rc = emit_finish(cJSON_GetObjectItemCaseSensitive(c0, "finish_reason"), emit, ctx);
	if (!rc)
		rc = emit_usage(cJSON_GetObjectItemCaseSensitive(root, "usage"), emit, ctx);
	cJSON_Delete(root);
	if (rc)
		err_set(err, CLUDE_ECANCEL, "stopped");
	return rc ? -1 : 0;
}

static void parse_error(int status, const char *body, size_t len, struct clude_err *err)
{
	proto_error_body(status, body, len, proto_error_detail, err);
}

static int build_models(const struct target *t, struct http_request *out, struct clude_err *err)
{
	(void)err;
	out->method = xstrdup("GET");
	out->url = proto_join_url(t->base_url, "/models");
	http_request_add_header(out, "Accept: application/json");
	proto_add_auth(t, out);
	return 0;
}

static int parse_models(const char *body, size_t len, struct model_list *out, struct clude_err *err)
{
	cJSON *root = cJSON_ParseWithLength(body, len);
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(root, "data");
	if (!cJSON_IsArray(data)) {
		err_set(err, CLUDE_EPROTO, "malformed model list");
		cJSON_Delete(root);
		return -1;
	}
	const cJSON *it;
	cJSON_ArrayForEach(it, data) {
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(it, "id");
		if (!cJSON_IsString(id))
			continue;
		const cJSON *owner = cJSON_GetObjectItemCaseSensitive(it, "owned_by");
		long ctx = num(it, "context_window");
		if (!ctx)
			ctx = num(it, "context_length"); /* OpenRouter, some local servers */
		out->items = xrealloc(out->items, (out->n + 1) * sizeof *out->items);
		out->items[out->n++] = (struct model_entry){
			.id = xstrdup(id->valuestring),
			.owned_by = cJSON_IsString(owner) ? xstrdup(owner->valuestring) : NULL,
			.context_window = (int)ctx,
		};
	}
	cJSON_Delete(root);
	return 0;
}

const struct proto_ops proto_openai = {
	.name = "openai",
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

/* Azure OpenAI: the same wire format, but the model is a deployment named
 * in the URL (deployment_map in the config maps model ids to deployment
 * names), with an api-version query parameter and an api-key header. */
#define AZURE_API_VERSION "2024-10-21"

static const char *azure_api_version(const struct target *t)
{
	const struct provider_conf *c = t->provider->conf;
	return c && c->api_version && *c->api_version ? c->api_version : AZURE_API_VERSION;
}

static const char *azure_deployment(const struct target *t)
{
	const struct provider_conf *c = t->provider->conf;
	for (size_t i = 0; c && i < c->n_deployment_map; i++)
		if (!strcmp(c->deployment_map[i].key, t->model))
			return c->deployment_map[i].value;
	return t->model;
}

static int build_chat_azure(const struct target *t, const struct chat_request *req,
			    struct http_request *out, struct clude_err *err)
{
	(void)err;
	chat_body(t, req, out);
	struct buf path = { 0 };
	char *dep = proto_escape(azure_deployment(t));
	buf_printf(&path, "/openai/deployments/%s/chat/completions?api-version=%s", dep,
		   azure_api_version(t));
	free(dep);
	out->url = proto_join_url(t->base_url, path.data);
	buf_free(&path);
	return 0;
}

static int build_models_azure(const struct target *t, struct http_request *out,
			      struct clude_err *err)
{
	(void)err;
	struct buf path = { 0 };
	buf_printf(&path, "/openai/models?api-version=%s", azure_api_version(t));
	out->method = xstrdup("GET");
	out->url = proto_join_url(t->base_url, path.data);
	buf_free(&path);
	http_request_add_header(out, "Accept: application/json");
	proto_add_auth(t, out);
	return 0;
}

const struct proto_ops proto_azure = {
	.name = "azure",
	.build_chat = build_chat_azure,
	.stream_new = stream_new,
	.stream_feed = stream_feed,
	.stream_end = stream_end,
	.stream_free = stream_free,
	.parse_response = parse_response,
	.parse_error = parse_error,
	.build_models = build_models_azure,
	.parse_models = parse_models,
};
