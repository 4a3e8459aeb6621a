/* test_pane.c — the chat pane's model without curses: word wrapping by
 * display width (ASCII, long words, hard breaks, CJK, emoji, combining
 * marks, spaces at soft breaks), a streamed reply wrapping exactly like the
 * whole text whatever the chunking, re-wrapping on resize, scrolling and
 * the rows a viewport shows; and the UTF-8 helpers underneath. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clude/pane.h"
#include "clude/utf8.h"
#include "clude/util.h"

/* ---- helpers ---- */

/* The lines of text wrapped to width, joined with '|' (a static buffer). */
static const char *wrap(const char *text, int width)
{
	static char out[4096];
	struct span *lines = NULL;
	size_t n = 0, cap = 0;
	wrap_text(text, 0, strlen(text), width, &lines, &n, &cap);
	struct buf b = { 0 };
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(&b, '|');
		buf_append(&b, text + lines[i].start, lines[i].len);
	}
	snprintf(out, sizeof out, "%s", b.data ? b.data : "");
	buf_free(&b);
	free(lines);
	return out;
}

static size_t n_lines(const char *text, int width)
{
	struct span *lines = NULL;
	size_t n = 0, cap = 0;
	wrap_text(text, 0, strlen(text), width, &lines, &n, &cap);
	free(lines);
	return n;
}

/* Is byte i of s the start of a code point that takes no columns? */
static int zero_width_at(const char *s, size_t len, size_t i)
{
	unsigned cp;
	utf8_decode(s + i, len - i, &cp);
	return cp_width(cp) == 0 && cp >= 0x20; /* a mark, not a control character */
}

/* Invariants of any wrapping: spans in order, inside the text, never wider
 * than width (unless one character alone is), never starting or ending
 * inside a code point, never starting with a combining mark, and together
 * holding every non-space character of the text. */
static void check_wrap(const char *text, size_t len, int width, const struct span *lines, size_t n)
{
	assert_true(n >= 1);
	size_t prev_end = 0;
	struct buf kept = { 0 }, all = { 0 };
	for (size_t i = 0; i < n; i++) {
		const struct span *l = &lines[i];
		assert_true(l->start >= prev_end);
		assert_true(l->start + l->len <= len);
		size_t w = utf8_nwidth(text + l->start, l->len);
		if (w > (size_t)width) {
			unsigned cp;
			size_t k = utf8_decode(text + l->start, l->len, &cp);
			if (utf8_nwidth(text + l->start, k) < w) /* more than one character */
				fail_msg("line %zu is %zu columns wide, width %d: '%.*s'", i, w, width,
					 (int)l->len, text + l->start);
		}
		if (l->len) {
			assert_int_not_equal((unsigned char)text[l->start] & 0xC0, 0x80);
			size_t e = l->start + l->len;
			if (e < len)
				assert_int_not_equal((unsigned char)text[e] & 0xC0, 0x80);
			if (zero_width_at(text, len, l->start) && text[l->start] != ' ')
				fail_msg("line %zu starts with a zero-width mark: width %d, '%.*s'", i, width, (int)l->len, text + l->start);
		}
		for (size_t j = l->start; j < l->start + l->len; j++)
			if (text[j] != ' ' && text[j] != '\n')
				buf_putc(&kept, text[j]);
		prev_end = l->start + l->len;
	}
	for (size_t j = 0; j < len; j++)
		if (text[j] != ' ' && text[j] != '\n')
			buf_putc(&all, text[j]);
	assert_int_equal(kept.len, all.len);
	if (all.len)
		assert_memory_equal(kept.data, all.data, all.len);
	buf_free(&kept);
	buf_free(&all);
}

/* A tiny deterministic PRNG so failures reproduce. */
static unsigned long rng = 88172645463325252UL;

static unsigned long next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* ---- wrap_text ---- */

static void test_wrap_ascii(void **state)
{
	(void)state;
	assert_string_equal(wrap("the quick brown fox", 10), "the quick|brown fox");
	assert_string_equal(wrap("the quick brown fox", 100), "the quick brown fox");
	assert_string_equal(wrap("the quick brown fox", 19), "the quick brown fox"); /* exact fit */
	assert_string_equal(wrap("the quick brown fox", 18), "the quick brown|fox");
	assert_string_equal(wrap("abc def", 6), "abc|def");
	assert_string_equal(wrap("abc def", 3), "abc|def");
	assert_string_equal(wrap("a b c d", 3), "a b|c d");
	assert_string_equal(wrap("", 10), "");
	assert_int_equal(n_lines("", 10), 1); /* an empty entry is one (blank) row */
	assert_string_equal(wrap("x", 1), "x");
	/* width < 1 is treated as 1 */
	assert_string_equal(wrap("ab", 0), "a|b");
	assert_string_equal(wrap("ab", -5), "a|b");
}

static void test_wrap_long_word(void **state)
{
	(void)state;
	assert_string_equal(wrap("abcdefghij", 4), "abcd|efgh|ij");
	assert_string_equal(wrap("abcdefgh", 4), "abcd|efgh");
	assert_string_equal(wrap("hi abcdefghij", 4), "hi|abcd|efgh|ij");
	assert_string_equal(wrap("hi abcdefghij yo", 5), "hi|abcde|fghij|yo");
	assert_string_equal(wrap("https://example.com/a/very/long/path", 12),
			    "https://exam|ple.com/a/ve|ry/long/path");
}

static void test_wrap_newlines(void **state)
{
	(void)state;
	assert_string_equal(wrap("a\nb", 10), "a|b");
	assert_string_equal(wrap("a\n\nb", 10), "a||b");
	assert_string_equal(wrap("a\n", 10), "a|");
	assert_int_equal(n_lines("a\n", 10), 2);
	assert_string_equal(wrap("\n", 10), "|");
	assert_string_equal(wrap("one two\nthree four", 9), "one two|three|four");
	/* indentation after a hard break is kept (code blocks) */
	assert_string_equal(wrap("a\n    b", 10), "a|    b");
	assert_string_equal(wrap("  x", 10), "  x");
}

static void test_wrap_spaces_at_soft_breaks(void **state)
{
	(void)state;
	/* the space a line breaks at is shown on neither line */
	assert_string_equal(wrap("hello world", 5), "hello|world");
	assert_string_equal(wrap("hello world", 8), "hello|world");
	assert_string_equal(wrap("aaa bbb ccc", 5), "aaa|bbb|ccc");
	/* several spaces at a break: no blank row, no indented continuation */
	assert_string_equal(wrap("hello  world", 5), "hello|world");
	assert_string_equal(wrap("hello  world", 6), "hello|world");
	assert_string_equal(wrap("hello  world", 7), "hello|world");
	assert_string_equal(wrap("end.  Next one", 6), "end.|Next|one");
	assert_string_equal(wrap("ab      cd", 4), "ab|cd");
	/* spaces that fit stay where they are */
	assert_string_equal(wrap("a  b", 10), "a  b");
	/* no line is ever wider than the pane, spaces included */
	const char *spaces = "x                              y";
	struct span *lines = NULL;
	size_t n = 0, cap = 0;
	wrap_text(spaces, 0, strlen(spaces), 8, &lines, &n, &cap);
	for (size_t i = 0; i < n; i++)
		assert_true(lines[i].len <= 8);
	assert_string_equal(wrap(spaces, 8), "x|y");
	free(lines);
}

static void test_wrap_cjk(void **state)
{
	(void)state;
	assert_string_equal(wrap("你好世界", 8), "你好世界");
	assert_string_equal(wrap("你好世界", 4), "你好|世界");
	assert_string_equal(wrap("你好世界", 5), "你好|世界"); /* never half a character */
	assert_string_equal(wrap("你好世界", 3), "你|好|世|界");
	assert_string_equal(wrap("你好世界", 2), "你|好|世|界");
	assert_string_equal(wrap("你好世界", 1), "你|好|世|界"); /* too narrow: one each */
	assert_string_equal(wrap("ab你好", 3), "ab|你|好");
	assert_string_equal(wrap("ab你好", 4), "ab你|好");
	assert_string_equal(wrap("你好 hello", 6), "你好|hello");
	assert_string_equal(wrap("你好，世界", 6), "你好，|世界"); /* U+FF0C is wide too */
	assert_string_equal(wrap("한국어 텍스트", 6), "한국어|텍스트");
	/* a word after CJK text still breaks at its space */
	assert_string_equal(wrap("世界 abc def", 7), "世界|abc def");
	/* the row the tmux test expects: 17 + 41 wide characters = 99 columns */
	struct buf b = { 0 };
	buf_puts(&b, "Hello from mock: ");
	for (int i = 0; i < 12; i++)
		buf_puts(&b, "你好，世界");
	struct span *lines = NULL;
	size_t n = 0, cap = 0;
	wrap_text(b.data, 0, b.len, 100, &lines, &n, &cap);
	assert_int_equal(n, 2);
	assert_int_equal(utf8_nwidth(b.data + lines[0].start, lines[0].len), 99);
	assert_int_equal(utf8_nwidth(b.data + lines[1].start, lines[1].len), 38);
	free(lines);
	buf_free(&b);
}

static void test_wrap_emoji(void **state)
{
	(void)state;
	assert_string_equal(wrap("😀😀😀", 4), "😀😀|😀");
	assert_string_equal(wrap("😀😀😀", 5), "😀😀|😀");
	assert_string_equal(wrap("a😀b", 2), "a|😀|b");
	assert_string_equal(wrap("ok 👍 done", 5), "ok 👍|done");
}

static void test_wrap_combining(void **state)
{
	(void)state;
	/* e + U+0301: one column each */
	static const char e5[] = "e\xcc\x81" "e\xcc\x81" "e\xcc\x81" "e\xcc\x81" "e\xcc\x81";
	assert_int_equal(utf8_width(e5), 5);
	assert_string_equal(wrap(e5, 5), e5);
	assert_string_equal(wrap(e5, 3), "e\xcc\x81" "e\xcc\x81" "e\xcc\x81|e\xcc\x81" "e\xcc\x81");
	/* a mark after a wide character stays with it, not at the next line's start */
	static const char cjk[] = "\xe4\xbd\xa0\xcc\x81\xe5\xa5\xbd\xcc\x81"; /* 你́好́ */
	assert_string_equal(wrap(cjk, 2), "\xe4\xbd\xa0\xcc\x81|\xe5\xa5\xbd\xcc\x81");
	assert_string_equal(wrap(cjk, 3), "\xe4\xbd\xa0\xcc\x81|\xe5\xa5\xbd\xcc\x81");
	/* a flag-like ZWJ sequence: the joiner and the selector take no room */
	static const char zwj[] = "ab\xe2\x9d\xa4\xef\xb8\x8f"; /* ab❤️ */
	assert_string_equal(wrap(zwj, 3), zwj);
}

static void test_wrap_offset_and_append(void **state)
{
	(void)state;
	/* spans are offsets into the whole text; wrap_text appends to *lines */
	const char *text = "skip|one two three";
	struct span *lines = NULL;
	size_t n = 0, cap = 0;
	wrap_text(text, 0, 4, 10, &lines, &n, &cap);
	assert_int_equal(n, 1);
	wrap_text(text, 5, strlen(text) - 5, 7, &lines, &n, &cap);
	assert_int_equal(n, 3);
	assert_int_equal(lines[0].start, 0);
	assert_int_equal(lines[0].len, 4);
	assert_int_equal(lines[1].start, 5);
	assert_int_equal(lines[1].len, 7); /* "one two" */
	assert_int_equal(lines[2].start, 13);
	assert_int_equal(lines[2].len, 5); /* "three" */
	free(lines);
}

/* Texts for the property tests: words, runs of spaces, newlines, long
 * words, CJK, emoji, combining marks. */
static const char *const SAMPLES[] = {
	"The quick brown fox jumps over the lazy dog. Pack my box with five dozen liquor jugs.",
	"end.  Two spaces  here   and   there    and a      long gap",
	"line one\nline two\n\n  indented\n    more\n",
	"supercalifragilisticexpialidocious antidisestablishmentarianism x",
	"你好，世界。这是一个很长的中文句子，没有空格，但是可以在任何两个字之间换行。",
	"Mixed 中文 and English 文字 with spaces 和标点，okay?",
	"emoji 😀😃😄 and 👍 thumbs 🎉🎉🎉🎉🎉🎉 party",
	"combining: e\xcc\x81t\xc3\xa9 cafe\xcc\x81 \xe4\xbd\xa0\xcc\x81\xe5\xa5\xbd\xcc\x81 na\xcc\x83o",
	"```\nint main(void) {\n    return 0;\n}\n```\n",
	"한국어 텍스트도 잘 보여야 합니다 그리고 일본語のテキストも",
	"a",
	"",
	"   leading spaces and trailing ones   ",
	"tabs:\tone\ttwo\n\tindented\tcode\n你\tx\r\nwindows line\r\n\x1b[31mred\x1b[0m",
};

static void test_wrap_invariants(void **state)
{
	(void)state;
	for (size_t s = 0; s < ARRAY_LEN(SAMPLES); s++) {
		const char *t = SAMPLES[s];
		for (int w = 1; w <= 40; w++) {
			struct span *lines = NULL;
			size_t n = 0, cap = 0;
			wrap_text(t, 0, strlen(t), w, &lines, &n, &cap);
			check_wrap(t, strlen(t), w, lines, n);
			free(lines);
		}
	}
}

/* ---- the pane ---- */

static void assert_same_lines(const struct entry *a, const struct entry *b, const char *what)
{
	if (a->n_lines != b->n_lines)
		fail_msg("%s: %zu lines vs %zu", what, a->n_lines, b->n_lines);
	for (size_t i = 0; i < a->n_lines; i++)
		if (a->lines[i].start != b->lines[i].start || a->lines[i].len != b->lines[i].len)
			fail_msg("%s: line %zu is [%zu,+%zu) vs [%zu,+%zu)", what, i, a->lines[i].start,
				 a->lines[i].len, b->lines[i].start, b->lines[i].len);
}

static void test_pane_add(void **state)
{
	(void)state;
	struct pane p;
	pane_init(&p, 10);
	assert_int_equal(p.total_lines, 0);
	pane_add(&p, ENTRY_USER, "you: hello there");
	assert_int_equal(p.n_entries, 1);
	assert_int_equal(p.entries[0].n_lines, 2);
	assert_int_equal(p.total_lines, 2);
	pane_add(&p, ENTRY_REPLY, "hi");
	assert_int_equal(p.total_lines, 2 + 1 + 1); /* a blank row between entries */
	pane_add(&p, ENTRY_INFO, "a\nb\nc");
	assert_int_equal(p.total_lines, 4 + 1 + 3);
	pane_clear(&p);
	assert_int_equal(p.n_entries, 0);
	assert_int_equal(p.total_lines, 0);
	assert_int_equal(p.scroll, 0);
	pane_add(&p, ENTRY_INFO, "again");
	assert_int_equal(p.total_lines, 1);
	pane_free(&p);
}

static void test_pane_append_whole_vs_chunks(void **state)
{
	(void)state;
	int widths[] = { 1, 2, 3, 5, 7, 10, 13, 20, 40, 80 };
	for (size_t s = 0; s < ARRAY_LEN(SAMPLES); s++) {
		const char *t = SAMPLES[s];
		size_t len = strlen(t);
		for (size_t wi = 0; wi < ARRAY_LEN(widths); wi++) {
			struct pane whole;
			pane_init(&whole, widths[wi]);
			pane_add(&whole, ENTRY_USER, "you: question");
			pane_add(&whole, ENTRY_REPLY, t);
			for (int round = 0; round < 20; round++) {
				struct pane p;
				pane_init(&p, widths[wi]);
				pane_add(&p, ENTRY_USER, "you: question");
				pane_add(&p, ENTRY_REPLY, "");
				/* chunks of 1..8 bytes at any byte; like the TUI, a cut
				 * UTF-8 character is held back until it is whole */
				char held[8];
				size_t n_held = 0, pos = 0;
				while (pos < len) {
					size_t k = 1 + next_rand() % (round < 10 ? 3 : 8);
					if (k > len - pos)
						k = len - pos;
					struct buf b = { 0 };
					buf_append(&b, held, n_held);
					buf_append(&b, t + pos, k);
					size_t ok = utf8_complete_prefix(b.data, b.len);
					n_held = b.len - ok;
					memcpy(held, b.data + ok, n_held);
					pane_append(&p, b.data, ok);
					buf_free(&b);
					pos += k;
				}
				assert_int_equal(n_held, 0);
				char what[128];
				snprintf(what, sizeof what, "sample %zu, width %d, round %d", s, widths[wi],
					 round);
				assert_int_equal(p.entries[1].text.len, whole.entries[1].text.len);
				assert_memory_equal(p.entries[1].text.data, whole.entries[1].text.data,
						    whole.entries[1].text.len);
				assert_same_lines(&whole.entries[1], &p.entries[1], what);
				assert_int_equal(p.total_lines, whole.total_lines);
				pane_free(&p);
			}
			pane_free(&whole);
		}
	}
}

static void test_pane_append_no_entry(void **state)
{
	(void)state;
	struct pane p;
	pane_init(&p, 20);
	pane_append(&p, "streamed", 8); /* no entry yet: a reply is started */
	assert_int_equal(p.n_entries, 1);
	assert_int_equal(p.entries[0].kind, ENTRY_REPLY);
	assert_int_equal(p.total_lines, 1);
	pane_free(&p);
}

static void test_pane_empty_reply_replaced(void **state)
{
	(void)state;
	/* a reply that got no text (the request failed first) leaves no blank
	 * row: the error that follows takes its place */
	struct pane p;
	pane_init(&p, 40);
	pane_add(&p, ENTRY_USER, "you: hey");
	pane_add(&p, ENTRY_REPLY, "");
	pane_add(&p, ENTRY_ERROR, "openai: HTTP 429");
	assert_int_equal(p.n_entries, 2);
	assert_int_equal(p.entries[1].kind, ENTRY_ERROR);
	assert_int_equal(p.total_lines, 3);
	/* a reply with text stays */
	pane_add(&p, ENTRY_REPLY, "");
	pane_append(&p, "part", 4);
	pane_add(&p, ENTRY_INFO, "[interrupted]");
	assert_int_equal(p.n_entries, 4);
	assert_int_equal(p.total_lines, 3 + 2 + 2);
	pane_free(&p);
}

/* What the pane keeps of text: what the screen shows. */
static const char *shown(const char *text)
{
	static char out[512];
	struct pane p;
	pane_init(&p, 80);
	pane_add(&p, ENTRY_REPLY, text);
	snprintf(out, sizeof out, "%s", p.entries[0].text.data);
	pane_free(&p);
	return out;
}

static void test_pane_control_characters(void **state)
{
	(void)state;
	/* tabs: spaces to the next multiple of 8 columns of the line */
	assert_string_equal(shown("a\tb"), "a       b");
	assert_string_equal(shown("\tx"), "        x");
	assert_string_equal(shown("abcdefgh\tx"), "abcdefgh        x");
	assert_string_equal(shown("abcdefg\tx"), "abcdefg x");
	assert_string_equal(shown("a\t\tb"), "a               b");
	assert_string_equal(shown("x\n\ty"), "x\n        y"); /* columns restart per line */
	assert_string_equal(shown("你\tx"), "你      x");      /* by display width */
	/* CR, escape sequences' ESC, other C0 and C1 controls, DEL: dropped */
	assert_string_equal(shown("one\r\ntwo\r\n"), "one\ntwo\n");
	assert_string_equal(shown("\x1b[31mred\x1b[0m"), "[31mred[0m");
	assert_string_equal(shown("a\x07" "b\x08" "c\x7f" "d"), "abcd");
	assert_string_equal(shown("a\xc2\x85" "b\xc2\x9f" "c"), "abc");
	assert_string_equal(shown("\xc2\xa0\xc3\xa9"), "\xc2\xa0\xc3\xa9"); /* NBSP, é stay */
	assert_string_equal(shown(""), "");
	/* streamed: a tab after text from an earlier chunk */
	struct pane p;
	pane_init(&p, 80);
	pane_add(&p, ENTRY_REPLY, "");
	pane_append(&p, "ab", 2);
	pane_append(&p, "\tc\r", 4);
	pane_append(&p, "\n\t", 2);
	assert_string_equal(p.entries[0].text.data, "ab      c\n        ");
	/* every line fits: what the pane measured is what curses draws */
	pane_resize(&p, 5);
	for (size_t i = 0; i < p.entries[0].n_lines; i++)
		assert_true(utf8_nwidth(p.entries[0].text.data + p.entries[0].lines[i].start,
					p.entries[0].lines[i].len) <= 5);
	pane_free(&p);
}

static void test_pane_resize(void **state)
{
	(void)state;
	struct pane p;
	pane_init(&p, 40);
	for (size_t s = 0; s < ARRAY_LEN(SAMPLES); s++)
		pane_add(&p, s % 2 ? ENTRY_REPLY : ENTRY_USER, SAMPLES[s]);
	struct pane ref;
	pane_init(&ref, 40);
	for (size_t s = 0; s < ARRAY_LEN(SAMPLES); s++)
		pane_add(&ref, s % 2 ? ENTRY_REPLY : ENTRY_USER, SAMPLES[s]);
	size_t at40 = p.total_lines;

	pane_resize(&p, 12);
	assert_int_equal(p.width, 12);
	assert_true(p.total_lines > at40);
	size_t sum = 0;
	for (size_t i = 0; i < p.n_entries; i++) {
		const struct entry *e = &p.entries[i];
		check_wrap(e->text.data, e->text.len, 12, e->lines, e->n_lines);
		/* the same as wrapping the text afresh at 12 */
		struct span *lines = NULL;
		size_t n = 0, cap = 0;
		wrap_text(e->text.data, 0, e->text.len, 12, &lines, &n, &cap);
		struct entry fresh = { .lines = lines, .n_lines = n };
		assert_same_lines(&fresh, e, "resize to 12");
		free(lines);
		sum += e->n_lines;
	}
	assert_int_equal(p.total_lines, sum + p.n_entries - 1);

	pane_resize(&p, 40); /* back: exactly as before */
	assert_int_equal(p.total_lines, at40);
	for (size_t i = 0; i < p.n_entries; i++)
		assert_same_lines(&ref.entries[i], &p.entries[i], "resize back to 40");
	pane_resize(&p, 0);
	assert_int_equal(p.width, 1);
	pane_free(&p);
	pane_free(&ref);
}

/* An entry of n one-word lines "L0".."L<n-1>" (a hard break after each). */
static void add_numbered(struct pane *p, enum entry_kind kind, int from, int n)
{
	struct buf b = { 0 };
	for (int i = from; i < from + n; i++)
		buf_printf(&b, "%sL%d", i > from ? "\n" : "", i);
	pane_add(p, kind, b.data);
	buf_free(&b);
}

static void test_pane_scroll_clamps(void **state)
{
	(void)state;
	struct pane p;
	pane_init(&p, 20);
	add_numbered(&p, ENTRY_REPLY, 0, 50);
	assert_int_equal(p.total_lines, 50);
	pane_scroll(&p, 5, 10);
	assert_int_equal(p.scroll, 5);
	pane_scroll(&p, 1000, 10);
	assert_int_equal(p.scroll, 40); /* the oldest line at the top, no further */
	pane_scroll(&p, -3, 10);
	assert_int_equal(p.scroll, 37);
	pane_scroll(&p, -1000, 10);
	assert_int_equal(p.scroll, 0);
	pane_scroll(&p, 1000, 60); /* everything fits: nothing to scroll */
	assert_int_equal(p.scroll, 0);
	pane_scroll(&p, 1000, 50);
	assert_int_equal(p.scroll, 0);
	pane_scroll(&p, 1000, 49);
	assert_int_equal(p.scroll, 1);
	pane_free(&p);
}

static void view_strings(const struct pane *p, int rows, char out[][32], size_t *n)
{
	enum entry_kind kinds[64];
	const char *texts[64];
	size_t lens[64];
	*n = pane_view(p, rows, kinds, texts, lens);
	for (size_t i = 0; i < *n; i++)
		snprintf(out[i], 32, "%.*s", texts[i] ? (int)lens[i] : 0, texts[i] ? texts[i] : "");
}

static void test_pane_scroll_view_stays_still(void **state)
{
	(void)state;
	struct pane p;
	pane_init(&p, 20);
	add_numbered(&p, ENTRY_USER, 0, 5);
	pane_add(&p, ENTRY_REPLY, "");
	pane_append(&p, "R0\nR1\nR2\nR3\nR4\nR5", 17);
	pane_scroll(&p, 4, 6); /* the user looks at older text */
	char before[64][32], after[64][32];
	size_t nb, na;
	view_strings(&p, 6, before, &nb);
	assert_int_equal(nb, 6);
	assert_string_equal(before[5], "R1");
	/* the stream goes on: new lines below, the view does not move */
	const char *more = "\nR6\nR7 and some words that wrap";
	pane_append(&p, more, strlen(more));
	pane_append(&p, " around", 7);
	view_strings(&p, 6, after, &na);
	assert_int_equal(na, nb);
	for (size_t i = 0; i < nb; i++)
		assert_string_equal(before[i], after[i]);
	assert_true(p.scroll > 4);
	/* following (scroll 0): the view shows the newest line */
	pane_scroll(&p, -1000, 6);
	view_strings(&p, 6, after, &na);
	assert_string_equal(after[na - 2], "R7 and some words");
	assert_string_equal(after[na - 1], "that wrap around");
	pane_append(&p, "\nlast", 5);
	assert_int_equal(p.scroll, 0);
	view_strings(&p, 6, after, &na);
	assert_string_equal(after[na - 1], "last");
	pane_free(&p);
}

static void test_pane_view_rows(void **state)
{
	(void)state;
	struct pane p;
	pane_init(&p, 20);
	pane_add(&p, ENTRY_USER, "you: hi");
	pane_add(&p, ENTRY_REPLY, "hello");
	pane_add(&p, ENTRY_INFO, "note");
	enum entry_kind kinds[16];
	const char *texts[16];
	size_t lens[16];

	size_t n = pane_view(&p, 10, kinds, texts, lens); /* more rows than lines */
	assert_int_equal(n, 5);
	assert_int_equal(kinds[0], ENTRY_USER);
	assert_int_equal(lens[0], 7);
	assert_memory_equal(texts[0], "you: hi", 7);
	assert_null(texts[1]); /* the blank between entries */
	assert_int_equal(lens[1], 0);
	assert_int_equal(kinds[2], ENTRY_REPLY);
	assert_memory_equal(texts[2], "hello", 5);
	assert_null(texts[3]);
	assert_int_equal(kinds[4], ENTRY_INFO);
	assert_memory_equal(texts[4], "note", 4);

	n = pane_view(&p, 3, kinds, texts, lens); /* the newest 3 */
	assert_int_equal(n, 3);
	assert_memory_equal(texts[0], "hello", 5);
	assert_null(texts[1]);
	assert_memory_equal(texts[2], "note", 4);

	pane_scroll(&p, 2, 3); /* two up: rows 0..2 */
	assert_int_equal(p.scroll, 2);
	n = pane_view(&p, 3, kinds, texts, lens);
	assert_int_equal(n, 3);
	assert_memory_equal(texts[0], "you: hi", 7);
	assert_null(texts[1]);
	assert_memory_equal(texts[2], "hello", 5);

	assert_int_equal(pane_view(&p, 0, kinds, texts, lens), 0);
	assert_int_equal(pane_view(&p, -1, kinds, texts, lens), 0);
	pane_clear(&p);
	assert_int_equal(pane_view(&p, 5, kinds, texts, lens), 0);
	pane_free(&p);
}

static void test_pane_view_wrapped(void **state)
{
	(void)state;
	struct pane p;
	pane_init(&p, 7);
	pane_add(&p, ENTRY_REPLY, "aaa bbb ccc ddd");
	enum entry_kind kinds[8];
	const char *texts[8];
	size_t lens[8];
	size_t n = pane_view(&p, 8, kinds, texts, lens);
	assert_int_equal(n, 2); /* the rows point into the entry's text */
	assert_ptr_equal(texts[0], p.entries[0].text.data);
	assert_int_equal(lens[0], 7);
	assert_ptr_equal(texts[1], p.entries[0].text.data + 8);
	assert_int_equal(lens[1], 7);
	pane_resize(&p, 3);
	n = pane_view(&p, 8, kinds, texts, lens);
	assert_int_equal(n, 4);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(lens[i], 3);
		assert_ptr_equal(texts[i], p.entries[0].text.data + 4 * i);
	}
	pane_free(&p);
}

/* ---- utf8 ---- */

static void test_utf8_decode(void **state)
{
	(void)state;
	unsigned cp;
	assert_int_equal(utf8_decode("A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(utf8_decode("\xc3\xa9", 2, &cp), 2);
	assert_int_equal(cp, 0xE9);
	assert_int_equal(utf8_decode("\xe4\xbd\xa0", 3, &cp), 3);
	assert_int_equal(cp, 0x4F60);
	assert_int_equal(utf8_decode("\xf0\x9f\x98\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x1F600);
	assert_int_equal(utf8_decode("\xf4\x8f\xbf\xbf", 4, &cp), 4); /* U+10FFFF */
	assert_int_equal(cp, 0x10FFFF);
	assert_int_equal(utf8_decode("", 0, &cp), 0);

	struct {
		const char *s;
		size_t len;
	} bad[] = {
		{ "\x80", 1 },             /* a lone continuation byte */
		{ "\xbf", 1 },
		{ "\xc0\x80", 2 },         /* overlong NUL */
		{ "\xc1\xbf", 2 },         /* overlong */
		{ "\xe0\x80\x80", 3 },     /* overlong */
		{ "\xf0\x80\x80\x80", 4 }, /* overlong */
		{ "\xed\xa0\x80", 3 },     /* a surrogate */
		{ "\xf4\x90\x80\x80", 4 }, /* past U+10FFFF */
		{ "\xf5\x80\x80\x80", 4 },
		{ "\xff", 1 },
		{ "\xe4\xbd", 2 },         /* cut */
		{ "\xe4\xbd\xa0", 2 },     /* cut by len, though the byte is there */
		{ "\xe4" "A" "\xa0", 3 },  /* not a continuation */
		{ "\xf0\x9f\x98", 3 },
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		cp = 0;
		assert_int_equal(utf8_decode(bad[i].s, bad[i].len, &cp), 1);
		assert_int_equal(cp, 0xFFFD);
	}
}

static void test_cp_width(void **state)
{
	(void)state;
	assert_int_equal(cp_width('a'), 1);
	assert_int_equal(cp_width(' '), 1);
	assert_int_equal(cp_width(0), 0);
	assert_int_equal(cp_width('\t'), 0);
	assert_int_equal(cp_width(0x7F), 0);
	assert_int_equal(cp_width(0x9F), 0);
	assert_int_equal(cp_width(0xA0), 1);
	assert_int_equal(cp_width(0xE9), 1);      /* é */
	assert_int_equal(cp_width(0x301), 0);     /* combining acute */
	assert_int_equal(cp_width(0x200D), 0);    /* zero-width joiner */
	assert_int_equal(cp_width(0xFE0F), 0);    /* variation selector 16 */
	assert_int_equal(cp_width(0x1100), 2);    /* Hangul Jamo */
	assert_int_equal(cp_width(0x3000), 2);    /* ideographic space */
	assert_int_equal(cp_width(0x4E00), 2);
	assert_int_equal(cp_width(0x9FFF), 2);
	assert_int_equal(cp_width(0xAC00), 2);    /* Hangul syllable */
	assert_int_equal(cp_width(0xFF01), 2);    /* full-width ! */
	assert_int_equal(cp_width(0xFF0C), 2);    /* full-width comma */
	assert_int_equal(cp_width(0xFF61), 1);    /* half-width katakana stop */
	assert_int_equal(cp_width(0x1F600), 2);   /* 😀 */
	assert_int_equal(cp_width(0x1F44D), 2);   /* 👍 */
	assert_int_equal(cp_width(0x1F389), 2);   /* 🎉 */
	assert_int_equal(cp_width(0x20000), 2);   /* CJK extension B */
	assert_int_equal(cp_width(0x2026), 1);    /* … */
	assert_int_equal(cp_width(0x2605), 1);    /* ★ */
	assert_int_equal(cp_width(0xFFFD), 1);
}

static void test_utf8_complete_prefix(void **state)
{
	(void)state;
	assert_int_equal(utf8_complete_prefix("", 0), 0);
	assert_int_equal(utf8_complete_prefix("abc", 3), 3);
	assert_int_equal(utf8_complete_prefix("a\xc3", 2), 1);
	assert_int_equal(utf8_complete_prefix("a\xc3\xa9", 3), 3);
	assert_int_equal(utf8_complete_prefix("a\xe4", 2), 1);
	assert_int_equal(utf8_complete_prefix("a\xe4\xbd", 3), 1);
	assert_int_equal(utf8_complete_prefix("a\xe4\xbd\xa0", 4), 4);
	assert_int_equal(utf8_complete_prefix("\xf0", 1), 0);
	assert_int_equal(utf8_complete_prefix("\xf0\x9f", 2), 0);
	assert_int_equal(utf8_complete_prefix("\xf0\x9f\x98", 3), 0);
	assert_int_equal(utf8_complete_prefix("\xf0\x9f\x98\x80", 4), 4);
	assert_int_equal(utf8_complete_prefix("x\xf0\x9f\x98\x80", 5), 5);
	assert_int_equal(utf8_complete_prefix("\xe4\xbd\xa0\xe5", 4), 3);
	/* stray continuation bytes are not held back forever */
	assert_int_equal(utf8_complete_prefix("a\x80", 2), 2);
	assert_int_equal(utf8_complete_prefix("\x80\x80\x80\x80", 4), 4);
	/* every split of a mixed string: the prefix is whole, the rest is < 4 */
	const char *s = "a你😀é\xe4\xbd\xa0z";
	size_t len = strlen(s);
	for (size_t cut = 0; cut <= len; cut++) {
		size_t ok = utf8_complete_prefix(s, cut);
		assert_true(ok <= cut && cut - ok < 4);
		assert_true(ok == len || ((unsigned char)s[ok] & 0xC0) != 0x80);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wrap_ascii),
		cmocka_unit_test(test_wrap_long_word),
		cmocka_unit_test(test_wrap_newlines),
		cmocka_unit_test(test_wrap_spaces_at_soft_breaks),
		cmocka_unit_test(test_wrap_cjk),
		cmocka_unit_test(test_wrap_emoji),
		cmocka_unit_test(test_wrap_combining),
		cmocka_unit_test(test_wrap_offset_and_append),
		cmocka_unit_test(test_wrap_invariants),
		cmocka_unit_test(test_pane_add),
		cmocka_unit_test(test_pane_append_whole_vs_chunks),
		cmocka_unit_test(test_pane_append_no_entry),
		cmocka_unit_test(test_pane_empty_reply_replaced),
		cmocka_unit_test(test_pane_control_characters),
		cmocka_unit_test(test_pane_resize),
		cmocka_unit_test(test_pane_scroll_clamps),
		cmocka_unit_test(test_pane_scroll_view_stays_still),
		cmocka_unit_test(test_pane_view_rows),
		cmocka_unit_test(test_pane_view_wrapped),
		cmocka_unit_test(test_utf8_decode),
		cmocka_unit_test(test_cp_width),
		cmocka_unit_test(test_utf8_complete_prefix),
	};
	return cmocka_run_group_tests_name("pane", tests, NULL, NULL);
}
