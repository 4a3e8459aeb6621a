/* /provider NAME — switch vendor (its default model), keeping the
 * conversation; no network needed. */
#include <string.h>

#include "clude/listing.h"
#include "clude/repl.h"

static void run(struct session *s, const char *arg)
{
	if (!*arg) {
		session_printf(s, ENTRY_INFO, "provider: %s (%s) — /provider NAME to switch",
			       s->provider->decl->display, s->provider->decl->name);
		return;
	}
	struct clude_err err;
	err_clear(&err);
	if (session_set_provider(s, arg, &err) != 0) {
		s->ui->print(s, ENTRY_ERROR, err.msg);
		return;
	}
	session_printf(s, ENTRY_INFO, "✓ provider: %s (%s)", s->provider->decl->display, s->model);
}

static const char *complete(struct session *s, const char *prefix, size_t idx)
{
	size_t n = strlen(prefix), seen = 0;
	for (size_t i = 0; i < s->app->providers.n; i++) {
		const struct provider *p = &s->app->providers.items[i];
		if (provider_is_template(p) || strncmp(p->decl->name, prefix, n) != 0)
			continue;
		if (seen++ == idx)
			return p->decl->name;
	}
	return NULL;
}

const struct slash_cmd slash_provider = {
	.name = "provider", .args = "NAME", .summary = "switch vendor", .run = run,
	.complete_arg = complete,
};
