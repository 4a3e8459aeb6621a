/* table.c — aligned text tables for the list commands (see table.h). */
#include <stdlib.h>
#include <string.h>

#include "clude/table.h"
#include "clude/util.h"

void table_init(struct table *t, size_t ncols)
{
	memset(t, 0, sizeof *t);
	t->ncols = ncols;
}

void table_add(struct table *t, const char *const *cells)
{
	t->cells = xrealloc(t->cells, (t->nrows + 1) * t->ncols * sizeof *t->cells);
	for (size_t i = 0; i < t->ncols; i++)
		t->cells[t->nrows * t->ncols + i] = xstrdup(cells[i] ? cells[i] : "");
	t->nrows++;
}

size_t utf8_width(const char *s)
{
	size_t w = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned c = *p;
		size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
		unsigned cp = n == 4 ? c & 0x07 : n == 3 ? c & 0x0F : n == 2 ? c & 0x1F : c;
		for (size_t k = 1; k < n && p[k]; k++)
			cp = (cp << 6) | (p[k] & 0x3F);
		for (size_t k = 0; k < n && *p; k++)
			p++;
		/* East Asian wide ranges; ★ and … are narrow */
		w += ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
		      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
		      (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0x1F300 && cp <= 0x1FAFF) ||
		      (cp >= 0x20000 && cp <= 0x3FFFD))
			     ? 2
			     : 1;
	}
	return w;
}

void table_print(const struct table *t, FILE *out)
{
	size_t width[TABLE_MAX_COLS] = { 0 };
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < t->ncols && c < TABLE_MAX_COLS; c++) {
			size_t w = utf8_width(t->cells[r * t->ncols + c]);
			if (w > width[c])
				width[c] = w;
		}
	for (size_t r = 0; r < t->nrows; r++) {
		struct buf line = { 0 };
		for (size_t c = 0; c < t->ncols && c < TABLE_MAX_COLS; c++) {
			const char *cell = t->cells[r * t->ncols + c];
			size_t pad = width[c] - utf8_width(cell);
			int right = (t->right_align >> c) & 1;
			if (right)
				buf_printf(&line, "%*s", (int)pad, "");
			buf_puts(&line, cell);
			if (!right && c + 1 < t->ncols)
				buf_printf(&line, "%*s", (int)pad, "");
			if (c + 1 < t->ncols)
				buf_puts(&line, "  ");
		}
		while (line.len && line.data[line.len - 1] == ' ')
			line.data[--line.len] = '\0';
		fprintf(out, "%s\n", line.data ? line.data : "");
		buf_free(&line);
	}
}

void table_free(struct table *t)
{
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	memset(t, 0, sizeof *t);
}
