/* /providers — the vendor table, as `clude providers list` prints it. */
#include "clude/listing.h"
#include "clude/repl.h"

static void table(struct session *s, FILE *out)
{
	list_providers(&s->app->providers, s->provider, NULL, out);
}

static void run(struct session *s, const char *arg)
{
	(void)arg;
	session_print_with(s, ENTRY_INFO, table);
}

const struct slash_cmd slash_providers = {
	.name = "providers", .args = "", .summary = "list the vendors", .run = run,
};
