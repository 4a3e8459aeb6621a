/* utf8.c — UTF-8 decoding and display width (see utf8.h). Widths follow
 * Unicode East Asian Width (W/F = 2) and zero for combining marks, without
 * depending on the locale, so wrapping is the same everywhere. */
#include <string.h>

#include "clude/utf8.h"

size_t utf8_decode(const char *str, size_t len, unsigned *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	if (!len) {
		*cp = 0;
		return 0;
	}
	unsigned c = s[0];
	size_t n;
	unsigned v, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c < 0xE0) {
		n = 2, v = c & 0x1F, min = 0x80;
	} else if (c >= 0xE0 && c < 0xF0) {
		n = 3, v = c & 0x0F, min = 0x800;
	} else if (c >= 0xF0 && c < 0xF5) {
		n = 4, v = c & 0x07, min = 0x10000;
	} else {
		*cp = 0xFFFD;
		return 1;
	}
	if (len < n) {
		*cp = 0xFFFD;
		return 1;
	}
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
		*cp = 0xFFFD;
		return 1;
	}
	*cp = v;
	return n;
}

struct range {
	unsigned lo, hi;
};

/* Zero width: combining marks, zero-width joiners, variation selectors. */
static const struct range zero[] = {
	{ 0x0300, 0x036F }, { 0x0483, 0x0489 }, { 0x0591, 0x05BD }, { 0x0610, 0x061A },
	{ 0x064B, 0x065F }, { 0x0E31, 0x0E31 }, { 0x0E34, 0x0E3A }, { 0x0E47, 0x0E4E },
	{ 0x1AB0, 0x1AFF }, { 0x1DC0, 0x1DFF }, { 0x200B, 0x200F }, { 0x20D0, 0x20FF },
	{ 0xFE00, 0xFE0F }, { 0xFE20, 0xFE2F }, { 0xE0100, 0xE01EF },
};

/* Wide: Hangul Jamo, CJK, Hangul syllables, full-width forms, emoji. */
static const struct range wide[] = {
	{ 0x1100, 0x115F }, { 0x231A, 0x231B }, { 0x2329, 0x232A }, { 0x23E9, 0x23EC },
	{ 0x23F0, 0x23F0 }, { 0x23F3, 0x23F3 }, { 0x25FD, 0x25FE }, { 0x2614, 0x2615 },
	{ 0x2648, 0x2653 }, { 0x267F, 0x267F }, { 0x2693, 0x2693 }, { 0x26A1, 0x26A1 },
	{ 0x26AA, 0x26AB }, { 0x26BD, 0x26BE }, { 0x26C4, 0x26C5 }, { 0x26CE, 0x26CE },
	{ 0x26D4, 0x26D4 }, { 0x26EA, 0x26EA }, { 0x26F2, 0x26F3 }, { 0x26F5, 0x26F5 },
	{ 0x26FA, 0x26FA }, { 0x26FD, 0x26FD }, { 0x2705, 0x2705 }, { 0x270A, 0x270B },
	{ 0x2728, 0x2728 }, { 0x274C, 0x274C }, { 0x274E, 0x274E }, { 0x2753, 0x2755 },
	{ 0x2757, 0x2757 }, { 0x2795, 0x2797 }, { 0x27B0, 0x27B0 }, { 0x27BF, 0x27BF },
	{ 0x2B1B, 0x2B1C }, { 0x2B50, 0x2B50 }, { 0x2B55, 0x2B55 }, { 0x2E80, 0x303E },
	{ 0x3041, 0x33FF }, { 0x3400, 0x4DBF }, { 0x4E00, 0x9FFF }, { 0xA000, 0xA4CF },
	{ 0xA960, 0xA97F }, { 0xAC00, 0xD7A3 }, { 0xF900, 0xFAFF }, { 0xFE10, 0xFE19 },
	{ 0xFE30, 0xFE6F }, { 0xFF00, 0xFF60 }, { 0xFFE0, 0xFFE6 }, { 0x16FE0, 0x16FE4 },
	{ 0x17000, 0x18AFF }, { 0x1B000, 0x1B2FF }, { 0x1F004, 0x1F004 }, { 0x1F0CF, 0x1F0CF },
	{ 0x1F18E, 0x1F18E }, { 0x1F191, 0x1F19A }, { 0x1F200, 0x1F251 }, { 0x1F300, 0x1F64F },
	{ 0x1F680, 0x1F6FF }, { 0x1F7E0, 0x1F7EB }, { 0x1F90C, 0x1F9FF }, { 0x1FA70, 0x1FAFF },
	{ 0x20000, 0x2FFFD }, { 0x30000, 0x3FFFD },
};

static int in(const struct range *r, size_t n, unsigned cp)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cp < r[mid].lo)
			hi = mid;
		else if (cp > r[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

int cp_width(unsigned cp)
{
	if (cp < 0x300)
		return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) ? 0 : 1;
	if (in(zero, sizeof zero / sizeof zero[0], cp))
		return 0;
	return in(wide, sizeof wide / sizeof wide[0], cp) ? 2 : 1;
}

size_t utf8_nwidth(const char *s, size_t len)
{
	size_t w = 0, i = 0;
	while (i < len) {
		unsigned cp;
		i += utf8_decode(s + i, len - i, &cp);
		w += (size_t)cp_width(cp);
	}
	return w;
}

size_t utf8_width(const char *s)
{
	return utf8_nwidth(s, strlen(s));
}

size_t utf8_complete_prefix(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	/* look back at most 3 bytes for the start of a cut sequence */
	for (size_t back = 1; back <= 3 && back <= len; back++) {
		unsigned c = s[len - back];
		if ((c & 0xC0) == 0x80)
			continue; /* a continuation byte: keep looking */
		size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
		return need > back ? len - back : len;
	}
	return len;
}
