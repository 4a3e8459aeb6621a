/* test_proto_cohere.c — Cohere's v2 chat protocol: the /chat request (body
 * compared as JSON, URL, headers), the SSE stream decoded the same whatever
 * the chunk boundaries, finish_reason and usage mapping (billed_units before
 * tokens), the {"message"} error shape, cut streams, the v1 model list. */
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

#include "clude/proto.h"
#include "clude/provider.h"
#include "clude/util.h"

#include "testlib.h"

extern const struct vendor vendor_cohere;

#define KEY "co-test-1234abcd"

static const struct proto_ops *ops(void)
{
	const struct proto_ops *o = proto_find("cohere");
	assert_non_null(o);
	return o;
}

static struct target target(struct provider *p, const char *base)
{
	memset(p, 0, sizeof *p);
	p->decl = &vendor_cohere;
	return (struct target){ .provider = p, .base_url = base, .api_key = KEY,
				.model = "command-a-03-2025" };
}

/* ---- requests ------------------------------------------------------------ */

static void test_golden_request(void **state)
{
	(void)state;
	struct message msgs[] = {
		{ ROLE_SYSTEM, "You respond in concise sentences.", false },
		{ ROLE_USER, "Hello", false },
		{ ROLE_ASSISTANT, "Hi! How can I help?", false },
		{ ROLE_USER, "Tell me about LLMs \xe2\x80\x94 \"briefly\"", false },
	};
	struct chat_request req = { .model = "command-a-03-2025", .messages = msgs,
				    .n_messages = ARRAY_LEN(msgs), .stream = true,
				    .max_tokens = 0, .temperature = -1 };
	struct provider p;
	struct target t = target(&p, "https://api.cohere.com/v2/");
	struct http_request r = { 0 };
	struct clude_err err;
	err_clear(&err);
	assert_int_equal(ops()->build_chat(&t, &req, &r, &err), 0);
	assert_string_equal(r.method, "POST");
	assert_string_equal(r.url, "https://api.cohere.com/v2/chat");
	assert_json_equal(r.body,
		"{\"model\":\"command-a-03-2025\",\"messages\":["
		"{\"role\":\"system\",\"content\":\"You respond in concise sentences.\"},"
		"{\"role\":\"user\",\"content\":\"Hello\"},"
		"{\"role\":\"assistant\",\"content\":\"Hi! How can I help?\"},"
		"{\"role\":\"user\",\"content\":\"Tell me about LLMs \xe2\x80\x94 \\\"briefly\\\"\"}],"
		"\"stream\":true}");
	assert_int_equal(r.body_len, strlen(r.body));
	assert_string_equal(find_header(&r, "Authorization"), "Bearer " KEY);
	assert_string_equal(find_header(&r, "Content-Type"), "application/json");
	assert_string_equal(find_header(&r, "Accept"), "text/event-stream");
	for (size_t i = 0; i < r.n_headers; i++) /* the key only in Authorization */
		if (strncasecmp(r.headers[i], "Authorization:", 14))
			assert_null(strstr(r.headers[i], KEY));
	assert_null(strstr(r.url, KEY));
	assert_null(strstr(r.body, KEY));
	http_request_free(&r);
}

static void test_request_options(void **state)
{
	(void)state;
	struct message msgs[] = { { ROLE_USER, "hi", false } };
	struct chat_request req = { .model = "command-r7b-12-2024", .messages = msgs,
				    .n_messages = 1, .stream = false, .max_tokens = 256,
				    .temperature = 0 };
	struct provider p;
	struct target t = target(&p, "https://api.cohere.com/v2");
	t.model = "command-r7b-12-2024";
	struct http_request r = { 0 };
	struct clude_err err;
	assert_int_equal(ops()->build_chat(&t, &req, &r, &err), 0);
	assert_json_equal(r.body, "{\"model\":\"command-r7b-12-2024\",\"messages\":[{\"role\":"
				  "\"user\",\"content\":\"hi\"}],\"stream\":false,"
				  "\"max_tokens\":256,\"temperature\":0}");
	assert_string_equal(find_header(&r, "Accept"), "application/json");
	http_request_free(&r);
}

static void test_models_request(void **state)
{
	(void)state;
	static const char *const bases[] = { "https://api.cohere.com/v2", "https://api.cohere.com/v2/",
					     "https://api.cohere.com/v1", "https://api.cohere.com" };
	for (size_t i = 0; i < ARRAY_LEN(bases); i++) {
		struct provider p;
		struct target t = target(&p, bases[i]);
		struct http_request r = { 0 };
		struct clude_err err;
		assert_int_equal(ops()->build_models(&t, &r, &err), 0);
		assert_string_equal(r.method, "GET");
		assert_string_equal(r.url,
				    "https://api.cohere.com/v1/models?endpoint=chat&page_size=1000");
		assert_string_equal(find_header(&r, "Authorization"), "Bearer " KEY);
		assert_null(r.body);
		http_request_free(&r);
	}
}

static void test_parse_models(void **state)
{
	(void)state;
	static const char body[] =
		"{\"models\":[{\"name\":\"command-a-03-2025\",\"endpoints\":[\"generate\",\"chat\","
		"\"summarize\"],\"finetuned\":false,\"context_length\":256000,"
		"\"tokenizer_url\":\"https://example.test/t.json\",\"default_endpoints\":[\"chat\"]},"
		"{\"name\":\"embed-v4.0\",\"endpoints\":[\"embed\"],\"context_length\":128000},"
		"{\"name\":\"my-ft\",\"finetuned\":true,\"endpoints\":[\"chat\"]},"
		"{\"endpoints\":[\"chat\"]}],\"next_page_token\":\"abc\"}";
	struct model_list l = { 0 };
	struct clude_err err;
	assert_int_equal(ops()->parse_models(body, strlen(body), &l, &err), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.items[0].id, "command-a-03-2025");
	assert_int_equal(l.items[0].context_window, 256000);
	assert_string_equal(l.items[0].owned_by, "cohere");
	assert_string_equal(l.items[1].id, "my-ft");
	assert_int_equal(l.items[1].context_window, 0);
	model_list_free(&l);
	assert_int_not_equal(ops()->parse_models("{\"data\":[]}", 11, &l, &err), 0);
	assert_non_null(strstr(err.msg, "malformed"));
}

/* ---- decoding ------------------------------------------------------------ */

/* Events are recorded by log_event (testlib.h): "D<text>|", "U<in>,<out>|",
 * "F<reason>|". */

/* A stream as the v2 API sends it (event names, then the same "type" in the
 * JSON), with a thinking block, a tool plan and a citation to skip, CRLF
 * lines, a multi-byte character and escapes. */
static const char STREAM[] =
	"event: message-start\n"
	"data: {\"id\":\"29f14a5a-11de-4cae-9800-25e4747408ea\",\"type\":\"message-start\","
	"\"delta\":{\"message\":{\"role\":\"assistant\",\"content\":[],\"tool_plan\":\"\","
	"\"tool_calls\":[],\"citations\":[]}}}\n\n"
	"event: content-start\n"
	"data: {\"type\":\"content-start\",\"index\":0,\"delta\":{\"message\":{\"content\":"
	"{\"type\":\"thinking\",\"thinking\":\"\"}}}}\n\n"
	"event: content-delta\n"
	"data: {\"type\":\"content-delta\",\"index\":0,\"delta\":{\"message\":{\"content\":"
	"{\"thinking\":\"hmm\"}}}}\n\n"
	"event: content-end\r\n"
	"data: {\"type\":\"content-end\",\"index\":0}\r\n\r\n"
	"event: content-start\n"
	"data: {\"type\":\"content-start\",\"index\":1,\"delta\":{\"message\":{\"content\":"
	"{\"type\":\"text\",\"text\":\"\"}}}}\n\n"
	"event: content-delta\n"
	"data: {\"type\":\"content-delta\",\"index\":1,\"delta\":{\"message\":{\"content\":"
	"{\"text\":\"A large\"}}}}\n\n"
	"event: content-delta\n"
	"data: {\"type\":\"content-delta\",\"index\":1,\"delta\":{\"message\":{\"content\":"
	"{\"text\":\" language \xe2\x80\x94\"}}}}\n\n"
	"event: citation-start\n"
	"data: {\"type\":\"citation-start\",\"index\":0,\"delta\":{\"message\":{\"citations\":"
	"{\"start\":0,\"end\":7,\"text\":\"A large\",\"sources\":[]}}}}\n\n"
	"event: content-delta\n"
	"data: {\"type\":\"content-delta\",\"index\":1,\"delta\":{\"message\":{\"content\":"
	"{\"text\":\" model\\n\\\"LLM\\\"\\u00e9\"}}}}\n\n"
	"event: content-end\n"
	"data: {\"type\":\"content-end\",\"index\":1}\n\n"
	"event: message-end\n"
	"data: {\"type\":\"message-end\",\"delta\":{\"finish_reason\":\"COMPLETE\",\"usage\":"
	"{\"billed_units\":{\"input_tokens\":5,\"output_tokens\":418},\"tokens\":"
	"{\"input_tokens\":71,\"output_tokens\":418}}}}\n\n";

static const char STREAM_LOG[] =
	"DA large|D language \xe2\x80\x94|D model\n\"LLM\"\xc3\xa9|Fstop|U5,418|";

static int decode(const char *data, size_t len, const size_t *cuts, size_t n_cuts,
		  struct event_log *s, struct clude_err *err)
{
	return decode_pieces(ops(), log_event, s, data, len, cuts, n_cuts, err);
}

static int decode_str(const char *data, struct event_log *s, struct clude_err *err)
{
	err_clear(err);
	return decode(data, strlen(data), NULL, 0, s, err);
}

static void test_stream_whole(void **state)
{
	(void)state;
	struct event_log s = { 0 };
	struct clude_err err;
	assert_int_equal(decode_str(STREAM, &s, &err), 0);
	assert_string_equal(s.log.data, STREAM_LOG);
	buf_free(&s.log);
}

static void test_stream_every_split(void **state)
{
	(void)state;
	size_t len = strlen(STREAM);
	struct clude_err err;
	for (size_t i = 0; i <= len; i++) {
		struct event_log s = { 0 };
		size_t cut = i;
		assert_int_equal(decode(STREAM, len, &cut, 1, &s, &err), 0);
		if (strcmp(s.log.data, STREAM_LOG))
			fail_msg("cut at %zu: %s", i, s.log.data);
		buf_free(&s.log);
	}
	for (size_t i = 1; i < len; i += 11) {
		for (size_t j = i; j <= len; j += 5) {
			struct event_log s = { 0 };
			size_t cuts[] = { i, j };
			assert_int_equal(decode(STREAM, len, cuts, 2, &s, &err), 0);
			if (strcmp(s.log.data, STREAM_LOG))
				fail_msg("cuts at %zu,%zu: %s", i, j, s.log.data);
			buf_free(&s.log);
		}
	}
	size_t *every = malloc(len * sizeof *every);
	for (size_t i = 0; i < len; i++)
		every[i] = i;
	struct event_log s = { 0 };
	assert_int_equal(decode(STREAM, len, every, len, &s, &err), 0);
	assert_string_equal(s.log.data, STREAM_LOG);
	buf_free(&s.log);
	free(every);
}

static void check_end(const char *delta_json, const char *want)
{
	struct event_log s = { 0 };
	struct clude_err err;
	struct buf b = { 0 };
	buf_printf(&b, "event: message-end\ndata: {\"type\":\"message-end\",\"delta\":%s}\n\n",
		   delta_json);
	if (decode_str(b.data, &s, &err) != 0)
		fail_msg("%s: %s", delta_json, err.msg);
	if (strcmp(s.log.data ? s.log.data : "", want))
		fail_msg("%s\n  got:  %s\n  want: %s", delta_json, s.log.data, want);
	buf_free(&s.log);
	buf_free(&b);
}

static void test_finish_and_usage_mapping(void **state)
{
	(void)state;
	check_end("{\"finish_reason\":\"MAX_TOKENS\",\"usage\":{\"billed_units\":"
		  "{\"input_tokens\":3,\"output_tokens\":50}}}", "Flength|U3,50|");
	check_end("{\"finish_reason\":\"STOP_SEQUENCE\"}", "Fstop|");
	check_end("{\"finish_reason\":\"complete\"}", "Fstop|"); /* lower-case SDK variant */
	check_end("{\"finish_reason\":\"TOOL_CALL\"}", "Ftool_calls|");
	check_end("{\"finish_reason\":\"CONTENT_BLOCKED\"}", "Fcontent_filter:CONTENT_BLOCKED|");
	check_end("{\"finish_reason\":\"TIMEOUT\"}", "Ftimeout|");
	/* tokens only: the fallback; billed_units preferred when both */
	check_end("{\"finish_reason\":\"COMPLETE\",\"usage\":{\"tokens\":{\"input_tokens\":71,"
		  "\"output_tokens\":9}}}", "Fstop|U71,9|");
	check_end("{\"finish_reason\":\"COMPLETE\",\"usage\":{\"billed_units\":{},\"tokens\":"
		  "{\"input_tokens\":71,\"output_tokens\":9}}}", "Fstop|U71,9|");
	check_end("{}", ""); /* an end without details still ends the stream */
}

static void test_stream_errors(void **state)
{
	(void)state;
	struct event_log s = { 0 };
	struct clude_err err;
	static const char delta[] =
		"event: content-delta\ndata: {\"type\":\"content-delta\",\"index\":0,\"delta\":"
		"{\"message\":{\"content\":{\"text\":\"partial\"}}}}\n\n";
	struct buf b = { 0 };

	/* a generation error reported by message-end */
	buf_printf(&b, "%sevent: message-end\ndata: {\"type\":\"message-end\",\"delta\":"
		   "{\"finish_reason\":\"ERROR\",\"error\":\"internal failure\"}}\n\n", delta);
	assert_int_not_equal(decode_str(b.data, &s, &err), 0);
	assert_int_equal(err.code, CLUDE_EHTTP);
	assert_non_null(strstr(err.msg, "internal failure"));
	assert_string_equal(s.log.data, "Dpartial|");
	buf_reset(&b);
	buf_reset(&s.log);
	buf_printf(&b, "event: message-end\ndata: {\"type\":\"message-end\",\"delta\":"
		   "{\"finish_reason\":\"ERROR\"}}\n\n");
	assert_int_not_equal(decode_str(b.data, &s, &err), 0);
	assert_non_null(strstr(err.msg, "ERROR"));

	/* an error body arriving as an event */
	buf_reset(&b);
	buf_printf(&b, "%sdata: {\"id\":\"x\",\"message\":\"too many tokens\"}\n\n", delta);
	assert_int_not_equal(decode_str(b.data, &s, &err), 0);
	assert_int_equal(err.code, CLUDE_EHTTP);
	assert_non_null(strstr(err.msg, "too many tokens"));

	/* malformed */
	buf_reset(&b);
	buf_printf(&b, "%sevent: content-delta\ndata: {not json\n\n", delta);
	assert_int_not_equal(decode_str(b.data, &s, &err), 0);
	assert_int_equal(err.code, CLUDE_EPROTO);
	assert_non_null(strstr(err.msg, "malformed"));
	assert_int_not_equal(decode_str("data: {\"no\":\"type\"}\n\n", &s, &err), 0);
	assert_non_null(strstr(err.msg, "malformed"));

	/* cut: no message-end; message-end not closed by its blank line */
	buf_reset(&s.log);
	assert_int_not_equal(decode_str(delta, &s, &err), 0);
	assert_int_equal(err.code, CLUDE_EPROTO);
	assert_true(!strncmp(err.msg, "stream ended early", 18));
	assert_string_equal(s.log.data, "Dpartial|");
	buf_reset(&b);
	buf_printf(&b, "%sevent: message-end\ndata: {\"type\":\"message-end\",\"delta\":"
		   "{\"finish_reason\":\"COMPLETE\"}}\n", delta);
	assert_int_not_equal(decode_str(b.data, &s, &err), 0);
	assert_true(!strncmp(err.msg, "stream ended early", 18));
	assert_int_not_equal(decode_str("", &s, &err), 0);
	assert_true(!strncmp(err.msg, "stream ended early", 18));

	/* what follows message-end does not matter ([DONE] from some proxies) */
	buf_reset(&b);
	buf_reset(&s.log);
	buf_printf(&b, "%sevent: message-end\ndata: {\"type\":\"message-end\",\"delta\":"
		   "{\"finish_reason\":\"COMPLETE\"}}\n\ndata: [DONE]\n\ndata: {junk\n\n", delta);
	assert_int_equal(decode_str(b.data, &s, &err), 0);
	assert_string_equal(s.log.data, "Dpartial|Fstop|");
	buf_free(&b);
	buf_free(&s.log);
}

static void test_stream_stopped_by_receiver(void **state)
{
	(void)state;
	struct event_log s = { .stop_on_delta = 1 };
	struct clude_err err;
	assert_int_not_equal(decode_str(STREAM, &s, &err), 0);
	assert_int_equal(err.code, CLUDE_ECANCEL);
	assert_string_equal(s.log.data, "DA large|");
	buf_free(&s.log);
}

static void test_parse_response(void **state)
{
	(void)state;
	static const char body[] =
		"{\"id\":\"c14c80c3-18eb-4519-9460-6c92edd8cfb4\",\"finish_reason\":\"COMPLETE\","
		"\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\","
		"\"thinking\":\"hmm\"},{\"type\":\"text\",\"text\":\"LLMs are \"},"
		"{\"type\":\"text\",\"text\":\"models.\"}]},\"usage\":{\"billed_units\":"
		"{\"input_tokens\":5,\"output_tokens\":418},\"tokens\":{\"input_tokens\":71,"
		"\"output_tokens\":418}}}";
	struct event_log s = { 0 };
	struct clude_err err;
	err_clear(&err);
	assert_int_equal(ops()->parse_response(body, strlen(body), log_event, &s, &err), 0);
	assert_string_equal(s.log.data, "DLLMs are |Dmodels.|Fstop|U5,418|");
	buf_reset(&s.log);

	static const char maxed[] = "{\"id\":\"x\",\"finish_reason\":\"MAX_TOKENS\",\"message\":"
				    "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\","
				    "\"text\":\"cut\"}]}}";
	assert_int_equal(ops()->parse_response(maxed, strlen(maxed), log_event, &s, &err), 0);
	assert_string_equal(s.log.data, "Dcut|Flength|");

	static const char failed[] = "{\"id\":\"x\",\"finish_reason\":\"ERROR\",\"message\":"
				     "{\"role\":\"assistant\",\"content\":[]}}";
	assert_int_not_equal(ops()->parse_response(failed, strlen(failed), log_event, &s, &err), 0);
	assert_non_null(strstr(err.msg, "ERROR"));
	static const char nomsg[] = "{\"id\":\"x\",\"message\":\"invalid request\"}";
	assert_int_not_equal(ops()->parse_response(nomsg, strlen(nomsg), log_event, &s, &err), 0);
	assert_int_equal(err.code, CLUDE_EPROTO);
	assert_non_null(strstr(err.msg, "invalid request"));
	assert_int_not_equal(ops()->parse_response("{not json", 9, log_event, &s, &err), 0);
	assert_non_null(strstr(err.msg, "malformed"));
	buf_free(&s.log);
}

static void test_parse_error(void **state)
{
	(void)state;
	struct clude_err err;
	static const char e401[] = "{\"id\":\"6e0c5f5e-2b1c\",\"message\":\"invalid api token\"}";
	err_clear(&err);
	err.retry_after = -1;
	ops()->parse_error(401, e401, strlen(e401), &err);
	assert_int_equal(err.code, CLUDE_EHTTP);
	assert_int_equal(err.http_status, 401);
	assert_string_equal(err.msg, "HTTP 401 Unauthorized: invalid api token — check the API key");

	static const char e429[] = "{\"message\":\"You are using a Trial key, which is limited to "
				   "20 API calls / minute.\"}";
	err_clear(&err);
	err.retry_after = 7;
	ops()->parse_error(429, e429, strlen(e429), &err);
	assert_string_equal(err.msg, "HTTP 429 Too Many Requests: You are using a Trial key, which is "
				     "limited to 20 API calls / minute. (retry after 7s)");
	assert_int_equal(err.retry_after, 7);

	/* a proxy's {"error": {...}} shape */
	static const char proxy[] = "{\"error\":{\"message\":\"upstream down\",\"code\":\"bad_gateway\"}}";
	err_clear(&err);
	err.retry_after = -1;
	ops()->parse_error(502, proxy, strlen(proxy), &err);
	assert_string_equal(err.msg, "HTTP 502 Bad Gateway: upstream down (bad_gateway)");

	char text[300];
	memset(text, 'x', sizeof text - 1);
	text[sizeof text - 1] = '\0';
	err_clear(&err);
	err.retry_after = -1;
	ops()->parse_error(503, text, strlen(text), &err);
	assert_int_equal(strlen(err.msg), strlen("HTTP 503 Service Unavailable: ") + 200);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_request),
		cmocka_unit_test(test_request_options),
		cmocka_unit_test(test_models_request),
		cmocka_unit_test(test_parse_models),
		cmocka_unit_test(test_stream_whole),
		cmocka_unit_test(test_stream_every_split),
		cmocka_unit_test(test_finish_and_usage_mapping),
		cmocka_unit_test(test_stream_errors),
		cmocka_unit_test(test_stream_stopped_by_receiver),
		cmocka_unit_test(test_parse_response),
		cmocka_unit_test(test_parse_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
