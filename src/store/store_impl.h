/* store_impl.h — what the store's files share and nothing else sees: the
 * open handle and the helpers that turn SQLite failures into clude_err.
 * Private to src/store/. */
#ifndef CLUDE_STORE_IMPL_H
#define CLUDE_STORE_IMPL_H

#include <sqlite3.h>

#include "clude/store.h"

struct store {
	sqlite3 *db;
	char path[4096];
};

/* libsqlite3, loaded with dlopen on first use (sqlite_api.c); the store's
 * files call SQLite only through sq. */
struct sqlite_api {
	int (*open_v2)(const char *path, sqlite3 **db, int flags, const char *vfs);
	int (*close_v2)(sqlite3 *db);
	int (*extended_result_codes)(sqlite3 *db, int on);
	int (*busy_timeout)(sqlite3 *db, int ms);
	int (*db_config)(sqlite3 *db, int op, ...);
	void *(*wal_hook)(sqlite3 *db, int (*fn)(void *, sqlite3 *, const char *, int), void *ctx);
	int (*wal_checkpoint_v2)(sqlite3 *db, const char *name, int mode, int *log, int *ckpt);
	int (*exec)(sqlite3 *db, const char *sql, int (*cb)(void *, int, char **, char **),
		    void *ctx, char **errmsg);
	void (*free)(void *p);
	const char *(*errmsg)(sqlite3 *db);
	int (*prepare_v2)(sqlite3 *db, const char *sql, int n, sqlite3_stmt **stmt,
			  const char **tail);
	int (*finalize)(sqlite3_stmt *stmt);
	int (*step)(sqlite3_stmt *stmt);
	int (*bind_int)(sqlite3_stmt *stmt, int i, int v);
	int (*bind_int64)(sqlite3_stmt *stmt, int i, sqlite3_int64 v);
	int (*bind_double)(sqlite3_stmt *stmt, int i, double v);
	int (*bind_text)(sqlite3_stmt *stmt, int i, const char *s, int n, void (*free_fn)(void *));
	int (*bind_null)(sqlite3_stmt *stmt, int i);
	int (*column_int)(sqlite3_stmt *stmt, int i);
	sqlite3_int64 (*column_int64)(sqlite3_stmt *stmt, int i);
	double (*column_double)(sqlite3_stmt *stmt, int i);
	const unsigned char *(*column_text)(sqlite3_stmt *stmt, int i);
	int (*column_type)(sqlite3_stmt *stmt, int i);
	sqlite3_int64 (*last_insert_rowid)(sqlite3 *db);
	int (*changes)(sqlite3 *db);
};

extern const struct sqlite_api *sq; /* NULL until sqlite_load() succeeded */
/* Load libsqlite3 (once); CLUDE_EIO when it cannot be found. */
int sqlite_load(struct clude_err *err);

/* err = CLUDE_EIO "PATH: what: SQLite's message"; returns -1. */
int store_fail(struct store *st, const char *what, struct clude_err *err);
/* Prepare sql; on failure fills err and returns NULL. */
sqlite3_stmt *store_prepare(struct store *st, const char *sql, struct clude_err *err);
/* Step a statement that returns no rows, finalize it; 0 or -1 with err. */
int store_run(struct store *st, sqlite3_stmt *stmt, const char *what, struct clude_err *err);
/* Bind text, or NULL when s is NULL. */
void store_bind_text(sqlite3_stmt *stmt, int i, const char *s);
/* A column as a heap string ("" for NULL unless null_ok, then NULL). */
char *store_col_text(sqlite3_stmt *stmt, int i, int null_ok);

#endif
