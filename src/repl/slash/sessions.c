/* /sessions — the saved conversations, most recent first, as `clude
 * sessions list` prints them (★ marks this one). */
#include <stdio.h>
#include <stdlib.h>

#include "clude/repl.h"
#include "clude/store.h"

#define SHOWN 20

static void run(struct session *s, const char *arg)
{
	(void)arg;
	struct store *st = session_store(s);
	if (!st)
		return; /* the warning said why */
	struct clude_err err;
	err_clear(&err);
	struct saved_session *found;
	size_t n;
	if (sess_list(st, SHOWN, &found, &n, &err) != 0) {
		s->ui->print(s, ENTRY_ERROR, err.msg);
		return;
	}
	char *text = NULL;
	size_t len = 0;
	FILE *f = n ? open_memstream(&text, &len) : NULL;
	if (f) {
		sess_print_table(found, n, s->store_sid, f);
		if (n == SHOWN)
			fprintf(f, "(the latest %d; 'clude sessions list' shows all)\n", SHOWN);
		fclose(f);
		while (len && text[len - 1] == '\n')
			text[--len] = '\0';
	}
	s->ui->print(s, ENTRY_INFO, text ? text : "no saved conversations yet");
	free(text);
	saved_sessions_free(found, n);
}

const struct slash_cmd slash_sessions = {
	.name = "sessions", .args = "", .summary = "list saved conversations", .run = run,
};
