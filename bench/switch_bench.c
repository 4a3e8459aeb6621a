/* switch_bench.c — in-process figures for the REPL, for bench/repl.py,
 * linked with clude's objects (all but main.o, as the unit tests are):
 *
 *   switch_bench CONFIG [ITERATIONS]
 *
 * CONFIG must define vendors "openai" (with a key) and "bench"
 * (openai_compat) whose table has models "m1" and "m2". Prints one
 * "name value unit" line per figure:
 *
 *   provider_switch   /provider NAME through slash_dispatch (app_resolve,
 *                     the status callback, the "✓ provider" line), µs
 *   model_switch      /model ID through slash_dispatch, µs
 *   set_provider      session_set_provider alone, µs
 *   pane_append       one streamed token (" w123") into a 100-column pane
 *                     holding the whole reply so far, µs
 *   frame             one frame as the TUI draws it: pane_view of 28 rows,
 *                     werase + mvwaddnstr per row, wnoutrefresh, doupdate,
 *                     to an xterm-256color screen on /dev/null, µs
 *   token_and_frame   a token appended and a frame drawn, µs
 *
 * Each figure is the median over 15 batches of the per-call mean. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clude/app.h"
#include "clude/repl.h"
#include "clude/util.h"

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

#define BATCHES 15

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return v[n / 2];
}

static void nop_print(struct session *s, enum entry_kind kind, const char *text)
{
	(void)s;
	(void)kind;
	(void)text;
}

static void nop_session(struct session *s)
{
	(void)s;
}

static void nop_delta(struct session *s, const char *text, size_t len)
{
	(void)s;
	(void)text;
	(void)len;
}

static const struct repl_ui ui = {
	.print = nop_print,
	.reply_begin = nop_session,
	.reply_delta = nop_delta,
	.reply_end = nop_session,
	.status = nop_session,
};

static char *slurp(const char *path, size_t *len)
{
	char *text = read_file(path, len);
	if (!text) {
		perror(path);
		exit(2);
	}
	return text;
}

/* The TUI's draw_pane + doupdate, on a screen that writes to /dev/null. */
static void frame(WINDOW *w, const struct pane *p, int rows)
{
	enum entry_kind kinds[64];
	const char *texts[64];
	size_t lens[64];
	size_t n = pane_view(p, rows, kinds, texts, lens);
	werase(w);
	int top = rows - (int)n;
	for (size_t i = 0; i < n; i++)
		if (texts[i])
			mvwaddnstr(w, top + (int)i, 0, texts[i], (int)lens[i]);
	wnoutrefresh(w);
	doupdate();
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: switch_bench CONFIG [ITERATIONS]\n");
		return 2;
	}
	int iters = argc > 2 ? atoi(argv[2]) : 2000;
	if (iters < 10)
		iters = 10;
	size_t len;
	char *text = slurp(argv[1], &len);
	struct app app;
	memset(&app, 0, sizeof app);
	app.opt.temperature = -1;
	snprintf(app.cfg_path, sizeof app.cfg_path, "%s", argv[1]);
	struct clude_err err;
	err_clear(&err);
	if (config_parse(argv[1], text, len, &app.cfg, &err) != 0 ||
	    provider_set_init(&app.providers, &app.cfg, &err) != 0) {
		fprintf(stderr, "switch_bench: %s\n", err.msg);
		return 2;
	}
	free(text);
	struct provider *p;
	const char *model;
	if (app_resolve(&app, "openai", NULL, &p, &model, &err) != 0) {
		fprintf(stderr, "switch_bench: %s\n", err.msg);
		return 2;
	}
	struct session s;
	session_init(&s, &app, &ui, p, model);
	double v[BATCHES];

	/* /provider, alternating between two vendors */
	for (int b = 0; b < BATCHES; b++) {
		double t0 = now_us();
		for (int i = 0; i < iters; i++)
			slash_dispatch(&s, i & 1 ? "/provider openai" : "/provider bench");
		v[b] = (now_us() - t0) / iters;
	}
	if (strcmp(s.provider->decl->name, "openai") != 0) {
		fprintf(stderr, "switch_bench: /provider did not switch (at %s)\n",
			s.provider->decl->name);
		return 1;
	}
	printf("provider_switch %.3f us\n", median(v, BATCHES));

	slash_dispatch(&s, "/provider bench");
	for (int b = 0; b < BATCHES; b++) {
		double t0 = now_us();
		for (int i = 0; i < iters; i++)
			slash_dispatch(&s, i & 1 ? "/model m1" : "/model m2");
		v[b] = (now_us() - t0) / iters;
	}
	if (strcmp(s.model, "m1") != 0) {
		fprintf(stderr, "switch_bench: /model did not switch (at %s)\n", s.model);
		return 1;
	}
	printf("model_switch %.3f us\n", median(v, BATCHES));

	for (int b = 0; b < BATCHES; b++) {
		double t0 = now_us();
		for (int i = 0; i < iters; i++)
			if (session_set_provider(&s, i & 1 ? "openai" : "bench", &err) != 0)
				return 1;
		v[b] = (now_us() - t0) / iters;
	}
	printf("set_provider %.3f us\n", median(v, BATCHES));
	session_free(&s);

	/* the pane: a long reply streamed one token at a time */
	struct pane pane;
	pane_init(&pane, 100);
	pane_add(&pane, ENTRY_USER, "you: go");
	pane_add(&pane, ENTRY_REPLY, "");
	int per = 20000 / BATCHES;
	int tok = 0;
	char t[32];
	for (int b = 0; b < BATCHES; b++) {
		double t0 = now_us();
		for (int i = 0; i < per; i++) {
			int n = snprintf(t, sizeof t, " w%d", ++tok);
			pane_append(&pane, t, (size_t)n);
		}
		v[b] = (now_us() - t0) / per;
	}
	printf("pane_append %.3f us\n", median(v, BATCHES));

	/* frames, as the TUI draws them, into a terminal that is /dev/null */
	FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
	SCREEN *scr = out && in ? newterm("xterm-256color", out, in) : NULL;
	if (!scr) {
		fprintf(stderr, "switch_bench: no curses screen for xterm-256color\n");
		pane_free(&pane);
		app_free(&app);
		return 0;
	}
	resizeterm(30, 100);
	WINDOW *w = newwin(28, 100, 0, 0);
	int frames = 400;
	for (int b = 0; b < BATCHES; b++) {
		double t0 = now_us();
		for (int i = 0; i < frames; i++) {
			/* the text changes each frame, as a stream does */
			pane_scroll(&pane, i & 1 ? 1 : -1, 28);
			frame(w, &pane, 28);
		}
		v[b] = (now_us() - t0) / frames;
	}
	printf("frame %.3f us\n", median(v, BATCHES));
	pane_scroll(&pane, -1000000, 28);
	for (int b = 0; b < BATCHES; b++) {
		double t0 = now_us();
		for (int i = 0; i < frames; i++) {
			int n = snprintf(t, sizeof t, " w%d", ++tok);
			pane_append(&pane, t, (size_t)n);
			frame(w, &pane, 28);
		}
		v[b] = (now_us() - t0) / frames;
	}
	printf("token_and_frame %.3f us\n", median(v, BATCHES));
	delwin(w);
	endwin();
	delscreen(scr);
	fclose(out);
	fclose(in);
	pane_free(&pane);
	app_free(&app);
	return 0;
}
