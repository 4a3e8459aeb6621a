/* print.c — how saved conversations look in a table, shared by `clude
 * sessions list` and the REPL's /sessions so both show the same thing. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "clude/store.h"
#include "clude/table.h"
#include "clude/utf8.h"
#include "clude/util.h"

void store_fmt_time(long long ms, char *out, size_t sz)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	if (!localtime_r(&t, &tm) || !strftime(out, sz, "%Y-%m-%d %H:%M", &tm))
		snprintf(out, sz, "?");
}

void store_fmt_clip(const char *s, size_t cols, char *out, size_t sz)
{
	size_t len = strlen(s);
	if (utf8_width(s) <= cols) {
		snprintf(out, sz, "%s", s);
	} else {
		size_t used = 0, w = 0;
		while (used < len) {
			unsigned cp;
			size_t n = utf8_decode(s + used, len - used, &cp);
			size_t cw = (size_t)cp_width(cp);
			if (w + cw + 1 > cols) /* room for the ellipsis */
				break;
			w += cw;
			used += n;
		}
		snprintf(out, sz, "%.*s…", (int)used, s);
	}
	for (char *p = out; *p; p++)
		if ((unsigned char)*p < 0x20)
			*p = ' ';
}

void sess_print_table(const struct saved_session *ss, size_t n, long long current, FILE *out)
{
	struct table t;
	table_init(&t, 5);
	t.right_align = 1u << 3;
	table_add(&t, (const char *[]){ "ID", "NAME", "UPDATED", "TURNS", "FIRST MESSAGE" });
	for (size_t i = 0; i < n; i++) {
		char id[32], when[32], turns[24], first[256];
		snprintf(id, sizeof id, "%s%lld", ss[i].id == current ? "★ " : "", ss[i].id);
		store_fmt_time(ss[i].updated, when, sizeof when);
		snprintf(turns, sizeof turns, "%ld", ss[i].turns);
		store_fmt_clip(ss[i].first_line, 48, first, sizeof first);
		table_add(&t, (const char *[]){ id, ss[i].name ? ss[i].name : "-", when, turns,
						first });
	}
	table_print(&t, out);
	table_free(&t);
}
