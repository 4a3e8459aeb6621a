/* pane.c — word wrapping and the scrollback model behind the chat pane
 * (see pane.h). */
#include <stdlib.h>
#include <string.h>

#include "clude/pane.h"
#include "clude/utf8.h"

static void push_span(struct span **lines, size_t *n, size_t *cap, size_t start, size_t len)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		*lines = xrealloc(*lines, *cap * sizeof **lines);
	}
	(*lines)[(*n)++] = (struct span){ start, len };
}

/* End of a line ending at e (a hard break or the end of the text), cols
 * wide: trailing spaces past the width are not shown. */
static size_t fit(const char *text, size_t line, size_t e, size_t cols, int width)
{
	while (e > line && text[e - 1] == ' ' && cols > (size_t)width) {
		e--;
		cols--;
	}
	return e;
}

void wrap_text(const char *text, size_t start, size_t len, int width, struct span **lines,
	       size_t *n, size_t *cap)
{
	if (width < 1)
		width = 1;
	size_t end = start + len;
	size_t line = start;      /* start of the line being built */
	size_t brk = 0;           /* byte after the last break opportunity, 0 = none */
	size_t brk_cols = 0;      /* columns of the line up to brk */
	size_t cols = 0;
	size_t i = start;
	while (i < end) {
		if (text[i] == '\n') {
			push_span(lines, n, cap, line, fit(text, line, i, cols, width) - line);
			line = ++i;
			cols = 0;
			brk = 0;
			continue;
		}
		unsigned cp;
		size_t k = utf8_decode(text + i, end - i, &cp);
		int w = cp_width(cp);
		if (cp == ' ') {
			/* spaces never overflow: they hang past the edge until a
			 * character that does not fit breaks the line after them, and
			 * are shown on neither line. Deciding at the next character
			 * (not at the space) keeps a line's start independent of text
			 * that has not arrived yet, so a stream wraps like the whole. */
			cols++;
			i += k;
			brk = i;
			brk_cols = cols;
			continue;
		}
		if (w > 0 && cols + (size_t)w > (size_t)width && i > line) {
			size_t cut = brk > line ? brk : i;
			size_t next_cols = brk > line ? cols - brk_cols : 0;
			size_t shown = cut;
			while (shown > line && text[shown - 1] == ' ')
				shown--; /* no trailing blanks at a soft break */
			push_span(lines, n, cap, line, shown - line);
			line = cut;
			cols = next_cols;
			brk = 0;
		}
		cols += (size_t)w;
		/* may break after a wide character; a zero-width mark stays with
		 * what it follows */
		if (w == 2 || (w == 0 && brk == i && brk > line)) {
			brk = i + k;
			brk_cols = cols;
		}
		i += k;
	}
	push_span(lines, n, cap, line, fit(text, line, end, cols, width) - line);
}

/* Append text to an entry as the screen will show it, so that what
 * wrap_text measures is what curses draws: a tab becomes spaces up to the
 * next multiple of 8 columns of its line, and other control characters
 * (CR, ESC, C1 …), which curses would draw as ^X or act upon, are dropped. */
static void put_shown(struct buf *b, const char *text, size_t len)
{
	if (!b->data)
		buf_append(b, "", 0); /* an empty entry still has its "" */
	size_t i = 0;
	while (i < len) {
		size_t run = i;
		for (; run < len; run++) {
			unsigned char c = (unsigned char)text[run];
			if ((c < 0x20 && c != '\n') || c == 0x7F)
				break;
			if (c == 0xC2 && run + 1 < len && (unsigned char)text[run + 1] < 0xA0 &&
			    (unsigned char)text[run + 1] >= 0x80)
				break; /* U+0080..U+009F */
		}
		buf_append(b, text + i, run - i);
		if (run == len)
			break;
		if (text[run] == '\t') {
			size_t ls = b->len;
			while (ls > 0 && b->data[ls - 1] != '\n')
				ls--;
			size_t col = b->len ? utf8_nwidth(b->data + ls, b->len - ls) : 0;
			do
				buf_putc(b, ' ');
			while (++col % 8);
		}
		i = run + ((unsigned char)text[run] == 0xC2 ? 2 : 1);
	}
}

static void entry_wrap_from(struct pane *p, struct entry *e, size_t from_line)
{
	size_t start = from_line < e->n_lines ? e->lines[from_line].start : 0;
	p->total_lines -= e->n_lines;
	e->n_lines = from_line < e->n_lines ? from_line : 0;
	wrap_text(e->text.data ? e->text.data : "", start, e->text.len - start, p->width,
		  &e->lines, &e->n_lines, &e->cap_lines);
	p->total_lines += e->n_lines;
}

void pane_init(struct pane *p, int width)
{
	memset(p, 0, sizeof *p);
	p->width = width;
}

void pane_clear(struct pane *p)
{
	for (size_t i = 0; i < p->n_entries; i++) {
		buf_free(&p->entries[i].text);
		free(p->entries[i].lines);
	}
	free(p->entries);
	p->entries = NULL;
	p->n_entries = 0;
	p->total_lines = 0;
	p->scroll = 0;
}

void pane_free(struct pane *p)
{
	pane_clear(p);
}

void pane_add(struct pane *p, enum entry_kind kind, const char *text)
{
	struct entry *last = p->n_entries ? &p->entries[p->n_entries - 1] : NULL;
	if (last && last->kind == ENTRY_REPLY && !last->text.len) {
		/* a reply that got no text (the request failed or was stopped
		 * first) would stay as a stray blank row: the new entry replaces it */
		p->total_lines -= last->n_lines + (p->n_entries > 1);
		buf_free(&last->text);
		free(last->lines);
		p->n_entries--;
	}
	p->entries = xrealloc(p->entries, (p->n_entries + 1) * sizeof *p->entries);
	struct entry *e = &p->entries[p->n_entries++];
	memset(e, 0, sizeof *e);
	e->kind = kind;
	put_shown(&e->text, text, strlen(text));
	if (p->n_entries > 1)
		p->total_lines++; /* the blank line between entries */
	entry_wrap_from(p, e, 0);
}

void pane_append(struct pane *p, const char *text, size_t len)
{
	if (!p->n_entries)
		pane_add(p, ENTRY_REPLY, "");
	struct entry *e = &p->entries[p->n_entries - 1];
	size_t before = p->total_lines;
	put_shown(&e->text, text, len);
	/* only the last line can change: re-wrap from it */
	entry_wrap_from(p, e, e->n_lines ? e->n_lines - 1 : 0);
	if (p->scroll) /* the user scrolled up: keep what they look at still */
		p->scroll += p->total_lines - before;
}

void pane_resize(struct pane *p, int width)
{
	p->width = width < 1 ? 1 : width;
	for (size_t i = 0; i < p->n_entries; i++)
		entry_wrap_from(p, &p->entries[i], 0);
}

void pane_scroll(struct pane *p, long delta, int rows)
{
	long max = (long)p->total_lines - rows;
	long s = (long)p->scroll + delta;
	if (s > max)
		s = max;
	if (s < 0)
		s = 0;
	p->scroll = (size_t)s;
}

size_t pane_view(const struct pane *p, int rows, enum entry_kind *kinds, const char **texts,
		 size_t *lens)
{
	if (rows <= 0)
		return 0;
	size_t total = p->total_lines;
	size_t last = total > p->scroll ? total - p->scroll : 0; /* one past the last shown */
	size_t first = last > (size_t)rows ? last - (size_t)rows : 0;
	size_t row = 0, idx = 0;
	for (size_t i = 0; i < p->n_entries && idx < last; i++) {
		const struct entry *e = &p->entries[i];
		if (i > 0) { /* blank separator */
			if (idx >= first) {
				kinds[row] = e->kind;
				texts[row] = NULL;
				lens[row] = 0;
				row++;
			}
			idx++;
		}
		for (size_t l = 0; l < e->n_lines && idx < last; l++, idx++) {
			if (idx < first)
				continue;
			kinds[row] = e->kind;
			texts[row] = e->text.data + e->lines[l].start;
			lens[row] = e->lines[l].len;
			row++;
		}
	}
	return row;
}
