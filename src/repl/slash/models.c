/* /models — the current vendor's model table, as `clude models list`. */
#include "clude/listing.h"
#include "clude/repl.h"

static void table(struct session *s, FILE *out)
{
	list_models(s->provider, s->model, out);
}

static void run(struct session *s, const char *arg)
{
	(void)arg;
	if (provider_model_count(s->provider) == 0) {
		session_printf(s, ENTRY_INFO, "%s has no model table; 'clude models list --live -P %s' "
			       "asks the vendor", s->provider->decl->name, s->provider->decl->name);
		return;
	}
	session_print_with(s, ENTRY_INFO, table);
}

const struct slash_cmd slash_models = {
	.name = "models", .args = "", .summary = "list the current vendor's models", .run = run,
};
