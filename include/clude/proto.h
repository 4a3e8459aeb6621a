/* proto.h — one vtable per wire protocol (OpenAI chat, Anthropic Messages,
 * Gemini, …). A protocol turns a request into HTTP and response bytes into
 * chat events; it never touches the network itself (curl's model of
 * protocol handlers behind one interface). */
#ifndef CLUDE_PROTO_H
#define CLUDE_PROTO_H

#include "clude/chat.h"
#include "clude/err.h"
#include "clude/http.h"
#include "clude/sse.h"
#include "clude/util.h"

struct provider;

/* Where a request goes: the vendor, its effective URL and key, the model. */
struct target {
	const struct provider *provider;
	const char *base_url;
	const char *api_key; /* NULL when none */
	const char *model;
};

struct proto_stream; /* protocol-private decoding state */

/* A live model list (from the vendor's /models). */
struct model_entry {
	char *id;
	char *owned_by;
	int context_window; /* 0 when not reported */
};
struct model_list {
	struct model_entry *items;
	size_t n;
};
void model_list_free(struct model_list *l);

struct proto_ops {
	const char *name;
	/* Build the HTTP request for a chat completion. */
	int (*build_chat)(const struct target *t, const struct chat_request *req,
			  struct http_request *out, struct clude_err *err);
	/* Streaming decode: new state, bytes in (any split), end of body. */
	struct proto_stream *(*stream_new)(chat_emit_fn emit, void *ctx);
	int (*stream_feed)(struct proto_stream *s, const char *data, size_t len,
			   struct clude_err *err);
	/* End of body: an error (EPROTO) if the stream was cut before its end. */
	int (*stream_end)(struct proto_stream *s, struct clude_err *err);
	void (*stream_free)(struct proto_stream *s);
	/* A whole non-streamed response body. */
	int (*parse_response)(const char *body, size_t len, chat_emit_fn emit, void *ctx,
			      struct clude_err *err);
	/* A non-2xx response body -> one clear line in err (code EHTTP). */
	void (*parse_error)(int status, const char *body, size_t len, struct clude_err *err);
	/* Live model listing; NULL when the protocol has none. */
	int (*build_models)(const struct target *t, struct http_request *out, struct clude_err *err);
	int (*parse_models)(const char *body, size_t len, struct model_list *out,
			    struct clude_err *err);
	/* Protocols answered in-process (echo): replaces HTTP entirely. */
	int (*local_chat)(const struct target *t, const struct chat_request *req, chat_emit_fn emit,
			  void *ctx, volatile sig_atomic_t *cancel, struct clude_err *err);
};

const struct proto_ops *proto_find(const char *name);

/* Shared helper: the header a target's vendor authenticates with. */
void proto_add_auth(const struct target *t, struct http_request *out);
/* Shared helper: "HTTP 429 Too Many Requests: <detail>"; err->retry_after
 * must already hold the Retry-After seconds (or -1). */
void proto_http_error(struct clude_err *err, int status, const char *detail);
/* A non-2xx body -> err: detail() extracts the vendor's message (and its
 * type/code) from the parsed JSON; anything else keeps the first 200 bytes. */
struct cJSON;
typedef void (*proto_detail_fn)(const struct cJSON *root, struct buf *out);
/* "message (code)" from the common error shapes (see proto.c). */
void proto_error_detail(const struct cJSON *root, struct buf *out);
void proto_error_body(int status, const char *body, size_t len, proto_detail_fn detail,
		      struct clude_err *err);
/* The first member of every SSE protocol's decoding state: the parser and
 * where decoded events go. proto_sse_new allocates a zeroed state of `size`
 * bytes and parses with on_event, which receives that state. */
struct sse_stream {
	struct sse_parser sse;
	chat_emit_fn emit;
	void *ctx;
	struct clude_err *err; /* set during a feed */
};
void *proto_sse_new(size_t size, sse_event_fn on_event, chat_emit_fn emit, void *ctx);
int proto_sse_feed(struct sse_stream *b, const char *data, size_t len, struct clude_err *err);
/* "malformed <what>: <first 60 bytes>" (EPROTO); data need not end in NUL. */
void proto_malformed(struct clude_err *err, const char *what, const char *data, size_t len);
/* Percent-encode everything but RFC 3986 unreserved characters (a path
 * segment or query value); heap string. */
char *proto_escape(const char *s);
/* base + path without a doubled slash; heap string. */
char *proto_join_url(const char *base, const char *path);

#endif
