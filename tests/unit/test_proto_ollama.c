/* test_proto_ollama.c — Ollama's native protocol: the /api/chat request
 * (body compared as JSON, URL, headers), the NDJSON stream decoded the same
 * whatever the chunk boundaries, done_reason and count mapping, and the
 * error shapes (HTTP bodies, error lines mid-stream, cut streams). */
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

extern const struct vendor vendor_ollama;

static const struct proto_ops *ops(void)
{
	const struct proto_ops *o = proto_find("ollama");
	assert_non_null(o);
	return o;
}

static struct target target(struct provider *p, const char *base, const char *key)
{
	memset(p, 0, sizeof *p);
	p->decl = &vendor_ollama;
	return (struct target){ .provider = p, .base_url = base, .api_key = key,
				.model = "llama3.2" };
}

/* ---- requests ------------------------------------------------------------ */

static void test_golden_request(void **state)
{
	(void)state;
	struct message msgs[] = {
		{ ROLE_SYSTEM, "Be brief.", false },
		{ ROLE_USER, "why is the sky blue?", false },
		{ ROLE_ASSISTANT, "due to rayleigh scattering.", false },
		{ ROLE_USER, "h\xc3\xa9 \"quoted\"\n", false },
	};
	struct chat_request req = { .model = "llama3.2", .messages = msgs,
				    .n_messages = ARRAY_LEN(msgs), .stream = true,
				    .max_tokens = 0, .temperature = -1 };
	struct provider p;
	struct target t = target(&p, "http://127.0.0.1:11434/", NULL);
	struct http_request r = { 0 };
	struct clude_err err;
	err_clear(&err);
	assert_int_equal(ops()->build_chat(&t, &req, &r, &err), 0);
	assert_string_equal(r.method, "POST");
	assert_string_equal(r.url, "http://127.0.0.1:11434/api/chat");
	assert_json_equal(r.body,
		"{\"model\":\"llama3.2\",\"messages\":["
		"{\"role\":\"system\",\"content\":\"Be brief.\"},"
		"{\"role\":\"user\",\"content\":\"why is the sky blue?\"},"
		"{\"role\":\"assistant\",\"content\":\"due to rayleigh scattering.\"},"
		"{\"role\":\"user\",\"content\":\"h\xc3\xa9 \\\"quoted\\\"\\n\"}],"
		"\"stream\":true}");
	assert_int_equal(r.body_len, strlen(r.body));
	assert_string_equal(find_header(&r, "Content-Type"), "application/json");
	assert_string_equal(find_header(&r, "Accept"), "application/x-ndjson");
	assert_null(find_header(&r, "Authorization")); /* no key: nothing sent */
	http_request_free(&r);
}

static void test_request_options_and_key(void **state)
{
	(void)state;
	struct message msgs[] = { { ROLE_USER, "hi", false } };
	struct chat_request req = { .model = "llama3.2", .messages = msgs, .n_messages = 1,
				    .stream = false, .max_tokens = 100, .temperature = 0.5 };
	struct provider p;
	struct target t = target(&p, "http://gpu-box:11434", "sk-proxy-1234abcd");
	struct http_request r = { 0 };
	struct clude_err err;
	assert_int_equal(ops()->build_chat(&t, &req, &r, &err), 0);
	assert_json_equal(r.body, "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\","
				  "\"content\":\"hi\"}],\"stream\":false,"
				  "\"options\":{\"num_predict\":100,\"temperature\":0.5}}");
	assert_string_equal(find_header(&r, "Accept"), "application/json");
	assert_string_equal(find_header(&r, "Authorization"), "Bearer sk-proxy-1234abcd");
	http_request_free(&r);

	/* temperature 0 is a value, not "unset"; max_tokens alone */
	req.temperature = 0;
	req.max_tokens = 0;
	memset(&r, 0, sizeof r);
	assert_int_equal(ops()->build_chat(&t, &req, &r, &err), 0);
	assert_json_equal(r.body, "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\","
				  "\"content\":\"hi\"}],\"stream\":false,"
				  "\"options\":{\"temperature\":0}}");
	http_request_free(&r);
}

static void test_base_url_forms(void **state)
{
	(void)state;
	static const char *const bases[] = {
		"http://127.0.0.1:11434", "http://127.0.0.1:11434/", "http://127.0.0.1:11434/v1",
		"http://127.0.0.1:11434/v1/", "http://127.0.0.1:11434/api", "http://127.0.0.1:11434/api/",
	};
	struct message msgs[] = { { ROLE_USER, "hi", false } };
	struct chat_request req = { .messages = msgs, .n_messages = 1, .temperature = -1 };
	for (size_t i = 0; i < ARRAY_LEN(bases); i++) {
		struct provider p;
		struct target t = target(&p, bases[i], NULL);
		struct http_request r = { 0 };
		struct clude_err err;
		assert_int_equal(ops()->build_chat(&t, &req, &r, &err), 0);
		assert_string_equal(r.url, "http://127.0.0.1:11434/api/chat");
		http_request_free(&r);
		memset(&r, 0, sizeof r);
		assert_int_equal(ops()->build_models(&t, &r, &err), 0);
		assert_string_equal(r.url, "http://127.0.0.1:11434/api/tags");
		assert_string_equal(r.method, "GET");
		assert_null(r.body);
		http_request_free(&r);
	}
	/* a reverse proxy path is kept */
	struct provider p;
	struct target t = target(&p, "https://example.test/ollama", NULL);
	struct http_request r = { 0 };
	struct clude_err err;
	assert_int_equal(ops()->build_chat(&t, &req, &r, &err), 0);
	assert_string_equal(r.url, "https://example.test/ollama/api/chat");
	http_request_free(&r);
}

/* ---- decoding ------------------------------------------------------------ */

/* Events are recorded by log_event (testlib.h): "D<text>|", "U<in>,<out>|",
 * "F<reason>|". */

/* Lines as Ollama writes them, with a CRLF line, blank lines, a multi-byte
 * character and escapes; the final line carries text, done_reason, counts. */
static const char STREAM[] =
	"{\"model\":\"llama3.2\",\"created_at\":\"2023-08-04T08:52:19.385406455-07:00\","
	"\"message\":{\"role\":\"assistant\",\"content\":\"The\",\"images\":null},\"done\":false}\n"
	"{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\" sky \xe2\x98\x81\"},"
	"\"done\":false}\r\n"
	"\n"
	"{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":false}\n"
	"{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\" is\\n\\\"blue\\\"\\u00e9\"},"
	"\"done\":false}\n"
	"{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"!\"},\"done\":true,"
	"\"done_reason\":\"stop\",\"total_duration\":4883583458,\"prompt_eval_count\":26,"
	"\"prompt_eval_duration\":342546000,\"eval_count\":282,\"eval_duration\":4535599000}\n";

static const char STREAM_LOG[] =
	"DThe|D sky \xe2\x98\x81|D is\n\"blue\"\xc3\xa9|D!|U26,282|Fstop|";

/* Feed data cut at the given offsets, then end the stream. */
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
	for (size_t i = 0; i <= len; i++) { /* one cut anywhere, incl. empty feeds */
		struct event_log s = { 0 };
		size_t cut = i;
		assert_int_equal(decode(STREAM, len, &cut, 1, &s, &err), 0);
		if (strcmp(s.log.data, STREAM_LOG))
			fail_msg("cut at %zu: %s", i, s.log.data);
		buf_free(&s.log);
	}
	for (size_t i = 1; i < len; i += 7) { /* two cuts */
		for (size_t j = i; j <= len; j += 3) {
			struct event_log s = { 0 };
			size_t cuts[] = { i, j };
			assert_int_equal(decode(STREAM, len, cuts, 2, &s, &err), 0);
			if (strcmp(s.log.data, STREAM_LOG))
				fail_msg("cuts at %zu,%zu: %s", i, j, s.log.data);
			buf_free(&s.log);
		}
	}
	size_t *every = malloc(len * sizeof *every); /* byte by byte */
	for (size_t i = 0; i < len; i++)
		every[i] = i;
	struct event_log s = { 0 };
	assert_int_equal(decode(STREAM, len, every, len, &s, &err), 0);
	assert_string_equal(s.log.data, STREAM_LOG);
	buf_free(&s.log);
	free(every);
}

static void check_final(const char *final_line, const char *want)
{
	struct event_log s = { 0 };
	struct clude_err err;
	struct buf b = { 0 };
	buf_puts(&b, "{\"message\":{\"role\":\"assistant\",\"content\":\"x\"},\"done\":false}\n");
	buf_puts(&b, final_line);
	if (decode_str(b.data, &s, &err) != 0)
		fail_msg("%s: %s", final_line, err.msg);
	if (strcmp(s.log.data, want))
		fail_msg("%s\n  got:  %s\n  want: %s", final_line, s.log.data, want);
	buf_free(&s.log);
	buf_free(&b);
}

static void test_finish_and_usage_mapping(void **state)
{
	(void)state;
	check_final("{\"done\":true,\"done_reason\":\"length\",\"prompt_eval_count\":3,"
		    "\"eval_count\":64}\n", "Dx|U3,64|Flength|");
	check_final("{\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":3,"
		    "\"eval_count\":1}\n", "Dx|U3,1|Fstop|");
	check_final("{\"done\":true,\"done_reason\":\"Unload\"}\n", "Dx|Funload|");
	/* older servers: no done_reason means a natural end */
	check_final("{\"done\":true,\"eval_count\":9}\n", "Dx|U0,9|Fstop|");
	/* a cached prompt: prompt_eval_count absent */
	check_final("{\"done\":true,\"done_reason\":\"stop\",\"eval_count\":2}", "Dx|U0,2|Fstop|");
	/* lines after the final one do not matter, even broken ones */
	check_final("{\"done\":true,\"done_reason\":\"stop\"}\n{not json\n", "Dx|Fstop|");
}

static void test_stream_errors(void **state)
{
	(void)state;
	struct event_log s = { 0 };
	struct clude_err err;
	/* an error line mid-stream (docs/api/errors.mdx): the status stays 200 */
	assert_int_not_equal(decode_str("{\"message\":{\"content\":\"Yes\"},\"done\":false}\n"
					"{\"error\":\"an error was encountered while running the model\"}\n",
					&s, &err), 0);
	assert_int_equal(err.code, CLUDE_EHTTP);
	assert_non_null(strstr(err.msg, "an error was encountered while running the model"));
	assert_string_equal(s.log.data, "DYes|");
	buf_reset(&s.log);

	/* a malformed line */
	assert_int_not_equal(decode_str("{\"message\":{\"content\":\"a\"},\"done\":false}\n"
					"{not json\n", &s, &err), 0);
	assert_int_equal(err.code, CLUDE_EPROTO);
	assert_non_null(strstr(err.msg, "malformed"));
	buf_reset(&s.log);
	assert_int_not_equal(decode_str("[1,2]\n", &s, &err), 0);
	assert_non_null(strstr(err.msg, "malformed"));

	/* cut: no done line; cut inside the last line */
	buf_reset(&s.log);
	assert_int_not_equal(decode_str("{\"message\":{\"content\":\"partial\"},\"done\":false}\n",
					&s, &err), 0);
	assert_int_equal(err.code, CLUDE_EPROTO);
	assert_true(!strncmp(err.msg, "stream ended early", 18));
	assert_string_equal(s.log.data, "Dpartial|");
	assert_int_not_equal(decode_str("{\"message\":{\"content\":\"a\"},\"done\":false}\n"
					"{\"message\":{\"content\":\"b\"},\"do", &s, &err), 0);
	assert_true(!strncmp(err.msg, "stream ended early", 18));
	assert_int_not_equal(decode_str("", &s, &err), 0);
	assert_true(!strncmp(err.msg, "stream ended early", 18));
	buf_free(&s.log);
}

static void test_stream_stopped_by_receiver(void **state)
{
	(void)state;
	struct event_log s = { .stop_on_delta = 2 };
	struct clude_err err;
	assert_int_not_equal(decode_str(STREAM, &s, &err), 0);
	assert_int_equal(err.code, CLUDE_ECANCEL);
	assert_string_equal(s.log.data, "DThe|D sky \xe2\x98\x81|");
	buf_free(&s.log);
}

static void test_parse_response(void **state)
{
	(void)state;
	static const char body[] =
		"{\"model\":\"llama3.2\",\"created_at\":\"2023-12-12T14:13:43.416799Z\","
		"\"message\":{\"role\":\"assistant\",\"content\":\"Hello! How are you today?\"},"
		"\"done_reason\":\"length\",\"done\":true,\"total_duration\":5191566416,"
		"\"prompt_eval_count\":26,\"eval_count\":298}";
	struct event_log s = { 0 };
	struct clude_err err;
	err_clear(&err);
	assert_int_equal(ops()->parse_response(body, strlen(body), log_event, &s, &err), 0);
	assert_string_equal(s.log.data, "DHello! How are you today?|U26,298|Flength|");
	buf_reset(&s.log);

	static const char errbody[] = "{\"error\":\"model 'x' not found\"}";
	assert_int_not_equal(ops()->parse_response(errbody, strlen(errbody), log_event, &s, &err), 0);
	assert_non_null(strstr(err.msg, "model 'x' not found"));
	static const char bad[] = "{not json";
	assert_int_not_equal(ops()->parse_response(bad, strlen(bad), log_event, &s, &err), 0);
	assert_non_null(strstr(err.msg, "malformed"));
	static const char notdone[] = "{\"message\":{\"content\":\"half\"},\"done\":false}";
	assert_int_not_equal(ops()->parse_response(notdone, strlen(notdone), log_event, &s, &err), 0);
	assert_int_equal(err.code, CLUDE_EPROTO);
	buf_free(&s.log);
}

static void test_parse_error(void **state)
{
	(void)state;
	struct clude_err err;
	static const char nf[] = "{\"error\":\"model \\\"llama9\\\" not found, try pulling it first\"}";
	err_clear(&err);
	err.retry_after = -1;
	ops()->parse_error(404, nf, strlen(nf), &err);
	assert_int_equal(err.code, CLUDE_EHTTP);
	assert_int_equal(err.http_status, 404);
	assert_string_equal(err.msg,
			    "HTTP 404 Not Found: model \"llama9\" not found, try pulling it first");

	static const char busy[] = "{\"error\":\"server busy, please try again.  maximum pending requests exceeded\"}";
	err_clear(&err);
	err.retry_after = 3;
	ops()->parse_error(429, busy, strlen(busy), &err);
	assert_non_null(strstr(err.msg, "HTTP 429"));
	assert_non_null(strstr(err.msg, "maximum pending requests exceeded"));
	assert_non_null(strstr(err.msg, "retry after 3s"));

	/* not JSON: the first 200 bytes */
	char html[400];
	memset(html, 'h', sizeof html - 1);
	html[sizeof html - 1] = '\0';
	memcpy(html, "<html>", 6);
	err_clear(&err);
	err.retry_after = -1;
	ops()->parse_error(502, html, strlen(html), &err);
	assert_non_null(strstr(err.msg, "HTTP 502 Bad Gateway: <html>hhh"));
	assert_int_equal(strlen(err.msg), strlen("HTTP 502 Bad Gateway: ") + 200);

	err_clear(&err);
	err.retry_after = -1;
	ops()->parse_error(500, "", 0, &err);
	assert_string_equal(err.msg, "HTTP 500 Internal Server Error");
}

static void test_parse_models(void **state)
{
	(void)state;
	static const char body[] =
		"{\"models\":[{\"name\":\"codellama:13b\",\"modified_at\":\"2023-11-04T14:56:49Z\","
		"\"size\":7365960935,\"details\":{\"family\":\"llama\"}},"
		"{\"model\":\"llama3:latest\"},{\"name\":42},{\"name\":\"\"}]}";
	struct model_list l = { 0 };
	struct clude_err err;
	assert_int_equal(ops()->parse_models(body, strlen(body), &l, &err), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.items[0].id, "codellama:13b");
	assert_string_equal(l.items[1].id, "llama3:latest");
	assert_int_equal(l.items[0].context_window, 0);
	model_list_free(&l);
	assert_int_not_equal(ops()->parse_models("{\"data\":[]}", 11, &l, &err), 0);
	assert_non_null(strstr(err.msg, "malformed"));
	assert_int_not_equal(ops()->parse_models("nope", 4, &l, &err), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_request),
		cmocka_unit_test(test_request_options_and_key),
		cmocka_unit_test(test_base_url_forms),
		cmocka_unit_test(test_stream_whole),
		cmocka_unit_test(test_stream_every_split),
		cmocka_unit_test(test_finish_and_usage_mapping),
		cmocka_unit_test(test_stream_errors),
		cmocka_unit_test(test_stream_stopped_by_receiver),
		cmocka_unit_test(test_parse_response),
		cmocka_unit_test(test_parse_error),
		cmocka_unit_test(test_parse_models),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
