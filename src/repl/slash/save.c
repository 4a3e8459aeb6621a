/* /save NAME — name the current conversation so `clude chat --resume NAME`
 * finds it (every conversation is saved as it happens; this names it). */
#include "clude/repl.h"

static void run(struct session *s, const char *arg)
{
	if (!*arg) {
		if (s->store_sid)
			session_printf(s, ENTRY_INFO, "this conversation is saved as session %lld; "
				       "/save NAME names it", s->store_sid);
		else
			s->ui->print(s, ENTRY_INFO, "nothing said yet; /save NAME names the "
						    "conversation (it is saved as it happens)");
		return;
	}
	struct clude_err err;
	err_clear(&err);
	if (persist_name(s, arg, &err) != 0) {
		s->ui->print(s, ENTRY_ERROR, err.msg);
		return;
	}
	session_printf(s, ENTRY_INFO, "✓ saved as \"%s\" (session %lld); clude chat --resume %s "
		       "continues it", arg, s->store_sid, arg);
}

const struct slash_cmd slash_save = {
	.name = "save", .args = "NAME", .summary = "name this conversation (to --resume it)",
	.run = run,
};
