/* /model ID — switch model on the current vendor, keeping the
 * conversation. An id not in the vendor's table is allowed, with a hint. */
#include <string.h>

#include "clude/repl.h"
#include "clude/router.h"

static void run(struct session *s, const char *arg)
{
	if (!*arg) {
		session_printf(s, ENTRY_INFO, "model: %s — /model ID to switch, /models lists them",
			       s->model);
		return;
	}
	if (router_is_virtual(&s->app->cfg, arg)) {
		session_set_model(s, arg); /* a model group or "auto": the router picks */
		session_printf(s, ENTRY_INFO, "✓ model: %s (routed)", s->model);
		return;
	}
	if (!provider_find_model(s->provider, arg) && provider_model_count(s->provider)) {
		const char *near = model_suggest(s->provider, arg);
		session_printf(s, ENTRY_ERROR, "'%s' is not in %s's table%s%s%s; using it anyway", arg,
			       s->provider->decl->name, near ? " (did you mean " : "",
			       near ? near : "", near ? "?)" : "");
	}
	session_set_model(s, arg);
	session_printf(s, ENTRY_INFO, "✓ model: %s", s->model);
}

static const char *complete(struct session *s, const char *prefix, size_t idx)
{
	size_t n = strlen(prefix), seen = 0;
	for (size_t i = 0; i < provider_model_count(s->provider); i++) {
		const struct model_info *m = provider_model_at(s->provider, i);
		if (strncmp(m->id, prefix, n) == 0 && seen++ == idx)
			return m->id;
	}
	return NULL;
}

const struct slash_cmd slash_model = {
	.name = "model", .args = "ID", .summary = "switch model", .run = run,
	.complete_arg = complete,
};
