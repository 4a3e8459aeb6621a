/* sigv4.h — AWS Signature Version 4 for a struct http_request: the
 * canonical request, the string to sign, the derived key and the headers
 * that carry the result. The clock is a parameter, so tests are exact. */
#ifndef CLUDE_SIGV4_H
#define CLUDE_SIGV4_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "clude/err.h"
#include "clude/http.h"
#include "clude/util.h"

struct sigv4_params {
	const char *access_key;
	const char *secret_key;
	const char *session_token; /* temporary credentials, or NULL */
	const char *region;        /* "us-east-1" */
	const char *service;       /* "bedrock", "iam", … */
	time_t now;                /* signing time (UTC seconds) */
	bool content_sha256;       /* also send x-amz-content-sha256 (S3 wants it) */
};

/* What was signed, for tests and debugging (heap strings). */
struct sigv4_trace {
	char *canonical_request;
	char *string_to_sign;
	char signature[65];
};
void sigv4_trace_free(struct sigv4_trace *t);

/* Sign req in place. Every header already in req is signed, plus Host
 * (added from the URL when absent), X-Amz-Date, X-Amz-Security-Token when a
 * session token is given and X-Amz-Content-Sha256 when asked; then the
 * Authorization header is added. Earlier signing headers are replaced. The
 * URL's path must be sent as it is written (percent-encoded); each segment
 * is encoded once more for the canonical URI, as AWS requires of every
 * service but S3. trace may be NULL. Fails (EUSAGE) on a URL it cannot read
 * or missing credentials. */
int sigv4_sign(struct http_request *req, const struct sigv4_params *p, struct sigv4_trace *trace,
	       struct clude_err *err);

/* kSigning = HMAC chain over "AWS4"+secret, date (YYYYMMDD), region,
 * service, "aws4_request". */
void sigv4_signing_key(const char *secret, const char *date, const char *region,
		       const char *service, uint8_t out[32]);

/* AWS URI encoding: A-Z a-z 0-9 - . _ ~ kept, everything else %XX
 * (uppercase hex); '/' kept only when keep_slash. */
void sigv4_uri_encode(struct buf *out, const char *s, size_t n, bool keep_slash);

#endif
