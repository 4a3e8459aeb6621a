/* window.h — keeping a conversation inside the model's context window:
 * the token budget, and the strategies (sliding_window, truncate,
 * summarize) that pick what of a long history is sent. */
#ifndef CLUDE_WINDOW_H
#define CLUDE_WINDOW_H

#include <stdbool.h>
#include <stddef.h>

#include "clude/chat.h"
#include "clude/client.h"
#include "clude/config.h"
#include "clude/err.h"
#include "clude/vendor.h"

#define WINDOW_DEFAULT_CONTEXT 8192 /* the window of a model clude has no table entry for */
#define WINDOW_DEFAULT_RESERVE 1024 /* the reply's share when the model's max output is unknown */
#define WINDOW_MSG_OVERHEAD 4	    /* tokens a message costs beyond its text (role, separators) */
#define WINDOW_REQ_OVERHEAD 3	    /* tokens of a request beyond its messages */
#define WINDOW_MARK "[…]"           /* where truncate cut text away */
#define WINDOW_SUMMARY_PREFIX "Summary of earlier conversation: "
/* The last message of a summary request. */
#define WINDOW_SUMMARY_INSTRUCTION                                                              \
	"Summarize the conversation above for your own later reference, in at most a few short " \
	"paragraphs: keep names, facts, numbers, decisions, code identifiers and open "         \
	"questions; leave out pleasantries. Reply with the summary only."

struct window_budget {
	long context; /* conversation.max_tokens, else the model's window, else 8192 */
	long reserve; /* kept for the reply */
	long budget;  /* context - reserve: what a request may hold */
};

/* conversation.max_tokens or the model's context window (mi may be NULL);
 * reserve_output, else the model's max output (1024 when unknown), at
 * most a quarter of the window; an explicit reserve_output at most half. */
void window_budget(const struct conversation_conf *c, const struct model_info *mi,
		   struct window_budget *out);

/* What m costs in a request: its text + WINDOW_MSG_OVERHEAD. */
long window_msg_tokens(const struct message *m);

/* Condense msgs[0..n) (the oldest turns) into a short text for the
 * summary note: a heap string, or NULL with err set. usage (may be NULL)
 * gets the request's usage. */
typedef char *(*window_summarize_fn)(void *ctx, const struct message *msgs, size_t n,
				     int max_tokens, struct usage *usage, struct clude_err *err);

/* The real summariser: one non-streamed request through client_chat to
 * the model of ctx (a struct window_chat), ending in
 * WINDOW_SUMMARY_INSTRUCTION. */
struct window_chat {
	const struct target *target;
	const struct http_opts *opts;
	const char *model;
};
char *window_summarize_chat(void *ctx, const struct message *msgs, size_t n, int max_tokens,
			    struct usage *usage, struct clude_err *err);

struct window_params {
	const char *system; /* the system prompt, always kept; NULL when none */
	long budget;
	enum conv_strategy strategy;
	window_summarize_fn summarize; /* summarize: NULL behaves as sliding_window */
	void *summarize_ctx;
};

/* What was done, for one line in the chat. */
struct window_report {
	enum conv_strategy strategy; /* the one asked for */
	bool trimmed;                /* anything was left out, cut or summarised */
	size_t dropped_turns;        /* whole turns left out */
	size_t cut_messages;         /* truncate: messages whose start was cut away */
	size_t summarized_turns;     /* summarize: turns replaced by the note */
	bool summary_failed;         /* summarize fell back to sliding_window */
	char summary_error[512];
	struct usage summary_usage;  /* the summary request's, when one was made */
	bool summary_requested;
	long tokens_before, tokens_after; /* estimated, whole request */
	long budget;
	bool over_budget;            /* the system prompt and newest turn alone exceed it */
};

/* The messages to send: the system prompt first (when given), then what
 * of the conversation fits. Contents are borrowed from the conversation,
 * but for cut, which window_out_free frees. */
struct window_out {
	struct message *msgs;
	size_t n;
	char *cut;
};

/* Fit the conversation *msgs[0..*n) into p->budget. The system prompt and
 * the newest user turn (the last user message and what follows it) are
 * always kept, whole, even when they alone exceed the budget
 * (rep->over_budget). Turns are left out whole: a reply never goes
 * without the message it answers.
 *   sliding_window  leaves out the oldest turns until the rest fits;
 *   truncate        cuts the oldest text away from its start (on a UTF-8
 *                   boundary, WINDOW_MARK in its place), leaving out
 *                   whole turns where cutting is not enough;
 *   summarize       replaces the oldest turns by one system message
 *                   WINDOW_SUMMARY_PREFIX + the summariser's text, in
 *                   *msgs itself (so they are not summarised again; the
 *                   list's contents must be heap strings it owns), enough
 *                   of them to bring the request to half the budget; when
 *                   the summariser fails it falls back to sliding_window.
 * Never fails; out must be freed with window_out_free. */
void window_fit(const struct window_params *p, struct message **msgs, size_t *n,
		struct window_out *out, struct window_report *rep);
void window_out_free(struct window_out *out);

/* One line saying what rep did, e.g. "trimmed 4 old turns to fit the 128K
 * context: 131,002 → 120,500 tokens"; "" when nothing was trimmed. */
void window_describe(const struct window_report *rep, const struct window_budget *b, char *buf,
		     size_t bufsz);
/* rep->over_budget: the newest message is sent whole though it does not
 * fit, and how far it is off. */
void window_describe_over(const struct window_report *rep, const struct window_budget *b,
			  char *buf, size_t bufsz);
/* clude -p: the prompt (msgs[0..n), the system prompt among them) is
 * never cut; true, with a warning in buf, when it does not fit. */
bool window_check_prompt(const struct conversation_conf *c, const struct model_info *mi,
			 const struct message *msgs, size_t n, char *buf, size_t bufsz);
/* "8,192" */
void window_fmt_count(long n, char *buf, size_t bufsz);
const char *conv_strategy_name(enum conv_strategy s);

#endif
