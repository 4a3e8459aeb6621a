/* config_expand.c — ${VAR} and ${VAR:-default} in config values, so keys
 * can stay in the environment instead of the file. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "clude/config.h"
#include "clude/util.h"

static int valid_name(const char *s, size_t n)
{
	if (n == 0 || isdigit((unsigned char)s[0]))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return 0;
	return 1;
}

char *config_expand(const char *s, struct clude_err *err)
{
	struct buf out = { 0 };
	buf_puts(&out, ""); /* never NULL data */
	const char *p = s;
	while (*p) {
		if (p[0] == '$' && p[1] == '$' && p[2] == '{') {
			buf_puts(&out, "${");
			p += 3;
			continue;
		}
		if (p[0] != '$' || p[1] != '{') {
			buf_putc(&out, *p++);
			continue;
		}
		const char *start = p + 2, *end = strchr(start, '}');
		if (!end) {
			/* the value may be a key: never quote it */
			err_set(err, CLUDE_ECONFIG, "unterminated ${ (a '}' is missing)");
			buf_free(&out);
			return NULL;
		}
		const char *def = NULL;
		size_t namelen = (size_t)(end - start);
		const char *sep = strstr(start, ":-");
		if (sep && sep < end) {
			namelen = (size_t)(sep - start);
			def = sep + 2;
		}
		if (!valid_name(start, namelen)) {
			err_set(err, CLUDE_ECONFIG, "bad variable name in ${…} (letters, digits and _ only)");
			buf_free(&out);
			return NULL;
		}
		char *name = xstrndup(start, namelen);
		const char *val = getenv(name);
		free(name);
		if (val && *val)
			buf_puts(&out, val);
		else if (def)
			buf_append(&out, def, (size_t)(end - def));
		p = end + 1;
	}
	return buf_steal(&out);
}
