/* table.h — plain-text tables with aligned columns (UTF-8 aware), shared
 * by `providers list`, `models list` and the REPL's slash commands. */
#ifndef CLUDE_TABLE_H
#define CLUDE_TABLE_H

#include <stdio.h>

#include "clude/utf8.h"

#define TABLE_MAX_COLS 10

struct table {
	size_t ncols;
	char **cells; /* rows * ncols, row 0 is the header */
	size_t nrows;
	unsigned right_align; /* bit i: column i is right-aligned */
};

void table_init(struct table *t, size_t ncols);
/* Add a row: exactly ncols strings (copied; NULL prints as ""). */
void table_add(struct table *t, const char *const *cells);
void table_print(const struct table *t, FILE *out);
void table_free(struct table *t);


#endif
