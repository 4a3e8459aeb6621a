/* test_proto_gemini.c — the Gemini generateContent protocol, for the Gemini
 * API and Vertex AI: golden request bodies and URLs, the SSE stream decoded
 * identically at every split, usage and finish mapping, errors, model lists. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clude/chat.h"
#include "clude/proto.h"
#include "clude/provider.h"
#include "clude/registry.h"
#include "clude/util.h"

#include "testlib.h"

#define GEMINI_BASE "https://generativelanguage.googleapis.com/v1beta"
#define VERTEX_BASE "https://aiplatform.googleapis.com/v1/projects/my-proj/locations/global/publishers/google"

static const struct proto_ops *ops;

static int setup(void **state)
{
	(void)state;
	ops = proto_find("gemini");
	return ops ? 0 : -1;
}

static struct provider provider_of(const char *name)
{
	struct provider p = { 0 };
	p.decl = registry_find(name);
	assert_non_null(p.decl);
	return p;
}

/* ---- vendor declarations ---- */

static void test_vendors(void **state)
{
	(void)state;
	const struct vendor *g = registry_find("gemini");
	assert_non_null(g);
	assert_string_equal(g->display, "Google Gemini");
	assert_int_equal(g->type, VENDOR_CLOUD);
	assert_int_equal(g->region, REGION_INTL);
	assert_string_equal(g->base_url, GEMINI_BASE);
	assert_int_equal(g->auth, AUTH_HEADER);
	assert_string_equal(g->auth_header, "x-goog-api-key");
	assert_string_equal(g->protocol, "gemini");
	assert_string_equal(g->key_env, "GEMINI_API_KEY");
	assert_non_null(vendor_find_model(g, g->default_model));
	for (size_t i = 0; i < g->n_models; i++) {
		assert_true(g->models[i].context_window > 0);
		assert_true(g->models[i].price_in > 0 && g->models[i].price_out > 0);
	}
	const struct vendor *v = registry_find("vertex");
	assert_non_null(v);
	assert_string_equal(v->display, "Google Vertex AI");
	assert_int_equal(v->auth, AUTH_BEARER);
	assert_string_equal(v->protocol, "gemini");
	assert_string_equal(v->key_env, "VERTEX_ACCESS_TOKEN");
	assert_non_null(strstr(v->base_url, "/projects/PROJECT/"));
	assert_non_null(vendor_find_model(v, v->default_model));
	assert_string_equal(ops->name, "gemini");
	assert_null(ops->local_chat);
}

/* ---- build_chat ---- */

static const struct message conversation[] = {
	{ ROLE_SYSTEM, "You are terse.", false },
	{ ROLE_USER, "Say \"hi\"\nin 中文", false },
	{ ROLE_ASSISTANT, "你好", false },
	{ ROLE_ASSISTANT, "(still me)", true },
	{ ROLE_USER, "", false },
	{ ROLE_USER, "again", false },
	{ ROLE_SYSTEM, "Answer in English.", false },
	{ ROLE_USER, "and again", false },
};

static const char golden_body[] =
	"{\"contents\":["
	"{\"role\":\"user\",\"parts\":[{\"text\":\"Say \\\"hi\\\"\\nin 中文\"}]},"
	"{\"role\":\"model\",\"parts\":[{\"text\":\"你好\"},{\"text\":\"(still me)\"}]},"
	"{\"role\":\"user\",\"parts\":[{\"text\":\"again\"},{\"text\":\"and again\"}]}],"
	"\"systemInstruction\":{\"parts\":[{\"text\":\"You are terse.\"},"
	"{\"text\":\"Answer in English.\"}]},"
	"\"generationConfig\":{\"maxOutputTokens\":256,\"temperature\":0.5}}";

static void test_build_chat_stream(void **state)
{
	(void)state;
	struct provider p = provider_of("gemini");
	struct target t = { .provider = &p, .base_url = GEMINI_BASE "/", .api_key = "AIza-test-key-1234",
			    .model = "gemini-3.5-flash" };
	struct chat_request req = { .model = t.model, .messages = conversation,
				    .n_messages = ARRAY_LEN(conversation), .stream = true,
				    .max_tokens = 256, .temperature = 0.5 };
	struct http_request hr = { 0 };
	struct clude_err err;
	err_clear(&err);
	assert_int_equal(ops->build_chat(&t, &req, &hr, &err), 0);
	assert_string_equal(hr.method, "POST");
	assert_string_equal(hr.url, GEMINI_BASE "/models/gemini-3.5-flash:streamGenerateContent?alt=sse");
	assert_string_equal(find_header(&hr, "x-goog-api-key"), "AIza-test-key-1234");
	assert_null(find_header(&hr, "Authorization"));
	assert_string_equal(find_header(&hr, "Content-Type"), "application/json");
	assert_int_equal(hr.body_len, strlen(hr.body));
	assert_json_equal_len(hr.body, hr.body_len, golden_body);
	assert_null(strstr(hr.url, "AIza"));
	assert_null(strstr(hr.body, "AIza"));
	http_request_free(&hr);
}

static void test_build_chat_plain(void **state)
{
	(void)state;
	struct provider p = provider_of("gemini");
	struct target t = { .provider = &p, .base_url = GEMINI_BASE, .api_key = NULL,
			    .model = "models/gemini-3.8-flash" };
	const struct message one[] = { { ROLE_USER, "hi", false } };
	struct chat_request req = { .model = t.model, .messages = one, .n_messages = 1,
				    .stream = false, .max_tokens = 0, .temperature = -1 };
	struct http_request hr = { 0 };
	struct clude_err err;
	err_clear(&err);
	assert_int_equal(ops->build_chat(&t, &req, &hr, &err), 0);
	/* the "models/" of a listed name is not doubled */
	assert_string_equal(hr.url, GEMINI_BASE "/models/gemini-3.8-flash:generateContent");
	assert_null(find_header(&hr, "x-goog-api-key")); /* no key: no header */
	assert_json_equal_len(hr.body, hr.body_len,
			  "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}");
	http_request_free(&hr);
}

static void test_build_chat_vertex(void **state)
{
	(void)state;
	struct provider p = provider_of("vertex");
	struct target t = { .provider = &p, .base_url = VERTEX_BASE, .api_key = "ya29.token",
			    .model = "gemini-3.5-flash" };
	const struct message one[] = { { ROLE_USER, "hi", false } };
	struct chat_request req = { .model = t.model, .messages = one, .n_messages = 1,
				    .stream = true, .temperature = -1 };
	struct http_request hr = { 0 };
	struct clude_err err;
	err_clear(&err);
	assert_int_equal(ops->build_chat(&t, &req, &hr, &err), 0);
	assert_string_equal(hr.url, VERTEX_BASE "/models/gemini-3.5-flash:streamGenerateContent?alt=sse");
	assert_string_equal(find_header(&hr, "Authorization"), "Bearer ya29.token");
	assert_null(find_header(&hr, "x-goog-api-key"));
	http_request_free(&hr);

	/* the declaration's template is refused until the project is filled in */
	t.base_url = p.decl->base_url;
	struct http_request hr2 = { 0 };
	assert_int_equal(ops->build_chat(&t, &req, &hr2, &err), -1);
	assert_int_equal(err.code, CLUDE_ECONFIG);
	assert_non_null(strstr(err.msg, "projects/PROJECT"));
	assert_non_null(strstr(err.msg, "providers.vertex.base_url"));
	http_request_free(&hr2);
}

/* ---- decoding: events into a log ---- */

struct log {
	struct buf b;
	int stop_after; /* stop (return 1) at this event number, 0: never */
	int n;
};

static int record(void *ctx, const struct chat_event *ev)
{
	struct log *l = ctx;
	switch (ev->kind) {
	case CHAT_DELTA:
		buf_puts(&l->b, "D:");
		buf_append(&l->b, ev->text, ev->len);
		break;
	case CHAT_USAGE:
		buf_printf(&l->b, "U:%ld/%ld/%ld/%ld%s", ev->usage->input_tokens,
			   ev->usage->output_tokens, ev->usage->cached_tokens,
			   ev->usage->reasoning_tokens, ev->usage->present ? "" : "!");
		break;
	case CHAT_FLUSH: /* the end of a network read: nothing to record */
		break;
	case CHAT_FINISH:
		buf_printf(&l->b, "F:%s", ev->finish_reason);
		break;
	}
	buf_putc(&l->b, '|');
	return ++l->n == l->stop_after;
}

/* A realistic alt=sse body: CRLF, a thought part, multi-byte text, usage in
 * every chunk (counting up), the finish in the last. */
static const char stream_body[] =
	"data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Thinking about it\",\"thought\":true},"
	"{\"text\":\"Héllo\"}],\"role\":\"model\"},\"index\":0}],"
	"\"usageMetadata\":{\"promptTokenCount\":9,\"candidatesTokenCount\":1,\"totalTokenCount\":15,"
	"\"thoughtsTokenCount\":5},\"modelVersion\":\"gemini-3.5-flash\"}\r\n\r\n"
	"data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\", 世界\"}],\"role\":\"model\"},"
	"\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":9,\"candidatesTokenCount\":3,"
	"\"totalTokenCount\":17,\"thoughtsTokenCount\":5}}\r\n\r\n"
	"data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"!\"}],\"role\":\"model\"},"
	"\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":9,"
	"\"candidatesTokenCount\":4,\"totalTokenCount\":20,\"cachedContentTokenCount\":2,"
	"\"thoughtsTokenCount\":7}}\r\n\r\n";

static const char stream_log[] = "D:Héllo|D:, 世界|D:!|F:stop|U:9/11/2/7|";

/* Decode body fed in pieces cut at the given offsets (sorted, then the end). */
static int decode(const char *body, size_t len, const size_t *cuts, size_t n_cuts, struct log *l,
		  struct clude_err *err)
{
	return decode_pieces(ops, record, l, body, len, cuts, n_cuts, err);
}

static void test_stream_every_split(void **state)
{
	(void)state;
	size_t len = strlen(stream_body);
	struct clude_err err;
	for (size_t cut = 0; cut <= len; cut++) {
		struct log l = { 0 };
		err_clear(&err);
		assert_int_equal(decode(stream_body, len, &cut, 1, &l, &err), 0);
		if (strcmp(l.b.data, stream_log))
			fail_msg("split at %zu: got %s", cut, l.b.data);
		buf_free(&l.b);
	}
	/* and one byte at a time */
	size_t *cuts = xcalloc(len, sizeof *cuts);
	for (size_t i = 0; i < len; i++)
		cuts[i] = i;
	struct log l = { 0 };
	assert_int_equal(decode(stream_body, len, cuts, len, &l, &err), 0);
	assert_string_equal(l.b.data, stream_log);
	buf_free(&l.b);
	free(cuts);
}

static int decode_whole(const char *body, struct log *l, struct clude_err *err)
{
	err_clear(err);
	return decode(body, strlen(body), NULL, 0, l, err);
}

static void test_stream_cut_without_finish(void **state)
{
	(void)state;
	/* the two first chunks only: the HTTP body ends cleanly, no finishReason */
	const char *second = strstr(stream_body, "\r\n\r\n") + 4;
	const char *third = strstr(second, "\r\n\r\n") + 4;
	char *body = xstrndup(stream_body, (size_t)(third - stream_body));
	struct log l = { 0 };
	struct clude_err err;
	assert_int_equal(decode_whole(body, &l, &err), -1);
	assert_int_equal(err.code, CLUDE_EPROTO);
	assert_int_equal(strncmp(err.msg, "stream ended early", 18), 0);
	assert_string_equal(l.b.data, "D:Héllo|D:, 世界|"); /* no usage for a cut reply */
	buf_free(&l.b);
	free(body);

	/* an empty 200 body, and a last event without its blank line */
	struct log l2 = { 0 };
	assert_int_equal(decode_whole("", &l2, &err), -1);
	assert_int_equal(strncmp(err.msg, "stream ended early", 18), 0);
	buf_free(&l2.b);
	char *unterminated = xstrndup(stream_body, strlen(stream_body) - 4);
	struct log l3 = { 0 };
	assert_int_equal(decode_whole(unterminated, &l3, &err), -1);
	assert_int_equal(strncmp(err.msg, "stream ended early", 18), 0);
	buf_free(&l3.b);
	free(unterminated);
}

static void test_stream_malformed(void **state)
{
	(void)state;
	struct log l = { 0 };
	struct clude_err err;
	assert_int_equal(decode_whole("data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]}}]}\n\n"
				      "data: {not json\n\n"
				      "data: {\"candidates\":[{\"finishReason\":\"STOP\"}]}\n\n",
				      &l, &err),
			 -1);
	assert_int_equal(err.code, CLUDE_EPROTO);
	assert_non_null(strstr(err.msg, "malformed"));
	assert_string_equal(l.b.data, "D:a|");
	buf_free(&l.b);
	/* JSON but not an object */
	struct log l2 = { 0 };
	assert_int_equal(decode_whole("data: [1,2]\n\n", &l2, &err), -1);
	assert_non_null(strstr(err.msg, "malformed"));
	buf_free(&l2.b);
}

static void test_stream_error_event(void **state)
{
	(void)state;
	struct log l = { 0 };
	struct clude_err err;
	assert_int_equal(decode_whole("data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]}}]}\r\n\r\n"
				      "data: {\"error\":{\"code\":503,\"message\":\"The model is overloaded.\","
				      "\"status\":\"UNAVAILABLE\"}}\r\n\r\n",
				      &l, &err),
			 -1);
	assert_int_equal(err.code, CLUDE_EHTTP);
	assert_non_null(strstr(err.msg, "The model is overloaded. (UNAVAILABLE)"));
	buf_free(&l.b);
}

static void test_stream_blocked_prompt(void **state)
{
	(void)state;
	struct log l = { 0 };
	struct clude_err err;
	assert_int_equal(decode_whole("data: {\"promptFeedback\":{\"blockReason\":\"PROHIBITED_CONTENT\"},"
				      "\"usageMetadata\":{\"promptTokenCount\":4,\"totalTokenCount\":4}}\r\n\r\n",
				      &l, &err),
			 -1);
	assert_int_equal(err.code, CLUDE_EHTTP);
	assert_non_null(strstr(err.msg, "blocked"));
	assert_non_null(strstr(err.msg, "PROHIBITED_CONTENT"));
	assert_string_equal(l.b.data ? l.b.data : "", "");
	buf_free(&l.b);
}

static void test_stream_stop_by_consumer(void **state)
{
	(void)state;
	struct log l = { .stop_after = 2 };
	struct clude_err err;
	assert_int_equal(decode_whole(stream_body, &l, &err), -1);
	assert_int_equal(err.code, CLUDE_ECANCEL);
	assert_string_equal(l.b.data, "D:Héllo|D:, 世界|");
	buf_free(&l.b);
}

/* ---- whole responses: finish and usage mapping ---- */

static char *parse(const char *body, struct clude_err *err, int *rc)
{
	struct log l = { 0 };
	err_clear(err);
	*rc = ops->parse_response(body, strlen(body), record, &l, err);
	return buf_steal(&l.b);
}

static void test_finish_mapping(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{ "STOP", "stop" },
		{ "MAX_TOKENS", "length" },
		{ "SAFETY", "content_filter:SAFETY" },
		{ "RECITATION", "content_filter:RECITATION" },
		{ "BLOCKLIST", "content_filter:BLOCKLIST" },
		{ "PROHIBITED_CONTENT", "content_filter:PROHIBITED_CONTENT" },
		{ "SPII", "content_filter:SPII" },
		{ "IMAGE_SAFETY", "content_filter:IMAGE_SAFETY" },
		{ "MALFORMED_FUNCTION_CALL", "malformed_function_call" },
		{ "OTHER", "other" },
		{ "LANGUAGE", "language" },
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char body[256], want[128];
		snprintf(body, sizeof body,
			 "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"x\"}],\"role\":\"model\"},"
			 "\"finishReason\":\"%s\"}]}", cases[i][0]);
		snprintf(want, sizeof want, "D:x|F:%s|", cases[i][1]);
		struct clude_err err;
		int rc;
		char *log = parse(body, &err, &rc);
		assert_int_equal(rc, 0);
		assert_string_equal(log, want);
		free(log);
	}
}

static void test_usage_mapping(void **state)
{
	(void)state;
	struct clude_err err;
	int rc;
	/* thoughts on top of candidates (Gemini API); tool-use prompt is input */
	char *log = parse("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"ok\"}]},\"finishReason\":\"STOP\"}],"
			  "\"usageMetadata\":{\"promptTokenCount\":100,\"toolUsePromptTokenCount\":20,"
			  "\"candidatesTokenCount\":10,\"thoughtsTokenCount\":30,\"cachedContentTokenCount\":64,"
			  "\"totalTokenCount\":160}}",
			  &err, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(log, "D:ok|F:stop|U:120/40/64/30|");
	free(log);
	/* candidates already counting the thoughts: prompt + candidates == total */
	log = parse("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"ok\"}]},\"finishReason\":\"STOP\"}],"
		    "\"usageMetadata\":{\"promptTokenCount\":100,\"candidatesTokenCount\":40,"
		    "\"thoughtsTokenCount\":30,\"totalTokenCount\":140}}",
		    &err, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(log, "D:ok|F:stop|U:100/40/0/30|");
	free(log);
	/* no usageMetadata: no usage event (client.c estimates) */
	log = parse("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"ok\"}]},\"finishReason\":\"STOP\"}]}",
		    &err, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(log, "D:ok|F:stop|");
	free(log);
}

static void test_parse_response_problems(void **state)
{
	(void)state;
	struct clude_err err;
	int rc;
	char *log = parse("{not json", &err, &rc);
	assert_int_equal(rc, -1);
	assert_int_equal(err.code, CLUDE_EPROTO);
	assert_non_null(strstr(err.msg, "malformed"));
	free(log);
	log = parse("{\"usageMetadata\":{\"promptTokenCount\":3}}", &err, &rc);
	assert_int_equal(rc, -1);
	assert_int_equal(err.code, CLUDE_EPROTO);
	assert_non_null(strstr(err.msg, "no candidates"));
	free(log);
	log = parse("{\"promptFeedback\":{\"blockReason\":\"SAFETY\",\"blockReasonMessage\":\"Unsafe.\"}}",
		    &err, &rc);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(err.msg, "blocked"));
	assert_non_null(strstr(err.msg, "(SAFETY): Unsafe."));
	free(log);
	/* a candidate blocked for safety with no content: an empty reply, not an error */
	log = parse("{\"candidates\":[{\"finishReason\":\"SAFETY\",\"index\":0}]}", &err, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(log, "F:content_filter:SAFETY|");
	free(log);
}

/* ---- errors ---- */

static void error_of(int status, const char *body, int retry_after, struct clude_err *err)
{
	err_clear(err);
	err->retry_after = retry_after;
	ops->parse_error(status, body, strlen(body), err);
	assert_int_equal(err->code, CLUDE_EHTTP);
	assert_int_equal(err->http_status, status);
}

static void test_parse_error(void **state)
{
	(void)state;
	static const char bad_key[] =
		"{\"error\":{\"code\":400,\"message\":\"API key not valid. Please pass a valid API key.\","
		"\"status\":\"INVALID_ARGUMENT\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\","
		"\"reason\":\"API_KEY_INVALID\",\"domain\":\"googleapis.com\"},{\"@type\":"
		"\"type.googleapis.com/google.rpc.LocalizedMessage\",\"locale\":\"en-US\",\"message\":\"x\"}]}}";
	struct clude_err err;
	error_of(400, bad_key, -1, &err);
	assert_string_equal(err.msg, "HTTP 400 Bad Request: API key not valid. Please pass a valid API key. "
				     "(INVALID_ARGUMENT, API_KEY_INVALID)");
	/* the JSON-array framing wraps the same object */
	char wrapped[sizeof bad_key + 2];
	snprintf(wrapped, sizeof wrapped, "[%s]", bad_key);
	error_of(400, wrapped, -1, &err);
	assert_non_null(strstr(err.msg, "API key not valid"));

	error_of(401, "{\"error\":{\"code\":401,\"message\":\"Request had invalid authentication credentials.\","
		      "\"status\":\"UNAUTHENTICATED\"}}", -1, &err);
	assert_string_equal(err.msg, "HTTP 401 Unauthorized: Request had invalid authentication credentials. "
				     "(UNAUTHENTICATED) — check the API key");
}

static void test_parse_error_retry(void **state)
{
	(void)state;
	static const char quota[] =
		"{\"error\":{\"code\":429,\"message\":\"You exceeded your current quota.\",\"status\":"
		"\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\"},"
		"{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"36.4s\"}]}}";
	struct clude_err err;
	error_of(429, quota, -1, &err); /* no Retry-After header: RetryInfo, rounded up */
	assert_int_equal(err.retry_after, 37);
	assert_string_equal(err.msg, "HTTP 429 Too Many Requests: You exceeded your current quota. "
				     "(RESOURCE_EXHAUSTED) (retry after 37s)");
	error_of(429, quota, 5, &err); /* the header wins */
	assert_int_equal(err.retry_after, 5);
	assert_non_null(strstr(err.msg, "(retry after 5s)"));
	error_of(429, "{\"error\":{\"code\":429,\"message\":\"Slow down.\",\"status\":\"RESOURCE_EXHAUSTED\"}}",
		 -1, &err);
	assert_int_equal(err.retry_after, -1);
	assert_null(strstr(err.msg, "retry after"));
}

static void test_parse_error_not_google(void **state)
{
	(void)state;
	struct clude_err err;
	char html[400];
	memset(html, 'x', sizeof html - 1);
	html[sizeof html - 1] = '\0';
	memcpy(html, "<html>", 6);
	error_of(502, html, -1, &err);
	/* the first 200 bytes only */
	assert_non_null(strstr(err.msg, "HTTP 502 Bad Gateway: <html>xxx"));
	assert_int_equal(strlen(err.msg), strlen("HTTP 502 Bad Gateway: ") + 200);
	error_of(500, "{\"message\":\"odd\"}", -1, &err);
	assert_string_equal(err.msg, "HTTP 500 Internal Server Error: {\"message\":\"odd\"}");
	error_of(503, "", -1, &err);
	assert_string_equal(err.msg, "HTTP 503 Service Unavailable");
}

/* ---- models ---- */

static void test_models_gemini(void **state)
{
	(void)state;
	struct provider p = provider_of("gemini");
	struct target t = { .provider = &p, .base_url = GEMINI_BASE, .api_key = "AIza-k" };
	struct http_request hr = { 0 };
	struct clude_err err;
	err_clear(&err);
	assert_int_equal(ops->build_models(&t, &hr, &err), 0);
	assert_string_equal(hr.method, "GET");
	assert_string_equal(hr.url, GEMINI_BASE "/models?pageSize=1000");
	assert_string_equal(find_header(&hr, "x-goog-api-key"), "AIza-k");
	http_request_free(&hr);

	static const char body[] =
		"{\"models\":[{\"name\":\"models/gemini-3.5-flash\",\"inputTokenLimit\":1048576,"
		"\"supportedGenerationMethods\":[\"generateContent\",\"countTokens\"]},"
		"{\"name\":\"models/gemini-embedding-001\",\"inputTokenLimit\":2048,"
		"\"supportedGenerationMethods\":[\"embedContent\"]},"
		"{\"name\":\"models/gemini-3.8-flash\"},{\"displayName\":\"nameless\"}],"
		"\"nextPageToken\":\"abc\"}";
	struct model_list l = { 0 };
	assert_int_equal(ops->parse_models(body, strlen(body), &l, &err), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.items[0].id, "gemini-3.5-flash");
	assert_int_equal(l.items[0].context_window, 1048576);
	assert_null(l.items[0].owned_by);
	assert_string_equal(l.items[1].id, "gemini-3.8-flash");
	assert_int_equal(l.items[1].context_window, 0);
	model_list_free(&l);

	assert_int_equal(ops->parse_models("{\"data\":[]}", 11, &l, &err), -1);
	assert_non_null(strstr(err.msg, "malformed"));
	model_list_free(&l);
}

static void test_models_vertex(void **state)
{
	(void)state;
	struct provider p = provider_of("vertex");
	struct target t = { .provider = &p,
			    .base_url = "https://us-central1-aiplatform.googleapis.com/v1/projects/my-proj/"
					"locations/us-central1/publishers/google",
			    .api_key = "ya29.t" };
	struct http_request hr = { 0 };
	struct clude_err err;
	err_clear(&err);
	assert_int_equal(ops->build_models(&t, &hr, &err), 0);
	assert_string_equal(hr.url, "https://us-central1-aiplatform.googleapis.com/v1beta1/publishers/google/models");
	assert_string_equal(find_header(&hr, "x-goog-user-project"), "my-proj");
	assert_string_equal(find_header(&hr, "Authorization"), "Bearer ya29.t");
	http_request_free(&hr);

	t.base_url = p.decl->base_url;
	struct http_request hr2 = { 0 };
	assert_int_equal(ops->build_models(&t, &hr2, &err), -1);
	assert_int_equal(err.code, CLUDE_ECONFIG);
	http_request_free(&hr2);

	static const char body[] =
		"{\"publisherModels\":[{\"name\":\"publishers/google/models/gemini-3.5-flash\","
		"\"versionId\":\"001\"},{\"name\":\"publishers/google/models/imagen-4\"}]}";
	struct model_list l = { 0 };
	assert_int_equal(ops->parse_models(body, strlen(body), &l, &err), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.items[0].id, "gemini-3.5-flash");
	assert_string_equal(l.items[0].owned_by, "google");
	assert_string_equal(l.items[1].id, "imagen-4");
	model_list_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vendors),
		cmocka_unit_test(test_build_chat_stream),
		cmocka_unit_test(test_build_chat_plain),
		cmocka_unit_test(test_build_chat_vertex),
		cmocka_unit_test(test_stream_every_split),
		cmocka_unit_test(test_stream_cut_without_finish),
		cmocka_unit_test(test_stream_malformed),
		cmocka_unit_test(test_stream_error_event),
		cmocka_unit_test(test_stream_blocked_prompt),
		cmocka_unit_test(test_stream_stop_by_consumer),
		cmocka_unit_test(test_finish_mapping),
		cmocka_unit_test(test_usage_mapping),
		cmocka_unit_test(test_parse_response_problems),
		cmocka_unit_test(test_parse_error),
		cmocka_unit_test(test_parse_error_retry),
		cmocka_unit_test(test_parse_error_not_google),
		cmocka_unit_test(test_models_gemini),
		cmocka_unit_test(test_models_vertex),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
