/* store.h — clude's own database, <clude_home>/clude.db (SQLite, WAL): one
 * row per request for `clude usage`, and the saved conversations behind
 * --resume, /save, /sessions and `clude sessions`. Errors are values. */
#ifndef CLUDE_STORE_H
#define CLUDE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "clude/chat.h"
#include "clude/err.h"

#define STORE_VERSION 2 /* PRAGMA user_version of the current schema */

struct store; /* an open database */

enum store_flags {
	STORE_READONLY = 1, /* SQLITE_OPEN_READONLY: nothing is created or migrated */
};

/* <clude_home>/clude.db */
const char *store_path(char *out, size_t outsz);
/* Open (creating the directory 0700 and the file 0600) and bring the schema
 * up to STORE_VERSION, each migration step in its own transaction. A busy
 * database is waited for ~5 s. Errors: CLUDE_EIO "PATH: reason". */
int store_open(struct store **out, struct clude_err *err);
int store_open_path(const char *path, unsigned flags, struct store **out, struct clude_err *err);
void store_close(struct store *st);
int store_version(struct store *st);

/* The migration steps: step i takes the schema from version i to i + 1. */
size_t store_n_steps(void);
const char *store_step_sql(size_t i);
/* Run SQL that returns no rows (tests, the benchmark's transactions). */
int store_exec(struct store *st, const char *sql, struct clude_err *err);
/* Wall-clock time, UTC epoch milliseconds. */
long long store_now(void);

/* ---- usage: one row per request (src/store/usage.c) ---- */

struct usage_row {
	long long ts;          /* UTC epoch ms; 0: now */
	const char *provider;
	const char *model;
	long input_tokens, output_tokens, cached_tokens, reasoning_tokens;
	bool estimated;        /* tokens counted by clude, not the vendor */
	double cost_usd;       /* < 0: unknown (stored as NULL) */
	double latency_ms;     /* < 0: unknown */
	double ttft_ms;        /* < 0: no text came */
	const char *outcome;   /* "ok", "interrupted" or an error code (usage_outcome) */
	long long session_id;  /* the chat session, 0 for `clude -p` */
};

int usage_add(struct store *st, const struct usage_row *r, struct clude_err *err);
/* "ok", "interrupted", "http_429", "timeout", "network", "protocol", … */
const char *usage_outcome(int rc, const struct clude_err *err, char *buf, size_t bufsz);

enum usage_by { USAGE_BY_NONE, USAGE_BY_PROVIDER, USAGE_BY_MODEL, USAGE_BY_DAY };

struct usage_sum {
	char *provider; /* group keys: set when grouped by them, else NULL */
	char *model;
	char *day;      /* YYYY-MM-DD, local time */
	long requests, errors, interrupted, estimated;
	long input_tokens, output_tokens, cached_tokens, reasoning_tokens;
	double cost_usd;   /* the known part */
	long unpriced;     /* requests whose cost is unknown */
	double avg_latency_ms, avg_ttft_ms; /* < 0 when no request had one */
};

/* Totals of the rows with ts >= since (0: all), and per group (by); total
 * has no keys (nothing to free), groups is freed with usage_sums_free. */
int usage_query(struct store *st, long long since, enum usage_by by, struct usage_sum *total,
		struct usage_sum **groups, size_t *n_groups, struct clude_err *err);
void usage_sums_free(struct usage_sum *s, size_t n);
/* "7d", "24h", "30m" (before now, epoch ms) or "YYYY-MM-DD" (local midnight). */
int usage_parse_since(const char *s, long long now, long long *out, struct clude_err *err);

/* ---- saved conversations (src/store/sessions.c) ---- */

struct saved_msg {
	long long id;
	enum role role;
	char *content;
	bool interrupted; /* cut short, or still streaming when clude died */
	long long created;
};

struct saved_session {
	long long id;
	char *name; /* NULL when unnamed */
	long long created, updated;
	char *provider, *model, *system; /* system NULL when none */
	long turns;       /* user messages */
	char *first_line; /* of the first user message, "" when none */
	struct saved_msg *msgs; /* sess_load only */
	size_t n_msgs;
};

int sess_create(struct store *st, const char *provider, const char *model, const char *system,
		long long *id, struct clude_err *err);
/* The session's current vendor, model and system prompt; updated = now. */
int sess_touch(struct store *st, long long id, const char *provider, const char *model,
	       const char *system, struct clude_err *err);
int sess_append(struct store *st, long long sid, enum role role, const char *content,
		bool interrupted, long long *msg_id, struct clude_err *err);
int sess_update_msg(struct store *st, long long msg_id, const char *content, bool interrupted,
		    struct clude_err *err);
int sess_delete_msg(struct store *st, long long msg_id, struct clude_err *err);
/* Delete the messages after the last user message (a reply being redone). */
int sess_drop_tail(struct store *st, long long sid, struct clude_err *err);
/* Name a session; names are unique and not all digits. */
int sess_set_name(struct store *st, long long sid, const char *name, struct clude_err *err);
/* An id or a name; NULL or "" finds the most recently updated session. */
int sess_find(struct store *st, const char *id_or_name, long long *sid, struct clude_err *err);
int sess_load(struct store *st, long long sid, struct saved_session *out, struct clude_err *err);
/* The most recently updated sessions first (limit 0: all), without messages. */
int sess_list(struct store *st, size_t limit, struct saved_session **out, size_t *n,
	      struct clude_err *err);
int sess_remove(struct store *st, long long sid, struct clude_err *err);
void saved_session_free(struct saved_session *s);
void saved_sessions_free(struct saved_session *s, size_t n);

/* ---- presentation (src/store/print.c) ---- */

/* ID (★ = current), NAME, UPDATED, TURNS, FIRST MESSAGE. */
void sess_print_table(const struct saved_session *ss, size_t n, long long current, FILE *out);
/* Local "YYYY-MM-DD HH:MM" of epoch ms. */
void store_fmt_time(long long ms, char *out, size_t sz);
/* s cut to cols terminal columns (an ellipsis marks the cut), one line. */
void store_fmt_clip(const char *s, size_t cols, char *out, size_t sz);

#endif
