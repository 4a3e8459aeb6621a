/* /help — the slash commands and keys. */
#include <stdio.h>

#include "clude/repl.h"

static void run(struct session *s, const char *arg)
{
	(void)arg;
	size_t n;
	const struct slash_cmd *const *t = slash_table(&n);
	struct buf b = { 0 };
	for (size_t i = 0; i < n; i++) {
		char left[32];
		snprintf(left, sizeof left, "/%s%s%s", t[i]->name, *t[i]->args ? " " : "", t[i]->args);
		buf_printf(&b, "%-16s %s\n", left, t[i]->summary);
	}
	buf_puts(&b, "Enter sends; a line ending in \\ continues the message. Tab completes.\n"
		     "Ctrl-C stops a reply (the partial text is kept); Ctrl-D or /quit leaves.\n"
		     "PageUp/PageDown scroll the conversation.");
	s->ui->print(s, ENTRY_INFO, b.data);
	buf_free(&b);
}

const struct slash_cmd slash_help = {
	.name = "help", .args = "", .summary = "this list", .run = run,
};
