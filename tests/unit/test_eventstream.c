/* test_eventstream.c — the AWS event-stream decoder: a frame built
 * independently (Python struct + zlib.crc32) with every header type, a
 * stream split at every byte boundary, and corrupt input (bad CRCs,
 * impossible lengths, truncated headers, random damage) as errors, never a
 * crash or an over-read (run it under ASan). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "clude/eventstream.h"

/* 171 bytes: headers true, false, byte -49, short -300, int 40000,
 * long -5000000000, bytes 00 01 02, :event-type contentBlockDelta,
 * time 1440938160000, uuid 00..0f; payload {"delta":{"text":"hi"}}. */
static const char frame[] =
	"\x00\x00\x00\xab\x00\x00\x00\x84\x88\x00\x36\xd7\x04\x74\x72\x75\x65\x00\x05\x66\x61\x6c\x73\x65\x01\x04\x62\x79\x74\x65\x02\xcf"
	"\x05\x73\x68\x6f\x72\x74\x03\xfe\xd4\x03\x69\x6e\x74\x04\x00\x00\x9c\x40\x04\x6c\x6f\x6e\x67\x05\xff\xff\xff\xfe\xd5\xfa\x0e\x00"
	"\x05\x62\x79\x74\x65\x73\x06\x00\x03\x00\x01\x02\x0b\x3a\x65\x76\x65\x6e\x74\x2d\x74\x79\x70\x65\x07\x00\x11\x63\x6f\x6e\x74\x65"
	"\x6e\x74\x42\x6c\x6f\x63\x6b\x44\x65\x6c\x74\x61\x04\x74\x69\x6d\x65\x08\x00\x00\x01\x4f\x7e\x9b\x6f\x80\x04\x75\x75\x69\x64\x09"
	"\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x7b\x22\x64\x65\x6c\x74\x61\x22\x3a\x7b\x22\x74\x65\x78\x74\x22"
	"\x3a\x22\x68\x69\x22\x7d\x7d\xef\x58\x5a\xa2";
#define FRAME_LEN 171

/* Collects a text rendering of each message: "type=payload;" */
struct sink {
	struct buf out;
	int count;
	int stop_after; /* return 7 from that message on (0: never) */
};

static int collect(void *p, const struct es_message *m)
{
	struct sink *s = p;
	size_t n;
	const char *ev = es_header_string(m, ":event-type", &n);
	buf_printf(&s->out, "%.*s=", ev ? (int)n : 1, ev ? ev : "?");
	buf_append(&s->out, m->payload, m->payload_len);
	buf_putc(&s->out, ';');
	s->count++;
	return s->stop_after && s->count >= s->stop_after ? 7 : 0;
}

static void test_crc32(void **state)
{
	(void)state;
	assert_int_equal(es_crc32(0, "123456789", 9), 0xcbf43926u);
	assert_int_equal(es_crc32(0, "", 0), 0);
	uint32_t c = es_crc32(0, "1234", 4);
	assert_int_equal(es_crc32(c, "56789", 5), 0xcbf43926u);
}

static int check_all_types(void *p, const struct es_message *m)
{
	int *seen = p;
	static const char *const names[] = { "true", "false", "byte", "short", "int",
					     "long", "bytes", ":event-type", "time", "uuid" };
	static const int64_t numbers[] = { 1, 0, -49, -300, 40000, -5000000000LL, 0, 0,
					   1440938160000LL, 0 };
	assert_int_equal(m->n_headers, 10);
	for (size_t i = 0; i < 10; i++) {
		const struct es_header *h = &m->headers[i];
		assert_int_equal(h->name_len, strlen(names[i]));
		assert_memory_equal(h->name, names[i], h->name_len);
		assert_int_equal(h->type, (int)i);
		if (h->type != ES_BYTES && h->type != ES_STRING && h->type != ES_UUID)
			assert_true(h->number == numbers[i]);
	}
	assert_int_equal(m->headers[6].value_len, 3);
	assert_memory_equal(m->headers[6].value, "\x00\x01\x02", 3);
	assert_int_equal(m->headers[9].value_len, 16);
	assert_int_equal((unsigned char)m->headers[9].value[15], 15);
	assert_true(es_header_is(m, ":event-type", "contentBlockDelta"));
	assert_false(es_header_is(m, ":event-type", "contentBlock"));
	size_t n = 99;
	assert_null(es_header_string(m, "bytes", &n)); /* not a string header */
	assert_int_equal(m->payload_len, 23);
	assert_memory_equal(m->payload, "{\"delta\":{\"text\":\"hi\"}}", 23);
	(*seen)++;
	return 0;
}

static void test_all_header_types(void **state)
{
	(void)state;
	int seen = 0;
	struct es_decoder d;
	es_init(&d, check_all_types, &seen);
	struct clude_err err;
	err_clear(&err);
	assert_int_equal(es_feed(&d, frame, FRAME_LEN, &err), 0);
	assert_int_equal(seen, 1);
	assert_int_equal(es_pending(&d), 0);
	es_free(&d);

	/* our encoder produces the same framing for string headers */
	struct buf b = { 0 };
	const char *names[] = { ":event-type" };
	const char *values[] = { "contentBlockDelta" };
	es_encode(&b, names, values, 1, "{}", 2);
	assert_int_equal(b.len, 16 + 1 + 11 + 1 + 2 + 17 + 2);
	struct sink s = { 0 };
	es_init(&d, collect, &s);
	assert_int_equal(es_feed(&d, b.data, b.len, &err), 0);
	assert_string_equal(s.out.data, "contentBlockDelta={};");
	es_free(&d);
	buf_free(&s.out);
	buf_free(&b);
}

static void build_stream(struct buf *b)
{
	const char *names[] = { ":event-type", ":content-type", ":message-type" };
	const char *v1[] = { "messageStart", "application/json", "event" };
	const char *v2[] = { "contentBlockDelta", "application/json", "event" };
	const char *v3[] = { "metadata", "application/json", "event" };
	es_encode(b, names, v1, 3, "{\"role\":\"assistant\"}", 20);
	buf_append(b, frame, FRAME_LEN);
	es_encode(b, names, v2, 3, "{\"delta\":{\"text\":\"\xe4\xbd\xa0\xe5\xa5\xbd\"}}", 27);
	es_encode(b, names, v3, 0, "", 0); /* no headers, no payload: 16 bytes */
	es_encode(b, names, v3, 1, "{\"usage\":{}}", 12);
}

static const char *expected =
	"messageStart={\"role\":\"assistant\"};"
	"contentBlockDelta={\"delta\":{\"text\":\"hi\"}};"
	"contentBlockDelta={\"delta\":{\"text\":\"\xe4\xbd\xa0\xe5\xa5\xbd\"}};"
	"?=;"
	"metadata={\"usage\":{}};";

static void test_split_everywhere(void **state)
{
	(void)state;
	struct buf all = { 0 };
	build_stream(&all);
	struct clude_err err;
	for (size_t cut = 0; cut <= all.len; cut++) {
		struct sink s = { 0 };
		struct es_decoder d;
		es_init(&d, collect, &s);
		err_clear(&err);
		assert_int_equal(es_feed(&d, all.data, cut, &err), 0);
		assert_int_equal(es_feed(&d, all.data + cut, all.len - cut, &err), 0);
		assert_string_equal(s.out.data, expected);
		assert_int_equal(es_pending(&d), 0);
		es_free(&d);
		buf_free(&s.out);
	}
	/* one byte at a time, and in three uneven pieces */
	struct sink s = { 0 };
	struct es_decoder d;
	es_init(&d, collect, &s);
	for (size_t i = 0; i < all.len; i++) {
		assert_int_equal(es_feed(&d, all.data + i, 1, &err), 0);
		if (i + 1 < all.len)
			assert_true(s.count < 5);
	}
	assert_string_equal(s.out.data, expected);
	es_free(&d);
	buf_free(&s.out);
	for (size_t a = 0; a < all.len; a += 13)
		for (size_t b = a; b < all.len; b += 17) {
			struct sink t = { 0 };
			es_init(&d, collect, &t);
			assert_int_equal(es_feed(&d, all.data, a, &err), 0);
			assert_int_equal(es_feed(&d, all.data + a, b - a, &err), 0);
			assert_int_equal(es_feed(&d, all.data + b, all.len - b, &err), 0);
			assert_string_equal(t.out.data, expected);
			es_free(&d);
			buf_free(&t.out);
		}
	buf_free(&all);
}

static void test_partial_and_stop(void **state)
{
	(void)state;
	struct buf all = { 0 };
	build_stream(&all);
	struct sink s = { .stop_after = 2 };
	struct es_decoder d;
	es_init(&d, collect, &s);
	struct clude_err err;
	err_clear(&err);
	assert_int_equal(es_feed(&d, all.data, all.len, &err), 7); /* the callback's value */
	assert_int_equal(s.count, 2);
	es_free(&d);
	buf_free(&s.out);

	struct sink t = { 0 };
	es_init(&d, collect, &t);
	assert_int_equal(es_feed(&d, frame, FRAME_LEN - 1, &err), 0);
	assert_int_equal(t.count, 0);
	assert_int_equal(es_pending(&d), FRAME_LEN - 1);
	es_free(&d);
	buf_free(&all);
}

/* Feed data whole and byte by byte: both must fail with a "malformed"
 * message naming why, and deliver nothing after the damage. */
static void expect_error(const char *data, size_t len, const char *why)
{
	for (int bytewise = 0; bytewise < 2; bytewise++) {
		struct sink s = { 0 };
		struct es_decoder d;
		es_init(&d, collect, &s);
		struct clude_err err;
		err_clear(&err);
		int rc = 0;
		if (bytewise) {
			for (size_t i = 0; i < len && rc == 0; i++)
				rc = es_feed(&d, data + i, 1, &err);
		} else {
			rc = es_feed(&d, data, len, &err);
		}
		assert_int_equal(rc, -1);
		assert_int_equal(err.code, CLUDE_EPROTO);
		assert_non_null(strstr(err.msg, "malformed event stream"));
		assert_non_null(strstr(err.msg, why));
		assert_int_equal(es_feed(&d, frame, FRAME_LEN, &err), -1); /* stays failed */
		assert_int_equal(s.count, 0);
		es_free(&d);
		buf_free(&s.out);
	}
}

static void put32(char *p, uint32_t v)
{
	p[0] = (char)(v >> 24);
	p[1] = (char)(v >> 16);
	p[2] = (char)(v >> 8);
	p[3] = (char)v;
}

/* A prelude with a valid CRC claiming (total, hlen). */
static void prelude(char *p, uint32_t total, uint32_t hlen)
{
	put32(p, total);
	put32(p + 4, hlen);
	put32(p + 8, es_crc32(0, p, 8));
}

static void test_corrupt(void **state)
{
	(void)state;
	char m[FRAME_LEN + 64];
	memcpy(m, frame, FRAME_LEN);
	m[FRAME_LEN - 1] ^= 1;
	expect_error(m, FRAME_LEN, "bad message CRC");
	memcpy(m, frame, FRAME_LEN);
	m[100] ^= 0x20; /* payload or header damage: the message CRC catches it */
	expect_error(m, FRAME_LEN, "bad message CRC");
	memcpy(m, frame, FRAME_LEN);
	m[2] ^= 1; /* a length bit: the prelude CRC catches it first */
	expect_error(m, FRAME_LEN, "bad prelude CRC");

	char p[64] = { 0 };
	prelude(p, 15, 0);
	expect_error(p, 12, "impossible message length");
	prelude(p, 20, 5); /* headers longer than the room left */
	expect_error(p, 12, "impossible message length");
	prelude(p, ES_MAX_MESSAGE + 1, 0);
	expect_error(p, 12, "impossible message length");
	prelude(p, 0xffffffffu, 0xfffffff0u);
	expect_error(p, 12, "impossible message length");

	/* CRC-valid messages whose headers lie about their own sizes */
	static const struct {
		const char *hdr;
		size_t len;
		const char *why;
	} bad[] = {
		{ "\x05" "ab", 3, "truncated header name" },
		{ "\x00", 1, "truncated header name" },
		{ "\x01" "a" "\x07" "\x00\x09" "abc", 7, "truncated header value" },
		{ "\x01" "a" "\x07" "\x00", 4, "truncated header value" },
		{ "\x01" "a" "\x05" "\x00\x00", 5, "truncated header value" },
		{ "\x01" "a" "\x0a", 3, "unknown header type" },
		{ "\x01" "a" "\x09" "0123456789", 13, "truncated header value" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		uint32_t total = (uint32_t)(16 + bad[i].len);
		prelude(m, total, (uint32_t)bad[i].len);
		memcpy(m + 12, bad[i].hdr, bad[i].len);
		put32(m + 12 + bad[i].len, es_crc32(0, m, 12 + bad[i].len));
		expect_error(m, total, bad[i].why);
	}
}

/* Random damage in random chunks: any outcome but a crash or over-read. */
static void test_random_damage(void **state)
{
	(void)state;
	struct buf all = { 0 };
	build_stream(&all);
	unsigned seed = 12345;
	for (int round = 0; round < 3000; round++) {
		char *copy = malloc(all.len);
		memcpy(copy, all.data, all.len);
		int flips = 1 + round % 4;
		for (int f = 0; f < flips; f++) {
			seed = seed * 1103515245u + 12345u;
			size_t at = (seed >> 8) % all.len;
			seed = seed * 1103515245u + 12345u;
			copy[at] = (char)(seed >> 16);
		}
		struct sink s = { 0 };
		struct es_decoder d;
		es_init(&d, collect, &s);
		struct clude_err err;
		err_clear(&err);
		size_t off = 0;
		while (off < all.len) {
			seed = seed * 1103515245u + 12345u;
			size_t n = 1 + (seed >> 10) % 40;
			if (n > all.len - off)
				n = all.len - off;
			int rc = es_feed(&d, copy + off, n, &err);
			if (rc) {
				assert_int_equal(rc, -1);
				assert_non_null(strstr(err.msg, "malformed"));
				break;
			}
			off += n;
		}
		es_free(&d);
		buf_free(&s.out);
		free(copy);
	}
	buf_free(&all);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc32),
		cmocka_unit_test(test_all_header_types),
		cmocka_unit_test(test_split_everywhere),
		cmocka_unit_test(test_partial_and_stop),
		cmocka_unit_test(test_corrupt),
		cmocka_unit_test(test_random_damage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
