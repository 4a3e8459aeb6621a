/* store_bench.c — what clude.db costs a request: one usage row written in
 * its own transaction, as every `clude -p` and chat message does. Built
 * from the store's sources alone (SQLite is loaded with dlopen, as in clude):
 *
 *   cc -O2 -std=c11 -D_GNU_SOURCE -Iinclude -o store_bench bench/store_bench.c \
 *      src/store/db.c src/store/sqlite_api.c src/store/usage.c src/store/sessions.c \
 *      src/util/buf.c src/util/err.c src/util/misc.c src/core/chat.c -ldl
 *   store_bench [N] [DIR]
 *
 * Prints one "name value unit" line per figure (the database lives in a
 * fresh directory under DIR, default /tmp):
 *
 *   process_write      what `clude -p` pays: in a fresh process (fork, SQLite
 *                      not loaded yet) load SQLite, store_open, usage_add,
 *                      store_close; the fork itself is subtracted; median
 *                      over N/4, µs
 *   usage_insert       usage_add on an open database (the chat), each in its
 *                      own transaction; median over N (default 2000), µs
 *   reply_update       rewriting a 4 KB streaming reply (sess_update_msg), µs
 *   usage_query        `clude usage --by model` over all the rows, µs */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clude/store.h"
#include "clude/util.h"

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double p90(double *v, size_t n) /* v sorted by median() */
{
	return v[(n * 9) / 10];
}

static void die(const struct clude_err *err)
{
	fprintf(stderr, "store_bench: %s\n", err->msg);
	exit(1);
}

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 2000;
	const char *base = argc > 2 ? argv[2] : "/tmp";
	if (n < 10)
		n = 10;
	char dir[4096], path[4200];
	snprintf(dir, sizeof dir, "%s/store-bench-XXXXXX", base);
	if (!mkdtemp(dir)) {
		perror("store_bench: mkdtemp");
		return 1;
	}
	snprintf(path, sizeof path, "%s/clude.db", dir);
	double *t = xcalloc(n, sizeof *t);
	struct clude_err err;
	err_clear(&err);
	struct usage_row row = { .provider = "openai", .model = "gpt-4o-mini", .input_tokens = 812,
				 .output_tokens = 230, .cost_usd = 0.00026, .latency_ms = 840,
				 .ttft_ms = 210, .outcome = "ok" };

	/* one process per request, as clude -p; SQLite is not loaded here yet */
	size_t reps = n / 4;
	double *floor = xcalloc(reps, sizeof *floor);
	for (size_t i = 0; i < reps; i++) {
		for (int with_db = 0; with_db < 2; with_db++) {
			double t0 = now_ms();
			pid_t pid = fork();
			if (pid == 0) {
				struct store *s1;
				if (with_db && (store_open_path(path, 0, &s1, &err) != 0 ||
						usage_add(s1, &row, &err) != 0))
					_exit(1);
				if (with_db)
					store_close(s1);
				_exit(0);
			}
			int status = 1;
			if (pid < 0 || waitpid(pid, &status, 0) != pid || status != 0) {
				fprintf(stderr, "store_bench: the writer process failed\n");
				return 1;
			}
			(with_db ? t : floor)[i] = (now_ms() - t0) * 1000.0;
		}
	}
	double f = median(floor, reps), m = median(t, reps);
	printf("process_write %.1f us (p90 %.1f; fork+exit %.1f subtracted)\n", m - f,
	       p90(t, reps) - f, f);
	free(floor);

	struct store *st;
	if (store_open_path(path, 0, &st, &err) != 0)
		die(&err);
	const char *models[] = { "gpt-4o-mini", "gpt-4o", "o3-mini", "llama-3.3-70b" };
	for (size_t i = 0; i < n; i++) {
		row.model = models[i % 4];
		double t0 = now_ms();
		if (usage_add(st, &row, &err) != 0)
			die(&err);
		t[i] = (now_ms() - t0) * 1000.0;
	}
	m = median(t, n);
	printf("usage_insert %.1f us (p90 %.1f)\n", m, p90(t, n));

	long long sid, mid;
	if (sess_create(st, "openai", "gpt-4o-mini", NULL, &sid, &err) != 0 ||
	    sess_append(st, sid, ROLE_ASSISTANT, "", true, &mid, &err) != 0)
		die(&err);
	char *reply = xmalloc(4097);
	memset(reply, 'x', 4096);
	reply[4096] = '\0';
	for (size_t i = 0; i < n; i++) {
		double t0 = now_ms();
		if (sess_update_msg(st, mid, reply, true, &err) != 0)
			die(&err);
		t[i] = (now_ms() - t0) * 1000.0;
	}
	m = median(t, n);
	printf("reply_update %.1f us (p90 %.1f)\n", m, p90(t, n));

	for (size_t i = 0; i < 50; i++) {
		struct usage_sum total, *g;
		size_t ng;
		double t0 = now_ms();
		if (usage_query(st, 0, USAGE_BY_MODEL, &total, &g, &ng, &err) != 0)
			die(&err);
		t[i] = (now_ms() - t0) * 1000.0;
		usage_sums_free(g, ng);
	}
	m = median(t, 50);
	printf("usage_query %.1f us (%zu rows)\n", m, n + reps);

	store_close(st);
	free(reply);
	free(t);
	char cmd[4200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : 1;
}
