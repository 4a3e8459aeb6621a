/* err.c — filling and mapping struct clude_err (see err.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "clude/err.h"

void err_clear(struct clude_err *e)
{
	e->code = CLUDE_OK;
	e->http_status = 0;
	e->retry_after = -1;
	e->msg[0] = '\0';
}

void err_set(struct clude_err *e, int code, const char *fmt, ...)
{
	va_list ap;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	/* one line: fold any newline a vendor put in its message */
	for (char *p = e->msg; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
}

int err_exit_code(const struct clude_err *e)
{
	switch (e->code) {
	case CLUDE_OK:
		return 0;
	case CLUDE_EUSAGE:
	case CLUDE_ECONFIG:
	case CLUDE_EIO:
		return 1;
	case CLUDE_ECANCEL:
		return 130;
	default:
		return 2;
	}
}

void err_prefix(struct clude_err *e, const char *prefix)
{
	char tmp[sizeof e->msg];
	memcpy(tmp, e->msg, sizeof tmp);
	size_t n = strlen(prefix);
	if (n >= sizeof e->msg - 1)
		n = sizeof e->msg - 1;
	memcpy(e->msg, prefix, n);
	size_t rest = strlen(tmp);
	if (rest > sizeof e->msg - 1 - n)
		rest = sizeof e->msg - 1 - n;
	memcpy(e->msg + n, tmp, rest);
	e->msg[n + rest] = '\0';
}
