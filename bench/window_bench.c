/* window_bench.c — what the conversation window costs a chat request: a
 * history of 2 000 turns (1.8 MB, about 550 000 estimated tokens of prose,
 * code, JSON and Chinese) fitted to a 128K window (111 616 tokens once
 * 16 384 are kept for the reply). Built from the window's sources alone:
 *
 *   cc -O2 -std=c11 -D_GNU_SOURCE -Iinclude -o window_bench bench/window_bench.c \
 *      src/core/window.c src/core/chat.c src/util/buf.c src/util/err.c src/util/misc.c
 *   window_bench [N]
 *
 * Prints one "name value unit" line per figure (median over N requests,
 * default 200, each after one more turn, as the chat sends them):
 *
 *   window_fit           sliding_window: every message counted (the
 *                        counts are not kept between requests), the old
 *                        turns left out, the request built, µs
 *   window_fit_truncate  the same with truncate (one message cut), µs
 *   estimate_speed       the estimator alone over the history's text, MB/s */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clude/util.h"
#include "clude/window.h"

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static const char *const parts[] = {
	"Could you explain how the retry logic works when the vendor answers 429? I looked at "
	"the code and I am not sure the backoff resets after a success. ",
	"Here is the function:\n\n```c\nstatic long backoff(int retry, long base, long max)\n{\n"
	"\tlong d = base << (retry - 1);\n\treturn d > max ? max : d;\n}\n```\n",
	"{\"id\": \"req_8812\", \"status\": 429, \"retry_after\": 7, \"tokens\": [120, 44, 9]} ",
	"请解释一下这个函数在重试时的行为，以及为什么要设置上限。我们需要在文档里写清楚。",
	"The backoff doubles per retry from the base and is capped at max; a success does not "
	"reset anything because each request starts again from retry 1. ",
};

static char *turn_text(size_t t, bool reply)
{
	struct buf b = { 0 };
	size_t k = t * 7 + (reply ? 3 : 0);
	for (size_t i = 0; i < 2 + k % 4; i++)
		buf_puts(&b, parts[(k + i) % ARRAY_LEN(parts)]);
	return buf_steal(&b);
}

struct hist {
	struct message *m;
	size_t n, cap;
};

static void push(struct hist *h, enum role r, char *text)
{
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 4096;
		h->m = xrealloc(h->m, h->cap * sizeof *h->m);
	}
	h->m[h->n++] = (struct message){ .role = r, .content = text };
}

static struct hist history(size_t turns)
{
	struct hist h = { 0 };
	for (size_t t = 0; t < turns; t++) {
		push(&h, ROLE_USER, turn_text(t, false));
		push(&h, ROLE_ASSISTANT, turn_text(t, true));
	}
	return h;
}

static void hist_free(struct hist *h)
{
	for (size_t i = 0; i < h->n; i++)
		free(h->m[i].content);
	free(h->m);
}

/* N requests, each after one more turn, median µs of window_fit. */
static double run(enum conv_strategy s, long budget, int n)
{
	struct hist h = history(2000);
	double *us = xcalloc((size_t)n, sizeof *us);
	for (int i = 0; i < n; i++) {
		push(&h, ROLE_USER, turn_text(2000 + (size_t)i, false));
		struct window_params p = { .system = "You are a careful reviewer.", .budget = budget,
					   .strategy = s };
		struct window_out out;
		struct window_report rep;
		double t0 = now_us();
		window_fit(&p, &h.m, &h.n, &out, &rep);
		us[i] = now_us() - t0;
		if (rep.tokens_after > budget) {
			fprintf(stderr, "window_bench: over budget (%ld > %ld)\n", rep.tokens_after,
				budget);
			exit(1);
		}
		window_out_free(&out);
		push(&h, ROLE_ASSISTANT, turn_text(2000 + (size_t)i, true));
	}
	double m = median(us, (size_t)n);
	free(us);
	hist_free(&h);
	return m;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 200;
	if (n < 1)
		n = 1;
	struct window_budget b;
	struct model_info m128 = { .id = "m", .context_window = 128000, .max_output = 16384 };
	window_budget(NULL, &m128, &b);
	printf("window_fit %.1f us\n", run(CONV_SLIDING_WINDOW, b.budget, n));
	printf("window_fit_truncate %.1f us\n", run(CONV_TRUNCATE, b.budget, n));

	struct hist h = history(2000);
	size_t bytes = 0;
	for (size_t k = 0; k < h.n; k++)
		bytes += strlen(h.m[k].content);
	double *us = xcalloc((size_t)n, sizeof *us);
	long tokens = 0;
	for (int i = 0; i < n; i++) {
		double t0 = now_us();
		for (size_t k = 0; k < h.n; k++)
			tokens += estimate_tokens(h.m[k].content, strlen(h.m[k].content));
		us[i] = now_us() - t0;
	}
	printf("estimate_speed %.0f MB/s\n", (double)bytes / median(us, (size_t)n));
	fprintf(stderr, "window_bench: %d requests, 2000 turns, %zu bytes, %ld tokens, budget %ld\n",
		n, bytes, tokens / n, b.budget);
	free(us);
	hist_free(&h);
	return 0;
}
