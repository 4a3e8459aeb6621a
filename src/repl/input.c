/* input.c — readline set-up shared by both front ends: Tab completion of
 * slash commands, vendor names and model ids; the history file (0600). */
#include <fcntl.h>
#include <readline/history.h>
#include <readline/readline.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clude/repl.h"

#define HISTORY_MAX 1000

/* readline's completion hooks take no context pointer */
static struct session *completing;

static char *generator(const char *word, int state)
{
	static size_t idx;
	if (!state)
		idx = 0;
	char out[256];
	if (!slash_complete(completing, rl_line_buffer, (size_t)(rl_point - (int)strlen(word)), word,
			    idx++, out, sizeof out))
		return NULL;
	return strdup(out);
}

static char **attempt(const char *word, int start, int end)
{
	(void)end;
	rl_attempted_completion_over = 1; /* never fall back to file names */
	if (rl_line_buffer[0] != '/')
		return NULL;
	(void)start;
	return rl_completion_matches(word, generator);
}

void input_setup(struct session *s)
{
	completing = s;
	rl_readline_name = "clude";
	rl_attempted_completion_function = attempt;
	rl_basic_word_break_characters = " \t";
	rl_completer_word_break_characters = " \t";
	using_history();
	stifle_history(HISTORY_MAX);
}

void history_load(char *path, size_t pathsz)
{
	char home[4096];
	clude_home(home, sizeof home);
	mkdir_p(home, 0700);
	snprintf(path, pathsz, "%.4000s/history", home);
	read_history(path);
}

void history_save(const char *path)
{
	/* create it private first: history holds what the user typed */
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	fchmod(fd, 0600);
	close(fd);
	write_history(path);
	history_truncate_file(path, HISTORY_MAX);
}
