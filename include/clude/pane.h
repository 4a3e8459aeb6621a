/* pane.h — the conversation as the screen shows it: a list of entries
 * (user turn, reply, notice, error), each word-wrapped to the pane width.
 * A streaming reply grows at its end and only its last line is re-wrapped,
 * so rendering stays O(chunk). Independent of curses (unit-tested). */
#ifndef CLUDE_PANE_H
#define CLUDE_PANE_H

#include <stdbool.h>
#include <stddef.h>

#include "clude/util.h"

enum entry_kind { ENTRY_USER, ENTRY_REPLY, ENTRY_INFO, ENTRY_ERROR };

struct span {
	size_t start, len; /* bytes of the entry's text */
};

struct entry {
	enum entry_kind kind;
	struct buf text;
	struct span *lines;
	size_t n_lines, cap_lines;
};

struct pane {
	struct entry *entries;
	size_t n_entries;
	int width;          /* columns text is wrapped to */
	size_t total_lines; /* sum over entries, plus one blank between entries */
	size_t scroll;      /* lines scrolled up from the bottom; 0 = follow */
};

/* Wrap len bytes of text to width columns into spans (appended to *lines).
 * Breaks after spaces when it can, anywhere between wide (CJK) characters,
 * and hard-breaks a word longer than the width; '\n' always breaks. */
void wrap_text(const char *text, size_t start, size_t len, int width, struct span **lines,
	       size_t *n, size_t *cap);

void pane_init(struct pane *p, int width);
void pane_free(struct pane *p);
void pane_clear(struct pane *p);
/* A new entry holding text (may be empty, for a reply about to stream). */
void pane_add(struct pane *p, enum entry_kind kind, const char *text);
/* Append to the last entry (a streaming reply). */
void pane_append(struct pane *p, const char *text, size_t len);
/* New width: re-wrap everything. */
void pane_resize(struct pane *p, int width);
/* Scroll by delta lines (positive = up, towards older text), clamped for a
 * viewport of `rows` lines. */
void pane_scroll(struct pane *p, long delta, int rows);
/* The `rows` lines a viewport shows (oldest first), honouring scroll: fills
 * kinds/texts/lens for each visible row (text NULL for a blank row); returns
 * the number of rows filled. */
size_t pane_view(const struct pane *p, int rows, enum entry_kind *kinds, const char **texts,
		 size_t *lens);

#endif
