/* /quit — leave clude (Ctrl-D does the same). */
#include "clude/repl.h"

static void run(struct session *s, const char *arg)
{
	(void)arg;
	s->quit = true;
}

const struct slash_cmd slash_quit = {
	.name = "quit", .args = "", .summary = "leave", .run = run,
};
