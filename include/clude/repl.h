/* repl.h — the chat session shared by both front ends (curses and plain):
 * the conversation, the current vendor and model, the session's cost, and
 * the slash-command table. A front end implements struct repl_ui. */
#ifndef CLUDE_REPL_H
#define CLUDE_REPL_H

#include <stdbool.h>
#include <stdio.h>

#include "clude/app.h"
#include "clude/chat.h"
#include "clude/pane.h"

struct session;
struct chat_result;
struct persist;
struct saved_session;
struct store;

/* What a front end must do; every call is on the main thread. */
struct repl_ui {
	void (*print)(struct session *s, enum entry_kind kind, const char *text);
	void (*reply_begin)(struct session *s);
	void (*reply_delta)(struct session *s, const char *text, size_t len);
	void (*reply_end)(struct session *s);
	/* A network read's text is all in: draw it (optional). */
	void (*reply_flush)(struct session *s);
	void (*status)(struct session *s); /* vendor, model, tokens, cost or state changed */
	/* While a reply streams: called when the terminal has input. */
	void (*on_input)(void *ctx);
	void (*on_idle)(void *ctx); /* while a reply streams, every <= 100 ms */
	void *ctx;
};

/* Per vendor+model totals for /cost. */
struct cost_line {
	char *provider;
	char *model;
	long requests;
	long input_tokens;
	long output_tokens;
	double cost; /* USD; known part only */
	bool estimated;
	bool unknown_price;
};

struct session {
	struct app *app;
	const struct repl_ui *ui;
	struct provider *provider;
	const char *model;
	char *model_owned;
	char *system;
	struct message *msgs;
	size_t n_msgs;
	struct cost_line *costs;
	size_t n_costs;
	long tokens;  /* all requests of the session */
	double cost;  /* USD */
	const char *state; /* "ready", "streaming…", "interrupted", "error" */
	volatile sig_atomic_t *cancel;
	bool quit;
	char *unsent; /* a user turn whose request got nothing back: /retry sends it */
	/* who answered the last request (a fallback may stand in): costs and
	 * usage rows are booked to it */
	const struct provider *answered;
	char answered_model[128];
	/* clude.db (src/repl/persist.c): opened on first use */
	struct store *store;
	long long store_sid;     /* the saved conversation, 0 until its first message */
	struct persist *persist; /* persist.c's own state */
};

void session_init(struct session *s, struct app *app, const struct repl_ui *ui,
		  struct provider *p, const char *model);
void session_free(struct session *s);
/* A user message: append, send, stream the reply into the UI. */
void session_say(struct session *s, const char *text);
/* Resend the last user turn (dropping any reply to it). */
void session_retry(struct session *s);
void session_clear(struct session *s);
int session_set_provider(struct session *s, const char *name, struct clude_err *err);
void session_set_model(struct session *s, const char *model);
/* printf into the UI as one entry of the given kind */
void session_printf(struct session *s, enum entry_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Print what fn writes to a FILE (a table) as one entry. */
void session_print_with(struct session *s, enum entry_kind kind,
			void (*fn)(struct session *s, FILE *out));

/* The messages of the next request, fitted into the model's context
 * window by the configured strategy (fit.c, window.h); says so in the
 * chat when old turns were left out. True when a summary request was
 * made: *summary_usage is then its usage, to be counted. */
struct window_out;
bool session_fit(struct session *s, struct window_out *out, struct usage *summary_usage);

/* The session's saved copy in clude.db (persist.c). A database that
 * cannot be opened or written is reported once in the chat; after that
 * nothing is saved and the chat goes on. */
struct store *session_store(struct session *s); /* NULL when unavailable */
void persist_user(struct session *s, const char *text); /* a user turn was added */
void persist_reply_begin(struct session *s);
void persist_reply_delta(struct session *s, const char *text, size_t len);
/* The request is over: its usage row; the reply's final text, or (kept
 * false: nothing came back and the user turn was dropped) neither. */
void persist_reply_end(struct session *s, const struct chat_result *r, int rc,
		       const struct clude_err *err, bool kept);
/* /save NAME: create the saved session when needed, and name it. */
int persist_name(struct session *s, const char *name, struct clude_err *err);
/* Continue a saved conversation: its messages become the session's;
 * replay shows them as entries, else one summary line is printed. */
void persist_resume(struct session *s, struct store *st, const struct saved_session *saved,
		    bool replay);
void persist_free(struct session *s);

/* Slash commands: one file each under src/repl/slash/ (tmux's cmd-*.c). */
struct slash_cmd {
	const char *name;
	const char *args;    /* "NAME", "ID", "TEXT" or "" */
	const char *summary;
	/* arg is the rest of the line, trimmed ("" when none) */
	void (*run)(struct session *s, const char *arg);
	/* completions of the argument (vendor names, model ids), or NULL */
	const char *(*complete_arg)(struct session *s, const char *prefix, size_t idx);
};

const struct slash_cmd *const *slash_table(size_t *n);
const struct slash_cmd *slash_find(const char *name);
/* Run a line starting with '/': unknown commands get "did you mean". */
void slash_dispatch(struct session *s, const char *line);
/* Completion: the idx-th candidate for word (which starts at byte `start`
 * of line) copied to out; false when there are no more. */
bool slash_complete(struct session *s, const char *line, size_t start, const char *word,
		    size_t idx, char *out, size_t outsz);

/* Front ends. Notices from start-up (config warnings, the echo hint, an
 * unknown model) are shown inside the chat, where the user looks. */
struct repl_start {
	struct provider *provider;
	const char *model;
	const char *warning; /* "" when none */
	/* --resume: the conversation to continue and the open database it
	 * came from (the caller closes it after the REPL), else NULL */
	const struct saved_session *resume;
	struct store *store;
};
int repl_plain(struct app *app, const struct repl_start *start);
int repl_tui(struct app *app, const struct repl_start *start);
/* Print the banner and start-up notices into the session; config warnings
 * and the echo hint went to stderr already, and are repeated only when
 * repeat_stderr is set (the full screen hides what stderr showed). A
 * resumed conversation is loaded here, and replayed on the full screen. */
void session_greet(struct session *s, const struct repl_start *start, bool repeat_stderr);

/* readline: completion for the session, history in ~/.clude/history
 * (mode 0600, capped at 1000 lines). */
void input_setup(struct session *s);
void history_load(char *path, size_t pathsz);
void history_save(const char *path);

#endif
