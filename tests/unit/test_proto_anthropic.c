/* test_proto_anthropic.c — the Anthropic Messages protocol: the request it
 * builds (body compared as JSON, headers, URL), the SSE stream decoded the
 * same whatever the chunk boundaries, usage and stop_reason mapping, and
 * the error shapes (HTTP bodies, in-stream error events, cut streams). */
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

extern const struct vendor vendor_anthropic;

#define KEY "sk-ant-test-1234abcd"

static const struct proto_ops *ops(void)
{
	const struct proto_ops *o = proto_find("anthropic");
	assert_non_null(o);
	return o;
}

/* A target on the real declaration; conf may be NULL. */
static struct target target(struct provider *p, const struct provider_conf *conf, const char *model)
{
	memset(p, 0, sizeof *p);
	p->decl = &vendor_anthropic;
	p->conf = conf;
	return (struct target){ .provider = p, .base_url = "https://api.example.test/v1/",
				.api_key = KEY, .model = model };
}

/* ---- requests ------------------------------------------------------------ */

static void test_golden_request(void **state)
{
	(void)state;
	struct message msgs[] = {
		{ ROLE_SYSTEM, "Be brief.", false },
		{ ROLE_USER, "first", false },
		{ ROLE_USER, "second", false },
		{ ROLE_ASSISTANT, " \n", true }, /* an interrupted reply with no text */
		{ ROLE_ASSISTANT, "answer", false },
		{ ROLE_SYSTEM, "Use French.", false },
		{ ROLE_ASSISTANT, "more", false },
		{ ROLE_USER, "third", false },
	};
	struct chat_request req = { .model = "claude-opus-5-5", .messages = msgs,
				    .n_messages = ARRAY_LEN(msgs), .stream = true,
				    .max_tokens = 0, .temperature = -1 };
	struct provider p;
	struct target t = target(&p, NULL, "claude-opus-5-5");
	struct http_request hr = { 0 };
	struct clude_err err;
	err_clear(&err);
	assert_int_equal(ops()->build_chat(&t, &req, &hr, &err), 0);
	assert_string_equal(hr.method, "POST");
	assert_string_equal(hr.url, "https://api.example.test/v1/messages");
	assert_json_equal(hr.body,
			  "{\"model\":\"claude-opus-5-5\","
			  "\"system\":\"Be brief.\\n\\nUse French.\","
			  "\"messages\":[{\"role\":\"user\",\"content\":\"first\\n\\nsecond\"},"
			  "{\"role\":\"assistant\",\"content\":\"answer\\n\\nmore\"},"
			  "{\"role\":\"user\",\"content\":\"third\"}],"
			  "\"max_tokens\":128000,\"stream\":true}");
	assert_int_equal(hr.body_len, strlen(hr.body));
	assert_string_equal(find_header(&hr, "x-api-key"), KEY);
	assert_string_equal(find_header(&hr, "anthropic-version"), "2023-06-01");
	assert_string_equal(find_header(&hr, "Content-Type"), "application/json");
	assert_null(find_header(&hr, "Authorization"));
	for (size_t i = 0; i < hr.n_headers; i++) /* the key is in one header only */
		if (strstr(hr.headers[i], KEY))
			assert_ptr_equal(strstr(hr.headers[i], "x-api-key"), hr.headers[i]);
	assert_null(strstr(hr.body, KEY));
	http_request_free(&hr);
}

static void test_request_options(void **state)
{
	(void)state;
	struct message msgs[] = { { ROLE_USER, "hi", false } };
	struct provider_conf conf = { .name = "anthropic", .api_version = "2099-01-01" };
	struct provider p;
	struct clude_err err;
	err_clear(&err);

	/* explicit max_tokens and temperature, not streamed, version from config */
	struct chat_request req = { .model = "claude-haiku-5-5", .messages = msgs, .n_messages = 1,
				    .stream = false, .max_tokens = 50, .temperature = 0.25 };
	struct target t = target(&p, &conf, "claude-haiku-5-5");
	struct http_request hr = { 0 };
	assert_int_equal(ops()->build_chat(&t, &req, &hr, &err), 0);
	assert_json_equal(hr.body, "{\"model\":\"claude-haiku-5-5\",\"messages\":[{\"role\":\"user\","
				   "\"content\":\"hi\"}],\"max_tokens\":50,\"stream\":false,"
				   "\"temperature\":0.25}");
	assert_string_equal(find_header(&hr, "anthropic-version"), "2099-01-01");
	http_request_free(&hr);

	/* a model outside the table: the fallback max_tokens */
	req.max_tokens = 0;
	req.temperature = -1;
	t = target(&p, NULL, "claude-unknown");
	memset(&hr, 0, sizeof hr);
	assert_int_equal(ops()->build_chat(&t, &req, &hr, &err), 0);
	assert_json_equal(hr.body, "{\"model\":\"claude-unknown\",\"messages\":[{\"role\":\"user\","
				   "\"content\":\"hi\"}],\"max_tokens\":4096,\"stream\":false}");
	http_request_free(&hr);
}

static void test_models_request_and_parse(void **state)
{
	(void)state;
	struct provider p;
	struct target t = target(&p, NULL, "x");
	struct http_request hr = { 0 };
	struct clude_err err;
	err_clear(&err);
	assert_int_equal(ops()->build_models(&t, &hr, &err), 0);
	assert_string_equal(hr.method, "GET");
	assert_string_equal(hr.url, "https://api.example.test/v1/models?limit=1000");
	assert_string_equal(find_header(&hr, "x-api-key"), KEY);
	assert_string_equal(find_header(&hr, "anthropic-version"), "2023-06-01");
	http_request_free(&hr);

	static const char body[] =
		"{\"data\":[{\"type\":\"model\",\"id\":\"claude-opus-5-5\",\"display_name\":"
		"\"Claude Opus 5.5\",\"created_at\":\"2026-09-01T00:00:00Z\",\"max_input_tokens\":"
		"1000000,\"max_tokens\":128000},{\"type\":\"model\",\"id\":\"claude-haiku-5-5\"},"
		"{\"type\":\"model\"}],\"has_more\":false,\"first_id\":\"claude-opus-5-5\","
		"\"last_id\":\"claude-haiku-5-5\"}";
	struct model_list l = { 0 };
	assert_int_equal(ops()->parse_models(body, strlen(body), &l, &err), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.items[0].id, "claude-opus-5-5");
	assert_int_equal(l.items[0].context_window, 1000000);
	assert_string_equal(l.items[1].id, "claude-haiku-5-5");
	assert_int_equal(l.items[1].context_window, 0);
	model_list_free(&l);
	assert_int_equal(ops()->parse_models("{\"error\":1}", 11, &l, &err), -1);
	assert_non_null(strstr(err.msg, "malformed"));
}

/* ---- decoding ------------------------------------------------------------ */

/* Everything a reply produced, as one comparable record. */
struct seen {
	struct buf text;
	struct buf log; /* "D<n>|" per delta, "U…|" per usage, "F<reason>|" per finish */
	struct usage usage;
	char finish[64];
	int stop_at;    /* return 1 on this event number (0: never) */
	int count;
};

static int on_event(void *ctx, const struct chat_event *ev)
{
	struct seen *s = ctx;
	switch (ev->kind) {
	case CHAT_DELTA:
		buf_append(&s->text, ev->text, ev->len);
		buf_printf(&s->log, "D%zu|", ev->len);
		break;
	case CHAT_USAGE:
		s->usage = *ev->usage;
		buf_printf(&s->log, "U%ld/%ld/%ld/%ld|", ev->usage->input_tokens,
			   ev->usage->output_tokens, ev->usage->cached_tokens,
			   ev->usage->reasoning_tokens);
		break;
	case CHAT_FLUSH: /* the end of a network read: nothing to record */
		break;
	case CHAT_FINISH:
		snprintf(s->finish, sizeof s->finish, "%s", ev->finish_reason);
		buf_printf(&s->log, "F%s|", ev->finish_reason);
		break;
	}
	return s->stop_at && ++s->count >= s->stop_at;
}

static void seen_free(struct seen *s)
{
	buf_free(&s->text);
	buf_free(&s->log);
}

/* A full stream: a thinking block, a ping, UTF-8 split over deltas, CRLF
 * events, a comment, cache usage, then message_delta and message_stop. */
static const char STREAM[] =
	"event: message_start\n"
	"data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
	"\"role\":\"assistant\",\"content\":[],\"model\":\"claude-sonnet-5-5\",\"stop_reason\":null,"
	"\"usage\":{\"input_tokens\":12,\"cache_creation_input_tokens\":3,"
	"\"cache_read_input_tokens\":40,\"output_tokens\":1}}}\n"
	"\n"
	"event: content_block_start\n"
	"data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\","
	"\"thinking\":\"\"}}\n"
	"\n"
	"event: content_block_delta\n"
	"data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\","
	"\"thinking\":\"hidden\"}}\n"
	"\n"
	"event: content_block_delta\n"
	"data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\","
	"\"signature\":\"c2ln\"}}\n"
	"\n"
	"event: content_block_stop\n"
	"data: {\"type\":\"content_block_stop\",\"index\":0}\n"
	"\n"
	"event: content_block_start\r\n"
	"data: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\","
	"\"text\":\"\"}}\r\n"
	"\r\n"
	"event: ping\n"
	"data: {\"type\": \"ping\"}\n"
	"\n"
	": a comment\n"
	"\n"
	"event: content_block_delta\n"
	"data: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\","
	"\"text\":\"Caf\xc3\xa9 \"}}\n"
	"\n"
	"event: content_block_delta\n"
	"data: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\","
	"\"text\":\"\\u00fcber \xe4\xb8\xad\xe6\x96\x87\"}}\n"
	"\n"
	"event: content_block_stop\n"
	"data: {\"type\":\"content_block_stop\",\"index\":1}\n"
	"\n"
	"event: message_delta\n"
	"data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
	"\"stop_sequence\":null},\"usage\":{\"output_tokens\":9,"
	"\"output_tokens_details\":{\"thinking_tokens\":4}}}\n"
	"\n"
	"event: message_stop\n"
	"data: {\"type\":\"message_stop\"}\n"
	"\n";

#define STREAM_TEXT "Caf\xc3\xa9 \xc3\xbc" "ber \xe4\xb8\xad\xe6\x96\x87"

/* Decode data fed in the given pieces; returns stream_end's result (or the
 * failing feed's) with err filled. */
static int decode(const char *data, size_t len, const size_t *cuts, size_t n_cuts,
		  struct seen *s, struct clude_err *err)
{
	err_clear(err);
	return decode_pieces(ops(), on_event, s, data, len, cuts, n_cuts, err);
}

static void test_stream_whole(void **state)
{
	(void)state;
	struct seen s = { 0 };
	struct clude_err err;
	assert_int_equal(decode(STREAM, strlen(STREAM), NULL, 0, &s, &err), 0);
	assert_string_equal(s.text.data, STREAM_TEXT);
	assert_string_equal(s.finish, "stop");
	assert_true(s.usage.present);
	assert_int_equal(s.usage.input_tokens, 12 + 3 + 40);
	assert_int_equal(s.usage.cached_tokens, 40);
	assert_int_equal(s.usage.output_tokens, 9);
	assert_int_equal(s.usage.reasoning_tokens, 4);
	assert_string_equal(s.log.data, "D6|D12|Fstop|U55/9/40/4|");
	seen_free(&s);
}

static void test_stream_every_split(void **state)
{
	(void)state;
	size_t n = strlen(STREAM);
	struct seen ref = { 0 };
	struct clude_err err;
	assert_int_equal(decode(STREAM, n, NULL, 0, &ref, &err), 0);
	for (size_t cut = 0; cut <= n; cut++) {
		struct seen s = { 0 };
		if (decode(STREAM, n, &cut, 1, &s, &err) != 0)
			fail_msg("split at %zu: %s", cut, err.msg);
		assert_string_equal(s.text.data, ref.text.data);
		/* deltas may only be emitted whole: the log is the same too */
		assert_string_equal(s.log.data, ref.log.data);
		seen_free(&s);
	}
	/* and one byte at a time */
	size_t *cuts = xcalloc(n, sizeof *cuts);
	for (size_t i = 0; i < n; i++)
		cuts[i] = i + 1;
	struct seen s = { 0 };
	assert_int_equal(decode(STREAM, n, cuts, n - 1, &s, &err), 0);
	assert_string_equal(s.log.data, ref.log.data);
	assert_string_equal(s.text.data, STREAM_TEXT);
	free(cuts);
	seen_free(&s);
	seen_free(&ref);
}

/* Only the given lines of a minimal stream, to probe one event at a time. */
#define EV(name, json) "event: " name "\ndata: " json "\n\n"
#define START EV("message_start", "{\"type\":\"message_start\",\"message\":{\"usage\":" \
				  "{\"input_tokens\":7,\"output_tokens\":1}}}")
#define TEXT(t) EV("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0," \
					  "\"delta\":{\"type\":\"text_delta\",\"text\":\"" t "\"}}")
#define STOP EV("message_stop", "{\"type\":\"message_stop\"}")

static int decode_str(const char *data, struct seen *s, struct clude_err *err)
{
	return decode(data, strlen(data), NULL, 0, s, err);
}

static void test_stream_cut(void **state)
{
	(void)state;
	struct seen s = { 0 };
	struct clude_err err;
	/* cut after some text: no message_delta, no message_stop */
	assert_int_equal(decode_str(START TEXT("partial"), &s, &err), -1);
	assert_int_equal(err.code, CLUDE_EPROTO);
	assert_int_equal(strncmp(err.msg, "stream ended early", 18), 0);
	assert_string_equal(s.text.data, "partial");
	seen_free(&s);
	/* message_delta but no message_stop is still cut */
	memset(&s, 0, sizeof s);
	assert_int_equal(decode_str(START TEXT("x") EV("message_delta", "{\"type\":\"message_delta\","
				    "\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":"
				    "{\"output_tokens\":2}}"), &s, &err), -1);
	assert_int_equal(strncmp(err.msg, "stream ended early", 18), 0);
	seen_free(&s);
	/* an unterminated message_stop event is not an end either */
	memset(&s, 0, sizeof s);
	assert_int_equal(decode_str(START TEXT("x") "event: message_stop\ndata: {\"type\":"
				    "\"message_stop\"}\n", &s, &err), -1);
	assert_int_equal(strncmp(err.msg, "stream ended early", 18), 0);
	seen_free(&s);
	/* an empty body */
	memset(&s, 0, sizeof s);
	assert_int_equal(decode_str("", &s, &err), -1);
	assert_int_equal(strncmp(err.msg, "stream ended early", 18), 0);
	seen_free(&s);
}

static void test_stream_usage_without_delta(void **state)
{
	(void)state;
	/* message_stop with only message_start's usage: still reported, once */
	struct seen s = { 0 };
	struct clude_err err;
	assert_int_equal(decode_str(START TEXT("a") STOP STOP TEXT("after"), &s, &err), 0);
	assert_string_equal(s.log.data, "D1|U7/1/0/0|");
	assert_string_equal(s.text.data, "a");
	seen_free(&s);
	/* message_delta repeating input_tokens overrides message_start's */
	memset(&s, 0, sizeof s);
	assert_int_equal(decode_str(START EV("message_delta", "{\"type\":\"message_delta\",\"delta\":"
				    "{\"stop_reason\":\"max_tokens\"},\"usage\":{\"input_tokens\":8,"
				    "\"output_tokens\":3}}") STOP, &s, &err), 0);
	assert_string_equal(s.log.data, "Flength|U8/3/0/0|");
	seen_free(&s);
}

static void test_stream_error_event(void **state)
{
	(void)state;
	struct seen s = { 0 };
	struct clude_err err;
	assert_int_equal(decode_str(START TEXT("part") EV("error", "{\"type\":\"error\",\"error\":"
				    "{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}")
				    TEXT("late") STOP, &s, &err), -1);
	assert_int_equal(err.code, CLUDE_EHTTP);
	assert_string_equal(err.msg, "error in stream: Overloaded (overloaded_error)");
	assert_string_equal(s.text.data, "part");
	seen_free(&s);
}

static void test_stream_malformed(void **state)
{
	(void)state;
	static const char *const bad[] = {
		START TEXT("part") "event: content_block_delta\ndata: {not json\n\n" STOP,
		START TEXT("part") "data: [1,2]\n\n" STOP,  /* not an object */
		START TEXT("part") "data: {\"no\":\"type\"}\n\n" STOP, /* no type, no event name */
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		struct seen s = { 0 };
		struct clude_err err;
		assert_int_equal(decode_str(bad[i], &s, &err), -1);
		assert_int_equal(err.code, CLUDE_EPROTO);
		if (!strstr(err.msg, "malformed"))
			fail_msg("case %zu: %s", i, err.msg);
		assert_string_equal(s.text.data, "part");
		seen_free(&s);
	}
	/* the type may come from the SSE event name alone; unknown types pass */
	struct seen s = { 0 };
	struct clude_err err;
	assert_int_equal(decode_str(START "event: content_block_delta\ndata: {\"delta\":{\"type\":"
				    "\"text_delta\",\"text\":\"ok\"}}\n\n" EV("brand_new", "{\"type\":"
				    "\"brand_new\"}") STOP, &s, &err), 0);
	assert_string_equal(s.text.data, "ok");
	seen_free(&s);
}

static void test_stream_callback_stops(void **state)
{
	(void)state;
	struct seen s = { .stop_at = 1 };
	struct clude_err err;
	assert_int_equal(decode_str(START TEXT("a") TEXT("b") STOP, &s, &err), -1);
	assert_int_equal(err.code, CLUDE_ECANCEL);
	assert_string_equal(s.text.data, "a");
	seen_free(&s);
}

/* ---- whole responses ------------------------------------------------------ */

static int parse(const char *body, struct seen *s, struct clude_err *err)
{
	err_clear(err);
	return ops()->parse_response(body, strlen(body), on_event, s, err);
}

static void test_response(void **state)
{
	(void)state;
	struct seen s = { 0 };
	struct clude_err err;
	assert_int_equal(parse("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
			       "\"content\":[{\"type\":\"thinking\",\"thinking\":\"hidden\","
			       "\"signature\":\"x\"},{\"type\":\"text\",\"text\":\"Hello \"},"
			       "{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"f\",\"input\":{}},"
			       "{\"type\":\"text\",\"text\":\"world\"}],\"stop_reason\":\"end_turn\","
			       "\"usage\":{\"input_tokens\":10,\"cache_read_input_tokens\":5,"
			       "\"cache_creation_input_tokens\":0,\"output_tokens\":6}}",
			       &s, &err), 0);
	assert_string_equal(s.text.data, "Hello world");
	assert_string_equal(s.log.data, "D6|D5|Fstop|U15/6/5/0|");
	assert_false(s.usage.estimated);
	seen_free(&s);
}

static void test_finish_mapping(void **state)
{
	(void)state;
	static const char *const map[][2] = {
		{ "end_turn", "stop" },         { "stop_sequence", "stop" },
		{ "max_tokens", "length" },     { "tool_use", "tool_calls" },
		{ "refusal", "content_filter" }, { "pause_turn", "pause_turn" },
		{ "Model_Context_Window_Exceeded", "model_context_window_exceeded" },
	};
	for (size_t i = 0; i < ARRAY_LEN(map); i++) {
		char body[256];
		snprintf(body, sizeof body, "{\"content\":[{\"type\":\"text\",\"text\":\"x\"}],"
			 "\"stop_reason\":\"%s\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}",
			 map[i][0]);
		struct seen s = { 0 };
		struct clude_err err;
		assert_int_equal(parse(body, &s, &err), 0);
		assert_string_equal(s.finish, map[i][1]);
		seen_free(&s);

		/* the same through a stream */
		char stream[512];
		snprintf(stream, sizeof stream, START EV("message_delta", "{\"type\":\"message_delta\","
			 "\"delta\":{\"stop_reason\":\"%s\"},\"usage\":{\"output_tokens\":1}}") STOP,
			 map[i][0]);
		memset(&s, 0, sizeof s);
		assert_int_equal(decode_str(stream, &s, &err), 0);
		assert_string_equal(s.finish, map[i][1]);
		seen_free(&s);
	}
}

static void test_response_malformed(void **state)
{
	(void)state;
	struct seen s = { 0 };
	struct clude_err err;
	assert_int_equal(parse("{not json", &s, &err), -1);
	assert_int_equal(err.code, CLUDE_EPROTO);
	assert_non_null(strstr(err.msg, "malformed"));
	assert_int_equal(parse("{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":"
			       "\"boom\"}}", &s, &err), -1);
	assert_int_equal(err.code, CLUDE_EPROTO);
	assert_non_null(strstr(err.msg, "boom (api_error)"));
	assert_int_equal(s.log.len, 0);
	seen_free(&s);
}

/* ---- HTTP errors ---------------------------------------------------------- */

static void perr(int status, const char *body, int retry, struct clude_err *err)
{
	err_clear(err);
	err->retry_after = retry;
	ops()->parse_error(status, body, strlen(body), err);
	assert_int_equal(err->code, CLUDE_EHTTP);
	assert_int_equal(err->http_status, status);
}

static void test_http_errors(void **state)
{
	(void)state;
	struct clude_err err;
	perr(401, "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":"
		  "\"invalid x-api-key\"},\"request_id\":\"req_1\"}", -1, &err);
	assert_string_equal(err.msg, "HTTP 401 Unauthorized: invalid x-api-key "
				     "(authentication_error) — check the API key");
	perr(429, "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":"
		  "\"slow down\"}}", 7, &err);
	assert_string_equal(err.msg, "HTTP 429 Too Many Requests: slow down (rate_limit_error) "
				     "(retry after 7s)");
	assert_int_equal(err.retry_after, 7);
	perr(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":"
		  "\"Overloaded\"}}", -1, &err);
	assert_string_equal(err.msg, "HTTP 529 Overloaded: Overloaded (overloaded_error)");
	perr(500, "", -1, &err);
	assert_string_equal(err.msg, "HTTP 500 Internal Server Error");

	/* not JSON: the first 200 bytes */
	char html[400];
	memset(html, 'x', sizeof html - 1);
	html[sizeof html - 1] = '\0';
	memcpy(html, "<html>", 6);
	perr(502, html, -1, &err);
	char want[260];
	snprintf(want, sizeof want, "HTTP 502 Bad Gateway: %.200s", html);
	assert_string_equal(err.msg, want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_request),
		cmocka_unit_test(test_request_options),
		cmocka_unit_test(test_models_request_and_parse),
		cmocka_unit_test(test_stream_whole),
		cmocka_unit_test(test_stream_every_split),
		cmocka_unit_test(test_stream_cut),
		cmocka_unit_test(test_stream_usage_without_delta),
		cmocka_unit_test(test_stream_error_event),
		cmocka_unit_test(test_stream_malformed),
		cmocka_unit_test(test_stream_callback_stops),
		cmocka_unit_test(test_response),
		cmocka_unit_test(test_finish_mapping),
		cmocka_unit_test(test_response_malformed),
		cmocka_unit_test(test_http_errors),
	};
	return cmocka_run_group_tests_name("proto_anthropic", tests, NULL, NULL);
}
