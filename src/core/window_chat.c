/* window_chat.c — the real summariser of the conversation window: one
 * non-streamed request through client_chat. Apart from window.c so that
 * the window itself needs nothing but the estimator (tests, benchmark). */
#include <stdlib.h>
#include <string.h>

#include "clude/util.h"
#include "clude/window.h"

char *window_summarize_chat(void *ctx, const struct message *msgs, size_t n, int max_tokens,
			    struct usage *usage, struct clude_err *err)
{
	const struct window_chat *w = ctx;
	struct message *all = xcalloc(n + 1, sizeof *all);
	memcpy(all, msgs, n * sizeof *all);
	all[n] = (struct message){ .role = ROLE_USER, .content = (char *)WINDOW_SUMMARY_INSTRUCTION };
	struct chat_request req = { .model = w->model, .messages = all, .n_messages = n + 1,
				    .stream = false, .max_tokens = max_tokens, .temperature = -1 };
	struct chat_result r;
	int rc = client_chat(w->target, &req, w->opts, NULL, NULL, &r, err);
	free(all);
	if (usage)
		*usage = r.usage;
	char *text = rc == 0 ? xstrdup(r.text ? r.text : "") : NULL;
	chat_result_free(&r);
	return text;
}
