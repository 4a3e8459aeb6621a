/* gemini.c — the Google Gemini generateContent wire protocol, spoken by the
 * Gemini API (key in x-goog-api-key) and by Vertex AI (OAuth bearer token):
 * POST {base}/models/{model}:generateContent, or :streamGenerateContent?alt=sse
 * whose "data:" events are whole GenerateContentResponses and which simply
 * ends (no [DONE]: a stream whose last chunk had no finishReason was cut).
 * Followed: ai.google.dev/api/generate-content and /api/models (request,
 * response, FinishReason, UsageMetadata, list), the Vertex AI inference and
 * ListPublisherModels references, and LiteLLM's Gemini transformation
 * (thoughtsTokenCount is billed as output on top of candidatesTokenCount). */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clude/proto.h"
#include "clude/provider.h"
#include "clude/sse.h"
#include "clude/util.h"

/* The Vertex base_url template still holds its placeholder project. */
static int placeholder_project(const struct target *t, struct clude_err *err)
{
	if (!strstr(t->base_url, "/projects/PROJECT/"))
		return 0;
	err_set(err, CLUDE_ECONFIG,
		"base_url still has the placeholder projects/PROJECT: set providers.%s.base_url to "
		"https://aiplatform.googleapis.com/v1/projects/YOUR_PROJECT_ID/locations/global/publishers/google",
		t->provider->decl->name);
	return -1;
}

static cJSON *new_content(const char *role)
{
	cJSON *c = cJSON_CreateObject();
	if (role)
		cJSON_AddStringToObject(c, "role", role);
	cJSON_AddArrayToObject(c, "parts");
	return c;
}

static void add_part(cJSON *content, const char *text)
{
	cJSON *p = cJSON_CreateObject();
	cJSON_AddStringToObject(p, "text", text);
	cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(content, "parts"), p);
}

/* System messages go to systemInstruction; the turns to contents with
 * assistant -> "model", consecutive same-role turns merged into one content
 * of several parts, empty messages left out (Gemini rejects empty text). */
static int build_chat(const struct target *t, const struct chat_request *req,
		      struct http_request *out, struct clude_err *err)
{
	if (placeholder_project(t, err))
		return -1;
	cJSON *root = cJSON_CreateObject();
	cJSON *contents = cJSON_AddArrayToObject(root, "contents");
	cJSON *sys = NULL, *turn = NULL;
	const char *turn_role = NULL;
	for (size_t i = 0; i < req->n_messages; i++) {
		const struct message *m = &req->messages[i];
		if (!m->content || !*m->content)
			continue;
		if (m->role == ROLE_SYSTEM) {
			if (!sys)
				sys = new_content(NULL);
			add_part(sys, m->content);
			continue;
		}
		const char *role = m->role == ROLE_ASSISTANT ? "model" : "user";
		if (!turn || strcmp(turn_role, role)) {
			turn = new_content(role);
			turn_role = role;
			cJSON_AddItemToArray(contents, turn);
		}
		add_part(turn, m->content);
	}
	if (sys)
		cJSON_AddItemToObject(root, "systemInstruction", sys);
	if (req->max_tokens > 0 || req->temperature >= 0) {
		cJSON *gc = cJSON_AddObjectToObject(root, "generationConfig");
		if (req->max_tokens > 0)
			cJSON_AddNumberToObject(gc, "maxOutputTokens", req->max_tokens);
		if (req->temperature >= 0)
			cJSON_AddNumberToObject(gc, "temperature", req->temperature);
	}
	out->body = cJSON_PrintUnformatted(root);
	out->body_len = strlen(out->body);
	cJSON_Delete(root);

	/* "models/gemini-x" (the id the model list gives) or "gemini-x" */
	const char *model = strncmp(t->model, "models/", 7) ? t->model : t->model + 7;
	struct buf path = { 0 };
	buf_printf(&path, "/models/%s:%s", model,
		   req->stream ? "streamGenerateContent?alt=sse" : "generateContent");
	out->method = xstrdup("POST");
	out->url = proto_join_url(t->base_url, path.data);
	buf_free(&path);
	http_request_add_header(out, "Content-Type: application/json");
	http_request_add_header(out, "Accept: %s", req->stream ? "text/event-stream" : "application/json");
	proto_add_auth(t, out);
	return 0;
}

static long num(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsNumber(v) ? (long)v->valuedouble : 0;
}

static const char *str(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* usageMetadata. candidatesTokenCount leaves thoughts out on the Gemini API
 * (thoughts are billed as output too); when prompt + candidates already make
 * the total, the vendor counted them in. Tool-use prompt tokens are input. */
static void read_usage(const cJSON *u, struct usage *us)
{
	long prompt = num(u, "promptTokenCount") + num(u, "toolUsePromptTokenCount");
	long cand = num(u, "candidatesTokenCount"), thoughts = num(u, "thoughtsTokenCount");
	const cJSON *total = cJSON_GetObjectItemCaseSensitive(u, "totalTokenCount");
	int inclusive = thoughts && cJSON_IsNumber(total) && prompt + cand == (long)total->valuedouble;
	*us = (struct usage){
		.input_tokens = prompt,
		.output_tokens = inclusive ? cand : cand + thoughts,
		.cached_tokens = num(u, "cachedContentTokenCount"),
		.reasoning_tokens = thoughts,
		.present = true,
	};
}

/* STOP -> stop, MAX_TOKENS -> length, a safety/policy block ->
 * content_filter:<REASON>, anything else lowercased. */
static void map_finish(const char *reason, char *out, size_t n)
{
	static const char *const filters[] = { "SAFETY", "RECITATION", "BLOCKLIST",
					       "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY",
					       "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION" };
	if (!strcmp(reason, "STOP")) {
		snprintf(out, n, "stop");
		return;
	}
	if (!strcmp(reason, "MAX_TOKENS")) {
		snprintf(out, n, "length");
		return;
	}
	for (size_t i = 0; i < ARRAY_LEN(filters); i++) {
		if (!strcmp(reason, filters[i])) {
			snprintf(out, n, "content_filter:%s", reason);
			return;
		}
	}
	size_t i = 0;
	for (; reason[i] && i + 1 < n; i++)
		out[i] = (char)(reason[i] >= 'A' && reason[i] <= 'Z' ? reason[i] + 32 : reason[i]);
	out[i] = '\0';
}

/* The {"error":{...}} object of a body, also when wrapped in an array (the
 * JSON-array framing of streamGenerateContent without alt=sse). */
static const cJSON *error_obj(const cJSON *root)
{
	if (cJSON_IsArray(root))
		root = cJSON_GetArrayItem(root, 0);
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(root, "error");
	return cJSON_IsObject(e) ? e : NULL;
}

/* "message (STATUS, REASON)": google.rpc.Status plus the ErrorInfo reason
 * (API_KEY_INVALID, …) when the details carry one. */
static void error_detail(const cJSON *e, struct buf *out)
{
	const char *msg = str(e, "message"), *status = str(e, "status"), *reason = NULL;
	const cJSON *d;
	cJSON_ArrayForEach(d, cJSON_GetObjectItemCaseSensitive(e, "details")) {
		const char *type = str(d, "@type");
		if (type && strstr(type, "google.rpc.ErrorInfo"))
			reason = str(d, "reason");
	}
	if (msg)
		buf_puts(out, msg);
	if (!status && !reason)
		return;
	buf_puts(out, out->len ? " (" : "(");
	buf_puts(out, status ? status : reason);
	if (status && reason)
		buf_printf(out, ", %s", reason);
	buf_putc(out, ')');
}

/* google.rpc.RetryInfo {"retryDelay": "37s"} — Gemini's 429s carry the wait
 * here rather than in a Retry-After header. -1 when absent. */
static int retry_delay(const cJSON *e)
{
	const cJSON *d;
	cJSON_ArrayForEach(d, cJSON_GetObjectItemCaseSensitive(e, "details")) {
		const char *type = str(d, "@type"), *delay = str(d, "retryDelay");
		if (type && strstr(type, "google.rpc.RetryInfo") && delay) {
			char *end;
			double s = strtod(delay, &end);
			if (end != delay && *end == 's' && s >= 0 && s < 86400)
				return (int)s + ((double)(int)s < s); /* rounded up */
		}
	}
	return -1;
}

/* What both the stream and a whole response are decoded into. */
struct reply {
	chat_emit_fn emit;
	void *ctx;
	int finished;     /* a finishReason seen */
	int has_usage;
	struct usage usage; /* repeated in many chunks: the last one counts */
};

/* One GenerateContentResponse: text parts (thoughts skipped) and the finish
 * reason are emitted at once, usage is kept for the end. A blocked prompt
 * (promptFeedback.blockReason, no candidates) is an error: an empty reply
 * that exits 0 would hide it. */
static int on_response(const cJSON *root, struct reply *r, struct clude_err *err)
{
	const cJSON *e = error_obj(root);
	if (e) {
		struct buf d = { 0 };
		error_detail(e, &d);
		err_set(err, CLUDE_EHTTP, "error in reply: %s", d.len ? d.data : "unknown error");
		buf_free(&d);
		return -1;
	}
	const cJSON *fb = cJSON_GetObjectItemCaseSensitive(root, "promptFeedback");
	const char *block = str(fb, "blockReason");
	if (block) {
		const char *why = str(fb, "blockReasonMessage");
		err_set(err, CLUDE_EHTTP, "the prompt was blocked by the vendor's filters (%s)%s%s", block,
			why ? ": " : "", why ? why : "");
		return -1;
	}
	const cJSON *u = cJSON_GetObjectItemCaseSensitive(root, "usageMetadata");
	if (cJSON_IsObject(u)) {
		read_usage(u, &r->usage);
		r->has_usage = 1;
	}
	const cJSON *cands = cJSON_GetObjectItemCaseSensitive(root, "candidates");
	const cJSON *c0 = cJSON_IsArray(cands) ? cJSON_GetArrayItem(cands, 0) : NULL;
	const cJSON *parts = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(c0, "content"), "parts");
	if (!cJSON_IsArray(parts))
		parts = NULL;
	const cJSON *p;
	cJSON_ArrayForEach(p, parts) {
		const char *text = str(p, "text");
		if (!text || !*text || cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(p, "thought")))
			continue;
		struct chat_event ev = { .kind = CHAT_DELTA, .text = text, .len = strlen(text) };
		if (r->emit(r->ctx, &ev))
			goto stopped;
	}
	const char *fr = str(c0, "finishReason");
	if (fr) {
		char mapped[64];
		map_finish(fr, mapped, sizeof mapped);
		r->finished = 1;
		struct chat_event ev = { .kind = CHAT_FINISH, .finish_reason = mapped };
		if (r->emit(r->ctx, &ev))
			goto stopped;
	}
	return 0;
stopped:
	err_set(err, CLUDE_ECANCEL, "stopped");
	return -1;
}

static int emit_usage(struct reply *r, struct clude_err *err)
{
	if (!r->has_usage)
		return 0;
	struct chat_event ev = { .kind = CHAT_USAGE, .usage = &r->usage };
	if (!r->emit(r->ctx, &ev))
		return 0;
	err_set(err, CLUDE_ECANCEL, "stopped");
	return -1;
}

struct proto_stream {
	struct sse_parser sse;
	struct reply r;
	struct clude_err *err; /* set during a feed */
};

static int on_sse(void *p, const char *event, const char *data, size_t len)
{
	struct proto_stream *s = p;
	(void)event;
	cJSON *root = cJSON_ParseWithLength(data, len);
	if (!cJSON_IsObject(root)) {
		err_set(s->err, CLUDE_EPROTO, "malformed data in stream: %.60s", data);
		cJSON_Delete(root);
		return -1;
	}
	int rc = on_response(root, &s->r, s->err);
	cJSON_Delete(root);
	return rc;
}

static struct proto_stream *stream_new(chat_emit_fn emit, void *ctx)
{
	struct proto_stream *s = xcalloc(1, sizeof *s);
	s->r.emit = emit;
	s->r.ctx = ctx;
	sse_init(&s->sse, on_sse, s);
	return s;
}

static int stream_feed(struct proto_stream *s, const char *data, size_t len, struct clude_err *err)
{
	s->err = err;
	return sse_feed(&s->sse, data, len) ? -1 : 0;
}

static int stream_end(struct proto_stream *s, struct clude_err *err)
{
	sse_finish(&s->sse);
	if (!s->r.finished) {
		err_set(err, CLUDE_EPROTO, "stream ended early: no finishReason, the reply is incomplete");
		return -1;
	}
	return emit_usage(&s->r, err);
}

static void stream_free(struct proto_stream *s)
{
	sse_free(&s->sse);
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
	struct reply r = { .emit = emit, .ctx = ctx };
	int rc = on_response(root, &r, err);
	const cJSON *cands = cJSON_GetObjectItemCaseSensitive(root, "candidates");
	if (!rc && !cJSON_GetArrayItem(cands, 0)) {
		err_set(err, CLUDE_EPROTO, "response has no candidates");
		rc = -1;
	}
	if (!rc)
		rc = emit_usage(&r, err);
	cJSON_Delete(root);
	return rc ? -1 : 0;
}

static void parse_error(int status, const char *body, size_t len, struct clude_err *err)
{
	struct buf d = { 0 };
	cJSON *root = cJSON_ParseWithLength(body, len);
	const cJSON *e = error_obj(root);
	if (e) {
		error_detail(e, &d);
		if (err->retry_after < 0)
			err->retry_after = retry_delay(e);
	}
	if (!d.len && len) /* not Google's shape: a proxy's HTML or text; keep the start */
		buf_append(&d, body, len < 200 ? len : 200);
	cJSON_Delete(root);
	proto_http_error(err, status, d.data);
	buf_free(&d);
}

/* Gemini API: GET {base}/models (1000 a page, the maximum). Vertex AI has
 * no project-scoped list: its publisher models are listed at
 * {origin}/v1beta1/publishers/{publisher}/models, billed to the project of
 * the base_url through x-goog-user-project. */
static int build_models(const struct target *t, struct http_request *out, struct clude_err *err)
{
	if (placeholder_project(t, err))
		return -1;
	const char *proj = strstr(t->base_url, "/projects/");
	const char *pub = proj ? strstr(proj, "/publishers/") : NULL;
	const char *host = strstr(t->base_url, "://");
	const char *path = host ? strchr(host + 3, '/') : NULL;
	out->method = xstrdup("GET");
	if (pub && path && path <= proj) {
		proj += strlen("/projects/");
		pub += strlen("/publishers/");
		struct buf u = { 0 };
		buf_append(&u, t->base_url, (size_t)(path - t->base_url));
		buf_puts(&u, "/v1beta1/publishers/");
		buf_append(&u, pub, strcspn(pub, "/"));
		buf_puts(&u, "/models");
		out->url = buf_steal(&u);
		http_request_add_header(out, "x-goog-user-project: %.*s", (int)strcspn(proj, "/"), proj);
	} else {
		out->url = proto_join_url(t->base_url, "/models?pageSize=1000");
	}
	http_request_add_header(out, "Accept: application/json");
	proto_add_auth(t, out);
	return 0;
}

/* {"models":[{"name":"models/gemini-…","inputTokenLimit":…,
 * "supportedGenerationMethods":[…]}]} or Vertex's {"publisherModels":[{"name":
 * "publishers/google/models/gemini-…"}]}. Models that cannot chat (no
 * generateContent method: embeddings, …) are left out. */
static int parse_models(const char *body, size_t len, struct model_list *out, struct clude_err *err)
{
	cJSON *root = cJSON_ParseWithLength(body, len);
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "models");
	if (!arr)
		arr = cJSON_GetObjectItemCaseSensitive(root, "publisherModels");
	if (!cJSON_IsArray(arr)) {
		err_set(err, CLUDE_EPROTO, "malformed model list");
		cJSON_Delete(root);
		return -1;
	}
	const cJSON *it;
	cJSON_ArrayForEach(it, arr) {
		const char *name = str(it, "name");
		if (!name)
			continue;
		const cJSON *methods = cJSON_GetObjectItemCaseSensitive(it, "supportedGenerationMethods");
		if (cJSON_IsArray(methods)) {
			const cJSON *m;
			int chat = 0;
			cJSON_ArrayForEach(m, methods)
				chat |= cJSON_IsString(m) && !strcmp(m->valuestring, "generateContent");
			if (!chat)
				continue;
		}
		const char *id = strstr(name, "models/");
		while (id && strstr(id + 7, "models/"))
			id = strstr(id + 7, "models/");
		const char *pub = strncmp(name, "publishers/", 11) ? NULL : name + 11;
		out->items = xrealloc(out->items, (out->n + 1) * sizeof *out->items);
		out->items[out->n++] = (struct model_entry){
			.id = xstrdup(id ? id + 7 : name),
			.owned_by = pub ? xstrndup(pub, strcspn(pub, "/")) : NULL,
			.context_window = (int)num(it, "inputTokenLimit"),
		};
	}
	cJSON_Delete(root);
	return 0;
}

const struct proto_ops proto_gemini = {
	.name = "gemini",
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
