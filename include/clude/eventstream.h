/* eventstream.h — an incremental decoder of AWS's binary event stream
 * (application/vnd.amazon.eventstream): length-prefixed messages with
 * typed headers, a payload and two CRC32s, whatever the chunk boundaries. */
#ifndef CLUDE_EVENTSTREAM_H
#define CLUDE_EVENTSTREAM_H

#include <stddef.h>
#include <stdint.h>

#include "clude/err.h"
#include "clude/util.h"

/* Limits of the format (aws-c-event-stream): larger is an error. */
#define ES_MAX_MESSAGE (16u * 1024 * 1024)
#define ES_MAX_HEADERS (128u * 1024)

enum es_type {
	ES_TRUE, ES_FALSE, ES_BYTE, ES_INT16, ES_INT32, ES_INT64,
	ES_BYTES, ES_STRING, ES_TIMESTAMP, ES_UUID,
};

struct es_header {
	const char *name; /* not NUL-terminated */
	size_t name_len;
	enum es_type type;
	const char *value; /* bytes / string / uuid, not NUL-terminated */
	size_t value_len;
	int64_t number;    /* bool (1/0), byte, int16/32/64, timestamp (ms) */
};

struct es_message {
	const struct es_header *headers;
	size_t n_headers;
	const char *payload;
	size_t payload_len;
};

/* The value of a string header, or NULL (len set when found). */
const char *es_header_string(const struct es_message *m, const char *name, size_t *len);
/* Does string header name equal value? */
int es_header_is(const struct es_message *m, const char *name, const char *value);

/* Called once per whole, CRC-checked message. Return non-zero to stop. */
typedef int (*es_message_fn)(void *ctx, const struct es_message *m);

struct es_decoder {
	struct buf pending;       /* bytes of the message being received */
	struct es_header *hdrs;   /* scratch, reused per message */
	size_t hdrs_cap;
	es_message_fn on_message;
	void *ctx;
	int failed;               /* a framing error was seen: feed refuses */
};

void es_init(struct es_decoder *d, es_message_fn fn, void *ctx);
/* Returns 0; -1 with err (EPROTO, "malformed event stream: …") on a bad CRC,
 * an impossible length or a bad header; or the callback's non-zero value
 * (the callback reports its own error). */
int es_feed(struct es_decoder *d, const char *data, size_t len, struct clude_err *err);
/* Bytes of an incomplete message held back (non-zero at end: cut short). */
size_t es_pending(const struct es_decoder *d);
void es_free(struct es_decoder *d);

/* CRC-32 (IEEE 802.3, as gzip): pass 0 to start, the previous to continue. */
uint32_t es_crc32(uint32_t crc, const void *data, size_t len);

/* Append one encoded message with string headers (names[i] = values[i]). */
void es_encode(struct buf *out, const char *const *names, const char *const *values, size_t n,
	       const char *payload, size_t payload_len);

#endif
