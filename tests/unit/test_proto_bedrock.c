/* test_proto_bedrock.c — the Bedrock Converse protocol: the request body
 * (compared as JSON), URL, region and credentials, the SigV4 headers
 * (re-derived from the sent X-Amz-Date), the event stream decoded the same
 * at every split, finish/usage mapping, in-stream exceptions, cut and
 * malformed streams, whole responses and error bodies. */
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
#include <time.h>

#include "clude/chat.h"
#include "clude/eventstream.h"
#include "clude/proto.h"
#include "clude/provider.h"
#include "clude/registry.h"
#include "clude/sigv4.h"
#include "clude/util.h"

#define AKID "AKIDTESTBEDROCK1"
#define SECRET "bedrock/secret+KEY0123456789abcdefEXAMPLE"

static const struct proto_ops *ops;

static void clean_env(void)
{
	static const char *const vars[] = { "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
					    "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION" };
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
		unsetenv(vars[i]);
}

static int setup(void **state)
{
	(void)state;
	ops = proto_find("bedrock");
	return ops ? 0 : -1;
}

static int reset_env(void **state)
{
	(void)state;
	clean_env();
	return 0;
}

static void test_ops_table(void **state)
{
	(void)state;
	assert_string_equal(ops->name, "bedrock");
	assert_non_null(ops->build_chat);
	assert_non_null(ops->stream_new);
	assert_non_null(ops->parse_response);
	assert_non_null(ops->parse_error);
	assert_null(ops->build_models); /* ListFoundationModels is on another host */
	assert_null(ops->parse_models);
	assert_null(ops->local_chat);
	const struct vendor *v = registry_find("bedrock");
	assert_non_null(v);
	assert_string_equal(v->protocol, "bedrock");
	assert_string_equal(v->key_env, "AWS_ACCESS_KEY_ID");
	assert_int_equal(v->key_optional, 0);
	assert_string_equal(v->base_url, "https://bedrock-runtime.us-east-1.amazonaws.com");
}

/* ---- helpers ---- */

static const char *find_header(const struct http_request *r, const char *name)
{
	size_t n = strlen(name);
	const char *found = NULL;
	for (size_t i = 0; i < r->n_headers; i++)
		if (!strncasecmp(r->headers[i], name, n) && r->headers[i][n] == ':') {
			assert_null(found);
			found = r->headers[i] + n + 2;
		}
	return found;
}

/* A provider set from YAML (env must be set before: keys are read here). */
struct fixture {
	struct config cfg;
	struct provider_set set;
	struct target t;
};

static void load(struct fixture *f, const char *yaml, const char *model)
{
	struct clude_err err;
	err_clear(&err);
	memset(f, 0, sizeof *f);
	assert_int_equal(config_parse("t.yaml", yaml, strlen(yaml), &f->cfg, &err), 0);
	assert_int_equal(provider_set_init(&f->set, &f->cfg, &err), 0);
	const struct provider *p = provider_find(&f->set, "bedrock");
	assert_non_null(p);
	f->t = (struct target){ .provider = p, .base_url = p->base_url, .api_key = p->api_key,
				.model = model };
}

static void unload(struct fixture *f)
{
	provider_set_free(&f->set);
	config_free(&f->cfg);
}

static time_t parse_amz_date(const char *s)
{
	struct tm tm = { 0 };
	assert_int_equal(strlen(s), 16);
	assert_int_equal(sscanf(s, "%4d%2d%2dT%2d%2d%2dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
				&tm.tm_hour, &tm.tm_min, &tm.tm_sec), 6);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return timegm(&tm);
}

/* The Authorization header must be what an independent signing of the same
 * request at the sent X-Amz-Date gives. */
static void check_signature(const struct http_request *hr, const char *region, const char *token)
{
	const char *date = find_header(hr, "X-Amz-Date");
	assert_non_null(date);
	time_t now = parse_amz_date(date);
	assert_true(labs((long)(now - time(NULL))) < 60);
	struct http_request again = { .method = strdup(hr->method), .url = strdup(hr->url),
				      .body = strdup(hr->body), .body_len = hr->body_len };
	http_request_add_header(&again, "Content-Type: %s", find_header(hr, "Content-Type"));
	http_request_add_header(&again, "Accept: %s", find_header(hr, "Accept"));
	struct sigv4_params p = { .access_key = AKID, .secret_key = SECRET, .session_token = token,
				  .region = region, .service = "bedrock", .now = now };
	struct clude_err err;
	err_clear(&err);
	assert_int_equal(sigv4_sign(&again, &p, NULL, &err), 0);
	assert_string_equal(find_header(hr, "Authorization"), find_header(&again, "Authorization"));
	assert_string_equal(find_header(hr, "Host"), find_header(&again, "Host"));
	char scope[128];
	snprintf(scope, sizeof scope, "Credential=" AKID "/%.8s/%s/bedrock/aws4_request, ", date,
		 region);
	assert_non_null(strstr(find_header(hr, "Authorization"), scope));
	if (token) {
		assert_string_equal(find_header(hr, "X-Amz-Security-Token"), token);
		assert_non_null(strstr(find_header(hr, "Authorization"),
				       "SignedHeaders=accept;content-type;host;x-amz-date;x-amz-security-token,"));
	} else {
		assert_null(find_header(hr, "X-Amz-Security-Token"));
		assert_non_null(strstr(find_header(hr, "Authorization"),
				       "SignedHeaders=accept;content-type;host;x-amz-date,"));
	}
	assert_null(strstr(find_header(hr, "Authorization"), SECRET));
	http_request_free(&again);
}

static void assert_json_equal(const char *got, size_t len, const char *want)
{
	cJSON *g = cJSON_ParseWithLength(got, len), *w = cJSON_Parse(want);
	assert_non_null(g);
	assert_non_null(w);
	if (!cJSON_Compare(g, w, 1)) {
		char *gs = cJSON_PrintUnformatted(g);
		print_error("got  %s\nwant %s\n", gs, want);
		free(gs);
		fail();
	}
	cJSON_Delete(g);
	cJSON_Delete(w);
}

/* ---- build_chat ---- */

static const struct message conversation[] = {
	{ ROLE_SYSTEM, "You are terse.", false },
	{ ROLE_USER, "Say \"hi\"\nin 中文", false },
	{ ROLE_ASSISTANT, "你好", false },
	{ ROLE_ASSISTANT, "", true }, /* an interrupted, empty reply: left out */
	{ ROLE_USER, "again", false },
	{ ROLE_USER, "and once more", false },
	{ ROLE_SYSTEM, "Second rule.", false },
};

static void test_build_chat_stream(void **state)
{
	(void)state;
	setenv("AWS_ACCESS_KEY_ID", AKID, 1);
	setenv("AWS_SECRET_ACCESS_KEY", SECRET, 1);
	struct fixture f;
	load(&f, "providers:\n  other: {type: openai_compat, base_url: http://x}\n",
	     "anthropic.claude-haiku-4-5-20251001-v1:0");
	struct chat_request req = { .messages = conversation, .n_messages = 7, .stream = true,
				    .max_tokens = 512, .temperature = 0.25 };
	struct http_request hr = { 0 };
	struct clude_err err;
	err_clear(&err);
	assert_int_equal(ops->build_chat(&f.t, &req, &hr, &err), 0);
	assert_string_equal(hr.method, "POST");
	assert_string_equal(hr.url, "https://bedrock-runtime.us-east-1.amazonaws.com/model/"
				    "anthropic.claude-haiku-4-5-20251001-v1%3A0/converse-stream");
	assert_json_equal(hr.body, hr.body_len,
			  "{\"messages\":["
			  "{\"role\":\"user\",\"content\":[{\"text\":\"Say \\\"hi\\\"\\nin 中文\"}]},"
			  "{\"role\":\"assistant\",\"content\":[{\"text\":\"你好\"}]},"
			  "{\"role\":\"user\",\"content\":[{\"text\":\"again\"},{\"text\":\"and once more\"}]}],"
			  "\"system\":[{\"text\":\"You are terse.\"},{\"text\":\"Second rule.\"}],"
			  "\"inferenceConfig\":{\"maxTokens\":512,\"temperature\":0.25}}");
	assert_string_equal(find_header(&hr, "Content-Type"), "application/json");
	assert_string_equal(find_header(&hr, "Accept"), "application/vnd.amazon.eventstream");
	assert_string_equal(find_header(&hr, "Host"), "bedrock-runtime.us-east-1.amazonaws.com");
	check_signature(&hr, "us-east-1", NULL);
	http_request_free(&hr);

	/* not streamed, no options: /converse, no inferenceConfig, no system */
	req = (struct chat_request){ .messages = conversation + 1, .n_messages = 1,
				     .temperature = -1 };
	assert_int_equal(ops->build_chat(&f.t, &req, &hr, &err), 0);
	assert_string_equal(hr.url, "https://bedrock-runtime.us-east-1.amazonaws.com/model/"
				    "anthropic.claude-haiku-4-5-20251001-v1%3A0/converse");
	assert_json_equal(hr.body, hr.body_len,
			  "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Say \\\"hi\\\"\\nin 中文\"}]}]}");
	assert_string_equal(find_header(&hr, "Accept"), "application/json");
	check_signature(&hr, "us-east-1", NULL);
	http_request_free(&hr);

	/* the session token from the environment goes along, signed */
	setenv("AWS_SESSION_TOKEN", "FwoGZXIvYXdzEBEaDSESSION/TOKEN+==", 1);
	assert_int_equal(ops->build_chat(&f.t, &req, &hr, &err), 0);
	check_signature(&hr, "us-east-1", "FwoGZXIvYXdzEBEaDSESSION/TOKEN+==");
	http_request_free(&hr);
	unload(&f);
}

/* URL and signing region: extra.region > bedrock-runtime.REGION host >
 * AWS_REGION > AWS_DEFAULT_REGION > us-east-1; the default endpoint follows. */
static void region_case(const char *yaml, const char *url_prefix, const char *region)
{
	struct fixture f;
	load(&f, yaml, "amazon.nova-pro-v1:0");
	struct chat_request req = { .messages = conversation + 1, .n_messages = 1, .stream = true,
				    .temperature = -1 };
	struct http_request hr = { 0 };
	struct clude_err err;
	err_clear(&err);
	assert_int_equal(ops->build_chat(&f.t, &req, &hr, &err), 0);
	if (strncmp(hr.url, url_prefix, strlen(url_prefix)) != 0) {
		print_error("url %s does not start with %s\n", hr.url, url_prefix);
		fail();
	}
	assert_non_null(strstr(hr.url, "/model/amazon.nova-pro-v1%3A0/converse-stream"));
	check_signature(&hr, region, NULL);
	http_request_free(&hr);
	unload(&f);
}

static void test_regions(void **state)
{
	(void)state;
	setenv("AWS_ACCESS_KEY_ID", AKID, 1);
	setenv("AWS_SECRET_ACCESS_KEY", SECRET, 1);
	const char *none = "providers: {}\n";
	region_case(none, "https://bedrock-runtime.us-east-1.amazonaws.com/model/", "us-east-1");
	setenv("AWS_DEFAULT_REGION", "ap-south-1", 1);
	region_case(none, "https://bedrock-runtime.ap-south-1.amazonaws.com/model/", "ap-south-1");
	setenv("AWS_REGION", "eu-west-3", 1); /* AWS_REGION wins over the default */
	region_case(none, "https://bedrock-runtime.eu-west-3.amazonaws.com/model/", "eu-west-3");
	/* a configured endpoint names its region */
	region_case("providers:\n  bedrock:\n    base_url: https://bedrock-runtime-fips.us-west-2.amazonaws.com/\n",
		    "https://bedrock-runtime-fips.us-west-2.amazonaws.com/model/", "us-west-2");
	region_case("providers:\n  bedrock:\n    base_url: https://vpce-1a2b.bedrock-runtime.ca-central-1.vpce.amazonaws.com\n",
		    "https://vpce-1a2b.bedrock-runtime.ca-central-1.vpce.amazonaws.com/model/",
		    "ca-central-1");
	/* one that does not takes the environment's */
	region_case("providers:\n  bedrock:\n    base_url: http://127.0.0.1:9/\n",
		    "http://127.0.0.1:9/model/", "eu-west-3");
	unsetenv("AWS_REGION");
	unsetenv("AWS_DEFAULT_REGION");
	region_case("providers:\n  bedrock:\n    base_url: http://127.0.0.1:9\n",
		    "http://127.0.0.1:9/model/", "us-east-1");
	/* extra.region beats everything */
	setenv("AWS_REGION", "eu-west-3", 1);
	region_case("providers:\n  bedrock:\n    extra:\n      region: sa-east-1\n",
		    "https://bedrock-runtime.sa-east-1.amazonaws.com/model/", "sa-east-1");
	region_case("providers:\n  bedrock:\n    base_url: http://127.0.0.1:9\n    extra: {region: il-central-1}\n",
		    "http://127.0.0.1:9/model/", "il-central-1");

	/* a region that cannot be part of a host name */
	setenv("AWS_REGION", "evil.example.com/x", 1);
	struct fixture f;
	load(&f, none, "m");
	struct chat_request req = { .messages = conversation + 1, .n_messages = 1, .temperature = -1 };
	struct http_request hr = { 0 };
	struct clude_err err;
	err_clear(&err);
	assert_int_equal(ops->build_chat(&f.t, &req, &hr, &err), -1);
	assert_int_equal(err.code, CLUDE_ECONFIG);
	assert_non_null(strstr(err.msg, "not an AWS region"));
	http_request_free(&hr);
	unload(&f);
	load(&f, "providers:\n  bedrock:\n    base_url: http://127.0.0.1:9\n", "m");
	assert_int_equal(ops->build_chat(&f.t, &req, &hr, &err), -1); /* not in the scope either */
	assert_non_null(strstr(err.msg, "not an AWS region"));
	unload(&f);

	/* a base_url that cannot be signed: an error, and nothing left allocated */
	unsetenv("AWS_REGION");
	load(&f, "providers:\n  bedrock:\n    base_url: localhost:8080\n", "m");
	assert_int_equal(ops->build_chat(&f.t, &req, &hr, &err), -1);
	assert_non_null(strstr(err.msg, "cannot sign"));
	assert_null(hr.url);
	assert_int_equal(hr.n_headers, 0);
	unload(&f);
}

static void test_credentials(void **state)
{
	(void)state;
	struct chat_request req = { .messages = conversation + 1, .n_messages = 1, .temperature = -1 };
	struct http_request hr = { 0 };
	struct clude_err err;
	err_clear(&err);
	struct fixture f;

	/* no secret anywhere */
	setenv("AWS_ACCESS_KEY_ID", AKID, 1);
	load(&f, "providers: {}\n", "m");
	assert_int_equal(ops->build_chat(&f.t, &req, &hr, &err), -1);
	assert_int_equal(err.code, CLUDE_ECONFIG);
	assert_non_null(strstr(err.msg, "AWS_SECRET_ACCESS_KEY"));
	assert_null(find_header(&hr, "Authorization"));
	http_request_free(&hr);
	unload(&f);

	/* everything from the config: key, secret, token; the environment's
	 * token belongs to other credentials and is not used */
	unsetenv("AWS_ACCESS_KEY_ID");
	setenv("AWS_SESSION_TOKEN", "ENV-TOKEN-NOT-MINE", 1);
	load(&f, "providers:\n  bedrock:\n    api_key: " AKID "\n    base_url: http://127.0.0.1:9\n"
		 "    extra:\n      secret_access_key: " SECRET "\n",
	     "m");
	assert_string_equal(f.t.api_key, AKID);
	assert_int_equal(ops->build_chat(&f.t, &req, &hr, &err), 0);
	check_signature(&hr, "us-east-1", NULL);
	http_request_free(&hr);
	unload(&f);
	load(&f, "providers:\n  bedrock:\n    api_key: " AKID "\n    base_url: http://127.0.0.1:9\n"
		 "    extra:\n      secret_access_key: " SECRET "\n      session_token: CONF-TOKEN\n",
	     "m");
	assert_int_equal(ops->build_chat(&f.t, &req, &hr, &err), 0);
	check_signature(&hr, "us-east-1", "CONF-TOKEN");
	http_request_free(&hr);
	unload(&f);
}

/* ---- streaming ---- */

struct rec {
	struct buf log;
	int stop_at_delta; /* return 1 on that delta (1-based), 0: never */
	int deltas;
};

static int record(void *p, const struct chat_event *ev)
{
	struct rec *r = p;
	switch (ev->kind) {
	case CHAT_DELTA:
		buf_puts(&r->log, "D:");
		buf_append(&r->log, ev->text, ev->len);
		buf_putc(&r->log, '|');
		if (++r->deltas == r->stop_at_delta)
			return 1;
		break;
	case CHAT_USAGE:
		buf_printf(&r->log, "U:%ld/%ld/%ld/%ld|", ev->usage->input_tokens,
			   ev->usage->output_tokens, ev->usage->cached_tokens,
			   ev->usage->reasoning_tokens);
		assert_true(ev->usage->present);
		break;
	case CHAT_FLUSH: /* the end of a network read: nothing to record */
		break;
	case CHAT_FINISH:
		buf_printf(&r->log, "F:%s|", ev->finish_reason);
		break;
	default: /* the driver's own events (flush) are not the protocol's */
		fail();
	}
	return 0;
}

static void event(struct buf *b, const char *type, const char *payload)
{
	const char *names[] = { ":event-type", ":content-type", ":message-type" };
	const char *values[] = { type, "application/json", "event" };
	es_encode(b, names, values, 3, payload, strlen(payload));
}

static void exception(struct buf *b, const char *type, const char *payload)
{
	const char *names[] = { ":exception-type", ":content-type", ":message-type" };
	const char *values[] = { type, "application/json", "exception" };
	es_encode(b, names, values, 3, payload, strlen(payload));
}

/* A Converse stream as Bedrock sends it ("p" pads events to hide sizes). */
static void good_stream(struct buf *b, const char *stop_reason)
{
	char stop[128];
	event(b, "messageStart", "{\"p\":\"abcdefghijklmnopqrstuvwxyzABCDEFGHIJ\",\"role\":\"assistant\"}");
	event(b, "contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hel\"},\"p\":\"abcd\"}");
	event(b, "contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"lo \"},\"p\":\"ab\"}");
	event(b, "contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"reasoningContent\":{\"text\":\"hmm\"}}}");
	event(b, "contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"世界\"},\"p\":\"abcdefgh\"}");
	event(b, "contentBlockStop", "{\"contentBlockIndex\":0,\"p\":\"abcdefghijklmnopq\"}");
	snprintf(stop, sizeof stop, "{\"p\":\"abcdef\",\"stopReason\":\"%s\"}", stop_reason);
	event(b, "messageStop", stop);
	event(b, "metadata", "{\"metrics\":{\"latencyMs\":412},\"p\":\"abc\",\"usage\":{\"inputTokens\":10,"
			     "\"outputTokens\":3,\"totalTokens\":19,\"cacheReadInputTokens\":4,"
			     "\"cacheWriteInputTokens\":2}}");
}

/* Decode data fed in two pieces at cut; returns stream_end's result. */
static int decode(const char *data, size_t len, size_t cut, struct rec *r, struct clude_err *err)
{
	struct proto_stream *s = ops->stream_new(record, r);
	int rc = ops->stream_feed(s, data, cut, err);
	if (!rc)
		rc = ops->stream_feed(s, data + cut, len - cut, err);
	if (!rc)
		rc = ops->stream_end(s, err);
	ops->stream_free(s);
	return rc;
}

static void test_stream_every_split(void **state)
{
	(void)state;
	struct buf b = { 0 };
	good_stream(&b, "end_turn");
	for (size_t cut = 0; cut <= b.len; cut++) {
		struct rec r = { 0 };
		struct clude_err err;
		err_clear(&err);
		assert_int_equal(decode(b.data, b.len, cut, &r, &err), 0);
		assert_string_equal(r.log.data, "D:Hel|D:lo |D:世界|F:stop|U:16/3/4/0|");
		buf_free(&r.log);
	}
	/* and byte by byte */
	struct rec r = { 0 };
	struct clude_err err;
	err_clear(&err);
	struct proto_stream *s = ops->stream_new(record, &r);
	for (size_t i = 0; i < b.len; i++)
		assert_int_equal(ops->stream_feed(s, b.data + i, 1, &err), 0);
	assert_int_equal(ops->stream_end(s, &err), 0);
	ops->stream_free(s);
	assert_string_equal(r.log.data, "D:Hel|D:lo |D:世界|F:stop|U:16/3/4/0|");
	buf_free(&r.log);
	buf_free(&b);
}

static void test_finish_mapping(void **state)
{
	(void)state;
	static const char *const map[][2] = {
		{ "end_turn", "stop" },
		{ "stop_sequence", "stop" },
		{ "max_tokens", "length" },
		{ "model_context_window_exceeded", "length" },
		{ "content_filtered", "content_filter" },
		{ "guardrail_intervened", "content_filter:guardrail_intervened" },
		{ "tool_use", "tool_calls" },
		{ "Malformed_Model_Output", "malformed_model_output" },
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
		struct buf b = { 0 };
		good_stream(&b, map[i][0]);
		struct rec r = { 0 };
		struct clude_err err;
		err_clear(&err);
		assert_int_equal(decode(b.data, b.len, b.len / 2, &r, &err), 0);
		char want[128];
		snprintf(want, sizeof want, "F:%s|", map[i][1]);
		assert_non_null(strstr(r.log.data, want));
		buf_free(&r.log);
		buf_free(&b);

		/* the same in a whole response */
		char body[256];
		snprintf(body, sizeof body,
			 "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":\"x\"}]}},"
			 "\"stopReason\":\"%s\",\"usage\":{\"inputTokens\":1,\"outputTokens\":1,\"totalTokens\":2}}",
			 map[i][0]);
		struct rec w = { 0 };
		assert_int_equal(ops->parse_response(body, strlen(body), record, &w, &err), 0);
		assert_non_null(strstr(w.log.data, want));
		buf_free(&w.log);
	}
}

static void expect_stream_error(const struct buf *b, int code, const char *fragment)
{
	for (size_t cut = 0; cut <= b->len; cut += (b->len / 7) + 1) {
		struct rec r = { 0 };
		struct clude_err err;
		err_clear(&err);
		assert_int_equal(decode(b->data, b->len, cut, &r, &err), -1);
		assert_int_equal(err.code, code);
		if (!strstr(err.msg, fragment)) {
			print_error("error '%s' lacks '%s'\n", err.msg, fragment);
			fail();
		}
		buf_free(&r.log);
	}
}

static void test_stream_errors(void **state)
{
	(void)state;
	struct buf b = { 0 };

	/* cut before messageStop, before metadata, and inside an event */
	event(&b, "messageStart", "{\"role\":\"assistant\"}");
	event(&b, "contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"partial \"}}");
	expect_stream_error(&b, CLUDE_EPROTO, "stream ended early");
	event(&b, "messageStop", "{\"stopReason\":\"end_turn\"}");
	expect_stream_error(&b, CLUDE_EPROTO, "stream ended early");
	buf_reset(&b);
	good_stream(&b, "end_turn");
	b.len -= 5;
	expect_stream_error(&b, CLUDE_EPROTO, "stream ended early");
	b.len += 5;
	/* bytes after the proper end that are not a whole event */
	buf_append(&b, "\0\0\0", 3);
	expect_stream_error(&b, CLUDE_EPROTO, "malformed event stream");

	/* an exception frame carries the vendor's message and type */
	buf_reset(&b);
	event(&b, "messageStart", "{\"role\":\"assistant\"}");
	event(&b, "contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"partial \"}}");
	exception(&b, "throttlingException",
		  "{\"message\":\"Too many tokens, please wait before trying again.\"}");
	expect_stream_error(&b, CLUDE_EHTTP,
			    "error in stream: Too many tokens, please wait before trying again. (throttlingException)");
	struct rec r = { 0 };
	struct clude_err err;
	err_clear(&err);
	assert_int_equal(decode(b.data, b.len, 0, &r, &err), -1);
	assert_string_equal(r.log.data, "D:partial |"); /* what came before was delivered */
	buf_free(&r.log);

	/* an unmodelled error frame: the message in headers */
	buf_reset(&b);
	const char *names[] = { ":message-type", ":error-code", ":error-message" };
	const char *values[] = { "error", "InternalFailure", "Something broke" };
	es_encode(&b, names, values, 3, "", 0);
	expect_stream_error(&b, CLUDE_EHTTP, "error in stream: Something broke (InternalFailure)");

	/* malformed: a payload that is not JSON, a bad CRC, no event type */
	buf_reset(&b);
	event(&b, "messageStart", "{\"role\":\"assistant\"}");
	event(&b, "contentBlockDelta", "{\"delta\":{\"text\":");
	expect_stream_error(&b, CLUDE_EPROTO, "malformed contentBlockDelta event");
	buf_reset(&b);
	good_stream(&b, "end_turn");
	b.data[b.len - 40] ^= 0x01;
	expect_stream_error(&b, CLUDE_EPROTO, "malformed event stream: bad message CRC");
	buf_reset(&b);
	const char *n1[] = { ":content-type" };
	const char *v1[] = { "application/json" };
	es_encode(&b, n1, v1, 1, "{}", 2);
	expect_stream_error(&b, CLUDE_EPROTO, "malformed event in stream");
	buf_free(&b);
}

static void test_stream_stop_by_caller(void **state)
{
	(void)state;
	struct buf b = { 0 };
	good_stream(&b, "end_turn");
	struct rec r = { .stop_at_delta = 2 };
	struct clude_err err;
	err_clear(&err);
	assert_int_equal(decode(b.data, b.len, b.len, &r, &err), -1);
	assert_int_equal(err.code, CLUDE_ECANCEL);
	assert_string_equal(r.log.data, "D:Hel|D:lo |");
	buf_free(&r.log);
	buf_free(&b);
}

/* ---- whole responses and errors ---- */

static void test_parse_response(void **state)
{
	(void)state;
	const char *body =
		"{\"metrics\":{\"latencyMs\":321},\"output\":{\"message\":{\"role\":\"assistant\","
		"\"content\":[{\"reasoningContent\":{\"reasoningText\":{\"text\":\"think\"}}},"
		"{\"text\":\"Hello\"},{\"text\":\", world\"}]}},\"stopReason\":\"max_tokens\","
		"\"usage\":{\"inputTokens\":12,\"outputTokens\":5,\"totalTokens\":17}}";
	struct rec r = { 0 };
	struct clude_err err;
	err_clear(&err);
	assert_int_equal(ops->parse_response(body, strlen(body), record, &r, &err), 0);
	assert_string_equal(r.log.data, "D:Hello|D:, world|F:length|U:12/5/0/0|");
	buf_free(&r.log);

	const char *bad = "{\"output\":{\"mess";
	assert_int_equal(ops->parse_response(bad, strlen(bad), record, &r, &err), -1);
	assert_int_equal(err.code, CLUDE_EPROTO);
	assert_non_null(strstr(err.msg, "malformed response"));
	buf_free(&r.log);

	const char *odd = "{\"message\":\"Model is not ready\"}";
	assert_int_equal(ops->parse_response(odd, strlen(odd), record, &r, &err), -1);
	assert_string_equal(err.msg, "response has no message: Model is not ready");
	buf_free(&r.log);
}

static void check_error(int status, int retry, const char *body, const char *want)
{
	struct clude_err err;
	err_clear(&err);
	err.retry_after = retry;
	ops->parse_error(status, body, strlen(body), &err);
	assert_int_equal(err.code, CLUDE_EHTTP);
	assert_int_equal(err.http_status, status);
	assert_string_equal(err.msg, want);
}

static void test_parse_error(void **state)
{
	(void)state;
	check_error(403, -1,
		    "{\"message\":\"The request signature we calculated does not match the signature you provided.\"}",
		    "HTTP 403 Forbidden: The request signature we calculated does not match the "
		    "signature you provided. — check the API key");
	check_error(429, 7, "{\"message\":\"Too many requests, please wait before trying again.\"}",
		    "HTTP 429 Too Many Requests: Too many requests, please wait before trying again. "
		    "(retry after 7s)");
	check_error(400, -1,
		    "{\"Message\":\"The provided model identifier is invalid.\","
		    "\"__type\":\"com.amazon.coral.validate#ValidationException\"}",
		    "HTTP 400 Bad Request: The provided model identifier is invalid. (ValidationException)");
	check_error(502, -1, "<html>bad gateway</html>", "HTTP 502 Bad Gateway: <html>bad gateway</html>");
	check_error(500, -1, "", "HTTP 500 Internal Server Error");
}

int main(void)
{
	clean_env();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ops_table),
		cmocka_unit_test_setup(test_build_chat_stream, reset_env),
		cmocka_unit_test_setup(test_regions, reset_env),
		cmocka_unit_test_setup(test_credentials, reset_env),
		cmocka_unit_test(test_stream_every_split),
		cmocka_unit_test(test_finish_mapping),
		cmocka_unit_test(test_stream_errors),
		cmocka_unit_test(test_stream_stop_by_caller),
		cmocka_unit_test(test_parse_response),
		cmocka_unit_test(test_parse_error),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
