/* sessions.c — saved conversations: a session row (name, vendor, model,
 * system prompt) and its messages, written as they happen so a crash
 * keeps everything up to the last chunk saved. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clude/util.h"
#include "store_impl.h"

int sess_create(struct store *st, const char *provider, const char *model, const char *system,
		long long *id, struct clude_err *err)
{
	sqlite3_stmt *stmt = store_prepare(
		st,
		"INSERT INTO sessions (created, updated, provider, model, system)"
		" VALUES (?1, ?1, ?2, ?3, ?4)",
		err);
	if (!stmt)
		return -1;
	sq->bind_int64(stmt, 1, store_now());
	store_bind_text(stmt, 2, provider ? provider : "");
	store_bind_text(stmt, 3, model ? model : "");
	store_bind_text(stmt, 4, system);
	if (store_run(st, stmt, "saving the conversation", err) != 0)
		return -1;
	*id = sq->last_insert_rowid(st->db);
	return 0;
}

int sess_touch(struct store *st, long long id, const char *provider, const char *model,
	       const char *system, struct clude_err *err)
{
	sqlite3_stmt *stmt = store_prepare(
		st, "UPDATE sessions SET updated = ?2, provider = ?3, model = ?4, system = ?5 WHERE id = ?1",
		err);
	if (!stmt)
		return -1;
	sq->bind_int64(stmt, 1, id);
	sq->bind_int64(stmt, 2, store_now());
	store_bind_text(stmt, 3, provider ? provider : "");
	store_bind_text(stmt, 4, model ? model : "");
	store_bind_text(stmt, 5, system);
	return store_run(st, stmt, "saving the conversation", err);
}

int sess_append(struct store *st, long long sid, enum role role, const char *content,
		bool interrupted, long long *msg_id, struct clude_err *err)
{
	sqlite3_stmt *stmt = store_prepare(
		st,
		"INSERT INTO messages (session_id, seq, role, content, interrupted, created)"
		" VALUES (?1, (SELECT coalesce(max(seq), 0) + 1 FROM messages WHERE session_id = ?1),"
		" ?2, ?3, ?4, ?5)",
		err);
	if (!stmt)
		return -1;
	sq->bind_int64(stmt, 1, sid);
	store_bind_text(stmt, 2, role_name(role));
	store_bind_text(stmt, 3, content ? content : "");
	sq->bind_int(stmt, 4, interrupted);
	sq->bind_int64(stmt, 5, store_now());
	if (store_run(st, stmt, "saving the conversation", err) != 0)
		return -1;
	if (msg_id)
		*msg_id = sq->last_insert_rowid(st->db);
	return 0;
}

int sess_update_msg(struct store *st, long long msg_id, const char *content, bool interrupted,
		    struct clude_err *err)
{
	sqlite3_stmt *stmt = store_prepare(
		st, "UPDATE messages SET content = ?2, interrupted = ?3 WHERE id = ?1", err);
	if (!stmt)
		return -1;
	sq->bind_int64(stmt, 1, msg_id);
	store_bind_text(stmt, 2, content ? content : "");
	sq->bind_int(stmt, 3, interrupted);
	return store_run(st, stmt, "saving the reply", err);
}

static int by_id(struct store *st, const char *sql, long long id, const char *what,
		 struct clude_err *err)
{
	sqlite3_stmt *stmt = store_prepare(st, sql, err);
	if (!stmt)
		return -1;
	sq->bind_int64(stmt, 1, id);
	return store_run(st, stmt, what, err);
}

int sess_delete_msg(struct store *st, long long msg_id, struct clude_err *err)
{
	return by_id(st, "DELETE FROM messages WHERE id = ?1", msg_id, "saving the conversation",
		     err);
}

int sess_drop_tail(struct store *st, long long sid, struct clude_err *err)
{
	return by_id(st,
		     "DELETE FROM messages WHERE session_id = ?1 AND seq > coalesce("
		     "(SELECT max(seq) FROM messages WHERE session_id = ?1 AND role = 'user'), 0)",
		     sid, "saving the conversation", err);
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

int sess_set_name(struct store *st, long long sid, const char *name, struct clude_err *err)
{
	if (!*name || all_digits(name) || strlen(name) > 100 || strpbrk(name, "\n\r\t")) {
		err_set(err, CLUDE_EUSAGE,
			"a session name is 1-100 characters on one line, and not only digits "
			"(those are ids)");
		return -1;
	}
	sqlite3_stmt *stmt = store_prepare(st, "UPDATE sessions SET name = ?2 WHERE id = ?1", err);
	if (!stmt)
		return -1;
	sq->bind_int64(stmt, 1, sid);
	store_bind_text(stmt, 2, name);
	int rc = sq->step(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_CONSTRAINT_UNIQUE)
		store_fail(st, "naming the session", err);
	sq->finalize(stmt);
	if (rc == SQLITE_CONSTRAINT_UNIQUE) {
		long long other = 0;
		struct clude_err e2;
		sess_find(st, name, &other, &e2);
		err_set(err, CLUDE_EUSAGE, "the name '%s' is taken by session %lld", name, other);
		return -1;
	}
	if (rc != SQLITE_DONE)
		return -1;
	if (sq->changes(st->db) == 0) {
		err_set(err, CLUDE_EUSAGE, "no session %lld", sid);
		return -1;
	}
	return 0;
}

int sess_find(struct store *st, const char *key, long long *sid, struct clude_err *err)
{
	sqlite3_stmt *stmt;
	if (!key || !*key)
		stmt = store_prepare(st, "SELECT id FROM sessions ORDER BY updated DESC, id DESC LIMIT 1",
				     err);
	else if (all_digits(key))
		stmt = store_prepare(st, "SELECT id FROM sessions WHERE id = ?1", err);
	else
		stmt = store_prepare(st, "SELECT id FROM sessions WHERE name = ?1", err);
	if (!stmt)
		return -1;
	if (key && *key && all_digits(key))
		sq->bind_int64(stmt, 1, strtoll(key, NULL, 10));
	else if (key && *key)
		store_bind_text(stmt, 1, key);
	int rc = sq->step(stmt);
	if (rc == SQLITE_ROW) {
		*sid = sq->column_int64(stmt, 0);
		sq->finalize(stmt);
		return 0;
	}
	if (rc != SQLITE_DONE)
		store_fail(st, "finding the session", err);
	sq->finalize(stmt);
	if (rc != SQLITE_DONE)
		return -1;
	if (!key || !*key)
		err_set(err, CLUDE_EUSAGE, "no saved conversations yet");
	else if (all_digits(key))
		err_set(err, CLUDE_EUSAGE, "no session %s (see 'clude sessions list')", key);
	else
		err_set(err, CLUDE_EUSAGE, "no session named '%s' (see 'clude sessions list')", key);
	return -1;
}

#define SESSION_COLS \
	"s.id, s.name, s.created, s.updated, s.provider, s.model, s.system," \
	" (SELECT count(*) FROM messages m WHERE m.session_id = s.id AND m.role = 'user')," \
	" (SELECT content FROM messages m WHERE m.session_id = s.id AND m.role = 'user'" \
	" ORDER BY seq LIMIT 1)"

static void read_session(sqlite3_stmt *stmt, struct saved_session *s)
{
	memset(s, 0, sizeof *s);
	s->id = sq->column_int64(stmt, 0);
	s->name = store_col_text(stmt, 1, 1);
	s->created = sq->column_int64(stmt, 2);
	s->updated = sq->column_int64(stmt, 3);
	s->provider = store_col_text(stmt, 4, 0);
	s->model = store_col_text(stmt, 5, 0);
	s->system = store_col_text(stmt, 6, 1);
	s->turns = sq->column_int64(stmt, 7);
	const char *first = (const char *)sq->column_text(stmt, 8);
	first = first ? first + strspn(first, " \t\n") : "";
	s->first_line = xstrndup(first, strcspn(first, "\n"));
}

static enum role role_of(const char *name)
{
	return !strcmp(name, "assistant") ? ROLE_ASSISTANT
	       : !strcmp(name, "system")  ? ROLE_SYSTEM
					  : ROLE_USER;
}

int sess_load(struct store *st, long long sid, struct saved_session *out, struct clude_err *err)
{
	memset(out, 0, sizeof *out);
	if (store_exec(st, "BEGIN", err) != 0)
		return -1;
	sqlite3_stmt *stmt = store_prepare(st, "SELECT " SESSION_COLS " FROM sessions s WHERE id = ?1",
					   err);
	if (!stmt)
		goto fail;
	sq->bind_int64(stmt, 1, sid);
	int rc = sq->step(stmt);
	if (rc == SQLITE_ROW)
		read_session(stmt, out);
	else if (rc == SQLITE_DONE)
		err_set(err, CLUDE_EUSAGE, "no session %lld", sid);
	else
		store_fail(st, "loading the session", err);
	sq->finalize(stmt);
	if (rc != SQLITE_ROW)
		goto fail;
	stmt = store_prepare(st,
			     "SELECT id, role, content, interrupted, created FROM messages"
			     " WHERE session_id = ?1 ORDER BY seq",
			     err);
	if (!stmt)
		goto fail;
	sq->bind_int64(stmt, 1, sid);
	while ((rc = sq->step(stmt)) == SQLITE_ROW) {
		out->msgs = xrealloc(out->msgs, (out->n_msgs + 1) * sizeof *out->msgs);
		struct saved_msg *m = &out->msgs[out->n_msgs++];
		m->id = sq->column_int64(stmt, 0);
		m->role = role_of((const char *)sq->column_text(stmt, 1));
		m->content = store_col_text(stmt, 2, 0);
		m->interrupted = sq->column_int(stmt, 3) != 0;
		m->created = sq->column_int64(stmt, 4);
	}
	if (rc != SQLITE_DONE)
		store_fail(st, "loading the session", err);
	sq->finalize(stmt);
	if (rc != SQLITE_DONE)
		goto fail;
	sq->exec(st->db, "COMMIT", NULL, NULL, NULL);
	return 0;
fail:
	sq->exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	saved_session_free(out);
	return -1;
}

int sess_list(struct store *st, size_t limit, struct saved_session **out, size_t *n,
	      struct clude_err *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *stmt = store_prepare(
		st, "SELECT " SESSION_COLS " FROM sessions s ORDER BY updated DESC, id DESC LIMIT ?1",
		err);
	if (!stmt)
		return -1;
	sq->bind_int64(stmt, 1, limit ? (long long)limit : -1);
	int rc;
	while ((rc = sq->step(stmt)) == SQLITE_ROW) {
		*out = xrealloc(*out, (*n + 1) * sizeof **out);
		read_session(stmt, &(*out)[(*n)++]);
	}
	if (rc != SQLITE_DONE)
		store_fail(st, "listing sessions", err);
	sq->finalize(stmt);
	if (rc != SQLITE_DONE) {
		saved_sessions_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

int sess_remove(struct store *st, long long sid, struct clude_err *err)
{
	if (by_id(st, "DELETE FROM sessions WHERE id = ?1", sid, "removing the session", err) != 0)
		return -1;
	if (sq->changes(st->db) == 0) {
		err_set(err, CLUDE_EUSAGE, "no session %lld", sid);
		return -1;
	}
	return 0;
}

void saved_session_free(struct saved_session *s)
{
	free(s->name);
	free(s->provider);
	free(s->model);
	free(s->system);
	free(s->first_line);
	for (size_t i = 0; i < s->n_msgs; i++)
		free(s->msgs[i].content);
	free(s->msgs);
	memset(s, 0, sizeof *s);
}

void saved_sessions_free(struct saved_session *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		saved_session_free(&s[i]);
	free(s);
}
