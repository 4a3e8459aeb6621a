/* cmd_chat.c — `clude chat`: the line-by-line REPL (readline's callback
 * interface, replies streamed to stdout, slash commands to switch vendor
 * and model). Works in any terminal, under `script`, and in pipes. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <readline/history.h>
#include <readline/readline.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clude/app.h"
#include "clude/client.h"
#include "clude/util.h"

#define HISTORY_MAX 1000

struct session {
	struct app *app;
	struct provider *provider;
	const char *model;
	char *model_owned; /* when /model set it */
	struct message *msgs;
	size_t n_msgs;
	char *system;
	struct buf pending; /* a message continued with a trailing backslash */
	char history_path[4200];
	double cost;
	long tokens;
	bool quit;
	bool line_ready;
	char *line;
};

static void push(struct session *s, enum role role, const char *text, bool interrupted)
{
	s->msgs = xrealloc(s->msgs, (s->n_msgs + 1) * sizeof *s->msgs);
	s->msgs[s->n_msgs++] = (struct message){ .role = role, .content = xstrdup(text),
						 .interrupted = interrupted };
}

static void clear_conversation(struct session *s)
{
	for (size_t i = 0; i < s->n_msgs; i++)
		free(s->msgs[i].content);
	s->n_msgs = 0;
}

static int print_delta(void *ctx, const struct chat_event *ev)
{
	(void)ctx;
	if (ev->kind == CHAT_DELTA) {
		fwrite(ev->text, 1, ev->len, stdout);
		fflush(stdout);
	}
	return 0;
}

static void send_turn(struct session *s)
{
	struct app *app = s->app;
	struct message *all = xcalloc(s->n_msgs + 1, sizeof *all);
	size_t n = 0;
	if (s->system)
		all[n++] = (struct message){ .role = ROLE_SYSTEM, .content = s->system };
	for (size_t i = 0; i < s->n_msgs; i++)
		all[n++] = s->msgs[i];
	struct chat_request req = { .model = s->model, .messages = all, .n_messages = n,
				    .stream = !app->opt.no_stream, .max_tokens = app->opt.max_tokens,
				    .temperature = app->opt.temperature };
	struct target t;
	app_target(s->provider, s->model, &t);
	struct chat_result r;
	struct clude_err err;
	app->http.cancel = signals_install();
	int rc = client_chat(&t, &req, &app->http, print_delta, s, &r, &err);
	free(all);
	if (r.text[0] && r.text[strlen(r.text) - 1] != '\n')
		putchar('\n');
	const struct model_info *mi = provider_find_model(s->provider, s->model);
	double cost = mi ? cost_usd(&r.usage, mi->price_in, mi->price_out) : -1;
	if (r.text[0] || rc == 0) {
		push(s, ROLE_ASSISTANT, r.text, rc != 0);
		s->tokens += r.usage.input_tokens + r.usage.output_tokens;
		if (cost > 0)
			s->cost += cost;
	} else {
		free(s->msgs[--s->n_msgs].content); /* nothing came back: /retry resends */
	}
	if (rc != 0 && err.code == CLUDE_ECANCEL)
		printf("[interrupted]\n");
	else if (rc != 0)
		printf("clude: %s: %s%s\n", s->provider->decl->name, err.msg,
		       r.text[0] ? " (partial reply kept)" : " (/retry to send it again)");
	fflush(stdout);
	chat_result_free(&r);
}

static void show_status(struct session *s)
{
	printf("%s · %s · %ld tokens · $%.4f\n", s->provider->decl->name, s->model, s->tokens,
	       s->cost);
}

static void slash(struct session *s, const char *line)
{
	char cmd[32] = "";
	const char *arg = line + 1 + strcspn(line + 1, " ");
	snprintf(cmd, sizeof cmd, "%.*s", (int)strcspn(line + 1, " "), line + 1);
	while (*arg == ' ')
		arg++;
	struct app *app = s->app;
	if (!strcmp(cmd, "quit") || !strcmp(cmd, "exit") || !strcmp(cmd, "q")) {
		s->quit = true;
	} else if (!strcmp(cmd, "providers")) {
		app->opt.provider = s->provider->decl->name;
		cmd_providers(app, 2, (char *[]){ "providers", "list", NULL });
	} else if (!strcmp(cmd, "models")) {
		app->opt.provider = s->provider->decl->name;
		app->opt.model = s->model;
		cmd_models(app, 2, (char *[]){ "models", "list", NULL });
	} else if (!strcmp(cmd, "provider") && *arg) {
		struct provider *p;
		const char *model;
		struct clude_err err;
		if (app_resolve(app, arg, NULL, &p, &model, &err) != 0) {
			printf("clude: %s\n", err.msg);
			return;
		}
		s->provider = p;
		s->model = model;
		printf("✓ provider: %s (%s)\n", p->decl->display, model);
	} else if (!strcmp(cmd, "model") && *arg) {
		if (!provider_find_model(s->provider, arg) && provider_model_count(s->provider)) {
			const char *near = model_suggest(s->provider, arg);
			printf("clude: '%s' is not in %s's table%s%s%s; using it anyway\n", arg,
			       s->provider->decl->name, near ? " (did you mean '" : "",
			       near ? near : "", near ? "'?)" : "");
		}
		free(s->model_owned);
		s->model = s->model_owned = xstrdup(arg);
		printf("✓ model: %s\n", s->model);
	} else if (!strcmp(cmd, "system")) {
		free(s->system);
		s->system = *arg ? xstrdup(arg) : NULL;
		printf("✓ system prompt %s\n", *arg ? "set" : "cleared");
	} else if (!strcmp(cmd, "clear")) {
		clear_conversation(s);
		printf("✓ new conversation\n");
	} else if (!strcmp(cmd, "retry")) {
		while (s->n_msgs && s->msgs[s->n_msgs - 1].role == ROLE_ASSISTANT)
			free(s->msgs[--s->n_msgs].content);
		if (!s->n_msgs)
			printf("clude: nothing to retry\n");
		else
			send_turn(s);
	} else if (!strcmp(cmd, "cost") || !strcmp(cmd, "status")) {
		show_status(s);
	} else if (!strcmp(cmd, "help")) {
		printf("/providers  /provider NAME  /models  /model ID  /system TEXT  /clear  /retry  "
		       "/cost  /help  /quit\n");
	} else {
		static const char *const known[] = { "providers", "provider", "models", "model",
						     "system", "clear", "retry", "cost", "help", "quit" };
		const char *best = NULL;
		size_t best_d = 3;
		for (size_t i = 0; i < ARRAY_LEN(known); i++) {
			size_t d = edit_distance(cmd, known[i]);
			if (d < best_d) {
				best_d = d;
				best = known[i];
			}
		}
		printf("clude: unknown command /%s%s%s%s\n", cmd, best ? " (did you mean /" : "",
		       best ? best : "", best ? "?)" : "; /help lists them");
	}
}

/* readline's callback interface passes no context: the session it feeds */
static struct session *chat_current;

static void on_line(char *line)
{
	chat_current->line = line;
	chat_current->line_ready = true;
}

static void handle_line(struct session *s, char *line)
{
	if (!line) {
		s->quit = true;
		putchar('\n');
		return;
	}
	size_t len = strlen(line);
	if (len && line[len - 1] == '\\') { /* continue on the next line */
		buf_append(&s->pending, line, len - 1);
		buf_putc(&s->pending, '\n');
		free(line);
		return;
	}
	buf_puts(&s->pending, line);
	free(line);
	char *text = buf_steal(&s->pending);
	if (text[strspn(text, " \t\n")] == '\0') {
		free(text);
		return;
	}
	add_history(text);
	if (text[0] == '/')
		slash(s, text);
	else {
		push(s, ROLE_USER, text, false);
		send_turn(s);
	}
	free(text);
}

int cmd_chat(struct app *app, int argc, char **argv)
{
	int c;
	optind = 0;
	while ((c = getopt_long(argc, argv, ":P:m:s:", (const struct option[]){
		{ "provider", required_argument, NULL, 'P' },
		{ "model", required_argument, NULL, 'm' },
		{ "system", required_argument, NULL, 's' }, { 0 } }, NULL)) != -1) {
		if (c == 'P')
			app->opt.provider = optarg;
		else if (c == 'm')
			app->opt.model = optarg;
		else if (c == 's')
			app->opt.system = optarg;
		else
			return app_bad_option("chat", c, argc, argv);
	}
	if (optind < argc) {
		fprintf(stderr, "clude: chat: unexpected argument '%s'\n", argv[optind]);
		return 1;
	}
	struct session s = { .app = app };
	struct clude_err err;
	err_clear(&err);
	if (app_resolve(app, app->opt.provider, app->opt.model, &s.provider, &s.model, &err) != 0) {
		app_report(NULL, &err);
		return err_exit_code(&err);
	}
	app_check_model(s.provider, s.model);
	if (app->opt.system)
		s.system = xstrdup(app->opt.system);
	chat_current = &s;

	char home[4096];
	clude_home(home, sizeof home);
	mkdir_p(home, 0700);
	snprintf(s.history_path, sizeof s.history_path, "%s/history", home);
	using_history();
	stifle_history(HISTORY_MAX);
	read_history(s.history_path);

	printf("clude · %s · %s — /help for commands, Ctrl-D to quit\n", s.provider->decl->display,
	       s.model);
	rl_catch_signals = 0;
	volatile sig_atomic_t *cancel = signals_install();
	rl_callback_handler_install("you: ", on_line);
	while (!s.quit) {
		struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
		int r = poll(&pfd, 1, -1);
		if (*cancel) { /* Ctrl-C at the prompt */
			*cancel = 0;
			rl_replace_line("", 0);
			buf_reset(&s.pending);
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
		if (s.line_ready) {
			s.line_ready = false;
			rl_callback_handler_remove();
			handle_line(&s, s.line);
			*cancel = 0;
			signals_install();
			if (!s.quit)
				rl_callback_handler_install(s.pending.len ? "...: " : "you: ", on_line);
		}
	}
	rl_callback_handler_remove();
	signals_restore();
	int fd = open(s.history_path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600); /* never world-readable */
	if (fd >= 0) {
		fchmod(fd, 0600);
		close(fd);
		write_history(s.history_path);
	}
	clear_conversation(&s);
	free(s.msgs);
	free(s.system);
	free(s.model_owned);
	buf_free(&s.pending);
	return 0;
}
