/* table.c — aligned text tables for the list commands (see table.h). */
#include <stdlib.h>
#include <string.h>

#include "clude/table.h"
#include "clude/utf8.h"
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
