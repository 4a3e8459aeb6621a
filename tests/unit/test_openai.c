/* test_openai.c — the OpenAI chat-completions protocol: request building
 * (checked as JSON, not text), streaming decode at every split, whole
 * responses, error bodies and the model list. */
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

static const struct proto_ops *ops;

static int setup(void **state)
{
	(void)state;
	ops = proto_find("openai");
	return ops ? 0 : -1;
}

static void test_ops_table(void **state)
{
	(void)state;
	assert_string_equal(ops->name, "openai");
	assert_non_null(ops->build_chat);
	assert_non_null(ops->stream_new);
	assert_non_null(ops->stream_feed);
	assert_non_null(ops->stream_end);
	assert_non_null(ops->stream_free);
	assert_non_null(ops->parse_response);
	assert_non_null(ops->parse_error);
	assert_non_null(ops->build_models);
	assert_non_null(ops->parse_models);
	assert_null(ops->local_chat);
	assert_null(proto_find("no-such-protocol"));
}

/* ---- build_chat ---- */

static const struct message conversation[] = {
	{ ROLE_SYSTEM, "You are terse.", false },
	{ ROLE_USER, "Say \"hi\"\nin 中文", false },
	{ ROLE_ASSISTANT, "你好", false },
	{ ROLE_USER, "again", false },
};

static struct provider openai_provider(void)
{
	struct provider p = { 0 };
	p.decl = registry_find("openai");
	assert_non_null(p.decl);
	return p;
}

static const char *find_header(const struct http_request *r, const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < r->n_headers; i++)
		if (!strncasecmp(r->headers[i], name, n) && r->headers[i][n] == ':')
			return r->headers[i] + n + 1 + (r->headers[i][n + 1] == ' ');
	return NULL;
}

static cJSON *body_json(const struct http_request *r)
{
	assert_non_null(r->body);
	assert_int_equal(r->body_len, strlen(r->body));
	cJSON *j = cJSON_ParseWithLength(r->body, r->body_len);
	assert_non_null(j);
	return j;
}

static void test_build_chat_stream(void **state)
{
	(void)state;
	struct provider p = openai_provider();
	struct target t = { .provider = &p, .base_url = "https://api.openai.com/v1",
			    .api_key = "sk-test-0123456789abcd", .model = "gpt-5.4" };
	struct chat_request req = { .model = "gpt-5.4", .messages = conversation,
				    .n_messages = ARRAY_LEN(conversation), .stream = true,
				    .max_tokens = 0, .temperature = -1 };
	struct http_request hr = { 0 };
	struct clude_err err;
	err_clear(&err);
	assert_int_equal(ops->build_chat(&t, &req, &hr, &err), 0);

	assert_string_equal(hr.method, "POST");
	assert_string_equal(hr.url, "https://api.openai.com/v1/chat/completions");
	assert_non_null(find_header(&hr, "Authorization"));
	assert_string_equal(find_header(&hr, "Authorization"), "Bearer sk-test-0123456789abcd");
	assert_string_equal(find_header(&hr, "Content-Type"), "application/json");
	assert_string_equal(find_header(&hr, "Accept"), "text/event-stream");
	assert_null(find_header(&hr, "OpenAI-Organization"));

	cJSON *j = body_json(&hr);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "model")->valuestring, "gpt-5.4");
	const cJSON *msgs = cJSON_GetObjectItemCaseSensitive(j, "messages");
	assert_true(cJSON_IsArray(msgs));
	assert_int_equal(cJSON_GetArraySize(msgs), 4);
	static const char *const roles[] = { "system", "user", "assistant", "user" };
	for (int i = 0; i < 4; i++) {
		const cJSON *m = cJSON_GetArrayItem(msgs, i);
		assert_string_equal(cJSON_GetObjectItemCaseSensitive(m, "role")->valuestring, roles[i]);
		assert_string_equal(cJSON_GetObjectItemCaseSensitive(m, "content")->valuestring,
				    conversation[i].content);
		assert_int_equal(cJSON_GetArraySize(m), 2); /* role and content only */
	}
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "stream")));
	const cJSON *so = cJSON_GetObjectItemCaseSensitive(j, "stream_options");
	assert_true(cJSON_IsObject(so));
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(so, "include_usage")));
	assert_null(cJSON_GetObjectItemCaseSensitive(j, "max_tokens"));
	assert_null(cJSON_GetObjectItemCaseSensitive(j, "temperature"));
	assert_int_equal(cJSON_GetArraySize(j), 4); /* model, messages, stream, stream_options */
	cJSON_Delete(j);
	http_request_free(&hr);
}

static void test_build_chat_no_stream_options(void **state)
{
	(void)state;
	struct provider p = openai_provider();
	struct target t = { .provider = &p, .base_url = "http://localhost:8000/v1/",
			    .api_key = NULL, .model = "m" };
	struct chat_request req = { .model = "m", .messages = conversation + 1, .n_messages = 1,
				    .stream = false, .max_tokens = 256, .temperature = 0.0 };
	struct http_request hr = { 0 };
	struct clude_err err;
	err_clear(&err);
	assert_int_equal(ops->build_chat(&t, &req, &hr, &err), 0);
	/* trailing slash on the base is not doubled */
	assert_string_equal(hr.url, "http://localhost:8000/v1/chat/completions");
	assert_null(find_header(&hr, "Authorization")); /* no key, no header */
	assert_string_equal(find_header(&hr, "Accept"), "application/json");

	cJSON *j = body_json(&hr);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(j, "stream")));
	assert_null(cJSON_GetObjectItemCaseSensitive(j, "stream_options"));
	const cJSON *mt = cJSON_GetObjectItemCaseSensitive(j, "max_tokens");
	assert_true(cJSON_IsNumber(mt));
	assert_int_equal(mt->valueint, 256);
	const cJSON *temp = cJSON_GetObjectItemCaseSensitive(j, "temperature");
	assert_true(cJSON_IsNumber(temp)); /* 0 is a real temperature */
	assert_float_equal(temp->valuedouble, 0.0, 0);
	cJSON_Delete(j);
	http_request_free(&hr);

	req.temperature = 0.7;
	req.max_tokens = 0;
	t.base_url = "https://x.example/api//";
	t.api_key = "";
	assert_int_equal(ops->build_chat(&t, &req, &hr, &err), 0);
	assert_string_equal(hr.url, "https://x.example/api/chat/completions");
	assert_null(find_header(&hr, "Authorization")); /* empty key, no header */
	j = body_json(&hr);
	assert_null(cJSON_GetObjectItemCaseSensitive(j, "max_tokens"));
	assert_float_equal(cJSON_GetObjectItemCaseSensitive(j, "temperature")->valuedouble, 0.7,
			   1e-9);
	cJSON_Delete(j);
	http_request_free(&hr);
}

static void test_build_chat_from_config(void **state)
{
	(void)state;
	/* the real path: a provider set from a config with an organization */
	const char *text = "providers:\n"
			   "  openai:\n"
			   "    api_key: sk-config-key-99998888\n"
			   "    organization: org-abc\n"
			   "    base_url: http://127.0.0.1:1/v1/\n"
			   "  viaheader:\n"
			   "    type: openai_compat\n"
			   "    base_url: http://127.0.0.1:2\n"
			   "    api_key: hk-1234567890\n";
	struct config cfg = { 0 };
	struct clude_err err;
	err_clear(&err);
	assert_int_equal(config_parse("t.yaml", text, strlen(text), &cfg, &err), 0);
	struct provider_set set = { 0 };
	assert_int_equal(provider_set_init(&set, &cfg, &err), 0);
	const struct provider *p = provider_find(&set, "openai");
	assert_non_null(p);
	struct target t = { .provider = p, .base_url = p->base_url, .api_key = p->api_key,
			    .model = "gpt-5.4" };
	struct chat_request req = { .messages = conversation, .n_messages = 2, .stream = true,
				    .temperature = -1 };
	struct http_request hr = { 0 };
	assert_int_equal(ops->build_chat(&t, &req, &hr, &err), 0);
	assert_string_equal(hr.url, "http://127.0.0.1:1/v1/chat/completions");
	assert_string_equal(find_header(&hr, "Authorization"), "Bearer sk-config-key-99998888");
	assert_string_equal(find_header(&hr, "OpenAI-Organization"), "org-abc");
	http_request_free(&hr);

	/* a vendor that authenticates with its own header */
	struct provider hp = *provider_find(&set, "viaheader");
	struct vendor v = *hp.decl;
	v.auth = AUTH_HEADER;
	v.auth_header = "api-key";
	hp.decl = &v;
	t = (struct target){ .provider = &hp, .base_url = hp.base_url, .api_key = hp.api_key,
			     .model = "x" };
	assert_int_equal(ops->build_chat(&t, &req, &hr, &err), 0);
	assert_string_equal(hr.url, "http://127.0.0.1:2/chat/completions");
	assert_null(find_header(&hr, "Authorization"));
	assert_string_equal(find_header(&hr, "api-key"), "hk-1234567890");
	http_request_free(&hr);

	provider_set_free(&set);
	config_free(&cfg);
}

static void test_build_models(void **state)
{
	(void)state;
	struct provider p = openai_provider();
	struct target t = { .provider = &p, .base_url = "https://api.openai.com/v1/",
			    .api_key = "sk-test-0123456789abcd" };
	struct http_request hr = { 0 };
	struct clude_err err;
	err_clear(&err);
	assert_int_equal(ops->build_models(&t, &hr, &err), 0);
	assert_string_equal(hr.method, "GET");
	assert_string_equal(hr.url, "https://api.openai.com/v1/models");
	assert_null(hr.body);
	assert_string_equal(find_header(&hr, "Authorization"), "Bearer sk-test-0123456789abcd");
	http_request_free(&hr);
}

/* ---- streaming decode ---- */

/* Events as text: "D:<text>|", "F:<reason>|", "U:in/out/cached/reasoning|". */
struct rec {
	struct buf log;
	struct buf text;
	int n_delta, n_finish, n_usage;
	struct usage usage;
	int stop_at; /* return non-zero on this event number (1-based), 0: never */
	int n;
};

static int record(void *ctx, const struct chat_event *ev)
{
	struct rec *r = ctx;
	r->n++;
	switch (ev->kind) {
	case CHAT_DELTA:
		assert_non_null(ev->text);
		assert_true(ev->len > 0);
		buf_puts(&r->log, "D:");
		buf_append(&r->log, ev->text, ev->len);
		buf_append(&r->text, ev->text, ev->len);
		r->n_delta++;
		break;
	case CHAT_FLUSH: /* the end of a network read: nothing to record */
		break;
	case CHAT_FINISH:
		buf_printf(&r->log, "F:%s", ev->finish_reason);
		r->n_finish++;
		break;
	case CHAT_USAGE:
		assert_non_null(ev->usage);
		assert_true(ev->usage->present);
		r->usage = *ev->usage;
		buf_printf(&r->log, "U:%ld/%ld/%ld/%ld", ev->usage->input_tokens,
			   ev->usage->output_tokens, ev->usage->cached_tokens,
			   ev->usage->reasoning_tokens);
		r->n_usage++;
		break;
	}
	buf_putc(&r->log, '|');
	return r->stop_at && r->n >= r->stop_at;
}

static void rec_free(struct rec *r)
{
	buf_free(&r->log);
	buf_free(&r->text);
}

#define CHUNK(delta, finish)                                                                        \
	"data: {\"id\":\"chatcmpl-AbC\",\"object\":\"chat.completion.chunk\",\"created\":1732000000," \
	"\"model\":\"gpt-5.4-2026-03-05\",\"system_fingerprint\":\"fp_1\",\"choices\":[{\"index\":0," \
	"\"delta\":" delta ",\"logprobs\":null,\"finish_reason\":" finish "}],\"usage\":null}\n\n"

static const char STREAM[] =
	": OPENROUTER PROCESSING\n\n"
	CHUNK("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}", "null")
	CHUNK("{\"content\":\"Hel\"}", "null")
	CHUNK("{\"content\":\"lo, 世界\"}", "null")
	"data: {\"id\":\"chatcmpl-AbC\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"!\\n\\\"ok\\\"\"},"
	"\"finish_reason\":null}]}\r\n\r\n"
	CHUNK("{}", "\"stop\"")
	"data: {\"id\":\"chatcmpl-AbC\",\"object\":\"chat.completion.chunk\",\"created\":1732000000,"
	"\"model\":\"gpt-5.4-2026-03-05\",\"choices\":[],\"usage\":{\"prompt_tokens\":12,"
	"\"completion_tokens\":5,\"total_tokens\":17,\"prompt_tokens_details\":{\"cached_tokens\":4,"
	"\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":2,"
	"\"audio_tokens\":0}}}\n\n"
	"data: [DONE]\n\n";

static const char STREAM_EVENTS[] =
	"D:Hel|D:lo, 世界|D:!\n\"ok\"|F:stop|U:12/5/4/2|";

/* Decode data split at the given offsets; returns stream_end's result. */
static int decode(const char *data, size_t len, const size_t *cuts, size_t ncuts, struct rec *r,
		  struct clude_err *err)
{
	struct proto_stream *s = ops->stream_new(record, r);
	assert_non_null(s);
	err_clear(err);
	size_t pos = 0;
	int rc = 0;
	for (size_t i = 0; i <= ncuts && rc == 0; i++) {
		size_t end = i < ncuts ? cuts[i] : len;
		char *piece = xmalloc(end - pos ? end - pos : 1); /* exact size for ASan */
		memcpy(piece, data + pos, end - pos);
		rc = ops->stream_feed(s, piece, end - pos, err);
		free(piece);
		pos = end;
	}
	if (rc == 0)
		rc = ops->stream_end(s, err);
	ops->stream_free(s);
	return rc;
}

static void expect_stream(const size_t *cuts, size_t ncuts)
{
	struct rec r = { 0 };
	struct clude_err err;
	int rc = decode(STREAM, sizeof STREAM - 1, cuts, ncuts, &r, &err);
	if (rc != 0 || strcmp(r.log.data ? r.log.data : "", STREAM_EVENTS) != 0)
		fail_msg("cut at %zu: rc=%d err='%s' events='%s'", ncuts ? cuts[0] : 0, rc, err.msg,
			 r.log.data ? r.log.data : "");
	assert_int_equal(r.n_delta, 3);
	assert_int_equal(r.n_finish, 1);
	assert_int_equal(r.n_usage, 1);
	assert_string_equal(r.text.data, "Hello, 世界!\n\"ok\"");
	assert_int_equal(r.usage.input_tokens, 12);
	assert_int_equal(r.usage.output_tokens, 5);
	assert_int_equal(r.usage.cached_tokens, 4);
	assert_int_equal(r.usage.reasoning_tokens, 2);
	rec_free(&r);
}

static void test_stream_whole(void **state)
{
	(void)state;
	expect_stream(NULL, 0);
}

static void test_stream_every_split(void **state)
{
	(void)state;
	for (size_t i = 0; i <= sizeof STREAM - 1; i++)
		expect_stream(&i, 1);
}

static void test_stream_byte_by_byte(void **state)
{
	(void)state;
	size_t n = sizeof STREAM - 1;
	size_t *cuts = xcalloc(n, sizeof *cuts);
	for (size_t i = 0; i + 1 < n; i++)
		cuts[i] = i + 1;
	expect_stream(cuts, n - 1);
	free(cuts);
}

static int decode_str(const char *data, struct rec *r, struct clude_err *err)
{
	return decode(data, strlen(data), NULL, 0, r, err);
}

static void test_stream_malformed(void **state)
{
	(void)state;
	struct rec r = { 0 };
	struct clude_err err;
	const char *in = CHUNK("{\"content\":\"ok\"}", "null") "data: {\"choices\":[{\"delta\":\n\n";
	assert_int_equal(decode_str(in, &r, &err), -1);
	assert_int_equal(err.code, CLUDE_EPROTO);
	assert_non_null(strstr(err.msg, "malformed"));
	assert_null(strchr(err.msg, '\n'));
	assert_string_equal(r.text.data, "ok"); /* what came before is kept */
	rec_free(&r);

	struct rec r2 = { 0 };
	assert_int_equal(decode_str("data: not json at all\n\n", &r2, &err), -1);
	assert_non_null(strstr(err.msg, "malformed"));
	rec_free(&r2);
}

static void test_stream_ended_early(void **state)
{
	(void)state;
	struct rec r = { 0 };
	struct clude_err err;
	const char *in = CHUNK("{\"content\":\"partial\"}", "null");
	assert_int_equal(decode_str(in, &r, &err), -1);
	assert_int_equal(err.code, CLUDE_EPROTO);
	assert_non_null(strstr(err.msg, "stream ended early"));
	assert_string_equal(r.text.data, "partial");
	rec_free(&r);

	/* cut in the middle of an event */
	struct rec r2 = { 0 };
	assert_int_equal(decode_str("data: {\"choices\":[{\"delta\":{\"content\":\"x\"}", &r2, &err),
			 -1);
	assert_non_null(strstr(err.msg, "stream ended early"));
	rec_free(&r2);

	/* nothing at all */
	struct rec r3 = { 0 };
	assert_int_equal(decode_str("", &r3, &err), -1);
	assert_non_null(strstr(err.msg, "stream ended early"));
	rec_free(&r3);
}

static void test_stream_complete_without_done_or_usage(void **state)
{
	(void)state;
	/* a finish_reason is enough (some servers send no [DONE]) */
	struct rec r = { 0 };
	struct clude_err err;
	const char *in = CHUNK("{\"content\":\"a\"}", "null") CHUNK("{}", "\"length\"");
	assert_int_equal(decode_str(in, &r, &err), 0);
	assert_string_equal(r.log.data, "D:a|F:length|");
	rec_free(&r);

	/* [DONE] alone is enough too */
	struct rec r2 = { 0 };
	assert_int_equal(decode_str(CHUNK("{\"content\":\"b\"}", "null") "data: [DONE]\n\n", &r2,
				    &err),
			 0);
	assert_string_equal(r2.log.data, "D:b|");
	rec_free(&r2);
}

static void test_stream_error_chunk(void **state)
{
	(void)state;
	struct rec r = { 0 };
	struct clude_err err;
	const char *in = CHUNK("{\"content\":\"so\"}", "null")
		"data: {\"error\":{\"message\":\"The server had an error while processing your request.\","
		"\"type\":\"server_error\",\"param\":null,\"code\":null}}\n\n";
	assert_int_equal(decode_str(in, &r, &err), -1);
	assert_int_not_equal(err.code, CLUDE_OK);
	assert_non_null(strstr(err.msg, "The server had an error while processing your request."));
	assert_string_equal(r.text.data, "so");
	rec_free(&r);

	struct rec r2 = { 0 };
	assert_int_equal(decode_str("data: {\"error\":\"overloaded\"}\n\n", &r2, &err), -1);
	assert_non_null(strstr(err.msg, "overloaded"));
	rec_free(&r2);
}

static void test_stream_consumer_stops(void **state)
{
	(void)state;
	struct rec r = { .stop_at = 2 };
	struct clude_err err;
	assert_int_equal(decode_str(STREAM, &r, &err), -1);
	assert_int_equal(err.code, CLUDE_ECANCEL);
	assert_int_equal(r.n, 2);
	rec_free(&r);
}

/* ---- parse_response ---- */

static const char RESPONSE[] =
	"{\"id\":\"chatcmpl-123\",\"object\":\"chat.completion\",\"created\":1732000000,"
	"\"model\":\"gpt-5.4\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
	"\"content\":\"Hi there! 你好\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
	"\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3,\"total_tokens\":12,"
	"\"prompt_tokens_details\":{\"cached_tokens\":1},\"completion_tokens_details\":"
	"{\"reasoning_tokens\":0}}}";

static int parse_exact(const char *body, struct rec *r, struct clude_err *err)
{
	size_t len = strlen(body);
	char *copy = xmalloc(len ? len : 1); /* not NUL-terminated: only len bytes are valid */
	memcpy(copy, body, len);
	err_clear(err);
	int rc = ops->parse_response(copy, len, record, r, err);
	free(copy);
	return rc;
}

static void test_parse_response(void **state)
{
	(void)state;
	struct rec r = { 0 };
	struct clude_err err;
	assert_int_equal(parse_exact(RESPONSE, &r, &err), 0);
	assert_string_equal(r.log.data, "D:Hi there! 你好|F:stop|U:9/3/1/0|");
	rec_free(&r);

	/* no usage, no finish_reason */
	struct rec r2 = { 0 };
	assert_int_equal(parse_exact("{\"choices\":[{\"message\":{\"content\":\"x\"}}]}", &r2, &err),
			 0);
	assert_string_equal(r2.log.data, "D:x|");
	rec_free(&r2);
}

static void test_parse_response_errors(void **state)
{
	(void)state;
	struct rec r = { 0 };
	struct clude_err err;
	assert_int_equal(parse_exact("{\"choices\":[{\"message\":", &r, &err), -1);
	assert_int_equal(err.code, CLUDE_EPROTO);
	assert_non_null(strstr(err.msg, "malformed"));

	assert_int_equal(parse_exact("{\"error\":{\"message\":\"bad things\",\"code\":\"x1\"}}", &r,
				     &err),
			 -1);
	assert_int_equal(err.code, CLUDE_EPROTO);
	assert_non_null(strstr(err.msg, "no choices"));
	assert_non_null(strstr(err.msg, "bad things"));

	assert_int_equal(parse_exact("{\"choices\":[]}", &r, &err), -1);
	assert_non_null(strstr(err.msg, "no choices"));

	assert_int_equal(parse_exact("", &r, &err), -1);
	assert_int_equal(r.n, 0);
	rec_free(&r);
}

/* ---- parse_error ---- */

static void parse_err(int status, const char *body, int retry_after, struct clude_err *err)
{
	err_clear(err);
	err->retry_after = retry_after;
	size_t len = strlen(body);
	char *copy = xmalloc(len ? len : 1);
	memcpy(copy, body, len);
	ops->parse_error(status, copy, len, err);
	free(copy);
	assert_int_equal(err->code, CLUDE_EHTTP);
	assert_int_equal(err->http_status, status);
	assert_null(strchr(err->msg, '\n'));
}

static void test_parse_error_shapes(void **state)
{
	(void)state;
	struct clude_err err;
	parse_err(401,
		  "{\"error\":{\"message\":\"Incorrect API key provided: sk-abc***xyz.\","
		  "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}",
		  -1, &err);
	assert_string_equal(err.msg, "HTTP 401 Unauthorized: Incorrect API key provided: "
				     "sk-abc***xyz. (invalid_api_key) — check the API key");

	/* no code: the type is shown */
	parse_err(400, "{\"error\":{\"message\":\"Bad model\",\"type\":\"invalid_request_error\"}}",
		  -1, &err);
	assert_string_equal(err.msg, "HTTP 400 Bad Request: Bad model (invalid_request_error)");

	parse_err(500, "{\"error\":\"text of the error\"}", -1, &err);
	assert_string_equal(err.msg, "HTTP 500 Internal Server Error: text of the error");

	parse_err(404, "{\"detail\":\"Not Found\"}", -1, &err);
	assert_string_equal(err.msg, "HTTP 404 Not Found: Not Found");

	parse_err(422, "{\"detail\":\"model 'x' is not available\",\"code\":\"model_not_found\"}",
		  -1, &err);
	assert_string_equal(err.msg,
			    "HTTP 422 Unprocessable Entity: model 'x' is not available (model_not_found)");
}

static void test_parse_error_not_json(void **state)
{
	(void)state;
	struct clude_err err;
	parse_err(502,
		  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>nginx</body>\r\n</html>",
		  -1, &err);
	assert_memory_equal(err.msg, "HTTP 502 Bad Gateway: <html>", 28);
	assert_non_null(strstr(err.msg, "502 Bad Gateway</title>"));

	/* a long HTML page is cut, the message stays one bounded line */
	char big[4000];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	memcpy(big, "<html>", 6);
	parse_err(503, big, -1, &err);
	assert_true(strlen(err.msg) < 300);
	assert_memory_equal(err.msg, "HTTP 503 Service Unavailable: <html>", 36);

	parse_err(503, "", -1, &err);
	assert_string_equal(err.msg, "HTTP 503 Service Unavailable");

	parse_err(418, "{}", -1, &err);
	assert_string_equal(err.msg, "HTTP 418 Error");

	parse_err(403, "", -1, &err);
	assert_string_equal(err.msg, "HTTP 403 Forbidden — check the API key");
}

static void test_parse_error_retry_after(void **state)
{
	(void)state;
	struct clude_err err;
	parse_err(429,
		  "{\"error\":{\"message\":\"Rate limit reached for gpt-5.4\",\"type\":\"requests\","
		  "\"code\":\"rate_limit_exceeded\"}}",
		  7, &err);
	assert_non_null(strstr(err.msg, "HTTP 429 Too Many Requests: Rate limit reached for gpt-5.4"));
	assert_non_null(strstr(err.msg, "retry after 7s"));
	assert_int_equal(err.retry_after, 7);

	parse_err(429, "", 7, &err);
	assert_string_equal(err.msg, "HTTP 429 Too Many Requests (retry after 7s)");

	parse_err(429, "{\"error\":\"slow down\"}", -1, &err);
	assert_null(strstr(err.msg, "retry after"));
	assert_int_equal(err.retry_after, -1);

	/* Retry-After on another status is kept but not shown */
	parse_err(503, "", 30, &err);
	assert_null(strstr(err.msg, "retry after"));
	assert_int_equal(err.retry_after, 30);
}

/* ---- parse_models ---- */

static void test_parse_models(void **state)
{
	(void)state;
	const char *body = "{\"object\":\"list\",\"data\":["
			   "{\"id\":\"gpt-5.4\",\"object\":\"model\",\"created\":1,\"owned_by\":\"openai\"},"
			   "{\"id\":\"llama-3.3-70b\",\"object\":\"model\",\"context_window\":131072},"
			   "{\"id\":\"qwen/qwen3\",\"context_length\":40960,\"owned_by\":\"qwen\"},"
			   "{\"object\":\"model\",\"owned_by\":\"nobody\"},"
			   "{\"id\":42}"
			   "]}";
	struct model_list l = { 0 };
	struct clude_err err;
	err_clear(&err);
	assert_int_equal(ops->parse_models(body, strlen(body), &l, &err), 0);
	assert_int_equal(l.n, 3); /* entries without a string id are skipped */
	assert_string_equal(l.items[0].id, "gpt-5.4");
	assert_string_equal(l.items[0].owned_by, "openai");
	assert_int_equal(l.items[0].context_window, 0);
	assert_string_equal(l.items[1].id, "llama-3.3-70b");
	assert_null(l.items[1].owned_by);
	assert_int_equal(l.items[1].context_window, 131072);
	assert_string_equal(l.items[2].id, "qwen/qwen3");
	assert_int_equal(l.items[2].context_window, 40960);
	model_list_free(&l);
	assert_null(l.items);
	assert_int_equal(l.n, 0);

	assert_int_equal(ops->parse_models("{\"data\":[]}", 11, &l, &err), 0);
	assert_int_equal(l.n, 0);
	model_list_free(&l);
}

static void test_parse_models_malformed(void **state)
{
	(void)state;
	static const char *const bad[] = { "", "not json", "{\"data\":{}}", "[1,2]",
					   "{\"object\":\"list\"}", "{\"data\":[" };
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		struct model_list l = { 0 };
		struct clude_err err;
		err_clear(&err);
		assert_int_equal(ops->parse_models(bad[i], strlen(bad[i]), &l, &err), -1);
		assert_int_equal(err.code, CLUDE_EPROTO);
		assert_non_null(strstr(err.msg, "malformed"));
		assert_int_equal(l.n, 0);
		model_list_free(&l);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ops_table),
		cmocka_unit_test(test_build_chat_stream),
		cmocka_unit_test(test_build_chat_no_stream_options),
		cmocka_unit_test(test_build_chat_from_config),
		cmocka_unit_test(test_build_models),
		cmocka_unit_test(test_stream_whole),
		cmocka_unit_test(test_stream_every_split),
		cmocka_unit_test(test_stream_byte_by_byte),
		cmocka_unit_test(test_stream_malformed),
		cmocka_unit_test(test_stream_ended_early),
		cmocka_unit_test(test_stream_complete_without_done_or_usage),
		cmocka_unit_test(test_stream_error_chunk),
		cmocka_unit_test(test_stream_consumer_stops),
		cmocka_unit_test(test_parse_response),
		cmocka_unit_test(test_parse_response_errors),
		cmocka_unit_test(test_parse_error_shapes),
		cmocka_unit_test(test_parse_error_not_json),
		cmocka_unit_test(test_parse_error_retry_after),
		cmocka_unit_test(test_parse_models),
		cmocka_unit_test(test_parse_models_malformed),
	};
	return cmocka_run_group_tests_name("openai", tests, setup, NULL);
}
