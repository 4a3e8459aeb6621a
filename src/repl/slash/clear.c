/* /clear — start a new conversation (the system prompt stays). */
#include "clude/repl.h"

static void run(struct session *s, const char *arg)
{
	(void)arg;
	session_clear(s);
	s->ui->print(s, ENTRY_INFO, "✓ new conversation");
}

const struct slash_cmd slash_clear = {
	.name = "clear", .args = "", .summary = "start a new conversation", .run = run,
};
