/* anthropic.c — the Anthropic Messages wire protocol: POST {base}/messages
 * with x-api-key and anthropic-version, a top-level system prompt and a
 * required max_tokens; SSE events message_start … message_stop; errors as
 * {"type":"error","error":{"type","message"}}. Followed: the Messages,
 * Streaming Messages, Errors and List Models pages of platform.claude.com /
 * docs.claude.com, and anthropic-sdk-python (lib/streaming/_messages.py,
 * types/usage.py, message_delta_usage.py, stop_reason.py). */
#include <cJSON.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "clude/proto.h"
#include "clude/provider.h"
#include "clude/sse.h"
#include "clude/util.h"

#define DEFAULT_VERSION "2023-06-01"
#define FALLBACK_MAX_TOKENS 4096

static bool blank(const char *s)
{
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

/* The API wants user/assistant turns alternating and non-empty: blank
 * messages are dropped (an interrupted reply with no text) and consecutive
 * ones of the same role are joined. System messages go to "system". */
static void add_messages(cJSON *root, const struct chat_request *req)
{
	struct buf sys = { 0 }, turn = { 0 };
	enum role cur = ROLE_USER;
	bool open = false;
	cJSON *msgs = cJSON_CreateArray();
	for (size_t i = 0; i <= req->n_messages; i++) {
		const struct message *m = i < req->n_messages ? &req->messages[i] : NULL;
		if (m && blank(m->content))
			continue;
		if (m && m->role == ROLE_SYSTEM) {
			buf_printf(&sys, "%s%s", sys.len ? "\n\n" : "", m->content);
			continue;
		}
		if (open && (!m || m->role != cur)) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "role", role_name(cur));
			cJSON_AddStringToObject(o, "content", turn.data);
			cJSON_AddItemToArray(msgs, o);
			buf_reset(&turn);
			open = false;
		}
		if (!m)
			break;
		buf_printf(&turn, "%s%s", open ? "\n\n" : "", m->content);
		cur = m->role;
		open = true;
	}
	if (sys.len)
		cJSON_AddStringToObject(root, "system", sys.data);
	cJSON_AddItemToObject(root, "messages", msgs);
	buf_free(&sys);
	buf_free(&turn);
}

static int max_tokens(const struct target *t, const struct chat_request *req)
{
	if (req->max_tokens > 0)
		return req->max_tokens;
	const struct model_info *mi = provider_find_model(t->provider, t->model);
	return mi && mi->max_output > 0 ? mi->max_output : FALLBACK_MAX_TOKENS;
}

static int build_chat(const struct target *t, const struct chat_request *req,
		      struct http_request *out, struct clude_err *err)
{
	(void)err;
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "model", t->model);
	add_messages(root, req);
	cJSON_AddNumberToObject(root, "max_tokens", max_tokens(t, req));
	cJSON_AddBoolToObject(root, "stream", req->stream);
	if (req->temperature >= 0)
		cJSON_AddNumberToObject(root, "temperature", req->temperature);
	out->body = cJSON_PrintUnformatted(root);
	out->body_len = strlen(out->body);
	cJSON_Delete(root);

	const struct provider_conf *c = t->provider->conf;
	const char *version = c && c->api_version && *c->api_version ? c->api_version
								      : DEFAULT_VERSION;
	out->method = xstrdup("POST");
	out->url = proto_join_url(t->base_url, "/messages");
	http_request_add_header(out, "Content-Type: application/json");
	http_request_add_header(out, "Accept: %s", req->stream ? "text/event-stream" : "application/json");
	http_request_add_header(out, "anthropic-version: %s", version);
	proto_add_auth(t, out);
	return 0;
}

static const cJSON *get(const cJSON *obj, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(obj, key);
}

static long num(const cJSON *obj, const char *key)
{
	const cJSON *v = get(obj, key);
	return cJSON_IsNumber(v) ? (long)v->valuedouble : 0;
}

/* Fold a usage object into u. Fields absent from it keep their value:
 * message_delta repeats only what changed (counts there are cumulative).
 * input_tokens excludes cache reads and writes, so they are added back to
 * make it the whole prompt, of which cached_tokens were cache reads. */
static void merge_usage(struct usage *u, long *in, long *cache_w, const cJSON *j)
{
	if (!cJSON_IsObject(j))
		return;
	if (cJSON_IsNumber(get(j, "input_tokens")))
		*in = num(j, "input_tokens");
	if (cJSON_IsNumber(get(j, "cache_creation_input_tokens")))
		*cache_w = num(j, "cache_creation_input_tokens");
	if (cJSON_IsNumber(get(j, "cache_read_input_tokens")))
		u->cached_tokens = num(j, "cache_read_input_tokens");
	if (cJSON_IsNumber(get(j, "output_tokens")))
		u->output_tokens = num(j, "output_tokens");
	const cJSON *d = get(j, "output_tokens_details");
	if (cJSON_IsNumber(get(d, "thinking_tokens")))
		u->reasoning_tokens = num(d, "thinking_tokens");
	u->input_tokens = *in + *cache_w + u->cached_tokens;
	u->present = true;
}

static int emit_usage(const struct usage *u, chat_emit_fn emit, void *ctx)
{
	struct chat_event ev = { .kind = CHAT_USAGE, .usage = u };
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

/* stop_reason -> the normalised finish_reason. */
static int emit_finish(const cJSON *s, chat_emit_fn emit, void *ctx)
{
	if (!cJSON_IsString(s))
		return 0;
	const char *r = s->valuestring;
	if (!strcmp(r, "end_turn") || !strcmp(r, "stop_sequence"))
		r = "stop";
	else if (!strcmp(r, "max_tokens"))
		r = "length";
	else if (!strcmp(r, "tool_use"))
		r = "tool_calls";
	else if (!strcmp(r, "refusal"))
		r = "content_filter";
	char *low = xstrdup(r);
	for (char *p = low; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	struct chat_event ev = { .kind = CHAT_FINISH, .finish_reason = low };
	int rc = emit(ctx, &ev);
	free(low);
	return rc;
}

struct proto_stream {
	struct sse_stream base; /* parser, emit, ctx, err */
	struct usage usage;
	long in, cache_w;      /* usage parts kept apart (see merge_usage) */
	int usage_sent;
	int stopped;           /* message_stop seen */
};

static int on_event(struct proto_stream *s, const char *type, const cJSON *root)
{
	if (!strcmp(type, "message_start")) {
		merge_usage(&s->usage, &s->in, &s->cache_w, get(get(root, "message"), "usage"));
		return 0;
	}
	if (!strcmp(type, "content_block_start")) {
		/* a text block may start with text already in it */
		const cJSON *b = get(root, "content_block");
		const cJSON *bt = get(b, "type");
		if (cJSON_IsString(bt) && !strcmp(bt->valuestring, "text"))
			return emit_text(get(b, "text"), s->base.emit, s->base.ctx);
		return 0;
	}
	if (!strcmp(type, "content_block_delta")) {
		const cJSON *d = get(root, "delta");
		const cJSON *dt = get(d, "type");
		if (cJSON_IsString(dt) && !strcmp(dt->valuestring, "text_delta"))
			return emit_text(get(d, "text"), s->base.emit, s->base.ctx);
		return 0; /* thinking_delta, input_json_delta, signature_delta … */
	}
	if (!strcmp(type, "message_delta")) {
		int rc = emit_finish(get(get(root, "delta"), "stop_reason"), s->base.emit, s->base.ctx);
		const cJSON *u = get(root, "usage");
		if (!rc && cJSON_IsObject(u)) {
			merge_usage(&s->usage, &s->in, &s->cache_w, u);
			s->usage_sent = 1;
			rc = emit_usage(&s->usage, s->base.emit, s->base.ctx);
		}
		return rc;
	}
	if (!strcmp(type, "message_stop")) {
		s->stopped = 1;
		if (!s->usage_sent && s->usage.present) {
			s->usage_sent = 1;
			return emit_usage(&s->usage, s->base.emit, s->base.ctx);
		}
		return 0;
	}
	return 0; /* ping, content_block_stop, and types added later */
}

static int on_sse(void *p, const char *event, const char *data, size_t len)
{
	struct proto_stream *s = p;
	if (s->stopped)
		return 0;
	cJSON *root = cJSON_ParseWithLength(data, len);
	const cJSON *jt = get(root, "type");
	const char *type = cJSON_IsString(jt) ? jt->valuestring
			   : strcmp(event, "message") ? event : NULL;
	if (!cJSON_IsObject(root) || !type) {
		err_set(s->base.err, CLUDE_EPROTO, "malformed %s event in stream: %.60s", event, data);
		cJSON_Delete(root);
		return -1;
	}
	if (!strcmp(type, "error")) {
		struct buf d = { 0 };
		proto_error_detail(root, &d);
		err_set(s->base.err, CLUDE_EHTTP, "error in stream: %s", d.len ? d.data : "unknown error");
		buf_free(&d);
		cJSON_Delete(root);
		return -1;
	}
	int rc = on_event(s, type, root);
	cJSON_Delete(root);
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
	if (s->stopped)
		return 0;
	err_set(err, CLUDE_EPROTO, "stream ended early: no message_stop, the reply is incomplete");
	return -1;
}

static void stream_free(struct proto_stream *s)
{
	sse_free(&s->base.sse);
	free(s);
}

static int parse_response(const char *body, size_t len, chat_emit_fn emit, void *ctx,
			  struct clude_err *err)
{
	cJSON *root = cJSON_ParseWithLength(body, len);
	if (!cJSON_IsObject(root)) {
		proto_malformed(err, "response", body, len);
		cJSON_Delete(root);
		return -1;
	}
	const cJSON *content = get(root, "content");
	if (!cJSON_IsArray(content)) {
		struct buf d = { 0 };
		proto_error_detail(root, &d);
		err_set(err, CLUDE_EPROTO, "response has no content%s%s", d.len ? ": " : "",
			d.len ? d.data : "");
		buf_free(&d);
		cJSON_Delete(root);
		return -1;
	}
	int rc = 0;
	const cJSON *b;
	cJSON_ArrayForEach(b, content) {
		const cJSON *bt = get(b, "type");
		if (!rc && cJSON_IsString(bt) && !strcmp(bt->valuestring, "text"))
			rc = emit_text(get(b, "text"), emit, ctx);
	}
	if (!rc)
		rc = emit_finish(get(root, "stop_reason"), emit, ctx);
	if (!rc && cJSON_IsObject(get(root, "usage"))) {
		struct usage u = { 0 };
		long in = 0, cache_w = 0;
		merge_usage(&u, &in, &cache_w, get(root, "usage"));
		rc = emit_usage(&u, emit, ctx);
	}
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
	const struct provider_conf *c = t->provider->conf;
	out->method = xstrdup("GET");
	out->url = proto_join_url(t->base_url, "/models?limit=1000"); /* the API's maximum page */
	http_request_add_header(out, "Accept: application/json");
	http_request_add_header(out, "anthropic-version: %s",
				c && c->api_version && *c->api_version ? c->api_version
									: DEFAULT_VERSION);
	proto_add_auth(t, out);
	return 0;
}

/* {"data":[{"type":"model","id","display_name","created_at","max_input_tokens",…}],
 *  "has_more","first_id","last_id"} */
static int parse_models(const char *body, size_t len, struct model_list *out, struct clude_err *err)
{
	cJSON *root = cJSON_ParseWithLength(body, len);
	const cJSON *data = get(root, "data");
	if (!cJSON_IsArray(data)) {
		err_set(err, CLUDE_EPROTO, "malformed model list");
		cJSON_Delete(root);
		return -1;
	}
	const cJSON *it;
	cJSON_ArrayForEach(it, data) {
		const cJSON *id = get(it, "id");
		if (!cJSON_IsString(id))
			continue;
		out->items = xrealloc(out->items, (out->n + 1) * sizeof *out->items);
		out->items[out->n++] = (struct model_entry){
			.id = xstrdup(id->valuestring),
			.owned_by = xstrdup("anthropic"),
			.context_window = (int)num(it, "max_input_tokens"),
		};
	}
	cJSON_Delete(root);
	return 0;
}

const struct proto_ops proto_anthropic = {
	.name = "anthropic",
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
