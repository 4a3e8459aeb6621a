/* sse.c — incremental Server-Sent Events parsing (WHATWG "event stream
 * interpretation"), independent of where the network split the bytes. */
#include <string.h>

#include "clude/sse.h"

void sse_init(struct sse_parser *p, sse_event_fn fn, void *ctx)
{
	memset(p, 0, sizeof *p);
	p->on_event = fn;
	p->ctx = ctx;
}

static int dispatch(struct sse_parser *p)
{
	int rc = 0;
	if (p->has_data) {
		size_t len = p->data.len;
		if (len && p->data.data[len - 1] == '\n')
			len--; /* the spec drops the final LF */
		const char *ev = p->event.len ? p->event.data : "message";
		rc = p->on_event(p->ctx, ev, p->data.len ? p->data.data : "", len);
	}
	buf_reset(&p->data);
	buf_reset(&p->event);
	p->has_data = 0;
	return rc;
}

/* One complete line (without its terminator). */
static int process_line(struct sse_parser *p, const char *line, size_t len)
{
	if (len == 0)
		return dispatch(p);
	if (line[0] == ':')
		return 0; /* comment */
	const char *colon = memchr(line, ':', len);
	size_t flen = colon ? (size_t)(colon - line) : len;
	const char *val = colon ? colon + 1 : line + len;
	size_t vlen = (size_t)(line + len - val);
	if (vlen && val[0] == ' ') {
		val++;
		vlen--;
	}
	if (flen == 4 && memcmp(line, "data", 4) == 0) {
		buf_append(&p->data, val, vlen);
		buf_putc(&p->data, '\n');
		p->has_data = 1;
	} else if (flen == 5 && memcmp(line, "event", 5) == 0) {
		buf_reset(&p->event);
		buf_append(&p->event, val, vlen);
	}
	/* id and retry are not used by any LLM protocol clude speaks */
	return 0;
}

/* Bytes before the first CR or LF (len when none): memchr is vectorised. */
static size_t strcspn_n(const char *s, size_t len)
{
	const char *lf = memchr(s, '\n', len);
	size_t n = lf ? (size_t)(lf - s) : len;
	const char *cr = memchr(s, '\r', n);
	return cr ? (size_t)(cr - s) : n;
}

int sse_feed(struct sse_parser *p, const char *data, size_t len)
{
	if (len == 0)
		return 0; /* an empty feed must not forget a pending CR */
	size_t i = 0;
	if (p->last_was_cr && len && data[0] == '\n')
		i = 1; /* second half of a CRLF split across feeds */
	p->last_was_cr = 0;
	while (i < len) {
		size_t j = i + strcspn_n(data + i, len - i);
		if (j == len) { /* no terminator: keep for the next feed */
			buf_append(&p->line, data + i, len - i);
			return 0;
		}
		int rc;
		if (p->line.len) {
			buf_append(&p->line, data + i, j - i);
			rc = process_line(p, p->line.data, p->line.len);
			buf_reset(&p->line);
		} else {
			rc = process_line(p, data + i, j - i);
		}
		if (data[j] == '\r') {
			if (j + 1 < len) {
				if (data[j + 1] == '\n')
					j++;
			} else {
				p->last_was_cr = 1;
			}
		}
		i = j + 1;
		if (rc)
			return rc;
	}
	return 0;
}

int sse_finish(struct sse_parser *p)
{
	int incomplete = p->line.len > 0 || p->has_data;
	buf_reset(&p->line);
	buf_reset(&p->data);
	buf_reset(&p->event);
	p->has_data = 0;
	return incomplete;
}

void sse_free(struct sse_parser *p)
{
	buf_free(&p->line);
	buf_free(&p->data);
	buf_free(&p->event);
}
