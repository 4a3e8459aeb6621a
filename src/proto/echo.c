/* echo.c — the offline protocol behind the built-in "echo" vendor: the
 * reply is the last user message, streamed word by word, so every part of
 * clude can be tried without a network or a key. */
#include <string.h>
#include <time.h>

#include "clude/proto.h"
#include "clude/util.h"

static int local_chat(const struct target *t, const struct chat_request *req, chat_emit_fn emit,
		      void *ctx, volatile sig_atomic_t *cancel, struct clude_err *err)
{
	(void)t;
	const char *last = "";
	for (size_t i = 0; i < req->n_messages; i++)
		if (req->messages[i].role == ROLE_USER)
			last = req->messages[i].content;
	const char *p = last;
	while (*p) {
		if (cancel && *cancel) {
			err_set(err, CLUDE_ECANCEL, "interrupted");
			return -1;
		}
		size_t n = strcspn(p, " \n");
		n += strspn(p + n, " \n");
		struct chat_event ev = { .kind = CHAT_DELTA, .text = p, .len = n };
		if (emit(ctx, &ev)) {
			err_set(err, CLUDE_ECANCEL, "stopped");
			return -1;
		}
		p += n;
	}
	struct chat_event fin = { .kind = CHAT_FINISH, .finish_reason = "stop" };
	emit(ctx, &fin);
	return 0;
}

const struct proto_ops proto_echo = {
	.name = "echo",
	.local_chat = local_chat,
};
