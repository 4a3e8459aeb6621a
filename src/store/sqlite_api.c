/* sqlite_api.c — finds libsqlite3 at run time (see store_impl.h), as
 * src/net/curl_api.c does libcurl: commands that never touch clude.db
 * (help, providers list …) start without mapping it. The table is filled
 * once and never changes after. */
#include <dlfcn.h>
#include <stdbool.h>
#include <stddef.h>

#include "store_impl.h"

static struct sqlite_api api;
const struct sqlite_api *sq;

#define SYM(field, name)                                      \
	do {                                                  \
		*(void **)(&api.field) = dlsym(lib, name);    \
		if (!api.field) {                             \
			missing = name;                       \
			goto fail;                            \
		}                                             \
	} while (0)

int sqlite_load(struct clude_err *err)
{
	if (sq)
		return 0;
	static const char *const names[] = { "libsqlite3.so.0", "libsqlite3.so" };
	void *lib = NULL;
	for (size_t i = 0; !lib && i < sizeof names / sizeof names[0]; i++)
		lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		err_set(err, CLUDE_EIO, "cannot load SQLite (%s); install the libsqlite3-0 package",
			dlerror());
		return -1;
	}
	const char *missing = NULL;
	SYM(open_v2, "sqlite3_open_v2");
	SYM(close_v2, "sqlite3_close_v2");
	SYM(extended_result_codes, "sqlite3_extended_result_codes");
	SYM(busy_timeout, "sqlite3_busy_timeout");
	SYM(db_config, "sqlite3_db_config");
	SYM(wal_hook, "sqlite3_wal_hook");
	SYM(wal_checkpoint_v2, "sqlite3_wal_checkpoint_v2");
	SYM(exec, "sqlite3_exec");
	SYM(free, "sqlite3_free");
	SYM(errmsg, "sqlite3_errmsg");
	SYM(prepare_v2, "sqlite3_prepare_v2");
	SYM(finalize, "sqlite3_finalize");
	SYM(step, "sqlite3_step");
	SYM(bind_int, "sqlite3_bind_int");
	SYM(bind_int64, "sqlite3_bind_int64");
	SYM(bind_double, "sqlite3_bind_double");
	SYM(bind_text, "sqlite3_bind_text");
	SYM(bind_null, "sqlite3_bind_null");
	SYM(column_int, "sqlite3_column_int");
	SYM(column_int64, "sqlite3_column_int64");
	SYM(column_double, "sqlite3_column_double");
	SYM(column_text, "sqlite3_column_text");
	SYM(column_type, "sqlite3_column_type");
	SYM(last_insert_rowid, "sqlite3_last_insert_rowid");
	SYM(changes, "sqlite3_changes");
	sq = &api;
	return 0;
fail:
	err_set(err, CLUDE_EIO, "SQLite is too old: it has no %s (3.16 or newer is needed)", missing);
	dlclose(lib);
	return -1;
}
