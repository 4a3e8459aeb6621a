/* cmd_chat.c — `clude` / `clude chat`: resolve the vendor and model, then
 * open the full-screen chat, or the plain line-by-line one when output is
 * not a terminal, TERM is dumb, or --plain is given. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clude/app.h"
#include "clude/repl.h"

static bool want_plain(bool forced)
{
	const char *term = getenv("TERM");
	return forced || !isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO) || !term || !*term ||
	       !strcmp(term, "dumb");
}

int cmd_chat(struct app *app, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "provider", required_argument, NULL, 'P' },
		{ "model", required_argument, NULL, 'm' },
		{ "system", required_argument, NULL, 's' },
		{ "plain", no_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	bool plain = false;
	int c;
	optind = 0;
	while ((c = getopt_long(argc, argv, ":P:m:s:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'P':
			app->opt.provider = optarg;
			break;
		case 'm':
			app->opt.model = optarg;
			break;
		case 's':
			app->opt.system = optarg;
			break;
		case 'L':
			plain = true;
			break;
		case 'h':
			return cmd_help(app, 2, (char *[]){ "help", "chat", NULL });
		default:
			return app_bad_option("chat", c, argc, argv);
		}
	}
	if (optind < argc) {
		fprintf(stderr, "clude: chat: unexpected argument '%s'\n", argv[optind]);
		return 1;
	}
	struct provider *p;
	const char *model;
	struct clude_err err;
	err_clear(&err);
	if (app_resolve(app, app->opt.provider, app->opt.model, &p, &model, &err) != 0) {
		app_report(NULL, &err);
		return err_exit_code(&err);
	}
	char warn[512];
	app_check_model(p, model, warn, sizeof warn);
	struct repl_start start = { .provider = p, .model = model, .warning = warn };
	return want_plain(plain || app->opt.plain) ? repl_plain(app, &start) : repl_tui(app, &start);
}
