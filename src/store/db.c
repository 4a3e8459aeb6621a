/* db.c — opening clude.db: file and directory modes, the pragmas (WAL, a
 * busy timeout, foreign keys) and the schema, kept in PRAGMA user_version
 * and brought up to date by an ordered list of migration steps. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clude/util.h"
#include "store_impl.h"

#define BUSY_MS 5000
#define WAL_FRAMES 64 /* checkpoint when the log holds this many pages (~256 KiB) */

/* Step i takes the schema from version i to i + 1. Never edit a step that
 * has shipped: add one. */
static const char *const steps[] = {
	/* v1: requests, conversations and their messages */
	"CREATE TABLE usage ("
	" id INTEGER PRIMARY KEY,"
	" ts INTEGER NOT NULL,"                  /* UTC epoch ms */
	" provider TEXT NOT NULL,"
	" model TEXT NOT NULL,"
	" input_tokens INTEGER NOT NULL DEFAULT 0,"
	" output_tokens INTEGER NOT NULL DEFAULT 0,"
	" cached_tokens INTEGER NOT NULL DEFAULT 0,"
	" reasoning_tokens INTEGER NOT NULL DEFAULT 0,"
	" estimated INTEGER NOT NULL DEFAULT 0,"
	" cost_usd REAL,"                        /* NULL: no price known */
	" latency_ms INTEGER,"
	" ttft_ms INTEGER,"                      /* NULL: no text came */
	" outcome TEXT NOT NULL);"               /* ok, interrupted, http_429, … */
	"CREATE INDEX usage_ts ON usage(ts);"
	"CREATE TABLE sessions ("
	" id INTEGER PRIMARY KEY,"
	" name TEXT UNIQUE,"
	" created INTEGER NOT NULL,"
	" updated INTEGER NOT NULL,"
	" provider TEXT NOT NULL,"
	" model TEXT NOT NULL,"
	" system TEXT);"
	"CREATE TABLE messages ("
	" id INTEGER PRIMARY KEY,"
	" session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
	" seq INTEGER NOT NULL,"
	" role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant')),"
	" content TEXT NOT NULL,"
	" interrupted INTEGER NOT NULL DEFAULT 0,"
	" created INTEGER NOT NULL,"
	" UNIQUE (session_id, seq));",
	/* v2: which chat session a request belonged to; lists by recency */
	"ALTER TABLE usage ADD COLUMN session_id INTEGER"
	" REFERENCES sessions(id) ON DELETE SET NULL;"
	"CREATE INDEX usage_session ON usage(session_id);"
	"CREATE INDEX sessions_updated ON sessions(updated);",
};

_Static_assert(sizeof steps / sizeof steps[0] == STORE_VERSION, "one step per version");

size_t store_n_steps(void)
{
	return ARRAY_LEN(steps);
}

const char *store_step_sql(size_t i)
{
	return i < ARRAY_LEN(steps) ? steps[i] : NULL;
}

const char *store_path(char *out, size_t outsz)
{
	char home[4096];
	snprintf(out, outsz, "%s/clude.db", clude_home(home, sizeof home));
	return out;
}

long long store_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int store_fail(struct store *st, const char *what, struct clude_err *err)
{
	const char *msg = st->db ? sq->errmsg(st->db) : "out of memory";
	if (what)
		err_set(err, CLUDE_EIO, "%s: %s: %s", st->path, what, msg);
	else
		err_set(err, CLUDE_EIO, "%s: %s", st->path, msg);
	return -1;
}

sqlite3_stmt *store_prepare(struct store *st, const char *sql, struct clude_err *err)
{
	sqlite3_stmt *stmt = NULL;
	if (sq->prepare_v2(st->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		store_fail(st, NULL, err);
		sq->finalize(stmt);
		return NULL;
	}
	return stmt;
}

int store_run(struct store *st, sqlite3_stmt *stmt, const char *what, struct clude_err *err)
{
	int rc = sq->step(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		store_fail(st, what, err);
		sq->finalize(stmt);
		return -1;
	}
	sq->finalize(stmt);
	return 0;
}

void store_bind_text(sqlite3_stmt *stmt, int i, const char *s)
{
	if (s)
		sq->bind_text(stmt, i, s, -1, SQLITE_TRANSIENT);
	else
		sq->bind_null(stmt, i);
}

char *store_col_text(sqlite3_stmt *stmt, int i, int null_ok)
{
	const unsigned char *t = sq->column_text(stmt, i);
	if (!t)
		return null_ok ? NULL : xstrdup("");
	return xstrdup((const char *)t);
}

int store_exec(struct store *st, const char *sql, struct clude_err *err)
{
	char *msg = NULL;
	if (sq->exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		err_set(err, CLUDE_EIO, "%s: %s", st->path, msg ? msg : sq->errmsg(st->db));
		sq->free(msg);
		return -1;
	}
	return 0;
}

static int read_version(struct store *st, int *v, struct clude_err *err)
{
	sqlite3_stmt *stmt = store_prepare(st, "PRAGMA user_version", err);
	if (!stmt)
		return -1;
	int rc = sq->step(stmt);
	if (rc != SQLITE_ROW) {
		store_fail(st, NULL, err);
		sq->finalize(stmt);
		return -1;
	}
	*v = sq->column_int(stmt, 0);
	sq->finalize(stmt);
	return 0;
}

int store_version(struct store *st)
{
	struct clude_err err;
	int v = -1;
	return read_version(st, &v, &err) == 0 ? v : -1;
}

/* Switching to WAL takes an exclusive lock that the busy handler does not
 * always wait for: retry for up to BUSY_MS. A database already in WAL
 * mode answers at once. */
static int use_wal(struct store *st, struct clude_err *err)
{
	for (int waited = 0;; waited += 10) {
		char *msg = NULL;
		int rc = sq->exec(st->db, "PRAGMA journal_mode=WAL", NULL, NULL, &msg);
		sq->free(msg);
		if (rc == SQLITE_OK)
			return 0;
		if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || waited >= BUSY_MS)
			return store_fail(st, NULL, err);
		usleep(10 * 1000);
	}
}

static int migrate(struct store *st, struct clude_err *err)
{
	for (;;) {
		int v;
		if (read_version(st, &v, err) != 0)
			return -1;
		if (v == STORE_VERSION)
			return 0;
		if (v > STORE_VERSION) {
			err_set(err, CLUDE_EIO,
				"%s: schema version %d is newer than this clude knows (%d); "
				"upgrade clude", st->path, v, STORE_VERSION);
			return -1;
		}
		/* another process may have migrated since we looked: look again
		 * inside the write transaction */
		if (store_exec(st, "BEGIN IMMEDIATE", err) != 0)
			return -1;
		if (read_version(st, &v, err) != 0)
			goto fail;
		if (v < STORE_VERSION) {
			char set[64];
			snprintf(set, sizeof set, "PRAGMA user_version = %d", v + 1);
			if (store_exec(st, steps[v], err) != 0 || store_exec(st, set, err) != 0) {
				char what[64];
				snprintf(what, sizeof what, "migrating to schema v%d: ", v + 1);
				err_prefix(err, what);
				goto fail;
			}
		}
		if (store_exec(st, "COMMIT", err) != 0)
			goto fail;
	}
fail:
	sq->exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/* Most clude processes make one write and exit. Checkpointing as the last
 * connection closes costs three fsyncs per `clude -p` (~3 ms); instead the
 * log is kept across processes and truncated once it holds WAL_FRAMES
 * pages, so a new process replays at most that much. (SQLite's own
 * auto-checkpoint does not truncate the log, which each new process would
 * then copy again.) Runs after the commit, its lock released. */
static int wal_hook(void *ctx, sqlite3 *db, const char *name, int frames)
{
	(void)ctx;
	if (frames >= WAL_FRAMES)
		sq->wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	return SQLITE_OK;
}

/* SQLite creates files 0644 less the umask, and gives -wal and -shm the
 * mode of the database: create it 0600 first. Returns whether the file is
 * in WAL mode already (header bytes 18 and 19 are 2), which spares the
 * pragma that would switch it. */
static bool precreate(const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return false;
	unsigned char h[20];
	bool wal = read(fd, h, sizeof h) == (ssize_t)sizeof h && !memcmp(h, "SQLite format 3", 16) &&
		   h[18] == 2 && h[19] == 2;
	close(fd);
	return wal;
}

int store_open_path(const char *path, unsigned flags, struct store **out, struct clude_err *err)
{
	*out = NULL;
	if (sqlite_load(err) != 0)
		return -1;
	struct store *st = xcalloc(1, sizeof *st);
	snprintf(st->path, sizeof st->path, "%s", path);
	bool ro = flags & STORE_READONLY;
	bool wal = !ro && precreate(path);
	int oflags = (ro ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
		     SQLITE_OPEN_NOMUTEX;
	if (sq->open_v2(path, &st->db, oflags, NULL) != SQLITE_OK) {
		store_fail(st, NULL, err);
		goto fail;
	}
	sq->extended_result_codes(st->db, 1);
	sq->busy_timeout(st->db, BUSY_MS);
	if (!ro) {
		sq->db_config(st->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)NULL);
		sq->wal_hook(st->db, wal_hook, NULL);
	}
	/* the first statement reads the header: garbage fails here */
	if (store_exec(st, "PRAGMA foreign_keys = ON", err) != 0)
		goto fail;
	int v;
	if (read_version(st, &v, err) != 0)
		goto fail;
	if (ro) {
		if (v != STORE_VERSION) {
			err_set(err, CLUDE_EIO, "%s: schema version %d, this clude needs %d", path, v,
				STORE_VERSION);
			goto fail;
		}
		*out = st;
		return 0;
	}
	if ((!wal && use_wal(st, err) != 0) ||
	    store_exec(st, "PRAGMA synchronous = NORMAL", err) != 0 ||
	    migrate(st, err) != 0)
		goto fail;
	*out = st;
	return 0;
fail:
	store_close(st);
	return -1;
}

int store_open(struct store **out, struct clude_err *err)
{
	char home[4096], path[4200];
	clude_home(home, sizeof home);
	if (mkdir_p(home, 0700) != 0) {
		err_set(err, CLUDE_EIO, "%s: %s", home, strerror(errno));
		*out = NULL;
		return -1;
	}
	snprintf(path, sizeof path, "%s/clude.db", home);
	return store_open_path(path, 0, out, err);
}

void store_close(struct store *st)
{
	if (!st)
		return;
	if (st->db)
		sq->close_v2(st->db);
	free(st);
}
