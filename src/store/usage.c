/* usage.c — the request log behind `clude usage`: one row per request
 * (tokens, cost, latency, outcome), totals per vendor, model or day, and
 * the --since argument. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clude/util.h"
#include "store_impl.h"

const char *usage_outcome(int rc, const struct clude_err *err, char *buf, size_t bufsz)
{
	if (rc == 0 || !err || err->code == CLUDE_OK)
		return "ok";
	switch (err->code) {
	case CLUDE_ECANCEL:
		return "interrupted";
	case CLUDE_EHTTP:
		if (err->http_status) {
			snprintf(buf, bufsz, "http_%d", err->http_status);
			return buf;
		}
		return "http";
	case CLUDE_ETIMEOUT:
		return "timeout";
	case CLUDE_ENET:
		return "network";
	case CLUDE_EPROTO:
		return "protocol";
	case CLUDE_ECONFIG:
		return "config";
	case CLUDE_EIO:
		return "io";
	case CLUDE_EUSAGE:
		return "usage";
	}
	return "error";
}

int usage_add(struct store *st, const struct usage_row *r, struct clude_err *err)
{
	sqlite3_stmt *stmt = store_prepare(
		st,
		"INSERT INTO usage (ts, provider, model, input_tokens, output_tokens, cached_tokens,"
		" reasoning_tokens, estimated, cost_usd, latency_ms, ttft_ms, outcome, session_id)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
		err);
	if (!stmt)
		return -1;
	sq->bind_int64(stmt, 1, r->ts ? r->ts : store_now());
	store_bind_text(stmt, 2, r->provider ? r->provider : "");
	store_bind_text(stmt, 3, r->model ? r->model : "");
	sq->bind_int64(stmt, 4, r->input_tokens);
	sq->bind_int64(stmt, 5, r->output_tokens);
	sq->bind_int64(stmt, 6, r->cached_tokens);
	sq->bind_int64(stmt, 7, r->reasoning_tokens);
	sq->bind_int(stmt, 8, r->estimated);
	if (r->cost_usd >= 0)
		sq->bind_double(stmt, 9, r->cost_usd);
	if (r->latency_ms >= 0)
		sq->bind_int64(stmt, 10, (long long)(r->latency_ms + 0.5));
	if (r->ttft_ms >= 0)
		sq->bind_int64(stmt, 11, (long long)(r->ttft_ms + 0.5));
	store_bind_text(stmt, 12, r->outcome ? r->outcome : "ok");
	if (r->session_id > 0)
		sq->bind_int64(stmt, 13, r->session_id);
	return store_run(st, stmt, "recording usage", err);
}

static const char *group_keys(enum usage_by by)
{
	switch (by) {
	case USAGE_BY_PROVIDER:
		return "provider, NULL, NULL";
	case USAGE_BY_MODEL:
		return "provider, model, NULL";
	case USAGE_BY_DAY:
		return "NULL, NULL, date(ts / 1000, 'unixepoch', 'localtime') AS day";
	case USAGE_BY_NONE:
		break;
	}
	return "NULL, NULL, NULL";
}

static const char *group_clause(enum usage_by by)
{
	switch (by) {
	case USAGE_BY_PROVIDER:
		return " GROUP BY provider ORDER BY provider";
	case USAGE_BY_MODEL:
		return " GROUP BY provider, model ORDER BY provider, model";
	case USAGE_BY_DAY:
		return " GROUP BY day ORDER BY day";
	case USAGE_BY_NONE:
		break;
	}
	return "";
}

static void read_sum(sqlite3_stmt *stmt, struct usage_sum *s)
{
	memset(s, 0, sizeof *s);
	s->provider = store_col_text(stmt, 0, 1);
	s->model = store_col_text(stmt, 1, 1);
	s->day = store_col_text(stmt, 2, 1);
	s->requests = sq->column_int64(stmt, 3);
	s->errors = sq->column_int64(stmt, 4);
	s->interrupted = sq->column_int64(stmt, 5);
	s->estimated = sq->column_int64(stmt, 6);
	s->input_tokens = sq->column_int64(stmt, 7);
	s->output_tokens = sq->column_int64(stmt, 8);
	s->cached_tokens = sq->column_int64(stmt, 9);
	s->reasoning_tokens = sq->column_int64(stmt, 10);
	s->cost_usd = sq->column_double(stmt, 11);
	s->unpriced = sq->column_int64(stmt, 12);
	s->avg_latency_ms = sq->column_type(stmt, 13) == SQLITE_NULL
				    ? -1 : sq->column_double(stmt, 13);
	s->avg_ttft_ms = sq->column_type(stmt, 14) == SQLITE_NULL
				 ? -1 : sq->column_double(stmt, 14);
}

/* One query per call: the totals (by = NONE) or one row per group. */
static int run_query(struct store *st, long long since, enum usage_by by, struct usage_sum **out,
		     size_t *n, struct clude_err *err)
{
	struct buf sql = { 0 };
	buf_printf(&sql,
		   "SELECT %s, count(*),"
		   " coalesce(sum(outcome NOT IN ('ok', 'interrupted')), 0),"
		   " coalesce(sum(outcome = 'interrupted'), 0), coalesce(sum(estimated != 0), 0),"
		   " coalesce(sum(input_tokens), 0), coalesce(sum(output_tokens), 0),"
		   " coalesce(sum(cached_tokens), 0), coalesce(sum(reasoning_tokens), 0),"
		   " total(cost_usd), coalesce(sum(cost_usd IS NULL), 0),"
		   " avg(CASE WHEN outcome = 'ok' THEN latency_ms END),"
		   " avg(CASE WHEN outcome = 'ok' THEN ttft_ms END)"
		   " FROM usage WHERE ts >= ?1%s",
		   group_keys(by), group_clause(by));
	sqlite3_stmt *stmt = store_prepare(st, sql.data, err);
	buf_free(&sql);
	if (!stmt)
		return -1;
	sq->bind_int64(stmt, 1, since);
	*out = NULL;
	*n = 0;
	int rc;
	while ((rc = sq->step(stmt)) == SQLITE_ROW) {
		*out = xrealloc(*out, (*n + 1) * sizeof **out);
		read_sum(stmt, &(*out)[(*n)++]);
	}
	if (rc != SQLITE_DONE) {
		store_fail(st, "reading usage", err);
		sq->finalize(stmt);
		usage_sums_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	sq->finalize(stmt);
	return 0;
}

int usage_query(struct store *st, long long since, enum usage_by by, struct usage_sum *total,
		struct usage_sum **groups, size_t *n_groups, struct clude_err *err)
{
	struct usage_sum *t;
	size_t n;
	memset(total, 0, sizeof *total);
	if (groups) {
		*groups = NULL;
		*n_groups = 0;
	}
	/* both reads see the same rows */
	if (store_exec(st, "BEGIN", err) != 0)
		return -1;
	if (run_query(st, since, USAGE_BY_NONE, &t, &n, err) != 0)
		goto fail;
	*total = t[0]; /* an aggregate without GROUP BY always has one row */
	free(t);
	if (groups && by != USAGE_BY_NONE && run_query(st, since, by, groups, n_groups, err) != 0) {
		memset(total, 0, sizeof *total);
		goto fail;
	}
	sq->exec(st->db, "COMMIT", NULL, NULL, NULL);
	return 0;
fail:
	sq->exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

void usage_sums_free(struct usage_sum *s, size_t n)
{
	if (!s)
		return;
	for (size_t i = 0; i < n; i++) {
		free(s[i].provider);
		free(s[i].model);
		free(s[i].day);
	}
	free(s);
}

int usage_parse_since(const char *s, long long now, long long *out, struct clude_err *err)
{
	int y, mo, d, used = 0;
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &used) == 3 && used == 10 && !s[used]) {
		struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_isdst = -1 };
		time_t t = mktime(&tm);
		if (t != (time_t)-1 && tm.tm_year == y - 1900 && tm.tm_mon == mo - 1 && tm.tm_mday == d) {
			*out = (long long)t * 1000;
			return 0;
		}
	} else {
		char *end;
		long long v = strtoll(s, &end, 10);
		long long unit = !strcmp(end, "m")   ? 60000LL
				 : !strcmp(end, "h") ? 3600000LL
				 : !strcmp(end, "d") ? 86400000LL
				 : !strcmp(end, "w") ? 7 * 86400000LL
						     : 0;
		if (end != s && *s >= '0' && *s <= '9' && unit && v > 0 && v < 100000) {
			*out = now - v * unit;
			return 0;
		}
	}
	err_set(err, CLUDE_EUSAGE,
		"--since needs a span like 30m, 24h, 7d, 2w or a date YYYY-MM-DD, not '%s'", s);
	return -1;
}
