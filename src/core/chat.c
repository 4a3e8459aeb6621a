/* chat.c — small facts about chat messages: role names and the token
 * estimator used when a vendor reports no usage. */
#include "clude/chat.h"

const char *role_name(enum role r)
{
	switch (r) {
	case ROLE_SYSTEM:
		return "system";
	case ROLE_USER:
		return "user";
	case ROLE_ASSISTANT:
		return "assistant";
	}
	return "user";
}

/* BPE vocabularies average ~4 bytes per token on English and code; CJK
 * ideographs and kana are ~1 token each; other non-ASCII letters (Cyrillic,
 * Greek, accented Latin) ~2 code points per token. */
long estimate_tokens(const char *text, size_t len)
{
	long ascii = 0, cjk = 0, other = 0;
	const unsigned char *s = (const unsigned char *)text;
	for (size_t i = 0; i < len;) {
		unsigned c = s[i];
		if (c < 0x80) {
			ascii++;
			i++;
			continue;
		}
		unsigned cp = 0;
		size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
		cp = n == 4 ? c & 0x07 : n == 3 ? c & 0x0F : n == 2 ? c & 0x1F : c;
		for (size_t k = 1; k < n && i + k < len; k++)
			cp = (cp << 6) | (s[i + k] & 0x3F);
		i += n;
		if ((cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
		    (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
		    (cp >= 0x20000 && cp <= 0x2FFFF) || cp >= 0x1F000)
			cjk++; /* CJK, Hangul, full-width forms, emoji */
		else
			other++;
	}
	return (ascii + 3) / 4 + cjk + (other + 1) / 2;
}
