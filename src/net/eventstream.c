/* eventstream.c — decoding AWS event-stream framing, after the AWS
 * "Event stream encoding" reference (Lex V2 / Transcribe guides) and
 * aws-c-event-stream: prelude = total length, headers length (big-endian
 * u32) and a CRC32 of those 8 bytes; headers; payload; CRC32 of all before.
 * Every length is checked before it is trusted, so bad input is an error. */
#include <stdlib.h>
#include <string.h>

#include "clude/eventstream.h"

#define PRELUDE 12u
#define OVERHEAD 16u /* prelude + message CRC */

uint32_t es_crc32(uint32_t crc, const void *data, size_t len)
{
	/* reflected polynomial 0xEDB88320, four bits at a time */
	static const uint32_t t[16] = {
		0x00000000, 0x1db71064, 0x3b6e20c8, 0x26d930ac, 0x76dc4190, 0x6b6b51f4,
		0x4db26158, 0x5005713c, 0xedb88320, 0xf00f9344, 0xd6d6a3e8, 0xcb61b38c,
		0x9b64c2b0, 0x86d3d2d4, 0xa00ae278, 0xbdbdf21c,
	};
	const unsigned char *p = data;
	crc = ~crc;
	while (len--) {
		crc ^= *p++;
		crc = t[crc & 15] ^ (crc >> 4);
		crc = t[crc & 15] ^ (crc >> 4);
	}
	return ~crc;
}

static uint32_t be32(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;
	return (uint32_t)u[0] << 24 | (uint32_t)u[1] << 16 | (uint32_t)u[2] << 8 | u[3];
}

static uint64_t be_n(const char *p, size_t n)
{
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++)
		v = v << 8 | (unsigned char)p[i];
	return v;
}

void es_init(struct es_decoder *d, es_message_fn fn, void *ctx)
{
	memset(d, 0, sizeof *d);
	d->on_message = fn;
	d->ctx = ctx;
}

static int fail(struct es_decoder *d, struct clude_err *err, const char *what)
{
	d->failed = 1;
	err_set(err, CLUDE_EPROTO, "malformed event stream: %s", what);
	return -1;
}

/* Size of a fixed-width value, 0 for none, -1 for length-prefixed. */
static int value_size(int type)
{
	switch (type) {
	case ES_TRUE: case ES_FALSE: return 0;
	case ES_BYTE: return 1;
	case ES_INT16: return 2;
	case ES_INT32: return 4;
	case ES_INT64: case ES_TIMESTAMP: return 8;
	case ES_UUID: return 16;
	case ES_BYTES: case ES_STRING: return -1;
	default: return -2;
	}
}

static int64_t sign_extend(uint64_t v, size_t n)
{
	if (n < 8 && (v >> (8 * n - 1)) & 1)
		v |= ~(uint64_t)0 << (8 * n);
	return (int64_t)v;
}

/* Headers section [p, p+n) into d->hdrs; returns the count or -1. */
static long parse_headers(struct es_decoder *d, const char *p, size_t n, const char **why)
{
	size_t count = 0, i = 0;
	while (i < n) {
		size_t name_len = (unsigned char)p[i++];
		if (name_len == 0 || n - i < name_len + 1) {
			*why = "truncated header name";
			return -1;
		}
		struct es_header h = { .name = p + i, .name_len = name_len };
		i += name_len;
		h.type = (enum es_type)(unsigned char)p[i++];
		int size = value_size(h.type);
		if (size == -2) {
			*why = "unknown header type";
			return -1;
		}
		if (size == -1) {
			if (n - i < 2) {
				*why = "truncated header value";
				return -1;
			}
			size = (int)be_n(p + i, 2);
			i += 2;
		}
		if (n - i < (size_t)size) {
			*why = "truncated header value";
			return -1;
		}
		h.value = p + i;
		h.value_len = (size_t)size;
		if (h.type == ES_TRUE || h.type == ES_FALSE)
			h.number = h.type == ES_TRUE;
		else if (h.type != ES_BYTES && h.type != ES_STRING && h.type != ES_UUID)
			h.number = sign_extend(be_n(p + i, (size_t)size), (size_t)size);
		i += (size_t)size;
		if (count == d->hdrs_cap) {
			d->hdrs_cap = d->hdrs_cap ? 2 * d->hdrs_cap : 8;
			d->hdrs = xrealloc(d->hdrs, d->hdrs_cap * sizeof *d->hdrs);
		}
		d->hdrs[count++] = h;
	}
	return (long)count;
}

/* One whole message at m (total bytes): check, decode, deliver. */
static int deliver(struct es_decoder *d, const char *m, uint32_t total, struct clude_err *err)
{
	uint32_t hlen = be32(m + 4);
	if (es_crc32(0, m, total - 4) != be32(m + total - 4))
		return fail(d, err, "bad message CRC");
	const char *why = "";
	long n = parse_headers(d, m + PRELUDE, hlen, &why);
	if (n < 0)
		return fail(d, err, why);
	struct es_message msg = {
		.headers = d->hdrs,
		.n_headers = (size_t)n,
		.payload = m + PRELUDE + hlen,
		.payload_len = total - OVERHEAD - hlen,
	};
	return d->on_message(d->ctx, &msg);
}

int es_feed(struct es_decoder *d, const char *data, size_t len, struct clude_err *err)
{
	if (d->failed)
		return fail(d, err, "data after an error");
	buf_append(&d->pending, data, len);
	size_t off = 0;
	int rc = 0;
	while (d->pending.len - off >= PRELUDE) {
		const char *m = d->pending.data + off;
		uint32_t total = be32(m), hlen = be32(m + 4);
		if (es_crc32(0, m, 8) != be32(m + 8)) {
			rc = fail(d, err, "bad prelude CRC");
			break;
		}
		if (total < OVERHEAD || total > ES_MAX_MESSAGE || hlen > ES_MAX_HEADERS ||
		    hlen > total - OVERHEAD) {
			rc = fail(d, err, "impossible message length");
			break;
		}
		if (d->pending.len - off < total)
			break; /* wait for the rest */
		rc = deliver(d, m, total, err);
		off += total;
		if (rc)
			break;
	}
	buf_consume(&d->pending, off);
	return rc;
}

size_t es_pending(const struct es_decoder *d)
{
	return d->pending.len;
}

void es_free(struct es_decoder *d)
{
	buf_free(&d->pending);
	free(d->hdrs);
	d->hdrs = NULL;
	d->hdrs_cap = 0;
}

const char *es_header_string(const struct es_message *m, const char *name, size_t *len)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < m->n_headers; i++) {
		const struct es_header *h = &m->headers[i];
		if (h->type == ES_STRING && h->name_len == n && !memcmp(h->name, name, n)) {
			*len = h->value_len;
			return h->value;
		}
	}
	return NULL;
}

int es_header_is(const struct es_message *m, const char *name, const char *value)
{
	size_t len;
	const char *v = es_header_string(m, name, &len);
	return v && len == strlen(value) && !memcmp(v, value, len);
}

static void put32(struct buf *b, uint32_t v)
{
	char c[4] = { (char)(v >> 24), (char)(v >> 16), (char)(v >> 8), (char)v };
	buf_append(b, c, 4);
}

void es_encode(struct buf *out, const char *const *names, const char *const *values, size_t n,
	       const char *payload, size_t payload_len)
{
	struct buf h = { 0 };
	for (size_t i = 0; i < n; i++) {
		size_t nl = strlen(names[i]), vl = strlen(values[i]);
		buf_putc(&h, (char)nl);
		buf_append(&h, names[i], nl);
		buf_putc(&h, (char)ES_STRING);
		buf_putc(&h, (char)(vl >> 8));
		buf_putc(&h, (char)vl);
		buf_append(&h, values[i], vl);
	}
	size_t start = out->len;
	put32(out, (uint32_t)(OVERHEAD + h.len + payload_len));
	put32(out, (uint32_t)h.len);
	put32(out, es_crc32(0, out->data + start, 8));
	buf_append(out, h.data ? h.data : "", h.len);
	buf_append(out, payload, payload_len);
	put32(out, es_crc32(0, out->data + start, out->len - start));
	buf_free(&h);
}
