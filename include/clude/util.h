/* util.h — small helpers every module uses: a growable byte buffer,
 * checked allocation, secret masking. Nothing here knows about LLMs. */
#ifndef CLUDE_UTIL_H
#define CLUDE_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* A growable, always NUL-terminated byte buffer. Zero-initialised is valid. */
struct buf {
	char *data;
	size_t len;
	size_t cap;
};

void buf_append(struct buf *b, const char *s, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
void buf_consume(struct buf *b, size_t n); /* drop the first n bytes */
void buf_reset(struct buf *b);             /* len = 0, keeps memory */
char *buf_steal(struct buf *b);            /* caller owns the string ("" if empty) */
void buf_free(struct buf *b);

/* Allocation that never returns NULL: out of memory aborts with a message. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* "sk-proj-abcdef…a1b2" -> "sk-…a1b2": keeps a short prefix up to the first
 * '-' (at most 3 chars + '-'), hides the middle, shows the last 4 characters.
 * Keys of 8 characters or fewer become "…". NULL or "" becomes "". */
void mask_key(const char *key, char *out, size_t outsz);

/* Replace every occurrence of secret in text (in place, text is a heap string
 * that may be reallocated) with its masked form. Returns the new string. */
char *scrub_secret(char *text, const char *secret);

/* Case-insensitive Levenshtein distance, for "did you mean …?" hints. */
size_t edit_distance(const char *a, const char *b);

/* Directory that holds clude's files: $CLUDE_HOME, else $HOME/.clude. */
const char *clude_home(char *out, size_t outsz);
/* mkdir -p with the given mode for each created component; 0 on success. */
int mkdir_p(const char *path, unsigned mode);
/* Write a whole file atomically (tmp + rename) with the given mode. */
int write_file_atomic(const char *path, const char *data, size_t len, unsigned mode);
/* Read a whole file; NULL on error (errno set). */
char *read_file(const char *path, size_t *len_out);

/* Monotonic clock in milliseconds (double for sub-ms precision). */
double now_ms(void);

#endif
