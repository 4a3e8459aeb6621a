/* err.h — errors travel as values: a code, an optional HTTP status, one
 * human line. They are printed once, at the edge (main / the REPL). */
#ifndef CLUDE_ERR_H
#define CLUDE_ERR_H

enum clude_errcode {
	CLUDE_OK = 0,
	CLUDE_EUSAGE,   /* bad command line */
	CLUDE_ECONFIG,  /* bad config file, unknown vendor/model */
	CLUDE_EHTTP,    /* vendor answered with a non-2xx status */
	CLUDE_ENET,     /* could not connect / DNS / TLS */
	CLUDE_ETIMEOUT, /* connect or idle timeout */
	CLUDE_EPROTO,   /* malformed or truncated response */
	CLUDE_ECANCEL,  /* user interrupted */
	CLUDE_EIO,      /* local file trouble */
};

struct clude_err {
	int code;
	int http_status;  /* when code == CLUDE_EHTTP */
	int retry_after;  /* seconds from Retry-After, -1 when absent */
	char msg[512];    /* one line, no trailing newline, never contains a key */
};

void err_clear(struct clude_err *e);
void err_set(struct clude_err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Put prefix (e.g. "file: ") before the message, truncating the end. */
void err_prefix(struct clude_err *e, const char *prefix);
/* Exit status for an error: usage/config 1, cancel 130, everything else 2. */
int err_exit_code(const struct clude_err *e);

#endif
