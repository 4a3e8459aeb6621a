/* sse.h — an incremental Server-Sent Events parser (WHATWG rules): bytes in,
 * whole events out, whatever the chunk boundaries (LF, CRLF or CR lines,
 * comments, multi-line data, event/id fields). */
#ifndef CLUDE_SSE_H
#define CLUDE_SSE_H

#include <stddef.h>

#include "clude/util.h"

/* Called per dispatched event. event is "message" when none was named.
 * Return non-zero to stop parsing (sse_feed returns that value). */
typedef int (*sse_event_fn)(void *ctx, const char *event, const char *data, size_t len);

struct sse_parser {
	struct buf line;   /* partial line carried between feeds */
	struct buf data;   /* data lines of the event being built */
	struct buf event;  /* event name being built */
	int has_data;
	int last_was_cr;   /* a CR ended the previous feed: skip a leading LF */
	sse_event_fn on_event;
	void *ctx;
};

void sse_init(struct sse_parser *p, sse_event_fn fn, void *ctx);
int sse_feed(struct sse_parser *p, const char *data, size_t len);
/* End of stream. As the spec says, an event not closed by a blank line is
 * discarded; returns 1 when something was pending (a cut stream), else 0. */
int sse_finish(struct sse_parser *p);
void sse_free(struct sse_parser *p);

#endif
