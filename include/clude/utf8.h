/* utf8.h — decoding UTF-8 and measuring how many terminal columns text
 * takes (CJK and emoji are two columns wide, combining marks zero). */
#ifndef CLUDE_UTF8_H
#define CLUDE_UTF8_H

#include <stddef.h>

/* Decode one code point from s (at most len bytes): returns the bytes used
 * (>= 1 when len >= 1); an invalid or cut sequence gives U+FFFD, 1 byte. */
size_t utf8_decode(const char *s, size_t len, unsigned *cp);
/* Columns of one code point: 0, 1 or 2. */
int cp_width(unsigned cp);
/* Columns of a string / of len bytes. */
size_t utf8_width(const char *s);
size_t utf8_nwidth(const char *s, size_t len);
/* Length of the longest prefix of s that is whole code points (for text
 * split across network chunks). */
size_t utf8_complete_prefix(const char *s, size_t len);

#endif
