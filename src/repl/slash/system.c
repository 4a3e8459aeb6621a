/* /system TEXT — set (or with no text, clear) the system prompt. */
#include <stdlib.h>

#include "clude/repl.h"

static void run(struct session *s, const char *arg)
{
	free(s->system);
	s->system = *arg ? xstrdup(arg) : NULL;
	s->ui->print(s, ENTRY_INFO, *arg ? "✓ system prompt set" : "✓ system prompt cleared");
}

const struct slash_cmd slash_system = {
	.name = "system", .args = "TEXT", .summary = "set the system prompt (empty clears it)",
	.run = run,
};
