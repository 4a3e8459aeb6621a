/* plain.c — the REPL without curses, for screen readers, `script`, logs
 * and dumb terminals: readline line by line, replies printed as they
 * stream. Chosen by --plain, TERM=dumb, or stdout not being a terminal. */
#include <errno.h>
#include <poll.h>
#include <readline/history.h>
#include <readline/readline.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clude/repl.h"

struct plain {
	bool at_line_start;
	bool line_ready;
	char *line;
	struct buf pending; /* a message continued with a trailing backslash */
};

/* readline's callback interface passes no context pointer */
static struct plain *current;

static void print(struct session *s, enum entry_kind kind, const char *text)
{
	(void)s;
	if (kind == ENTRY_USER)
		return; /* the user just typed it */
	if (kind == ENTRY_ERROR)
		printf("clude: %s\n", text);
	else
		printf("%s\n", text);
	fflush(stdout);
}

static void reply_begin(struct session *s)
{
	(void)s;
	current->at_line_start = true;
}

static void reply_delta(struct session *s, const char *text, size_t len)
{
	(void)s;
	if (!len)
		return;
	fwrite(text, 1, len, stdout);
	fflush(stdout);
	current->at_line_start = text[len - 1] == '\n';
}

static void reply_end(struct session *s)
{
	(void)s;
	if (!current->at_line_start)
		putchar('\n');
	fflush(stdout);
}

static void status(struct session *s)
{
	(void)s;
}

static const struct repl_ui plain_ui = {
	.print = print,
	.reply_begin = reply_begin,
	.reply_delta = reply_delta,
	.reply_end = reply_end,
	.status = status,
};

static void on_line(char *line)
{
	/* remove the handler from inside it: else readline re-arms at once and
	 * prints a fresh "you: " that the reply would be written over */
	rl_callback_handler_remove();
	current->line = line;
	current->line_ready = true;
}

static void handle_line(struct session *s, struct plain *pl, char *line)
{
	if (!line) {
		s->quit = true;
		putchar('\n');
		return;
	}
	size_t len = strlen(line);
	if (len && line[len - 1] == '\\') {
		buf_append(&pl->pending, line, len - 1);
		buf_putc(&pl->pending, '\n');
		free(line);
		return;
	}
	buf_puts(&pl->pending, line);
	free(line);
	char *text = buf_steal(&pl->pending);
	if (text[strspn(text, " \t\n")] != '\0') {
		add_history(text);
		if (text[0] == '/')
			slash_dispatch(s, text);
		else
			session_say(s, text);
	}
	free(text);
}

int repl_plain(struct app *app, const struct repl_start *start)
{
	struct plain pl = { 0 };
	struct session s;
	session_init(&s, app, &plain_ui, start->provider, start->model);
	current = &pl;
	input_setup(&s);
	char history[4200];
	history_load(history, sizeof history);

	session_greet(&s, start, false);
	rl_catch_signals = 0;
	s.cancel = signals_install();
	rl_callback_handler_install("you: ", on_line);
	while (!s.quit) {
		struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
		int r = poll(&pfd, 1, -1);
		if (*s.cancel) { /* Ctrl-C at the prompt */
			*s.cancel = 0;
			rl_replace_line("", 0);
			buf_reset(&pl.pending);
			printf("\n(Ctrl-D or /quit to leave)\n");
			rl_on_new_line();
			rl_redisplay();
			continue;
		}
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			break;
		rl_callback_read_char();
		if (!pl.line_ready)
			continue;
		pl.line_ready = false;
		rl_callback_handler_remove();
		handle_line(&s, &pl, pl.line);
		if (!s.quit)
			rl_callback_handler_install(pl.pending.len ? "...: " : "you: ", on_line);
	}
	rl_callback_handler_remove();
	signals_restore();
	history_save(history);
	session_free(&s);
	buf_free(&pl.pending);
	return 0;
}
