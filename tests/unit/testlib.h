/* testlib.h — helpers the protocol unit tests share. Header-only, every
 * function static inline: each tests/unit/test_*.c is a program of its own,
 * linked with the program's objects only. */
#ifndef CLUDE_TESTLIB_H
#define CLUDE_TESTLIB_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cJSON.h>
#include <string.h>
#include <strings.h>

#include "clude/chat.h"
#include "clude/proto.h"
#include "clude/util.h"

/* The value of the request's header name (case-insensitive), NULL when it
 * has none. */
static inline const char *find_header(const struct http_request *r, const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < r->n_headers; i++)
		if (!strncasecmp(r->headers[i], name, n) && r->headers[i][n] == ':')
			return r->headers[i] + n + 1 + (r->headers[i][n + 1] == ' ');
	return NULL;
}

/* got (len bytes) is the JSON want: the same values, object keys in any order. */
static inline void assert_json_equal_len(const char *got, size_t len, const char *want)
{
	cJSON *g = cJSON_ParseWithLength(got, len), *w = cJSON_Parse(want);
	assert_non_null(g);
	assert_non_null(w);
	if (!cJSON_Compare(g, w, 1))
		fail_msg("JSON differs\n  got:  %.*s\n  want: %s", (int)len, got, want);
	cJSON_Delete(g);
	cJSON_Delete(w);
}

static inline void assert_json_equal(const char *got, const char *want)
{
	assert_non_null(got);
	assert_json_equal_len(got, strlen(got), want);
}

/* Decode data with a new stream of o, fed in pieces cut at the ascending
 * offsets cuts[0..n_cuts), then ended; emit gets the events. Returns the
 * first failing feed's result, else stream_end's, with err filled. */
static inline int decode_pieces(const struct proto_ops *o, chat_emit_fn emit, void *ctx,
				const char *data, size_t len, const size_t *cuts, size_t n_cuts,
				struct clude_err *err)
{
	struct proto_stream *st = o->stream_new(emit, ctx);
	size_t at = 0;
	int rc = 0;
	for (size_t i = 0; i <= n_cuts && !rc; i++) {
		size_t end = i < n_cuts ? cuts[i] : len;
		rc = o->stream_feed(st, data + at, end - at, err);
		at = end;
	}
	if (!rc)
		rc = o->stream_end(st, err);
	o->stream_free(st);
	return rc;
}

/* A receiver (chat_emit_fn log_event) that writes every event down as text:
 * "D<text>|", "U<in>,<out>|", "F<reason>|"; nothing for a flush but "|". */
struct event_log {
	struct buf log;
	int stop_on_delta; /* return 1 from the n-th delta (0: never) */
	int deltas;
};

static inline int log_event(void *ctx, const struct chat_event *ev)
{
	struct event_log *s = ctx;
	switch (ev->kind) {
	case CHAT_DELTA:
		buf_putc(&s->log, 'D');
		buf_append(&s->log, ev->text, ev->len);
		s->deltas++;
		break;
	case CHAT_USAGE:
		assert_true(ev->usage->present);
		buf_printf(&s->log, "U%ld,%ld", ev->usage->input_tokens, ev->usage->output_tokens);
		break;
	case CHAT_FLUSH: /* the end of a network read: nothing to record */
		break;
	case CHAT_FINISH:
		buf_printf(&s->log, "F%s", ev->finish_reason);
		break;
	}
	buf_putc(&s->log, '|');
	return s->stop_on_delta && s->deltas >= s->stop_on_delta;
}

#endif
