/* bedrock.c — AWS Bedrock's Converse API: POST {base}/model/{id}/converse
 * (JSON) or /converse-stream (binary event stream), signed with SigV4.
 * Followed: Bedrock API Reference (Converse, ConverseStream,
 * ConverseStreamOutput, MessageStopEvent, TokenUsage), the Bedrock prompt
 * caching guide (input total = inputTokens + cacheRead + cacheWrite) and
 * LiteLLM's converse transformation / AWSEventStreamDecoder.
 *
 * Credentials: the access key id is the provider's key (config api_key or
 * AWS_ACCESS_KEY_ID); the secret is extra.secret_access_key or
 * AWS_SECRET_ACCESS_KEY; the session token extra.session_token or, unless the
 * key came from the config, AWS_SESSION_TOKEN. Region: extra.region, else the
 * one in a bedrock-runtime.REGION host, else AWS_REGION, AWS_DEFAULT_REGION,
 * us-east-1. Without a configured base_url the endpoint is
 * https://bedrock-runtime.{extra.region|AWS_REGION|AWS_DEFAULT_REGION}
 * .amazonaws.com, the declared us-east-1 one when none is set.
 * No live model list: ListFoundationModels is on another host (bedrock.REGION). */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clude/eventstream.h"
#include "clude/proto.h"
#include "clude/provider.h"
#include "clude/sigv4.h"
#include "clude/util.h"

static const char *extra(const struct target *t, const char *key)
{
	const struct provider_conf *c = t->provider->conf;
	for (size_t i = 0; c && i < c->n_extra; i++)
		if (!strcmp(c->extra[i].key, key) && c->extra[i].value && *c->extra[i].value)
			return c->extra[i].value;
	return NULL;
}

static const char *env(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

/* A region name is lowercase letters, digits and '-': it goes into a URL. */
static int region_ok(const char *r)
{
	size_t n = r ? strlen(r) : 0;
	return n && n < 40 && strspn(r, "abcdefghijklmnopqrstuvwxyz0123456789-") == n;
}

/* The REGION of a ...bedrock-runtime[-fips].REGION.... host in url. */
static int host_region(const char *url, char *out, size_t size)
{
	const char *h = strstr(url, "://");
	h = h ? h + 3 : url;
	char host[256];
	snprintf(host, sizeof host, "%.*s", (int)strcspn(h, "/?#:"), h);
	for (const char *p = host; (p = strstr(p, "bedrock-runtime")); p++) {
		const char *r = p + strlen("bedrock-runtime");
		if (!strncmp(r, "-fips", 5))
			r += 5;
		size_t n = *r == '.' ? strcspn(++r, ".") : 0;
		if (n && r[n] == '.' && n < size) {
			snprintf(out, size, "%.*s", (int)n, r);
			if (region_ok(out))
				return 0;
		}
	}
	return -1;
}

static const char *env_region(const struct target *t)
{
	const char *r = extra(t, "region");
	if (!r)
		r = env("AWS_REGION");
	if (!r)
		r = env("AWS_DEFAULT_REGION");
	return r;
}

/* Where to send: the configured base_url, else the region's endpoint. */
static char *endpoint(const struct target *t, struct clude_err *err)
{
	const struct provider_conf *c = t->provider->conf;
	int configured = c && c->base_url && *c->base_url;
	const char *r = env_region(t);
	if (configured || !r || strcmp(t->base_url, t->provider->decl->base_url) != 0)
		return xstrdup(t->base_url);
	if (!region_ok(r)) {
		err_set(err, CLUDE_ECONFIG, "'%.40s' is not an AWS region name", r);
		return NULL;
	}
	struct buf b = { 0 };
	buf_printf(&b, "https://bedrock-runtime.%s.amazonaws.com", r);
	return buf_steal(&b);
}

static void add_text(cJSON *content, const char *text)
{
	cJSON *block = cJSON_CreateObject();
	cJSON_AddStringToObject(block, "text", text);
	cJSON_AddItemToArray(content, block);
}

/* {messages:[{role, content:[{text}]}], system:[{text}], inferenceConfig};
 * Converse wants alternating turns, so consecutive same-role messages
 * become one message with several blocks; empty ones are left out. */
static char *chat_body(const struct chat_request *req)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *msgs = cJSON_AddArrayToObject(root, "messages");
	cJSON *system = NULL, *content = NULL;
	enum role last = ROLE_SYSTEM;
	for (size_t i = 0; i < req->n_messages; i++) {
		const struct message *m = &req->messages[i];
		if (!m->content || !*m->content)
			continue;
		if (m->role == ROLE_SYSTEM) {
			if (!system)
				system = cJSON_CreateArray();
			add_text(system, m->content);
			continue;
		}
		if (!content || m->role != last) {
			cJSON *msg = cJSON_CreateObject();
			cJSON_AddStringToObject(msg, "role", role_name(m->role));
			content = cJSON_AddArrayToObject(msg, "content");
			cJSON_AddItemToArray(msgs, msg);
			last = m->role;
		}
		add_text(content, m->content);
	}
	if (system)
		cJSON_AddItemToObject(root, "system", system);
	if (req->max_tokens > 0 || req->temperature >= 0) {
		cJSON *ic = cJSON_AddObjectToObject(root, "inferenceConfig");
		if (req->max_tokens > 0)
			cJSON_AddNumberToObject(ic, "maxTokens", req->max_tokens);
		if (req->temperature >= 0)
			cJSON_AddNumberToObject(ic, "temperature", req->temperature);
	}
	char *s = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	return s;
}

static int build_chat(const struct target *t, const struct chat_request *req,
		      struct http_request *out, struct clude_err *err)
{
	const char *from_conf = t->provider->key_source;
	struct sigv4_params sp = {
		.access_key = t->api_key,
		.secret_key = extra(t, "secret_access_key"),
		.session_token = extra(t, "session_token"),
		.service = "bedrock",
		.now = time(NULL),
	};
	if (!sp.secret_key)
		sp.secret_key = env("AWS_SECRET_ACCESS_KEY");
	if (!sp.session_token && !(from_conf && !strcmp(from_conf, "config")))
		sp.session_token = env("AWS_SESSION_TOKEN");
	if (!sp.access_key || !*sp.access_key || !sp.secret_key) {
		err_set(err, CLUDE_ECONFIG,
			"AWS credentials incomplete: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
			"(or providers.%s.api_key and extra.secret_access_key)",
			t->provider->decl->name);
		return -1;
	}
	char *base = endpoint(t, err);
	if (!base)
		return -1;
	char region[48];
	if (extra(t, "region") || host_region(base, region, sizeof region) != 0) {
		const char *r = env_region(t);
		if (r && !region_ok(r)) {
			err_set(err, CLUDE_ECONFIG, "'%.40s' is not an AWS region name", r);
			free(base);
			return -1;
		}
		snprintf(region, sizeof region, "%s", r ? r : "us-east-1");
	}
	sp.region = region;

	struct buf path = { 0 };
	buf_puts(&path, "/model/");
	sigv4_uri_encode(&path, t->model, strlen(t->model), false);
	buf_puts(&path, req->stream ? "/converse-stream" : "/converse");
	out->method = xstrdup("POST");
	out->url = proto_join_url(base, path.data);
	free(base);
	buf_free(&path);
	out->body = chat_body(req);
	out->body_len = strlen(out->body);
	http_request_add_header(out, "Content-Type: application/json");
	http_request_add_header(out, "Accept: %s",
				req->stream ? "application/vnd.amazon.eventstream" : "application/json");
	if (sigv4_sign(out, &sp, NULL, err) != 0) {
		http_request_free(out); /* the caller frees nothing on failure */
		return -1;
	}
	return 0;
}

/* Bedrock stopReason -> the normalised finish reason. */
static void emit_finish(const char *r, chat_emit_fn emit, void *ctx, int *rc)
{
	char low[64];
	const char *f = low;
	if (!strcmp(r, "end_turn") || !strcmp(r, "stop_sequence"))
		f = "stop";
	else if (!strcmp(r, "max_tokens") || !strcmp(r, "model_context_window_exceeded"))
		f = "length";
	else if (!strcmp(r, "content_filtered"))
		f = "content_filter";
	else if (!strcmp(r, "guardrail_intervened"))
		f = "content_filter:guardrail_intervened";
	else if (!strcmp(r, "tool_use"))
		f = "tool_calls";
	else {
		size_t i = 0;
		for (; r[i] && i < sizeof low - 1; i++)
			low[i] = (char)(r[i] >= 'A' && r[i] <= 'Z' ? r[i] + 32 : r[i]);
		low[i] = '\0';
	}
	struct chat_event ev = { .kind = CHAT_FINISH, .finish_reason = f };
	if (!*rc)
		*rc = emit(ctx, &ev);
}

static long num(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsNumber(v) ? (long)v->valuedouble : 0;
}

/* TokenUsage: inputTokens excludes cache reads and writes. */
static void emit_usage(const cJSON *u, chat_emit_fn emit, void *ctx, int *rc)
{
	if (!cJSON_IsObject(u) || *rc)
		return;
	long cached = num(u, "cacheReadInputTokens");
	struct usage us = {
		.input_tokens = num(u, "inputTokens") + cached + num(u, "cacheWriteInputTokens"),
		.output_tokens = num(u, "outputTokens"),
		.cached_tokens = cached,
		.present = true,
	};
	struct chat_event ev = { .kind = CHAT_USAGE, .usage = &us };
	*rc = emit(ctx, &ev);
}

static void emit_text(const cJSON *s, chat_emit_fn emit, void *ctx, int *rc)
{
	if (*rc || !cJSON_IsString(s) || !s->valuestring[0])
		return;
	struct chat_event ev = { .kind = CHAT_DELTA, .text = s->valuestring,
				 .len = strlen(s->valuestring) };
	*rc = emit(ctx, &ev);
}

/* "message (type)" from an error body: {"message"} or {"Message"}, with the
 * type from "__type" ("ns#ThrottlingException") when the body carries one. */
static void error_detail(const cJSON *root, const char *type, struct buf *out)
{
	const cJSON *msg = cJSON_GetObjectItemCaseSensitive(root, "message");
	if (!cJSON_IsString(msg))
		msg = cJSON_GetObjectItemCaseSensitive(root, "Message");
	if (cJSON_IsString(msg))
		buf_puts(out, msg->valuestring);
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(root, "__type");
	if (!type && cJSON_IsString(t)) {
		type = strchr(t->valuestring, '#') ? strchr(t->valuestring, '#') + 1 : t->valuestring;
	}
	if (type && *type)
		buf_printf(out, out->len ? " (%.*s)" : "%.*s", (int)strcspn(type, ":"), type);
}

struct proto_stream {
	struct es_decoder es;
	chat_emit_fn emit;
	void *ctx;
	struct clude_err *err; /* set during a feed */
	int stopped;           /* messageStop seen */
	int metadata;          /* metadata (usage) seen */
};

static int stream_error(struct proto_stream *s, const struct es_message *m, const char *type)
{
	struct buf d = { 0 };
	cJSON *root = cJSON_ParseWithLength(m->payload, m->payload_len);
	size_t n;
	const char *v;
	if (root) {
		error_detail(root, type, &d);
	} else if ((v = es_header_string(m, ":error-message", &n))) {
		buf_append(&d, v, n);
		if ((v = es_header_string(m, ":error-code", &n)))
			buf_printf(&d, " (%.*s)", (int)n, v);
	} else if (type) {
		buf_puts(&d, type);
	}
	cJSON_Delete(root);
	err_set(s->err, CLUDE_EHTTP, "error in stream: %s", d.len ? d.data : "unknown error");
	buf_free(&d);
	return -1;
}

static int on_message(void *p, const struct es_message *m)
{
	struct proto_stream *s = p;
	size_t n;
	const char *type = es_header_string(m, ":exception-type", &n);
	char tbuf[128];
	if (type) {
		snprintf(tbuf, sizeof tbuf, "%.*s", (int)n, type);
		type = tbuf;
	}
	if (es_header_is(m, ":message-type", "exception") || es_header_is(m, ":message-type", "error"))
		return stream_error(s, m, type);
	const char *ev = es_header_string(m, ":event-type", &n);
	if (!ev) {
		err_set(s->err, CLUDE_EPROTO, "malformed event in stream: no :event-type");
		return -1;
	}
	cJSON *root = cJSON_ParseWithLength(m->payload, m->payload_len);
	if (!cJSON_IsObject(root)) {
		err_set(s->err, CLUDE_EPROTO, "malformed %.*s event in stream: %.60s", (int)n, ev,
			m->payload_len ? m->payload : "(empty)");
		cJSON_Delete(root);
		return -1;
	}
	int rc = 0;
	if (n == 17 && !memcmp(ev, "contentBlockDelta", n)) {
		const cJSON *delta = cJSON_GetObjectItemCaseSensitive(root, "delta");
		emit_text(cJSON_GetObjectItemCaseSensitive(delta, "text"), s->emit, s->ctx, &rc);
	} else if (n == 11 && !memcmp(ev, "messageStop", n)) {
		const cJSON *r = cJSON_GetObjectItemCaseSensitive(root, "stopReason");
		s->stopped = 1;
		if (cJSON_IsString(r))
			emit_finish(r->valuestring, s->emit, s->ctx, &rc);
	} else if (n == 8 && !memcmp(ev, "metadata", n)) {
		s->metadata = 1;
		emit_usage(cJSON_GetObjectItemCaseSensitive(root, "usage"), s->emit, s->ctx, &rc);
	} /* messageStart, contentBlockStart/Stop and newer events carry no text */
	cJSON_Delete(root);
	if (rc)
		err_set(s->err, CLUDE_ECANCEL, "stopped");
	return rc;
}

static struct proto_stream *stream_new(chat_emit_fn emit, void *ctx)
{
	struct proto_stream *s = xcalloc(1, sizeof *s);
	s->emit = emit;
	s->ctx = ctx;
	es_init(&s->es, on_message, s);
	return s;
}

static int stream_feed(struct proto_stream *s, const char *data, size_t len, struct clude_err *err)
{
	s->err = err;
	return es_feed(&s->es, data, len, err) ? -1 : 0;
}

static int stream_end(struct proto_stream *s, struct clude_err *err)
{
	if (!s->stopped || !s->metadata) {
		err_set(err, CLUDE_EPROTO, "stream ended early: the reply is incomplete%s",
			es_pending(&s->es) ? " (cut inside an event)" : "");
		return -1;
	}
	if (es_pending(&s->es)) {
		err_set(err, CLUDE_EPROTO, "malformed event stream: %zu stray bytes at the end",
			es_pending(&s->es));
		return -1;
	}
	return 0;
}

static void stream_free(struct proto_stream *s)
{
	es_free(&s->es);
	free(s);
}

/* {output:{message:{role, content:[{text}|…]}}, stopReason, usage} */
static int parse_response(const char *body, size_t len, chat_emit_fn emit, void *ctx,
			  struct clude_err *err)
{
	cJSON *root = cJSON_ParseWithLength(body, len);
	if (!root) {
		err_set(err, CLUDE_EPROTO, "malformed response: %.60s", body);
		return -1;
	}
	const cJSON *out = cJSON_GetObjectItemCaseSensitive(root, "output");
	const cJSON *content = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(out, "message"), "content");
	if (!cJSON_IsArray(content)) {
		struct buf d = { 0 };
		error_detail(root, NULL, &d);
		err_set(err, CLUDE_EPROTO, "response has no message%s%s", d.len ? ": " : "",
			d.len ? d.data : "");
		buf_free(&d);
		cJSON_Delete(root);
		return -1;
	}
	int rc = 0;
	const cJSON *block;
	cJSON_ArrayForEach(block, content)
		emit_text(cJSON_GetObjectItemCaseSensitive(block, "text"), emit, ctx, &rc);
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(root, "stopReason");
	if (cJSON_IsString(r))
		emit_finish(r->valuestring, emit, ctx, &rc);
	emit_usage(cJSON_GetObjectItemCaseSensitive(root, "usage"), emit, ctx, &rc);
	cJSON_Delete(root);
	if (rc)
		err_set(err, CLUDE_ECANCEL, "stopped");
	return rc ? -1 : 0;
}

/* Errors: {"message": "..."} with the type in x-amzn-ErrorType (a header
 * this callback does not see), sometimes "__type" in the body. */
static void body_detail(const cJSON *root, struct buf *out)
{
	error_detail(root, NULL, out);
}

static void parse_error(int status, const char *body, size_t len, struct clude_err *err)
{
	proto_error_body(status, body, len, body_detail, err);
}

const struct proto_ops proto_bedrock = {
	.name = "bedrock",
	.build_chat = build_chat,
	.stream_new = stream_new,
	.stream_feed = stream_feed,
	.stream_end = stream_end,
	.stream_free = stream_free,
	.parse_response = parse_response,
	.parse_error = parse_error,
	.build_models = NULL, /* ListFoundationModels lives on bedrock.REGION, not here */
	.parse_models = NULL,
};
