/* http.h — one HTTP exchange over libcurl, streamed: bytes are handed to a
 * callback as they arrive, a cancel flag aborts it, timeouts are enforced. */
#ifndef CLUDE_HTTP_H
#define CLUDE_HTTP_H

#include <signal.h>
#include <stddef.h>

#include "clude/err.h"

struct http_request {
	char *method;   /* "GET" / "POST" */
	char *url;
	char **headers; /* "Name: value" strings */
	size_t n_headers;
	char *body;     /* NULL for GET */
	size_t body_len;
};

void http_request_add_header(struct http_request *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void http_request_free(struct http_request *r);

struct http_opts {
	long connect_timeout_ms;       /* 0: default 10 s */
	long idle_timeout_ms;          /* no byte for this long aborts; 0: default 120 s */
	long total_timeout_ms;         /* 0: none */
	volatile sig_atomic_t *cancel; /* set to non-zero to abort (from a signal handler) */
	/* Optional: a descriptor to watch while waiting (the REPL's terminal);
	 * on_fd runs when it is readable. */
	int watch_fd;                  /* watched only when on_fd is set */
	void (*on_fd)(void *ctx);
	void (*on_idle)(void *ctx);    /* optional: runs at least every 100 ms */
	void *fd_ctx;                  /* for on_fd and on_idle */
};

/* Called for each piece of the body, with the final HTTP status. Return
 * non-zero to abort the transfer (reported as CLUDE_ECANCEL). */
typedef int (*http_data_fn)(void *ctx, int status, const char *data, size_t len);

struct http_response {
	int status;      /* 0 when no response */
	int retry_after; /* seconds, -1 when absent */
	char content_type[128];
};

/* Perform the request. Returns 0 when a complete response arrived (of any
 * status), else -1 with err (ENET, ETIMEOUT, ECANCEL, EPROTO when the
 * connection dropped mid-body). */
int http_perform(const struct http_request *req, const struct http_opts *opts,
		 http_data_fn on_data, void *ctx, struct http_response *resp,
		 struct clude_err *err);

/* Global libcurl setup/teardown (once per process). */
void http_global_init(void);
void http_global_cleanup(void);

/* Parse a Retry-After value: delta seconds or an HTTP date. -1 if invalid. */
int http_parse_retry_after(const char *value, long now_epoch);

#endif
