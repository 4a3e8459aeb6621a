/* slash.c — the table of slash commands (one file each in slash/, like
 * tmux's cmd-*.c), dispatch with "did you mean", and Tab completion. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clude/repl.h"

extern const struct slash_cmd slash_providers, slash_provider, slash_models, slash_model,
	slash_cost, slash_clear, slash_system, slash_retry, slash_save, slash_sessions, slash_help,
	slash_quit;

static const struct slash_cmd *const table[] = {
	&slash_providers, &slash_provider, &slash_models, &slash_model,    &slash_cost,
	&slash_clear,     &slash_system,   &slash_retry,  &slash_save,     &slash_sessions,
	&slash_help,      &slash_quit,
};

#define N_CMDS (sizeof table / sizeof table[0])

const struct slash_cmd *const *slash_table(size_t *n)
{
	*n = N_CMDS;
	return table;
}

const struct slash_cmd *slash_find(const char *name)
{
	for (size_t i = 0; i < N_CMDS; i++)
		if (!strcmp(table[i]->name, name))
			return table[i];
	if (!strcmp(name, "exit") || !strcmp(name, "q"))
		return &slash_quit;
	return NULL;
}

static const char *closest(const char *name)
{
	const char *best = NULL;
	size_t best_d = strlen(name) / 2 + 2;
	for (size_t i = 0; i < N_CMDS; i++) {
		size_t d = edit_distance(name, table[i]->name);
		if (!strncmp(table[i]->name, name, strlen(name)) && *name)
			d = 1;
		if (d < best_d) {
			best_d = d;
			best = table[i]->name;
		}
	}
	return best;
}

void slash_dispatch(struct session *s, const char *line)
{
	const char *p = line + 1;
	size_t n = strcspn(p, " \t");
	char name[32];
	snprintf(name, sizeof name, "%.*s", (int)(n < sizeof name ? n : sizeof name - 1), p);
	const char *arg = p + n;
	while (*arg == ' ' || *arg == '\t')
		arg++;
	char *trimmed = xstrdup(arg);
	size_t len = strlen(trimmed);
	while (len && (trimmed[len - 1] == ' ' || trimmed[len - 1] == '\t'))
		trimmed[--len] = '\0';
	const struct slash_cmd *c = slash_find(name);
	if (c) {
		c->run(s, trimmed);
	} else {
		const char *near = closest(name);
		session_printf(s, ENTRY_ERROR, "unknown command /%s%s%s%s", name,
			       near ? " (did you mean /" : "; /help lists them", near ? near : "",
			       near ? "?)" : "");
	}
	free(trimmed);
}

bool slash_complete(struct session *s, const char *line, size_t start, const char *word,
		    size_t idx, char *out, size_t outsz)
{
	if (line[0] != '/')
		return false;
	if (start == 0) { /* the command name, with its '/' */
		const char *w = word[0] == '/' ? word + 1 : word;
		size_t n = strlen(w), seen = 0;
		for (size_t i = 0; i < N_CMDS; i++) {
			if (strncmp(table[i]->name, w, n) != 0 || seen++ != idx)
				continue;
			snprintf(out, outsz, "/%s", table[i]->name);
			return true;
		}
		return false;
	}
	size_t n = strcspn(line + 1, " \t");
	char name[32];
	snprintf(name, sizeof name, "%.*s", (int)(n < sizeof name ? n : sizeof name - 1), line + 1);
	const struct slash_cmd *c = slash_find(name);
	const char *cand = c && c->complete_arg ? c->complete_arg(s, word, idx) : NULL;
	if (cand)
		snprintf(out, outsz, "%s", cand);
	return cand != NULL;
}
