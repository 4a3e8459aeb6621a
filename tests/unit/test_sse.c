/* test_sse.c — the incremental SSE parser gives the same events whatever
 * the chunk boundaries, for every line ending and field form the spec has. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clude/sse.h"
#include "clude/util.h"

/* Events collected as one string: "name=data\x1e" each (data may hold LFs). */
struct seen {
	struct buf log;
	int count;
	int stop_after; /* return 1 from the callback after this many (0: never) */
};

static int on_event(void *ctx, const char *event, const char *data, size_t len)
{
	struct seen *s = ctx;
	assert_non_null(event);
	assert_non_null(data);
	assert_int_equal(strlen(data) >= len, 1); /* data is readable up to len */
	buf_puts(&s->log, event);
	buf_putc(&s->log, '=');
	buf_append(&s->log, data, len);
	buf_putc(&s->log, '\x1e');
	s->count++;
	return s->stop_after && s->count >= s->stop_after;
}

/* LF, CRLF and CR-only lines; a comment; an event name; multi-line data;
 * "data:" without a space; a field without a colon; id/retry/unknown fields;
 * an event with no data (not dispatched); [DONE]. */
static const char REF[] =
	": this is a comment\n"
	"event: greeting\n"
	"data: hello\n"
	"\n"
	"data: line1\r\n"
	"data:line2\r\n"
	"\r\n"
	"data: cr-only\r"
	"id: 7\r"
	"retry: 1000\r"
	"\r"
	"field-without-colon\n"
	"data\n"
	"data: after\n"
	"\n"
	"event: no-data-here\n"
	"\n"
	"data:  two spaces\n"
	"unknown: field\n"
	"data: {\"a\":\"b:c\"}\n"
	"\r\n"
	":\n"
	"data: [DONE]\n"
	"\n";

static const char REF_EVENTS[] =
	"greeting=hello\x1e"
	"message=line1\nline2\x1e"
	"message=cr-only\x1e"
	"message=\nafter\x1e"
	"message= two spaces\n{\"a\":\"b:c\"}\x1e"
	"message=[DONE]\x1e";

static const size_t REF_LEN = sizeof REF - 1;

/* Feed REF cut at the given offsets (sorted, within [0, len]). */
static void run_split(const size_t *cuts, size_t ncuts, struct seen *s, int *finish_rc)
{
	struct sse_parser p;
	sse_init(&p, on_event, s);
	size_t pos = 0;
	for (size_t i = 0; i <= ncuts; i++) {
		size_t end = i < ncuts ? cuts[i] : REF_LEN;
		/* copy each piece to its own allocation so ASan sees any over-read */
		char *piece = xmalloc(end - pos ? end - pos : 1);
		memcpy(piece, REF + pos, end - pos);
		assert_int_equal(sse_feed(&p, piece, end - pos), 0);
		free(piece);
		pos = end;
	}
	*finish_rc = sse_finish(&p);
	sse_free(&p);
}

static void expect_reference(const size_t *cuts, size_t ncuts)
{
	struct seen s = { 0 };
	int rc;
	run_split(cuts, ncuts, &s, &rc);
	if (s.log.len != sizeof REF_EVENTS - 1 || memcmp(s.log.data, REF_EVENTS, s.log.len) != 0) {
		fprintf(stderr, "split at");
		for (size_t i = 0; i < ncuts; i++)
			fprintf(stderr, " %zu", cuts[i]);
		fprintf(stderr, ": got [%s]\n", s.log.data ? s.log.data : "");
		fail_msg("events differ");
	}
	assert_int_equal(s.count, 6);
	assert_int_equal(rc, 0);
	buf_free(&s.log);
}

static void test_whole(void **state)
{
	(void)state;
	expect_reference(NULL, 0);
}

static void test_every_split_in_two(void **state)
{
	(void)state;
	for (size_t i = 0; i <= REF_LEN; i++)
		expect_reference(&i, 1);
}

static void test_one_byte_at_a_time(void **state)
{
	(void)state;
	size_t cuts[sizeof REF];
	for (size_t i = 0; i < REF_LEN; i++)
		cuts[i] = i + 1;
	expect_reference(cuts, REF_LEN - 1);
}

static void test_every_split_in_three(void **state)
{
	(void)state;
	for (size_t i = 1; i < REF_LEN; i++)
		for (size_t j = i + 1; j < REF_LEN; j++) {
			size_t cuts[2] = { i, j };
			expect_reference(cuts, 2);
		}
}

/* An empty feed between the CR and the LF of a CRLF must not turn the LF
 * into a second (blank) line. */
static void test_empty_feed_inside_crlf(void **state)
{
	(void)state;
	struct seen s = { 0 };
	struct sse_parser p;
	sse_init(&p, on_event, &s);
	assert_int_equal(sse_feed(&p, "data: a\r", 8), 0);
	assert_int_equal(sse_feed(&p, "", 0), 0);
	assert_int_equal(sse_feed(&p, "\ndata: b\r\n\r\n", 12), 0);
	assert_int_equal(sse_finish(&p), 0);
	assert_string_equal(s.log.data, "message=a\nb\x1e");
	sse_free(&p);
	buf_free(&s.log);

	/* and every split of the reference with empty feeds everywhere */
	for (size_t i = 0; i <= REF_LEN; i++) {
		size_t cuts[3] = { i, i, i };
		expect_reference(cuts, 3);
	}
}

static void test_empty_data_event(void **state)
{
	(void)state;
	struct seen s = { 0 };
	struct sse_parser p;
	sse_init(&p, on_event, &s);
	const char *in = "data:\n\ndata\n\nevent: x\ndata: \n\n";
	assert_int_equal(sse_feed(&p, in, strlen(in)), 0);
	assert_int_equal(s.count, 3);
	assert_string_equal(s.log.data, "message=\x1emessage=\x1ex=\x1e");
	assert_int_equal(sse_finish(&p), 0);
	sse_free(&p);
	buf_free(&s.log);
}

static void test_event_name_resets(void **state)
{
	(void)state;
	struct seen s = { 0 };
	struct sse_parser p;
	sse_init(&p, on_event, &s);
	const char *in = "event: first\nevent: second\ndata: 1\n\ndata: 2\n\n";
	assert_int_equal(sse_feed(&p, in, strlen(in)), 0);
	assert_string_equal(s.log.data, "second=1\x1emessage=2\x1e");
	sse_free(&p);
	buf_free(&s.log);
}

static int finish_of(const char *in)
{
	struct seen s = { 0 };
	struct sse_parser p;
	sse_init(&p, on_event, &s);
	assert_int_equal(sse_feed(&p, in, strlen(in)), 0);
	int rc = sse_finish(&p);
	sse_free(&p);
	buf_free(&s.log);
	return rc;
}

static void test_finish(void **state)
{
	(void)state;
	assert_int_equal(finish_of(""), 0);
	assert_int_equal(finish_of(REF), 0);
	assert_int_equal(finish_of("data: done\n\n"), 0);
	assert_int_equal(finish_of("data: done\r\r"), 0);
	assert_int_equal(finish_of(": just a comment\n"), 0);
	/* cut mid-event: data lines without the closing blank line */
	assert_int_equal(finish_of("data: {\"partial\":"), 1);
	assert_int_equal(finish_of("data: one\n"), 1);
	assert_int_equal(finish_of("data: one\r"), 1);
	assert_int_equal(finish_of("data: one\n\ndata: two\ndata: thr"), 1);
}

static void test_finish_discards_pending(void **state)
{
	(void)state;
	struct seen s = { 0 };
	struct sse_parser p;
	sse_init(&p, on_event, &s);
	assert_int_equal(sse_feed(&p, "data: a\n\ndata: cut", 18), 0);
	assert_int_equal(sse_finish(&p), 1);
	assert_int_equal(s.count, 1); /* the unfinished event is not dispatched */
	assert_string_equal(s.log.data, "message=a\x1e");
	/* the parser is clean afterwards */
	assert_int_equal(sse_finish(&p), 0);
	assert_int_equal(sse_feed(&p, "data: b\n\n", 9), 0);
	assert_string_equal(s.log.data, "message=a\x1emessage=b\x1e");
	sse_free(&p);
	buf_free(&s.log);
}

static void test_callback_stops(void **state)
{
	(void)state;
	struct seen s = { .stop_after = 2 };
	struct sse_parser p;
	sse_init(&p, on_event, &s);
	assert_int_not_equal(sse_feed(&p, REF, REF_LEN), 0);
	assert_int_equal(s.count, 2);
	sse_free(&p);
	buf_free(&s.log);
}

static void test_long_line(void **state)
{
	(void)state;
	size_t n = 100000;
	char *big = xmalloc(n + 16);
	memcpy(big, "data: ", 6);
	memset(big + 6, 'x', n);
	memcpy(big + 6 + n, "\n\n", 2);
	struct seen s = { 0 };
	struct sse_parser p;
	sse_init(&p, on_event, &s);
	for (size_t off = 0; off < n + 8; off += 999) {
		size_t len = n + 8 - off < 999 ? n + 8 - off : 999;
		assert_int_equal(sse_feed(&p, big + off, len), 0);
	}
	assert_int_equal(s.count, 1);
	assert_int_equal(s.log.len, strlen("message=") + n + 1);
	sse_free(&p);
	buf_free(&s.log);
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole),
		cmocka_unit_test(test_every_split_in_two),
		cmocka_unit_test(test_one_byte_at_a_time),
		cmocka_unit_test(test_every_split_in_three),
		cmocka_unit_test(test_empty_feed_inside_crlf),
		cmocka_unit_test(test_empty_data_event),
		cmocka_unit_test(test_event_name_resets),
		cmocka_unit_test(test_finish),
		cmocka_unit_test(test_finish_discards_pending),
		cmocka_unit_test(test_callback_stops),
		cmocka_unit_test(test_long_line),
	};
	return cmocka_run_group_tests_name("sse", tests, NULL, NULL);
}
