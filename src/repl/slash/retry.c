/* /retry — send the last user turn again (after an error or to get
 * another answer). */
#include "clude/repl.h"

static void run(struct session *s, const char *arg)
{
	(void)arg;
	session_retry(s);
}

const struct slash_cmd slash_retry = {
	.name = "retry", .args = "", .summary = "resend the last message", .run = run,
};
