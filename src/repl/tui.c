/* tui.c — the full-screen chat: a scrolling conversation pane, a status
 * line and a readline input line, in ncursesw. readline runs through its
 * callback interface with our getc/redisplay hooks, so the user can edit
 * the next message while a reply streams in. */
#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <readline/history.h>
#include <readline/readline.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "clude/repl.h"
#include "clude/utf8.h"

#define DRAW_INTERVAL_MS 30.0
#define MAX_QUEUED 16

enum { PAIR_USER = 1, PAIR_INFO, PAIR_ERROR, PAIR_STATUS };

struct tui {
	struct session *s;
	struct pane pane;
	WINDOW *wpane, *wstatus, *winput;
	int rows, cols;
	bool color;
	unsigned char in[256]; /* bytes waiting for readline */
	size_t in_len, in_pos;
	char *queued[MAX_QUEUED]; /* lines entered while a reply streamed */
	size_t n_queued;
	struct buf pending;       /* a message continued with a trailing backslash */
	char partial[4];          /* an incomplete UTF-8 sequence between chunks */
	size_t n_partial;
	double last_draw;
	bool streaming;
	bool dirty; /* reply text not drawn yet */
};

/* readline's hooks and the signal handler take no context pointer */
static struct tui *tui;
static volatile sig_atomic_t resized;
static bool idle_drew; /* the last draw was on_idle catching up */

static void on_winch(int sig)
{
	(void)sig;
	resized = 1;
}

static int pane_rows(void)
{
	return tui->rows > 2 ? tui->rows - 2 : 1;
}

static attr_t kind_attr(enum entry_kind k)
{
	switch (k) {
	case ENTRY_USER:
		return A_BOLD | (tui->color ? COLOR_PAIR(PAIR_USER) : 0);
	case ENTRY_INFO:
		return tui->color ? COLOR_PAIR(PAIR_INFO) : A_DIM;
	case ENTRY_ERROR:
		return A_BOLD | (tui->color ? COLOR_PAIR(PAIR_ERROR) : 0);
	case ENTRY_REPLY:
		break;
	}
	return A_NORMAL;
}

static void draw_pane(void)
{
	int rows = pane_rows();
	enum entry_kind *kinds = xcalloc((size_t)rows, sizeof *kinds);
	const char **texts = xcalloc((size_t)rows, sizeof *texts);
	size_t *lens = xcalloc((size_t)rows, sizeof *lens);
	size_t n = pane_view(&tui->pane, rows, kinds, texts, lens);
	werase(tui->wpane);
	int top = rows - (int)n; /* short conversations sit at the bottom */
	for (size_t i = 0; i < n; i++) {
		if (!texts[i])
			continue;
		wattrset(tui->wpane, kind_attr(kinds[i]));
		mvwaddnstr(tui->wpane, top + (int)i, 0, texts[i], (int)lens[i]);
	}
	wattrset(tui->wpane, A_NORMAL);
	wnoutrefresh(tui->wpane);
	free(kinds);
	free(texts);
	free(lens);
}

static void draw_status(void)
{
	struct session *s = tui->s;
	struct buf b = { 0 };
	buf_printf(&b, " %s · %s · %ld tokens · $%.4f · %s", s->provider->decl->name, s->model,
		   s->tokens, s->cost, s->state);
	if (tui->pane.scroll)
		buf_printf(&b, " · scrolled up %zu", tui->pane.scroll);
	werase(tui->wstatus);
	wbkgd(tui->wstatus, tui->color ? COLOR_PAIR(PAIR_STATUS) : A_REVERSE);
	mvwaddnstr(tui->wstatus, 0, 0, b.data, -1);
	const char *hint = "/help ";
	int hw = (int)strlen(hint);
	if ((int)utf8_width(b.data) + hw + 1 < tui->cols)
		mvwaddstr(tui->wstatus, 0, tui->cols - hw, hint);
	wnoutrefresh(tui->wstatus);
	buf_free(&b);
}

/* The input line: prompt + buffer, scrolled sideways to keep the cursor. */
static void draw_input(void)
{
	const char *prompt = rl_display_prompt ? rl_display_prompt : "";
	const char *line = rl_line_buffer ? rl_line_buffer : "";
	size_t pw = utf8_width(prompt);
	size_t cursor_cols = utf8_nwidth(line, (size_t)rl_point);
	size_t avail = tui->cols > (int)pw + 1 ? (size_t)tui->cols - pw - 1 : 1;
	size_t skip = 0; /* bytes of the buffer hidden on the left */
	while (cursor_cols - utf8_nwidth(line, skip) > avail) {
		unsigned cp;
		skip += utf8_decode(line + skip, strlen(line + skip), &cp);
	}
	werase(tui->winput);
	mvwaddstr(tui->winput, 0, 0, prompt);
	waddnstr(tui->winput, line + skip, -1);
	wmove(tui->winput, 0, (int)(pw + cursor_cols - utf8_nwidth(line, skip)));
	wnoutrefresh(tui->winput);
}

static void draw_all(void)
{
	draw_pane();
	draw_status();
	draw_input();
	doupdate();
	tui->last_draw = now_ms();
}

static void layout(void)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row && ws.ws_col)
		resizeterm(ws.ws_row, ws.ws_col);
	tui->rows = LINES;
	tui->cols = COLS;
	if (tui->wpane) {
		delwin(tui->wpane);
		delwin(tui->wstatus);
		delwin(tui->winput);
	}
	int pr = pane_rows();
	tui->wpane = newwin(pr, tui->cols, 0, 0);
	tui->wstatus = newwin(1, tui->cols, pr, 0);
	tui->winput = newwin(1, tui->cols, pr + 1, 0);
	pane_resize(&tui->pane, tui->cols);
	clearok(curscr, TRUE);
	draw_all();
}

static void check_resize(void)
{
	if (!resized)
		return;
	resized = 0;
	layout();
}

/* --- the UI the session talks to ------------------------------------------ */

static void ui_print(struct session *s, enum entry_kind kind, const char *text)
{
	(void)s;
	if (kind == ENTRY_USER) {
		struct buf b = { 0 };
		buf_printf(&b, "you: %s", text);
		pane_add(&tui->pane, kind, b.data);
		buf_free(&b);
	} else {
		pane_add(&tui->pane, kind, text);
	}
	tui->pane.scroll = 0;
	draw_all();
}

static void ui_reply_begin(struct session *s)
{
	(void)s;
	pane_add(&tui->pane, ENTRY_REPLY, "");
	tui->n_partial = 0;
	tui->streaming = true;
	draw_all();
}

static void ui_reply_delta(struct session *s, const char *text, size_t len)
{
	(void)s;
	struct buf b = { 0 };
	buf_append(&b, tui->partial, tui->n_partial);
	buf_append(&b, text, len);
	size_t whole = utf8_complete_prefix(b.data, b.len); /* hold a cut character back */
	tui->n_partial = b.len - whole;
	memcpy(tui->partial, b.data + whole, tui->n_partial);
	pane_append(&tui->pane, b.data, whole);
	buf_free(&b);
	tui->dirty = true;
}

/* Draw what arrived, at most every DRAW_INTERVAL_MS; on_idle catches up. */
static void ui_reply_flush(struct session *s)
{
	(void)s;
	check_resize();
	if (tui->dirty && (now_ms() - tui->last_draw >= DRAW_INTERVAL_MS || idle_drew)) {
		tui->dirty = false;
		idle_drew = false;
		draw_all();
	}
}

/* on_idle runs when the HTTP wait returns, which is often because the next
 * chunk just came in: after such a catch-up draw, the chunk's own flush
 * draws too, or every token would be shown one token late at 10-30/s. */
static void ui_idle(void *ctx)
{
	(void)ctx;
	check_resize();
	if (tui->dirty && now_ms() - tui->last_draw >= DRAW_INTERVAL_MS) {
		tui->dirty = false;
		draw_all();
		idle_drew = true;
	}
}

static void ui_reply_end(struct session *s)
{
	(void)s;
	if (tui->n_partial)
		pane_append(&tui->pane, tui->partial, tui->n_partial);
	tui->n_partial = 0;
	tui->streaming = false;
	tui->dirty = false;
	draw_all();
}

static void ui_status(struct session *s)
{
	(void)s;
	draw_status();
	draw_input();
	doupdate();
}

/* --- readline glue ---------------------------------------------------------- */

static int rl_getc_hook(FILE *f)
{
	(void)f;
	if (tui->in_pos < tui->in_len)
		return tui->in[tui->in_pos++];
	unsigned char c; /* readline wants more than we had: wait for it */
	for (;;) {
		ssize_t n = read(STDIN_FILENO, &c, 1);
		if (n == 1)
			return c;
		if (n == 0 || errno != EINTR)
			return EOF;
	}
}

static int rl_input_available(void)
{
	return tui->in_pos < tui->in_len;
}

static void rl_redisplay_hook(void)
{
	draw_input();
	doupdate();
}

static void rl_noprep(int meta)
{
	(void)meta;
}

static void rl_nodeprep(void)
{
}

static int scroll_up(int count, int key)
{
	(void)count;
	(void)key;
	pane_scroll(&tui->pane, pane_rows() - 1, pane_rows());
	draw_all();
	return 0;
}

static int scroll_down(int count, int key)
{
	(void)count;
	(void)key;
	pane_scroll(&tui->pane, -(pane_rows() - 1), pane_rows());
	draw_all();
	return 0;
}

/* Completion matches go to the pane, not to readline's stdout. */
static void show_matches(char **matches, int n, int max)
{
	(void)max;
	struct buf b = { 0 };
	for (int i = 1; i <= n; i++)
		buf_printf(&b, "%s%s", i > 1 ? "  " : "", matches[i]);
	pane_add(&tui->pane, ENTRY_INFO, b.data ? b.data : "");
	buf_free(&b);
	draw_all();
}

static void on_line(char *line)
{
	if (tui->n_queued < MAX_QUEUED)
		tui->queued[tui->n_queued++] = line; /* NULL = Ctrl-D */
	else
		free(line);
}

/* Terminal input arrived: hand every byte to readline. */
static void feed_input(void *ctx)
{
	(void)ctx;
	ssize_t n = read(STDIN_FILENO, tui->in, sizeof tui->in);
	if (n <= 0) {
		if (n == 0 && tui->n_queued < MAX_QUEUED)
			tui->queued[tui->n_queued++] = NULL; /* the terminal went away */
		return;
	}
	tui->in_len = (size_t)n;
	tui->in_pos = 0;
	while (tui->in_pos < tui->in_len)
		rl_callback_read_char();
	check_resize();
}

static const struct repl_ui tui_ui = {
	.print = ui_print,
	.reply_begin = ui_reply_begin,
	.reply_delta = ui_reply_delta,
	.reply_end = ui_reply_end,
	.reply_flush = ui_reply_flush,
	.status = ui_status,
	.on_input = feed_input,
	.on_idle = ui_idle,
};

static void handle_line(struct session *s, char *line)
{
	if (!line) {
		s->quit = true;
		return;
	}
	size_t len = strlen(line);
	if (len && line[len - 1] == '\\') {
		buf_append(&tui->pending, line, len - 1);
		buf_putc(&tui->pending, '\n');
		free(line);
		rl_set_prompt("...: ");
		return;
	}
	buf_puts(&tui->pending, line);
	free(line);
	rl_set_prompt("you: ");
	char *text = buf_steal(&tui->pending);
	if (text[strspn(text, " \t\n")] != '\0') {
		add_history(text);
		/* readline already re-armed for the next line (its rl_initialize
		 * ran using_history() before this entry existed): move the history
		 * position past it, or Up skips it and the next accepted line
		 * "restores" it to the empty line it was edited from */
		using_history();
		if (text[0] == '/')
			slash_dispatch(s, text);
		else
			session_say(s, text);
	}
	free(text);
}

static void setup_curses(void)
{
	initscr();
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, FALSE); /* readline reads the raw escape sequences */
	tui->color = has_colors() && !getenv("NO_COLOR");
	if (tui->color) {
		start_color();
		use_default_colors();
		init_pair(PAIR_USER, COLOR_CYAN, -1);
		init_pair(PAIR_INFO, COLOR_YELLOW, -1);
		init_pair(PAIR_ERROR, COLOR_RED, -1);
		init_pair(PAIR_STATUS, COLOR_BLACK, COLOR_CYAN);
	}
	refresh();
}

static void setup_readline(struct session *s)
{
	input_setup(s);
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_change_environment = 0;
	rl_prep_term_function = rl_noprep;
	rl_deprep_term_function = rl_nodeprep;
	rl_getc_function = rl_getc_hook;
	rl_input_available_hook = rl_input_available;
	rl_redisplay_function = rl_redisplay_hook;
	rl_completion_display_matches_hook = show_matches;
	rl_bind_keyseq("\033[5~", scroll_up);   /* PageUp */
	rl_bind_keyseq("\033[6~", scroll_down); /* PageDown */
	rl_callback_handler_install("you: ", on_line);
}

int repl_tui(struct app *app, const struct repl_start *start)
{
	struct tui t = { 0 };
	struct session s;
	tui = &t;
	t.s = &s;
	session_init(&s, app, &tui_ui, start->provider, start->model);
	pane_init(&t.pane, 80);
	char history[4200];
	history_load(history, sizeof history);
	setup_curses();
	setup_readline(&s);
	struct sigaction sa = { .sa_handler = on_winch };
	sigemptyset(&sa.sa_mask);
	struct sigaction old_winch;
	sigaction(SIGWINCH, &sa, &old_winch);
	s.cancel = signals_install();
	layout();
	session_greet(&s, start, true);

	while (!s.quit) {
		if (t.n_queued) {
			char *line = t.queued[0];
			memmove(t.queued, t.queued + 1, --t.n_queued * sizeof *t.queued);
			handle_line(&s, line);
			draw_all();
			continue;
		}
		struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
		int r = poll(&pfd, 1, -1);
		if (*s.cancel) { /* Ctrl-C at the prompt */
			*s.cancel = 0;
			rl_replace_line("", 0);
			rl_point = 0;
			buf_reset(&t.pending);
			rl_set_prompt("you: ");
			pane_add(&t.pane, ENTRY_INFO, "(Ctrl-D or /quit to leave)");
			draw_all();
		}
		check_resize();
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			break;
		if (pfd.revents & (POLLIN | POLLHUP))
			feed_input(NULL);
	}
	rl_callback_handler_remove();
	endwin();
	signals_restore();
	sigaction(SIGWINCH, &old_winch, NULL);
	history_save(history);
	for (size_t i = 0; i < t.n_queued; i++)
		free(t.queued[i]);
	pane_free(&t.pane);
	buf_free(&t.pending);
	session_free(&s);
	tui = NULL;
	return 0;
}
