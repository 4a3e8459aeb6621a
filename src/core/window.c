/* window.c — the conversation window: what of a long chat goes into a
 * request so that it fits the model's context (sliding_window, truncate,
 * summarize), and the one line that tells the user what was left out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clude/util.h"
#include "clude/window.h"

static char mark_only[] = WINDOW_MARK; /* the text of a message cut away whole */

void window_budget(const struct conversation_conf *c, const struct model_info *mi,
		   struct window_budget *out)
{
	long ctx = c && c->max_tokens > 0		 ? c->max_tokens
		   : mi && mi->context_window > 0 ? mi->context_window
						  : WINDOW_DEFAULT_CONTEXT;
	long reserve;
	if (c && c->reserve_set) {
		reserve = c->reserve_output < ctx / 2 ? c->reserve_output : ctx / 2;
	} else {
		reserve = mi && mi->max_output > 0 ? mi->max_output : WINDOW_DEFAULT_RESERVE;
		if (reserve > ctx / 4)
			reserve = ctx / 4;
	}
	out->context = ctx;
	out->reserve = reserve;
	out->budget = ctx - reserve;
}

static long text_tokens(const char *s)
{
	return s ? estimate_tokens(s, strlen(s)) : 0;
}

long window_msg_tokens(const struct message *m)
{
	return text_tokens(m->content) + WINDOW_MSG_OVERHEAD;
}

/* The conversation being fitted, with what each message costs (counted
 * once per request: about 3 ms per MB of history). */
struct conv {
	struct message *m;
	long *cost;
	size_t n;
};

static void conv_count(struct conv *c, struct message *m, size_t n)
{
	free(c->cost);
	c->m = m;
	c->n = n;
	c->cost = xcalloc(n + 1, sizeof *c->cost);
	for (size_t i = 0; i < n; i++)
		c->cost[i] = window_msg_tokens(&m[i]);
}

static long sum(const struct conv *c, size_t from, size_t to)
{
	long t = 0;
	for (size_t k = from; k < to; k++)
		t += c->cost[k];
	return t;
}

/* The newest user turn starts at the last user message (0 when none). */
static size_t newest_turn(const struct conv *c)
{
	for (size_t i = c->n; i-- > 0;)
		if (c->m[i].role == ROLE_USER)
			return i;
	return 0;
}

/* Summary notes lead the conversation (system messages before the first
 * turn); like the system prompt, they are kept. */
static size_t pinned_notes(const struct conv *c, size_t keep_from)
{
	size_t k = 0;
	while (k < keep_from && c->m[k].role == ROLE_SYSTEM)
		k++;
	return k;
}

/* The end of the turn starting at i: the next user or system message,
 * at most limit. Replies belong to the turn before them. */
static size_t turn_end(const struct conv *c, size_t i, size_t limit)
{
	size_t k = i + 1;
	while (k < limit && c->m[k].role == ROLE_ASSISTANT)
		k++;
	return k < limit ? k : limit;
}

/* sliding_window: the first message kept after leaving out whole turns. */
static size_t slide(const struct conv *c, size_t first, size_t keep_from, long total, long budget,
		    size_t *dropped)
{
	while (total > budget && first < keep_from) {
		size_t end = turn_end(c, first, keep_from);
		total -= sum(c, first, end);
		first = end;
		(*dropped)++;
	}
	return first;
}

/* What truncate keeps: messages from first; [first, marked) become
 * WINDOW_MARK alone; m[cut] (when cut < n) keeps its text from byte off. */
struct trunc {
	size_t first, marked, cut, off;
};

/* The message text cut from byte off on: WINDOW_MARK, a space, the rest. */
static char *cut_text(const char *content, size_t off)
{
	struct buf b = { 0 };
	buf_printf(&b, "%s %s", WINDOW_MARK, content + off);
	return buf_steal(&b);
}

static long cut_cost(const char *content, size_t off)
{
	char *s = cut_text(content, off);
	long t = text_tokens(s) + WINDOW_MSG_OVERHEAD;
	free(s);
	return t;
}

/* The byte offset from which the cut text costs at most target: on a
 * UTF-8 boundary, and after a space or newline when one is near. */
static size_t cut_offset(const char *text, long target)
{
	size_t len = strlen(text), lo = 0, hi = len;
	while (lo < hi) { /* the smallest offset that fits; the cost falls as it grows */
		size_t mid = lo + (hi - lo) / 2;
		if (cut_cost(text, mid) <= target)
			hi = mid;
		else
			lo = mid + 1;
	}
	while (lo < len && ((unsigned char)text[lo] & 0xC0) == 0x80)
		lo++;
	for (size_t k = lo; k < len && k < lo + 24; k++)
		if (text[k] == ' ' || text[k] == '\n')
			return k + 1;
	return lo;
}

/* What messages [from, to) cost once t is applied. */
static long trunc_cost(const struct conv *c, size_t from, size_t to, const struct trunc *t)
{
	long mark = text_tokens(WINDOW_MARK) + WINDOW_MSG_OVERHEAD, cost = 0;
	for (size_t k = from; k < to; k++)
		cost += k < t->marked ? mark
			: k == t->cut ? cut_cost(c->m[k].content, t->off)
				      : c->cost[k];
	return cost;
}

/* truncate: cut the oldest text away until the request fits; a turn that
 * even cut down to marks would not make room is left out whole. fixed is
 * what comes before the message at start (system prompt, notes). */
static void truncate_fit(const struct conv *c, size_t start, size_t keep_from, long fixed,
			 long budget, struct trunc *t, struct window_report *rep)
{
	long mark = text_tokens(WINDOW_MARK) + WINDOW_MSG_OVERHEAD;
	long rest = sum(c, start, c->n);
	*t = (struct trunc){ .first = start, .marked = start, .cut = c->n };
	while (t->first < keep_from) {
		t->marked = t->first;
		t->cut = c->n;
		long excess = fixed + rest - budget;
		if (excess <= 0)
			return;
		size_t end = turn_end(c, t->first, keep_from);
		long whole = sum(c, t->first, end);
		if (whole - (long)(end - t->first) * mark >= excess) {
			for (size_t k = t->first; k < end && excess > 0; k++) {
				long save = c->cost[k] - mark;
				if (save <= excess) {
					t->marked = k + 1;
					excess -= save > 0 ? save : 0;
					continue;
				}
				t->cut = k;
				t->off = cut_offset(c->m[k].content, c->cost[k] - excess);
				excess = 0;
			}
			if (fixed + rest - whole + trunc_cost(c, t->first, end, t) <= budget) {
				rep->cut_messages = (t->marked - t->first) + (t->cut < c->n);
				return;
			}
		}
		rest -= whole; /* cutting is not enough (or the estimate disagreed): leave it out */
		t->first = end;
		rep->dropped_turns++;
	}
	t->marked = t->first;
	t->cut = c->n;
}

static void add_usage(struct usage *sum_u, const struct usage *u)
{
	sum_u->input_tokens += u->input_tokens;
	sum_u->output_tokens += u->output_tokens;
	sum_u->cached_tokens += u->cached_tokens;
	sum_u->reasoning_tokens += u->reasoning_tokens;
	sum_u->present |= u->present;
	sum_u->estimated |= u->estimated;
}

/* One summary request: the note (if any) and the oldest turns after it,
 * as many as it fits, up to end; replaced in *msgs by the new note.
 * Returns false when it failed or nothing could be summarised. */
static bool summarize_once(const struct window_params *p, struct conv *c, struct message **msgs,
			   size_t *np, size_t end, long allowance, struct window_report *rep)
{
	size_t pinned = pinned_notes(c, end);
	long room = p->budget - (text_tokens(WINDOW_SUMMARY_INSTRUCTION) + WINDOW_MSG_OVERHEAD +
				 WINDOW_REQ_OVERHEAD);
	long in = sum(c, 0, pinned);
	size_t stop = pinned, turns = 0;
	while (stop < end) { /* whole turns, oldest first, while the request fits */
		size_t e = turn_end(c, stop, end);
		long t = sum(c, stop, e);
		if (in + t > room)
			break;
		in += t;
		stop = e;
		turns++;
	}
	if (!turns) {
		snprintf(rep->summary_error, sizeof rep->summary_error,
			 "the oldest turn alone is larger than the window");
		return false;
	}
	struct clude_err err;
	err_clear(&err);
	struct usage u = { 0 };
	char *text = p->summarize(p->summarize_ctx, c->m, stop, (int)allowance, &u, &err);
	rep->summary_requested = true;
	add_usage(&rep->summary_usage, &u);
	const char *t = text ? text : "";
	size_t len = strlen(t);
	while (len && strchr(" \t\r\n", *t))
		t++, len--;
	while (len && strchr(" \t\r\n", t[len - 1]))
		len--;
	if (!len) {
		snprintf(rep->summary_error, sizeof rep->summary_error, "%s",
			 text	      ? "the summary came back empty"
			 : err.msg[0] ? err.msg
				      : "no summary came back");
		free(text);
		return false;
	}
	struct buf note = { 0 };
	buf_printf(&note, "%s%.*s", WINDOW_SUMMARY_PREFIX, (int)len, t);
	free(text);
	struct message *m = *msgs;
	for (size_t k = 0; k < stop; k++)
		free(m[k].content);
	m[0] = (struct message){ .role = ROLE_SYSTEM, .content = buf_steal(&note) };
	memmove(m + 1, m + stop, (*np - stop) * sizeof *m);
	*np -= stop - 1;
	rep->summarized_turns += turns;
	conv_count(c, m, *np);
	return true;
}

/* summarize: replace the oldest turns by a note, enough of them for the
 * request to come to half the budget (so that the next turns fit without
 * another summary); a history too long for one summary request takes a
 * few, each folding the last note in. */
static void summarize(const struct window_params *p, struct conv *c, struct message **msgs,
		      size_t *np, long fixed, struct window_report *rep)
{
	long allowance = p->budget / 8 < 64 ? 64 : p->budget / 8 > 1024 ? 1024 : p->budget / 8;
	long target = p->budget / 2;
	for (int round = 0; round < 4; round++) {
		size_t keep_from = newest_turn(c), pinned = pinned_notes(c, keep_from);
		long rest = sum(c, 0, c->n);
		if (fixed + rest <= target || keep_from <= pinned)
			return;
		size_t end = pinned;
		while (end < keep_from && fixed + allowance + rest > target) {
			size_t e = turn_end(c, end, keep_from);
			rest -= sum(c, end, e);
			end = e;
		}
		if (!summarize_once(p, c, msgs, np, end, allowance, rep)) {
			rep->summary_failed = !rep->summarized_turns;
			return;
		}
	}
}

void window_fit(const struct window_params *p, struct message **msgs, size_t *np,
		struct window_out *out, struct window_report *rep)
{
	memset(rep, 0, sizeof *rep);
	memset(out, 0, sizeof *out);
	rep->strategy = p->strategy;
	rep->budget = p->budget;
	struct conv c = { 0 };
	conv_count(&c, *msgs, *np);
	long fixed = WINDOW_REQ_OVERHEAD +
		     (p->system ? text_tokens(p->system) + WINDOW_MSG_OVERHEAD : 0);
	long total = fixed + sum(&c, 0, c.n);
	rep->tokens_before = total;
	if (total > p->budget && p->strategy == CONV_SUMMARIZE && p->summarize) {
		summarize(p, &c, msgs, np, fixed, rep);
		total = fixed + sum(&c, 0, c.n);
	}
	size_t n = c.n, keep_from = newest_turn(&c), pinned = pinned_notes(&c, keep_from);
	long notes = sum(&c, 0, pinned);
	struct trunc t = { .first = pinned, .marked = pinned, .cut = n };
	if (total > p->budget) {
		if (p->strategy == CONV_TRUNCATE) {
			truncate_fit(&c, pinned, keep_from, fixed + notes, p->budget, &t, rep);
		} else {
			size_t dropped = 0;
			t.first = t.marked = slide(&c, pinned, keep_from, total, p->budget, &dropped);
			rep->dropped_turns += dropped;
		}
	}
	out->msgs = xcalloc(pinned + n - t.first + 1, sizeof *out->msgs);
	if (p->system)
		out->msgs[out->n++] = (struct message){ .role = ROLE_SYSTEM,
							.content = (char *)p->system };
	for (size_t k = 0; k < pinned; k++)
		out->msgs[out->n++] = c.m[k];
	for (size_t k = t.first; k < n; k++) {
		struct message x = c.m[k];
		if (k < t.marked)
			x.content = mark_only;
		else if (k == t.cut)
			x.content = out->cut = cut_text(c.m[k].content, t.off);
		out->msgs[out->n++] = x;
	}
	rep->tokens_after = fixed + notes + trunc_cost(&c, t.first, n, &t);
	rep->over_budget = rep->tokens_after > p->budget;
	rep->trimmed = rep->dropped_turns || rep->cut_messages || rep->summarized_turns;
	free(c.cost);
}

void window_out_free(struct window_out *out)
{
	free(out->msgs);
	free(out->cut);
	memset(out, 0, sizeof *out);
}

void window_fmt_count(long n, char *buf, size_t bufsz)
{
	char digits[32];
	int len = snprintf(digits, sizeof digits, "%ld", n < 0 ? -n : n);
	size_t o = 0;
	if (n < 0 && o + 1 < bufsz)
		buf[o++] = '-';
	for (int i = 0; i < len && o + 1 < bufsz; i++) {
		if (i && (len - i) % 3 == 0 && o + 1 < bufsz)
			buf[o++] = ',';
		if (o + 1 < bufsz)
			buf[o++] = digits[i];
	}
	buf[o] = '\0';
}

/* "128K" for 128000 and 131072, "8K" for 8192, else "1,500-token" */
static void fmt_context(long ctx, char *buf, size_t bufsz)
{
	if (ctx >= 1000 && ctx % 1000 == 0)
		snprintf(buf, bufsz, "%ldK", ctx / 1000);
	else if (ctx >= 1024 && ctx % 1024 == 0)
		snprintf(buf, bufsz, "%ldK", ctx / 1024);
	else {
		char n[32];
		window_fmt_count(ctx, n, sizeof n);
		snprintf(buf, bufsz, "%s-token", n);
	}
}

static const char *plural(size_t n)
{
	return n == 1 ? "" : "s";
}

void window_describe(const struct window_report *rep, const struct window_budget *b, char *buf,
		     size_t bufsz)
{
	buf[0] = '\0';
	if (!rep->trimmed)
		return;
	char ctx[40], before[32], after[32], what[700];
	fmt_context(b->context, ctx, sizeof ctx);
	window_fmt_count(rep->tokens_before, before, sizeof before);
	window_fmt_count(rep->tokens_after, after, sizeof after);
	size_t d = rep->dropped_turns, c = rep->cut_messages, s = rep->summarized_turns;
	if (s && d)
		snprintf(what, sizeof what, "summarised %zu old turn%s into a note and left out %zu more",
			 s, plural(s), d);
	else if (s)
		snprintf(what, sizeof what, "summarised %zu old turn%s into a note", s, plural(s));
	else if (c && d)
		snprintf(what, sizeof what, "cut %zu old message%s and left out %zu old turn%s", c,
			 plural(c), d, plural(d));
	else if (c)
		snprintf(what, sizeof what, "cut %zu old message%s", c, plural(c));
	else if (rep->summary_failed)
		snprintf(what, sizeof what, "could not summarise old turns (%s); trimmed %zu old turn%s instead",
			 rep->summary_error, d, plural(d));
	else
		snprintf(what, sizeof what, "trimmed %zu old turn%s", d, plural(d));
	snprintf(buf, bufsz, "%s to fit the %s context: %s → %s tokens", what, ctx, before, after);
}

const char *conv_strategy_name(enum conv_strategy s)
{
	switch (s) {
	case CONV_SLIDING_WINDOW:
		return "sliding_window";
	case CONV_TRUNCATE:
		return "truncate";
	case CONV_SUMMARIZE:
		return "summarize";
	}
	return "sliding_window";
}

void window_describe_over(const struct window_report *rep, const struct window_budget *b,
			  char *buf, size_t bufsz)
{
	char need[32], fit[32], ctx[32], res[32];
	window_fmt_count(rep->tokens_after, need, sizeof need);
	window_fmt_count(b->budget, fit, sizeof fit);
	window_fmt_count(b->context, ctx, sizeof ctx);
	window_fmt_count(b->reserve, res, sizeof res);
	snprintf(buf, bufsz,
		 "the newest message comes to about %s tokens (with the system prompt), more than "
		 "the %s that fit (context %s less %s kept for the reply); it is sent whole",
		 need, fit, ctx, res);
}

bool window_check_prompt(const struct conversation_conf *c, const struct model_info *mi,
			 const struct message *msgs, size_t n, char *buf, size_t bufsz)
{
	struct window_budget b;
	window_budget(c, mi, &b);
	long need = WINDOW_REQ_OVERHEAD;
	for (size_t i = 0; i < n; i++)
		need += window_msg_tokens(&msgs[i]);
	buf[0] = '\0';
	if (need <= b.budget)
		return false;
	char a[32], fit[32], ctx[32], res[32];
	window_fmt_count(need, a, sizeof a);
	window_fmt_count(b.budget, fit, sizeof fit);
	window_fmt_count(b.context, ctx, sizeof ctx);
	window_fmt_count(b.reserve, res, sizeof res);
	snprintf(buf, bufsz,
		 "the prompt comes to about %s tokens, more than the %s that fit (context %s "
		 "less %s kept for the reply); it is sent whole",
		 a, fit, ctx, res);
	return true;
}
